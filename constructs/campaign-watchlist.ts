import { SentinelWatchlist } from "@cdktf/provider-azurerm/lib/sentinel-watchlist";
import { SentinelWatchlistItem } from "@cdktf/provider-azurerm/lib/sentinel-watchlist-item";
import { Annotations, TerraformIterator } from "cdktf";
import { Construct } from "constructs";

import { SEARCH_KEY_COLUMN } from "../core/kql/watchlist-columns";
import {
  escapeTerraformTemplate,
  escapeTerraformTemplateValues,
} from "../core/terraform-escape";
import type { WatchlistDefinition } from "../core/watchlist";
import { terraformName } from "./terraform-name";

export interface CampaignWatchlistProps {
  readonly campaignKey: string;
  readonly watchlist: WatchlistDefinition;
  /** The Log Analytics workspace id, taken from the onboarding resource when the stack onboards the workspace. */
  readonly workspaceId: string;
}

/**
 * A campaign's watchlist and its items. The items are one resource with
 * `for_each` over a map keyed by item name, which synthesises in a fraction of
 * the time one resource per IOC takes.
 */
export class CampaignWatchlist extends Construct {
  public readonly watchlist: SentinelWatchlist;
  public readonly items: SentinelWatchlistItem;

  constructor(scope: Construct, id: string, props: CampaignWatchlistProps) {
    super(scope, id);
    const { watchlist } = props;

    this.watchlist = new SentinelWatchlist(this, "watchlist", {
      name: escapeTerraformTemplate(watchlist.alias),
      displayName: escapeTerraformTemplate(watchlist.displayName),
      description: escapeTerraformTemplate(watchlist.description),
      logAnalyticsWorkspaceId: props.workspaceId,
      itemSearchKey: SEARCH_KEY_COLUMN,
      labels: ["sentinel-ioc-cdktf"],
    });
    this.watchlist.overrideLogicalId(
      terraformName("watchlist", props.campaignKey),
    );

    const items: Record<string, Record<string, string>> = {};
    for (const [name, properties] of Object.entries(watchlist.items)) {
      items[name] = escapeTerraformTemplateValues(properties);
    }
    const iterator = TerraformIterator.fromMap(items);
    this.items = new SentinelWatchlistItem(this, "items", {
      forEach: iterator,
      name: iterator.key,
      watchlistId: this.watchlist.id,
      properties: iterator.value,
    });
    this.items.overrideLogicalId(
      terraformName("watchlist_items", props.campaignKey),
    );

    if (Object.keys(items).length === 0) {
      Annotations.of(this).addWarning(
        `Campaign ${props.campaignKey} has no IOC to deploy, so its watchlist is empty and its rules find nothing. Check its feeds and minimumConfidence.`,
      );
    }
  }
}
