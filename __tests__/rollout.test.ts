import { main } from "../cli/rollout";
import { loadInputs } from "../core/inputs";
import type { RolloutStep } from "../core/rollout";
import {
  formatRolloutResult,
  rolloutSteps,
  runRollout,
  selectWorkspaces,
} from "../core/rollout";
import { EXAMPLE_ENV, PROJECT_DIR } from "./support/synth";

const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);

/** Runs the rollout command line on the example and returns its status and output. */
function rollout(argv: string[], env: NodeJS.ProcessEnv = EXAMPLE_ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest
    .spyOn(console, "log")
    .mockImplementation((text: string) => void out.push(text));
  const error = jest
    .spyOn(console, "error")
    .mockImplementation((text: string) => void err.push(text));
  try {
    const status = main(argv, PROJECT_DIR, env);
    return { status, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("rollout dry run", () => {
  it("deploys the canary ring only", () => {
    const run = rollout(["deploy", "--ring", "canary", "--dry-run"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        "Rollout: deploy 2 workspaces in ring canary, stopping at the first failure",
        "  synth: npx cdktf synth",
        "  1. contoso-dev (tenant contoso, ring canary): npx cdktf deploy contoso-dev --skip-synth",
        "  2. northwind-eu (tenant northwind, ring canary): npx cdktf deploy northwind-eu --skip-synth",
        "Dry run: nothing was run.",
      ].join("\n"),
    );
  });

  it("takes every ring in declared order", () => {
    const run = rollout(["deploy", "--all", "--auto-approve", "--dry-run"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        "Rollout: deploy 5 workspaces in rings canary, broad, stopping at the first failure",
        "  synth: npx cdktf synth",
        "  1. contoso-dev (tenant contoso, ring canary): npx cdktf deploy contoso-dev --skip-synth --auto-approve",
        "  2. northwind-eu (tenant northwind, ring canary): npx cdktf deploy northwind-eu --skip-synth --auto-approve",
        "  3. contoso-prod (tenant contoso, ring broad): npx cdktf deploy contoso-prod --skip-synth --auto-approve",
        "  4. fabrikam-prod (tenant fabrikam, ring broad): ARM_TENANT_ID=00000000-0000-0000-0000-0000000f0001 ARM_CLIENT_ID=00000000-0000-0000-0000-0000000f0003 ARM_CLIENT_SECRET=$FABRIKAM_CLIENT_SECRET npx cdktf deploy fabrikam-prod --skip-synth --auto-approve",
        "  5. northwind-us (tenant northwind, ring broad): npx cdktf deploy northwind-us --skip-synth --auto-approve",
        "warning: FABRIKAM_CLIENT_SECRET is not set, and fabrikam-prod reads its client secret from it (identity.clientSecretEnv). A real run would stop here.",
        "Dry run: nothing was run.",
      ].join("\n"),
    );
  });

  it("plans named workspaces in ring order", () => {
    const run = rollout(
      [
        "plan",
        "--workspace",
        "fabrikam-prod",
        "--workspace",
        "contoso-dev",
        "--skip-synth",
        "--dry-run",
      ],
      { ...EXAMPLE_ENV, FABRIKAM_CLIENT_SECRET: "not-printed" },
    );

    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("not-printed");
    expect(run.stdout).toBe(
      [
        "Rollout: plan 2 workspaces in rings canary, broad, stopping at the first failure",
        "  1. contoso-dev (tenant contoso, ring canary): npx cdktf diff contoso-dev --skip-synth",
        "  2. fabrikam-prod (tenant fabrikam, ring broad): ARM_TENANT_ID=00000000-0000-0000-0000-0000000f0001 ARM_CLIENT_ID=00000000-0000-0000-0000-0000000f0003 ARM_CLIENT_SECRET=$FABRIKAM_CLIENT_SECRET npx cdktf diff fabrikam-prod --skip-synth",
        "Dry run: nothing was run.",
      ].join("\n"),
    );
  });

  it("narrows a ring to the named workspaces", () => {
    const selected = selectWorkspaces(inputs, {
      rings: ["broad"],
      workspaces: ["northwind-us", "contoso-prod"],
      all: false,
    });

    expect(selected.map((workspace) => workspace.key)).toEqual([
      "contoso-prod",
      "northwind-us",
    ]);
  });
});

describe("rollout errors", () => {
  it.each([
    [
      "an unknown ring",
      ["deploy", "--ring", "canery", "--dry-run"],
      "--ring canery: no ring has that name. Did you mean canary? Rings in rollout order: canary, broad.",
    ],
    [
      "an unknown workspace",
      ["plan", "--workspace", "contoso-prd", "--dry-run"],
      "--workspace contoso-prd: no workspace has that key. Did you mean contoso-prod? Workspaces: contoso-dev, contoso-prod, fabrikam-prod, northwind-eu, northwind-us.",
    ],
    [
      "a workspace outside the ring",
      ["plan", "--ring", "canary", "--workspace", "contoso-prod", "--dry-run"],
      "--workspace contoso-prod is in ring broad, not in ring canary. Drop --ring, or name only workspaces of that ring.",
    ],
    [
      "a missing client secret variable",
      ["deploy", "--workspace", "fabrikam-prod", "--skip-synth"],
      "Nothing was run: FABRIKAM_CLIENT_SECRET is not set, and fabrikam-prod reads its client secret from it (identity.clientSecretEnv). Set it in the environment of the rollout.",
    ],
  ])("stops on %s", (_case, argv, message) => {
    const run = rollout(argv);

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(message);
  });

  it.each([
    [
      ["deploy", "--dry-run"],
      "name what to roll out: --ring NAME, --workspace KEY or --all",
    ],
    [
      ["deploy", "--all", "--ring", "canary"],
      "--all takes every workspace, so give it without --ring or --workspace",
    ],
    [
      ["plan", "--all", "--auto-approve"],
      "--auto-approve applies to deploy only",
    ],
    [["apply", "--all"], 'unknown action "apply"; use plan or deploy'],
    [
      ["plan", "--rign", "canary"],
      "unknown option --rign (did you mean --ring?)",
    ],
    [
      ["deploy", "contoso-prod"],
      "unexpected contoso-prod; name workspaces with --workspace KEY",
    ],
  ])("rejects the usage %j", (argv, message) => {
    const run = rollout(argv);

    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(`sentinel-ioc rollout: ${message}.`);
  });
});

describe("runRollout", () => {
  const steps = rolloutSteps("plan", inputs.workspaces, {
    autoApprove: false,
    skipSynth: false,
  });

  it("runs every step in order when all pass", () => {
    const ran: string[] = [];
    const result = runRollout(steps, (step) => {
      ran.push(step.command.join(" "));
      return 0;
    });

    expect(ran).toEqual([
      "npx cdktf synth",
      "npx cdktf diff contoso-dev --skip-synth",
      "npx cdktf diff contoso-prod --skip-synth",
      "npx cdktf diff fabrikam-prod --skip-synth",
      "npx cdktf diff northwind-eu --skip-synth",
      "npx cdktf diff northwind-us --skip-synth",
    ]);
    expect(result.failed).toBeUndefined();
  });

  it("stops at the first failure", () => {
    const fails = (step: RolloutStep) =>
      step.workspace?.key === "contoso-prod" ? 3 : 0;
    const result = runRollout(steps, fails);

    expect(formatRolloutResult(result)).toEqual([
      "Passed: synth, contoso-dev",
      "Failed: contoso-prod (exit status 3)",
      "Not run: fabrikam-prod, northwind-eu, northwind-us",
    ]);
  });
});
