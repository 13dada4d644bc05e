import { z } from "zod";

import { durationMinutes } from "../duration";

/** Sentinel's ranges for the durations of a scheduled rule, in minutes. */
export const DURATION_RANGES = {
  schedule: { min: 5, max: 14 * 24 * 60, text: "PT5M to P14D" },
  suppression: { min: 5, max: 24 * 60, text: "PT5M to PT24H" },
  groupingLookback: { min: 5, max: 7 * 24 * 60, text: "PT5M to P7D" },
  /** How long a table may stay silent: a health rule's query period. */
  silence: { min: 60, max: 14 * 24 * 60, text: "PT1H to P14D" },
} as const;

/** The durations Sentinel takes, as a pattern the JSON Schema for editors can carry too. */
const DURATION_FORM = /^P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/;

/** Builds the schema of an ISO 8601 duration that Sentinel accepts within `range`. */
export function durationSchema(range: {
  readonly min: number;
  readonly max: number;
  readonly text: string;
}) {
  return z
    .string()
    .regex(DURATION_FORM, {
      error:
        "it is not a duration in days, hours and minutes such as PT5M, PT1H or P1D",
    })
    .superRefine((duration, context) => {
      const minutes = durationMinutes(duration);
      if (minutes === undefined) {
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
