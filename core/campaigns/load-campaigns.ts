import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { InputError } from "../errors";
import { parseFeed } from "../feeds/loaders";
import type { Campaign } from "./campaign";
import { CAMPAIGN_KEY, watchlistAliasOf } from "./campaign";
import type { FeedInput } from "./ingest";
import { ingestFeeds } from "./ingest";
import { parseCampaignManifest } from "./manifest";

const MANIFEST_FILE = "campaign.yaml";

/** Files a campaign folder may hold besides its manifest and feeds. */
const IGNORED_FILES = /^(\.|README(\.md)?$)/i;

/**
 * Reads every campaign folder under `iocsDir` (each one contains a
 * `campaign.yaml` and the feed files it lists), sorted by key. `displayDir` is how messages
 * name the folder, for example `iocs`.
 */
export function loadCampaigns(iocsDir: string, displayDir: string): Campaign[] {
  if (!existsSync(iocsDir) || !statSync(iocsDir).isDirectory()) {
    throw new InputError(
      `${displayDir}: the campaigns folder was not found. Create it with one folder per campaign, or point SENTINEL_IOCS_DIR at an existing one.`,
    );
  }

  // statSync follows symbolic links, so a linked campaign folder is read too.
  const folders = readdirSync(iocsDir)
    .filter(
      (name) =>
        !name.startsWith(".") && statSync(join(iocsDir, name)).isDirectory(),
    )
    .sort();

  return folders.map((key) =>
    loadCampaign(join(iocsDir, key), `${displayDir}/${key}`, key),
  );
}

function loadCampaign(
  folder: string,
  displayFolder: string,
  key: string,
): Campaign {
  if (!CAMPAIGN_KEY.test(key)) {
    throw new InputError(
      `${displayFolder}: the folder name ${JSON.stringify(key)} is not a valid campaign key. Rename the folder to lower-case letters, digits and inner hyphens, at most 40 characters, such as smartapesg.`,
    );
  }
  const manifestPath = join(folder, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new InputError(
      `${displayFolder}: ${MANIFEST_FILE} is missing. Every campaign folder needs a manifest with name, description, severity and feeds; see iocs/smartapesg/${MANIFEST_FILE}.`,
    );
  }
  const manifest = parseCampaignManifest(
    readFileSync(manifestPath, "utf8"),
    `${displayFolder}/${MANIFEST_FILE}`,
  );

  const feeds: Campaign["feeds"][number][] = [];
  const inputs: FeedInput[] = [];
  const listed = new Set<string>();
  for (const [index, feed] of manifest.feeds.entries()) {
    if (listed.has(feed.file)) {
      throw new InputError(
        `${displayFolder}/${MANIFEST_FILE}: feeds[${index}].file ${JSON.stringify(feed.file)} is listed twice. Remove the second entry.`,
      );
    }
    listed.add(feed.file);

    const feedPath = join(folder, feed.file);
    const displayPath = `${displayFolder}/${feed.file}`;
    if (!existsSync(feedPath)) {
      throw new InputError(
        `${displayFolder}/${MANIFEST_FILE}: feeds[${index}].file names ${JSON.stringify(feed.file)}, which was not found in ${displayFolder}. Add the file or remove the entry.`,
      );
    }
    if (!statSync(feedPath).isFile()) {
      throw new InputError(
        `${displayFolder}/${MANIFEST_FILE}: feeds[${index}].file names ${JSON.stringify(feed.file)}, which is not a file. Name a feed file in ${displayFolder}.`,
      );
    }
    const parsed = parseFeed(
      readUtf8(feedPath, displayPath),
      displayPath,
      feed.format,
    );
    feeds.push({
      file: feed.file,
      format: parsed.format,
      rowCount: parsed.rows.length,
    });
    inputs.push({ file: feed.file, rows: parsed.rows });
  }

  const unlistedFiles = readdirSync(folder)
    .filter(
      (name) =>
        name !== MANIFEST_FILE &&
        !listed.has(name) &&
        !IGNORED_FILES.test(name),
    )
    .sort();

  return {
    key,
    manifest,
    watchlistAlias: watchlistAliasOf(key),
    feeds: [...feeds].sort((a, b) => (a.file < b.file ? -1 : 1)),
    ingestion: ingestFeeds(inputs, manifest.minimumConfidence),
    unlistedFiles,
  };
}

/** Reads a feed as UTF-8, rejecting bytes that are not, which would otherwise turn into U+FFFD in the IOCs. */
function readUtf8(path: string, displayPath: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
  } catch {
    throw new InputError(
      `${displayPath}: the file is not valid UTF-8. Save it as UTF-8 (most editors offer this under "Save with encoding").`,
    );
  }
}
