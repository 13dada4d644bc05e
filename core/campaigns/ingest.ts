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
  readonly format: string;
  readonly rows: readonly FeedRow[];
}

/** A feed row that did not become an IOC of its own, and why. */
export interface RowOutcome {
  readonly line: number;
  readonly value: string;
  readonly reason: string;
}

/** A rejected row, with the file it came from. */
export interface RejectedRow extends RowOutcome {
  readonly file: string;
}

/**
 * The outcome of every row of one feed file. `rows` always equals `accepted`
 * plus `merged` plus the filtered and rejected rows.
 */
export interface FileAccount {
  readonly file: string;
  readonly format: string;
  readonly rows: number;
  /** Rows that became an IOC. */
  readonly accepted: number;
  /** Rows that repeated an IOC read earlier (in file name and line order) and were merged into it. */
  readonly merged: number;
  /** Rows whose IOC a campaign filter held back, and rows a loader found to be no IOC, such as a hosts file's own entries. */
  readonly filtered: readonly RowOutcome[];
  /** Rows that could not be read as an IOC. */
  readonly rejected: readonly RowOutcome[];
}

/** The campaign filters applied after merging. */
export interface IngestionFilters {
  /** IOCs with a lower confidence are held back; IOCs without one are kept. */
  readonly minimumConfidence: number;
  /** IOCs whose later of first and last seen is more days before `asOf` are held back. */
  readonly maxAgeDays?: number;
  /** The reference time for `maxAgeDays`, so a run can be reproduced. */
  readonly asOf: Date;
}

/** A valid IOC that a campaign filter held back. */
export interface FilteredIoc {
  readonly ioc: Ioc;
  readonly reason: string;
}

/** The outcome of every row of a campaign's feeds. */
export interface IngestionResult {
  /** Every IOC that passed the filters, sorted by type, value and port. */
  readonly iocs: readonly Ioc[];
  /** The IOCs the rules hunt, which go into the watchlist. */
  readonly deployed: readonly Ioc[];
  /** Valid IOCs of types no rule hunts yet. */
  readonly notDeployed: readonly Ioc[];
  readonly filtered: readonly FilteredIoc[];
  /** Every rejected row, sorted by file and line. */
  readonly rejected: readonly RejectedRow[];
  /** One account per feed file, sorted by file name. */
  readonly files: readonly FileAccount[];
  readonly rowCount: number;
  readonly mergedCount: number;
}

interface Sighting extends Omit<Ioc, "sources" | "tags"> {
  readonly file: string;
  readonly line: number;
  readonly tags: readonly string[];
}

/**
 * Turns feed rows into a campaign's IOCs: refangs and normalises each value,
 * rejects invalid rows with their line and reason, merges rows of the same
 * type, value and port, and applies the campaign filters. The result does not
 * depend on the order of the feeds or of their rows.
 */
