import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { escapeTerraformTemplate } from "../core/terraform-escape";
import type { StackJson } from "./support/synth";
import { resourceOf, synthProject } from "./support/synth";
import { TempProject } from "./support/temp-project";

/**
 * Evaluates strings the way Terraform reads them from `cdk.tf.json`, with the
 * real terraform binary: `terraform console` needs no provider plugin for
 * locals.
 */
function evaluateWithTerraform(values: readonly string[]): string[] {
  const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-terraform-"));
  try {
    writeFileSync(
      join(folder, "main.tf.json"),
      JSON.stringify({ locals: { values } }),
    );
    if (spawnSync("terraform", ["version"]).error !== undefined) {
      throw new Error(
        "terraform was not found on PATH. These tests evaluate synthesised strings with Terraform 1.x; install it and run them again.",
      );
    }
    const printed = execFileSync("terraform", ["console"], {
      cwd: folder,
      input: "jsonencode(local.values)\n",
      encoding: "utf8",
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: "/dev/null",
        CHECKPOINT_DISABLE: "1",
      },
    });
    // The console prints the JSON text as a quoted string.
    return JSON.parse(JSON.parse(printed.trim()));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe("escapeTerraformTemplate", () => {
  it.each([
    ["${jndi:ldap://x/a}", "$${jndi:ldap://x/a}"],
    ["100%{x}", "100%%{x}"],
    ["a $ b % c {d}", "a $ b % c {d}"],
    ["$${already}", "$$${already}"],
    ["${a}${b}%{c}", "$${a}$${b}%%{c}"],
  ])("escapes %s", (text, escaped) => {
    expect(escapeTerraformTemplate(text)).toBe(escaped);
  });

  it("hides cdktf token markers", () => {
    expect(escapeTerraformTemplate("a${TfToken[TOKEN.0]}")).toBe(
      'a$${Tf${""}Token[TOKEN.0]}',
    );
    expect(escapeTerraformTemplate("#{TfToken[TOKEN.3]}")).toBe(
      '#{Tf${""}Token[TOKEN.3]}',
    );
  });

  it("round-trips through terraform", () => {
    const texts = [
      "${jndi:ldap://x/a}",
      "100%{x}",
      "$${already}",
      "a$$b",
      '{"a": "${b}"}',
      "${TfToken[TOKEN.0]}",
      "#{TfToken[TOKEN.3]}",
      "&{TfToken[TOKEN.9]}",
    ];

    expect(evaluateWithTerraform(texts.map(escapeTerraformTemplate))).toEqual(
      texts,
    );
  });
});

describe("user text in a synthesised stack", () => {
  const jndiUrl = "https://evil.top/${jndi:ldap://203.0.113.7/a}";
  const percentUrl = "https://evil.top/download?q=%{x}";
  const tokenUrl = "https://evil.top/${TfToken[TOKEN.0]}";
  let stack: StackJson;

  beforeAll(() => {
    const project = new TempProject();
    try {
      project.write(
        "iocs/smartapesg/smartapesg-ioc-summary.md",
        [
          "| Type | Value | Threat Type | First Seen | Confidence |",
          "|---|---|---|---|---|",
          `| url | ${jndiUrl} | payload_delivery | 2026-06-12 | 100% |`,
          `| url | ${percentUrl} | \${threat} | 2026-06-12 | 100% |`,
          `| url | ${tokenUrl} | payload_delivery | 2026-06-12 | 100% |`,
        ].join("\n"),
      );
      const manifest = "iocs/smartapesg/campaign.yaml";
      project.write(
        manifest,
        `name: Test \${campaign}
description: Hunts %{literal}, \${literal} and \${TfToken[TOKEN.0]} text.
severity: Low
feeds:
  - file: smartapesg-ioc-summary.md
`,
      );
      stack = synthProject(project.env).stacks.get("contoso-prod") as StackJson;
    } finally {
      project.remove();
    }
  });

  it("escapes IOC values once", () => {
    const items = resourceOf(
      stack,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const indicators = Object.values(
      items.for_each as Record<string, Record<string, string>>,
    )
      .map((p) => p.Indicator)
      .sort();

    expect(indicators).toEqual([
      'https://evil.top/$${Tf${""}Token[TOKEN.0]}',
      "https://evil.top/$${jndi:ldap://203.0.113.7/a}",
      "https://evil.top/download?q=%%{x}",
    ]);
  });

  it("escapes other IOC properties once", () => {
    const items = resourceOf(
      stack,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const threatTypes = Object.values(
      items.for_each as Record<string, Record<string, string>>,
    )
      .map((p) => p.ThreatType)
      .sort();

    expect(threatTypes).toEqual([
      "$${threat}",
      "payload_delivery",
      "payload_delivery",
    ]);
  });

  it("escapes rule names and descriptions once", () => {
    const rule = resourceOf(
      stack,
      "azurerm_sentinel_alert_rule_scheduled",
      "rule_smartapesg_dns",
    );

    expect(rule.display_name).toBe(
      "Test $${campaign}: DNS query for an IOC domain",
    );
    expect(
      rule.description.startsWith(
        'Hunts %%{literal}, $${literal} and $${Tf${""}Token[TOKEN.0]} text.\n\n',
      ),
    ).toBe(true);
    expect(rule.alert_details_override[0].display_name_format).toBe(
      "Test $${campaign}: DNS query for {{MatchedIndicator}}",
    );
  });

  it("reads back as the original text in terraform", () => {
    const items = resourceOf(
      stack,
      "azurerm_sentinel_watchlist_item",
      "watchlist_items_smartapesg",
    );
    const rule = resourceOf(
      stack,
      "azurerm_sentinel_alert_rule_scheduled",
      "rule_smartapesg_url_click",
    );
    const synthesised = [
      ...Object.values(items.for_each as Record<string, Record<string, string>>)
        .map((p) => p.Indicator)
        .sort(),
      rule.display_name,
      rule.description,
      rule.query,
    ];

    const [token, jndi, percent, displayName, description, query] =
      evaluateWithTerraform(synthesised);

    expect(token).toBe(tokenUrl);
    expect(jndi).toBe(jndiUrl);
    expect(percent).toBe(percentUrl);
    expect(displayName).toBe("Test ${campaign}: click on an IOC URL");
    expect(description).toMatch(
      /^Hunts %\{literal\}, \$\{literal\} and \$\{TfToken\[TOKEN\.0\]\} text\.\n\n/,
    );
    expect(query).toContain('_GetWatchlist("ioc_smartapesg")');
    expect(query).toContain("$left.NormalisedUrl == $right.MatchKey");
  });
});
