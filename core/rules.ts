import type { Campaign } from "./campaigns/campaign";
import type {
  CampaignRuleOverrides,
  RuleOverride,
} from "./config/workspace-settings";
import type { WorkspaceConfig } from "./config/workspaces";
import { DEFAULT_SUPPRESSION } from "./config/workspaces";
import type { RuleKind } from "./identity";
import { ruleName } from "./identity";
import { buildDnsRuleQuery } from "./kql/dns-rule";
import type { DnsSource, Exclusion } from "./kql/exclusions";
import {
  describeExclusions,
  DNS_SOURCE_TABLES,
  EXCLUSION_MATCHES,
} from "./kql/exclusions";
import { buildUrlClickRuleQuery } from "./kql/url-click-rule";
import type { Severity, Tactic } from "./sentinel-vocabulary";

/** An entity of the alert, read from the query's output columns. */
export interface EntityMapping {
  readonly entityType: string;
  readonly fieldMappings: readonly {
    readonly identifier: string;
    readonly columnName: string;
  }[];
}

/** A scheduled analytics rule, described as plain data for the construct to map. */
export interface RuleDefinition {
  /** The campaign rule kind, or `health` for a workspace's health rules. */
  readonly kind: RuleKind | "health";
  /** The rule's ARM name, a UUIDv5 of the workspace key, campaign key and rule kind. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly severity: Severity;
  readonly tactics: readonly Tactic[];
  readonly techniques: readonly string[];
  readonly query: string;
  /** ISO 8601 duration between runs. */
  readonly queryFrequency: string;
  /** ISO 8601 duration of the event window each run reads. */
  readonly queryPeriod: string;
  readonly entityMappings: readonly EntityMapping[];
  /** Custom detail key to output column. */
  readonly customDetails: Readonly<Record<string, string>>;
  readonly alertDisplayNameFormat: string;
  readonly alertDescriptionFormat: string;
  readonly enabled: boolean;
  /** Whether alerts raise incidents; when false the rule only writes alerts. */
  readonly createIncident: boolean;
  readonly grouping: {
    readonly enabled: boolean;
    /** ISO 8601 duration: alerts within it join the same incident. */
    readonly lookbackDuration: string;
    readonly matchingMethod: "AllEntities" | "AnyAlert" | "Selected";
    readonly reopenClosedIncidents: boolean;
  };
  /** Entity types whose alerts are grouped into one incident when the matching method is Selected. */
  readonly groupingEntities: readonly string[];
  /** The rule raises alerts when the result count compares so with the threshold. */
  readonly triggerOperator: "GreaterThan" | "LessThan" | "Equal" | "NotEqual";
  readonly triggerThreshold: number;
  readonly suppressionEnabled: boolean;
  /** ISO 8601 duration; applies only when suppression is enabled. */
  readonly suppressionDuration: string;
}

const CUSTOM_DETAILS = {
  MatchedIndicator: "MatchedIndicator",
  IndicatorType: "MatchedIndicatorType",
  Malware: "Malware",
  Confidence: "Confidence",
} as const;

/**
 * Builds a campaign's scheduled analytics rules for one workspace, DNS then
 * URL click, with the workspace's overrides of their settings applied.
 */
