import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import { presentText } from "./feed-loader";

/** Header names, lower-cased, for each field of a row. */
const COLUMN_NAMES: Readonly<
  Record<keyof Omit<FeedRow, "line">, readonly string[]>
> = {
  type: ["type", "ioc type", "indicator type"],
  value: ["value", "ioc", "indicator", "ioc value"],
  threatType: ["threat type", "threat_type"],
  malware: ["malware", "malware family", "family"],
  firstSeen: ["first seen", "first_seen", "first seen (utc)"],
  lastSeen: ["last seen", "last_seen", "last seen (utc)"],
  confidence: ["confidence", "confidence level"],
  reference: ["reference", "source", "link"],
};

const SEPARATOR_ROW = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * Reads IOC tables written in Markdown, the form analysts paste into tickets:
 * a header row naming at least `Type` and `Value`, a separator row, then one
 * row per indicator. Text around the tables is ignored; every table with those
 * two columns is read.
 */
export const markdownTableLoader: FeedLoader = {
  format: "markdown-table",

  detect(text: string): boolean {
    const lines = text.split(/\r?\n/);
    return lines.some(
      (line, index) =>
        isTableRow(line) && SEPARATOR_ROW.test(lines[index + 1] ?? ""),
    );
  },

  parse(text: string, fileName: string): FeedRow[] {
    const lines = text.split(/\r?\n/);
    const rows: FeedRow[] = [];
    let tablesRead = 0;

    for (let index = 0; index < lines.length; index++) {
      if (
        !isTableRow(lines[index]) ||
        !SEPARATOR_ROW.test(lines[index + 1] ?? "")
      ) {
        continue;
      }
      const columns = mapColumns(splitCells(lines[index]));
      if (columns.type === undefined || columns.value === undefined) {
        continue;
      }
      tablesRead++;

      index += 2;
      for (; index < lines.length && isTableRow(lines[index]); index++) {
        rows.push(readRow(splitCells(lines[index]), columns, index + 1));
      }
    }

    if (tablesRead === 0) {
      throw new InputError(
        `${fileName}: no Markdown IOC table found. Add a table whose header row names the columns Type and Value, followed by a separator row such as |---|---|.`,
      );
    }
    return rows;
  },
};

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

/** Splits a table row into trimmed cells; `\|` is a literal pipe inside a cell. */
function splitCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replace(/\\\|/g, "|").trim());
}

type ColumnIndexes = Partial<Record<keyof Omit<FeedRow, "line">, number>>;

function mapColumns(header: readonly string[]): ColumnIndexes {
  const columns: ColumnIndexes = {};
  const names = header.map((cell) => cell.toLowerCase());
  for (const [field, aliases] of Object.entries(COLUMN_NAMES)) {
    const index = names.findIndex((name) => aliases.includes(name));
    if (index >= 0) {
      columns[field as keyof ColumnIndexes] = index;
    }
  }
  return columns;
}

function readRow(
  cells: readonly string[],
  columns: ColumnIndexes,
  line: number,
): FeedRow {
  const cell = (index: number | undefined): string | undefined => {
    if (index === undefined) {
      return undefined;
    }
    // Analysts often wrap values in backticks so the chat tool does not link them.
    return presentText(cells[index]?.replace(/^`(.*)`$/, "$1"));
  };

  return {
    line,
    type: cell(columns.type) ?? "",
    value: cell(columns.value) ?? "",
    threatType: cell(columns.threatType),
    malware: cell(columns.malware),
    firstSeen: cell(columns.firstSeen),
    lastSeen: cell(columns.lastSeen),
    confidence: cell(columns.confidence),
    reference: cell(columns.reference),
  };
}
