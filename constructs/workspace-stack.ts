import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SentinelLogAnalyticsWorkspaceOnboarding } from "@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding";
import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

import type { Campaign } from "../core/campaigns/campaign";
import type { WorkspaceConfig } from "../core/config/workspaces";
import { azureWorkspaceId } from "../core/config/workspaces";
import { CampaignContent } from "./campaign-content";
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

  constructor(scope: Construct, props: WorkspaceStackProps) {
    const { workspace } = props;
    super(scope, workspace.key);

    new AzurermProvider(this, "azurerm", {
      features: [{}],
      tenantId: workspace.tenantId,
      subscriptionId: workspace.subscriptionId,
    });

    // Relative to cdktf.out/stacks/<key>, where Terraform runs, so the state
    // file lands in the project folder and the path is the same on every machine.
    new LocalBackend(this, {
      path: `../../../terraform.${workspace.key}.tfstate`,
    });

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
    });

    this.campaigns = [...props.campaigns]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map(
        (campaign) =>
          new CampaignContent(this, `campaign-${campaign.key}`, {
            workspaceKey: workspace.key,
            campaign,
            workspaceId,
          }),
      );
  }
}
