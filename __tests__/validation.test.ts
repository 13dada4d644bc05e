import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { InputError } from "../core/errors";
import { loadInputs } from "../core/inputs";
import { iocWatchlists } from "../core/kql/kusto-parser";
import { loadTableSchemas } from "../core/kql/table-schemas";
import type { RuleDefinition } from "../core/rules";
import { buildCampaignRules } from "../core/rules";
import { checkRule } from "../core/validation/check-rule";
import { validateContent } from "../core/validation/validate-content";
import { EXAMPLE_ENV, PROJECT_DIR } from "./support/synth";
import { TempProject } from "./support/temp-project";

const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);
const [dnsRule, urlRule] = buildCampaignRules(
  "contoso-prod",
  inputs.campaigns[0],
);
const watchlists = iocWatchlists(["ioc_smartapesg"]);

/** A valid rule with some fields changed. */
const ruleWith = (changes: Partial<RuleDefinition>): RuleDefinition => ({
  ...dnsRule,
  ...changes,
});

describe("shipped example", () => {
  it("passes every check", () => {
    expect(() => validateContent(inputs)).not.toThrow();
    expect(checkRule(dnsRule, watchlists)).toEqual([]);
    expect(checkRule(urlRule, watchlists)).toEqual([]);
  });
});

describe("query checks", () => {
  it("catches Timestamp in UrlClickEvents", () => {
    const rule = {
      ...urlRule,
      query:
        "UrlClickEvents\n| project Timestamp, Url, AccountUpn, IPAddress, ClickedUrl = Url",
    };

    expect(checkRule(rule, watchlists)[0]).toBe(
      `query line 2, column 11, at "Timestamp": The name 'Timestamp' does not refer to any known column, table, variable or function. Use TimeGenerated: Timestamp exists only in the Defender portal's copy of UrlClickEvents, not in Sentinel.`,
    );
  });

  it("catches exclusions on process.name", () => {
    const rule = ruleWith({
      query: `${dnsRule.query}\n| where process.name !in ("yum", "apt")`,
    });

    expect(checkRule(rule, watchlists)).toEqual([
      `query line 38, column 9, at "process": The name 'process' does not refer to any known column, table, variable or function. DnsEvents and UrlClickEvents have no process or file columns. Exclude by the host or account instead (Computer, ClientIP, AccountUpn).`,
    ]);
  });

  it("catches exclusions on file.path", () => {
    const rule = ruleWith({
      query: `${dnsRule.query}\n| where not(file.path startswith "/var/log")`,
    });

    expect(checkRule(rule, watchlists)[0]).toMatch(
      /^query line 38, column 13, at "file": .+ DnsEvents and UrlClickEvents have no process or file columns\./,
    );
  });

  it("reports syntax errors alone", () => {
    const rule = ruleWith({
      query: "DnsEvents\n| where Name ==\n| project Nmae",
    });
    const problems = checkRule(rule, watchlists);

    expect(problems.filter((problem) => problem.startsWith("query"))).toEqual([
      'query line 2, column 16, at "": Missing expression. Correct the query syntax at that position.',
    ]);
  });

  it.each([
    [
      "DnsEvent | take 1",
      "query line 1, column 1, at \"DnsEvent\": The name 'DnsEvent' does not refer to any known table, tabular variable or function. Correct the table name, or add the table's schema to core/kql/schemas/.",
    ],
    [
      "DnsEvents | extend X = lookupip(ClientIP)",
      "query line 1, column 24, at \"lookupip\": The name 'lookupip' does not refer to any known function. Correct the function name; only Kusto's functions and _GetWatchlist are known.",
    ],
  ])("names an unknown table or function in %s", (query, problem) => {
    expect(checkRule(ruleWith({ query }), watchlists)[0]).toBe(problem);
  });

  it("checks that the watchlist exists in the stack", () => {
    const rule = ruleWith({
      query: dnsRule.query.replace('"ioc_smartapesg"', '"ioc_fakeupdates"'),
    });

    expect(checkRule(rule, watchlists)[0]).toBe(
      'the query reads the watchlist "ioc_fakeupdates", which this stack does not create, so _GetWatchlist would return no rows. Stack watchlists: ioc_smartapesg, ioc_allow_smartapesg.',
    );
  });

  it("needs a literal watchlist alias", () => {
    const rule = ruleWith({
      query: dnsRule.query.replace(
        '_GetWatchlist("ioc_smartapesg")',
        "_GetWatchlist(strcat('ioc_', 'smartapesg'))",
      ),
    });

    expect(checkRule(rule, watchlists)).toContain(
      "_GetWatchlist(strcat('ioc_', 'smartapesg') must name its watchlist as a string literal, so the alias can be checked before deployment.",
    );
  });

  it("limits has_any lists", () => {
    const values = Array.from(
      { length: 10_001 },
      (_, index) => `"d${index}.example"`,
    ).join(",");
    const rule = ruleWith({
      query: `${dnsRule.query}\n| where QueryName has_any (${values})`,
    });

    expect(checkRule(rule, watchlists)).toContain(
      "a has_any list has 10001 values; Kusto accepts at most 10000. Read the values from a watchlist and join or look them up instead.",
    );
  });

  it("limits the query length", () => {
    const rule = ruleWith({
      query: `${dnsRule.query}\n// ${"x".repeat(10_000)}`,
    });

    expect(checkRule(rule, watchlists)[0]).toBe(
      `the query is ${rule.query.length} characters long; Sentinel accepts 1 to 10000. Read long value lists from a watchlist instead of writing them into the query.`,
    );
  });
});

