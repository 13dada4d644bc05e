import type { Document } from "yaml";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

import { InputError, showValue } from "../errors";

/**
 * Descriptions of the values that belong at key paths such as
 * `workspaces[].subscriptionId`, each a noun phrase that completes "Add ..."
 * and "It should be ...".
 */
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
      return `${fileName}:${line}:${col}: invalid YAML: ${firstSentence(error.message)} Correct the syntax at this line and column.`;
    });
    throw new InputError(messages.join("\n"));
  }

  const data = toPlainData(document, fileName);
  const result = schema.safeParse(data);
  if (result.success) {
    return result.data;
  }

  const lineOf = (path: readonly PathSegment[]) =>
    lineCounter.linePos(offsetOf(document, path)).line;
  const messages: string[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        messages.push(
          `${fileName}:${lineOf(path)}: ${formatPath(path)} is not a known setting. Remove it or check the spelling.`,
        );
      }
      continue;
    }
    messages.push(
      `${fileName}:${lineOf(issue.path)}: ${describeIssue(issue, data, hints)}`,
    );
  }
  throw new InputError(messages.join("\n"));
}

/** Converts the document to plain data; alias errors surface here, not in parsing. */
function toPlainData(document: Document, fileName: string): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      `${fileName}: invalid YAML: ${firstSentence((error as Error).message)} Define each anchor (&name) before its alias (*name), and repeat values in place of deeply nested aliases.`,
    );
  }
}

/**
 * Returns the offset of the node at `path`: the key itself when the path ends
 * in a key of a map, or the closest parent that exists when nothing is there.
 */
function offsetOf(document: Document, path: readonly PathSegment[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const parent = document.getIn(path.slice(0, depth - 1), true);
    const last = path[depth - 1];
    if (depth > 0 && isMap(parent) && typeof last === "string") {
      const pair = parent.items.find(
        (item) => isScalar(item.key) && item.key.value === last,
      );
      if (isScalar(pair?.key) && pair.key.range) {
        return pair.key.range[0];
      }
    }
    const node = document.getIn(path.slice(0, depth), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range !== undefined) {
      return node.range[0];
    }
  }
  return 0;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  hints: FixHints,
): string {
  const path = formatPath(issue.path);
  const value = valueAt(data, issue.path);
  const hint = hints[hintKey(issue.path)];

  if (issue.path.length === 0 && (value === null || value === undefined)) {
    return `the file is empty.${hint === undefined ? "" : ` Add ${hint}.`}`;
  }
  if (issue.code === "invalid_type" && value === undefined) {
    return `${path} is missing.${hint === undefined ? "" : ` Add ${hint}.`}`;
  }
  if (issue.code === "invalid_type") {
    const subject = path === "" ? "the file" : path;
    return `${subject} must be ${article(issue.expected)}, but it is ${showValue(value)}.${hint === undefined ? "" : ` It should be ${hint}.`}`;
  }
  if (issue.code === "invalid_value") {
    return `${path} is ${showValue(value)}, but it must be one of ${issue.values.map(String).join(", ")}.`;
  }

  const reason = hasDefaultMessage(issue)
    ? describeBound(issue)
    : issue.message.replace(/\.$/, "");
  if (value === undefined) {
    return `${path} is missing, but ${reason}.`;
  }
  return `${path} is ${showValue(value)}, but ${reason}.`;
}

/** Tells whether the message is zod's own ("Too big: ..."), not one the schema sets. */
function hasDefaultMessage(issue: z.core.$ZodIssue): boolean {
  return /^(Too big|Too small|Invalid)\b/.test(issue.message);
}

function describeBound(issue: z.core.$ZodIssue): string {
  if (issue.code !== "too_big" && issue.code !== "too_small") {
    return issue.message.replace(/^Invalid/, "invalid").replace(/\.$/, "");
  }
  const bound = issue.code === "too_big" ? "at most" : "at least";
  const limit = Number(
    issue.code === "too_big" ? issue.maximum : issue.minimum,
  );
  if (issue.origin === "number") {
    return `it must be ${bound} ${limit}`;
  }
  const noun = issue.origin === "string" ? "character" : "item";
  return `it must have ${bound} ${limit} ${noun}${limit === 1 ? "" : "s"}`;
}

/** Writes a key path as `workspaces[1].subscriptionId`. */
function formatPath(path: readonly PathSegment[]): string {
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

function firstSentence(message: string): string {
  return message.split("\n")[0].replace(/\.?$/, ".");
}
