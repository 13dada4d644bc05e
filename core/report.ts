import type { Campaign } from "./campaigns/campaign";
import type { Inputs } from "./inputs";
import type { Ioc } from "./indicators/indicator";
import { buildCampaignRules } from "./rules";

/**
 * Formats the report synth prints. Per campaign it counts every feed's rows and
 * lists each rejected row with its line and reason. Per workspace it names the
 * campaigns, rules and watchlist items it receives.
 */
export function formatSynthReport(inputs: Inputs): string {
  const lines: string[] = [];
  for (const campaign of inputs.campaigns) {
    lines.push(...formatCampaign(campaign), "");
  }

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
    lines.push(
      `  ${workspace.key}: campaigns ${received.map((c) => c.key).join(", ")}; ${plural(rules, "rule")}; ${plural(items, "watchlist item")}`,
    );
  }
  return lines.join("\n");
}

function formatCampaign(campaign: Campaign): string[] {
  const { ingestion } = campaign;
  const lines = [
    `Campaign ${campaign.key} (${campaign.manifest.name}), watchlist ${campaign.watchlistAlias}:`,
  ];

  for (const feed of campaign.feeds) {
    lines.push(
      `  ${feed.file} (${feed.format}): ${plural(feed.rowCount, "row")}`,
    );
  }
  lines.push(
    `  ${plural(ingestion.rowCount, "row")}: ${plural(ingestion.deployed.length, "IOC")} deployed (${countByType(ingestion.deployed)}), ${plural(ingestion.mergedCount, "duplicate row")} merged, ${ingestion.rejected.length} rejected`,
  );

  for (const row of ingestion.rejected) {
    lines.push(
      `  rejected ${row.file}:${row.line} ${JSON.stringify(row.value)}: ${row.reason}`,
    );
  }
  if (ingestion.belowMinimumConfidence.length > 0) {
    lines.push(
      `  not deployed, below the minimum confidence of ${campaign.manifest.minimumConfidence}: ${plural(ingestion.belowMinimumConfidence.length, "IOC")} (${countByType(ingestion.belowMinimumConfidence)})`,
    );
  }
  if (ingestion.notDeployed.length > 0) {
    lines.push(
      `  not deployed, no rule hunts these types yet: ${plural(ingestion.notDeployed.length, "IOC")} (${countByType(ingestion.notDeployed)})`,
    );
  }
  for (const file of campaign.unlistedFiles) {
    lines.push(
      `  not read: ${file} is in the campaign folder but not listed under feeds in campaign.yaml`,
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
