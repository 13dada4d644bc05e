import { closest, distance } from "fastest-levenshtein";
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
  misplaced: FixHints = {},
): z.output<Schema> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // `<<: *anchor` merges a shared block of settings, as YAML 1.1 defines it.
    merge: true,
  });
  if (document.errors.length > 0) {
    // Later syntax errors usually follow from the first, so only it is shown.
    const [first] = document.errors;
    const { line, col } = lineCounter.linePos(first.pos[0]);
    if (first.code === "MULTIPLE_DOCS") {
      throw new InputError(
        `${fileName}:${line}:${col}: invalid YAML: the file contains more than one YAML document, separated by ---. Keep everything in one document.`,
      );
    }
    throw new InputError(
      `${fileName}:${line}:${col}: invalid YAML: ${firstSentence(first.message)} Correct the syntax at this line and column.`,
    );
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
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const moved = misplaced[hintKey(path)];
        messages.push(
          `${fileName}:${lineOf(path)}: ${formatPath(path)} ${moved === undefined ? describeUnknownKey(key, known) : `is not a setting here: ${moved}.`}`,
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

/**
 * Settings that hold credentials, with the environment variable that supplies
 * each instead. Configuration files are committed, so none may hold a secret.
 */
const CREDENTIAL_KEYS: Readonly<Record<string, string>> = {
  accesskey: "ARM_ACCESS_KEY",
  storageaccountkey: "ARM_ACCESS_KEY",
  sastoken: "ARM_SAS_TOKEN",
  clientcertificate: "ARM_CLIENT_CERTIFICATE_PATH",
  clientcertificatepassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
  certificatepassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
};

/** Tells which environment variable supplies a credential-like key, or undefined for an ordinary key. */
function credentialVariable(key: string): string | undefined {
  const folded = key.toLowerCase().replace(/[-_]/g, "");
  if (folded === "clientsecretenv") {
    return undefined;
  }
  return (
    CREDENTIAL_KEYS[folded] ??
    (/secret|password|token|privatekey|apikey/.test(folded)
      ? "ARM_CLIENT_SECRET (named by identity.clientSecretEnv)"
      : undefined)
  );
}

/** Settings whose values are never shown in messages, since a secret pasted there by mistake would leak into logs. */
const HIDDEN_VALUES = new Set(["clientSecretEnv", "clientId"]);

/** Describes a key the schema does not know: a credential, a likely misspelling, or the keys allowed there. */
function describeUnknownKey(key: string, known: readonly string[]): string {
  const credential = credentialVariable(key);
  if (credential !== undefined) {
    return `is a credential, and credentials must never be written in a file that is committed. Remove it and set ${credential} in the environment of the deploy instead.`;
  }
  const suggestion = suggestKey(key, known);
  if (suggestion !== undefined) {
    return `is not a known setting. Did you mean ${suggestion}?`;
  }
  const list =
    known.length === 0 ? "" : ` Known settings here: ${known.join(", ")}.`;
  return `is not a known setting. Remove it or correct the spelling.${list}`;
}

/** Returns the known key a misspelt key most likely meant: same letters in another case, or a few edits away. */
export function suggestKey(
  key: string,
  known: readonly string[],
): string | undefined {
  if (known.length === 0) {
    return undefined;
  }
  const sameLetters = known.find(
    (candidate) => candidate.toLowerCase() === key.toLowerCase(),
  );
  if (sameLetters !== undefined) {
    return sameLetters;
  }
  const best = closest(
    key.toLowerCase(),
    known.map((k) => k.toLowerCase()),
  );
  const index = known.findIndex(
    (candidate) => candidate.toLowerCase() === best,
  );
  const allowed = Math.max(2, Math.floor(key.length / 3));
  return distance(key.toLowerCase(), best) <= allowed
    ? known[index]
    : undefined;
}

/**
 * Returns the keys the schema allows in the object at `path`, in the schema's
 * order, by walking its shape. A union gives the keys of every option.
 */
export function knownKeysAt(
  schema: z.ZodType,
  path: readonly PathSegment[],
): string[] {
  const keys = new Set<string>();
  const visit = (node: z.core.$ZodType, rest: readonly PathSegment[]): void => {
    const def = node._zod.def as unknown as Record<string, unknown> & {
      type: string;
    };
    switch (def.type) {
      case "optional":
      case "default":
      case "prefault":
      case "nullable":
      case "readonly":
      case "catch":
      case "nonoptional":
        visit(def.innerType as z.core.$ZodType, rest);
        return;
      case "pipe":
        visit(def.in as z.core.$ZodType, rest);
        return;
      case "lazy":
        visit((def.getter as () => z.core.$ZodType)(), rest);
        return;
      case "union":
        for (const option of def.options as z.core.$ZodType[]) {
          visit(option, rest);
        }
        return;
      case "intersection":
        visit(def.left as z.core.$ZodType, rest);
        visit(def.right as z.core.$ZodType, rest);
        return;
      case "array":
        if (rest.length > 0 && typeof rest[0] === "number") {
          visit(def.element as z.core.$ZodType, rest.slice(1));
        }
        return;
      case "record":
        if (rest.length > 0) {
          visit(def.valueType as z.core.$ZodType, rest.slice(1));
        }
        return;
      case "object": {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        if (rest.length === 0) {
          for (const name of Object.keys(shape)) {
            keys.add(name);
          }
        } else if (typeof rest[0] === "string" && rest[0] in shape) {
          visit(shape[rest[0]], rest.slice(1));
        }
        return;
      }
      default:
        return;
    }
  };
  visit(schema, path);
  return [...keys];
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

/** Stands in for a hidden value in messages. */
const HIDDEN = Symbol("hidden");

function show(value: unknown): string {
  return value === HIDDEN
    ? "a value not shown here, in case it is a secret"
    : showValue(value);
}

function describeIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  hints: FixHints,
): string {
  const path = formatPath(issue.path);
  const last = issue.path[issue.path.length - 1];
  const raw = valueAt(data, issue.path);
  const value =
    typeof last === "string" && HIDDEN_VALUES.has(last) && raw !== undefined
      ? HIDDEN
      : raw;
  const hint = hints[hintKey(issue.path)];

  if (issue.path.length === 0 && (value === null || value === undefined)) {
    return `the file is empty.${hint === undefined ? "" : ` Add ${hint}.`}`;
  }
  if (issue.code === "invalid_type" && value === undefined) {
    return `${path} is missing.${hint === undefined ? "" : ` Add ${hint}.`}`;
  }
  if (issue.code === "invalid_type") {
    const subject = path === "" ? "the file" : path;
    return `${subject} must be ${article(issue.expected)}, but it is ${show(value)}.${hint === undefined ? "" : ` It should be ${hint}.`}`;
  }
  if (issue.code === "invalid_value") {
    return `${path} is ${show(value)}, but it must be one of ${issue.values.map(String).join(", ")}.`;
  }

  if (issue.code === "invalid_union" && "options" in issue) {
    const options = (issue.options as readonly unknown[]).map(String);
    return `${path} is ${show(value)}, but it must be one of ${options.join(", ")}.`;
  }

  const reason = hasDefaultMessage(issue)
    ? describeBound(issue)
    : issue.message.replace(/\.$/, "");
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // A whole map is too long to show; the line number points at it.
    return `${path}: ${reason}.`;
  }
  if (value === undefined) {
    return `${path} is missing, but ${reason}.`;
  }
  return `${path} is ${show(value)}, but ${reason}.`;
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
  // zod's names for YAML maps mean nothing to someone writing the file.
  const noun =
    expected === "record" || expected === "object"
      ? "map of settings"
      : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function firstSentence(message: string): string {
  return message.split("\n")[0].replace(/\.?$/, ".");
}
