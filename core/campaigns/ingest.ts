import { toIsoUtc } from "../dates";
import type { FeedRow } from "../feeds/feed-loader";
import type { Ioc } from "../indicators/indicator";
import { DEPLOYED_TYPES, INDICATOR_TYPES } from "../indicators/indicator";
import { parseIndicatorType } from "../indicators/indicator-type";
import { findInvalidText, normaliseIndicator } from "../indicators/normalise";

/** The rows of one feed file, ready to ingest. */
export interface FeedInput {
  /** The file name, relative to the campaign folder; it becomes the IOC's source. */
  readonly file: string;
  readonly rows: readonly FeedRow[];
}

/** A feed row that did not become an IOC. */
export interface RejectedRow {
  readonly file: string;
  readonly line: number;
  readonly value: string;
  readonly reason: string;
}

/** The outcome of every row of a campaign's feeds. */
export interface IngestionResult {
  /** IOCs to deploy: the hunted types at or above the minimum confidence, sorted by type and value. */
  readonly deployed: readonly Ioc[];
  /** Valid IOCs of types the rules do not hunt yet, sorted by type and value. */
  readonly notDeployed: readonly Ioc[];
  /** IOCs below the campaign's minimum confidence, sorted by type and value. */
  readonly belowMinimumConfidence: readonly Ioc[];
  readonly rejected: readonly RejectedRow[];
  /** Rows read in all feeds. */
  readonly rowCount: number;
  /** Rows that repeated an IOC already read and were merged into it. */
  readonly mergedCount: number;
}

/** One feed row's IOC, before rows with the same type and value are merged. */
interface Sighting extends Omit<Ioc, "sources"> {
  readonly file: string;
  readonly line: number;
}

/**
 * Turns feed rows into a campaign's IOCs: refangs and normalises each value,
 * rejects invalid rows with their line and reason, merges rows of the same type
 * and value, and filters by confidence. The result does not depend on the
 * order of the feeds or of their rows.
 */
export function ingestFeeds(
  feeds: readonly FeedInput[],
  minimumConfidence: number,
): IngestionResult {
  const sightings = new Map<string, Sighting[]>();
  const rejected: RejectedRow[] = [];
  let rowCount = 0;

  for (const feed of feeds) {
    for (const row of feed.rows) {
      rowCount++;
      const sighting = readSighting(feed.file, row);
      if ("reason" in sighting) {
        rejected.push(sighting);
        continue;
      }
      const key = `${sighting.type}\n${sighting.value}`;
      const group = sightings.get(key);
      if (group === undefined) {
        sightings.set(key, [sighting]);
      } else {
        group.push(sighting);
      }
    }
  }

  const iocs = [...sightings.values()].map(mergeSightings).sort(compareIocs);
  const isDeployedType = (ioc: Ioc) => DEPLOYED_TYPES.includes(ioc.type);
  const meetsConfidence = (ioc: Ioc) =>
    ioc.confidence === undefined || ioc.confidence >= minimumConfidence;

  return {
    deployed: iocs.filter((ioc) => isDeployedType(ioc) && meetsConfidence(ioc)),
    notDeployed: iocs.filter((ioc) => !isDeployedType(ioc)),
    belowMinimumConfidence: iocs.filter(
      (ioc) => isDeployedType(ioc) && !meetsConfidence(ioc),
    ),
    rejected: rejected.sort(compareRejections),
    rowCount,
    mergedCount: rowCount - rejected.length - sightings.size,
  };
}

