import type { App } from "cdktf";

import type { Campaign } from "../core/campaigns/campaign";
import type { WorkspaceConfig } from "../core/config/workspaces";
import { WorkspaceStack } from "./workspace-stack";

/** Adds one stack per workspace to the app, in workspace key order. */
export function addWorkspaceStacks(
  app: App,
  workspaces: readonly WorkspaceConfig[],
  campaigns: readonly Campaign[],
): WorkspaceStack[] {
  const byKey = new Map(campaigns.map((campaign) => [campaign.key, campaign]));
  const sorted = [...workspaces].sort((a, b) => (a.key < b.key ? -1 : 1));

  return sorted.map((workspace) => {
    const received = workspace.campaigns.map((key) => {
      const campaign = byKey.get(key);
      if (campaign === undefined) {
        throw new Error(
          `Workspace ${workspace.key} names campaign ${key}, which was not loaded.`,
        );
      }
      return campaign;
    });
    return new WorkspaceStack(app, { workspace, campaigns: received });
  });
}
