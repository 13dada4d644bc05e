import { createHash } from "node:crypto";

import type { IndicatorType } from "./indicators/indicator";

/**
 * UUIDv5 namespace of this package. Every generated resource name derives from
 * it, so changing it would replace every deployed watchlist item, rule and
 * connector.
 */
export const NAME_NAMESPACE = "5b0f3f63-8d3e-4c1b-9f0a-6a1f2c1d8e47";

const NAMESPACE_BYTES = Buffer.from(NAME_NAMESPACE.replace(/-/g, ""), "hex");

/**
 * Returns the name-based UUID (version 5, RFC 9562) of `name` in this
 * package's namespace: the SHA-1 of the namespace and the UTF-8 name, with the
 * version and variant bits set. Built on node:crypto because synth names every
 * watchlist item this way, and a general-purpose library was the slower part.
 */
function uuidv5(name: string): string {
  const hash = createHash("sha1")
    .update(NAMESPACE_BYTES)
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString("hex", 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Kinds of scheduled analytics rule that each campaign gets. */
export type RuleKind = "dns" | "url-click";

/** Returns the watchlist item name of an IOC: stable for the same normalised value. */
export function watchlistItemName(
  watchlistAlias: string,
  type: IndicatorType,
  value: string,
): string {
  return uuidv5(`watchlist-item\n${watchlistAlias}\n${type}\n${value}`);
}

/** Returns the analytics rule name (its ARM resource name) of a campaign's rule. */
export function ruleName(
  workspaceKey: string,
  campaignKey: string,
  kind: RuleKind,
): string {
  return uuidv5(`rule\n${workspaceKey}\n${campaignKey}\n${kind}`);
}

/** Returns the data connector name of a workspace's connector. */
export function connectorName(workspaceKey: string, connector: string): string {
  return uuidv5(`data-connector\n${workspaceKey}\n${connector}`);
}

/** Returns the name of a workspace's health rule for a table or a campaign's watchlist. */
export function healthRuleName(workspaceKey: string, subject: string): string {
  return uuidv5(`health-rule\n${workspaceKey}\n${subject}`);
}

/** Returns the saved search name of a campaign's hunting query. */
export function huntingQueryName(
  workspaceKey: string,
  campaignKey: string,
  kind: RuleKind,
): string {
  return uuidv5(`hunting-query\n${workspaceKey}\n${campaignKey}\n${kind}`);
}