function readSighting(file: string, row: FeedRow): Sighting | RejectedRow {
  const rejection = (reason: string): RejectedRow => ({
    file,
    line: row.line,
    value: row.value,
    reason,
  });

  if (row.problem !== undefined) {
    return rejection(row.problem);
  }
  const type = parseIndicatorType(row.type);
  if (type === undefined) {
    return rejection(
      `unknown indicator type ${JSON.stringify(row.type)}; use domain, url, ip, md5, sha1 or sha256`,
    );
  }
  const normalised = normaliseIndicator(type, row.value);
  if (!normalised.ok) {
    return rejection(`invalid ${type}: ${normalised.reason}`);
  }
  for (const field of ["threatType", "malware", "reference"] as const) {
    const invalidText = findInvalidText(row[field] ?? "");
    if (invalidText !== undefined) {
      return rejection(`invalid ${field}: ${invalidText}`);
    }
  }

  const firstSeen = readDate(row.firstSeen);
  if (firstSeen === null) {
    return rejection(
      `first seen ${JSON.stringify(row.firstSeen)} is not a date such as 2026-06-12 or 2026-07-24 12:58:01`,
    );
  }
  const lastSeen = readDate(row.lastSeen);
  if (lastSeen === null) {
    return rejection(
      `last seen ${JSON.stringify(row.lastSeen)} is not a date such as 2026-06-12 or 2026-07-24 12:58:01`,
    );
  }
  const confidence = readConfidence(row.confidence);
  if (confidence === null) {
    return rejection(
      `confidence ${JSON.stringify(String(row.confidence))} is not a whole number from 0 to 100, such as 75 or 75%`,
    );
  }

  return {
    ...normalised.indicator,
    file,
    line: row.line,
    firstSeen,
    lastSeen,
    confidence,
    threatType: row.threatType,
    malware: row.malware,
    reference: row.reference,
  };
}

/** Returns the ISO date, undefined when absent, or null when invalid. */
function readDate(text: string | undefined): string | undefined | null {
  if (text === undefined) {
    return undefined;
  }
  return toIsoUtc(text) ?? null;
}

/** Returns the confidence, undefined when absent, or null when invalid. */
function readConfidence(
  confidence: string | number | undefined,
): number | undefined | null {
  if (confidence === undefined) {
    return undefined;
  }
  const text = String(confidence).trim().replace(/\s*%$/, "");
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
    return null;
  }
  return Number(text);
}

/**
 * Merges the sightings of one IOC: the earliest first seen, the latest last
 * seen, the highest confidence and every source. Threat types, malware names
 * and references are all kept, sorted and without repeats. Nothing depends on
 * the order of the feeds or of their rows.
 */
function mergeSightings(group: readonly Sighting[]): Ioc {
  const sorted = [...group].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line,
  );
  const first = sorted[0];
  const joinDistinct = (
    field: "threatType" | "malware" | "reference",
    separator: string,
  ) => {
    const values = [...new Set(sorted.map((s) => s[field]).filter(isDefined))];
    return values.length === 0
      ? undefined
      : values.sort(compareText).join(separator);
  };

  const firstSeen = sorted
    .map((s) => s.firstSeen)
    .filter(isDefined)
    .sort()[0];
  const lastSeen = sorted
    .map((s) => s.lastSeen)
    .filter(isDefined)
    .sort()
    .at(-1);
  const confidences = sorted.map((s) => s.confidence).filter(isDefined);
  const confidence =
    confidences.length > 0 ? Math.max(...confidences) : undefined;

  return {
    type: first.type,
    value: first.value,
    host: first.host,
    firstSeen,
    lastSeen,
    confidence,
    threatType: joinDistinct("threatType", ", "),
    malware: joinDistinct("malware", ", "),
    reference: joinDistinct("reference", " "),
    sources: [...new Set(sorted.map((s) => s.file))].sort(compareText),
  };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Compares by UTF-16 code units, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function compareIocs(a: Ioc, b: Ioc): number {
  return (
    INDICATOR_TYPES.indexOf(a.type) - INDICATOR_TYPES.indexOf(b.type) ||
    compareText(a.value, b.value)
  );
}

function compareRejections(a: RejectedRow, b: RejectedRow): number {
  return compareText(a.file, b.file) || a.line - b.line;
}
