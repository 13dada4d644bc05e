import { InputError } from "../errors";
import type { FeedFormat, FeedLoader, FeedRow } from "./feed-loader";
import { FEED_FORMATS } from "./feed-loader";
import { hostfileLoader } from "./hostfile";
import { jsonIocListLoader } from "./json-ioc-list";
import { markdownTableLoader } from "./markdown-table";
import { plainListLoader } from "./plain-list";
import { threatFoxApiLoader } from "./threatfox-api";
import { threatFoxCsvLoader } from "./threatfox-csv";
import { threatFoxJsonLoader } from "./threatfox-json";

/**
 * Every loader, in the order formats are detected: the strictest test first.
 * A Markdown table comes before the ThreatFox JSON export, which takes any
 * text starting with `{`, and before hosts files and plain lists, which
 * accept loose text.
 */
const LOADERS: readonly FeedLoader[] = [
  threatFoxCsvLoader,
  threatFoxApiLoader,
  jsonIocListLoader,
  markdownTableLoader,
  threatFoxJsonLoader,
  hostfileLoader,
  plainListLoader,
];

/** The rows of one feed file and the format they were read in. */
export interface ParsedFeed {
  readonly format: FeedFormat;
  readonly rows: FeedRow[];
}

/**
 * Parses a feed file in the given format, or in the format its content shows
 * when none is given.
 */
export function parseFeed(
  text: string,
  fileName: string,
  format?: FeedFormat,
): ParsedFeed {
  const content = text.replace(/^\uFEFF/, "");
  if (content.trim() === "") {
    throw new InputError(
      `${fileName}: the feed file is empty. Deploying it would remove this feed's IOCs from every workspace, so check the download, or remove the file from campaign.yaml.`,
    );
  }
  const loader =
    format === undefined ? detectLoader(content, fileName) : loaderFor(format);
  return { format: loader.format, rows: loader.parse(content, fileName) };
}

function detectLoader(text: string, fileName: string): FeedLoader {
  const loader = LOADERS.find((candidate) => candidate.detect(text));
  if (loader === undefined) {
    throw new InputError(
      `${fileName}: the feed format could not be detected. Supported formats: ${FEED_FORMATS.join(", ")}. Set the feed's format in campaign.yaml if the file is one of them.`,
    );
  }
  return loader;
}

function loaderFor(format: FeedFormat): FeedLoader {
  const loader = LOADERS.find((candidate) => candidate.format === format);
  if (loader === undefined) {
    throw new Error(`No loader is registered for the feed format ${format}.`);
  }
  return loader;
}
