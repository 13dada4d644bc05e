import { ATTACK_SOURCE, unknownTechniques } from "./attack/techniques";
import type { Campaign } from "./campaigns/campaign";
import { hasPlaceholderIds } from "./config/workspaces";
import type { Ioc } from "./indicators/indicator";
import type { Inputs } from "./inputs";
import { workspaceRules } from "./rules";

/** Sentinel's watchlist item limits per workspace. */
export const SENTINEL_ITEM_LIMITS = {
  activeItems: 10_000_000,
  /** Item creations, updates and deletions per month. */
  monthlyChanges: 100_000,
} as const;

/** Rejected rows listed by synth per campaign; `sentinel-ioc parse` lists them all. */
const MAX_LISTED_REJECTIONS = 20;

/**
 * Formats the report synth prints: one summary line per campaign, a warning
 * for each rejected row, and per workspace the campaigns, rules and watchlist
 * items it receives.
 */
export function formatSynthReport(inputs: Inputs): string {
  const lines: string[] = [];
  for (const campaign of inputs.campaigns) {
    lines.push(...formatCampaign(campaign));
  }
  lines.push("");

  lines.push(...formatWorkspaceTable(inputs));
  return lines.join("\n");
}

/**
 * Formats the table of workspaces in rollout order (ring, then key): tenant,
 * ring, campaigns, enabled rules and watchlist items of each.
 */
function formatWorkspaceTable(inputs: Inputs): string[] {
  const ringOrder = (ring: string) => inputs.rings.indexOf(ring);
  const workspaces = [...inputs.workspaces].sort(
    (a, b) => ringOrder(a.ring) - ringOrder(b.ring) || (a.key < b.key ? -1 : 1),
  );
  const rows = workspaces.map((workspace) => {
    const received = inputs.campaigns.filter((campaign) =>
      workspace.campaigns.includes(campaign.key),
    );
    const rules = received.flatMap((campaign) =>
      workspaceRules(workspace, campaign),
    );
    const items = sum(
      received.map((campaign) => campaign.ingestion.deployed.length),
    );
    return [
      workspace.key,
      workspace.tenant,
      workspace.ring,
      received.map((campaign) => campaign.key).join(", "),
      `${rules.filter((rule) => rule.enabled).length} of ${rules.length}`,
      String(items),
    ];
  });
  const header = [
    "workspace",
    "tenant",
    "ring",
    "campaigns",
    "rules enabled",
    "watchlist items",
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const format = (row: readonly string[]) =>
    `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join("  ")}`.trimEnd();

  const lines = ["Workspaces:", format(header), ...rows.map(format)];
  for (const [index, workspace] of workspaces.entries()) {
    const items = Number(rows[index][5]);
    if (items > SENTINEL_ITEM_LIMITS.activeItems) {
      lines.push(
        `  warning: ${workspace.key} receives ${items} watchlist items, more than the ${SENTINEL_ITEM_LIMITS.activeItems} active items Sentinel keeps per workspace; split the campaigns across workspaces or raise their minimumConfidence`,
      );
    } else if (items > SENTINEL_ITEM_LIMITS.monthlyChanges) {
      lines.push(
        `  warning: ${workspace.key} receives ${items} watchlist items; creating them takes more than the ${SENTINEL_ITEM_LIMITS.monthlyChanges} item changes Sentinel allows per workspace per month, so a first deploy will not finish within a month's budget`,
      );
    }
  }
  const placeholders = workspaces.filter(hasPlaceholderIds);
  if (placeholders.length > 0) {
    lines.push(
      `  note: ${placeholders.map((workspace) => workspace.key).join(", ")} still ${placeholders.length === 1 ? "has" : "have"} the example's placeholder ids (00000000-0000-0000-0000-...) for a tenant, subscription, identity or state: replace them before deploying`,
    );
  }
  return lines;
}

function formatCampaign(campaign: Campaign): string[] {
  const { ingestion } = campaign;
  const accepted = sum(ingestion.files.map((file) => file.accepted));
  const filtered = sum(ingestion.files.map((file) => file.filtered.length));
  const lines = [
    `Campaign ${campaign.key}: ${plural(ingestion.rowCount, "row")} in ${plural(ingestion.files.length, "feed")}: ${accepted} accepted, ${ingestion.mergedCount} merged, ${filtered} filtered, ${ingestion.rejected.length} rejected; ${plural(ingestion.deployed.length, "IOC")} deployed to watchlist ${campaign.watchlistAlias} (${countByType(ingestion.deployed)})`,
  ];

  for (const row of ingestion.rejected.slice(0, MAX_LISTED_REJECTIONS)) {
    lines.push(
      `  warning: rejected ${row.file}:${row.line} ${JSON.stringify(row.value)}: ${row.reason}`,
    );
  }
  const unlisted = ingestion.rejected.length - MAX_LISTED_REJECTIONS;
  if (unlisted > 0) {
    lines.push(
      `  warning: ${plural(unlisted, "more rejected row")}; run npx sentinel-ioc parse on the campaign folder to list them all`,
    );
  }
  if (ingestion.notDeployed.length > 0) {
    lines.push(
      `  not deployed, no rule hunts these types yet: ${plural(ingestion.notDeployed.length, "IOC")} (${countByType(ingestion.notDeployed)})`,
    );
  }
  for (const technique of unknownTechniques(campaign.manifest.techniques)) {
    lines.push(
      `  warning: technique ${technique} in campaign.yaml is not in the package's list of ${ATTACK_SOURCE} techniques, so its tactic is not checked; make sure tactics lists the one it belongs to`,
    );
  }
  for (const file of campaign.unlistedFiles) {
    lines.push(
      `  warning: not read: ${file} is in the campaign folder but not listed under feeds in campaign.yaml`,
    );
  }
  return lines;
}

function countByType(iocs: readonly Ioc[]): string {
  const counts = new Map<string, number>();
  for (const ioc of iocs) {
    counts.set(ioc.type, (counts.get(ioc.type) ?? 0) + 1);
  }
  if (counts.size === 0) {
    return "none";
  }
  return [...counts].map(([type, count]) => `${count} ${type}`).join(", ");
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
