import { z } from "zod";

import { DNS_SOURCES, EXCLUSION_MATCHES } from "../kql/exclusions";
import { SEVERITIES } from "../sentinel-vocabulary";
import { DURATION_RANGES, durationSchema } from "./duration-schema";

// Spelt out in both cases, since the JSON Schema for editors cannot carry a regex flag.
const GUID =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const GuidSchema = z.string().regex(GUID, {
  error: "it is not a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
});

/** Keys of workspaces, tenants and rings: they name stacks and state files, so they never change. */
export const KeySchema = z
  .string()
  .regex(/^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/, {
    error:
      "a key is lower-case letters, digits and inner hyphens, at most 50 characters, starting with a letter",
  });

export const ResourceGroupNameSchema = z
  .string()
  .regex(/^[-\w.()]{0,89}[-\w()]$/, {
    error:
      "a resource group name is 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period",
  });

export const LocationSchema = z.string().regex(/^[a-z0-9]+$/, {
  error:
    "an Azure location is written in lower case without spaces, such as westeurope",
});

/** The incident grouping methods of the Sentinel API. */
export const MATCHING_METHODS = [
  "AllEntities",
  "AnyAlert",
  "Selected",
] as const;

const ExclusionValues = z
  .array(
    z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^\u0000-\u001f\u007f]*$/, {
        error: "a value is one line of text, without control characters",
      }),
  )
  .min(1, { error: "list at least one value" });

/**
 * Known-benign activity a rule leaves out: events whose `column` equals,
 * starts with, or (for DNS names and URL hosts) falls under one of the values.
 * Exactly one way of matching is given.
 */
export const ExclusionSchema = z
  .strictObject({
    column: z.string().min(1),
    equals: ExclusionValues.optional(),
    prefix: ExclusionValues.optional(),
    suffix: ExclusionValues.optional(),
    host: ExclusionValues.optional(),
    reason: z
      .string()
      .trim()
      .min(1, {
        error: "say why this activity is benign; the rule description lists it",
      })
      .max(200),
  })
  .superRefine((exclusion, context) => {
    const matches = EXCLUSION_MATCHES.filter(
      (match) => exclusion[match] !== undefined,
    );
    if (matches.length !== 1) {
      context.addIssue({
        code: "custom",
        message: `an exclusion matches in exactly one way, but it gives ${matches.length === 0 ? "none" : matches.join(" and ")}. Use one of ${EXCLUSION_MATCHES.join(", ")}`,
      });
    }
  });

export type ExclusionEntry = z.output<typeof ExclusionSchema>;

