import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { watchlistItemName } from "../core/identity";
import { workspaceRules } from "../core/rules";
import { buildWatchlist, itemProperties } from "../core/watchlist";
import type { StackJson, SynthOutput } from "./support/synth";
import { synthProject } from "./support/synth";
import { TempProject } from "./support/temp-project";

const TERRAFORM_ENV = {
  ...process.env,
  TF_CLI_CONFIG_FILE: "/dev/null",
  CHECKPOINT_DISABLE: "1",
};
const hasTerraform =
  spawnSync("terraform", ["version"], { env: TERRAFORM_ENV }).error ===
  undefined;

/**
 * Evaluates named values the way Terraform reads `cdk.tf.json`: as outputs of
 * a configuration with no provider, through `init`, `apply` and `output -json`.
 */
function evaluateOutputs(
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-roundtrip-"));
  try {
    const output = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, { value }]),
    );
    writeFileSync(join(folder, "main.tf.json"), JSON.stringify({ output }));
    for (const args of [
      ["init", "-input=false"],
      ["apply", "-auto-approve", "-input=false", "-lock=false"],
    ]) {
      const run = spawnSync("terraform", args, {
        cwd: folder,
        env: TERRAFORM_ENV,
        encoding: "utf8",
      });
      if (run.status !== 0) {
        throw new Error(
          `terraform ${args[0]} failed:\n${run.stdout}\n${run.stderr}`,
        );
      }
    }
    const printed = spawnSync("terraform", ["output", "-json"], {
      cwd: folder,
      env: TERRAFORM_ENV,
      encoding: "utf8",
    });
    const outputs = JSON.parse(printed.stdout) as Record<
      string,
      { value: unknown }
    >;
    return Object.fromEntries(
      Object.entries(outputs).map(([name, { value }]) => [name, value]),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Tells whether a string refers to another resource, which needs a provider to evaluate. */
function isReference(text: string): boolean {
  return /(^|[^$])\$\{(?!""\})/.test(text);
}

/** Collects every string of a stack's resources that Terraform can evaluate alone, by JSON path. */
function collectStrings(
  value: unknown,
  path: string,
  found: Record<string, string>,
): void {
  if (typeof value === "string") {
    if (!isReference(value)) {
      found[path] = value;
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      collectStrings(child, `${path}.${key}`, found);
    }
  }
}

const NASTY_FEED = [
  "| Type | Value | Threat Type | First Seen | Confidence |",
  "|---|---|---|---|---|",
  "| url | https://evil.example/${jndi:ldap://203.0.113.7/a} | payload_delivery | 2026-06-12 | 100% |",
  "| url | https://evil.example/q?x=%{y}&z=${TfToken[TOKEN.1]} | payload_delivery | 2026-06-12 | 100% |",
  '| url | https://evil.example/a"b\\c/café | it\'s "quoted" \\ back | 2026-06-12 | 100% |',
  "| domain | Bücher.example | payload_delivery | 2026-06-12 | 100% |",
].join("\n");

const NASTY_MANIFEST = `name: Test \${x} "q" ü
description: |
  First line with %{ if } and \${TfToken[TOKEN.0]}.
  Second line with a backslash \\ and "quotes".
severity: Low
feeds:
  - file: smartapesg-ioc-summary.md
`;

(hasTerraform ? describe : describe.skip)(
  "strings evaluated by terraform",
  () => {
    let output: SynthOutput;

    beforeAll(() => {
      const project = new TempProject();
      try {
        project.write("iocs/smartapesg/smartapesg-ioc-summary.md", NASTY_FEED);
        project.write("iocs/smartapesg/campaign.yaml", NASTY_MANIFEST);
        output = synthProject(project.env);
      } finally {
        project.remove();
      }
    });

    it("reads every string of every stack", () => {
      for (const [key, stack] of output.stacks) {
        const strings: Record<string, string> = {};
        collectStrings(stack.resource, key, strings);
        const names = Object.keys(strings);
        const evaluated = evaluateOutputs(
          Object.fromEntries(
            names.map((name, index) => [`s${index}`, strings[name]]),
          ),
        );

        expect(Object.keys(evaluated)).toHaveLength(names.length);
        expect(names.length).toBeGreaterThan(40);
      }
    });

    it("gives back the watchlist items as meant", () => {
      const stack = output.stacks.get("contoso-prod") as StackJson;
      const [campaign] = output.inputs.campaigns;
      const expected = Object.fromEntries(
        campaign.ingestion.deployed.map((ioc) => [
          watchlistItemName("ioc_smartapesg", ioc.type, ioc.value),
          itemProperties(ioc),
        ]),
      );

      const { items } = evaluateOutputs({
        items:
          stack.resource.azurerm_sentinel_watchlist_item
            .watchlist_items_smartapesg.for_each,
      });

      expect(items).toEqual(expected);
      expect(
        Object.values(expected)
          .map((properties) => properties.Indicator)
          .sort(),
      ).toEqual([
        "https://evil.example/${jndi:ldap://203.0.113.7/a}",
        'https://evil.example/a"b\\c/café',
        "https://evil.example/q?x=%{y}&z=${TfToken[TOKEN.1]}",
        "xn--bcher-kva.example",
      ]);
    });

    it("gives back the rules and watchlist as meant", () => {
      const stack = output.stacks.get("contoso-prod") as StackJson;
      const [campaign] = output.inputs.campaigns;
      const workspace = output.inputs.workspaces.find(
        (candidate) => candidate.key === "contoso-prod",
      );
      const rules = workspaceRules(
        workspace as NonNullable<typeof workspace>,
        campaign,
      );
      const watchlist = buildWatchlist(campaign);
      const resource = (kind: string) =>
        stack.resource.azurerm_sentinel_alert_rule_scheduled[
          `rule_smartapesg_${kind}`
        ];

      const evaluated = evaluateOutputs({
        dns: pickRuleText(resource("dns")),
        url: pickRuleText(resource("url_click")),
        watchlist: {
          display_name:
            stack.resource.azurerm_sentinel_watchlist.watchlist_smartapesg
              .display_name,
          description:
            stack.resource.azurerm_sentinel_watchlist.watchlist_smartapesg
              .description,
        },
      });

      expect(evaluated.dns).toEqual(ruleText(rules[0]));
      expect(evaluated.url).toEqual(ruleText(rules[1]));
      expect(evaluated.watchlist).toEqual({
        display_name: watchlist.displayName,
        description: watchlist.description,
      });
      expect(rules[0].displayName).toBe(
        'Test ${x} "q" ü: DNS query for an IOC domain',
      );
      expect(rules[0].description.split("\n").slice(0, 2)).toEqual([
        "First line with %{ if } and ${TfToken[TOKEN.0]}.",
        'Second line with a backslash \\ and "quotes".',
      ]);
    });
  },
);

function pickRuleText(resource: StackJson) {
  return {
    display_name: resource.display_name,
    description: resource.description,
    query: resource.query,
    name_format: resource.alert_details_override[0].display_name_format,
    description_format: resource.alert_details_override[0].description_format,
    custom_details: resource.custom_details,
  };
}

function ruleText(rule: ReturnType<typeof workspaceRules>[number]) {
  return {
    display_name: rule.displayName,
    description: rule.description,
    query: rule.query,
    name_format: rule.alertDisplayNameFormat,
    description_format: rule.alertDescriptionFormat,
    custom_details: rule.customDetails,
  };
}

if (!hasTerraform) {
  // eslint-disable-next-line no-console
  console.warn(
    "terraform was not found on PATH, so the Terraform round-trip tests were skipped. Install Terraform 1.x to run them.",
  );
}
