import { SentinelWatchlist } from "@cdktf/provider-azurerm/lib/sentinel-watchlist";
import { SentinelWatchlistItem } from "@cdktf/provider-azurerm/lib/sentinel-watchlist-item";
import { Annotations, TerraformIterator } from "cdktf";
import { Construct } from "constructs";

import { allowListAliasOf } from "../core/campaigns/campaign";
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
 * the time one resource per IOC takes. The map itself is added by the stack
 * after cdktf resolves it (see `WorkspaceStack.toTerraform`).
 */
export class CampaignWatchlist extends Construct {
  public readonly watchlist: SentinelWatchlist;
  /** The campaign's allow list, which the SOC fills in the portal. */
  public readonly allowList: SentinelWatchlist;
  public readonly items: SentinelWatchlistItem;
  /** The `for_each` map of the items resource: item name to escaped properties. */
  public readonly itemMap: ItemMap;
  /** The Terraform name of the items resource. */
  public readonly itemsLogicalId: string;

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

    // The allow list gets no items from Terraform, so the ones the SOC adds
    // in the portal stay when the stack is deployed again.
    this.allowList = new SentinelWatchlist(this, "allow-list", {
      name: allowListAliasOf(watchlist.alias),
      displayName: `IOC allow list ${props.campaignKey}`,
      description: `Indicators of the ${props.campaignKey} campaign that the SOC treats as benign. Add items here in the portal (Indicator: the domain or URL, Reason: why); the campaign's rules leave out their matches. sentinel-ioc-cdktf creates this watchlist but never changes its items.`,
      logAnalyticsWorkspaceId: props.workspaceId,
      itemSearchKey: SEARCH_KEY_COLUMN,
      labels: ["sentinel-ioc-cdktf"],
    });
    this.allowList.overrideLogicalId(
      terraformName("allow_list", props.campaignKey),
    );

    const items = escapedItems(watchlist);
    this.itemMap = items;
    // cdktf resolves every value of a stack three times while synthesising,
    // which costs seconds for a large map, so the map is left out here and
    // WorkspaceStack writes it into the resolved configuration.
    const iterator = TerraformIterator.fromMap({});
    this.items = new SentinelWatchlistItem(this, "items", {
      forEach: iterator,
      name: iterator.key,
      watchlistId: this.watchlist.id,
      properties: iterator.value,
    });
    this.itemsLogicalId = terraformName("watchlist_items", props.campaignKey);
    this.items.overrideLogicalId(this.itemsLogicalId);

    if (Object.keys(items).length === 0) {
      Annotations.of(this).addWarning(
        `Campaign ${props.campaignKey} has no IOC to deploy, so its watchlist is empty and its rules find nothing. Check its feeds and minimumConfidence.`,
      );
    }
  }
}

/** Text that `escapeTerraformTemplate` changes: a template opener or a cdktf token marker. */
const NEEDS_ESCAPING = /[$%]\{|TfToken\[/;

type ItemMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

const escaped = new WeakMap<WatchlistDefinition, ItemMap>();

/** Returns the items with their properties escaped for Terraform, once per watchlist for all the stacks that share it. */
function escapedItems(watchlist: WatchlistDefinition): ItemMap {
  const earlier = escaped.get(watchlist);
  if (earlier !== undefined) {
    return earlier;
  }
  const items: Record<string, Readonly<Record<string, string>>> = {};
  for (const [name, properties] of Object.entries(watchlist.items)) {
    // Most items need no escaping; sharing those saves a copy of each.
    const needsEscaping = Object.values(properties).some((value) =>
      NEEDS_ESCAPING.test(value),
    );
    items[name] = needsEscaping
      ? escapeTerraformTemplateValues(properties)
      : properties;
  }
  escaped.set(watchlist, items);
  return items;
}
