import type { Campaign } from "./campaigns/campaign";
import type { WorkspaceConfig } from "./config/workspaces";
import type { RuleKind } from "./identity";
import { huntingQueryName } from "./identity";
import { buildDnsRuleQuery } from "./kql/dns-rule";
import { buildUrlClickRuleQuery } from "./kql/url-click-rule";
import { exclusionsOf, workspaceRules } from "./rules";

/** The Log Analytics category Sentinel lists as its hunting queries. */
export const HUNTING_CATEGORY = "Hunting Queries";

/** A campaign's hunt saved as a Sentinel hunting query, described as plain data. */
export interface HuntingQueryDefinition {
  readonly kind: RuleKind;
  /** The saved search name, a UUIDv5 of the workspace key, campaign key and kind. */
  readonly name: string;
  readonly displayName: string;
  readonly query: string;
  /** Sentinel reads `description`, `tactics` and `techniques` from these tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Builds a campaign's hunting queries for one workspace: the DNS and URL
 * click hunts of its enabled rules over the workspace's hunting window, so
 * analysts can run them by hand over past events when a campaign lands.
 */
export function buildHuntingQueries(
  workspace: Pick<WorkspaceConfig, "key" | "hunting" | "rules"> &
    Partial<Pick<WorkspaceConfig, "dns">>,
  campaign: Campaign,
): HuntingQueryDefinition[] {
  if (!workspace.hunting.enabled) {
    return [];
  }
  // A rule switched off means its table is not there to hunt in either.
  const enabled = new Set(
    workspaceRules(workspace, campaign)
      .filter((rule) => rule.enabled)
      .map((rule) => rule.kind),
  );
  const { manifest, watchlistAlias } = campaign;
  const days = workspace.hunting.lookbackDays;
  const tags = (subject: string) => ({
    description: `${subject} over the last ${days} days, for the ${manifest.name} campaign's IOCs in the watchlist ${watchlistAlias}.`,
    tactics: manifest.tactics.join(","),
    techniques: manifest.techniques.join(","),
  });
  const queries: HuntingQueryDefinition[] = [
    {
      kind: "dns",
      name: huntingQueryName(workspace.key, campaign.key, "dns"),
      displayName: `${manifest.name}: DNS queries for IOC domains (${days} days)`,
      query: buildDnsRuleQuery(watchlistAlias, {
        lookbackDays: days,
        exclusions: exclusionsOf(workspace.rules[campaign.key]?.dns),
        source: workspace.dns?.source,
      }),
      tags: tags("DNS lookups of the campaign's domains"),
    },
    {
      kind: "url-click",
      name: huntingQueryName(workspace.key, campaign.key, "url-click"),
      displayName: `${manifest.name}: clicks on IOC URLs (${days} days)`,
      query: buildUrlClickRuleQuery(watchlistAlias, {
        lookbackDays: days,
        exclusions: exclusionsOf(workspace.rules[campaign.key]?.["url-click"]),
      }),
      tags: tags("Safe Links clicks on the campaign's URLs and domains"),
    },
  ];
  return queries.filter((query) => enabled.has(query.kind));
}
