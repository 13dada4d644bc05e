/** Indicator types the package understands, in the order ingestion sorts IOCs by. */
export const INDICATOR_TYPES = [
  "domain",
  "url",
  "ip",
  "md5",
  "sha1",
  "sha256",
] as const;

export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Indicator types that the analytics rules hunt, and so that go into watchlists. */
export const DEPLOYED_TYPES: readonly IndicatorType[] = ["domain", "url"];

/** An indicator after refanging and normalisation. */
export interface NormalisedIndicator {
  readonly type: IndicatorType;
  /** The canonical form: with the port, the key for de-duplication and for the watchlist item name. */
  readonly value: string;
  /** The port of an `ip:port` indicator. */
  readonly port?: number;
  /** The form to show people when it differs from the value: an internationalised name in Unicode. */
  readonly displayValue?: string;
  /** The address of a URL whose host is an IP literal, which IP hunting would match. */
  readonly hostIp?: string;
  /** The host a DNS query for this indicator would name: the domain itself, or a URL's host when it is a name, not an IP literal. */
  readonly host?: string;
}

/** An IOC of a campaign, merged from every feed row with the same type, value and port. */
export interface Ioc extends NormalisedIndicator {
  /** The value as a feed wrote it; of several spellings, the first in code-unit order. */
  readonly rawValue: string;
  /** Every tag the feeds give, sorted. */
  readonly tags: readonly string[];
  /** ISO 8601 UTC, for example `2026-06-12T00:00:00Z`. */
  readonly firstSeen?: string;
  /** ISO 8601 UTC. */
  readonly lastSeen?: string;
  /** 0 to 100. */
  readonly confidence?: number;
  /** Every threat type the feeds give, sorted and joined with ", ". */
  readonly threatType?: string;
  /** Every malware name the feeds give, sorted and joined with ", ". */
  readonly malware?: string;
  /** Every reference the feeds give, sorted and joined with a space. */
  readonly reference?: string;
  /** The feed files this IOC was read from, sorted. */
  readonly sources: readonly string[];
}
