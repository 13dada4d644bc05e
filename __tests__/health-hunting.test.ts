import { buildHealthRules } from "../core/health";
import { buildHuntingQueries, HUNTING_CATEGORY } from "../core/hunting";
import { loadInputs } from "../core/inputs";
import { analyseKql, iocWatchlists } from "../core/kql/kusto-parser";
import { workspaceRules } from "../core/rules";
import { checkRule } from "../core/validation/check-rule";
import type { StackJson } from "./support/synth";
import {
  EXAMPLE_ENV,
  PROJECT_DIR,
  resourceOf,
  synthProject,
} from "./support/synth";

const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);
const [campaign] = inputs.campaigns;
const workspace = (key: string) =>
  inputs.workspaces.find(
    (candidate) => candidate.key === key,
  ) as (typeof inputs.workspaces)[number];
const healthOf = (key: string, health = workspace(key).health) => {
  const target = { ...workspace(key), health };
  return buildHealthRules(target, [campaign], workspaceRules(target, campaign));
};
const watchlists = iocWatchlists([campaign.watchlistAlias]);

describe("health rules", () => {
  it("watch every table the enabled rules read", () => {
    expect(healthOf("contoso-dev").map((health) => health.logicalId)).toEqual([
      "health_table_dnsevents",
      "health_table_urlclickevents",
      "health_watchlist_smartapesg",
    ]);
    // northwind-us switches its URL click rule off, so UrlClickEvents is not
    // watched, and reads DNS through the ASIM parser.
    expect(healthOf("northwind-us").map((health) => health.logicalId)).toEqual([
      "health_table_imdns",
      "health_watchlist_smartapesg",
    ]);
    expect(healthOf("northwind-eu").map((health) => health.logicalId)).toEqual([
      "health_table_asimdnsactivitylogs",
      "health_table_urlclickevents",
      "health_watchlist_smartapesg",
    ]);
  });

  it("raise an informational alert on a silent table", () => {
    const [table] = healthOf("contoso-dev");

    expect(table.rule).toMatchObject({
      displayName: "Table health: no DnsEvents events for 24 hours",
      severity: "Informational",
      queryFrequency: "PT1H",
      queryPeriod: "PT24H",
      createIncident: false,
      entityMappings: [],
      query:
        "DnsEvents\n| where TimeGenerated > ago(1440m)\n| summarize Events = count()\n| where Events == 0",
    });
  });

  it("take the silence window from the workspace", () => {
    const [table] = healthOf("contoso-dev", {
      enabled: true,
      silentAfter: "P2D",
    });

    expect(table.rule.displayName).toBe(
      "Table health: no DnsEvents events for 2 days",
    );
    expect(table.rule.queryPeriod).toBe("P2D");
    expect(table.rule.query).toContain("ago(2880m)");
  });

  it("raise an alert on an empty watchlist", () => {
    const watchlist = healthOf("contoso-dev")[2];

    expect(watchlist.rule.displayName).toBe(
      "Watchlist health: ioc_smartapesg is empty",
    );
    expect(watchlist.rule.query).toBe(
      '_GetWatchlist("ioc_smartapesg")\n| summarize Items = count()\n| where Items == 0',
    );
  });

  it("pass every check, the Kusto parser's included", () => {
    for (const { rule } of healthOf("contoso-dev")) {
      expect(checkRule(rule, watchlists)).toEqual([]);
    }
  });

  it("can be switched off", () => {
    expect(
      healthOf("contoso-dev", { enabled: false, silentAfter: "PT24H" }),
    ).toEqual([]);
  });
});

describe("hunting queries", () => {
  const queries = buildHuntingQueries(workspace("contoso-prod"), campaign);

  it("save both hunts with their tags", () => {
    expect(queries.map((query) => [query.kind, query.displayName])).toEqual([
      ["dns", "SmartApeSG: DNS queries for IOC domains (14 days)"],
      ["url-click", "SmartApeSG: clicks on IOC URLs (14 days)"],
    ]);
    expect(queries[0].tags).toEqual({
      description:
        "DNS lookups of the campaign's domains over the last 14 days, for the SmartApeSG campaign's IOCs in the watchlist ioc_smartapesg.",
      tactics: "InitialAccess,Execution,CommandAndControl",
      techniques: "T1189,T1204,T1071",
    });
    expect(queries[0].query).toContain(
      "DnsEvents\n| where TimeGenerated > ago(14d)\n",
    );
    expect(queries[1].query).toContain(
      "let Clicks = UrlClickEvents\n    | where TimeGenerated > ago(14d)\n",
    );
  });

  it("parse and bind against the table schemas", () => {
    for (const query of queries) {
      expect(analyseKql(query.query, watchlists).errors).toEqual([]);
    }
  });

  it("leave out the hunt of a rule switched off", () => {
    expect(
      buildHuntingQueries(workspace("northwind-us"), campaign).map(
        (query) => query.kind,
      ),
    ).toEqual(["dns"]);
  });

  it("follow the workspace's window and switch", () => {
    const longer = buildHuntingQueries(
      {
        ...workspace("contoso-prod"),
        hunting: { enabled: true, lookbackDays: 30 },
      },
      campaign,
    );

    expect(longer[0].query).toContain("ago(30d)");
    expect(
      buildHuntingQueries(
        {
          ...workspace("contoso-prod"),
          hunting: { enabled: false, lookbackDays: 14 },
        },
        campaign,
      ),
    ).toEqual([]);
  });

  it("are saved searches in the Hunting Queries category", () => {
    const stack = synthProject().stacks.get("contoso-prod") as StackJson;
    const saved = resourceOf(
      stack,
      "azurerm_log_analytics_saved_search",
      "hunt_smartapesg_dns",
    ) as Record<string, unknown>;

    expect(saved.category).toBe(HUNTING_CATEGORY);
    expect(saved.name).toBe(queries[0].name);
    expect(saved.tags).toEqual(queries[0].tags);
    expect(saved.log_analytics_workspace_id).toBe(
      "${azurerm_sentinel_log_analytics_workspace_onboarding.sentinel_onboarding.workspace_id}",
    );
  });
});
