import { z } from "zod";

import type { FixHints } from "../config/yaml-schema";
import { parseYamlWithSchema } from "../config/yaml-schema";
import { FEED_FORMATS } from "../feeds/feed-loader";
import { SEVERITIES, TACTICS } from "../sentinel-vocabulary";

const FeedSchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .regex(/^[^/\\]+$/, { error: "a feed file is named relative to the campaign folder, without a path" }),
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
    context.addIssue({ code: "custom", message: "a MITRE ATT&CK technique is T followed by four digits, such as T1071" });
  }
});

/** The schema of `campaign.yaml`. */
export const CampaignManifestSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().min(1).max(2000),
  severity: z.enum(SEVERITIES),
  tactics: z.array(z.enum(TACTICS)).default([]),
  techniques: z.array(TechniqueSchema).default([]),
  minimumConfidence: z.number().int().min(0).max(100).default(0),
  feeds: z.array(FeedSchema).min(1),
});

export type CampaignManifest = z.output<typeof CampaignManifestSchema>;

const MANIFEST_HINTS: FixHints = {
  name: "Give the campaign's display name, such as SmartApeSG; it starts every rule's display name.",
  description: "Describe the campaign in a sentence or two; it goes into each rule's description.",
  severity: `Use one of ${SEVERITIES.join(", ")}.`,
  "tactics[]": `Use tactic names from the Sentinel API: ${TACTICS.join(", ")}.`,
  minimumConfidence: "Use a whole number from 0 to 100; IOCs below it are not deployed.",
  feeds: "List the campaign's feed files, for example: feeds: [{ file: iocs.md }].",
  "feeds[].format": `Use one of ${FEED_FORMATS.join(", ")}, or leave format out to detect it from the content.`,
};

/** Parses and validates the text of a `campaign.yaml`. */
export function parseCampaignManifest(text: string, fileName: string): CampaignManifest {
  return parseYamlWithSchema(text, fileName, CampaignManifestSchema, MANIFEST_HINTS);
}
