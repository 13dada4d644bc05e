import { z } from "zod";

import { durationMinutes } from "../duration";

/** Sentinel's ranges for the durations of a scheduled rule, in minutes. */
export const DURATION_RANGES = {
  schedule: { min: 5, max: 14 * 24 * 60, text: "PT5M to P14D" },
  suppression: { min: 5, max: 24 * 60, text: "PT5M to PT24H" },
  groupingLookback: { min: 5, max: 7 * 24 * 60, text: "PT5M to P7D" },
} as const;

/** Builds the schema of an ISO 8601 duration that Sentinel accepts within `range`. */
export function durationSchema(range: {
  readonly min: number;
  readonly max: number;
  readonly text: string;
}) {
  return z.string().superRefine((duration, context) => {
    const minutes = durationMinutes(duration);
    if (minutes === undefined) {
      context.addIssue({
        code: "custom",
        message: "it is not an ISO 8601 duration such as PT5M, PT1H or P1D",
      });
      return;
    }
    if (minutes < range.min || minutes > range.max) {
      context.addIssue({
        code: "custom",
        message: `Sentinel accepts ${range.text}`,
      });
    }
  });
}
