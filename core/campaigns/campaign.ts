import type { CampaignManifest } from "./manifest";
import type { IngestionResult } from "./ingest";

/** A campaign folder under `iocs/`, read and ingested. */
export interface Campaign {
  /** The folder name: the campaign's stable key in construct ids, watchlist alias and rule names. */
  readonly key: string;
  readonly manifest: CampaignManifest;
  /** The alias of the campaign's watchlist, which the rules pass to `_GetWatchlist`. */
  readonly watchlistAlias: string;
  readonly ingestion: IngestionResult;
  /** Files in the campaign folder that no feed entry names, so they were not read. */
  readonly unlistedFiles: readonly string[];
}

/**
 * Campaign keys: lower-case letters, digits and inner hyphens, at most 40
 * characters, so the watchlist alias `ioc_<key>` stays within Sentinel's 3 to
 * 64 characters and the key is a valid Terraform identifier.
 */
export const CAMPAIGN_KEY = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Returns the alias of a campaign's allow list, the watchlist the SOC fills in
 * the portal with indicators it treats as benign: `ioc_allow_` and the key.
 */
export function allowListAliasOf(watchlistAlias: string): string {
  return watchlistAlias.replace(/^ioc_/, "ioc_allow_");
}

/** Returns the watchlist alias of a campaign: `ioc_` and the key with hyphens as underscores. */
export function watchlistAliasOf(campaignKey: string): string {
  return `ioc_${campaignKey.replace(/-/g, "_")}`;
}
