import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { InputError } from "../errors";
import { loadFeed } from "../feeds/load-feed";
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
export function loadCampaigns(
  iocsDir: string,
  displayDir: string,
  asOf: Date,
): Campaign[] {
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
    loadCampaign(join(iocsDir, key), `${displayDir}/${key}`, key, asOf),
  );
}

/**
 * Reads one campaign folder: its manifest, its feeds and their ingestion.
 * `displayFolder` is how messages name the folder.
 */
export function loadCampaign(
  folder: string,
  displayFolder: string,
  key: string,
  asOf: Date,
): Campaign {
  if (!CAMPAIGN_KEY.test(key)) {
    throw new InputError(
      `${displayFolder}: the folder name ${JSON.stringify(key)} (${key.length} characters) is not a valid campaign key. Rename the folder to lower-case letters, digits and inner hyphens, at most 40 characters, such as smartapesg.`,
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
    inputs.push(...loadFeed(feedPath, feed.file, displayPath, feed.format));
  }

  const unlistedFiles = readdirSync(folder)
    .filter(
      (name) =>
        name !== MANIFEST_FILE &&
        !listed.has(name) &&
        !IGNORED_FILES.test(name),
    )
    .sort();

  const ingestion = ingestFeeds(inputs, {
    minimumConfidence: manifest.minimumConfidence,
    maxAgeDays: manifest.maxAgeDays,
    asOf,
  });
  if (manifest.failOnRejected && ingestion.rejected.length > 0) {
    const listed = ingestion.rejected
      .slice(0, 20)
      .map(
        (row) =>
          `\n  ${displayFolder}/${row.file}:${row.line} ${JSON.stringify(row.value)}: ${row.reason}`,
      )
      .join("");
    throw new InputError(
      `${displayFolder}/${MANIFEST_FILE}: failOnRejected is true and ${ingestion.rejected.length === 1 ? "1 feed row was" : `${ingestion.rejected.length} feed rows were`} rejected. Fix or remove the rows listed, or set failOnRejected to false:${listed}`,
    );
  }

  return {
    key,
    manifest,
    watchlistAlias: watchlistAliasOf(key),
    ingestion,
    unlistedFiles,
  };
}
