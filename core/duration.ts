/**
 * The ISO 8601 durations Sentinel accepts for rule schedules: days, hours and
 * minutes, such as `PT5M`, `PT1H`, `P1DT12H` or `P14D`.
 */
const SCHEDULE_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Converts a schedule duration to minutes; returns undefined for any other text. */
export function durationMinutes(duration: string): number | undefined {
  const match = SCHEDULE_DURATION.exec(duration);
  if (match === null || duration === "P" || duration.endsWith("T")) {
    return undefined;
  }
  const [days, hours, minutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return days * 24 * 60 + hours * 60 + minutes;
}
