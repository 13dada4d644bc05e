import { createPatch } from "diff";

import type { StackConfiguration, SynthOutput } from "./synth-output";

const RULE = "azurerm_sentinel_alert_rule_scheduled";
const SAVED_SEARCH = "azurerm_log_analytics_saved_search";
const WATCHLIST = "azurerm_sentinel_watchlist";
const ITEMS = "azurerm_sentinel_watchlist_item";
/** Onboarding and connector resources, with the attributes whose change replaces each. */
const CONNECTOR_REPLACING: Readonly<Record<string, readonly string[]>> = {
  azurerm_sentinel_log_analytics_workspace_onboarding: ["workspace_id"],
  azurerm_log_analytics_solution: [
    "solution_name",
    "workspace_name",
    "workspace_resource_id",
    "location",
    "resource_group_name",
  ],
  azurerm_sentinel_data_connector_microsoft_threat_protection: [
    "name",
    "log_analytics_workspace_id",
    "tenant_id",
  ],
  azurerm_monitor_data_collection_rule: [
    "name",
    "location",
    "resource_group_name",
    "kind",
  ],
  azurerm_monitor_data_collection_rule_association: [
    "name",
    "target_resource_id",
  ],
};

/** Watchlist attributes whose change makes azurerm delete and create the watchlist, and so every item. */
const WATCHLIST_REPLACING = [
  "name",
  "display_name",
  "description",
  "labels",
  "default_duration",
  "item_search_key",
  "log_analytics_workspace_id",
];

/** Rule attributes whose change makes azurerm delete and create the rule. */
const RULE_REPLACING = ["name", "log_analytics_workspace_id"];

/** A rule as the summary shows it. */
export interface RuleSummary {
  readonly address: string;
  readonly displayName: string;
  readonly enabled: boolean;
}

