import { existsSync, readFileSync, statSync } from "node:fs";
import { z } from "zod";

import { durationMinutes } from "../duration";
import { InputError } from "../errors";
import type { RuleKind } from "../identity";
import type { DnsSource } from "../kql/exclusions";
import { ruleSchemaTable } from "../kql/exclusions";
import { loadTableSchemas } from "../kql/table-schemas";
import type {
  BackendConfig,
  CampaignRuleOverrides,
  ExclusionEntry,
  IdentityConfig,
  TenantEntry,
  WorkspaceEntry,
} from "./workspace-settings";
import {
  DefaultsSchema,
  KeySchema,
  TenantEntrySchema,
} from "./workspace-settings";
import type { FixHints } from "./yaml-schema";
import { parseYamlWithSchema, suggestKey } from "./yaml-schema";

/** Ids of this form mark the example workspaces; synth warns about them. */
const PLACEHOLDER_GUID = /^00000000-0000-0000-0000-[0-9a-f]{12}$/i;

/** How long a rule with suppression on stays quiet when the file sets no duration. */
export const DEFAULT_SUPPRESSION = "PT5H";

/** Days a saved hunting query looks back when the file sets none. */
export const DEFAULT_HUNTING_DAYS = 14;

/** How long a table may receive nothing before its health rule raises an alert. */
export const DEFAULT_SILENCE = "PT24H";

/** The ring of every workspace when the file declares no rings. */
export const DEFAULT_RING = "default";

/** One Sentinel workspace with everything it inherits from the defaults and its tenant resolved. */
export interface WorkspaceConfig {
  /** The stack id and state file name: stable for the life of the workspace. */
  readonly key: string;
  /** The key of the tenant entry the workspace is listed under. */
  readonly tenant: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly workspaceName: string;
  readonly location?: string;
  readonly ring: string;
  readonly campaigns: readonly string[];
  readonly onboarding: boolean;
  readonly connectors: {
    readonly dnsAnalytics: boolean;
    readonly defenderXdr: boolean;
  };
  /** Rule overrides by campaign key. */
  readonly rules: Readonly<Record<string, CampaignRuleOverrides>>;
  readonly backend: ResolvedBackend;
  readonly identity: IdentityConfig;
  /** The campaigns' hunts saved as Sentinel hunting queries, over this many days. */
  readonly hunting: {
    readonly enabled: boolean;
    readonly lookbackDays: number;
  };
  /** Rules that report a silent table or an empty watchlist. */
  readonly health: { readonly enabled: boolean; readonly silentAfter: string };
  /** The source of DNS events and, for the Azure Monitor Agent, the DNS servers its collection rule covers. */
  readonly dns: {
    readonly source: DnsSource;
    readonly servers: readonly string[];
  };
}

/** A backend with the state key filled in. */
export type ResolvedBackend =
  | { readonly type: "local"; readonly path: string }
  | (Extract<BackendConfig, { type: "azurerm" }> & { readonly key: string });

/** The workspaces file, resolved: rings in rollout order and workspaces by key. */
export interface WorkspacesFile {
  readonly rings: readonly string[];
  readonly workspaces: readonly WorkspaceConfig[];
}

/** The parts of a campaign the workspaces file checks against: its key and its schedule. */
export interface CampaignSchedule {
  readonly key: string;
  /** The path of the campaign's manifest, for messages. */
  readonly manifestFile: string;
  readonly queryFrequency: string;
  readonly queryPeriod: string;
}

type PathSegment = string | number;
type Origin = readonly PathSegment[];

