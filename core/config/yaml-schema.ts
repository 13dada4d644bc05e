import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

import { InputError, showValue } from "../errors";

/** A fix to suggest for a key path, such as `workspaces[].subscriptionId`. */
export type FixHints = Readonly<Record<string, string>>;

type PathSegment = PropertyKey;

/**
 * Parses a YAML file and validates it with a schema. Every problem becomes one
 * line of the thrown `InputError`: the file and line, the key path, the value
 * received and how to fix it.
 */
export function parseYamlWithSchema<Schema extends z.ZodType>(
  text: string,
  fileName: string,
  schema: Schema,
  hints: FixHints,
): z.output<Schema> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (document.errors.length > 0) {
    const messages = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const reason = error.message.split("\n")[0].replace(/\.?$/, ".");
      return `${fileName}:${line}:${col}: invalid YAML: ${reason} Correct the syntax at this line and column.`;
    });
    throw new InputError(messages.join("\n"));
  }

  const data: unknown = document.toJS();
  const result = schema.safeParse(data);
  if (result.success) {
    return result.data;
  }

  const lineOf = (path: readonly PathSegment[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range !== undefined) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return 1;
  };

  const messages = result.error.issues.map((issue) => {
    const at = `${fileName}:${lineOf(issue.path)}`;
    return `${at}: ${describeIssue(issue, data, hints)}`;
  });
  throw new InputError(messages.join("\n"));
}

function describeIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  hints: FixHints,
): string {
  const path = issue.path.length === 0 ? "the file" : formatPath(issue.path);
  const value = valueAt(data, issue.path);
  const hint = hints[hintKey(issue.path)];
  const fix = hint === undefined ? "" : ` ${hint}`;

  if (issue.path.length === 0 && (value === null || value === undefined)) {
    return `the file is empty.${fix}`;
  }

  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) =>
      issue.path.length === 0 ? key : `${path}.${key}`,
    );
    return `${keys.join(", ")} ${keys.length === 1 ? "is not a known setting" : "are not known settings"}. Remove ${keys.length === 1 ? "it" : "them"} or check the spelling.${fix}`;
  }
  if (issue.code === "invalid_type" && value === undefined) {
    return `${path} is missing.${fix}`;
  }
  if (value === undefined) {
    return `${path} is missing, but ${lowerFirst(issue.message)}.${fix}`;
  }
  if (issue.code === "invalid_type") {
    return `${path} must be ${article(issue.expected)}, but it is ${showValue(value)}.${fix}`;
  }
  return `${path} is ${showValue(value)}, but ${lowerFirst(issue.message)}.${fix}`;
}

/** Writes a key path as `workspaces[1].subscriptionId`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      text += `[${segment}]`;
    } else {
      text += text === "" ? String(segment) : `.${String(segment)}`;
    }
  }
  return text;
}

/** Writes a key path with its list indexes left out, as `workspaces[].subscriptionId`. */
function hintKey(path: readonly PathSegment[]): string {
  return formatPath(path).replace(/\[\d+\]/g, "[]");
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Lower-cases the first word of zod's own messages ("Invalid option: ..."), so they continue a sentence. */
function lowerFirst(text: string): string {
  return text
    .replace(/\.$/, "")
    .replace(/^(Invalid|Too|Expected)\b/, (word) => word.toLowerCase());
}
