import { printParseErrorCode, visit } from "jsonc-parser";

import { InputError } from "../errors";
import type { FeedLoader, FeedRow } from "./feed-loader";
import { presentText } from "./feed-loader";

/** Readable names of the JSON parser's error codes. */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
  CommaExpected: "a comma is missing",
  CloseBraceExpected: "a closing } is missing",
  CloseBracketExpected: "a closing ] is missing",
  ValueExpected: "a value is missing",
  ColonExpected: "a colon is missing",
  PropertyNameExpected: "a property name is missing",
  UnexpectedEndOfString: "a string is not closed",
  EndOfFileExpected: "text follows the end of the JSON object",
};

/**
 * Reads the ThreatFox JSON export: an object keyed by IOC id whose values are
 * lists of IOC objects (one element in every copy seen, read as a list all the
 * same).
 */
export const threatFoxJsonLoader: FeedLoader = {
  format: "threatfox-json",

  // Any JSON object is taken for an export, so a cut-off download gets the
  // parse error below rather than a failed detection.
  detect(text: string): boolean {
    return /^\s*\{/.test(text);
  },

  parse(text: string, fileName: string): FeedRow[] {
    const idLines = scanIds(text, fileName);
    const exported: unknown = JSON.parse(text);
    if (!isPlainObject(exported)) {
      throw new InputError(
        `${fileName}: a ThreatFox JSON export is an object keyed by IOC id, but the file contains ${describeJson(exported)}. Check that the file is the JSON export, or set the feed's format in campaign.yaml.`,
      );
    }

    const rows: FeedRow[] = [];
    for (const [iocId, entries] of Object.entries(exported)) {
      const line = idLines.get(iocId) ?? 1;
      if (!Array.isArray(entries)) {
        throw new InputError(
          `${fileName}:${line}: IOC id ${iocId} contains ${describeJson(entries)}, but a ThreatFox JSON export has a list of IOC objects under each id. Download the export again.`,
        );
      }
      for (const entry of entries) {
        rows.push(readEntry(entry, line));
      }
    }
    return rows;
  },
};

/**
 * Checks the JSON syntax and maps each top-level key to its 1-based line.
 * `JSON.parse` keeps only the last of two equal keys, so a repeated id is an
 * error here rather than a lost entry.
 */
function scanIds(text: string, fileName: string): Map<string, number> {
  const lines = new Map<string, number>();
  let depth = 0;
  let syntaxError: InputError | undefined;

  visit(
    text,
    {
      onObjectBegin: () => {
        depth++;
      },
      onObjectEnd: () => {
        depth--;
      },
      onArrayBegin: () => {
        depth++;
      },
      onArrayEnd: () => {
        depth--;
      },
      onObjectProperty: (property, _offset, _length, startLine) => {
        if (depth !== 1 || syntaxError !== undefined) {
          return;
        }
        const earlier = lines.get(property);
        if (earlier !== undefined) {
          syntaxError = new InputError(
            `${fileName}:${startLine + 1}: IOC id ${property} appears a second time (first at line ${earlier}). An export lists each id once, so download it again.`,
          );
        }
        lines.set(property, startLine + 1);
      },
      onError: (code, offset, length, startLine, startCharacter) => {
        if (syntaxError !== undefined) {
          return;
        }
        const name = printParseErrorCode(code);
        const endsEarly = offset + length >= text.trimEnd().length;
        const reason = endsEarly
          ? "the file ends before the JSON is complete"
          : (PARSE_ERRORS[name] ?? name);
        syntaxError = new InputError(
          `${fileName}:${startLine + 1}:${startCharacter + 1}: invalid JSON: ${reason}. Download the ThreatFox JSON export again; a cut-off download ends mid-object.`,
        );
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );

  if (syntaxError !== undefined) {
    throw syntaxError;
  }
  return lines;
}

function readEntry(entry: unknown, line: number): FeedRow {
  if (!isPlainObject(entry)) {
    return {
      line,
      type: "",
      value: "",
      problem: `the entry is ${describeJson(entry)}, not an IOC object`,
    };
  }

  const problems: string[] = [];
  const text = (field: string): string | undefined => {
    const value = entry[field];
    if (typeof value === "object" && value !== null) {
      problems.push(`${field} is ${describeJson(value)}, not text`);
      return undefined;
    }
    return presentText(value);
  };

  const row: FeedRow = {
    line,
    type: text("ioc_type") ?? "",
    value: text("ioc_value") ?? "",
    threatType: text("threat_type"),
    malware: text("malware_printable") ?? text("malware"),
    firstSeen: text("first_seen_utc"),
    lastSeen: text("last_seen_utc"),
    confidence: text("confidence_level"),
    reference: text("reference"),
  };
  if (problems.length > 0) {
    return { ...row, problem: problems.join("; ") };
  }
  return row;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  if (value === null) {
    return "null";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