const WORKSPACE = "tenants[].workspaces[]";
const SETTING_HINTS = (level: string): Record<string, string> => ({
  [`${level}.ring`]: "the name of a ring listed under rings",
  [`${level}.campaigns`]:
    "the list of campaign keys, the folder names under the campaigns folder",
  [`${level}.campaigns[]`]:
    "a campaign key, the name of a folder under the campaigns folder",
  [`${level}.onboarding`]:
    "true, or false when Sentinel was onboarded outside this package",
  [`${level}.connectors.dnsAnalytics`]:
    "true, or false when the DNS Analytics solution is managed elsewhere",
  [`${level}.connectors.defenderXdr`]:
    "true, or false when the Defender XDR connector is managed elsewhere",
  [`${level}.location`]: "an Azure region such as westeurope",
  [`${level}.hunting.lookbackDays`]:
    "the days a saved hunting query looks back, 1 to 90",
  [`${level}.health.silentAfter`]:
    "how long a table may receive nothing before its health rule alerts, such as PT24H",
});

export const WORKSPACE_HINTS: FixHints = {
  "": "tenants:, a list of tenants that each list their workspaces",
  tenants: "the list of tenants, each with its tenantId and workspaces",
  rings: "the list of ring names in rollout order, such as [canary, broad]",
  "tenants[].key": "a key such as contoso that names the tenant in the report",
  "tenants[].tenantId":
    "the id (a GUID) of the Microsoft Entra tenant that holds the workspaces",
  "tenants[].subscriptionId":
    "the id (a GUID) of the Azure subscription that holds the tenant's workspaces",
  "tenants[].workspaces": "the list of the tenant's Sentinel workspaces",
  [`${WORKSPACE}.key`]:
    "a key such as contoso-prod, which names the stack and must never change",
  [`${WORKSPACE}.subscriptionId`]:
    "the id (a GUID) of the Azure subscription that holds the workspace, here or on its tenant",
  [`${WORKSPACE}.resourceGroupName`]:
    "the name of the resource group that holds the Log Analytics workspace",
  [`${WORKSPACE}.workspaceName`]:
    "the name of the Log Analytics workspace that Sentinel runs on",
  ...SETTING_HINTS("defaults"),
  ...SETTING_HINTS("tenants[]"),
  ...SETTING_HINTS(WORKSPACE),
};

/** Keys written at the wrong level, with where they belong. */
const MISPLACED_KEYS: FixHints = {
  workspaces:
    "workspaces are listed under their tenant: move them to tenants[].workspaces and give the tenant its key and tenantId",
  [`${WORKSPACE}.tenantId`]:
    "tenantId belongs to the tenant entry: move it to the tenant, or list the workspace under a tenant of its own",
  "defaults.subscriptionId":
    "subscriptionId belongs to a tenant or a workspace, so no two tenants share one by accident",
  "defaults.tenantId": "tenantId belongs to a tenant entry",
};

/** The shape of the workspaces file, which the JSON Schema for editors is generated from. */
export const WorkspacesFileSchema = z.strictObject({
  $schema: z.string().optional(),
  rings: z
    .array(KeySchema)
    .min(1, { error: "list at least one ring, or leave rings out" })
    .optional(),
  defaults: DefaultsSchema.optional(),
  tenants: z
    .array(TenantEntrySchema)
    .min(1, { error: "the file lists no tenant" }),
});

/**
 * Builds the schema of the workspaces file. The checks that span entries and
 * levels (unique keys, each Azure workspace once, known campaigns and rings,
 * inherited rule settings against each campaign's schedule) run here, so their
 * messages carry the file and line like every other.
 */
function workspacesFileSchema(campaigns: readonly CampaignSchedule[]) {
  return WorkspacesFileSchema.superRefine((file, context) => {
    // An inherited value is checked once per workspace, so report it once.
    const reported = new Set<string>();
    for (const problem of resolveFile(file, campaigns).problems) {
      const key = `${problem.path.join("\u0000")}\u0001${problem.message}`;
      if (!reported.has(key)) {
        reported.add(key);
        context.addIssue({ code: "custom", ...problem });
      }
    }
  });
}

type ParsedFile = z.output<typeof WorkspacesFileSchema>;

interface Problem {
  readonly path: PathSegment[];
  readonly message: string;
}

