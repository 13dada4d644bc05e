import { kqlString } from "./watchlist-columns";

/** The sources of a workspace's DNS events: the legacy agent, the Azure Monitor Agent, or both through ASIM. */
export const DNS_SOURCES = ["dnsevents", "ama", "asim"] as const;

export type DnsSource = (typeof DNS_SOURCES)[number];

/** The table, or ASIM parser call, the DNS rule reads for each source. */
export const DNS_SOURCE_TABLES: Readonly<Record<DnsSource, string>> = {
  dnsevents: "DnsEvents",
  ama: "ASimDnsActivityLogs",
  asim: "_Im_Dns()",
};

/** The table whose columns a DNS source's events have: `_Im_Dns` returns the ASIM schema. */
export const DNS_SOURCE_SCHEMAS: Readonly<Record<DnsSource, string>> = {
  dnsevents: "DnsEvents",
  ama: "ASimDnsActivityLogs",
  asim: "ASimDnsActivityLogs",
};

/** Returns the table each kind of campaign rule reads, for a workspace's DNS source. */
export function ruleTable(
  kind: "dns" | "url-click",
  source: DnsSource = "dnsevents",
): string {
  return kind === "dns" ? DNS_SOURCE_TABLES[source] : "UrlClickEvents";
}

/** Returns the table whose columns an exclusion on a rule kind may name. */
export function ruleSchemaTable(
  kind: "dns" | "url-click",
  source: DnsSource = "dnsevents",
): string {
  return kind === "dns" ? DNS_SOURCE_SCHEMAS[source] : "UrlClickEvents";
}

/** The ways an exclusion matches a column's value. */
export const EXCLUSION_MATCHES = [
  "equals",
  "prefix",
  "suffix",
  "host",
] as const;

export type ExclusionMatch = (typeof EXCLUSION_MATCHES)[number];

/** Known-benign activity a rule leaves out: events whose column matches one of the values. */
export interface Exclusion {
  readonly column: string;
  readonly match: ExclusionMatch;
  readonly values: readonly string[];
  readonly reason: string;
}

/**
 * Returns the KQL filter lines of a rule's exclusions, one `where not(...)`
 * line each, so an event is reported only when it matches none of them.
 * Joining negated conditions with `or` instead would exclude nothing.
 *
 * - `equals`: the column is one of the values, ignoring case;
 * - `prefix`: the column starts with one of them, ignoring case;
 * - `suffix`: the column, a DNS name, is one of the names or under one of
 *   them at a dot boundary, with a trailing dot ignored;
 * - `host`: the column, a URL, has such a host.
 */
export function exclusionFilters(
  exclusions: readonly Exclusion[],
  lineStart: string,
): string {
  return exclusions
    .map((exclusion) => `${lineStart}| where not(${condition(exclusion)})`)
    .join("");
}

function condition({ column, match, values }: Exclusion): string {
  switch (match) {
    case "equals":
      return `${column} in~ (${values.map(kqlString).join(", ")})`;
    case "prefix":
      return values
        .map((value) => `${column} startswith ${kqlString(value)}`)
        .join(" or ");
    case "suffix":
      return domainCondition(`tolower(trim_end(@"\\.", ${column}))`, values);
    case "host":
      return domainCondition(
        `tolower(trim_end(@"\\.", tostring(parse_url(${column}).Host)))`,
        values,
      );
  }
}

function domainCondition(name: string, values: readonly string[]): string {
  return values
    .map((value) => {
      const domain = value.toLowerCase().replace(/\.$/, "");
      return `${name} == ${kqlString(domain)} or ${name} endswith ${kqlString(`.${domain}`)}`;
    })
    .join(" or ");
}

/** Describes the exclusions for a rule's description: one line each, with its reason. */
export function describeExclusions(exclusions: readonly Exclusion[]): string {
  if (exclusions.length === 0) {
    return "";
  }
  const verbs: Record<ExclusionMatch, string> = {
    equals: "is",
    prefix: "starts with",
    suffix: "is in the domain",
    host: "has a host in the domain",
  };
  const lines = exclusions.map(
    (exclusion) =>
      `- ${exclusion.column} ${verbs[exclusion.match]} ${exclusion.values.join(" or ")}: ${exclusion.reason}`,
  );
  return `\n\nLeft out as known-benign:\n${lines.join("\n")}`;
}
