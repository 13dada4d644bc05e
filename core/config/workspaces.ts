import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";

import { InputError } from "../errors";
import type { FixHints } from "./yaml-schema";
import { parseYamlWithSchema } from "./yaml-schema";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of this form mark the example workspaces; synth warns about them. */
const PLACEHOLDER_GUID = /^00000000-0000-0000-0000-[0-9a-f]{12}$/i;

const GuidSchema = z.string().regex(GUID, {
  error: "it is not a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
});

const WorkspaceSchema = z.strictObject({
  key: z.string().regex(/^[a-z](?:[a-z0-9-]{0,48}[a-z0-9])?$/, {
    error:
      "a workspace key is lower-case letters, digits and inner hyphens, at most 50 characters",
  }),
  tenantId: GuidSchema,
  subscriptionId: GuidSchema,
  resourceGroupName: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, {
    error:
      "a resource group name is 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period",
  }),
  workspaceName: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/, {
      error:
        "a Log Analytics workspace name is 4 to 63 letters, digits and inner hyphens",
    }),
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, {
      error:
        "an Azure location is written in lower case without spaces, such as westeurope",
    })
    .optional(),
  campaigns: z
    .array(z.string())
    .min(1, { error: "every workspace receives at least one campaign" }),
  onboarding: z.boolean().default(true),
  connectors: z
    .strictObject({
      dnsAnalytics: z.boolean().default(true),
      defenderXdr: z.boolean().default(true),
    })
    .prefault({}),
});

/** One Sentinel workspace of `workspaces.yaml`, validated, with defaults filled in. */
export type WorkspaceConfig = z.output<typeof WorkspaceSchema>;

const WORKSPACE_HINTS: FixHints = {
  "": "a top-level workspaces: key that lists the Sentinel workspaces",
  workspaces: "the list of Sentinel workspaces",
  "workspaces[].key":
    "a key such as contoso-prod, which names the stack and must never change",
  "workspaces[].tenantId":
    "the id (a GUID) of the Microsoft Entra tenant that holds the workspace",
  "workspaces[].subscriptionId":
    "the id (a GUID) of the Azure subscription that holds the workspace: the azurerm provider needs it for every stack",
  "workspaces[].resourceGroupName":
    "the name of the resource group that holds the Log Analytics workspace",
  "workspaces[].workspaceName":
    "the name of the Log Analytics workspace that Sentinel runs on",
  "workspaces[].campaigns":
    "the list of campaign keys, the folder names under the campaigns folder",
  "workspaces[].campaigns[]":
    "a campaign key, the name of a folder under the campaigns folder",
  "workspaces[].onboarding":
    "true, or false when Sentinel was onboarded outside this package",
  "workspaces[].connectors.dnsAnalytics":
    "true, or false when the DNS Analytics solution is managed elsewhere",
  "workspaces[].connectors.defenderXdr":
    "true, or false when the Defender XDR connector is managed elsewhere",
};

/**
 * Builds the schema of `workspaces.yaml`. The checks that span entries (unique
 * keys, each Azure workspace once, known campaigns) run here too, so their
 * messages carry the file and line like every other.
 */
function workspacesFileSchema(campaignKeys: readonly string[]) {
  return z
    .strictObject({
      workspaces: z
        .array(WorkspaceSchema)
        .min(1, { error: "the file lists no workspace" }),
    })
    .superRefine((file, context) => {
      const keys = new Map<string, number>();
      const azureWorkspaces = new Map<string, number>();

      for (const [index, workspace] of file.workspaces.entries()) {
        const earlierKey = keys.get(workspace.key);
        if (earlierKey !== undefined) {
          context.addIssue({
            code: "custom",
            path: ["workspaces", index, "key"],
            message: `workspaces[${earlierKey}] has the same key. Keys name the stacks, so give each workspace its own`,
          });
        }
        keys.set(workspace.key, index);

        const azureId = azureWorkspaceId(workspace).toLowerCase();
        const earlierWorkspace = azureWorkspaces.get(azureId);
        if (earlierWorkspace !== undefined) {
          context.addIssue({
            code: "custom",
            path: ["workspaces", index, "workspaceName"],
            message: `workspaces[${earlierWorkspace}] already deploys to this Log Analytics workspace. Two stacks must not manage the same workspace, so remove one entry`,
          });
        }
        azureWorkspaces.set(azureId, index);

        for (const [campaignIndex, campaign] of workspace.campaigns.entries()) {
          if (!campaignKeys.includes(campaign)) {
            context.addIssue({
              code: "custom",
              path: ["workspaces", index, "campaigns", campaignIndex],
              message: `no campaign has that key. Known campaigns: ${campaignKeys.join(", ") || "none"}`,
            });
          }
        }
        if (new Set(workspace.campaigns).size !== workspace.campaigns.length) {
          context.addIssue({
            code: "custom",
            path: ["workspaces", index, "campaigns"],
            message: "a campaign is listed twice. List each campaign once",
          });
        }

        if (
          workspace.connectors.dnsAnalytics &&
          workspace.location === undefined
        ) {
          context.addIssue({
            code: "custom",
            path: ["workspaces", index, "location"],
            message:
              "the DNS Analytics solution needs the workspace's region. Add location, such as westeurope, or set connectors.dnsAnalytics to false",
          });
        }
      }
    });
}

/** Returns the ARM id of a workspace's Log Analytics workspace. */
export function azureWorkspaceId(
  workspace: Pick<
    WorkspaceConfig,
    "subscriptionId" | "resourceGroupName" | "workspaceName"
  >,
): string {
  return `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspaceName}`;
}

/** Tells whether a workspace still has the example's placeholder tenant or subscription. */
export function hasPlaceholderIds(
  workspace: Pick<WorkspaceConfig, "tenantId" | "subscriptionId">,
): boolean {
  return (
    PLACEHOLDER_GUID.test(workspace.tenantId) ||
    PLACEHOLDER_GUID.test(workspace.subscriptionId)
  );
}

/** Parses and validates the text of a workspaces file; returns the workspaces sorted by key. */
export function parseWorkspaces(
  text: string,
  fileName: string,
  campaignKeys: readonly string[],
): WorkspaceConfig[] {
  const file = parseYamlWithSchema(
    text,
    fileName,
    workspacesFileSchema(campaignKeys),
    WORKSPACE_HINTS,
  );
  return [...file.workspaces].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Reads the workspaces file at `path`; `displayName` is how messages name it. */
export function loadWorkspaces(
  path: string,
  displayName: string,
  campaignKeys: readonly string[],
): WorkspaceConfig[] {
  if (!existsSync(path)) {
    throw new InputError(
      `${displayName}: the workspaces file was not found. Create it (see workspaces.yaml in this package) or point SENTINEL_WORKSPACES at an existing one.`,
    );
  }
  return parseWorkspaces(readFileSync(path, "utf8"), displayName, campaignKeys);
}
