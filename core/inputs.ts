import { isAbsolute, relative, resolve } from "node:path";

import type { Campaign } from "./campaigns/campaign";
import { loadCampaigns } from "./campaigns/load-campaigns";
import type { WorkspaceConfig } from "./config/workspaces";
import { loadWorkspaces } from "./config/workspaces";

/** Everything synth reads: the campaigns and the workspaces that receive them. */
export interface Inputs {
  readonly campaigns: readonly Campaign[];
  readonly workspaces: readonly WorkspaceConfig[];
}

/**
 * Reads the campaigns folder (`iocs/`, or `SENTINEL_IOCS_DIR`) and the
 * workspaces file (`workspaces.yaml`, or `SENTINEL_WORKSPACES`), relative to
 * `projectDir`.
 */
export function loadInputs(
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Inputs {
  const iocsDir = resolve(projectDir, env.SENTINEL_IOCS_DIR || "iocs");
  const workspacesFile = resolve(
    projectDir,
    env.SENTINEL_WORKSPACES || "workspaces.yaml",
  );

  const campaigns = loadCampaigns(iocsDir, displayPath(projectDir, iocsDir));
  const workspaces = loadWorkspaces(
    workspacesFile,
    displayPath(projectDir, workspacesFile),
    campaigns.map((campaign) => campaign.key),
  );
  return { campaigns, workspaces };
}

/** Names a path in messages: relative to the project when inside it, absolute otherwise. */
function displayPath(projectDir: string, path: string): string {
  const relativePath = relative(projectDir, path);
  if (
    relativePath === "" ||
    relativePath.startsWith("..") ||
    isAbsolute(relativePath)
  ) {
    return path;
  }
  return relativePath.split("\\").join("/");
}
