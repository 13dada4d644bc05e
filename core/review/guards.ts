import type { WorkspaceReview } from "./compare";

/** The checks that block a merge until a reviewer acknowledges them. */
export const GUARD_NAMES = [
  "item-loss",
  "rule-disabled",
  "rule-deleted",
  "replacement",
  "connector-removed",
  "workspace-removed",
  "item-budget",
] as const;

export type GuardName = (typeof GUARD_NAMES)[number];

/** Sentinel's budget of watchlist item changes per workspace and month. */
export const MONTHLY_ITEM_CHANGES = 100_000;

export interface GuardOptions {
  /** The share of a watchlist's items a change may remove before `item-loss` fires, 0 to 1. */
  readonly maxItemLoss: number;
  /** How many deploys like this one a month brings, for the `item-budget` estimate. */
  readonly deploysPerMonth: number;
  /**
   * Guards a reviewer acknowledged, which are reported but do not fail: a
   * guard name for every workspace, or `guard:workspace` for one.
   */
  readonly allow: ReadonlySet<string>;
}

export const DEFAULT_GUARD_OPTIONS: GuardOptions = {
  maxItemLoss: 0.2,
  deploysPerMonth: 4,
  allow: new Set(),
};

/** A guard that fired, with what it found. */
export interface GuardFinding {
  readonly guard: GuardName;
  readonly workspace: string;
  readonly message: string;
  readonly acknowledged: boolean;
}

/** Runs every guard over the review, in workspace order then guard order. */
export function checkGuards(
  workspaces: readonly WorkspaceReview[],
  options: GuardOptions = DEFAULT_GUARD_OPTIONS,
): GuardFinding[] {
  const findings: GuardFinding[] = [];
  const fire = (guard: GuardName, workspace: string, message: string) =>
    findings.push({
      guard,
      workspace,
      message,
      acknowledged:
        options.allow.has(guard) || options.allow.has(`${guard}:${workspace}`),
    });

  for (const workspace of workspaces) {
    if (workspace.status === "removed") {
      fire(
        "workspace-removed",
        workspace.key,
        `the workspace is no longer in workspaces.yaml, so its stack is not synthesised and nothing deletes its content: its ${workspace.rules.removed.length} rules keep running on stale IOCs. Run npx cdktf destroy ${workspace.key} from the base before merging, or keep the workspace.`,
      );
      continue;
    }
    for (const list of workspace.watchlists) {
      const share = list.before === 0 ? 0 : list.removed.length / list.before;
      if (share > options.maxItemLoss) {
        fire(
          "item-loss",
          workspace.key,
          `watchlist ${list.alias} loses ${list.removed.length} of its ${list.before} items (${percent(share)}), more than ${percent(options.maxItemLoss)}. A feed cut off in transfer looks exactly like this: check the feed before merging.`,
        );
      }
    }

    for (const rule of workspace.rules.changed) {
      const enabled = rule.settings.find(
        (setting) => setting.setting === "enabled",
      );
      if (enabled?.after === false) {
        fire(
          "rule-disabled",
          workspace.key,
          `rule "${rule.displayName}" is switched off, so it stops raising alerts.`,
        );
      }
    }
    for (const rule of workspace.rules.removed) {
      fire(
        "rule-deleted",
        workspace.key,
        `rule "${rule.displayName}" is deleted, so it stops raising alerts.`,
      );
    }

    for (const rule of workspace.rules.changed) {
      if (rule.replacedBy.length > 0) {
        fire(
          "replacement",
          workspace.key,
          `rule "${rule.displayName}" is replaced, because ${rule.replacedBy.join(", ")} changed: Sentinel deletes it and creates it again, and its incidents lose the link to it.`,
        );
      }
    }
    for (const list of workspace.watchlists) {
      if (list.replacedBy.length > 0) {
        fire(
          "replacement",
          workspace.key,
          `watchlist ${list.alias} is replaced, because ${list.replacedBy.join(", ")} changed: every one of its ${list.after} items is deleted and created again.`,
        );
      }
    }

    for (const connector of workspace.connectors) {
      if (connector.change === "removed") {
        fire(
          "connector-removed",
          workspace.key,
          connector.address.startsWith(
            "azurerm_sentinel_log_analytics_workspace_onboarding.",
          )
            ? `the Sentinel onboarding ${connector.address} is removed, which offboards Sentinel from the workspace on apply.`
            : `the data connector ${connector.address} is removed, so the table it fills stops receiving events and the rules reading it go quiet.`,
        );
      }
      if (connector.replacedBy.length > 0) {
        fire(
          "replacement",
          workspace.key,
          `${connector.address} is replaced, because ${connector.replacedBy.join(", ")} changed.`,
        );
      }
    }

    // A watchlist's first fill happens once; later changes repeat with every deploy.
    let changes = 0;
    let monthly = 0;
    for (const list of workspace.watchlists) {
      const count =
        list.replacedBy.length > 0
          ? list.before + list.after
          : list.added.length + list.removed.length + list.changed.length;
      changes += count;
      monthly += list.before === 0 ? count : count * options.deploysPerMonth;
    }
    if (monthly > MONTHLY_ITEM_CHANGES) {
      fire(
        "item-budget",
        workspace.key,
        `${changes} watchlist item changes in this deploy, about ${monthly} a month at ${options.deploysPerMonth} deploys like it (a first fill counted once), above the ${MONTHLY_ITEM_CHANGES} item changes Sentinel accepts per workspace and month. Deploy less often or trim the feeds.`,
      );
    }
  }
  return findings;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
