import type { Campaign } from "./campaigns/campaign";
import type { WorkspaceConfig } from "./config/workspaces";
import { durationMinutes } from "./duration";
import { healthRuleName } from "./identity";
import { ruleTable } from "./kql/exclusions";
import { kqlString } from "./kql/watchlist-columns";
import type { RuleDefinition } from "./rules";

/** A health rule with the Terraform name it gets in the stack. */
export interface HealthRule {
  readonly logicalId: string;
  readonly rule: RuleDefinition;
}

/**
 * Builds a workspace's health rules: one per table that its enabled campaign
 * rules read, raising an informational alert when the table received nothing
 * for `health.silentAfter`, and one per campaign whose watchlist is empty.
 */
export function buildHealthRules(
  workspace: Pick<WorkspaceConfig, "key" | "health" | "dns">,
  campaigns: readonly Campaign[],
  campaignRules: readonly RuleDefinition[],
): HealthRule[] {
  if (!workspace.health.enabled) {
    return [];
  }
  const silence = workspace.health.silentAfter;
  const silenceText = spokenDuration(silence);
  const tables = [
    ...new Set(
      campaignRules
        .filter((rule) => rule.enabled && rule.kind !== "health")
        .map((rule) =>
          ruleTable(rule.kind as "dns" | "url-click", workspace.dns.source),
        ),
    ),
  ].sort();

  const tableRules = tables.map(
    (table): HealthRule => ({
      logicalId: `health_table_${table.toLowerCase().replace(/[^a-z0-9]/g, "")}`,
      rule: healthRule({
        name: healthRuleName(workspace.key, `table\n${table}`),
        displayName: `Table health: no ${table} events for ${silenceText}`,
        alert: `Raises an informational alert when ${table} received no events for ${silenceText}`,
        description: `Raises an informational alert when ${table} received no events for ${silenceText}. The sentinel-ioc-cdktf rules that hunt IOCs in ${table} find nothing while it is silent: check the data connector that fills it (see the README's data connector section).`,
        query: `${table}\n| where TimeGenerated > ago(${durationMinutes(silence)}m)\n| summarize Events = count()\n| where Events == 0`,
        queryFrequency: "PT1H",
        queryPeriod: silence,
      }),
    }),
  );
  const watchlistRules = [...campaigns]
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(
      (campaign): HealthRule => ({
        logicalId: `health_watchlist_${campaign.key.replace(/-/g, "_")}`,
        rule: healthRule({
          name: healthRuleName(workspace.key, `watchlist\n${campaign.key}`),
          displayName: `Watchlist health: ${campaign.watchlistAlias} is empty`,
          alert: `Raises an informational alert when the watchlist ${campaign.watchlistAlias} contains no IOC, so the ${campaign.manifest.name} rules find nothing`,
          description: `Raises an informational alert when the watchlist ${campaign.watchlistAlias} contains no IOC, so the ${campaign.manifest.name} rules find nothing. Check the campaign's feeds and minimumConfidence.`,
          query: `_GetWatchlist(${kqlString(campaign.watchlistAlias)})\n| summarize Items = count()\n| where Items == 0`,
          queryFrequency: "P1D",
          queryPeriod: "P1D",
        }),
      }),
    );
  return [...tableRules, ...watchlistRules];
}

function healthRule({
  alert,
  ...fields
}: {
  name: string;
  displayName: string;
  /** The alert's own text: the description's first sentence. */
  alert: string;
  description: string;
  query: string;
  queryFrequency: string;
  queryPeriod: string;
}): RuleDefinition {
  return {
    ...fields,
    kind: "health",
    severity: "Informational",
    tactics: [],
    techniques: [],
    entityMappings: [],
    customDetails: {},
    alertDisplayNameFormat: fields.displayName,
    alertDescriptionFormat: alert,
    triggerOperator: "GreaterThan",
    triggerThreshold: 0,
    suppressionEnabled: false,
    suppressionDuration: "PT5H",
    enabled: true,
    // Health alerts inform; they do not need an incident each.
    createIncident: false,
    grouping: {
      enabled: false,
      lookbackDuration: "PT5H",
      matchingMethod: "AllEntities",
      reopenClosedIncidents: false,
    },
    groupingEntities: [],
  };
}

/** Writes a duration in words: 24 hours, 2 days, 90 minutes. */
function spokenDuration(duration: string): string {
  const minutes = durationMinutes(duration) ?? 0;
  const [count, unit] =
    minutes % (24 * 60) === 0 && minutes >= 2 * 24 * 60
      ? [minutes / (24 * 60), "day"]
      : minutes % 60 === 0
        ? [minutes / 60, "hour"]
        : [minutes, "minute"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
