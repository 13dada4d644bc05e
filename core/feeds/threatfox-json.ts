import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import { presentText } from "./feed-loader";

/**
 * Reads the ThreatFox JSON export: an object keyed by IOC id whose values are
 * lists of IOC objects (one element in every copy seen, read as a list all the
 * same).
 */
export const threatFoxJsonLoader: FeedLoader = {
  format: "threatfox-json",

  detect(text: string): boolean {
    if (!/^\s*\{/.test(text)) {
      return false;
    }
    const exported = tryParseJson(text);
    if (!isPlainObject(exported)) {
      return false;
    }
    const first = Object.values(exported)[0];
    return (
      Array.isArray(first) && isPlainObject(first[0]) && "ioc_value" in first[0]
    );
  },

  parse(text: string, fileName: string): FeedRow[] {
    let exported: unknown;
    try {
      exported = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        `${fileName}: invalid JSON (${(error as Error).message}). Download the ThreatFox JSON export again; a cut-off download ends mid-object.`,
      );
    }
    if (!isPlainObject(exported)) {
      throw new InputError(
        `${fileName}: a ThreatFox JSON export is an object keyed by IOC id, but the file contains ${describeJson(exported)}. Check that the file is the JSON export, or set the feed's format in campaign.yaml.`,
      );
    }

    const lines = keyLines(text);
    const rows: FeedRow[] = [];
    for (const [iocId, entries] of Object.entries(exported)) {
      const line = lines.get(iocId) ?? 1;
      if (!Array.isArray(entries)) {
        throw new InputError(
          `${fileName}:${line}: IOC id ${iocId} contains ${describeJson(entries)}, but a ThreatFox JSON export has a list of IOC objects under each id. Download the export again.`,
        );
      }
      for (const entry of entries) {
        rows.push(readEntry(entry, line));
      }
    }
    return rows;
  },
};

function readEntry(entry: unknown, line: number): FeedRow {
  const fields: Record<string, unknown> = isPlainObject(entry) ? entry : {};
  return {
    line,
    type: presentText(fields.ioc_type) ?? "",
    value: presentText(fields.ioc_value) ?? "",
    threatType: presentText(fields.threat_type),
    malware:
      presentText(fields.malware_printable) ?? presentText(fields.malware),
    firstSeen: presentText(fields.first_seen_utc),
    lastSeen: presentText(fields.last_seen_utc),
    confidence:
      typeof fields.confidence_level === "number"
        ? fields.confidence_level
        : presentText(fields.confidence_level),
    reference: presentText(fields.reference),
  };
}

/** Maps each top-level key of a pretty-printed export to its 1-based line. */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const keyPattern = /"(\d+)"\s*:/g;
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(keyPattern)) {
    line += countNewlines(text, scanned, match.index);
    scanned = match.index;
    if (!lines.has(match[1])) {
      lines.set(match[1], line);
    }
  }
  return lines;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (
    let index = text.indexOf("\n", from);
    index !== -1 && index < to;
    index = text.indexOf("\n", index + 1)
  ) {
    count++;
  }
  return count;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  if (value === null) {
    return "null";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
