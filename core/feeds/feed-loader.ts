/** One indicator as a feed file writes it, before refanging and normalisation. */
export interface FeedRow {
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  /** The indicator type as written, for example `url`, `ip:port` or `md5_hash`. */
  readonly type: string;
  /** The indicator as written, possibly defanged. */
  readonly value: string;
  readonly threatType?: string;
  readonly malware?: string;
  /** As written; `toIsoUtc` converts it. */
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** As written: a number, or text such as `100%`. */
  readonly confidence?: string | number;
  readonly reference?: string;
  readonly tags?: readonly string[];
  /** The reason the row cannot be read, when the loader has found one: ingestion rejects the row with it. */
  readonly problem?: string;
  /** The reason a valid row is no IOC, such as a hosts file's own `localhost` entry: ingestion counts it as filtered. */
  readonly skipReason?: string;
}

/** Names of the feed formats; a campaign manifest may name one per feed. */
export const FEED_FORMATS = [
  "threatfox-csv",
  "threatfox-json",
  "threatfox-api",
  "json-ioc-list",
  "hostfile",
  "markdown-table",
  "plain-list",
] as const;

export type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * Reads one feed format. A new format implements this interface and is added to
 * the list in `loaders.ts`.
 */
export interface FeedLoader {
  readonly format: FeedFormat;
  /** Tells whether the text looks like this format; checked in list order. */
  detect(text: string): boolean;
  /**
   * Reads every indicator row. Throws an `InputError` naming the file when the
   * file as a whole is malformed. Single bad rows are returned as they are, so
   * ingestion can reject them with their line.
   */
  parse(text: string, fileName: string): FeedRow[];
}

/** Words that feeds write for a missing value. */
const PLACEHOLDER_WORDS = new Set([
  "",
  "none",
  "null",
  "n/a",
  "na",
  "-",
  "unknown",
]);

/** Returns the text with surrounding space removed, or undefined when it is a placeholder. */
export function presentText(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const text = String(value).trim();
  if (PLACEHOLDER_WORDS.has(text.toLowerCase())) {
    return undefined;
  }
  return text;
}

/** Splits a comma-separated tag list, as ThreatFox writes one, into its tags. */
export function splitTags(text: string | undefined): string[] {
  if (text === undefined) {
    return [];
  }
  return text
    .split(",")
    .map((tag) => presentText(tag))
    .filter((tag): tag is string => tag !== undefined);
}
