import { isAbsolute, relative, resolve } from "node:path";

import type { Campaign } from "./campaigns/campaign";
import { toIsoUtc } from "./dates";
import { InputError } from "./errors";
import { loadCampaigns } from "./campaigns/load-campaigns";
import type { WorkspaceConfig } from "./config/workspaces";
import { loadWorkspaces } from "./config/workspaces";

/** Everything synth reads: the campaigns and the workspaces that receive them. */
export interface Inputs {
  readonly campaigns: readonly Campaign[];
  readonly workspaces: readonly WorkspaceConfig[];
  /** Ring names in rollout order. */
  readonly rings: readonly string[];
  /** The reference time campaign age filters measured against. */
  readonly asOf: Date;
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

  const asOf = readAsOf(env.SENTINEL_AS_OF);
  const iocsDisplay = displayPath(projectDir, iocsDir);
  const campaigns = loadCampaigns(iocsDir, iocsDisplay, asOf);
  const { workspaces, rings } = loadWorkspaces(
    workspacesFile,
    displayPath(projectDir, workspacesFile),
    campaigns.map((campaign) => ({
      key: campaign.key,
      manifestFile: `${iocsDisplay}/${campaign.key}/campaign.yaml`,
      queryFrequency: campaign.manifest.queryFrequency,
      queryPeriod: campaign.manifest.queryPeriod,
    })),
  );
  return { campaigns, workspaces, rings, asOf };
}

/**
 * Reads the reference time for campaigns' `maxAgeDays`: `SENTINEL_AS_OF`, or
 * now when it is unset. Setting it makes a run reproducible on another day.
 */
export function readAsOf(text: string | undefined): Date {
  if (text === undefined || text === "") {
    return new Date();
  }
  const iso = toIsoUtc(text);
  if (iso === undefined) {
    throw new InputError(
      `SENTINEL_AS_OF is ${JSON.stringify(text)}, but it is not a date such as 2026-12-04 or 2026-12-04T12:00:00Z. Set it to the day to measure IOC ages from, or unset it to use today.`,
    );
  }
  return new Date(iso);
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
