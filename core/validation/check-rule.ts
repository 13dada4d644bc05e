import { techniqueTacticProblems } from "../attack/techniques";
import { MATCHING_METHODS } from "../config/workspace-settings";
import { durationMinutes } from "../duration";
import { analyseKql } from "../kql/kusto-parser";
import type { RuleDefinition } from "../rules";
import { SEVERITIES, TACTICS } from "../sentinel-vocabulary";
import { ENTITY_IDENTIFIERS } from "./entity-identifiers";

/** Sentinel's limits for scheduled analytics rules (API 2023-12-01-preview, azurerm 4.x). */
export const RULE_LIMITS = {
  queryLength: 10_000,
  displayName: 256,
  description: 5_000,
  entityMappings: 10,
  identifiersPerEntity: 3,
  customDetails: 20,
  customDetailKey: 20,
  alertNameFormat: 256,
  alertDescriptionFormat: 5_000,
  placeholdersPerFormat: 3,
  scheduleMinutes: { min: 5, max: 14 * 24 * 60 },
  suppressionMinutes: { min: 5, max: 24 * 60 },
  groupingLookbackMinutes: { min: 5, max: 7 * 24 * 60 },
  triggerThreshold: 10_000,
  hasAnyValues: 10_000,
  inValues: 1_000_000,
} as const;

const CUSTOM_DETAIL_KEY = /^[a-zA-Z]+\w*$/;

/**
 * Checks one rule against what Sentinel accepts and against its query's
 * output, and returns each problem as a sentence with its fix. `watchlists`
 * maps the aliases the rule's stack creates to their columns.
 */
export function checkRule(
  rule: RuleDefinition,
  watchlists: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];

  if (rule.query.trim() === "" || rule.query.length > RULE_LIMITS.queryLength) {
    problems.push(
      `the query is ${rule.query.length} characters long; Sentinel accepts 1 to ${RULE_LIMITS.queryLength}. Read long value lists from a watchlist instead of writing them into the query.`,
    );
  }
  problems.push(...checkWatchlistReads(rule.query, watchlists));
  problems.push(...checkListLiterals(rule.query));

  const analysis = analyseKql(rule.query, watchlists);
  for (const error of analysis.errors) {
    problems.push(
      `query line ${error.line}, column ${error.column}, at ${JSON.stringify(error.text)}: ${error.message.replace(/([^.])$/, "$1.")} ${fixFor(error.code, error.text, rule.query)}`.trimEnd(),
    );
  }
  if (analysis.errors.length === 0) {
    problems.push(
      ...checkOutputColumns(
        rule,
        analysis.columns.map((column) => column.split(":")[0]),
      ),
    );
  }

  problems.push(...checkSettings(rule));
  problems.push(...checkEntityMappings(rule));
  problems.push(...checkCustomDetails(rule));
  return problems;
}

/** Explains the usual cause of a parser error in these rules, and the fix. */
function fixFor(code: string, text: string, query: string): string {
  if (
    code === "KS142" &&
    text === "Timestamp" &&
    /\bUrlClickEvents\b/.test(query)
  ) {
    return "Use TimeGenerated: Timestamp exists only in the Defender portal's copy of UrlClickEvents, not in Sentinel.";
  }
  if (code === "KS142" && /^(process|file|Process|File)/.test(text)) {
    return "DnsEvents and UrlClickEvents have no process or file columns. Exclude by the host or account instead (Computer, ClientIP, AccountUpn).";
  }
  if (code === "KS142") {
    return "Use a column the table or watchlist has; the table schemas are in core/kql/schemas/.";
  }
  if (code === "KS204") {
    return "Correct the table name, or add the table's schema to core/kql/schemas/.";
  }
  if (code === "KS211") {
    return "Correct the function name; only Kusto's functions and _GetWatchlist are known.";
  }
  if (/^KS0\d\d$/.test(code)) {
    return "Correct the query syntax at that position.";
  }
  return "";
}

/** `_GetWatchlist` must name, as a string literal, a watchlist the same stack creates. */
function checkWatchlistReads(
  query: string,
  watchlists: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];
  for (const call of query.matchAll(/_GetWatchlist\s*\(([^)]*)\)/g)) {
    const literal = /^\s*(["'])([^"']*)\1\s*$/.exec(call[1]);
    if (literal === null) {
      problems.push(
        `_GetWatchlist(${call[1]}) must name its watchlist as a string literal, so the alias can be checked before deployment.`,
      );
      continue;
    }
    if (!watchlists.has(literal[2])) {
      problems.push(
        `the query reads the watchlist ${JSON.stringify(literal[2])}, which this stack does not create, so _GetWatchlist would return no rows. Stack watchlists: ${[...watchlists.keys()].join(", ") || "none"}.`,
      );
    }
  }
  return problems;
}

/** `has_any` stops at 10,000 values and `in` at 1,000,000; a literal list beyond that fails at run time. */
function checkListLiterals(query: string): string[] {
  const problems: string[] = [];
  const lists: [string, RegExp, number][] = [
    ["has_any", /\bhas_any\s*\(([^()]*)\)/g, RULE_LIMITS.hasAnyValues],
    ["in", /\bin~?\s*\(([^()]*)\)/g, RULE_LIMITS.inValues],
  ];
  for (const [operator, pattern, limit] of lists) {
    for (const match of query.matchAll(pattern)) {
      const values =
        match[1].match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?/g)
          ?.length ?? 0;
      if (values > limit) {
        problems.push(
          `a ${operator} list has ${values} values; Kusto accepts at most ${limit}. Read the values from a watchlist and join or look them up instead.`,
        );
      }
    }
  }
  return problems;
}

