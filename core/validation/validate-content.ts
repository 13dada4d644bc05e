import type { Campaign } from "../campaigns/campaign";
import { InputError } from "../errors";
import type { Inputs } from "../inputs";
import { buildHealthRules } from "../health";
import { buildHuntingQueries } from "../hunting";
import { analyseKql, iocWatchlists } from "../kql/kusto-parser";
import { workspaceRules } from "../rules";
import { buildWatchlist } from "../watchlist";
import { checkRule } from "./check-rule";

/** Sentinel's limits for watchlists. */
export const WATCHLIST_LIMITS = {
  /** An alias is 3 to 64 characters, starting and ending with a letter or digit. */
  alias: /^[A-Za-z0-9][A-Za-z0-9_-]{1,62}[A-Za-z0-9]$/,
  /** Characters of one item as a CSV line. */
  itemCharacters: 10_240,
} as const;

/**
 * Checks everything synth is about to write against what Sentinel and the
 * Kusto parser accept, before any Terraform file is written. Throws one
 * `InputError` listing every problem with its workspace, campaign and rule.
 */
export function validateContent(inputs: Inputs): void {
  const problems: string[] = [];
  const received = new Set(
    inputs.workspaces.flatMap((workspace) => workspace.campaigns),
  );

  for (const campaign of inputs.campaigns.filter((c) => received.has(c.key))) {
    problems.push(
      ...checkWatchlist(campaign).map(
        (problem) =>
          `campaign ${campaign.key}, watchlist ${campaign.watchlistAlias}: ${problem}`,
      ),
    );
  }

  for (const workspace of inputs.workspaces) {
    const campaigns = inputs.campaigns.filter((campaign) =>
      workspace.campaigns.includes(campaign.key),
    );
    const watchlists = iocWatchlists(
      campaigns.map((campaign) => campaign.watchlistAlias),
    );
    const displayNames = new Map<string, string>();

    const campaignRules = campaigns.flatMap((campaign) =>
      workspaceRules(workspace, campaign).map((rule) => ({ campaign, rule })),
    );
    for (const { logicalId, rule } of buildHealthRules(
      workspace,
      campaigns,
      campaignRules.map(({ rule }) => rule),
    )) {
      const at = `workspace ${workspace.key}, health rule ${logicalId}`;
      problems.push(
        ...checkRule(rule, watchlists).map((problem) => `${at}: ${problem}`),
      );
      displayNames.set(rule.displayName, `health rule ${logicalId}`);
    }
    for (const campaign of campaigns) {
      for (const query of buildHuntingQueries(workspace, campaign)) {
        const at = `workspace ${workspace.key}, campaign ${campaign.key}, hunting query ${query.kind}`;
        for (const error of analyseKql(query.query, watchlists).errors) {
          problems.push(
            `${at}: query line ${error.line}, column ${error.column}, at ${JSON.stringify(error.text)}: ${error.message}`,
          );
        }
      }
    }

    for (const { campaign, rule } of campaignRules) {
      const at = `workspace ${workspace.key}, campaign ${campaign.key}, rule ${rule.kind}`;
      problems.push(
        ...checkRule(rule, watchlists).map((problem) => `${at}: ${problem}`),
      );

      const earlier = displayNames.get(rule.displayName);
      if (earlier !== undefined) {
        problems.push(
          `${at}: the display name ${JSON.stringify(rule.displayName)} is also used by ${earlier}, and Sentinel needs it unique per workspace. Give the campaigns different names.`,
        );
      }
      displayNames.set(
        rule.displayName,
        `campaign ${campaign.key}, rule ${rule.kind}`,
      );
    }
  }

  if (problems.length > 0) {
    throw new InputError(
      `Synth stopped: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`} that Sentinel would reject or that would make a rule never match:\n${problems.map((problem) => `  ${problem}`).join("\n")}`,
    );
  }
}

function checkWatchlist(campaign: Campaign): string[] {
  const problems: string[] = [];
  const watchlist = buildWatchlist(campaign);
  if (!WATCHLIST_LIMITS.alias.test(watchlist.alias)) {
    problems.push(
      "the alias must be 3 to 64 letters, digits, hyphens or underscores, starting and ending with a letter or digit.",
    );
  }
  const iocs = new Map(
    campaign.ingestion.deployed.map((ioc) => [ioc.value, ioc]),
  );
  for (const properties of Object.values(watchlist.items)) {
    const characters = csvLineLength(Object.values(properties));
    if (characters > WATCHLIST_LIMITS.itemCharacters) {
      const ioc = iocs.get(properties.Indicator);
      problems.push(
        `the item for ${JSON.stringify(properties.Indicator.slice(0, 80))} (from ${ioc?.sources.join(", ") ?? "its feeds"}) is ${characters} characters as a CSV line; Sentinel accepts at most ${WATCHLIST_LIMITS.itemCharacters}. Shorten or remove the IOC in its feed.`,
      );
    }
  }
  return problems;
}

/** Counts the characters of values written as one CSV line, each quoted with inner quotes doubled. */
function csvLineLength(values: readonly string[]): number {
  let characters = values.length - 1;
  for (const value of values) {
    characters += value.length + 2;
    if (value.includes('"')) {
      characters += value.split('"').length - 1;
    }
  }
  return characters;
}
