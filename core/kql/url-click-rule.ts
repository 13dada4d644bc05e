import type { QueryOptions } from "./dns-rule";
import { allowListLet, timeFilter } from "./dns-rule";
import { exclusionFilters } from "./exclusions";
import { kqlString } from "./watchlist-columns";

/**
 * Builds the query of a campaign's URL click rule. It reports each
 * `UrlClickEvents` click whose `Url`, or any URL of its `UrlChain` redirect
 * chain, is a URL IOC, or whose host is a domain IOC or a subdomain of one.
 *
 * Clicked URLs are normalised the way URL IOCs are: scheme and authority
 * lower-cased, an empty path written `/`, path and query kept as they are.
 * Hosts match at a dot boundary, as in the DNS rule. The table's time column
 * in Sentinel is `TimeGenerated`: `Timestamp` exists only in the Defender
 * portal's copy of the table.
 */
export function buildUrlClickRuleQuery(
  watchlistAlias: string,
  { lookbackDays, exclusions = [] }: QueryOptions = {},
): string {
  return `${allowListLet(watchlistAlias)}
let Iocs = _GetWatchlist(${kqlString(watchlistAlias)})
    | where IndicatorType in ("url", "domain")
    | project
        MatchedIndicator = tostring(Indicator),
        MatchedIndicatorType = tostring(IndicatorType),
        Malware = tostring(Malware),
        ThreatType = tostring(ThreatType),
        Confidence = toint(Confidence);
let IocUrls = Iocs
    | where MatchedIndicatorType == "url"
    | extend MatchKey = MatchedIndicator;
let IocDomains = Iocs
    | where MatchedIndicatorType == "domain"
    | extend MatchKey = tolower(MatchedIndicator);
let Clicks = UrlClickEvents${timeFilter(lookbackDays, "\n    ")}${exclusionFilters(exclusions, "\n    ")}
    | extend ChainUrls = iff(isempty(UrlChain), dynamic([]), todynamic(UrlChain))
    | mv-expand ClickedUrl = array_concat(pack_array(Url), ChainUrls) to typeof(string)
    | where isnotempty(ClickedUrl)
    | extend UrlAuthority = extract(@"^[A-Za-z][A-Za-z0-9+.\\-]*://[^/?#]*", 0, ClickedUrl)
    | extend UrlRest = substring(ClickedUrl, strlen(UrlAuthority))
    | extend NormalisedUrl = strcat(tolower(UrlAuthority), iff(UrlRest startswith "/", UrlRest, strcat("/", UrlRest)))
    | extend ClickedHost = tolower(tostring(parse_url(ClickedUrl).Host))
    | extend ClickedHost = iff(ClickedHost endswith ".", substring(ClickedHost, 0, strlen(ClickedHost) - 1), ClickedHost);
let UrlMatches = Clicks
    | where isnotempty(UrlAuthority)
    | lookup kind=inner IocUrls on $left.NormalisedUrl == $right.MatchKey;
let HostMatches = Clicks
    | where isnotempty(ClickedHost)
    | extend HostLabels = split(ClickedHost, ".")
    | mv-expand SuffixStart = range(0, array_length(HostLabels) - 1, 1) to typeof(long)
    | extend MatchKey = strcat_array(array_slice(HostLabels, SuffixStart, -1), ".")
    | lookup kind=inner IocDomains on MatchKey;
union UrlMatches, HostMatches
| where tolower(MatchedIndicator) !in (AllowedIndicators)
| summarize arg_max(Confidence, *) by ReportId, MatchedIndicator
| project
    TimeGenerated,
    AccountUpn,
    IPAddress,
    Url,
    ClickedUrl,
    ActionType,
    IsClickedThrough,
    Workload,
    NetworkMessageId,
    ReportId,
    MatchedIndicator,
    MatchedIndicatorType,
    Malware,
    ThreatType,
    Confidence`;
}
