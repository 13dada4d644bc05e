import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { EXAMPLE_ENV, PROJECT_DIR, synthProject } from "./support/synth";
import { TempProject } from "./support/temp-project";

/** Runs `main.ts` the way `cdktf synth` does, writing into a temporary folder. */
function runMain(env: NodeJS.ProcessEnv) {
  const outdir = join(
    mkdtempSync(join(tmpdir(), "sentinel-ioc-main-")),
    "cdktf.out",
  );
  const result = spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin.js"), "-T", "main.ts"],
    {
      cwd: PROJECT_DIR,
      encoding: "utf8",
      env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
    },
  );
  return { ...result, outdir };
}

describe("main.ts", () => {
  it("writes the same stacks as the tests synthesise", () => {
    const run = runMain(EXAMPLE_ENV);
    try {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        "  contoso-prod   contoso    broad   smartapesg  2 of 2         21",
      );
      for (const [path, text] of synthProject().files) {
        expect(readFileSync(join(run.outdir, path), "utf8")).toBe(text);
      }
    } finally {
      rmSync(join(run.outdir, ".."), { recursive: true, force: true });
    }
  });

  it("stops on bad input with the message alone and writes nothing", () => {
    const project = new TempProject();
    const workspaces = readFileSync(project.workspacesFile, "utf8");
    project.write(
      "workspaces.yaml",
      workspaces.replace(
        "        subscriptionId: 00000000-0000-0000-0000-0000000e0003\n",
        "",
      ),
    );

    const run = runMain(project.env);
    try {
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `${project.workspacesFile}:120: tenants[2].workspaces[1].subscriptionId is missing, but the azurerm provider needs the workspace's subscription. Set subscriptionId on the workspace or on its tenant.`,
      );
      expect(existsSync(run.outdir)).toBe(false);
    } finally {
      project.remove();
      rmSync(join(run.outdir, ".."), { recursive: true, force: true });
    }
  });
});
