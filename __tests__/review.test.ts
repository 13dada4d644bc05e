import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { runReview } from "../cli/review-command";
import { compareSynthOutputs } from "../core/review/compare";
import type { GuardName } from "../core/review/guards";
import { checkGuards, DEFAULT_GUARD_OPTIONS } from "../core/review/guards";
import { renderJson, renderMarkdown } from "../core/review/render";
import type { StackConfiguration } from "../core/review/synth-output";
import { readSynthOutput } from "../core/review/synth-output";
import { EXAMPLE_DIR, PROJECT_DIR, synthProject } from "./support/synth";
import { TempProject } from "./support/temp-project";

const WORKSPACE = (name: string) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${name}`;

/** Adds the onboarding of `workspace` to a stack, with the rule and watchlist reading its id. */
function withOnboarding(
  configuration: StackConfiguration,
  workspace: string,
): StackConfiguration {
  const reference =
    "${azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding.workspace_id}";
  const resource = configuration.resource ?? {};
  return {
    resource: {
      ...resource,
      azurerm_sentinel_log_analytics_workspace_onboarding: {
        sentinel_onboarding: { workspace_id: WORKSPACE(workspace) },
      },
      azurerm_sentinel_alert_rule_scheduled: {
        rule_demo_dns: {
          ...resource.azurerm_sentinel_alert_rule_scheduled.rule_demo_dns,
          log_analytics_workspace_id: reference,
        },
      },
      azurerm_sentinel_watchlist: {
        watchlist_demo: {
          ...resource.azurerm_sentinel_watchlist.watchlist_demo,
          log_analytics_workspace_id: reference,
        },
      },
    },
  };
}

/** Builds a small stack: one rule and a watchlist with the given items. */
function stack({
  items = ["a.test", "b.test", "c.test", "d.test", "e.test"],
  rule = {},
  watchlist = {},
}: {
  items?: string[];
  rule?: Record<string, unknown>;
  watchlist?: Record<string, unknown>;
}): StackConfiguration {
  return {
    resource: {
      azurerm_sentinel_alert_rule_scheduled: {
        rule_demo_dns: {
          name: "11111111-1111-5111-8111-111111111111",
          display_name: "Demo: DNS query for an IOC domain",
          enabled: true,
          severity: "High",
          query: "DnsEvents\n| where Name has 'x'\n| project TimeGenerated",
          ...rule,
        },
      },
      azurerm_sentinel_watchlist: {
        watchlist_demo: {
          name: "ioc_demo",
          display_name: "IOC demo",
          ...watchlist,
        },
      },
      azurerm_sentinel_watchlist_item: {
        watchlist_items_demo: {
          for_each: Object.fromEntries(
            items.map((value) => [
              `id-${value}`,
              { Indicator: value, IndicatorType: "domain", Confidence: "100" },
            ]),
          ),
        },
      },
    },
  };
}

const review = (
  base: StackConfiguration,
  head: StackConfiguration,
  allow: GuardName[] = [],
) => {
  const workspaces = compareSynthOutputs(
    new Map([["ws", base]]),
    new Map([["ws", head]]),
  );
  return {
    workspaces,
    guards: checkGuards(workspaces, {
      ...DEFAULT_GUARD_OPTIONS,
      allow: new Set(allow),
    }),
  };
};

describe("compareSynthOutputs", () => {
  it("finds nothing between equal outputs", () => {
    const { workspaces, guards } = review(stack({}), stack({}));

    expect(workspaces[0].status).toBe("unchanged");
    expect(guards).toEqual([]);
  });

  it("lists added, removed and changed items", () => {
    const head = stack({
      items: ["a.test", "b.test", "c.test", "d.test", "f.test"],
    });
    (
      head.resource?.azurerm_sentinel_watchlist_item.watchlist_items_demo
        .for_each as Record<string, Record<string, string>>
    )["id-a.test"].Confidence = "50";
    const [workspace] = review(stack({}), head).workspaces;

    expect(workspace.watchlists).toEqual([
      {
        address: "azurerm_sentinel_watchlist_item.watchlist_items_demo",
        alias: "ioc_demo",
        before: 5,
        after: 5,
        added: [{ type: "domain", indicator: "f.test" }],
        removed: [{ type: "domain", indicator: "e.test" }],
        changed: [
          {
            type: "domain",
            indicator: "a.test",
            fields: [{ field: "Confidence", before: "100", after: "50" }],
          },
        ],
        replacedBy: [],
      },
    ]);
  });

  it("diffs a changed query and lists changed settings", () => {
    const [workspace] = review(
      stack({}),
      stack({
        rule: {
          severity: "Medium",
          query: "DnsEvents\n| where Name has 'y'\n| project TimeGenerated",
        },
      }),
    ).workspaces;
    const [rule] = workspace.rules.changed;

    expect(rule.settings).toEqual([
      { setting: "severity", before: "High", after: "Medium" },
    ]);
    expect(rule.queryDiff).toBe(
      [
        "--- azurerm_sentinel_alert_rule_scheduled.rule_demo_dns.query\tbase",
        "+++ azurerm_sentinel_alert_rule_scheduled.rule_demo_dns.query\thead",
        "@@ -1,3 +1,3 @@",
        " DnsEvents",
        "-| where Name has 'x'",
        "+| where Name has 'y'",
        " | project TimeGenerated",
        "\\ No newline at end of file",
        "",
      ].join("\n"),
    );
  });
});

describe("guards", () => {
  it.each<[GuardName, StackConfiguration, StackConfiguration, string]>([
    [
      "item-loss",
      stack({}),
      stack({ items: ["a.test", "b.test", "c.test"] }),
      "watchlist ioc_demo loses 2 of its 5 items (40%), more than 20%. A feed cut off in transfer looks exactly like this: check the feed before merging.",
    ],
    [
      "rule-disabled",
      stack({}),
      stack({ rule: { enabled: false } }),
      'rule "Demo: DNS query for an IOC domain" is switched off, so it stops raising alerts.',
    ],
    [
      "rule-deleted",
      stack({}),
      {
        resource: {
          ...stack({}).resource,
          azurerm_sentinel_alert_rule_scheduled: {},
        },
      },
      'rule "Demo: DNS query for an IOC domain" is deleted, so it stops raising alerts.',
    ],
    [
      "replacement",
      stack({}),
      stack({ watchlist: { display_name: "IOC demo campaign" } }),
      "watchlist ioc_demo is replaced, because display_name changed: every one of its 5 items is deleted and created again.",
    ],
    [
      "item-budget",
      stack({ items: ["a.test"] }),
      stack({
        items: [
          "a.test",
          ...Array.from({ length: 25_001 }, (_, index) => `n${index}.test`),
        ],
      }),
      "25001 watchlist item changes in this deploy, about 100004 a month at 4 deploys like it (a first fill counted once), above the 100000 item changes Sentinel accepts per workspace and month. Deploy less often or trim the feeds.",
    ],
    [
      "connector-removed",
      withOnboarding(stack({}), "law-a"),
      stack({
        rule: { log_analytics_workspace_id: WORKSPACE("law-a") },
        watchlist: { log_analytics_workspace_id: WORKSPACE("law-a") },
      }),
      "the Sentinel onboarding azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding is removed, which offboards Sentinel from the workspace on apply.",
    ],
  ])("fires %s on its case", (guard, base, head, message) => {
    const { guards } = review(base, head);

    expect(guards).toEqual([
      { guard, workspace: "ws", message, acknowledged: false },
    ]);
  });

  it("replaces everything when the workspace moves", () => {
    const { guards } = review(
      withOnboarding(stack({}), "law-a"),
      withOnboarding(stack({}), "law-b"),
    );

    expect(guards.map((finding) => finding.message)).toEqual([
      'rule "Demo: DNS query for an IOC domain" is replaced, because log_analytics_workspace_id changed: Sentinel deletes it and creates it again, and its incidents lose the link to it.',
      "watchlist ioc_demo is replaced, because log_analytics_workspace_id changed: every one of its 5 items is deleted and created again.",
      "azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding is replaced, because workspace_id changed.",
    ]);
  });

  it("sees a reference and its value as the same workspace", () => {
    const head = stack({
      rule: { log_analytics_workspace_id: WORKSPACE("law-a") },
      watchlist: { log_analytics_workspace_id: WORKSPACE("law-a") },
    });
    const { guards } = review(withOnboarding(stack({}), "law-a"), {
      resource: {
        ...head.resource,
        azurerm_sentinel_log_analytics_workspace_onboarding: {
          sentinel_onboarding: { workspace_id: WORKSPACE("law-a") },
        },
      },
    });

    expect(guards).toEqual([]);
  });

  it("names a removed workspace's stack, left behind", () => {
    const workspaces = compareSynthOutputs(
      new Map([["gone", stack({})]]),
      new Map(),
    );

    expect(checkGuards(workspaces)).toEqual([
      {
        guard: "workspace-removed",
        workspace: "gone",
        message:
          "the workspace is no longer in workspaces.yaml, so its stack is not synthesised and nothing deletes its content: its 1 rules keep running on stale IOCs. Run npx cdktf destroy gone from the base before merging, or keep the workspace.",
        acknowledged: false,
      },
    ]);
  });

  it("counts a first fill once against the budget", () => {
    const { guards } = review(
      stack({ items: [] }),
      stack({ items: Array.from({ length: 30_000 }, (_, i) => `n${i}.test`) }),
    );

    expect(guards).toEqual([]);
  });

  it("stays silent under the thresholds", () => {
    const small = review(
      stack({}),
      stack({ items: ["a.test", "b.test", "c.test", "d.test"] }),
    );
    const budget = review(
      stack({ items: [] }),
      stack({ items: Array.from({ length: 25_000 }, (_, i) => `n${i}.test`) }),
    );

    expect(small.guards).toEqual([]);
    expect(budget.guards).toEqual([]);
  });

  it("reports an acknowledged guard without blocking", () => {
    const { guards } = review(stack({}), stack({ rule: { enabled: false } }), [
      "rule-disabled",
    ]);

    expect(guards.map((finding) => finding.acknowledged)).toEqual([true]);
  });
});

/** Synthesises a project and writes its output to a folder, so the command can read it. */
function writeSynth(env: NodeJS.ProcessEnv, folder: string): void {
  for (const [path, text] of synthProject(env).files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

describe("sentinel-ioc review on the example", () => {
  const root = mkdtempSync(join(tmpdir(), "sentinel-ioc-review-test-"));
  const project = new TempProject();

  beforeAll(() => {
    writeSynth(project.env, join(root, "base"));
    const feed = "iocs/smartapesg/threatfox-json-export-smartapesg.json";
    const entries = JSON.parse(project.read(feed)) as Record<
      string,
      { ioc_value: string; ioc_type: string }[]
    >;
    const [first, second] = Object.keys(entries);
    entries["9999999"] = [
      {
        ...entries[first][0],
        ioc_value: "newstage-update.top",
        ioc_type: "domain",
      },
    ];
    delete entries[first];
    delete entries[second];
    project.write(feed, JSON.stringify(entries, null, 2));
    project.write(
      "workspaces.yaml",
      project
        .read("workspaces.yaml")
        .replace(
          "dns: { severity: Low }",
          "dns: { severity: Medium, queryFrequency: PT30M }",
        ),
    );
    writeSynth(project.env, join(root, "head"));
  });
  afterAll(() => {
    project.remove();
    rmSync(root, { recursive: true, force: true });
  });

  const run = (args: string[]) => {
    const out = join(root, `report-${args.join("-").replace(/\W/g, "")}`);
    // Blocking guards are also printed to stderr, which the report checks below cover.
    const error = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    const status = runReview(
      [
        "--base",
        join(root, "base"),
        "--head",
        join(root, "head"),
        "--out",
        out,
        ...args,
      ],
      root,
    );
    error.mockRestore();
    return { status, text: readFileSync(out, "utf8") };
  };

  it("writes the Markdown report", () => {
    const { status, text } = run([]);

    expect(status).toBe(0);
    expect(text).toContain(
      [
        "| workspace | change | rules added | rules changed | rules removed | items added | items removed | items changed | connectors changed | hunting queries changed |",
        "|---|---|---|---|---|---|---|---|---|---|",
        "| contoso-dev | changed | 0 | 1 | 0 | 1 | 2 | 0 | 0 | 0 |",
        "| contoso-prod | changed | 0 | 0 | 0 | 1 | 2 | 0 | 0 | 0 |",
      ].join("\n"),
    );
    expect(text).toContain(
      [
        "## contoso-dev (changed)",
        "",
        "### Rule changed: SmartApeSG: DNS query for an IOC domain",
        "",
        "| setting | base | head |",
        "|---|---|---|",
        '| query_frequency | `"PT1H"` | `"PT30M"` |',
        '| severity | `"Low"` | `"Medium"` |',
        "",
        "## Watchlist changes",
        "",
        "### ioc_smartapesg: 21 → 20 items, in contoso-dev, contoso-prod, fabrikam-prod, northwind-eu, northwind-us",
        "",
        "Added (1):",
        "",
        "- domain `newstage-update.top`",
        "",
        "Removed (2):",
        "",
      ].join("\n"),
    );
    expect(text.match(/newstage-update\.top/g)).toHaveLength(1);
    expect(text).not.toContain("## contoso-prod");
    expect(text.startsWith("<!-- sentinel-ioc-review -->\n")).toBe(true);
  });

  it("writes the same findings as JSON", () => {
    const { status, text } = run(["--format", "json"]);
    const report = JSON.parse(text);

    expect(status).toBe(0);
    expect(report.guards).toEqual([]);
    expect(
      report.workspaces.map((w: { key: string; status: string }) => [
        w.key,
        w.status,
      ]),
    ).toEqual([
      ["contoso-dev", "changed"],
      ["contoso-prod", "changed"],
      ["fabrikam-prod", "changed"],
      ["northwind-eu", "changed"],
      ["northwind-us", "changed"],
    ]);
    expect(report.workspaces[0].watchlists[0].added).toEqual([
      { type: "domain", indicator: "newstage-update.top" },
    ]);
  });

  it("exits 2 on a guard and 0 once acknowledged", () => {
    expect(run(["--max-item-loss", "0.05"]).status).toBe(2);
    expect(
      run(["--max-item-loss", "0.05", "--allow", "item-loss"]).status,
    ).toBe(0);
  });

  it("acknowledges a guard for one workspace", () => {
    const error = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    const status = run([
      "--max-item-loss",
      "0.05",
      "--allow",
      "item-loss:contoso-dev",
    ]).status;
    error.mockRestore();
    const { text } = run([
      "--max-item-loss",
      "0.05",
      "--allow",
      "item-loss:contoso-dev",
      "--format",
      "json",
    ]);
    const acknowledged = JSON.parse(text).guards.map(
      (g: { workspace: string; acknowledged: boolean }) => [
        g.workspace,
        g.acknowledged,
      ],
    );

    expect(status).toBe(2);
    expect(acknowledged).toEqual([
      ["contoso-dev", true],
      ["contoso-prod", false],
      ["fabrikam-prod", false],
      ["northwind-eu", false],
      ["northwind-us", false],
    ]);
  });

  it("rejects an unknown guard name", () => {
    const error = jest
      .spyOn(console, "error")
      .mockImplementation(() => undefined);
    try {
      expect(runReview(["--base", root, "--allow", "item-los"], root)).toBe(2);
      expect(error.mock.calls[0][0].split("\n")[0]).toBe(
        "sentinel-ioc review: --allow item-los is not a guard (did you mean item-loss?); guards: item-loss, rule-disabled, rule-deleted, replacement, connector-removed, workspace-removed, item-budget.",
      );
    } finally {
      error.mockRestore();
    }
  });
});

describe("sentinel-ioc review with a git ref", () => {
  it("synthesises the base ref in a worktree", () => {
    const repo = mkdtempSync(join(tmpdir(), "sentinel-ioc-review-repo-"));
    const git = (...args: string[]) => {
      const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
      expect(result.status).toBe(0);
      return result.stdout;
    };
    try {
      const tracked = spawnSync("git", ["ls-files"], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
      });
      const files =
        tracked.status === 0
          ? tracked.stdout.split("\n").filter((file) => file !== "")
          : [];
      for (const file of files.length > 0
        ? files
        : [
            "main.ts",
            "tsconfig.json",
            "package.json",
            "core",
            "constructs",
            "iocs",
            "workspaces.yaml",
          ]) {
        cpSync(join(PROJECT_DIR, file), join(repo, file), { recursive: true });
      }
      // The test's own copy of the example, so a user's edits do not change it.
      rmSync(join(repo, "iocs"), { recursive: true, force: true });
      cpSync(join(EXAMPLE_DIR, "iocs"), join(repo, "iocs"), {
        recursive: true,
      });
      cpSync(
        join(EXAMPLE_DIR, "workspaces.yaml"),
        join(repo, "workspaces.yaml"),
      );
      symlinkSync(
        join(PROJECT_DIR, "node_modules"),
        join(repo, "node_modules"),
      );
      writeFileSync(join(repo, ".gitignore"), "node_modules\ncdktf.out\n");
      git("init", "-q");
      git("-c", "user.name=t", "-c", "user.email=t@example.test", "add", ".");
      git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.test",
        "commit",
        "-qm",
        "base",
      );

      const manifest = join(repo, "workspaces.yaml");
      writeFileSync(
        manifest,
        readFileSync(manifest, "utf8").replace(
          "url-click: { enabled: false }",
          "url-click: { enabled: true }\n            dns: { enabled: false }",
        ),
      );
      writeSynth(
        {
          SENTINEL_IOCS_DIR: join(repo, "iocs"),
          SENTINEL_WORKSPACES: manifest,
        },
        join(repo, "cdktf.out"),
      );

      const out = join(repo, "review.json");
      const error = jest
        .spyOn(console, "error")
        .mockImplementation(() => undefined);
      const status = runReview(
        ["--base", "HEAD", "--format", "json", "--out", out],
        repo,
      );
      const printed = error.mock.calls.map((call) => String(call[0]));
      error.mockRestore();
      if (status === 1) {
        throw new Error(printed.join("\n"));
      }
      const report = JSON.parse(readFileSync(out, "utf8"));

      expect(
        report.guards.map((g: { guard: string; workspace: string }) => [
          g.guard,
          g.workspace,
        ]),
      ).toEqual([
        ["rule-disabled", "northwind-us"],
        // The DnsEvents health rule goes with the last rule reading that table.
        ["rule-deleted", "northwind-us"],
      ]);
      expect(status).toBe(2);
      expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe("malformed synth outputs", () => {
  const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-bad-out-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each([
    ["invalid JSON", "{", "invalid JSON"],
    ["no stacks", "null", "no stacks object"],
    [
      "a stack file outside the folder",
      JSON.stringify({
        stacks: { x: { synthesizedStackPath: "../../../etc/passwd" } },
      }),
      'stack x names no stack file inside the folder ("../../../etc/passwd")',
    ],
  ])("rejects %s", (_case, manifest, message) => {
    writeFileSync(join(folder, "manifest.json"), manifest);

    expect(() => readSynthOutput(folder)).toThrow(message);
  });

  it("rejects a stack file that is not an object", () => {
    mkdirSync(join(folder, "stacks", "x"), { recursive: true });
    writeFileSync(join(folder, "stacks", "x", "cdk.tf.json"), "[1, 2]");
    writeFileSync(
      join(folder, "manifest.json"),
      JSON.stringify({
        stacks: { x: { synthesizedStackPath: "stacks/x/cdk.tf.json" } },
      }),
    );

    expect(() => readSynthOutput(folder)).toThrow(
      `${join(folder, "stacks", "x", "cdk.tf.json")}: the stack file is not a JSON object. Synthesise again.`,
    );
  });
});

describe("hunting queries and removed workspaces", () => {
  const withHunt = (query: string): StackConfiguration => ({
    resource: {
      ...stack({}).resource,
      azurerm_log_analytics_saved_search: {
        hunt_demo_dns: { display_name: "Demo hunt", query },
      },
    },
  });

  it("lists a changed hunting query without a guard", () => {
    const { workspaces, guards } = review(withHunt("a"), withHunt("b"));

    expect(workspaces[0].huntingQueries).toEqual([
      {
        address: "azurerm_log_analytics_saved_search.hunt_demo_dns",
        displayName: "Demo hunt",
        change: "changed",
        attributes: ["query"],
      },
    ]);
    expect(guards).toEqual([]);
  });

  it("says a removed workspace's content stays deployed", () => {
    const workspaces = compareSynthOutputs(
      new Map([["gone", stack({})]]),
      new Map(),
    );
    const text = renderMarkdown({
      base: "b",
      head: "h",
      workspaces,
      guards: checkGuards(workspaces),
    });

    expect(text).toContain(
      "## gone (removed)\n\nIts stack is no longer synthesised, so nothing is deleted: its 1 rules, its watchlists and its connectors stay deployed until `npx cdktf destroy gone` runs from the base.\n",
    );
    expect(text).not.toContain("## Watchlist changes");
  });
});

describe("report rendering", () => {
  it("shows names and IOCs as written, without running HTML", () => {
    const head = stack({
      items: ["a.test", "q=`cmd`.test"],
      rule: { display_name: "Evil <!-- hidden --> <details>" },
    });
    const { workspaces, guards } = review(stack({ items: [] }), head);
    const text = renderMarkdown({ base: "b", head: "h", workspaces, guards });

    expect(text).toContain(
      "### Rule changed: Evil &lt;!-- hidden --&gt; &lt;details&gt;",
    );
    expect(text).toContain("- domain `` q=`cmd`.test ``");
    // Inside code spans, HTML is shown as text; outside them it must be escaped.
    expect(text.replace(/`[^`]*`/g, "")).not.toContain("<details>");
  });

  it("stops an item list at the limit", () => {
    const { workspaces, guards } = review(stack({ items: [] }), stack({}));
    const text = renderMarkdown(
      { base: "b", head: "h", workspaces, guards },
      2,
    );

    expect(text).toContain(
      "Added (5):\n\n- domain `a.test`\n- domain `b.test`\n- and 3 more\n",
    );
    expect(
      JSON.parse(renderJson({ base: "b", head: "h", workspaces, guards })).base,
    ).toBe("b");
  });

  it("reads a synth output through its manifest", () => {
    expect(() => readSynthOutput(tmpdir())).toThrow(
      `${tmpdir()}: no manifest.json here, so this is not a synth output folder. Run npm run synth first, or name the cdktf.out folder.`,
    );
  });
});
