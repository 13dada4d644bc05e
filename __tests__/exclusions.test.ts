import type { CampaignSchedule } from "../core/config/workspaces";
import { parseWorkspaces } from "../core/config/workspaces";
import { InputError } from "../core/errors";
import { loadInputs } from "../core/inputs";
import { buildDnsRuleQuery } from "../core/kql/dns-rule";
import type { Exclusion } from "../core/kql/exclusions";
import { exclusionFilters } from "../core/kql/exclusions";
import { iocWatchlists } from "../core/kql/kusto-parser";
import { buildUrlClickRuleQuery } from "../core/kql/url-click-rule";
import { buildCampaignRules } from "../core/rules";
import { checkRule } from "../core/validation/check-rule";
import { EXAMPLE_ENV, PROJECT_DIR } from "./support/synth";

const reason = "known-benign";
const ex = (
  column: string,
  match: Exclusion["match"],
  values: string[],
): Exclusion => ({ column, match, values, reason });

describe("exclusion filters", () => {
  it.each<[string, Exclusion, string]>([
    [
      "a computer",
      ex("Computer", "equals", ["scan01", "scan02"]),
      '| where not(Computer in~ ("scan01", "scan02"))',
    ],
    [
      "a client address",
      ex("ClientIP", "equals", ["10.0.0.5"]),
      '| where not(ClientIP in~ ("10.0.0.5"))',
    ],
    [
      "a query name suffix",
      ex("Name", "suffix", ["Contoso.COM."]),
      '| where not(tolower(trim_end(@"\\.", Name)) == "contoso.com" or tolower(trim_end(@"\\.", Name)) endswith ".contoso.com")',
    ],
    [
      "an account",
      ex("AccountUpn", "equals", ["phish-sim@contoso.com"]),
      '| where not(AccountUpn in~ ("phish-sim@contoso.com"))',
    ],
    [
      "a URL prefix",
      ex("Url", "prefix", [
        "https://intranet.contoso.com/",
        "https://cdn.contoso.com/",
      ]),
      '| where not(Url startswith "https://intranet.contoso.com/" or Url startswith "https://cdn.contoso.com/")',
    ],
    [
      "a URL host",
      ex("Url", "host", ["partner.example"]),
      '| where not(tolower(trim_end(@"\\.", tostring(parse_url(Url).Host))) == "partner.example" or tolower(trim_end(@"\\.", tostring(parse_url(Url).Host))) endswith ".partner.example")',
    ],
    [
      "an action type",
      ex("ActionType", "equals", ["ClickBlocked"]),
      '| where not(ActionType in~ ("ClickBlocked"))',
    ],
  ])("leaves out %s", (_case, exclusion, line) => {
    expect(exclusionFilters([exclusion], "\n")).toBe(`\n${line}`);
  });

  it("gives each exclusion its own line, so all of them apply", () => {
    expect(
      exclusionFilters(
        [ex("Computer", "equals", ["a"]), ex("ClientIP", "equals", ["b"])],
        "\n",
      ),
    ).toBe(
      '\n| where not(Computer in~ ("a"))\n| where not(ClientIP in~ ("b"))',
    );
  });

  it("escapes values as KQL strings", () => {
    expect(exclusionFilters([ex("Computer", "equals", ['a"b\\c'])], "\n")).toBe(
      '\n| where not(Computer in~ ("a\\"b\\\\c"))',
    );
  });
});

describe("rules with exclusions", () => {
  const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);
  const [campaign] = inputs.campaigns;
  const watchlists = iocWatchlists([campaign.watchlistAlias]);

  it("filter the table before matching and list the reasons", () => {
    const [dns, url] = buildCampaignRules("contoso-prod", campaign, {
      dns: {
        exclusions: [
          { column: "Computer", equals: ["scan01"], reason: "the scanner" },
          { column: "Name", suffix: ["contoso.com"], reason: "our own zone" },
        ],
      },
      "url-click": {
        exclusions: [
          {
            column: "AccountUpn",
            equals: ["sim@contoso.com"],
            reason: "phishing drills",
          },
        ],
      },
    });

    expect(dns.query).toContain(
      'DnsEvents\n| where not(Computer in~ ("scan01"))\n| where not(tolower(trim_end(@"\\.", Name)) == "contoso.com" or tolower(trim_end(@"\\.", Name)) endswith ".contoso.com")\n| where SubType == "LookupQuery"',
    );
    expect(dns.description).toContain(
      "\n\nLeft out as known-benign:\n- Computer is scan01: the scanner\n- Name is in the domain contoso.com: our own zone",
    );
    expect(url.query).toContain(
      'let Clicks = UrlClickEvents\n    | where not(AccountUpn in~ ("sim@contoso.com"))\n    | extend ChainUrls',
    );
    expect(checkRule(dns, watchlists)).toEqual([]);
    expect(checkRule(url, watchlists)).toEqual([]);
  });

  it("leave the plain queries unchanged", () => {
    expect(buildDnsRuleQuery("ioc_x", { exclusions: [] })).toBe(
      buildDnsRuleQuery("ioc_x"),
    );
    expect(buildUrlClickRuleQuery("ioc_x", { exclusions: [] })).toBe(
      buildUrlClickRuleQuery("ioc_x"),
    );
  });
});

describe("exclusion settings", () => {
  const CAMPAIGNS: CampaignSchedule[] = [
    {
      key: "smartapesg",
      manifestFile: "iocs/smartapesg/campaign.yaml",
      queryFrequency: "PT1H",
      queryPeriod: "PT1H",
    },
  ];
  const file = (exclusion: string) => `tenants:
  - key: contoso
    tenantId: 9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34
    subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
    workspaces:
      - key: contoso-prod
        resourceGroupName: rg
        workspaceName: law-prod
        location: westeurope
        campaigns: [smartapesg]
        rules:
          smartapesg:
            dns:
              exclusions:
                - ${exclusion}
`;
  const parse = (text: string) => parseWorkspaces(text, "w.yaml", CAMPAIGNS);

  it.each([
    [
      "a process column the table lacks",
      "{ column: process.name, equals: [yum], reason: package updates }",
      'w.yaml:15: tenants[0].workspaces[0].rules.smartapesg.dns.exclusions[0].column is "process.name", but DnsEvents has no text column process.name, and the dns rule reads DnsEvents. Its text columns: ',
    ],
    [
      "no way of matching",
      "{ column: Computer, reason: backups }",
      "w.yaml:15: tenants[0].workspaces[0].rules.smartapesg.dns.exclusions[0]: an exclusion matches in exactly one way, but it gives none. Use one of equals, prefix, suffix, host.",
    ],
    [
      "two ways of matching",
      "{ column: Computer, equals: [a], prefix: [b], reason: backups }",
      "w.yaml:15: tenants[0].workspaces[0].rules.smartapesg.dns.exclusions[0]: an exclusion matches in exactly one way, but it gives equals and prefix. Use one of equals, prefix, suffix, host.",
    ],
    [
      "no reason",
      "{ column: Computer, equals: [a], reason: '' }",
      'w.yaml:15: tenants[0].workspaces[0].rules.smartapesg.dns.exclusions[0].reason is "", but say why this activity is benign; the rule description lists it.',
    ],
  ])("rejects %s", (_case, exclusion, message) => {
    const run = () => parse(file(exclusion));

    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it("suggests the column meant", () => {
    expect(() =>
      parse(file("{ column: computer, equals: [a], reason: backups }")),
    ).toThrow(
      "DnsEvents has no text column computer, and the dns rule reads DnsEvents. Did you mean Computer?",
    );
  });
});
