import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import type { JsonFields, JsonRowFields } from "./json-feed";
import {
  describeJson,
  isPlainObject,
  readJsonEntry,
  parseJson,
} from "./json-feed";

const REDOWNLOAD =
  "Download the ThreatFox JSON export again; a cut-off download ends mid-object.";

/**
 * Reads the ThreatFox JSON export: an object keyed by IOC id whose values are
 * lists of IOC objects (one element in every copy seen, read as a list all the
 * same).
 */
export const threatFoxJsonLoader: FeedLoader = {
  format: "threatfox-json",

  // Detection comes after the other JSON formats, and takes any JSON object,
  // so a cut-off download gets the parse error below.
  detect(text: string): boolean {
    return /^\s*\{/.test(text);
  },

  parse(text: string, fileName: string): FeedRow[] {
    const { keyLines, value: exported } = parseJson(text, fileName, REDOWNLOAD);
    if (!isPlainObject(exported)) {
      throw new InputError(
        `${fileName}: a ThreatFox JSON export is an object keyed by IOC id, but the file contains ${describeJson(exported)}. Check that the file is the JSON export, or set the feed's format in campaign.yaml.`,
      );
    }

    const rows: FeedRow[] = [];
    for (const [iocId, entries] of Object.entries(exported)) {
      const line = keyLines.get(iocId) ?? 1;
      if (!Array.isArray(entries)) {
        throw new InputError(
          `${fileName}:${line}: IOC id ${iocId} contains ${describeJson(entries)}, but a ThreatFox JSON export has a list of IOC objects under each id. Download the export again.`,
        );
      }
      for (const entry of entries) {
        rows.push(readJsonEntry(entry, line, readFields));
      }
    }
    return rows;
  },
};

function readFields(fields: JsonFields): JsonRowFields {
  return {
    type: fields.text("ioc_type") ?? "",
    value: fields.text("ioc_value") ?? "",
    threatType: fields.text("threat_type"),
    malware: fields.text("malware_printable") ?? fields.text("malware"),
    firstSeen: fields.text("first_seen_utc"),
    lastSeen: fields.text("last_seen_utc"),
    confidence: fields.text("confidence_level"),
    reference: fields.text("reference"),
    tags: fields.tags("tags"),
  };
}
