import { z } from "zod";

import { techniqueTacticProblems } from "../attack/techniques";
import { DURATION_RANGES, durationSchema } from "../config/duration-schema";
import type { FixHints } from "../config/yaml-schema";
import { parseYamlWithSchema } from "../config/yaml-schema";
import { durationMinutes } from "../duration";
import { FEED_FORMATS } from "../feeds/feed-loader";
import { SEVERITIES, TACTICS } from "../sentinel-vocabulary";

const FeedSchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .regex(/^(?!\.{1,2}$)[^/\\]+$/, {
      error:
        "a feed file is named relative to the campaign folder, without a path",
    })
    // Item properties list source files joined with commas.
    .regex(/^[^,]+$/, { error: "a feed file name must not contain a comma" }),
  format: z.enum(FEED_FORMATS).optional(),
});

const TechniqueSchema = z.string().superRefine((technique, context) => {
  const subTechnique = /^(T\d{4})\.\d{3}$/.exec(technique);
  if (subTechnique !== null) {
    context.addIssue({
      code: "custom",
      message: `the analytics rules API accepts no sub-techniques: use ${subTechnique[1]}`,
    });
    return;
  }
  if (!/^T\d{4}$/.test(technique)) {
    context.addIssue({
      code: "custom",
      message:
        "a MITRE ATT&CK technique is T followed by four digits, such as T1071",
    });
  }
});

const UNIQUE_ERROR = "an entry is listed twice. List each one once";

function isUnique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

const ScheduleDurationSchema = durationSchema(DURATION_RANGES.schedule);

/** The schema of `campaign.yaml`. */
export const CampaignManifestSchema = z
  .strictObject({
    // Sentinel fills {{column}} in alert titles, so a name must not contain one.
    name: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[^\u0000-\u001f\u007f]*$/, {
        error:
          "a campaign name is one line of text, without line breaks or other control characters",
      })
      .regex(/^(?!.*(\{\{|\}\})).*$/s, {
        error:
          "a campaign name must not contain {{ or }}, which alert titles read as a column",
      }),
    description: z.string().trim().min(1).max(2000),
    severity: z.enum(SEVERITIES),
    tactics: z
      .array(z.enum(TACTICS))
      .refine(isUnique, { error: UNIQUE_ERROR })
      .default([]),
    techniques: z
      .array(TechniqueSchema)
      .refine(isUnique, { error: UNIQUE_ERROR })
      .default([]),
    minimumConfidence: z.number().int().min(0).max(100).default(0),
    maxAgeDays: z.number().int().min(1).optional(),
    failOnRejected: z.boolean().default(false),
    queryFrequency: ScheduleDurationSchema.default("PT1H"),
    queryPeriod: ScheduleDurationSchema.default("PT1H"),
    feeds: z.array(FeedSchema).min(1),
  })
  .superRefine((manifest, context) => {
    for (const { technique, problem } of techniqueTacticProblems(
      manifest.techniques,
      manifest.tactics,
    )) {
      context.addIssue({
        code: "custom",
        path: ["techniques", manifest.techniques.indexOf(technique)],
        message: problem,
      });
    }
    const frequency = durationMinutes(manifest.queryFrequency);
    const period = durationMinutes(manifest.queryPeriod);
    if (frequency === undefined || period === undefined) {
      return;
    }
    if (period < frequency) {
      context.addIssue({
        code: "custom",
        path: ["queryPeriod"],
        message: `it is shorter than queryFrequency ${manifest.queryFrequency}, so events between runs would never be read`,
      });
    }
    // Sentinel rejects a look-back of two days or more on a schedule under an hour.
    if (period >= 2 * 24 * 60 && frequency < 60) {
      context.addIssue({
        code: "custom",
        path: ["queryFrequency"],
        message: `Sentinel needs a frequency of at least PT1H when queryPeriod is 2 days or more (it is ${manifest.queryPeriod})`,
      });
    }
  });

export type CampaignManifest = z.output<typeof CampaignManifestSchema>;

const MANIFEST_HINTS: FixHints = {
  name: "the campaign's display name, such as SmartApeSG, which starts every rule's display name",
  description:
    "a sentence or two about the campaign, which goes into each rule's description",
  minimumConfidence:
    "a whole number from 0 to 100; IOCs below it are not deployed",
  maxAgeDays:
    "a whole number of days; IOCs last seen longer ago are not deployed",
  failOnRejected:
    "true to stop synth when a feed row is rejected, or false to report it and go on",
  queryFrequency:
    "how often the rules run, from PT5M to P14D (the default is PT1H)",
  queryPeriod:
    "how far back each run reads, from PT5M to P14D and not shorter than queryFrequency (the default is PT1H)",
  feeds:
    "the list of the campaign's feed files, such as feeds: [{ file: iocs.md }]",
  "feeds[].file": "the name of a feed file in the campaign folder",
};

/** Parses and validates the text of a `campaign.yaml`. */
export function parseCampaignManifest(
  text: string,
  fileName: string,
): CampaignManifest {
  return parseYamlWithSchema(
    text,
    fileName,
    CampaignManifestSchema,
    MANIFEST_HINTS,
  );
}
