import type { WorkspaceConfig, WorkspacesFile } from "./config/workspaces";
import { suggestKey } from "./config/yaml-schema";
import { InputError } from "./errors";

/** The command a rollout runs on each stack: `cdktf diff` or `cdktf deploy`. */
export type RolloutAction = "plan" | "deploy";

/** The workspaces a rollout takes: whole rings, single workspaces, or all of them. */
export interface RolloutSelection {
  readonly rings: readonly string[];
  readonly workspaces: readonly string[];
  readonly all: boolean;
}

/** One command of a rollout, with the environment variables it copies for the stack's identity. */
export interface RolloutStep {
  /** The workspace the command acts on; undefined for the synth that comes first. */
  readonly workspace?: WorkspaceConfig;
  readonly command: readonly string[];
  /** Variables set for this command only, each copied from the named variable. */
  readonly envFrom: Readonly<Record<string, string>>;
  /** Variables set for this command only, to these values (ids, never secrets). */
  readonly envSet: Readonly<Record<string, string>>;
}

export interface RolloutOptions {
  readonly autoApprove: boolean;
  readonly skipSynth: boolean;
}

/**
 * Returns the workspaces a selection takes, in rollout order: rings in the
 * order the file declares them, then workspace key. Both rings and
 * workspaces given means the named workspaces within those rings.
 */
export function selectWorkspaces(
  file: WorkspacesFile,
  selection: RolloutSelection,
): WorkspaceConfig[] {
  const keys = file.workspaces.map((workspace) => workspace.key);
  for (const ring of selection.rings) {
    if (!file.rings.includes(ring)) {
      throw new InputError(
        `--ring ${ring}: no ring has that name.${didYouMean(ring, file.rings)} Rings in rollout order: ${file.rings.join(", ")}.`,
      );
    }
  }
  for (const key of selection.workspaces) {
    if (!keys.includes(key)) {
      throw new InputError(
        `--workspace ${key}: no workspace has that key.${didYouMean(key, keys)} Workspaces: ${keys.join(", ")}.`,
      );
    }
  }

  const ringOrder = (workspace: WorkspaceConfig) =>
    file.rings.indexOf(workspace.ring);
  const selected = file.workspaces
    .filter(
      (workspace) =>
        selection.all ||
        ((selection.rings.length === 0 ||
          selection.rings.includes(workspace.ring)) &&
          (selection.workspaces.length === 0 ||
            selection.workspaces.includes(workspace.key))),
    )
    .sort((a, b) => ringOrder(a) - ringOrder(b) || (a.key < b.key ? -1 : 1));

  if (selection.rings.length > 0 && selection.workspaces.length > 0) {
    const outsideRings = selection.workspaces
      .map((key) => file.workspaces.find((workspace) => workspace.key === key))
      .filter((workspace) => workspace !== undefined)
      .filter((workspace) => !selection.rings.includes(workspace.ring));
    if (outsideRings.length > 0) {
      throw new InputError(
        `--workspace ${outsideRings.map((workspace) => `${workspace.key} is in ring ${workspace.ring}`).join(", ")}, not in ring ${selection.rings.join(" or ")}. Drop --ring, or name only workspaces of that ring.`,
      );
    }
  }
  if (selected.length === 0) {
    throw new InputError(
      `No workspace is in ring ${selection.rings.join(" or ")}. Set ring: ${selection.rings[0]} on the workspaces that belong to it.`,
    );
  }
  return selected;
}

