import { readFileSync, statSync } from "node:fs";

import AdmZip from "adm-zip";

import { InputError } from "../errors";

/** One feed's text: a plain file, or one file inside a zip archive. */
export interface FeedText {
  /** The name of the feed within its campaign: `full.csv`, or `full.zip/full.csv` inside an archive. */
  readonly name: string;
  readonly text: string;
}

/**
 * The largest feed read, packed or unpacked: 400 MiB, below the longest
 * string Node.js can hold (about 512 MiB), so a zip bomb or a huge file gets a
 * clear message instead of exhausting memory.
 */
export const MAX_FEED_BYTES = 400 * 1024 * 1024;

/**
 * Reads a feed file as UTF-8 text. A zip archive, such as the ThreatFox full
 * dump, is read directly: every file inside it is a feed of its own.
 */
export function readFeedFile(
  path: string,
  name: string,
  displayPath: string,
): FeedText[] {
  const bytes = readBytes(path, displayPath);
  if (!isZip(bytes)) {
    return [{ name, text: decodeUtf8(bytes, displayPath) }];
  }
  return readArchive(bytes, name, displayPath);
}

function readBytes(path: string, displayPath: string): Buffer {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      throw new InputError(
        `${displayPath}: this is not a regular file. Name a feed file.`,
      );
    }
    size = stats.size;
    if (size > MAX_FEED_BYTES) {
      throw new InputError(
        `${displayPath}: the file is ${size} bytes, over the ${MAX_FEED_BYTES} this package reads. Split it into several feeds.`,
      );
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new InputError(
      `${displayPath}: the file cannot be read (${code}). Check that it exists and that its permissions allow reading.`,
    );
  }
}

/** Tells whether the bytes start like a zip archive, including an empty or cut-off one. */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && [3, 5, 7].includes(bytes[2]);
}

function readArchive(
  bytes: Buffer,
  name: string,
  displayPath: string,
): FeedText[] {
  let entries: AdmZip.IZipEntry[];
  try {
    entries = new AdmZip(bytes)
      .getEntries()
      .filter((entry) => !entry.isDirectory);
  } catch (error) {
    throw cannotUnpack(displayPath, error);
  }
  if (entries.length === 0) {
    throw new InputError(
      `${displayPath}: the zip archive contains no file. Download it again.`,
    );
  }

  // The sizes come from the archive's directory, so the limit applies before
  // anything is unpacked.
  const unpackedBytes = entries.reduce(
    (sum, entry) => sum + entry.header.size,
    0,
  );
  if (unpackedBytes > MAX_FEED_BYTES) {
    throw new InputError(
      `${displayPath}: the zip archive unpacks to ${unpackedBytes} bytes, over the ${MAX_FEED_BYTES} this package reads. Unpack it and split the feed.`,
    );
  }

  const names = new Set<string>();
  const feeds = entries.map((entry) => {
    const entryName = entry.entryName;
    if (/[\u0000-\u001f\u007f,]/.test(entryName)) {
      throw new InputError(
        `${displayPath}: the archive member ${JSON.stringify(entryName)} has a control character or a comma in its name. Rename it and pack the archive again.`,
      );
    }
    if (names.has(entryName)) {
      throw new InputError(
        `${displayPath}: the archive contains two files named ${JSON.stringify(entryName)}, so one would be lost. Pack it again with unique names.`,
      );
    }
    names.add(entryName);

    let data: Buffer;
    try {
      // adm-zip checks each file's CRC-32, so a damaged or cut-off member fails here.
      data = entry.getData();
    } catch (error) {
      throw cannotUnpack(`${displayPath}/${entryName}`, error);
    }
    return {
      name: `${name}/${entryName}`,
      text: decodeUtf8(data, `${displayPath}/${entryName}`),
    };
  });
  return feeds.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function cannotUnpack(displayPath: string, error: unknown): InputError {
  const reason = String((error as Error).message ?? error).replace(
    /^ADM-ZIP: /,
    "",
  );
  return new InputError(
    `${displayPath}: the zip archive cannot be read (${reason}). Download it again; a cut-off or damaged download cannot be unpacked.`,
  );
}

/** Decodes UTF-8, rejecting bytes that are not, which would otherwise turn into U+FFFD in the IOCs. */
function decodeUtf8(bytes: Uint8Array, displayPath: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code !==
      "ERR_ENCODING_INVALID_ENCODED_DATA"
    ) {
      throw error;
    }
    throw new InputError(
      `${displayPath}: the file is not valid UTF-8. Save it as UTF-8 (most editors offer this under "Save with encoding").`,
    );
  }
}