describe("output column checks", () => {
  it("needs entity, custom detail and placeholder columns in the output", () => {
    const rule = ruleWith({
      entityMappings: [
        {
          entityType: "Host",
          fieldMappings: [{ identifier: "HostName", columnName: "DeviceName" }],
        },
      ],
      customDetails: { Indicator: "IocValue" },
      alertDisplayNameFormat: "Lookup of {{Domain}}",
    });

    expect(checkRule(rule, watchlists)).toEqual([
      expect.stringMatching(
        /^the Host entity mapping reads the column DeviceName, which the query does not output\. Output it from the query, or use one of: TimeGenerated, Computer, /,
      ),
      expect.stringMatching(
        /^the custom detail Indicator reads the column IocValue, which the query does not output\./,
      ),
      expect.stringMatching(
        /^the alert name format \{\{Domain\}\} reads the column Domain, which the query does not output\./,
      ),
    ]);
  });
});

describe("settings checks", () => {
  it.each<[string, Partial<RuleDefinition>, string]>([
    [
      "long display name",
      { displayName: "x".repeat(257) },
      "the display name is 257 characters long; Sentinel accepts at most 256. Shorten the campaign name.",
    ],
    [
      "long description",
      { description: "x".repeat(5001) },
      "the description is 5001 characters long; Sentinel accepts at most 5000. Shorten the campaign description.",
    ],
    [
      "unknown severity",
      { severity: "Critical" as RuleDefinition["severity"] },
      'the severity "Critical" is not one of High, Medium, Low, Informational.',
    ],
    [
      "sub-technique",
      { techniques: ["T1071.001"] },
      'the technique "T1071.001" is not T followed by four digits; the API accepts no sub-techniques, so use T1071.',
    ],
    [
      "technique outside the tactics",
      { tactics: ["InitialAccess"], techniques: ["T1189", "T1204"] },
      "T1204 (User Execution) belongs to Execution, which tactics does not list; Sentinel expects each technique under one of the rule's tactics. Add Execution to tactics, or remove T1204.",
    ],
    [
      "grouping lookback past seven days",
      { grouping: { ...dnsRule.grouping, lookbackDuration: "P8D" } },
      "the incident grouping lookback P8D is outside PT5M to P7D, the range Sentinel accepts.",
    ],
    [
      "frequency out of range",
      { queryFrequency: "PT1M" },
      "queryFrequency PT1M is outside PT5M to P14D, the range Sentinel accepts.",
    ],
    [
      "period below frequency",
      { queryFrequency: "PT2H", queryPeriod: "PT1H" },
      "queryPeriod PT1H is shorter than queryFrequency PT2H, so events between runs would never be read.",
    ],
    [
      "unknown trigger operator",
      { triggerOperator: "AtLeast" as RuleDefinition["triggerOperator"] },
      'the trigger operator "AtLeast" is not one of GreaterThan, LessThan, Equal, NotEqual.',
    ],
    [
      "trigger threshold out of range",
      { triggerThreshold: 10_001 },
      "the trigger threshold 10001 is not a whole number from 0 to 10000.",
    ],
    [
      "suppression out of range",
      { suppressionDuration: "P2D" },
      "suppressionDuration P2D is outside PT5M to PT24H, the range Sentinel accepts.",
    ],
    [
      "suppression shorter than the schedule",
      { suppressionEnabled: true, suppressionDuration: "PT30M" },
      "suppressionDuration PT30M is shorter than queryFrequency PT1H; Sentinel needs suppression at least as long as the schedule.",
    ],
    [
      "too many placeholders",
      {
        alertDescriptionFormat:
          "{{Computer}} {{ClientIP}} {{QueryName}} {{Malware}}",
      },
      "the alert description format has 4 {{column}} placeholders; Sentinel accepts at most 3.",
    ],
  ])("rejects a %s", (_case, changes, problem) => {
    expect(checkRule(ruleWith(changes), watchlists)).toEqual([problem]);
  });

  it("rejects an unknown tactic", () => {
    expect(
      checkRule(
        ruleWith({
          tactics: ["Delivery" as RuleDefinition["tactics"][number]],
        }),
        watchlists,
      )[0],
    ).toMatch(
      /^the tactic "Delivery" is not one the Sentinel API accepts: Collection, CommandAndControl,/,
    );
  });
});