/** Resolves every workspace of a parsed file and lists what is wrong with the result. */
function resolveFile(
  file: ParsedFile,
  campaigns: readonly CampaignSchedule[],
): { workspaces: WorkspaceConfig[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const rings = file.rings ?? [DEFAULT_RING];
  const campaignKeys = campaigns.map((campaign) => campaign.key);

  problems.push(...duplicates(rings, ["rings"], "ring"));
  if (file.defaults !== undefined) {
    problems.push(...checkLevel(file.defaults, ["defaults"], campaignKeys));
  }

  const workspaces: WorkspaceConfig[] = [];
  const tenantKeys = new Map<string, number>();
  const workspaceKeys = new Map<string, Origin>();
  const azureWorkspaces = new Map<string, Origin>();
  const stateLocations = new Map<string, Origin>();

  for (const [tenantIndex, tenant] of file.tenants.entries()) {
    const tenantPath = ["tenants", tenantIndex];
    const earlierTenant = tenantKeys.get(tenant.key);
    if (earlierTenant !== undefined) {
      problems.push({
        path: [...tenantPath, "key"],
        message: `tenants[${earlierTenant}] has the same key. Give each tenant its own`,
      });
    }
    tenantKeys.set(tenant.key, tenantIndex);
    problems.push(...checkLevel(tenant, tenantPath, campaignKeys));

    for (const [index, entry] of tenant.workspaces.entries()) {
      const path = [...tenantPath, "workspaces", index];
      problems.push(...checkLevel(entry, path, campaignKeys));

      const merged = mergeLayers([
        { settings: file.defaults ?? {}, path: ["defaults"] },
        { settings: withoutWorkspaces(tenant), path: tenantPath },
        { settings: entry, path },
      ]);
      const { workspace, problems: found } = resolveWorkspace(
        entry,
        tenant,
        path,
        merged,
        { rings, declaredRings: file.rings !== undefined, campaigns },
      );
      problems.push(...found);
      if (workspace === undefined) {
        continue;
      }
      workspaces.push(workspace);

      const earlierKey = workspaceKeys.get(workspace.key);
      if (earlierKey !== undefined) {
        problems.push({
          path: [...path, "key"],
          message: `${formatOrigin(earlierKey)} has the same key. Keys name the stacks and their state, so give each workspace its own`,
        });
        continue;
      }
      workspaceKeys.set(workspace.key, path);

      const azureId = azureWorkspaceId(workspace).toLowerCase();
      const earlierWorkspace = azureWorkspaces.get(azureId);
      if (earlierWorkspace !== undefined) {
        problems.push({
          path: [...path, "workspaceName"],
          message: `${formatOrigin(earlierWorkspace)} already deploys to this Log Analytics workspace in the same subscription and resource group. Two stacks must not manage the same workspace, so remove one entry`,
        });
      }
      azureWorkspaces.set(azureId, path);

      const state = stateLocation(workspace.backend);
      const earlierState = stateLocations.get(state);
      if (earlierState !== undefined) {
        problems.push({
          path: merged.originOf(["backend"], path),
          message: `${formatOrigin(earlierState)} keeps its state at the same place (${state}), so the two stacks would overwrite each other's state. Leave backend.key out to get <workspace key>.tfstate, or give each workspace its own key`,
        });
      }
      stateLocations.set(state, path);
    }
  }

  workspaces.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { workspaces, problems };
}

interface ResolveContext {
  readonly rings: readonly string[];
  readonly declaredRings: boolean;
  readonly campaigns: readonly CampaignSchedule[];
}

function resolveWorkspace(
  entry: WorkspaceEntry,
  tenant: TenantEntry,
  path: PathSegment[],
  merged: MergedSettings,
  context: ResolveContext,
): { workspace?: WorkspaceConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const settings = merged.value;

  const subscriptionId = entry.subscriptionId ?? tenant.subscriptionId;
  if (subscriptionId === undefined) {
    problems.push({
      path: [...path, "subscriptionId"],
      message:
        "the azurerm provider needs the workspace's subscription. Set subscriptionId on the workspace or on its tenant",
    });
  }

  const ring =
    settings.ring ?? (context.declaredRings ? undefined : DEFAULT_RING);
  if (ring === undefined) {
    problems.push({
      path: [...path, "ring"],
      message: `every workspace belongs to a ring. Set ring to one of ${context.rings.join(", ")} on the workspace, its tenant or the defaults`,
    });
  } else if (
    // An empty rings list is reported by the schema already.
    context.rings.length > 0 &&
    !context.rings.includes(ring)
  ) {
    problems.push({
      path: merged.originOf(["ring"], path),
      message: context.declaredRings
        ? `no ring has that name.${didYouMean(ring, context.rings)} Rings: ${context.rings.join(", ")}`
        : "the file declares no rings. List the rings in rollout order under rings, such as [canary, broad]",
    });
  }

  const campaigns = settings.campaigns;
  if (campaigns === undefined) {
    problems.push({
      path: [...path, "campaigns"],
      message:
        "every workspace receives at least one campaign. Set campaigns on the workspace, its tenant or the defaults",
    });
  } else {
    const origin = merged.originOf(["campaigns"], path);
    const known = context.campaigns.map((campaign) => campaign.key);
    for (const [index, campaign] of campaigns.entries()) {
      if (!known.includes(campaign)) {
        problems.push({
          path: [...origin, index],
          message: `no campaign has that key.${didYouMean(campaign, known)} Known campaigns: ${known.join(", ") || "none"}`,
        });
      }
    }
    problems.push(...duplicates(campaigns, [...origin], "campaign"));
  }

  const dnsSource = settings.dns?.source ?? "dnsevents";
  const connectors = {
    // The DNS Analytics solution only feeds DnsEvents.
    dnsAnalytics:
      settings.connectors?.dnsAnalytics ?? dnsSource === "dnsevents",
    defenderXdr: settings.connectors?.defenderXdr ?? true,
  };
  if (dnsSource === "ama" && settings.location === undefined) {
    problems.push({
      path: [...path, "location"],
      message:
        "the AMA DNS source creates a data collection rule in the workspace's region. Add location, such as westeurope",
    });
  } else if (connectors.dnsAnalytics && settings.location === undefined) {
    problems.push({
      path: [...path, "location"],
      message:
        "the DNS Analytics solution needs the workspace's region. Add location, such as westeurope, or set connectors.dnsAnalytics to false",
    });
  }

  const rules = settings.rules ?? {};
  for (const campaign of context.campaigns) {
    if (!(campaigns ?? []).includes(campaign.key)) {
      continue;
    }
    for (const kind of ["dns", "url-click"] as const) {
      problems.push(
        ...checkExclusionColumns(
          rules[campaign.key]?.[kind]?.exclusions ?? [],
          kind,
          dnsSource,
          merged.originOf(["rules", campaign.key, kind, "exclusions"], path),
        ),
      );
      problems.push(
        ...checkSchedule(
          rules[campaign.key]?.[kind],
          campaign,
          kind,
          path,
          merged,
        ),
      );
    }
  }
  const knownCampaigns = context.campaigns.map((campaign) => campaign.key);
  for (const campaign of Object.keys(entry.rules ?? {})) {
    if (
      campaigns !== undefined &&
      !campaigns.includes(campaign) &&
      knownCampaigns.includes(campaign)
    ) {
      problems.push({
        path: [...path, "rules", campaign],
        message: `the workspace does not receive ${campaign}, so these settings change nothing. Add ${campaign} to campaigns, or remove them`,
      });
    }
  }

  const identity = settings.identity ?? {};
  if (identity.clientSecretEnv !== undefined && identity.method !== "secret") {
    problems.push({
      path: [...merged.originOf(["identity"], path), "clientSecretEnv"],
      message: `a client secret is read only with method: secret, and this identity's method is ${identity.method ?? "unset"}. Set method: secret, or remove clientSecretEnv`,
    });
  }
  if (identity.method === "secret" && identity.clientId === undefined) {
    problems.push({
      path: [...merged.originOf(["identity"], path), "method"],
      message:
        "a client secret belongs to an app registration, so the identity needs its clientId too",
    });
  }

  if (
    subscriptionId === undefined ||
    ring === undefined ||
    campaigns === undefined
  ) {
    return { problems };
  }
  const workspace: WorkspaceConfig = {
    key: entry.key,
    tenant: tenant.key,
    tenantId: tenant.tenantId,
    subscriptionId,
    resourceGroupName: entry.resourceGroupName,
    workspaceName: entry.workspaceName,
    ...(settings.location === undefined ? {} : { location: settings.location }),
    ring,
    campaigns,
    onboarding: settings.onboarding ?? true,
    connectors,
    rules,
    backend: resolveBackend(settings.backend, entry.key),
    identity,
    hunting: {
      enabled: settings.hunting?.enabled ?? true,
      lookbackDays: settings.hunting?.lookbackDays ?? DEFAULT_HUNTING_DAYS,
    },
    health: {
      enabled: settings.health?.enabled ?? true,
      silentAfter: settings.health?.silentAfter ?? DEFAULT_SILENCE,
    },
    dns: { source: dnsSource, servers: settings.dns?.servers ?? [] },
  };
  return { workspace, problems };
}

/** Checks one rule's schedule, inherited or overridden, against the campaign's. */
function checkSchedule(
  override: CampaignRuleOverrides[RuleKind] | undefined,
  campaign: CampaignSchedule,
  kind: RuleKind,
  workspacePath: Origin,
  merged: MergedSettings,
): Problem[] {
  const setting = (name: string) => ["rules", campaign.key, kind, name];
  const frequency = override?.queryFrequency ?? campaign.queryFrequency;
  const period = override?.queryPeriod ?? campaign.queryPeriod;
  const frequencyFrom =
    override?.queryFrequency === undefined
      ? campaign.manifestFile
      : formatOrigin(merged.originOf(setting("queryFrequency"), workspacePath));
  const periodFrom =
    override?.queryPeriod === undefined
      ? campaign.manifestFile
      : formatOrigin(merged.originOf(setting("queryPeriod"), workspacePath));
  // Report at the override; when both values come from the campaign, it was checked there.
  const at =
    override?.queryPeriod !== undefined
      ? merged.originOf(setting("queryPeriod"), workspacePath)
      : override?.queryFrequency !== undefined
        ? merged.originOf(setting("queryFrequency"), workspacePath)
        : undefined;
  const problems: Problem[] = [];
  const frequencyMinutes = durationMinutes(frequency);
  const periodMinutes = durationMinutes(period);
  if (
    at !== undefined &&
    frequencyMinutes !== undefined &&
    periodMinutes !== undefined
  ) {
    const forWorkspace = `for ${formatOrigin(workspacePath)}`;
    if (periodMinutes < frequencyMinutes) {
      problems.push({
        path: [...at],
        message: `${forWorkspace}, queryPeriod ${period} (from ${periodFrom}) is shorter than queryFrequency ${frequency} (from ${frequencyFrom}), so events between runs would never be read`,
      });
    } else if (periodMinutes >= 2 * 24 * 60 && frequencyMinutes < 60) {
      problems.push({
        path: [...at],
        message: `${forWorkspace}, Sentinel needs a queryFrequency of at least PT1H when queryPeriod is 2 days or more (queryFrequency ${frequency} from ${frequencyFrom}, queryPeriod ${period} from ${periodFrom})`,
      });
    }
  }

  const suppression = override?.suppression;
  if (suppression?.enabled === true) {
    const duration = suppression.duration ?? DEFAULT_SUPPRESSION;
    const suppressed = durationMinutes(duration);
    if (
      frequencyMinutes !== undefined &&
      suppressed !== undefined &&
      suppressed < frequencyMinutes
    ) {
      problems.push({
        path: [
          ...merged.originOf(
            [
              "rules",
              campaign.key,
              kind,
              "suppression",
              suppression.duration === undefined ? "enabled" : "duration",
            ],
            workspacePath,
          ),
        ],
        message: `for ${formatOrigin(workspacePath)}, suppression lasts ${duration}${suppression.duration === undefined ? " (the default)" : ""}, shorter than queryFrequency ${frequency} (from ${frequencyFrom}), and Sentinel needs suppression to last at least one run. Set suppression.duration to ${frequency} or longer`,
      });
    }
  }
  return problems;
}

let stringColumns: ReadonlyMap<string, readonly string[]> | undefined;

/** Returns the string columns of each table the rules read, from the shipped schemas. */
function tableStringColumns(): ReadonlyMap<string, readonly string[]> {
  stringColumns ??= new Map(
    loadTableSchemas().map((schema) => [
      schema.table,
      schema.columns
        .filter(([, type]) => type === "string")
        .map(([name]) => name),
    ]),
  );
  return stringColumns;
}

/** Checks that each exclusion names a string column of the table its rule reads. */
function checkExclusionColumns(
  exclusions: readonly ExclusionEntry[],
  kind: RuleKind,
  source: DnsSource,
  origin: Origin,
): Problem[] {
  const table = ruleSchemaTable(kind, source);
  const columns = tableStringColumns().get(table) ?? [];
  return exclusions.flatMap((exclusion, index): Problem[] =>
    columns.includes(exclusion.column)
      ? []
      : [
          {
            path: [...origin, index, "column"],
            message: `${table} has no text column ${exclusion.column}, and the ${kind} rule reads ${table}.${didYouMean(exclusion.column, columns)} Its text columns: ${columns.join(", ")}`,
          },
        ],
  );
}

/** Checks what one level writes that only makes sense with the campaign list: rule override keys. */
function checkLevel(
  level: { rules?: Record<string, unknown> },
  path: PathSegment[],
  campaignKeys: readonly string[],
): Problem[] {
  return Object.keys(level.rules ?? {})
    .filter((campaign) => !campaignKeys.includes(campaign))
    .map((campaign) => ({
      path: [...path, "rules", campaign],
      message: `no campaign has the key ${campaign}, and rules are keyed by campaign.${didYouMean(campaign, campaignKeys)} Known campaigns: ${campaignKeys.join(", ") || "none"}`,
    }));
}

function duplicates(
  values: readonly string[],
  path: PathSegment[],
  noun: string,
): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const [index, value] of values.entries()) {
    if (seen.has(value)) {
      problems.push({
        path: [...path, index],
        message: `the ${noun} is listed twice. List each ${noun} once`,
      });
    }
    seen.add(value);
  }
  return problems;
}

