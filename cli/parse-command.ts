import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

import type { FeedInput, IngestionResult } from "../core/campaigns/ingest";
import { ingestFeeds } from "../core/campaigns/ingest";
import { loadCampaign } from "../core/campaigns/load-campaigns";
import { InputError } from "../core/errors";
import type { FeedFormat } from "../core/feeds/feed-loader";
import { loadFeed } from "../core/feeds/load-feed";
import type { Ioc } from "../core/indicators/indicator";

/** The result of one campaign folder, or of all feed files named together. */
export interface ParseResult {
  readonly ingestion: IngestionResult;
  /** Files in a campaign folder that its campaign.yaml does not list, so they were not read. */
  readonly unlistedFiles: readonly string[];
}

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
export function runParse(options: ParseOptions): ParseResult[] {
  const results: ParseResult[] = [];
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
      const campaign = loadCampaign(
        path,
        path,
        basename(resolve(path)),
        options.asOf,
      );
      results.push({
        ingestion: campaign.ingestion,
        unlistedFiles: campaign.unlistedFiles,
      });
      continue;
    }
    feeds.push(...loadFeed(path, path, path, options.format));
  }

  if (feeds.length > 0) {
    results.push({
      ingestion: ingestFeeds(feeds, {
        minimumConfidence: options.minimumConfidence,
        maxAgeDays: options.maxAgeDays,
        asOf: options.asOf,
      }),
      unlistedFiles: [],
    });
  }
  return results;
}

/** Converts the result to its JSON form: every IOC and every file's accounting. */
export function toParseJson(results: readonly ParseResult[]) {
  return {
    iocs: results.flatMap(({ ingestion }) => ingestion.iocs.map(iocJson)),
    notRead: results.flatMap((result) => result.unlistedFiles),
    files: results.flatMap(({ ingestion }) =>
      ingestion.files.map((file) => ({
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
export function formatParseText(results: readonly ParseResult[]): string {
  const lines: string[] = [];
  for (const { ingestion, unlistedFiles } of results) {
    for (const file of unlistedFiles) {
      lines.push(
        `not read: ${file} is in the campaign folder but not listed under feeds in campaign.yaml`,
      );
    }
    for (const file of ingestion.files) {
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

  const iocs = results.flatMap(({ ingestion }) => ingestion.iocs);
  lines.push(
    "",
    `${iocs.length === 1 ? "1 IOC" : `${iocs.length} IOCs`} (type, value, port, confidence, first seen, last seen, sources):`,
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
