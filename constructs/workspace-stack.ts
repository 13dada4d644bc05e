import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SentinelLogAnalyticsWorkspaceOnboarding } from "@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding";
import type { AzurermProviderConfig } from "@cdktf/provider-azurerm/lib/provider";
import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

import type { Campaign } from "../core/campaigns/campaign";
import type {
  ResolvedBackend,
  WorkspaceConfig,
} from "../core/config/workspaces";
import { azureWorkspaceId } from "../core/config/workspaces";
import { buildHealthRules } from "../core/health";
import { workspaceRules } from "../core/rules";
import { CampaignContent } from "./campaign-content";
import { HuntingRule } from "./hunting-rule";
import { DataConnectors } from "./data-connectors";

export interface WorkspaceStackProps {
  readonly workspace: WorkspaceConfig;
  /** The campaigns this workspace receives. */
  readonly campaigns: readonly Campaign[];
}

/**
 * The Terraform stack of one Sentinel workspace: its own provider and state,
 * the onboarding, the data connectors, and per campaign a watchlist and its
 * rules. The stack id is the workspace key.
 */
export class WorkspaceStack extends TerraformStack {
  public readonly onboarding?: SentinelLogAnalyticsWorkspaceOnboarding;
  public readonly connectors: DataConnectors;
  public readonly campaigns: readonly CampaignContent[];
  public readonly healthRules: readonly HuntingRule[];

  constructor(scope: Construct, props: WorkspaceStackProps) {
    const { workspace } = props;
    super(scope, workspace.key);

    new AzurermProvider(this, "azurerm", providerConfig(workspace));
    addBackend(this, workspace.backend);

    let workspaceId = azureWorkspaceId(workspace);
    if (workspace.onboarding) {
      this.onboarding = new SentinelLogAnalyticsWorkspaceOnboarding(
        this,
        "sentinel-onboarding",
        { workspaceId },
      );
      this.onboarding.overrideLogicalId("sentinel_onboarding");
      // Sentinel content created before onboarding fails, and the reference
      // gives Terraform that order.
      workspaceId = this.onboarding.workspaceId;
    }

    this.connectors = new DataConnectors(this, "data-connectors", {
      workspace,
      workspaceId,
      ...(this.onboarding === undefined ? {} : { onboarding: this.onboarding }),
    });

    const sorted = [...props.campaigns].sort((a, b) =>
      a.key < b.key ? -1 : 1,
    );
    this.campaigns = sorted.map(
      (campaign) =>
        new CampaignContent(this, `campaign-${campaign.key}`, {
          workspace,
          campaign,
          workspaceId,
        }),
    );

    const health = buildHealthRules(
      workspace,
      props.campaigns,
      props.campaigns.flatMap((campaign) =>
        workspaceRules(workspace, campaign),
      ),
    );
    this.healthRules = health.map(
      ({ logicalId, rule }) =>
        new HuntingRule(this, logicalId.replace(/_/g, "-"), {
          rule,
          workspaceId,
          // A watchlist health rule reads its watchlist, created first.
          dependsOn: this.campaigns
            .filter((_, index) =>
              rule.query.includes(`"${sorted[index].watchlistAlias}"`),
            )
            .map((content) => content.watchlist.watchlist),
          logicalId,
        }),
    );
  }

  /**
   * Returns the stack's configuration with each campaign's watchlist item map
   * written into its `for_each`. The maps hold plain strings, already escaped
   * for Terraform, so resolving them would change nothing but the time taken.
   */
  public override toTerraform(): Record<string, any> {
    const configuration = super.toTerraform() as Record<string, any>;
    const itemResources =
      configuration.resource?.azurerm_sentinel_watchlist_item ?? {};
    for (const { watchlist } of this.campaigns) {
      const resource = itemResources[watchlist.itemsLogicalId];
      if (resource === undefined) {
        throw new Error(
          `Stack ${this.node.id} has no resource ${watchlist.itemsLogicalId} to hold its watchlist items.`,
        );
      }
      resource.for_each = watchlist.itemMap;
    }
    return configuration;
  }
}

/**
 * Returns the provider settings of a workspace: its subscription, and the
 * tenant and client of the identity that signs in. Secrets stay in the
 * environment, where the provider reads ARM_CLIENT_SECRET itself.
 */
export function providerConfig(
  workspace: WorkspaceConfig,
): AzurermProviderConfig {
  const { identity } = workspace;
  return {
    features: [{}],
    // A delegated identity (Azure Lighthouse) signs in to its own tenant.
    tenantId: identity.tenantId ?? workspace.tenantId,
    subscriptionId: workspace.subscriptionId,
    ...(identity.clientId === undefined ? {} : { clientId: identity.clientId }),
    ...(identity.method === "oidc" ? { useOidc: true } : {}),
    ...(identity.method === "cli" ? { useCli: true } : {}),
    ...(identity.method === "msi" ? { useMsi: true } : {}),
  };
}

function addBackend(stack: TerraformStack, backend: ResolvedBackend): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: backend.path });
    return;
  }
  new AzurermBackend(stack, {
    resourceGroupName: backend.resourceGroupName,
    storageAccountName: backend.storageAccountName,
    containerName: backend.containerName,
    key: backend.key,
    ...(backend.subscriptionId === undefined
      ? {}
      : { subscriptionId: backend.subscriptionId }),
    ...(backend.tenantId === undefined ? {} : { tenantId: backend.tenantId }),
    ...(backend.useOidc === undefined ? {} : { useOidc: backend.useOidc }),
    ...(backend.useAzureadAuth === undefined
      ? {}
      : { useAzureadAuth: backend.useAzureadAuth }),
  });
}
