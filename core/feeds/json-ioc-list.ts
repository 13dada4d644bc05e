import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import {
  describeJson,
  isPlainObject,
  readJsonEntry,
  parseJson,
} from "./json-feed";

const REDOWNLOAD =
  "Download the list again; a cut-off download ends mid-object.";

/**
 * Reads JSON IOC lists that third parties slim down from the ThreatFox API:
 * `{"count": N, "iocs": [{"ioc": ..., "type": ..., "malware": ...,
 * "confidence": ..., "first_seen": ...}]}`. When `count` is given, it must
 * match the list, or the file was cut off.
 */
export const jsonIocListLoader: FeedLoader = {
  format: "json-ioc-list",

  detect(text: string): boolean {
    return /^\s*\{/.test(text) && /"iocs"\s*:\s*\[/.test(text);
  },

  parse(text: string, fileName: string): FeedRow[] {
    const {
      keyLines,
      elementLines,
      value: list,
    } = parseJson(text, fileName, REDOWNLOAD);
    if (!isPlainObject(list) || !Array.isArray(list.iocs)) {
      throw new InputError(
        `${fileName}: a JSON IOC list is an object with an iocs list, but the file contains ${describeJson(isPlainObject(list) ? list.iocs : list)} there. Check the file, or set the feed's format in campaign.yaml.`,
      );
    }
    if (list.count !== undefined && !Number.isInteger(list.count)) {
      throw new InputError(
        `${fileName}:${keyLines.get("count") ?? 1}: count is ${JSON.stringify(list.count)}, but it must be the whole number of IOCs in the list. Check the file.`,
      );
    }
    if (list.count !== undefined && list.count !== list.iocs.length) {
      throw new InputError(
        `${fileName}:${keyLines.get("count") ?? 1}: count announces ${JSON.stringify(list.count)} IOCs, but the list has ${list.iocs.length}, so the file was cut off or altered. ${REDOWNLOAD}`,
      );
    }

    const lines = elementLines.get("iocs") ?? [];
    return list.iocs.map((entry, index) =>
      readJsonEntry(
        entry,
        lines[index] ?? keyLines.get("iocs") ?? 1,
        (fields) => ({
          type: fields.text("type") ?? fields.text("ioc_type") ?? "",
          value:
            fields.text("ioc") ??
            fields.text("value") ??
            fields.text("indicator") ??
            "",
          threatType: fields.text("threat_type"),
          malware: fields.text("malware"),
          firstSeen: fields.text("first_seen"),
          lastSeen: fields.text("last_seen"),
          confidence: fields.text("confidence"),
          reference: fields.text("reference"),
          tags: fields.tags("tags"),
        }),
      ),
    );
  },
};
