import { Annotations } from "cdktf";
import { Construct } from "constructs";

import type { Campaign } from "../core/campaigns/campaign";
import type { WorkspaceConfig } from "../core/config/workspaces";
import { buildHuntingQueries } from "../core/hunting";
import { workspaceRules } from "../core/rules";
import { buildWatchlist } from "../core/watchlist";
import { CampaignWatchlist } from "./campaign-watchlist";
import { HuntingQuery } from "./hunting-query";
import { HuntingRule } from "./hunting-rule";
import { terraformName } from "./terraform-name";

export interface CampaignContentProps {
  /** The receiving workspace: its key names the rules, and its overrides change their settings. */
  readonly workspace: Pick<WorkspaceConfig, "key" | "rules" | "hunting">;
  readonly campaign: Campaign;
  readonly workspaceId: string;
}

/** Everything one campaign puts into a workspace: its watchlist and the rules that read it. */
export class CampaignContent extends Construct {
  public readonly watchlist: CampaignWatchlist;
  public readonly rules: readonly HuntingRule[];
  public readonly huntingQueries: readonly HuntingQuery[];

  constructor(scope: Construct, id: string, props: CampaignContentProps) {
    super(scope, id);
    const { campaign, workspaceId } = props;

    this.watchlist = new CampaignWatchlist(this, "watchlist", {
      campaignKey: campaign.key,
      watchlist: buildWatchlist(campaign),
      workspaceId,
    });

    // The same warnings synth prints, so a pipeline that reads the manifest
    // gets them too.
    const { rejected } = campaign.ingestion;
    if (rejected.length > 0) {
      Annotations.of(this).addWarning(
        `Campaign ${campaign.key}: ${rejected.length === 1 ? "1 feed row was" : `${rejected.length} feed rows were`} rejected and not deployed, first ${rejected[0].file}:${rejected[0].line} (${rejected[0].reason}). Run npx sentinel-ioc parse on the campaign folder to list them all.`,
      );
    }
    for (const file of campaign.unlistedFiles) {
      Annotations.of(this).addWarning(
        `Campaign ${campaign.key}: ${file} is in the campaign folder but not listed under feeds in campaign.yaml, so it was not read.`,
      );
    }

    this.rules = workspaceRules(props.workspace, campaign).map(
      (rule) =>
        new HuntingRule(this, `rule-${rule.kind}`, {
          rule,
          workspaceId,
          dependsOn: [this.watchlist.watchlist, this.watchlist.allowList],
          logicalId: terraformName("rule", campaign.key, rule.kind),
        }),
    );

    this.huntingQueries = buildHuntingQueries(props.workspace, campaign).map(
      (query) =>
        new HuntingQuery(this, `hunt-${query.kind}`, {
          query,
          workspaceId,
          logicalId: terraformName("hunt", campaign.key, query.kind),
        }),
    );
  }
}