describe("entity mapping and custom detail checks", () => {
  const host = (identifiers: string[]) => ({
    entityType: "Host",
    fieldMappings: identifiers.map((identifier) => ({
      identifier,
      columnName: "Computer",
    })),
  });

  it.each<[string, Partial<RuleDefinition>, string]>([
    [
      "too many entity mappings",
      { entityMappings: Array.from({ length: 11 }, () => host(["FullName"])) },
      "the rule has 11 entity mappings; Sentinel accepts at most 10.",
    ],
    [
      "too many identifiers",
      {
        entityMappings: [
          host(["FullName", "HostName", "NetBiosName", "DnsDomain"]),
        ],
      },
      "the Host entity mapping has 4 identifiers; Sentinel accepts 1 to 3.",
    ],
    [
      "an unknown identifier",
      { entityMappings: [host(["Address"])] },
      'the Host entity has no identifier "Address". Use one of: DnsDomain, NTDomain, HostName, FullName, NetBiosName, AzureID, OMSAgentID, OSFamily, OSVersion, IsDomainJoined.',
    ],
    [
      "a bad custom detail key",
      { customDetails: { "matched-indicator": "MatchedIndicator" } },
      'the custom detail key "matched-indicator" is invalid: Sentinel accepts a letter, then letters, digits or underscores, at most 20 characters.',
    ],
  ])("rejects %s", (_case, changes, problem) => {
    expect(checkRule(ruleWith(changes), watchlists)).toEqual([problem]);
  });

  it("rejects more than 20 custom details", () => {
    const customDetails = Object.fromEntries(
      Array.from({ length: 21 }, (_, index) => [`Detail${index}`, "Computer"]),
    );

    expect(checkRule(ruleWith({ customDetails }), watchlists)).toEqual([
      "the rule has 21 custom details; Sentinel accepts at most 20.",
    ]);
  });
});

