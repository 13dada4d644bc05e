import { printParseErrorCode, visit } from "jsonc-parser";

import { InputError } from "../errors";
import type { FeedRow } from "./feed-loader";
import { presentText, splitTags } from "./feed-loader";

/** Readable names of the JSON parser's error codes. */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
  CommaExpected: "a comma is missing",
  CloseBraceExpected: "a closing } is missing",
  CloseBracketExpected: "a closing ] is missing",
  ValueExpected: "a value is missing",
  ColonExpected: "a colon is missing",
  PropertyNameExpected: "a property name is missing",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfNumber: "a number is not complete",
  EndOfFileExpected: "text follows the end of the JSON value",
  InvalidSymbol: "an unexpected character",
  InvalidNumberFormat: "a number is malformed",
  InvalidUnicode: "a \\u escape is invalid",
  InvalidEscapeCharacter: "a string has an invalid escape",
  InvalidCharacter: "a string contains a control character",
};

/** Errors that, at the end of the text, mean the file was cut off. */
const INCOMPLETE = new Set([
  "CommaExpected",
  "CloseBraceExpected",
  "CloseBracketExpected",
  "ValueExpected",
  "ColonExpected",
  "PropertyNameExpected",
  "UnexpectedEndOfString",
  "UnexpectedEndOfNumber",
]);

/** 1-based lines of a JSON document's parts, for messages that name a row. */
export interface JsonPositions {
  /** The line of each top-level key. */
  readonly keyLines: ReadonlyMap<string, number>;
  /** For each top-level array property, the line where each element starts. */
  readonly elementLines: ReadonlyMap<string, readonly number[]>;
}

/** A parsed JSON document and where its parts are. */
export interface ParsedJson extends JsonPositions {
  readonly value: unknown;
}

/**
 * Parses JSON and records where its parts are. A syntax error, a key given
 * twice in one object (which `JSON.parse` would silently collapse) or nesting
 * too deep to read is an `InputError` naming the line and column, ending with
 * `redownload`, the advice on what to fetch again.
 */
export function parseJson(
  text: string,
  fileName: string,
  redownload: string,
): ParsedJson {
  try {
    const positions = scanJson(text, fileName, redownload);
    return { ...positions, value: JSON.parse(text) };
  } catch (error) {
    if (error instanceof RangeError) {
      throw new InputError(
        `${fileName}: the JSON is nested too deeply to read. ${redownload}`,
      );
    }
    throw error;
  }
}

function scanJson(
  text: string,
  fileName: string,
  redownload: string,
): JsonPositions {
  const keyLines = new Map<string, number>();
  const elementLines = new Map<string, number[]>();
  const openObjects: Map<string, number>[] = [];
  let failure: InputError | undefined;

  const fail = (message: string) => {
    failure ??= new InputError(message);
  };
  // Records the line of each element of a top-level array, whatever its kind.
  const recordElement = (startLine: number, path: (string | number)[]) => {
    if (path.length === 2 && typeof path[1] === "number") {
      const lines = elementLines.get(String(path[0])) ?? [];
      lines[path[1]] = startLine + 1;
      elementLines.set(String(path[0]), lines);
    }
  };

  visit(
    text,
    {
      onObjectBegin: (
        _offset,
        _length,
        startLine,
        _character,
        pathSupplier,
      ) => {
        recordElement(startLine, pathSupplier());
        openObjects.push(new Map());
      },
      onObjectEnd: () => {
        openObjects.pop();
      },
      onArrayBegin: (_offset, _length, startLine, _character, pathSupplier) => {
        recordElement(startLine, pathSupplier());
      },
      onLiteralValue: (
        _value,
        _offset,
        _length,
        startLine,
        _character,
        pathSupplier,
      ) => {
        recordElement(startLine, pathSupplier());
      },
      onObjectProperty: (property, _offset, _length, startLine) => {
        const keys = openObjects.at(-1);
        const earlier = keys?.get(property);
        if (earlier !== undefined) {
          fail(
            `${fileName}:${startLine + 1}: the key ${JSON.stringify(property)} appears a second time in one object (first at line ${earlier}), so one of the two values would be lost. ${redownload}`,
          );
        }
        keys?.set(property, startLine + 1);
        if (openObjects.length === 1) {
          keyLines.set(property, startLine + 1);
        }
      },
      onError: (code, offset, length, startLine, startCharacter) => {
        const name = printParseErrorCode(code);
        const endsEarly =
          INCOMPLETE.has(name) && offset + length >= text.trimEnd().length;
        const reason = endsEarly
          ? "the file ends before the JSON is complete"
          : (PARSE_ERRORS[name] ?? name);
        fail(
          `${fileName}:${startLine + 1}:${startCharacter + 1}: invalid JSON: ${reason}. ${redownload}`,
        );
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );

  if (failure !== undefined) {
    throw failure;
  }
  return { keyLines, elementLines };
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Describes a JSON value's kind for messages: "a list", "an object", "a string". */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  if (value === null) {
    return "null";
  }
  if (value === undefined) {
    return "nothing";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Reads text fields of a JSON object for a feed row. A field holding a list
 * or an object is recorded as a problem, so the row is rejected rather than
 * deployed with the field turned into text.
 */
export class JsonFields {
  readonly problems: string[] = [];

  constructor(private readonly entry: Record<string, unknown>) {}

  /** Returns the field as raw JSON, for fields such as tags that may be lists. */
  raw(field: string): unknown {
    return this.entry[field];
  }

  /** Returns the field as trimmed text, or undefined when absent or a placeholder. */
  text(field: string): string | undefined {
    const value = this.entry[field];
    if (typeof value === "object" && value !== null) {
      this.problems.push(`${field} is ${describeJson(value)}, not text`);
      return undefined;
    }
    return presentText(value);
  }

  /** Returns the tags of a field that contains a list of strings or a comma-separated string. */
  tags(field: string): string[] {
    const value = this.entry[field];
    if (Array.isArray(value)) {
      if (!value.every((tag) => typeof tag === "string")) {
        this.problems.push(`${field} is a list with entries that are not text`);
        return [];
      }
      return splitTags(value.join(","));
    }
    return splitTags(this.text(field));
  }

  /** Returns the problem to reject the row with, if any field had the wrong JSON type. */
  get problem(): string | undefined {
    return this.problems.length === 0 ? undefined : this.problems.join("; ");
  }
}

/** The fields of a feed row that a JSON loader maps from an entry. */
export type JsonRowFields = Omit<FeedRow, "line" | "problem">;

/**
 * Reads one JSON entry as a feed row with `map`. An entry that is not an
 * object, or a field of the wrong JSON type, becomes a row with a problem, so
 * ingestion rejects it with its line.
 */
export function readJsonEntry(
  entry: unknown,
  line: number,
  map: (fields: JsonFields) => JsonRowFields,
): FeedRow {
  if (!isPlainObject(entry)) {
    return {
      line,
      type: "",
      value: (JSON.stringify(entry) ?? "").slice(0, 200),
      problem: `the entry is ${describeJson(entry)}, not an IOC object`,
    };
  }
  const fields = new JsonFields(entry);
  const row: FeedRow = { line, ...map(fields) };
  return fields.problem === undefined
    ? row
    : { ...row, problem: fields.problem };
}