/** One setting of a rule that differs; undefined where a side does not set it. */
export interface SettingChange {
  readonly setting: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface RuleChange extends RuleSummary {
  /** The query as a unified diff, or undefined when only settings changed. */
  readonly queryDiff?: string;
  readonly settings: readonly SettingChange[];
  /** Changed attributes that force Terraform to replace the rule. */
  readonly replacedBy: readonly string[];
}

/** A watchlist item as a reviewer checks it against the feed. */
export interface ItemSummary {
  readonly type: string;
  readonly indicator: string;
}

export interface ItemChange extends ItemSummary {
  /** The item properties that differ, with their values on each side. */
  readonly fields: readonly {
    readonly field: string;
    readonly before: string;
    readonly after: string;
  }[];
}

export interface WatchlistChange {
  /** The items resource's address. */
  readonly address: string;
  readonly alias: string;
  readonly before: number;
  readonly after: number;
  readonly added: readonly ItemSummary[];
  readonly removed: readonly ItemSummary[];
  readonly changed: readonly ItemChange[];
  /** Watchlist attributes that changed and force its replacement with every item. */
  readonly replacedBy: readonly string[];
}

export interface ResourceChange {
  readonly address: string;
  readonly change: "added" | "removed" | "changed";
  readonly attributes: readonly string[];
  /** Changed attributes that force Terraform to replace the resource. */
  readonly replacedBy: readonly string[];
}

export interface WorkspaceReview {
  readonly key: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly rules: {
    readonly added: readonly RuleSummary[];
    readonly removed: readonly RuleSummary[];
    readonly changed: readonly RuleChange[];
  };
  readonly watchlists: readonly WatchlistChange[];
  readonly connectors: readonly ResourceChange[];
  /** Saved hunting queries added, removed or changed; they raise no alerts, so no guard watches them. */
  readonly huntingQueries: readonly HuntingQueryChange[];
}

export interface HuntingQueryChange {
  readonly address: string;
  readonly displayName: string;
  readonly change: "added" | "removed" | "changed";
  readonly attributes: readonly string[];
}

/** Compares two synth outputs, workspace by workspace, in key order. */
export function compareSynthOutputs(
  base: SynthOutput,
  head: SynthOutput,
): WorkspaceReview[] {
  const keys = [...new Set([...base.keys(), ...head.keys()])].sort();
  return keys.map((key) => compareStacks(key, base.get(key), head.get(key)));
}

function compareStacks(
  key: string,
  base: StackConfiguration | undefined,
  head: StackConfiguration | undefined,
): WorkspaceReview {
  const before = resolveWorkspaceReferences(base?.resource ?? {});
  const after = resolveWorkspaceReferences(head?.resource ?? {});

  const baseRules = before[RULE] ?? {};
  const headRules = after[RULE] ?? {};
  const rules = {
    added: namesOnlyIn(headRules, baseRules).map((name) =>
      ruleSummary(name, headRules[name]),
    ),
    removed: namesOnlyIn(baseRules, headRules).map((name) =>
      ruleSummary(name, baseRules[name]),
    ),
    changed: namesInBoth(baseRules, headRules)
      .map((name) => compareRule(name, baseRules[name], headRules[name]))
      .filter((change) => change !== undefined),
  };

  const watchlists = compareWatchlists(before, after);
  const connectors = Object.entries(CONNECTOR_REPLACING).flatMap(
    ([type, replacing]) =>
      compareResources(type, before[type] ?? {}, after[type] ?? {}, replacing),
  );

  const baseHunts = before[SAVED_SEARCH] ?? {};
  const headHunts = after[SAVED_SEARCH] ?? {};
  const huntingQueries = compareResources(
    SAVED_SEARCH,
    baseHunts,
    headHunts,
    [],
  ).map(({ address, change, attributes }): HuntingQueryChange => {
    const name = address.slice(SAVED_SEARCH.length + 1);
    const hunt = headHunts[name] ?? baseHunts[name];
    return {
      address,
      displayName: unescapeTemplate(String(hunt.display_name ?? name)),
      change,
      attributes,
    };
  });

  const changed =
    huntingQueries.length +
      rules.added.length +
      rules.removed.length +
      rules.changed.length +
      watchlists.length +
      connectors.length >
    0;
  return {
    key,
    status:
      base === undefined
        ? "added"
        : head === undefined
          ? "removed"
          : changed
            ? "changed"
            : "unchanged",
    rules,
    watchlists,
    connectors,
    huntingQueries,
  };
}

/** Lists the resources of one type that were added, removed or changed, in that order and by name. */
function compareResources(
  type: string,
  before: Readonly<Record<string, Record<string, unknown>>>,
  after: Readonly<Record<string, Record<string, unknown>>>,
  replacing: readonly string[],
): ResourceChange[] {
  const noAttributes = { attributes: [], replacedBy: [] };
  return [
    ...namesOnlyIn(after, before).map(
      (name): ResourceChange => ({
        address: `${type}.${name}`,
        change: "added",
        ...noAttributes,
      }),
    ),
    ...namesOnlyIn(before, after).map(
      (name): ResourceChange => ({
        address: `${type}.${name}`,
        change: "removed",
        ...noAttributes,
      }),
    ),
    ...namesInBoth(before, after).flatMap((name): ResourceChange[] => {
      const attributes = changedAttributes(before[name], after[name]);
      return attributes.length === 0
        ? []
        : [
            {
              address: `${type}.${name}`,
              change: "changed",
              attributes,
              replacedBy: attributes.filter((attribute) =>
                replacing.includes(attribute),
              ),
            },
          ];
    }),
  ];
}

function compareRule(
  name: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): RuleChange | undefined {
  const attributes = changedAttributes(before, after);
  if (attributes.length === 0) {
    return undefined;
  }
  const query = attributes.includes("query")
    ? createPatch(
        `${RULE}.${name}.query`,
        unescapeTemplate(String(before.query)),
        unescapeTemplate(String(after.query)),
        "base",
        "head",
      )
        .split("\n")
        .slice(2)
        .join("\n")
    : undefined;
  return {
    ...ruleSummary(name, after),
    ...(query === undefined ? {} : { queryDiff: query }),
    settings: attributes
      .filter((attribute) => attribute !== "query")
      .map((attribute) => ({
        setting: attribute,
        before: before[attribute],
        after: after[attribute],
      })),
    replacedBy: attributes.filter((attribute) =>
      RULE_REPLACING.includes(attribute),
    ),
  };
}

function compareWatchlists(
  before: NonNullable<StackConfiguration["resource"]>,
  after: NonNullable<StackConfiguration["resource"]>,
): WatchlistChange[] {
  const baseItems = before[ITEMS] ?? {};
  const headItems = after[ITEMS] ?? {};
  const baseLists = before[WATCHLIST] ?? {};
  const headLists = after[WATCHLIST] ?? {};
  const names = [
    ...new Set([...Object.keys(baseItems), ...Object.keys(headItems)]),
  ].sort();

  return names.flatMap((name): WatchlistChange[] => {
    const a = itemMap(baseItems[name]);
    const b = itemMap(headItems[name]);
    const listName = name.replace(/^watchlist_items_/, "watchlist_");
    const replacedBy =
      baseLists[listName] !== undefined && headLists[listName] !== undefined
        ? changedAttributes(baseLists[listName], headLists[listName]).filter(
            (attribute) => WATCHLIST_REPLACING.includes(attribute),
          )
        : [];
    const added = namesOnlyIn(b, a).map((id) => itemSummary(b[id]));
    const removed = namesOnlyIn(a, b).map((id) => itemSummary(a[id]));
    const changed = namesInBoth(a, b).flatMap((id): ItemChange[] => {
      const fields = changedAttributes(a[id], b[id]).map((field) => ({
        field,
        before: unescapeTemplate(String(a[id][field] ?? "")),
        after: unescapeTemplate(String(b[id][field] ?? "")),
      }));
      return fields.length === 0 ? [] : [{ ...itemSummary(b[id]), fields }];
    });
    if (
      added.length + removed.length + changed.length + replacedBy.length ===
      0
    ) {
      return [];
    }
    const alias = String(
      (headLists[listName] ?? baseLists[listName] ?? {}).name ?? listName,
    );
    return [
      {
        address: `${ITEMS}.${name}`,
        alias,
        before: Object.keys(a).length,
        after: Object.keys(b).length,
        added: sortItems(added),
        removed: sortItems(removed),
        changed: sortItems(changed),
        replacedBy,
      },
    ];
  });
}

function itemMap(
  resource: Record<string, unknown> | undefined,
): Record<string, Record<string, unknown>> {
  return (resource?.for_each ?? {}) as Record<string, Record<string, unknown>>;
}

function itemSummary(properties: Record<string, unknown>): ItemSummary {
  return {
    type: String(properties.IndicatorType ?? ""),
    indicator: unescapeTemplate(String(properties.Indicator ?? "")),
  };
}

function sortItems<T extends ItemSummary>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      compareText(a.type, b.type) || compareText(a.indicator, b.indicator),
  );
}

