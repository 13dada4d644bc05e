import { Construct } from "constructs";

import type { Campaign } from "../core/campaigns/campaign";
import { buildCampaignRules } from "../core/rules";
import { buildWatchlist } from "../core/watchlist";
import { CampaignWatchlist } from "./campaign-watchlist";
import { HuntingRule } from "./hunting-rule";
import { terraformName } from "./terraform-name";

export interface CampaignContentProps {
  readonly workspaceKey: string;
  readonly campaign: Campaign;
  readonly workspaceId: string;
}

/** Everything one campaign puts into a workspace: its watchlist and the rules that read it. */
export class CampaignContent extends Construct {
  public readonly watchlist: CampaignWatchlist;
  public readonly rules: readonly HuntingRule[];

  constructor(scope: Construct, id: string, props: CampaignContentProps) {
    super(scope, id);
    const { campaign, workspaceId } = props;

    this.watchlist = new CampaignWatchlist(this, "watchlist", {
      campaignKey: campaign.key,
      watchlist: buildWatchlist(campaign),
      workspaceId,
    });

    this.rules = buildCampaignRules(props.workspaceKey, campaign).map(
      (rule) =>
        new HuntingRule(this, `rule-${rule.kind}`, {
          rule,
          workspaceId,
          dependsOn: [this.watchlist.watchlist],
          logicalId: terraformName("rule", campaign.key, rule.kind),
        }),
    );
  }
}
