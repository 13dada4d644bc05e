import { allowListAliasOf } from "../campaigns/campaign";
import type { DnsSource, Exclusion } from "./exclusions";
import { DNS_SOURCE_TABLES, exclusionFilters } from "./exclusions";
import { kqlString } from "./watchlist-columns";

/** The options that make a variant of a rule's query: a hunt's window, and events left out. */
export interface QueryOptions {
  /** Makes the query a hunt over this many days. */
  readonly lookbackDays?: number;
  /** Filters on the table's columns, applied before any matching. */
  readonly exclusions?: readonly Exclusion[];
  /** The source of DNS events; the URL click query ignores it. */
  readonly source?: DnsSource;
}

/**
 * Builds the query of a campaign's DNS rule. It reads the campaign's domains,
 * and the hosts of its URL IOCs, from the watchlist, and reports each
 * `DnsEvents` lookup whose name is one of them or a subdomain of one.
 *
 * The name is lower-cased with one trailing dot trimmed, then expanded into
 * itself and its parent suffixes (`a.evil.test`, `evil.test`, `test`), and the
 * suffixes are looked up in the watchlist. That matches only at a dot
 * boundary: `notevil.test` does not match `evil.test`, and neither does
 * `evil.test.cdn.example`. A lookup also works for any number of IOCs, where
 * `has_any` stops at 10,000 values.
 *
 * The watchlist columns are renamed with an `Ioc` prefix before the lookup
 * because `DnsEvents` has columns of its own with the same names, such as
 * `Confidence`. The options make it a hunt, or leave out known-benign events.
 */
export function buildDnsRuleQuery(
  watchlistAlias: string,
  { lookbackDays, exclusions = [], source = "dnsevents" }: QueryOptions = {},
): string {
  // ASIM events are renamed to the DnsEvents columns the rest of the query,
  // the entity mappings and the alert text read.
  const lookups =
    source === "dnsevents"
      ? `| where SubType == "LookupQuery"`
      : `| where EventType == "Query"
| extend Name = DnsQuery, Computer = Dvc, ClientIP = SrcIpAddr, QueryType = DnsQueryTypeName, IPAddresses = DnsResponseName`;
  return `${allowListLet(watchlistAlias)}
let IocDomains = _GetWatchlist(${kqlString(watchlistAlias)})
    | where IndicatorType in ("domain", "url")
    | extend IocDomain = tolower(tostring(Host))
    | where isnotempty(IocDomain)
    | summarize
        IocTypes = make_set(tostring(IndicatorType)),
        IocConfidence = max(toint(Confidence)),
        IocMalware = take_any(tostring(Malware)),
        IocThreatType = take_any(tostring(ThreatType))
        by IocDomain;
${DNS_SOURCE_TABLES[source]}${timeFilter(lookbackDays, "\n")}${exclusionFilters(exclusions, "\n")}
${lookups}
| extend QueryName = tolower(Name)
| extend QueryName = iff(QueryName endswith ".", substring(QueryName, 0, strlen(QueryName) - 1), QueryName)
| extend QueryLabels = split(QueryName, ".")
| mv-expand SuffixStart = range(0, array_length(QueryLabels) - 1, 1) to typeof(long)
| extend IocDomain = strcat_array(array_slice(QueryLabels, SuffixStart, -1), ".")
| lookup kind=inner IocDomains on IocDomain
| where IocDomain !in (AllowedIndicators)
| extend HostName = tostring(split(Computer, ".")[0])
| extend HostDnsDomain = iff(Computer has ".", substring(Computer, indexof(Computer, ".") + 1), "")
| project
    TimeGenerated,
    Computer,
    HostName,
    HostDnsDomain,
    ClientIP,
    QueryName,
    QueryType,
    IPAddresses,
    MatchedIndicator = IocDomain,
    MatchedIndicatorType = strcat_array(IocTypes, ","),
    Malware = IocMalware,
    ThreatType = IocThreatType,
    Confidence = IocConfidence`;
}

/**
 * Returns the statement that reads a campaign's allow list, the indicators
 * the SOC marked benign in the portal, lower-cased for matching.
 */
export function allowListLet(watchlistAlias: string): string {
  return `let AllowedIndicators = _GetWatchlist(${kqlString(allowListAliasOf(watchlistAlias))})
    | project AllowedIndicator = tolower(tostring(SearchKey));`;
}

/**
 * Returns the filter a hunting query adds after its table, since a hunt has
 * no rule schedule to bound its window, or nothing for a rule.
 */
export function timeFilter(
  lookbackDays: number | undefined,
  lineStart: string,
): string {
  return lookbackDays === undefined
    ? ""
    : `${lineStart}| where TimeGenerated > ago(${lookbackDays}d)`;
}