function checkOutputColumns(
  rule: RuleDefinition,
  columns: readonly string[],
): string[] {
  const problems: string[] = [];
  const missing = (column: string, use: string) => {
    if (!columns.includes(column)) {
      problems.push(
        `${use} reads the column ${column}, which the query does not output. Output it from the query, or use one of: ${columns.join(", ")}.`,
      );
    }
  };

  for (const mapping of rule.entityMappings) {
    for (const field of mapping.fieldMappings) {
      missing(field.columnName, `the ${mapping.entityType} entity mapping`);
    }
  }
  for (const [key, column] of Object.entries(rule.customDetails)) {
    missing(column, `the custom detail ${key}`);
  }
  for (const [name, format] of alertFormats(rule)) {
    for (const placeholder of placeholders(format)) {
      missing(placeholder, `the alert ${name} {{${placeholder}}}`);
    }
  }
  return problems;
}

function alertFormats(rule: RuleDefinition): [string, string][] {
  return [
    ["name format", rule.alertDisplayNameFormat],
    ["description format", rule.alertDescriptionFormat],
  ];
}

function placeholders(format: string): string[] {
  return [...format.matchAll(/\{\{([^{}]*)\}\}/g)].map((match) => match[1]);
}

function checkSettings(rule: RuleDefinition): string[] {
  const problems: string[] = [];

  if (rule.displayName.length > RULE_LIMITS.displayName) {
    problems.push(
      `the display name is ${rule.displayName.length} characters long; Sentinel accepts at most ${RULE_LIMITS.displayName}. Shorten the campaign name.`,
    );
  }
  if (rule.description.length > RULE_LIMITS.description) {
    problems.push(
      `the description is ${rule.description.length} characters long; Sentinel accepts at most ${RULE_LIMITS.description}. Shorten the campaign description.`,
    );
  }
  if (!SEVERITIES.includes(rule.severity)) {
    problems.push(
      `the severity ${JSON.stringify(rule.severity)} is not one of ${SEVERITIES.join(", ")}.`,
    );
  }
  for (const tactic of rule.tactics) {
    if (!TACTICS.includes(tactic)) {
      problems.push(
        `the tactic ${JSON.stringify(tactic)} is not one the Sentinel API accepts: ${TACTICS.join(", ")}.`,
      );
    }
  }
  for (const technique of rule.techniques) {
    if (!/^T\d{4}$/.test(technique)) {
      const parent = /^(T\d{4})\.\d{3}$/.exec(technique)?.[1];
      problems.push(
        `the technique ${JSON.stringify(technique)} is not T followed by four digits${parent === undefined ? "" : `; the API accepts no sub-techniques, so use ${parent}`}.`,
      );
    }
  }
  for (const { problem } of techniqueTacticProblems(
    rule.techniques,
    rule.tactics,
  )) {
    problems.push(`${problem}.`);
  }

  const frequency = durationMinutes(rule.queryFrequency);
  const period = durationMinutes(rule.queryPeriod);
  const { min, max } = RULE_LIMITS.scheduleMinutes;
  for (const [name, minutes, text] of [
    ["queryFrequency", frequency, rule.queryFrequency],
    ["queryPeriod", period, rule.queryPeriod],
  ] as const) {
    if (minutes === undefined || minutes < min || minutes > max) {
      problems.push(
        `${name} ${text} is outside PT5M to P14D, the range Sentinel accepts.`,
      );
    }
  }
  problems.push(...checkTriggerAndSuppression(rule, frequency));
  if (frequency !== undefined && period !== undefined && period < frequency) {
    problems.push(
      `queryPeriod ${rule.queryPeriod} is shorter than queryFrequency ${rule.queryFrequency}, so events between runs would never be read.`,
    );
  }

  for (const [name, format] of alertFormats(rule)) {
    const limit =
      name === "name format"
        ? RULE_LIMITS.alertNameFormat
        : RULE_LIMITS.alertDescriptionFormat;
    if (format.length > limit) {
      problems.push(
        `the alert ${name} is ${format.length} characters long; Sentinel accepts at most ${limit}.`,
      );
    }
    const count = placeholders(format).length;
    if (count > RULE_LIMITS.placeholdersPerFormat) {
      problems.push(
        `the alert ${name} has ${count} {{column}} placeholders; Sentinel accepts at most ${RULE_LIMITS.placeholdersPerFormat}.`,
      );
    }
  }
  return problems;
}

