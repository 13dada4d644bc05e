import { readFileSync } from "node:fs";

import { unzipSync } from "fflate";

import { InputError } from "../errors";

/** One feed's text: a plain file, or one file inside a zip archive. */
export interface FeedText {
  /** The name of the feed within its campaign: `full.csv`, or `full.zip/full.csv` inside an archive. */
  readonly name: string;
  readonly text: string;
}

/** An archive larger than this when unpacked is refused, so a zip bomb cannot exhaust memory. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a feed file as UTF-8 text. A zip archive, such as the ThreatFox full
 * dump, is read directly: every file inside it is a feed of its own.
 */
export function readFeedFile(
  path: string,
  name: string,
  displayPath: string,
): FeedText[] {
  const bytes = readFileSync(path);
  if (!ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte)) {
    return [{ name, text: decodeUtf8(bytes, displayPath) }];
  }

  let unpackedBytes = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        unpackedBytes += entry.originalSize;
        return !entry.name.endsWith("/");
      },
    });
  } catch (error) {
    throw new InputError(
      `${displayPath}: the zip archive cannot be read (${(error as Error).message}). Download it again; a cut-off download cannot be unpacked.`,
    );
  }
  if (unpackedBytes > MAX_UNPACKED_BYTES) {
    throw new InputError(
      `${displayPath}: the zip archive unpacks to ${unpackedBytes} bytes, over the ${MAX_UNPACKED_BYTES} this package reads. Unpack it and keep only the feed files.`,
    );
  }

  const names = Object.keys(entries).sort();
  if (names.length === 0) {
    throw new InputError(
      `${displayPath}: the zip archive contains no file. Download it again.`,
    );
  }
  return names.map((entryName) => ({
    name: `${name}/${entryName}`,
    text: decodeUtf8(entries[entryName], `${displayPath}/${entryName}`),
  }));
}

/** Decodes UTF-8, rejecting bytes that are not, which would otherwise turn into U+FFFD in the IOCs. */
function decodeUtf8(bytes: Uint8Array, displayPath: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      `${displayPath}: the file is not valid UTF-8. Save it as UTF-8 (most editors offer this under "Save with encoding").`,
    );
  }
}