describe("validateContent", () => {
  it("rejects display names used twice in a workspace", () => {
    const project = new TempProject();
    try {
      project.write(
        "iocs/second/campaign.yaml",
        project.read("iocs/smartapesg/campaign.yaml"),
      );
      project.write(
        "iocs/second/smartapesg-ioc-summary.md",
        project.read("iocs/smartapesg/smartapesg-ioc-summary.md"),
      );
      project.write("iocs/second/threatfox-json-export-smartapesg.json", "{}");
      project.write(
        "workspaces.yaml",
        project
          .read("workspaces.yaml")
          .replace(
            "        workspaceName: law-sentinel-contoso\n",
            "        workspaceName: law-sentinel-contoso\n        campaigns: [smartapesg, second]\n",
          ),
      );

      expect(() =>
        validateContent(loadInputs(PROJECT_DIR, project.env)),
      ).toThrow(
        new InputError(
          [
            "Synth stopped: 2 problems that Sentinel would reject or that would make a rule never match:",
            '  workspace contoso-prod, campaign smartapesg, rule dns: the display name "SmartApeSG: DNS query for an IOC domain" is also used by campaign second, rule dns, and Sentinel needs it unique per workspace. Give the campaigns different names.',
            '  workspace contoso-prod, campaign smartapesg, rule url-click: the display name "SmartApeSG: click on an IOC URL" is also used by campaign second, rule url-click, and Sentinel needs it unique per workspace. Give the campaigns different names.',
          ].join("\n"),
        ),
      );
    } finally {
      project.remove();
    }
  });

  it("rejects a watchlist item over the row limit", () => {
    const project = new TempProject();
    try {
      const longUrl = `https://evil.example/${"a".repeat(10_300)}`;
      project.write(
        "iocs/smartapesg/smartapesg-ioc-summary.md",
        `| Type | Value |\n|---|---|\n| url | ${longUrl} |\n`,
      );

      expect(() =>
        validateContent(loadInputs(PROJECT_DIR, project.env)),
      ).toThrow(
        /^Synth stopped: 1 problem that Sentinel would reject or that would make a rule never match:\n {2}campaign smartapesg, watchlist ioc_smartapesg: the item for "https:\/\/evil\.example\/a+" \(from smartapesg-ioc-summary\.md\) is 10\d{3} characters as a CSV line; Sentinel accepts at most 10240\. Shorten or remove the IOC in its feed\.$/,
      );
    } finally {
      project.remove();
    }
  });
});

describe("table schemas", () => {
  it("ship the tables the rules read", () => {
    const schemas = loadTableSchemas();

    expect(schemas.map((schema) => schema.table)).toEqual([
      "ASimDnsActivityLogs",
      "DnsEvents",
      "UrlClickEvents",
    ]);
    expect(
      schemas.find((schema) => schema.table === "UrlClickEvents")?.columns,
    ).toContainEqual(["TimeGenerated", "datetime"]);
    expect(
      schemas.find((schema) => schema.table === "DnsEvents")?.columns,
    ).toContainEqual(["_BilledSize", "real"]);
  });

  const withSchema = (table: object, check: (folder: string) => void) => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-schemas-"));
    try {
      writeFileSync(
        join(folder, "standard-columns.json"),
        JSON.stringify({ columns: [["TenantId", "string"]] }),
      );
      writeFileSync(join(folder, "T.json"), JSON.stringify(table));
      check(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };

  it("reject an unknown type", () => {
    withSchema({ table: "T", columns: [["When", "datetme"]] }, (folder) => {
      expect(() => loadTableSchemas(folder)).toThrow(
        'T.json: column When has the type "datetme", which Kusto does not know. Use one of bool, datetime, decimal, dynamic, guid, int, long, real, string, timespan.',
      );
    });
  });

  it("reject a duplicate column", () => {
    withSchema({ table: "T", columns: [["TenantId", "string"]] }, (folder) => {
      expect(() => loadTableSchemas(folder)).toThrow(
        "T.json: the column TenantId is listed twice (or repeats a standard column). List each column once.",
      );
    });
  });
});
