import { isIP } from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";

import type { IndicatorType, NormalisedIndicator } from "./indicator";
import { refang } from "./refang";

/** The outcome of normalising one feed value: the indicator, or why it was rejected. */
export type NormaliseResult =
  | { readonly ok: true; readonly indicator: NormalisedIndicator }
  | { readonly ok: false; readonly reason: string };

const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64 } as const;

/** A DNS label as it appears in hostnames and IOC feeds (underscores occur in real names). */
const DNS_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** RFC 1035: a name is at most 253 characters without its trailing dot. */
const MAX_DOMAIN_LENGTH = 253;

/** URL schemes that browsers and Safe Links fetch. */
const URL_SCHEMES = new Set(["http", "https", "ftp"]);

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const CONTROL_CHARACTER_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Returns why text cannot go into a watchlist as it is, or undefined when it
 * can. Tabs are allowed unless `allowTabs` is false.
 */
export function findInvalidText(
  text: string,
  allowTabs = true,
): string | undefined {
  if ((allowTabs ? CONTROL_CHARACTER_BUT_TAB : CONTROL_CHARACTER).test(text)) {
    return "it contains a control character, such as a line break";
  }
  if (LONE_SURROGATE.test(text)) {
    return "it contains invalid Unicode (a lone surrogate)";
  }
  return undefined;
}

/** Refangs and normalises one feed value of a known type. */
export function normaliseIndicator(
  type: IndicatorType,
  raw: string,
): NormaliseResult {
  const value = refang(raw);
  if (value === "") {
    return reject("the value is empty");
  }
  const invalidText = findInvalidText(value, false);
  if (invalidText !== undefined) {
    return reject(invalidText);
  }

  switch (type) {
    case "domain":
      return normaliseDomainIndicator(value);
    case "url":
      return normaliseUrl(value);
    case "ip":
      return normaliseIp(value);
    case "md5":
    case "sha1":
    case "sha256":
      return normaliseHash(type, value);
  }
}

function normaliseDomainIndicator(value: string): NormaliseResult {
  const domain = normaliseDomain(value);
  if (typeof domain !== "string") {
    return domain;
  }
  return accept({
    type: "domain",
    value: domain,
    host: domain,
    ...unicodeForm(domain, domain),
  });
}

/** Returns the Unicode form of a value whose host is punycode, for display. */
function unicodeForm(value: string, host: string): { displayValue?: string } {
  if (!/(^|\.)xn--/.test(host)) {
    return {};
  }
  const unicodeHost = domainToUnicode(host);
  if (unicodeHost === "" || unicodeHost === host) {
    return {};
  }
  return { displayValue: value.replace(host, unicodeHost) };
}

/**
 * Lower-cases a domain, removes one trailing dot and stores an
 * internationalised name as punycode, because KQL compares case-insensitively
 * in ASCII only.
 */
function normaliseDomain(value: string): string | NormaliseResult {
  let domain = value.endsWith(".") ? value.slice(0, -1) : value;
  if (/[^\x00-\x7f]/.test(domain)) {
    domain = domainToASCII(domain);
    if (domain === "") {
      return reject("it is not a valid internationalised domain name");
    }
  }
  domain = domain.toLowerCase();

  if (domain.length > MAX_DOMAIN_LENGTH) {
    return reject(
      `it is ${domain.length} characters long, over the ${MAX_DOMAIN_LENGTH} a domain name may have`,
    );
  }
  const labels = domain.split(".");
  if (labels.length < 2) {
    return reject("a domain needs at least two labels, such as example.com");
  }
  const badLabel = labels.find((label) => !DNS_LABEL.test(label));
  if (badLabel !== undefined) {
    return reject(
      `the label ${JSON.stringify(badLabel)} is not a valid DNS label`,
    );
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    return reject(
      "the top-level label is numeric, which no domain has; give an IP address the type ip",
    );
  }
  return domain;
}

/**
 * Lower-cases the scheme and the authority (host, port and any user info),
 * stores the host as punycode, drops a default port and writes an empty path
 * as `/`. The path, query and fragment are kept exactly as written, because
 * web servers treat them as case-sensitive. Only http, https and ftp URLs are
 * accepted, and only when browsers would read the same host.
 */