function withoutWorkspaces(
  tenant: TenantEntry,
): Omit<TenantEntry, "workspaces"> {
  const { workspaces: _workspaces, ...settings } = tenant;
  return settings;
}

function resolveBackend(
  backend: BackendConfig | undefined,
  workspaceKey: string,
): ResolvedBackend {
  if (backend === undefined || backend.type === "local") {
    // Relative to cdktf.out/stacks/<key>, where Terraform runs, so the state
    // file lands in the project folder and the path is the same on every machine.
    return {
      type: "local",
      path: `../../../terraform.${workspaceKey}.tfstate`,
    };
  }
  return { ...backend, key: backend.key ?? `${workspaceKey}.tfstate` };
}

function stateLocation(backend: ResolvedBackend): string {
  return backend.type === "local"
    ? `local file ${backend.path}`
    : `azurerm ${backend.storageAccountName}/${backend.containerName}/${backend.key}`;
}

interface MergedSettings {
  readonly value: Partial<
    Omit<TenantEntry, "key" | "tenantId" | "subscriptionId" | "workspaces">
  >;
  /** Returns where the value at `keys` was written, or `fallback` with the keys when no level wrote it. */
  originOf(keys: readonly string[], fallback: Origin): PathSegment[];
}

/**
 * Merges the levels' settings, later levels winning: maps merge key by key,
 * while lists, plain values, a backend and an identity replace what came
 * before, since half of one sign-in mixed with half of another is never meant. Records
 * where each value was written so messages can point at that line.
 */
