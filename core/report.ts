import { ATTACK_SOURCE, unknownTechniques } from "./attack/techniques";
import type { Campaign } from "./campaigns/campaign";
import { hasPlaceholderIds } from "./config/workspaces";
import type { Ioc } from "./indicators/indicator";
import type { Inputs } from "./inputs";
import { buildCampaignRules } from "./rules";

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

  lines.push("Workspaces:");
  for (const workspace of inputs.workspaces) {
    const received = inputs.campaigns.filter((campaign) =>
      workspace.campaigns.includes(campaign.key),
    );
    const items = received.reduce(
      (sum, campaign) => sum + campaign.ingestion.deployed.length,
      0,
    );
    const rules = received.reduce(
      (sum, campaign) =>
        sum + buildCampaignRules(workspace.key, campaign).length,
      0,
    );
    const placeholder = hasPlaceholderIds(workspace)
      ? " (the example's placeholder tenant and subscription ids: replace them before deploying)"
      : "";
    lines.push(
      `  ${workspace.key}: campaigns ${received.map((c) => c.key).join(", ")}; ${plural(rules, "rule")}; ${plural(items, "watchlist item")}${placeholder}`,
    );
  }
  return lines.join("\n");
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
