import type { FeedInput } from "../campaigns/ingest";
import type { FeedFormat } from "./feed-loader";
import { parseFeed } from "./loaders";
import { readFeedFile } from "./read-feed-file";

/**
 * Reads and parses one feed file, or every file of a zip archive, in the given
 * format or in the format each one's content shows.
 */
export function loadFeed(
  path: string,
  name: string,
  displayPath: string,
  format?: FeedFormat,
): FeedInput[] {
  const displayFolder = displayPath.slice(0, displayPath.length - name.length);
  return readFeedFile(path, name, displayPath).map((feed) => {
    const parsed = parseFeed(feed.text, `${displayFolder}${feed.name}`, format);
    return { file: feed.name, format: parsed.format, rows: parsed.rows };
  });
}