function mergeLayers(
  layers: readonly { settings: object; path: Origin }[],
): MergedSettings {
  const value: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();
  const SEPARATOR = "\u0000";

  const mergeInto = (
    target: Record<string, unknown>,
    source: Record<string, unknown>,
    keys: readonly string[],
    layerPath: Origin,
  ) => {
    for (const [key, item] of Object.entries(source)) {
      if (item === undefined || (keys.length === 0 && key === "workspaces")) {
        continue;
      }
      const keyPath = [...keys, key];
      const replaceWhole =
        keys.length === 0 && (key === "backend" || key === "identity");
      if (isPlainObject(item) && !replaceWhole) {
        const existing = target[key];
        const child: Record<string, unknown> = isPlainObject(existing)
          ? existing
          : {};
        target[key] = child;
        origins.set(keyPath.join(SEPARATOR), [...layerPath, ...keyPath]);
        mergeInto(child, item, keyPath, layerPath);
      } else {
        target[key] = Array.isArray(item) ? [...item] : item;
        origins.set(keyPath.join(SEPARATOR), [...layerPath, ...keyPath]);
      }
    }
  };
  for (const layer of layers) {
    mergeInto(value, layer.settings as Record<string, unknown>, [], layer.path);
  }

  return {
    value: value as MergedSettings["value"],
    originOf: (keys, fallback) => [
      ...(origins.get(keys.join(SEPARATOR)) ?? [...fallback, ...keys]),
    ],
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Writes a key path as `tenants[0].workspaces[1]`. */
function formatOrigin(path: Origin): string {
  return path
    .map((segment, index) =>
      typeof segment === "number"
        ? `[${segment}]`
        : index === 0
          ? segment
          : `.${segment}`,
    )
    .join("");
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

/** Tells whether a workspace still has one of the example's placeholder ids: tenant, subscription, identity or state. */
export function hasPlaceholderIds(
  workspace: Pick<WorkspaceConfig, "tenantId" | "subscriptionId"> &
    Partial<Pick<WorkspaceConfig, "identity" | "backend">>,
): boolean {
  const backend =
    workspace.backend?.type === "azurerm" ? workspace.backend : undefined;
  return [
    workspace.tenantId,
    workspace.subscriptionId,
    workspace.identity?.tenantId,
    workspace.identity?.clientId,
    backend?.subscriptionId,
    backend?.tenantId,
  ].some((id) => id !== undefined && PLACEHOLDER_GUID.test(id));
}

/** Parses, validates and resolves the text of a workspaces file. */
export function parseWorkspaces(
  text: string,
  fileName: string,
  campaigns: readonly CampaignSchedule[],
): WorkspacesFile {
  const file = parseYamlWithSchema(
    text,
    fileName,
    workspacesFileSchema(campaigns),
    WORKSPACE_HINTS,
    MISPLACED_KEYS,
  );
  return {
    rings: file.rings ?? [DEFAULT_RING],
    workspaces: resolveFile(file, campaigns).workspaces,
  };
}

/** Reads the workspaces file at `path`; `displayName` is how messages name it. */
export function loadWorkspaces(
  path: string,
  displayName: string,
  campaigns: readonly CampaignSchedule[],
): WorkspacesFile {
  if (!existsSync(path)) {
    throw new InputError(
      `${displayName}: the workspaces file was not found. Create it (see workspaces.yaml in this package) or point SENTINEL_WORKSPACES at an existing one.`,
    );
  }
  if (!statSync(path).isFile()) {
    throw new InputError(
      `${displayName}: this is a folder, but the workspaces file is a YAML file. Point SENTINEL_WORKSPACES at the file, such as workspaces.yaml.`,
    );
  }
  return parseWorkspaces(readFileSync(path, "utf8"), displayName, campaigns);
}

function didYouMean(value: string, known: readonly string[]): string {
  const suggestion = suggestKey(value, known);
  return suggestion === undefined || suggestion === value
    ? ""
    : ` Did you mean ${suggestion}?`;
}
