import { isIP } from "node:net";
import { domainToASCII } from "node:url";

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

/** Refangs and normalises one feed value of a known type. */
export function normaliseIndicator(
  type: IndicatorType,
  raw: string,
): NormaliseResult {
  const value = refang(raw);
  if (value === "") {
    return reject("the value is empty");
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
  return accept({ type: "domain", value: domain, host: domain });
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
      "the top-level label is numeric, so this is an IP address, not a domain",
    );
  }
  return domain;
}

/**
 * Lower-cases the scheme and the authority (host, port and any user info),
 * stores the host as punycode and writes an empty path as `/`. The path, query
 * and fragment are kept exactly as written, because web servers treat them as
 * case-sensitive.
 */
function normaliseUrl(value: string): NormaliseResult {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is.exec(value);
  if (match === null) {
    return reject("it is not an absolute URL with a scheme such as https://");
  }
  const [, scheme, authority, rest] = match;

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
  const port = portStart > 0 ? hostAndPort.slice(portStart) : "";

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
  // A URL such as https://evil.top\@good.test/ has one host for this reading
  // and another for browsers; hunting either one would be a guess.
  const writtenDomain = normaliseDomain(writtenHost);
  if (!isIpHost && writtenDomain !== host) {
    return reject(
      `the URL is ambiguous: browsers read its host as ${JSON.stringify(hostname)}, not ${JSON.stringify(writtenHost)}`,
    );
  }

  const path = rest === "" || /^[?#]/.test(rest) ? `/${rest}` : rest;
  const normalised = `${scheme.toLowerCase()}://${userInfo.toLowerCase()}${host}${port}${path}`;
  return accept({
    type: "url",
    value: normalised,
    ...(isIpHost ? {} : { host }),
  });
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
  const withPort =
    version === 6 ? `[${canonical}]:${port}` : `${canonical}:${port}`;
  return accept({ type: "ip", value: withPort });
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
