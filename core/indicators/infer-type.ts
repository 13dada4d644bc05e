import { isIP } from "node:net";

import type { IndicatorType } from "./indicator";
import { refang } from "./refang";

/**
 * Infers the type of an indicator written without one, as in plain lists. A
 * URL has a scheme and an IP address may carry a port. A hash is hexadecimal
 * of a hash's length, and anything else is taken for a domain.
 */
export function inferIndicatorType(raw: string): IndicatorType {
  const value = refang(raw);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return "url";
  }
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const withoutPort = value.replace(/:\d{1,5}$/, "");
  if (
    isIP(value) !== 0 ||
    isIP(withoutPort) === 4 ||
    (bracketed !== null && isIP(bracketed[1]) === 6)
  ) {
    return "ip";
  }
  const hashTypes: Readonly<Record<number, IndicatorType>> = {
    32: "md5",
    40: "sha1",
    64: "sha256",
  };
  if (/^[0-9a-f]+$/i.test(value) && hashTypes[value.length] !== undefined) {
    return hashTypes[value.length];
  }
  // A long hexadecimal string is a hash of the wrong length. Taking it for
  // the nearest hash type gives a rejection that names the right length.
  if (/^[0-9a-f]{16,}$/i.test(value)) {
    if (value.length < 36) {
      return "md5";
    }
    return value.length < 52 ? "sha1" : "sha256";
  }
  return "domain";
}
