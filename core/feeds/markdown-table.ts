import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import { presentText, splitTags } from "./feed-loader";

type RowField = Exclude<keyof FeedRow, "line" | "problem" | "skipReason">;

/** Header names, lower-cased, for each field of a row. */
const COLUMN_NAMES: Readonly<Record<RowField, readonly string[]>> = {
  type: ["type", "ioc type", "indicator type"],
  value: ["value", "ioc", "indicator", "ioc value"],
  threatType: ["threat type", "threat_type"],
  malware: ["malware", "malware family", "family"],
  firstSeen: ["first seen", "first_seen", "first seen (utc)"],
  lastSeen: ["last seen", "last_seen", "last seen (utc)"],
  confidence: ["confidence", "confidence level"],
  reference: ["reference", "source", "link"],
  tags: ["tags", "tag"],
};

/** A separator cell of a GitHub-flavoured Markdown table: `---`, `:-`, `-:`. */
const SEPARATOR_CELL = /^:?-+:?$/;

/**
 * Reads IOC tables written in Markdown (GitHub-flavoured), the form analysts
 * paste into tickets: a header row naming at least `Type` and `Value`, a
 * separator row, then one row per indicator until a blank line. Text around
 * the tables is ignored, and every table with those two columns is read.
 */
export const markdownTableLoader: FeedLoader = {
  format: "markdown-table",

  detect(text: string): boolean {
    const lines = withoutCodeBlocks(text.split(/\r?\n/));
    return lines.some((_line, index) => startsTable(lines, index));
  },

  parse(text: string, fileName: string): FeedRow[] {
    const lines = withoutCodeBlocks(text.split(/\r?\n/));
    const rows: FeedRow[] = [];
    const strayRows: FeedRow[] = [];
    let tablesRead = 0;

    let index = 0;
    while (index < lines.length) {
      if (!startsTable(lines, index)) {
        // A line that starts with a pipe but belongs to no table is most
        // often a row cut off from its table by a blank line.
        if (lines[index].trim().startsWith("|")) {
          strayRows.push(strayRow(lines[index], index + 1));
        }
        index++;
        continue;
      }

      const header = splitCells(lines[index]);
      const columns = mapColumns(header);
      const isIocTable =
        columns.type !== undefined && columns.value !== undefined;
      if (isIocTable) {
        tablesRead++;
      }

      index += 2;
      for (; index < lines.length && isTableBody(lines[index]); index++) {
        if (isIocTable) {
          rows.push(
            readRow(
              splitCells(lines[index]),
              header.length,
              columns,
              index + 1,
            ),
          );
        }
      }
    }

    if (tablesRead === 0) {
      throw new InputError(
        `${fileName}: no Markdown IOC table found. Add a table whose header row names the columns Type and Value, followed by a separator row such as |---|---|.`,
      );
    }
    return [...rows, ...strayRows].sort((a, b) => a.line - b.line);
  },
};

/**
 * Blanks the lines of fenced code blocks (``` or ~~~), keeping line numbers:
 * a table there is an example or a template, not a feed.
 */
function withoutCodeBlocks(lines: readonly string[]): string[] {
  let fence: string | undefined;
  return lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker[0];
      return "";
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence) {
        fence = undefined;
      }
      return "";
    }
    return line;
  });
}

/** Tells whether a header row and a separator row with as many cells start at `index`. */
function startsTable(lines: readonly string[], index: number): boolean {
  const header = lines[index];
  const separator = lines[index + 1];
  if (separator === undefined || !header.includes("|")) {
    return false;
  }
  const separatorCells = splitCells(separator);
  return (
    separator.includes("|") &&
    separatorCells.every((cell) => SEPARATOR_CELL.test(cell)) &&
    separatorCells.length === splitCells(header).length
  );
}

/** Tells whether a line continues a table body, which ends at a blank line or a line without a pipe. */
function isTableBody(line: string): boolean {
  return line.trim() !== "" && line.includes("|");
}

/**
 * Splits a table row into trimmed cells. The outer pipes are optional, and
 * `\|` is a literal pipe inside a cell.
 */
function splitCells(line: string): string[] {
  let inner = line.trim();
  if (inner.startsWith("|")) {
    inner = inner.slice(1);
  }
  if (inner.endsWith("|") && !inner.endsWith("\\|")) {
    inner = inner.slice(0, -1);
  }
  return inner
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replace(/\\\|/g, "|").trim());
}

type ColumnIndexes = Partial<Record<RowField, number>>;

function mapColumns(header: readonly string[]): ColumnIndexes {
  const columns: ColumnIndexes = {};
  const names = header.map((cell) => cell.toLowerCase());
  for (const [field, aliases] of Object.entries(COLUMN_NAMES)) {
    const index = names.findIndex((name) => aliases.includes(name));
    if (index >= 0) {
      columns[field as RowField] = index;
    }
  }
  return columns;
}

function readRow(
  cells: readonly string[],
  headerLength: number,
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

  const row: FeedRow = {
    line,
    type: cell(columns.type) ?? "",
    value: cell(columns.value) ?? "",
    threatType: cell(columns.threatType),
    malware: cell(columns.malware),
    firstSeen: cell(columns.firstSeen),
    lastSeen: cell(columns.lastSeen),
    confidence: cell(columns.confidence),
    reference: cell(columns.reference),
    tags: splitTags(cell(columns.tags)),
  };
  if (cells.length > headerLength) {
    return {
      ...row,
      problem: `the row has ${cells.length} cells but the header has ${headerLength}. Write a | inside a value as \\|`,
    };
  }
  return row;
}

function strayRow(text: string, line: number): FeedRow {
  return {
    line,
    type: "",
    value: text.trim(),
    problem:
      "this table row belongs to no IOC table. A blank line ends a table, so remove it or repeat the header and separator rows",
  };
}
