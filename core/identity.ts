import { v5 as uuidv5 } from "uuid";

import type { IndicatorType } from "./indicators/indicator";

/**
 * UUIDv5 namespace of this package. Every generated resource name derives from
 * it, so changing it would replace every deployed watchlist item, rule and
 * connector.
 */
export const NAME_NAMESPACE = "5b0f3f63-8d3e-4c1b-9f0a-6a1f2c1d8e47";

/** Kinds of scheduled analytics rule that each campaign gets. */
export type RuleKind = "dns" | "url-click";

/** Returns the watchlist item name of an IOC: stable for the same normalised value. */
export function watchlistItemName(
  watchlistAlias: string,
  type: IndicatorType,
  value: string,
): string {
  return uuidv5(
    `watchlist-item\n${watchlistAlias}\n${type}\n${value}`,
    NAME_NAMESPACE,
  );
}

/** Returns the analytics rule name (its ARM resource name) of a campaign's rule. */
export function ruleName(
  workspaceKey: string,
  campaignKey: string,
  kind: RuleKind,
): string {
  return uuidv5(
    `rule\n${workspaceKey}\n${campaignKey}\n${kind}`,
    NAME_NAMESPACE,
  );
}

/** Returns the data connector name of a workspace's connector. */
export function connectorName(workspaceKey: string, connector: string): string {
  return uuidv5(
    `data-connector\n${workspaceKey}\n${connector}`,
    NAME_NAMESPACE,
  );
}
