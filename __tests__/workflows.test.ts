import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parse as parseYaml } from "yaml";

import { REVIEW_USAGE } from "../cli/review-command";
import { PROJECT_DIR } from "./support/synth";

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly with?: { readonly script?: string };
}
interface Workflow {
  readonly on: unknown;
  readonly jobs: Record<
    string,
    {
      readonly steps?: Step[];
      readonly environment?: string;
      readonly needs?: string | string[];
    }
  >;
}

const WORKFLOWS = join(PROJECT_DIR, ".github", "workflows");
const packageJson = JSON.parse(
  readFileSync(join(PROJECT_DIR, "package.json"), "utf8"),
);
const workflows = new Map(
  readdirSync(WORKFLOWS)
    .filter((file) => file.endsWith(".yml"))
    .sort()
    .map((file) => [
      file,
      parseYaml(readFileSync(join(WORKFLOWS, file), "utf8")) as Workflow,
    ]),
);
const steps = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);

describe("workflows", () => {
  it("are the review and deploy workflows", () => {
    expect([...workflows.keys()]).toEqual(["deploy.yml", "review.yml"]);
  });

  it.each([...workflows.keys()])(
    "%s runs only npm scripts that exist",
    (file) => {
      const scripts = steps(workflows.get(file) as Workflow)
        .flatMap((step) => [...(step.run ?? "").matchAll(/npm run (\S+)/g)])
        .map((match) => match[1]);

      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        expect(Object.keys(packageJson.scripts)).toContain(script);
      }
    },
  );

  it.each([...workflows.keys()])(
    "%s requires only files that exist",
    (file) => {
      const required = steps(workflows.get(file) as Workflow)
        .flatMap((step) => [
          ...(step.with?.script ?? "").matchAll(/require\("\.\/([^"]+)"\)/g),
        ])
        .map((match) => match[1]);
      for (const path of required) {
        expect(existsSync(join(PROJECT_DIR, path))).toBe(true);
      }
    },
  );

  it("reviews with options the command has", () => {
    const review = steps(workflows.get("review.yml") as Workflow)
      .map((step) => step.run ?? "")
      .find((run) => run.includes("sentinel-ioc review")) as string;

    expect(Object.keys(packageJson.bin)).toContain("sentinel-ioc");
    for (const option of review.match(/--[a-z-]+/g) ?? []) {
      expect(REVIEW_USAGE).toContain(option);
    }
  });

  it("deploys the example's rings in order, each behind an environment", () => {
    const deploy = workflows.get("deploy.yml") as Workflow;
    const rings = parseYaml(
      readFileSync(join(PROJECT_DIR, "workspaces.yaml"), "utf8"),
    ).rings as string[];

    expect(rings.map((ring) => deploy.jobs[ring]?.environment)).toEqual(rings);
    expect(deploy.jobs[rings[1]].needs).toBe(rings[0]);
    for (const ring of rings) {
      expect(
        steps({ ...deploy, jobs: { [ring]: deploy.jobs[ring] } }).map(
          (s) => s.run,
        ),
      ).toContain(`npm run deploy -- --ring ${ring} --auto-approve`);
    }
  });
});

describe("sticky comment", () => {
  const stickyComment = require(
    join(PROJECT_DIR, ".github", "scripts", "sticky-comment.js"),
  );

  /** Records the calls the script makes, for a pull request that already has `comments`. */
  function client(
    comments: { id: number; body: string; user: { login: string } }[],
  ) {
    const calls: string[] = [];
    return {
      calls,
      github: {
        paginate: async () => comments,
        rest: {
          issues: {
            listComments: () => undefined,
            createComment: async ({ body }: { body: string }) =>
              calls.push(`create ${body.split("\n")[0]}`),
            updateComment: async ({ comment_id }: { comment_id: number }) =>
              calls.push(`update ${comment_id}`),
          },
        },
      },
    };
  }
  const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };

  it("creates its own comment once, then updates it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-comment-"));
    const report = join(folder, "review.md");
    writeFileSync(
      report,
      "<!-- sentinel-ioc-review -->\n# Sentinel content review\n",
    );
    try {
      const bot = { login: "github-actions[bot]" };
      const first = client([
        { id: 1, body: "unrelated", user: bot },
        {
          id: 3,
          body: "<!-- sentinel-ioc-review -->\nforged",
          user: { login: "someone" },
        },
      ]);
      await stickyComment({ github: first.github, context }, [report]);
      const second = client([
        { id: 1, body: "unrelated", user: bot },
        { id: 2, body: "<!-- sentinel-ioc-review -->\nold", user: bot },
      ]);
      await stickyComment({ github: second.github, context }, [report]);

      expect(first.calls).toEqual(["create <!-- sentinel-ioc-review -->"]);
      expect(second.calls).toEqual(["update 2"]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