export function buildCampaignRules(
  workspaceKey: string,
  campaign: Campaign,
  overrides: CampaignRuleOverrides = {},
  dnsSource: DnsSource = "dnsevents",
): RuleDefinition[] {
  const { manifest, watchlistAlias } = campaign;
  const common = {
    severity: manifest.severity,
    tactics: manifest.tactics,
    techniques: manifest.techniques,
    queryFrequency: manifest.queryFrequency,
    queryPeriod: manifest.queryPeriod,
    // One alert per matching event, never suppressed.
    triggerOperator: "GreaterThan" as const,
    triggerThreshold: 0,
    suppressionEnabled: false,
    suppressionDuration: DEFAULT_SUPPRESSION,
    customDetails: CUSTOM_DETAILS,
    enabled: true,
    createIncident: true,
    grouping: {
      enabled: true,
      lookbackDuration: "PT5H",
      matchingMethod: "Selected" as const,
      reopenClosedIncidents: false,
    },
  };
  const source = `IOCs are read from the watchlist ${watchlistAlias}, which sentinel-ioc-cdktf keeps in step with the campaign's feeds.`;

  const dns: RuleDefinition = {
    ...common,
    kind: "dns",
    name: ruleName(workspaceKey, campaign.key, "dns"),
    displayName: `${manifest.name}: DNS query for an IOC domain`,
    description: `${manifest.description}\n\nReports DNS lookups in ${DNS_SOURCE_TABLES[dnsSource]} for the campaign's domains, the hosts of its URLs, and their subdomains. ${source}${describeExclusions(exclusionsOf(overrides.dns))}`,
    query: buildDnsRuleQuery(watchlistAlias, {
      exclusions: exclusionsOf(overrides.dns),
      source: dnsSource,
    }),
    entityMappings: [
      {
        entityType: "Host",
        fieldMappings: [
          { identifier: "FullName", columnName: "Computer" },
          { identifier: "HostName", columnName: "HostName" },
          { identifier: "DnsDomain", columnName: "HostDnsDomain" },
        ],
      },
      {
        entityType: "IP",
        fieldMappings: [{ identifier: "Address", columnName: "ClientIP" }],
      },
      {
        entityType: "DNS",
        fieldMappings: [{ identifier: "DomainName", columnName: "QueryName" }],
      },
    ],
    alertDisplayNameFormat: `${manifest.name}: DNS query for {{MatchedIndicator}}`,
    alertDescriptionFormat: `{{Computer}} looked up {{QueryName}}, which matches the ${manifest.name} IOC {{MatchedIndicator}}.`,
    groupingEntities: ["Host"],
  };

  const urlClick: RuleDefinition = {
    ...common,
    kind: "url-click",
    name: ruleName(workspaceKey, campaign.key, "url-click"),
    displayName: `${manifest.name}: click on an IOC URL`,
    description: `${manifest.description}\n\nReports Safe Links clicks in UrlClickEvents on the campaign's URLs, including redirect chains, and on URLs whose host is one of its domains or their subdomains. ${source}${describeExclusions(exclusionsOf(overrides["url-click"]))}`,
    query: buildUrlClickRuleQuery(watchlistAlias, {
      exclusions: exclusionsOf(overrides["url-click"]),
    }),
    entityMappings: [
      {
        entityType: "Account",
        fieldMappings: [{ identifier: "FullName", columnName: "AccountUpn" }],
      },
      {
        entityType: "URL",
        fieldMappings: [{ identifier: "Url", columnName: "ClickedUrl" }],
      },
      {
        entityType: "IP",
        fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }],
      },
    ],
    alertDisplayNameFormat: `${manifest.name}: click on {{MatchedIndicator}}`,
    alertDescriptionFormat: `{{AccountUpn}} clicked {{ClickedUrl}}, which matches the ${manifest.name} IOC {{MatchedIndicator}}.`,
    groupingEntities: ["Account"],
  };

  return [
    applyOverride(dns, overrides.dns),
    applyOverride(urlClick, overrides["url-click"]),
  ];
}

/** Returns a rule override's exclusions in the form the query builders take. */
export function exclusionsOf(override: RuleOverride | undefined): Exclusion[] {
  return (override?.exclusions ?? []).map((entry) => {
    const match =
      EXCLUSION_MATCHES.find((candidate) => entry[candidate] !== undefined) ??
      "equals";
    return {
      column: entry.column,
      match,
      values: entry[match] ?? [],
      reason: entry.reason,
    };
  });
}

/** Builds a campaign's rules for a workspace with that workspace's overrides. */
export function workspaceRules(
  workspace: Pick<WorkspaceConfig, "key" | "rules"> &
    Partial<Pick<WorkspaceConfig, "dns">>,
  campaign: Campaign,
): RuleDefinition[] {
  return buildCampaignRules(
    workspace.key,
    campaign,
    workspace.rules[campaign.key],
    workspace.dns?.source,
  );
}

/** Returns the rule with the settings a workspace overrides replaced. */
function applyOverride(
  rule: RuleDefinition,
  override: RuleOverride | undefined,
): RuleDefinition {
  if (override === undefined) {
    return rule;
  }
  const grouping = override.incident?.grouping;
  return {
    ...rule,
    enabled: override.enabled ?? rule.enabled,
    severity: override.severity ?? rule.severity,
    queryFrequency: override.queryFrequency ?? rule.queryFrequency,
    queryPeriod: override.queryPeriod ?? rule.queryPeriod,
    suppressionEnabled:
      override.suppression?.enabled ?? rule.suppressionEnabled,
    suppressionDuration:
      override.suppression?.duration ?? rule.suppressionDuration,
    createIncident: override.incident?.create ?? rule.createIncident,
    grouping: {
      enabled: grouping?.enabled ?? rule.grouping.enabled,
      lookbackDuration: grouping?.lookback ?? rule.grouping.lookbackDuration,
      matchingMethod: grouping?.matching ?? rule.grouping.matchingMethod,
      reopenClosedIncidents:
        grouping?.reopenClosed ?? rule.grouping.reopenClosedIncidents,
    },
  };
}