function ruleSummary(name: string, rule: Record<string, unknown>): RuleSummary {
  return {
    address: `${RULE}.${name}`,
    displayName: unescapeTemplate(String(rule.display_name ?? name)),
    enabled: rule.enabled !== false,
  };
}

/** Lists the attributes that differ, leaving out cdktf's own metadata. */
function changedAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((name) => name !== "//")
    .sort();
  return names.filter(
    (name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]),
  );
}

function namesOnlyIn(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string[] {
  return Object.keys(a)
    .filter((name) => !(name in b))
    .sort();
}

function namesInBoth(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string[] {
  return Object.keys(a)
    .filter((name) => name in b)
    .sort();
}

type Resources = NonNullable<StackConfiguration["resource"]>;

const WORKSPACE_REFERENCE =
  /^\$\{(azurerm_[a-z_]+)\.([A-Za-z0-9_-]+)\.workspace_id\}$/;

/**
 * Returns the resources with references to another resource's `workspace_id`
 * replaced by that id, so a rule that stops reading it from the onboarding
 * and names the same workspace directly is no change, as for Terraform.
 * Watchlist items are left as they are: they hold no such reference.
 */
function resolveWorkspaceReferences(resources: Resources): Resources {
  const resolved: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [type, byName] of Object.entries(resources)) {
    if (type === ITEMS) {
      resolved[type] = byName;
      continue;
    }
    resolved[type] = {};
    for (const [name, attributes] of Object.entries(byName)) {
      const copy: Record<string, unknown> = {};
      for (const [attribute, value] of Object.entries(attributes)) {
        const reference =
          typeof value === "string" ? WORKSPACE_REFERENCE.exec(value) : null;
        const target = reference
          ? resources[reference[1]]?.[reference[2]]?.workspace_id
          : undefined;
        copy[attribute] = target ?? value;
      }
      resolved[type][name] = copy;
    }
  }
  return resolved;
}

/** Undoes the Terraform template escaping, so reviewers read text as it is deployed. */
function unescapeTemplate(text: string): string {
  return text
    .replace(/Tf\$\{""\}Token\[/g, "TfToken[")
    .replace(/([$%])\1\{/g, "$1{");
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
