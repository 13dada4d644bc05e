import type { IndicatorType } from "./indicator";

/** Type names that feeds write, lower-cased, for each indicator type. */
const TYPE_NAMES: ReadonlyMap<string, IndicatorType> = new Map([
  ["domain", "domain"],
  ["hostname", "domain"],
  ["fqdn", "domain"],
  ["url", "url"],
  ["uri", "url"],
  ["ip", "ip"],
  ["ipv4", "ip"],
  ["ipv6", "ip"],
  ["ip:port", "ip"],
  ["md5", "md5"],
  ["md5_hash", "md5"],
  ["sha1", "sha1"],
  ["sha1_hash", "sha1"],
  ["sha256", "sha256"],
  ["sha256_hash", "sha256"],
]);

/** Maps a feed's type name (`url`, `ip:port`, `sha256_hash`, ...) to an indicator type. */
export function parseIndicatorType(name: string): IndicatorType | undefined {
  return TYPE_NAMES.get(name.trim().toLowerCase());
}