export function ingestFeeds(
  feeds: readonly FeedInput[],
  filters: IngestionFilters,
): IngestionResult {
  const sortedFeeds = [...feeds].sort((a, b) => compareText(a.file, b.file));
  const groups = new Map<string, Sighting[]>();
  const rejectedByFile = new Map<string, RowOutcome[]>();
  const skippedByFile = new Map<string, RowOutcome[]>();

  for (const feed of sortedFeeds) {
    const rejected: RowOutcome[] = [];
    rejectedByFile.set(feed.file, rejected);
    skippedByFile.set(feed.file, []);
    for (const row of feed.rows) {
      if (row.skipReason !== undefined) {
        skippedByFile
          .get(feed.file)
          ?.push({ line: row.line, value: row.value, reason: row.skipReason });
        continue;
      }
      const sighting = readSighting(feed.file, row);
      if ("reason" in sighting) {
        rejected.push(sighting);
        continue;
      }
      const key = iocKey(sighting);
      const group = groups.get(key);
      if (group === undefined) {
        groups.set(key, [sighting]);
      } else {
        group.push(sighting);
      }
    }
  }

  const iocs: Ioc[] = [];
  const filtered: FilteredIoc[] = [];
  const outcomes = new Map<
    string,
    { accepted: number; merged: number; filtered: RowOutcome[] }
  >();
  for (const feed of sortedFeeds) {
    outcomes.set(feed.file, { accepted: 0, merged: 0, filtered: [] });
  }

  for (const group of groups.values()) {
    group.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
    const ioc = mergeSightings(group);
    const verdict = filterReason(ioc, filters);
    // The row that counts for the IOC is the first one, or for a filtered
    // IOC the first one that gave the deciding value: the highest confidence
    // or the latest date.
    const deciding =
      verdict === undefined || group.length === 1
        ? group[0]
        : decidingSighting(group, ioc, verdict);

    const decidingOutcome = outcomes.get(deciding.file);
    if (verdict === undefined) {
      iocs.push(ioc);
      if (decidingOutcome !== undefined) decidingOutcome.accepted++;
    } else {
      filtered.push({ ioc, reason: verdict.reason });
      decidingOutcome?.filtered.push({
        line: deciding.line,
        value: deciding.rawValue,
        reason: verdict.reason,
      });
    }
    for (const repeat of group.filter((s) => s !== deciding)) {
      const outcome = outcomes.get(repeat.file);
      if (outcome !== undefined) outcome.merged++;
    }
  }

  iocs.sort(compareIocs);
  filtered.sort((a, b) => compareIocs(a.ioc, b.ioc));

  const files = sortedFeeds.map((feed): FileAccount => {
    const outcome = outcomes.get(feed.file) ?? {
      accepted: 0,
      merged: 0,
      filtered: [],
    };
    return {
      file: feed.file,
      format: feed.format,
      rows: feed.rows.length,
      accepted: outcome.accepted,
      merged: outcome.merged,
      filtered: [
        ...outcome.filtered,
        ...(skippedByFile.get(feed.file) ?? []),
      ].sort((a, b) => a.line - b.line),
      rejected: [...(rejectedByFile.get(feed.file) ?? [])].sort(
        (a, b) => a.line - b.line,
      ),
    };
  });

  const isDeployedType = (ioc: Ioc) => DEPLOYED_TYPES.includes(ioc.type);
  return {
    iocs,
    deployed: iocs.filter(isDeployedType),
    notDeployed: iocs.filter((ioc) => !isDeployedType(ioc)),
    filtered,
    rejected: files.flatMap((account) =>
      account.rejected.map((row) => ({ file: account.file, ...row })),
    ),
    files,
    rowCount: files.reduce((sum, account) => sum + account.rows, 0),
    mergedCount: files.reduce((sum, account) => sum + account.merged, 0),
  };
}

