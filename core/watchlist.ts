import type { Campaign } from "./campaigns/campaign";
import { watchlistItemName } from "./identity";
import type { Ioc } from "./indicators/indicator";
import type { WatchlistColumn } from "./kql/watchlist-columns";

/** A campaign's watchlist, described as plain data for the construct to map. */
export interface WatchlistDefinition {
  readonly alias: string;
  /**
   * The display name and description force the watchlist's replacement (and
   * so every item's) when they change, so both derive from the campaign key
   * only, never from counts, dates or the manifest's display name.
   */
  readonly displayName: string;
  readonly description: string;
  /** Item name (a UUIDv5) to the item's properties, sorted by item name. */
  readonly items: Readonly<
    Record<string, Readonly<Record<WatchlistColumn, string>>>
  >;
}

const built = new WeakMap<Campaign, WatchlistDefinition>();

/**
 * Builds a campaign's watchlist and its items. Validation and every stack
 * that receives the campaign ask for the same one, so it is built once.
 */
export function buildWatchlist(campaign: Campaign): WatchlistDefinition {
  const earlier = built.get(campaign);
  if (earlier !== undefined) {
    return earlier;
  }
  const alias = campaign.watchlistAlias;
  const named = campaign.ingestion.deployed.map(
    (ioc) =>
      [
        watchlistItemName(alias, ioc.type, ioc.value),
        itemProperties(ioc),
      ] as const,
  );
  named.sort(([a], [b]) => (a < b ? -1 : 1));

  const watchlist: WatchlistDefinition = {
    alias,
    displayName: `IOC ${campaign.key}`,
    description: `Indicators of the ${campaign.key} campaign, managed by sentinel-ioc-cdktf from the feeds in its campaign folder. Edits made in the portal are overwritten on the next deploy.`,
    items: Object.fromEntries(named),
  };
  built.set(campaign, watchlist);
  return watchlist;
}

/** Returns the properties of an IOC's watchlist item; an absent value is an empty string, so every column exists. */
export function itemProperties(ioc: Ioc): Record<WatchlistColumn, string> {
  return {
    Indicator: ioc.value,
    IndicatorType: ioc.type,
    Host: ioc.host ?? "",
    ThreatType: ioc.threatType ?? "",
    Malware: ioc.malware ?? "",
    Confidence: ioc.confidence === undefined ? "" : String(ioc.confidence),
    FirstSeen: ioc.firstSeen ?? "",
    LastSeen: ioc.lastSeen ?? "",
    Reference: ioc.reference ?? "",
    Tags: ioc.tags.join(","),
    Sources: ioc.sources.join(","),
  };
}