/** Settings of one analytics rule that a workspace may change; every field is optional. */
export const RuleOverrideSchema = z.strictObject({
  exclusions: z.array(ExclusionSchema).optional(),
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
  queryFrequency: durationSchema(DURATION_RANGES.schedule).optional(),
  queryPeriod: durationSchema(DURATION_RANGES.schedule).optional(),
  suppression: z
    .strictObject({
      enabled: z.boolean().optional(),
      duration: durationSchema(DURATION_RANGES.suppression).optional(),
    })
    .optional(),
  incident: z
    .strictObject({
      create: z.boolean().optional(),
      grouping: z
        .strictObject({
          enabled: z.boolean().optional(),
          lookback: durationSchema(DURATION_RANGES.groupingLookback).optional(),
          matching: z.enum(MATCHING_METHODS).optional(),
          reopenClosed: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});

export type RuleOverride = z.output<typeof RuleOverrideSchema>;

/** Overrides of one campaign's rules, by rule kind. */
export const CampaignRulesSchema = z.strictObject({
  dns: RuleOverrideSchema.optional(),
  "url-click": RuleOverrideSchema.optional(),
});

export type CampaignRuleOverrides = z.output<typeof CampaignRulesSchema>;

const LocalBackendSchema = z.strictObject({ type: z.literal("local") });

const AzurermBackendSchema = z.strictObject({
  type: z.literal("azurerm"),
  resourceGroupName: ResourceGroupNameSchema,
  storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, {
    error: "a storage account name is 3 to 24 lower-case letters and digits",
  }),
  containerName: z.string().regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
    error:
      "a blob container name is 3 to 63 lower-case letters, digits and single inner hyphens",
  }),
  key: z
    .string()
    .regex(/^[\w./-]{1,1024}$/, {
      error:
        "a state key is a blob name of letters, digits, periods, slashes, underscores and hyphens",
    })
    .optional(),
  subscriptionId: GuidSchema.optional(),
  tenantId: GuidSchema.optional(),
  useOidc: z.boolean().optional(),
  useAzureadAuth: z.boolean().optional(),
});

/** The Terraform state location of a stack. A backend given at a level replaces the inherited one whole. */
export const BackendSchema = z.discriminatedUnion("type", [
  LocalBackendSchema,
  AzurermBackendSchema,
]);

export type BackendConfig = z.output<typeof BackendSchema>;

/** The sign-in of the azurerm provider: the identity's tenant and client, never its secret. */
export const IdentitySchema = z.strictObject({
  tenantId: GuidSchema.optional(),
  clientId: GuidSchema.optional(),
  method: z.enum(["oidc", "cli", "msi", "secret"]).optional(),
  clientSecretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, {
      error:
        "it names an environment variable: upper-case letters, digits and underscores",
    })
    .optional(),
});

export type IdentityConfig = z.output<typeof IdentitySchema>;

/** The settings that defaults, tenants and workspaces share; lower levels override higher ones. */
export const InheritedSettings = {
  ring: KeySchema.optional(),
  location: LocationSchema.optional(),
  campaigns: z
    .array(z.string())
    .min(1, { error: "every workspace receives at least one campaign" })
    .optional(),
  onboarding: z.boolean().optional(),
  connectors: z
    .strictObject({
      dnsAnalytics: z.boolean().optional(),
      defenderXdr: z.boolean().optional(),
    })
    .optional(),
  rules: z.record(z.string(), CampaignRulesSchema).optional(),
  backend: BackendSchema.optional(),
  identity: IdentitySchema.optional(),
  dns: z
    .strictObject({
      source: z.enum(DNS_SOURCES).optional(),
      /** Resource ids of the DNS server machines the AMA data collection rule covers. */
      servers: z
        .array(
          z
            .string()
            .regex(
              /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i,
              {
                error:
                  "it is not an Azure resource id such as /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>",
              },
            ),
        )
        .optional(),
    })
    .optional(),
  hunting: z
    .strictObject({
      enabled: z.boolean().optional(),
      lookbackDays: z.number().int().min(1).max(90).optional(),
    })
    .optional(),
  health: z
    .strictObject({
      enabled: z.boolean().optional(),
      silentAfter: durationSchema(DURATION_RANGES.silence).optional(),
    })
    .optional(),
};

export const WorkspaceEntrySchema = z.strictObject({
  key: KeySchema,
  subscriptionId: GuidSchema.optional(),
  resourceGroupName: ResourceGroupNameSchema,
  workspaceName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/, {
      error:
        "a Log Analytics workspace name is 4 to 63 letters, digits and inner hyphens",
    }),
  ...InheritedSettings,
});

export const TenantEntrySchema = z.strictObject({
  key: KeySchema,
  tenantId: GuidSchema,
  subscriptionId: GuidSchema.optional(),
  ...InheritedSettings,
  workspaces: z
    .array(WorkspaceEntrySchema)
    .min(1, { error: "a tenant lists at least one workspace" }),
});

export const DefaultsSchema = z.strictObject(InheritedSettings);

export type WorkspaceEntry = z.output<typeof WorkspaceEntrySchema>;
export type TenantEntry = z.output<typeof TenantEntrySchema>;
export type Defaults = z.output<typeof DefaultsSchema>;
