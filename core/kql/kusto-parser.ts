import { allowListAliasOf } from "../campaigns/campaign";
import { WATCHLIST_COLUMNS } from "./watchlist-columns";
import type { TableSchema } from "./table-schemas";
import { loadTableSchemas } from "./table-schemas";

/* eslint-disable @typescript-eslint/no-explicit-any */

/** One problem the parser found in a query. */
export interface KqlDiagnostic {
  readonly code: string;
  readonly message: string;
  /** 1-based line and column of the offending text. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** The parser's findings on one query. */
export interface KqlAnalysis {
  /** Errors only: syntax errors when there are any, since semantic errors cascade from them. */
  readonly errors: readonly KqlDiagnostic[];
  /** The query's output columns as `name:type`. */
  readonly columns: readonly string[];
}

interface Parser {
  readonly language: any;
  readonly globals: any;
}

let parser: Parser | undefined;

/** The watchlists `_GetWatchlist` returns while a query is analysed: alias to columns. */
let currentWatchlists: ReadonlyMap<string, readonly string[]> = new Map();

/**
 * Loads Microsoft's Kusto parser once per process (about a second) and
 * declares the tables and `_GetWatchlist`, whose result has the columns of
 * the watchlist its argument names.
 */
function loadParser(): Parser {
  if (parser !== undefined) {
    return parser;
  }
  // The package is a script that installs globals, and its bridge must come first.
  require("@kusto/language-service-next/bridge.js");
  require("@kusto/language-service-next");
  const language = (globalThis as any).Kusto.Language;
  const symbols = language.Symbols;

  const tables = loadTableSchemas().map(
    (schema: TableSchema) =>
      new symbols.TableSymbol.$ctor7(
        schema.table,
        `(${schema.columns.map(([name, type]) => `${name}:${type}`).join(", ")})`,
        null,
      ),
  );
  const getWatchlist = new symbols.FunctionSymbol.ctor(
    "_GetWatchlist",
    (context: any) => {
      const alias = language.FunctionHelpers.GetConstantValue(
        context.Arguments.getItem(0),
      );
      const columns = currentWatchlists.get(alias) ?? [];
      const schema = ["SearchKey", ...columns]
        .map((column) => `${column}:string`)
        .join(", ");
      return new symbols.TableSymbol.$ctor7("", `(${schema})`, null);
    },
    symbols.Tabularity.Tabular,
    [
      new symbols.Parameter.$ctor2(
        "watchlistAlias",
        symbols.ScalarTypes.String,
      ),
    ],
  );
  // Microsoft's ASIM DNS parser, which returns the ASIM DNS schema whatever
  // the source; its optional filter parameters are not declared.
  const asimDns = loadTableSchemas().find(
    (schema) => schema.table === "ASimDnsActivityLogs",
  );
  const imDns = new symbols.FunctionSymbol.ctor(
    "_Im_Dns",
    () =>
      new symbols.TableSymbol.$ctor7(
        "",
        `(${(asimDns?.columns ?? []).map(([name, type]) => `${name}:${type}`).join(", ")})`,
        null,
      ),
    symbols.Tabularity.Tabular,
    [],
  );
  const database = new symbols.DatabaseSymbol.ctor("Sentinel", [
    ...tables,
    getWatchlist,
    imDns,
  ]);
  parser = {
    language,
    globals: language.GlobalState.Default.WithDatabase(database),
  };
  return parser;
}

/** The columns of a campaign's allow list, which the SOC fills in the portal. */
export const ALLOW_LIST_COLUMNS = ["Indicator", "Reason"] as const;

/**
 * Returns the watchlists of one stack, alias to columns: each campaign's IOC
 * watchlist, all with the same columns, and its allow list.
 */
export function iocWatchlists(
  aliases: readonly string[],
): Map<string, readonly string[]> {
  return new Map<string, readonly string[]>(
    aliases.flatMap((alias): [string, readonly string[]][] => [
      [alias, WATCHLIST_COLUMNS],
      [allowListAliasOf(alias), ALLOW_LIST_COLUMNS],
    ]),
  );
}

/**
 * Analyses already made, by watchlists and query. Workspaces that receive the
 * same campaign get the same queries, so each is parsed once per process.
 */
const analyses = new Map<string, KqlAnalysis>();

/** Parses and binds a query against the table schemas and the given watchlists. */
export function analyseKql(
  query: string,
  watchlists: ReadonlyMap<string, readonly string[]>,
): KqlAnalysis {
  const key = JSON.stringify([[...watchlists], query]);
  const earlier = analyses.get(key);
  if (earlier !== undefined) {
    return earlier;
  }
  const analysis = analyseUncached(query, watchlists);
  analyses.set(key, analysis);
  return analysis;
}

function analyseUncached(
  query: string,
  watchlists: ReadonlyMap<string, readonly string[]>,
): KqlAnalysis {
  const { language, globals } = loadParser();
  currentWatchlists = watchlists;

  const syntax = language.KustoCode.Parse(query, globals);
  const syntaxErrors = readErrors(syntax, query);
  if (syntaxErrors.length > 0) {
    return { errors: syntaxErrors, columns: [] };
  }

  const code = language.KustoCode.ParseAndAnalyze(query, globals);
  const columns: string[] = [];
  const resultColumns = code.ResultType?.Columns;
  for (let index = 0; index < (resultColumns?.Count ?? 0); index++) {
    const column = resultColumns.getItem(index);
    columns.push(`${column.Name}:${column.Type.Name}`);
  }
  return { errors: readErrors(code, query), columns };
}

function readErrors(code: any, query: string): KqlDiagnostic[] {
  const errors: KqlDiagnostic[] = [];
  const found = code.GetDiagnostics();
  for (let index = 0; index < found.Count; index++) {
    const diagnostic = found.getItem(index);
    if (String(diagnostic.Severity) !== "Error") {
      continue;
    }
    const { line, column } = lineAndColumn(query, diagnostic.Start);
    errors.push({
      code: diagnostic.Code,
      message: diagnostic.Message,
      line,
      column,
      text: query.substr(diagnostic.Start, diagnostic.Length),
    });
  }
  return errors;
}

function lineAndColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
