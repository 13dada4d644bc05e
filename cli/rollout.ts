import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { InputError } from "../core/errors";
import { suggestKey } from "../core/config/yaml-schema";
import { loadInputs } from "../core/inputs";
import type { RolloutAction, RolloutStep } from "../core/rollout";
import {
  formatRollout,
  formatRolloutResult,
  missingEnvironment,
  rolloutSteps,
  runRollout,
  selectWorkspaces,
} from "../core/rollout";

const USAGE = `Usage: npm run plan -- (--ring NAME | --workspace KEY | --all) [options]
       npm run deploy -- (--ring NAME | --workspace KEY | --all) [options]

Synthesises once, then runs cdktf diff (plan) or cdktf deploy for each
selected workspace's stack, one at a time: rings in the order workspaces.yaml
declares them, then workspace key. The first failure stops the rollout.

Options:
  --ring NAME        take the workspaces of this ring (repeatable)
  --workspace KEY    take this workspace (repeatable); with --ring, only
                     the named workspaces of those rings
  --all              take every workspace, ring by ring
  --dry-run          print the commands without running them
  --auto-approve     deploy without asking for each stack's approval
  --skip-synth       use the stacks already in cdktf.out
  --help             print this help

Exit status: 0 when every command passed, 1 when one failed, the
configuration is invalid or a ring or workspace named is unknown, 2 for a
usage error.`;

const OPTIONS = [
  "--ring",
  "--workspace",
  "--all",
  "--dry-run",
  "--auto-approve",
  "--skip-synth",
  "--help",
];

/** Runs the rollout command line from `projectDir`; returns the exit status. */
export function main(
  argv: readonly string[],
  projectDir: string = resolve(__dirname, ".."),
  env: NodeJS.ProcessEnv = process.env,
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ring: { type: "string", multiple: true, default: [] },
        workspace: { type: "string", multiple: true, default: [] },
        all: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        "auto-approve": { type: "boolean", default: false },
        "skip-synth": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '(--[^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const suggestion = suggestKey(unknown, OPTIONS);
      return usageError(
        `unknown option ${unknown}${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`,
      );
    }
    return usageError(message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const [action, ...rest] = positionals;
  if (action !== "plan" && action !== "deploy") {
    return usageError(
      action === undefined
        ? "plan or deploy is missing"
        : `unknown action ${JSON.stringify(action)}; use plan or deploy`,
    );
  }
  if (rest.length > 0) {
    return usageError(
      `unexpected ${rest.join(" ")}; name workspaces with --workspace KEY`,
    );
  }
  const selection = {
    rings: values.ring,
    workspaces: values.workspace,
    all: values.all,
  };
  if (
    selection.all ===
    (selection.rings.length > 0 || selection.workspaces.length > 0)
  ) {
    return usageError(
      selection.all
        ? "--all takes every workspace, so give it without --ring or --workspace"
        : "name what to roll out: --ring NAME, --workspace KEY or --all",
    );
  }
  if (values["auto-approve"] && action === "plan") {
    return usageError("--auto-approve applies to deploy only");
  }

  try {
    const inputs = loadInputs(projectDir, env);
    const workspaces = selectWorkspaces(inputs, selection);
    const steps = rolloutSteps(action as RolloutAction, workspaces, {
      autoApprove: values["auto-approve"],
      skipSynth: values["skip-synth"],
    });
    console.log(formatRollout(action as RolloutAction, steps).join("\n"));
    const missing = missingEnvironment(steps, env);
    if (values["dry-run"]) {
      for (const problem of missing) {
        console.log(`warning: ${problem} A real run would stop here.`);
      }
      console.log("Dry run: nothing was run.");
      return 0;
    }
    if (missing.length > 0) {
      throw new InputError(
        `Nothing was run: ${missing.join(" ")} Set it in the environment of the rollout.`,
      );
    }

    const result = runRollout(steps, (step) => runStep(step, projectDir, env));
    console.log(formatRolloutResult(result).join("\n"));
    return result.failed === undefined ? 0 : 1;
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }
    console.error(error.message);
    return 1;
  }
}

/** Runs one step in the project folder with its identity's variables; returns its exit status. */
function runStep(
  step: RolloutStep,
  projectDir: string,
  env: NodeJS.ProcessEnv,
): number {
  const stepEnv: NodeJS.ProcessEnv = { ...env, CHECKPOINT_DISABLE: "1" };
  Object.assign(stepEnv, step.envSet);
  for (const [name, from] of Object.entries(step.envFrom)) {
    stepEnv[name] = env[from];
  }
  console.log(`\n> ${step.command.join(" ")}`);
  const [command, ...args] = step.command;
  const child = spawnSync(command, args, {
    cwd: projectDir,
    env: stepEnv,
    stdio: "inherit",
  });
  if (child.error !== undefined) {
    console.error(`${command} could not be started: ${child.error.message}`);
    return 1;
  }
  return child.status ?? 1;
}

function usageError(message: string): number {
  console.error(`sentinel-ioc rollout: ${message}.\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
