import { buildDnsRuleQuery } from "../core/kql/dns-rule";
import { buildUrlClickRuleQuery } from "../core/kql/url-click-rule";
import { buildCampaignRules } from "../core/rules";
import { loadInputs } from "../core/inputs";
import { analyseKql, iocWatchlists } from "../core/kql/kusto-parser";
import { EXAMPLE_ENV, PROJECT_DIR } from "./support/synth";

const [campaign] = loadInputs(PROJECT_DIR, EXAMPLE_ENV).campaigns;
const rules = buildCampaignRules("contoso-prod", campaign);
const watchlists = iocWatchlists(["ioc_smartapesg"]);

describe("rule queries", () => {
  it.each(rules.map((rule) => [rule.kind, rule] as const))(
    "%s query parses and binds cleanly",
    (_kind, rule) => {
      expect(analyseKql(rule.query, watchlists).errors).toEqual([]);
    },
  );

  it("parser catches a column Sentinel does not have", () => {
    expect(
      analyseKql("UrlClickEvents | project Timestamp, Url", watchlists).errors,
    ).toEqual([
      {
        code: "KS142",
        line: 1,
        column: 26,
        message:
          "The name 'Timestamp' does not refer to any known column, table, variable or function.",
        text: "Timestamp",
      },
    ]);
  });

  it.each(rules.map((rule) => [rule.kind, rule] as const))(
    "%s rule reads only columns its query outputs",
    (_kind, rule) => {
      const columns = analyseKql(rule.query, watchlists).columns.map(
        (column) => column.split(":")[0],
      );
      const placeholders = [
        rule.alertDisplayNameFormat,
        rule.alertDescriptionFormat,
      ].flatMap((format) =>
        [...format.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]),
      );
      const used = [
        ...rule.entityMappings.flatMap((mapping) =>
          mapping.fieldMappings.map((field) => field.columnName),
        ),
        ...Object.values(rule.customDetails),
        ...placeholders,
      ];

      for (const column of used) {
        expect(columns).toContain(column);
      }
    },
  );

  it("outputs the DNS rule's columns with their types", () => {
    expect(
      analyseKql(buildDnsRuleQuery("ioc_smartapesg"), watchlists).columns,
    ).toEqual([
      "TimeGenerated:datetime",
      "Computer:string",
      "HostName:string",
      "HostDnsDomain:string",
      "ClientIP:string",
      "QueryName:string",
      "QueryType:string",
      "IPAddresses:string",
      "MatchedIndicator:string",
      "MatchedIndicatorType:string",
      "Malware:string",
      "ThreatType:string",
      "Confidence:int",
    ]);
  });

  it("outputs the URL click rule's columns with their types", () => {
    expect(
      analyseKql(buildUrlClickRuleQuery("ioc_smartapesg"), watchlists).columns,
    ).toEqual([
      "TimeGenerated:datetime",
      "AccountUpn:string",
      "IPAddress:string",
      "Url:string",
      "ClickedUrl:string",
      "ActionType:string",
      "IsClickedThrough:bool",
      "Workload:string",
      "NetworkMessageId:string",
      "ReportId:string",
      "MatchedIndicator:string",
      "MatchedIndicatorType:string",
      "Malware:string",
      "ThreatType:string",
      "Confidence:int",
    ]);
  });
});

describe("DNS matching", () => {
  const query = buildDnsRuleQuery("ioc_smartapesg");

  it("normalises the queried name once", () => {
    expect(query).toContain(
      [
        "| extend QueryName = tolower(Name)",
        '| extend QueryName = iff(QueryName endswith ".", substring(QueryName, 0, strlen(QueryName) - 1), QueryName)',
      ].join("\n"),
    );
  });

  // `notevil.test` expands to notevil.test and test, and `evil.test.cdn.example`
  // to itself, test.cdn.example, cdn.example and example: neither yields
  // evil.test, so only a whole-label suffix can match.
  it("matches whole-label suffixes exactly", () => {
    expect(query).toContain(
      [
        '| extend QueryLabels = split(QueryName, ".")',
        "| mv-expand SuffixStart = range(0, array_length(QueryLabels) - 1, 1) to typeof(long)",
        '| extend IocDomain = strcat_array(array_slice(QueryLabels, SuffixStart, -1), ".")',
        "| lookup kind=inner IocDomains on IocDomain",
      ].join("\n"),
    );
    expect(query).not.toMatch(/\b(has|has_any|contains|endswith_cs)\b(?! ")/);
  });

  it("hunts domain IOCs and the hosts of URL IOCs", () => {
    expect(query).toContain('| where IndicatorType in ("domain", "url")');
    expect(query).toContain("| extend IocDomain = tolower(tostring(Host))");
  });
});

describe("URL click matching", () => {
  const query = buildUrlClickRuleQuery("ioc_smartapesg");

  it("checks the URL and its whole redirect chain", () => {
    expect(query).toContain(
      "| extend ChainUrls = iff(isempty(UrlChain), dynamic([]), todynamic(UrlChain))",
    );
    expect(query).toContain(
      "| mv-expand ClickedUrl = array_concat(pack_array(Url), ChainUrls) to typeof(string)",
    );
  });

  it("compares URLs with scheme and host lower-cased", () => {
    expect(query).toContain(
      '| extend NormalisedUrl = strcat(tolower(UrlAuthority), iff(UrlRest startswith "/", UrlRest, strcat("/", UrlRest)))',
    );
    expect(query).toContain(
      "| lookup kind=inner IocUrls on $left.NormalisedUrl == $right.MatchKey",
    );
  });

  it("matches clicked hosts against domain IOCs at label boundaries", () => {
    expect(query).toContain(
      '| extend MatchKey = strcat_array(array_slice(HostLabels, SuffixStart, -1), ".")',
    );
    expect(query).toContain("| lookup kind=inner IocDomains on MatchKey");
  });
});
