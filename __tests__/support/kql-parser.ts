import "@kusto/language-service-next/bridge.js";
import "@kusto/language-service-next";

import { WATCHLIST_COLUMNS } from "../../core/kql/watchlist-columns";

/* eslint-disable @typescript-eslint/no-explicit-any */
const Kusto = (globalThis as any).Kusto;

/** Columns of the Sentinel tables the rules read, with their Log Analytics types. */
const TABLES: Readonly<Record<string, string>> = {
  DnsEvents:
    "(TimeGenerated:datetime, Computer:string, Name:string, ClientIP:string, IPAddresses:string, QueryType:string, SubType:string, Result:string, ResultCode:int, EventId:int, TaskCategory:string, Message:string, MaliciousIP:string, IndicatorThreatType:string, Confidence:string, Description:string, Severity:int, RemoteIPCountry:string, RemoteIPLatitude:real, RemoteIPLongitude:real, SourceSystem:string, Type:string, _ResourceId:string, _SubscriptionId:string, _BilledSize:real, _IsBillable:string)",
  UrlClickEvents:
    "(TimeGenerated:datetime, AccountUpn:string, Url:string, UrlChain:string, ActionType:string, IsClickedThrough:bool, IPAddress:string, NetworkMessageId:string, ReportId:string, ThreatTypes:string, DetectionMethods:string, Workload:string, TenantId:string, SourceSystem:string, Type:string, _BilledSize:real, _IsBillable:string)",
};

export interface KqlDiagnostic {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly text: string;
}

export interface KqlAnalysis {
  readonly diagnostics: readonly KqlDiagnostic[];
  /** Output columns as `name:type`. */
  readonly columns: readonly string[];
}

let globals: any;

function sentinelGlobals(): any {
  if (globals !== undefined) {
    return globals;
  }
  const symbols = Kusto.Language.Symbols;
  const tables = Object.entries(TABLES).map(
    ([name, schema]) => new symbols.TableSymbol.$ctor7(name, schema, null),
  );
  const watchlistSchema = [
    "SearchKey:string",
    ...WATCHLIST_COLUMNS.map((column) => `${column}:string`),
  ].join(", ");
  const getWatchlist = new symbols.FunctionSymbol.$ctor16(
    "_GetWatchlist",
    "(watchlistAlias:string)",
    `{ datatable(${watchlistSchema})[] }`,
    null,
  );
  const database = new symbols.DatabaseSymbol.ctor("Sentinel", [
    ...tables,
    getWatchlist,
  ]);
  globals = Kusto.Language.GlobalState.Default.WithDatabase(database);
  return globals;
}

/** Parses and binds a query with Microsoft's Kusto parser against the Sentinel tables. */
export function analyseKql(query: string): KqlAnalysis {
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(
    query,
    sentinelGlobals(),
  );

  const diagnostics: KqlDiagnostic[] = [];
  const found = code.GetDiagnostics();
  for (let index = 0; index < found.Count; index++) {
    const diagnostic = found.getItem(index);
    diagnostics.push({
      severity: String(diagnostic.Severity),
      code: diagnostic.Code,
      message: diagnostic.Message,
      text: query.substr(diagnostic.Start, diagnostic.Length),
    });
  }

  const columns: string[] = [];
  const resultColumns = code.ResultType?.Columns;
  for (let index = 0; index < (resultColumns?.Count ?? 0); index++) {
    const column = resultColumns.getItem(index);
    columns.push(`${column.Name}:${column.Type.Name}`);
  }
  return { diagnostics, columns };
}