function checkEntityMappings(rule: RuleDefinition): string[] {
  const problems: string[] = [];
  if (rule.entityMappings.length > RULE_LIMITS.entityMappings) {
    problems.push(
      `the rule has ${rule.entityMappings.length} entity mappings; Sentinel accepts at most ${RULE_LIMITS.entityMappings}.`,
    );
  }
  for (const mapping of rule.entityMappings) {
    const identifiers = ENTITY_IDENTIFIERS[mapping.entityType];
    if (identifiers === undefined) {
      problems.push(
        `the entity type ${JSON.stringify(mapping.entityType)} is not one Sentinel knows: ${Object.keys(ENTITY_IDENTIFIERS).join(", ")}.`,
      );
      continue;
    }
    const count = mapping.fieldMappings.length;
    if (count === 0 || count > RULE_LIMITS.identifiersPerEntity) {
      problems.push(
        `the ${mapping.entityType} entity mapping has ${count} identifiers; Sentinel accepts 1 to ${RULE_LIMITS.identifiersPerEntity}.`,
      );
    }
    for (const field of mapping.fieldMappings) {
      if (!identifiers.includes(field.identifier)) {
        problems.push(
          `the ${mapping.entityType} entity has no identifier ${JSON.stringify(field.identifier)}. Use one of: ${identifiers.join(", ")}.`,
        );
      }
    }
  }
  return problems;
}

function checkCustomDetails(rule: RuleDefinition): string[] {
  const problems: string[] = [];
  const keys = Object.keys(rule.customDetails);
  if (keys.length > RULE_LIMITS.customDetails) {
    problems.push(
      `the rule has ${keys.length} custom details; Sentinel accepts at most ${RULE_LIMITS.customDetails}.`,
    );
  }
  for (const key of keys) {
    if (
      !CUSTOM_DETAIL_KEY.test(key) ||
      key.length > RULE_LIMITS.customDetailKey
    ) {
      problems.push(
        `the custom detail key ${JSON.stringify(key)} is invalid: Sentinel accepts a letter, then letters, digits or underscores, at most ${RULE_LIMITS.customDetailKey} characters.`,
      );
    }
  }
  return problems;
}

const TRIGGER_OPERATORS = ["GreaterThan", "LessThan", "Equal", "NotEqual"];

function checkTriggerAndSuppression(
  rule: RuleDefinition,
  frequency: number | undefined,
): string[] {
  const problems: string[] = [];
  if (!TRIGGER_OPERATORS.includes(rule.triggerOperator)) {
    problems.push(
      `the trigger operator ${JSON.stringify(rule.triggerOperator)} is not one of ${TRIGGER_OPERATORS.join(", ")}.`,
    );
  }
  if (
    !Number.isInteger(rule.triggerThreshold) ||
    rule.triggerThreshold < 0 ||
    rule.triggerThreshold > RULE_LIMITS.triggerThreshold
  ) {
    problems.push(
      `the trigger threshold ${rule.triggerThreshold} is not a whole number from 0 to ${RULE_LIMITS.triggerThreshold}.`,
    );
  }
  const suppression = durationMinutes(rule.suppressionDuration);
  const { min, max } = RULE_LIMITS.suppressionMinutes;
  if (suppression === undefined || suppression < min || suppression > max) {
    problems.push(
      `suppressionDuration ${rule.suppressionDuration} is outside PT5M to PT24H, the range Sentinel accepts.`,
    );
  } else if (
    rule.suppressionEnabled &&
    frequency !== undefined &&
    suppression < frequency
  ) {
    problems.push(
      `suppressionDuration ${rule.suppressionDuration} is shorter than queryFrequency ${rule.queryFrequency}; Sentinel needs suppression at least as long as the schedule.`,
    );
  }

  const lookback = durationMinutes(rule.grouping.lookbackDuration);
  const window = RULE_LIMITS.groupingLookbackMinutes;
  if (
    lookback === undefined ||
    lookback < window.min ||
    lookback > window.max
  ) {
    problems.push(
      `the incident grouping lookback ${rule.grouping.lookbackDuration} is outside PT5M to P7D, the range Sentinel accepts.`,
    );
  }
  if (!MATCHING_METHODS.includes(rule.grouping.matchingMethod)) {
    problems.push(
      `the incident grouping method ${JSON.stringify(rule.grouping.matchingMethod)} is not one of ${MATCHING_METHODS.join(", ")}.`,
    );
  }
  return problems;
}