function iocKey(ioc: Pick<Ioc, "type" | "value" | "port">): string {
  return `${ioc.type}\n${ioc.value}\n${ioc.port ?? ""}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A campaign filter's reason to exclude an IOC, and the field that decided it. */
interface FilterVerdict {
  readonly reason: string;
  readonly decidedBy: "confidence" | "dates";
}

/** Returns why a campaign filter excludes an IOC, or undefined when none does. */
function filterReason(
  ioc: Ioc,
  filters: IngestionFilters,
): FilterVerdict | undefined {
  if (
    ioc.confidence !== undefined &&
    ioc.confidence < filters.minimumConfidence
  ) {
    return {
      reason: `confidence ${ioc.confidence} is below the minimum of ${filters.minimumConfidence}`,
      decidedBy: "confidence",
    };
  }
  if (filters.maxAgeDays === undefined) {
    return undefined;
  }
  const latest = [ioc.firstSeen, ioc.lastSeen].filter(isDefined).sort().at(-1);
  if (latest === undefined) {
    return undefined;
  }
  const ageDays = (filters.asOf.getTime() - Date.parse(latest)) / DAY_MS;
  if (ageDays > filters.maxAgeDays) {
    return {
      reason: `${ioc.lastSeen === latest ? "last" : "first"} seen ${latest}, more than ${filters.maxAgeDays} days before ${filters.asOf.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
      decidedBy: "dates",
    };
  }
  return undefined;
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
  const badTag = (row.tags ?? []).find(
    (tag) => findInvalidText(tag) !== undefined,
  );
  if (badTag !== undefined) {
    return rejection(
      `invalid tag ${JSON.stringify(badTag)}: ${findInvalidText(badTag)}`,
    );
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

  const { indicator } = normalised;
  // Written out rather than spread: spreading objects of varying shape is
  // the slowest step of reading a row in V8.
  return {
    type: indicator.type,
    value: indicator.value,
    port: indicator.port,
    displayValue: indicator.displayValue,
    hostIp: indicator.hostIp,
    host: indicator.host,
    rawValue: row.value,
    file,
    line: row.line,
    firstSeen,
    lastSeen,
    confidence,
    threatType: row.threatType,
    malware: row.malware,
    reference: row.reference,
    tags: row.tags ?? [],
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
 * Merges the sightings of one IOC, sorted by file and line: the earliest first
 * seen, the latest last seen, the highest confidence, every source and tag.
 * Threat types, malware names and references are all kept, sorted and without
 * repeats, so nothing depends on the order of the feeds or of their rows.
 */
/** Returns the first sighting that gave the value a filter decided by. */
function decidingSighting(
  group: readonly Sighting[],
  ioc: Ioc,
  verdict: FilterVerdict,
): Sighting {
  const latest = [ioc.firstSeen, ioc.lastSeen].filter(isDefined).sort().at(-1);
  return (
    group.find((s) =>
      verdict.decidedBy === "confidence"
        ? s.confidence === ioc.confidence
        : s.firstSeen === latest || s.lastSeen === latest,
    ) ?? group[0]
  );
}

function mergeSightings(group: readonly Sighting[]): Ioc {
  const first = group[0];
  if (group.length === 1) {
    // Most IOCs come from one row, and this gives what the general case
    // below gives for one, without its intermediate lists.
    return {
      type: first.type,
      value: first.value,
      port: first.port,
      host: first.host,
      hostIp: first.hostIp,
      displayValue: first.displayValue,
      rawValue: first.rawValue,
      firstSeen: first.firstSeen,
      lastSeen: first.lastSeen,
      confidence: first.confidence,
      threatType: first.threatType,
      malware: first.malware,
      reference: first.reference,
      tags:
        first.tags.length < 2
          ? [...first.tags]
          : [...new Set(first.tags)].sort(compareText),
      sources: [first.file],
    };
  }
  const distinct = (values: readonly (string | undefined)[]) =>
    [...new Set(values.filter(isDefined))].sort(compareText);
  const joinDistinct = (
    field: "threatType" | "malware" | "reference",
    separator: string,
  ) => {
    const values = distinct(group.map((s) => s[field]));
    return values.length === 0 ? undefined : values.join(separator);
  };

  const confidences = group.map((s) => s.confidence).filter(isDefined);
  return {
    type: first.type,
    value: first.value,
    port: first.port,
    host: first.host,
    hostIp: first.hostIp,
    displayValue: first.displayValue,
    rawValue: distinct(group.map((s) => s.rawValue))[0],
    firstSeen: distinct(group.map((s) => s.firstSeen))[0],
    lastSeen: distinct(group.map((s) => s.lastSeen)).at(-1),
    confidence: confidences.length > 0 ? Math.max(...confidences) : undefined,
    threatType: joinDistinct("threatType", ", "),
    malware: joinDistinct("malware", ", "),
    reference: joinDistinct("reference", " "),
    tags: distinct(group.flatMap((s) => s.tags)),
    sources: distinct(group.map((s) => s.file)),
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
    compareText(a.value, b.value) ||
    (a.port ?? -1) - (b.port ?? -1)
  );
}
