/**
 * Columns of every IOC watchlist item, in order. `Indicator` is the search key.
 * Rules read them through `_GetWatchlist`, so renaming one breaks the rules.
 */
export const WATCHLIST_COLUMNS = [
  "Indicator",
  "IndicatorType",
  "Host",
  "ThreatType",
  "Malware",
  "Confidence",
  "FirstSeen",
  "LastSeen",
  "Reference",
  "Tags",
  "Sources",
] as const;

export type WatchlistColumn = (typeof WATCHLIST_COLUMNS)[number];

export const SEARCH_KEY_COLUMN: WatchlistColumn = "Indicator";

/** Writes a KQL double-quoted string literal; JSON escapes are valid KQL escapes. */
export function kqlString(text: string): string {
  return JSON.stringify(text);
}
