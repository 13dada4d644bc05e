/**
 * Date forms seen in feeds: `2026-07-24 12:58:01` (ThreatFox, UTC with no zone),
 * the same with a ` UTC` suffix (ThreatFox API), `2026-06-12` (analyst tables)
 * and ISO 8601 with `Z`.
 */
const DATE_FORM =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?: ?UTC|Z|\+00:?00)?$/i;

/**
 * Converts a feed date to ISO 8601 UTC (`2026-06-12T00:00:00Z`). Returns
 * undefined for a value that is not one of the known forms or not a real date.
 */
export function toIsoUtc(text: string): string | undefined {
  const match = DATE_FORM.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));

  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const isRealDate =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!isRealDate) {
    return undefined;
  }
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