/** Returns the commands of a rollout: one synth, unless skipped, then one command per workspace. */
export function rolloutSteps(
  action: RolloutAction,
  workspaces: readonly WorkspaceConfig[],
  options: RolloutOptions,
): RolloutStep[] {
  const steps: RolloutStep[] = [];
  if (!options.skipSynth) {
    steps.push({ command: ["npx", "cdktf", "synth"], envFrom: {}, envSet: {} });
  }
  for (const workspace of workspaces) {
    const command =
      action === "plan"
        ? ["npx", "cdktf", "diff", workspace.key, "--skip-synth"]
        : [
            "npx",
            "cdktf",
            "deploy",
            workspace.key,
            "--skip-synth",
            ...(options.autoApprove ? ["--auto-approve"] : []),
          ];
    // The provider reads its identity from the stack, but the azurerm backend
    // reads it from the environment, so a secret comes with its client and tenant.
    const { identity } = workspace;
    const secret = identity.clientSecretEnv;
    steps.push({
      workspace,
      command,
      envFrom: secret === undefined ? {} : { ARM_CLIENT_SECRET: secret },
      envSet:
        secret === undefined
          ? {}
          : {
              ARM_TENANT_ID: identity.tenantId ?? workspace.tenantId,
              ...(identity.clientId === undefined
                ? {}
                : { ARM_CLIENT_ID: identity.clientId }),
            },
    });
  }
  return steps;
}

/** Formats the steps as the runner prints them before running, or instead of running them. */
export function formatRollout(
  action: RolloutAction,
  steps: readonly RolloutStep[],
): string[] {
  const stacks = steps.filter((step) => step.workspace !== undefined);
  const rings = [...new Set(stacks.map((step) => step.workspace?.ring ?? ""))];
  const lines = [
    `Rollout: ${action} ${stacks.length === 1 ? "1 workspace" : `${stacks.length} workspaces`} in ring${rings.length === 1 ? "" : "s"} ${rings.join(", ")}, stopping at the first failure`,
  ];
  let number = 0;
  for (const step of steps) {
    const env = [
      ...Object.entries(step.envSet).map(
        ([name, value]) => `${name}=${value} `,
      ),
      ...Object.entries(step.envFrom).map(
        ([name, from]) => `${name}=$${from} `,
      ),
    ].join("");
    const command = `${env}${step.command.join(" ")}`;
    if (step.workspace === undefined) {
      lines.push(`  synth: ${command}`);
      continue;
    }
    number += 1;
    lines.push(
      `  ${number}. ${step.workspace.key} (tenant ${step.workspace.tenant}, ring ${step.workspace.ring}): ${command}`,
    );
  }
  return lines;
}

/** Lists the environment variables the steps copy from that are not set. */
export function missingEnvironment(
  steps: readonly RolloutStep[],
  env: NodeJS.ProcessEnv,
): string[] {
  return steps.flatMap((step) =>
    Object.values(step.envFrom)
      .filter((from) => !env[from])
      .map(
        (from) =>
          `${from} is not set, and ${step.workspace?.key ?? "synth"} reads its client secret from it (identity.clientSecretEnv).`,
      ),
  );
}

/** The outcome of a rollout: the steps that ran and passed, the one that failed, and those never run. */
export interface RolloutResult {
  readonly passed: readonly RolloutStep[];
  readonly failed?: { readonly step: RolloutStep; readonly status: number };
  readonly notRun: readonly RolloutStep[];
}

/**
 * Runs the steps in order with `run`, which returns an exit status, and
 * stops at the first that fails so a broken canary never reaches the next ring.
 */
export function runRollout(
  steps: readonly RolloutStep[],
  run: (step: RolloutStep) => number,
): RolloutResult {
  const passed: RolloutStep[] = [];
  for (const [index, step] of steps.entries()) {
    const status = run(step);
    if (status !== 0) {
      return {
        passed,
        failed: { step, status },
        notRun: steps.slice(index + 1),
      };
    }
    passed.push(step);
  }
  return { passed, notRun: [] };
}

/** Formats the outcome of a rollout, one line per group of steps. */
export function formatRolloutResult(result: RolloutResult): string[] {
  const name = (step: RolloutStep) => step.workspace?.key ?? "synth";
  const lines = [`Passed: ${result.passed.map(name).join(", ") || "none"}`];
  if (result.failed !== undefined) {
    lines.push(
      `Failed: ${name(result.failed.step)} (exit status ${result.failed.status})`,
      `Not run: ${result.notRun.map(name).join(", ") || "none"}`,
    );
  }
  return lines;
}

function didYouMean(value: string, known: readonly string[]): string {
  const suggestion = suggestKey(value, known);
  return suggestion === undefined ? "" : ` Did you mean ${suggestion}?`;
}
