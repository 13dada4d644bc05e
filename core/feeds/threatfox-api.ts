import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import {
  describeJson,
  isPlainObject,
  readJsonEntry,
  parseJson,
} from "./json-feed";

const REDOWNLOAD = "Run the API query again and save the whole response.";

/**
 * Reads a saved ThreatFox API response (`get_iocs`, `taginfo`, `malwareinfo`,
 * `search_ioc`): `{"query_status": ..., "data": [...]}`. The API returns
 * errors with HTTP 200 too, so `query_status` is checked. A `no_result`
 * response has a string in `data` and no rows.
 */
export const threatFoxApiLoader: FeedLoader = {
  format: "threatfox-api",

  detect(text: string): boolean {
    return /^\s*\{/.test(text) && /"query_status"\s*:/.test(text);
  },

  parse(text: string, fileName: string): FeedRow[] {
    const {
      keyLines,
      elementLines,
      value: response,
    } = parseJson(text, fileName, REDOWNLOAD);
    if (!isPlainObject(response)) {
      throw new InputError(
        `${fileName}: a ThreatFox API response is a JSON object, but the file contains ${describeJson(response)}. ${REDOWNLOAD}`,
      );
    }

    const status = response.query_status;
    if (status === "no_result") {
      return [];
    }
    if (status !== "ok") {
      const detail =
        typeof response.data === "string" ? ` (${response.data})` : "";
      throw new InputError(
        `${fileName}:${keyLines.get("query_status") ?? 1}: the API returned query_status ${JSON.stringify(status)}${detail}, so the file contains no IOCs. Check the query and the API key, then save the response again.`,
      );
    }
    if (!Array.isArray(response.data)) {
      throw new InputError(
        `${fileName}:${keyLines.get("data") ?? 1}: data is ${describeJson(response.data)}, but an ok response has a list of IOCs. ${REDOWNLOAD}`,
      );
    }

    const lines = elementLines.get("data") ?? [];
    return response.data.map((entry, index) =>
      readJsonEntry(
        entry,
        lines[index] ?? keyLines.get("data") ?? 1,
        (fields) => ({
          type: fields.text("ioc_type") ?? "",
          value: fields.text("ioc") ?? "",
          threatType: fields.text("threat_type"),
          malware: fields.text("malware_printable") ?? fields.text("malware"),
          firstSeen: fields.text("first_seen"),
          lastSeen: fields.text("last_seen"),
          confidence: fields.text("confidence_level"),
          reference: fields.text("reference"),
          tags: fields.tags("tags"),
        }),
      ),
    );
  },
};
