import { CsvError, parse } from "csv-parse/sync";

import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import { presentText, splitTags } from "./feed-loader";

/** The commented column header of every ThreatFox CSV export. */
const HEADER_LINE = /^#\s*("first_seen_utc".*)$/m;

/** The footer of a complete export, its last line; a file without it was cut off in transfer. */
const FOOTER_LINE = /^#\s*Number of entries:\s*(\d+)\s*$/;

/** Columns every export has, in any position; newer ones add `is_compromised`. */
const REQUIRED_COLUMNS = ["ioc_value", "ioc_type"] as const;

/**
 * Reads the ThreatFox CSV exports (recent, full, per type). Columns are mapped
 * by the commented header line, never by position, because exports from 2024
 * have 14 columns and later ones 15. The footer must match the row count.
 */
export const threatFoxCsvLoader: FeedLoader = {
  format: "threatfox-csv",

  detect(text: string): boolean {
    return HEADER_LINE.test(text.slice(0, 8192));
  },

  parse(exportText: string, fileName: string): FeedRow[] {
    // Line ends are made uniform first: csv-parse counts a CRLF inside a
    // quoted field as two lines, and a stray LF line would break CRLF parsing.
    const text = exportText.replace(/\r\n?/g, "\n");
    const header = HEADER_LINE.exec(text);
    if (header === null) {
      throw new InputError(
        `${fileName}: the ThreatFox column header (# "first_seen_utc","ioc_id",...) is missing. Download the export again, or set the feed's format in campaign.yaml.`,
      );
    }
    const columns = parseCsv(header[1], fileName)[0]?.record ?? [];
    const repeated = columns.find(
      (column, index) => columns.indexOf(column) !== index,
    );
    if (repeated !== undefined) {
      throw new InputError(
        `${fileName}: the column header names ${repeated} twice, so its values are ambiguous. Download the export again.`,
      );
    }
    for (const required of REQUIRED_COLUMNS) {
      if (!columns.includes(required)) {
        throw new InputError(
          `${fileName}: the column header has no ${required} column. Check that the file is a ThreatFox CSV export.`,
        );
      }
    }

    const records = parseCsv(text, fileName);
    checkFooter(text, records.length, fileName);

    const indexes = new Map(columns.map((name, index) => [name, index]));
    return records.map(({ record, info }) => {
      // csv-parse gives the line a record ends on; a quoted field may span lines.
      let spannedLines = 0;
      for (const field of record) {
        if (field.includes("\n")) {
          spannedLines += field.split("\n").length - 1;
        }
      }
      const line = info.lines - spannedLines;
      if (record.length !== columns.length) {
        return {
          line,
          type: "",
          value: record.join(", "),
          problem: `the row has ${record.length} fields but the header has ${columns.length}`,
        };
      }
      const field = (name: string): string | undefined => {
        const index = indexes.get(name);
        return index === undefined ? undefined : presentText(record[index]);
      };
      return {
        line,
        type: field("ioc_type") ?? "",
        value: field("ioc_value") ?? "",
        threatType: field("threat_type"),
        malware: field("malware_printable") ?? field("fk_malware"),
        firstSeen: field("first_seen_utc"),
        lastSeen: field("last_seen_utc"),
        confidence: field("confidence_level"),
        reference: field("reference"),
        tags: splitTags(field("tags")),
      };
    });
  },
};

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses CSV with the export's quirks: `#` comment lines, a space after each
 * separator and CRLF line ends. Row length is checked by the caller, so one
 * bad row is rejected alone.
 */
function parseCsv(text: string, fileName: string): CsvRecord[] {
  try {
    return parse(text, {
      comment: "#",
      comment_no_infix: true,
      ltrim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError(
        `${fileName}${line === undefined ? "" : `:${line}`}: invalid CSV: ${error.message.replace(/ at line \d+/, "")}. Download the export again.`,
      );
    }
    throw error;
  }
}

/**
 * Checks the `# Number of entries: N` footer. A missing or different count
 * means the file was cut off, and deploying it would remove the missing IOCs
 * from every workspace.
 */
function checkFooter(text: string, rowCount: number, fileName: string): void {
  const trimmed = text.trimEnd();
  const lastLine = trimmed.slice(trimmed.lastIndexOf("\n") + 1);
  const footer = FOOTER_LINE.exec(lastLine);
  if (footer === null && /^#\s*Number of entries:/m.test(text)) {
    throw new InputError(
      `${fileName}: text follows the "# Number of entries: N" footer, which ends a complete export, so the file was altered or joined with another. Download it again.`,
    );
  }
  if (footer === null) {
    throw new InputError(
      `${fileName}: the "# Number of entries: N" footer is missing, so the export was cut off in transfer (${rowCount} rows arrived). Download it again; deploying it would remove the missing IOCs from every workspace.`,
    );
  }
  const expected = Number(footer[1]);
  if (expected !== rowCount) {
    throw new InputError(
      `${fileName}: the footer announces ${expected} entries, but the file has ${rowCount} rows, so the export was cut off or altered. Download it again; deploying it would remove the missing IOCs from every workspace.`,
    );
  }
}
