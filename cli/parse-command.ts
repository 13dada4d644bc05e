import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

import type { FeedInput, IngestionResult } from "../core/campaigns/ingest";
import { ingestFeeds } from "../core/campaigns/ingest";
import { loadCampaign } from "../core/campaigns/load-campaigns";
import { InputError } from "../core/errors";
import type { FeedFormat } from "../core/feeds/feed-loader";
import { loadFeed } from "../core/feeds/load-feed";
import type { Ioc } from "../core/indicators/indicator";

/** The options of `sentinel-ioc parse`. */
export interface ParseOptions {
  /** Feed files, zip archives or campaign folders. */
  readonly paths: readonly string[];
  readonly format?: FeedFormat;
  readonly asOf: Date;
  /** Filters for feed files; a campaign folder uses its manifest's. */
  readonly minimumConfidence: number;
  readonly maxAgeDays?: number;
}

/**
 * Reads feeds the way synth does and returns the result of each path. A
 * campaign folder is ingested with its own manifest; all other paths are
 * ingested together, so duplicates merge across them.
 */
export function runParse(options: ParseOptions): IngestionResult[] {
  const results: IngestionResult[] = [];
  const feeds: FeedInput[] = [];

  for (const path of options.paths) {
    if (!existsSync(path)) {
      throw new InputError(`${path}: the file was not found.`);
    }
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, "campaign.yaml"))) {
        throw new InputError(
          `${path}: a folder is read as a campaign, but it has no campaign.yaml. Name the feed files instead.`,
        );
      }
      results.push(
        loadCampaign(path, path, basename(resolve(path)), options.asOf)
          .ingestion,
      );
      continue;
    }
    feeds.push(...loadFeed(path, path, path, options.format));
  }

  if (feeds.length > 0) {
    results.push(
      ingestFeeds(feeds, {
        minimumConfidence: options.minimumConfidence,
        maxAgeDays: options.maxAgeDays,
        asOf: options.asOf,
      }),
    );
  }
  return results;
}

/** Converts the result to its JSON form: every IOC and every file's accounting. */
export function toParseJson(results: readonly IngestionResult[]) {
  return {
    iocs: results.flatMap((result) => result.iocs.map(iocJson)),
    files: results.flatMap((result) =>
      result.files.map((file) => ({
        file: file.file,
        format: file.format,
        rows: file.rows,
        accepted: file.accepted,
        merged: file.merged,
        filtered: file.filtered,
        rejected: file.rejected,
      })),
    ),
  };
}

function iocJson(ioc: Ioc) {
  return {
    type: ioc.type,
    value: ioc.value,
    ...(ioc.port === undefined ? {} : { port: ioc.port }),
    ...(ioc.displayValue === undefined
      ? {}
      : { displayValue: ioc.displayValue }),
    ...(ioc.host === undefined ? {} : { host: ioc.host }),
    ...(ioc.hostIp === undefined ? {} : { hostIp: ioc.hostIp }),
    rawValue: ioc.rawValue,
    firstSeen: ioc.firstSeen ?? null,
    lastSeen: ioc.lastSeen ?? null,
    confidence: ioc.confidence ?? null,
    threatType: ioc.threatType ?? null,
    malware: ioc.malware ?? null,
    reference: ioc.reference ?? null,
    tags: ioc.tags,
    sources: ioc.sources,
  };
}

/** Formats the result as text: each file's accounting with its filtered and rejected rows, then the IOCs. */
export function formatParseText(results: readonly IngestionResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const file of result.files) {
      lines.push(
        `${file.file} (${file.format}): ${file.rows} rows: ${file.accepted} accepted, ${file.merged} merged, ${file.filtered.length} filtered, ${file.rejected.length} rejected`,
      );
      for (const row of file.filtered) {
        lines.push(
          `  filtered line ${row.line} ${JSON.stringify(row.value)}: ${row.reason}`,
        );
      }
      for (const row of file.rejected) {
        lines.push(
          `  rejected line ${row.line} ${JSON.stringify(row.value)}: ${row.reason}`,
        );
      }
    }
  }

  const iocs = results.flatMap((result) => result.iocs);
  lines.push(
    "",
    `${iocs.length} IOCs (type, value, port, confidence, first seen, last seen, sources):`,
  );
  for (const ioc of iocs) {
    lines.push(
      [
        ioc.type,
        ioc.value,
        ioc.port ?? "",
        ioc.confidence ?? "",
        ioc.firstSeen ?? "",
        ioc.lastSeen ?? "",
        ioc.sources.join(","),
      ].join("\t"),
    );
  }
  return lines.join("\n");
}