function normaliseUrl(value: string): NormaliseResult {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(value);
  if (match === null) {
    return reject("it is not an absolute URL with a scheme such as https://");
  }
  const [, scheme, authority, rest] = match;
  if (!URL_SCHEMES.has(scheme.toLowerCase())) {
    return reject(
      `the scheme ${JSON.stringify(scheme)} is not one the rules hunt; use http, https or ftp`,
    );
  }
  // Browsers read a backslash in the authority as a slash, so such a URL
  // has one host for this reading and another for the victim.
  if (authority.includes("\\")) {
    return reject(
      "the URL is ambiguous: browsers read a backslash before the path as a slash",
    );
  }

  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return reject("it is not a valid URL");
  }
  if (parsed.hostname === "") {
    return reject("the URL has no host");
  }

  const userInfoEnd = authority.lastIndexOf("@");
  const userInfo = userInfoEnd >= 0 ? authority.slice(0, userInfoEnd + 1) : "";
  const hostAndPort = authority.slice(userInfoEnd + 1);
  const portStart = hostAndPort.startsWith("[")
    ? hostAndPort.indexOf("]:") + 1
    : hostAndPort.lastIndexOf(":");
  // The URL parser drops a default or empty port and leading zeros, so
  // https://evil.top:443/ and https://evil.top/ are one IOC.
  const port = parsed.port === "" ? "" : `:${parsed.port}`;

  const writtenHost =
    portStart > 0 ? hostAndPort.slice(0, portStart) : hostAndPort;
  if (writtenHost === "") {
    return reject("the URL has no host");
  }

  const hostname = parsed.hostname;
  const isIpHost = hostname.startsWith("[") || isIP(hostname) !== 0;
  const host = isIpHost ? hostname : normaliseDomain(hostname);
  if (typeof host !== "string") {
    return reject(
      `the URL host ${JSON.stringify(hostname)} is invalid: ${host.ok ? "" : host.reason}`,
    );
  }
  // The host as written must be the host browsers see: an IPv4 address in
  // hexadecimal, for example, is read as another address.
  const written = isIpHost
    ? normaliseWrittenIp(writtenHost)
    : normaliseDomain(writtenHost);
  if (written !== host) {
    return reject(
      `the URL is ambiguous: browsers read its host as ${JSON.stringify(hostname)}, not ${JSON.stringify(writtenHost)}`,
    );
  }

  const path = rest === "" || /^[?#]/.test(rest) ? `/${rest}` : rest;
  const normalised = `${scheme.toLowerCase()}://${userInfo.toLowerCase()}${host}${port}${path}`;
  if (isIpHost) {
    return accept({
      type: "url",
      value: normalised,
      hostIp: hostname.replace(/^\[|\]$/g, ""),
    });
  }
  return accept({
    type: "url",
    value: normalised,
    host,
    ...unicodeForm(normalised, host),
  });
}

function normaliseWrittenIp(host: string): string | undefined {
  const address = host.startsWith("[") ? host.slice(1, -1) : host;
  const version = isIP(address);
  if (version === 4) {
    return address;
  }
  if (version === 6 && !address.includes("%")) {
    return new URL(`http://[${address}]/`).hostname;
  }
  return undefined;
}

function normaliseIp(value: string): NormaliseResult {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(value);
  const lastColon = value.lastIndexOf(":");
  let address = value;
  let port: string | undefined;

  if (bracketed !== null) {
    [, address, port] = bracketed;
  } else if (lastColon > 0 && value.indexOf(":") === lastColon) {
    address = value.slice(0, lastColon);
    port = value.slice(lastColon + 1);
  }

  const version = isIP(address);
  if (version === 0) {
    return reject("it is not a valid IPv4 or IPv6 address");
  }
  if (address.includes("%")) {
    return reject(
      "it has an IPv6 zone index, which only means something on one machine",
    );
  }
  if (
    port !== undefined &&
    !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)
  ) {
    return reject(
      `the port ${JSON.stringify(port)} is not a number from 0 to 65535`,
    );
  }

  // The URL parser writes IPv6 in canonical compressed lower case (RFC 5952).
  const canonical =
    version === 6
      ? new URL(`http://[${address}]/`).hostname.slice(1, -1)
      : address;
  if (port === undefined) {
    return accept({ type: "ip", value: canonical });
  }
  return accept({ type: "ip", value: canonical, port: Number(port) });
}

function normaliseHash(
  type: keyof typeof HASH_LENGTHS,
  value: string,
): NormaliseResult {
  const hash = value.toLowerCase();
  const length = HASH_LENGTHS[type];
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(hash)) {
    return reject(`a ${type} hash is ${length} hexadecimal characters`);
  }
  return accept({ type, value: hash });
}

function accept(indicator: NormalisedIndicator): NormaliseResult {
  return { ok: true, indicator };
}

function reject(reason: string): NormaliseResult {
  return { ok: false, reason };
}
