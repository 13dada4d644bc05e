import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

import { suggestKey } from "../core/config/yaml-schema";
import { InputError } from "../core/errors";
import { compareSynthOutputs } from "../core/review/compare";
import type { GuardName } from "../core/review/guards";
import {
  checkGuards,
  DEFAULT_GUARD_OPTIONS,
  GUARD_NAMES,
} from "../core/review/guards";
import { renderJson, renderMarkdown } from "../core/review/render";
import type { SynthOutput } from "../core/review/synth-output";
import { readSynthOutput } from "../core/review/synth-output";

export const REVIEW_USAGE = `Usage: sentinel-ioc review --base BASE [--head HEAD] [options]

Compares two synth outputs and reports, per workspace, the rules added,
changed (with a diff of the query) and removed, the watchlist items added,
removed and changed, and the connectors that change. BASE and HEAD are
cdktf.out folders or git refs; a ref is synthesised in a temporary worktree.
HEAD defaults to ./cdktf.out.

Guards are reported first and make the exit status 2 unless acknowledged:
  item-loss       a watchlist loses more than --max-item-loss of its items
  rule-disabled   a rule is switched off
  rule-deleted    a rule is deleted
  replacement     a change makes Terraform replace a watchlist, a rule, a
                  connector or the onboarding
  connector-removed  the onboarding or a data connector is removed
  workspace-removed  a workspace leaves workspaces.yaml, so nothing deletes
                  its content
  item-budget     item changes, at --deploys-per-month, pass Sentinel's
                  100,000 per workspace and month

Options:
  --out FILE              write the report to FILE instead of printing it
  --format md|json        report format (default: md)
  --allow GUARD[:KEY]     acknowledge a guard, in every workspace or in the
                          workspace KEY only (repeatable)
  --max-item-loss SHARE   share of a watchlist's items a change may remove,
                          0 to 1 (default: ${DEFAULT_GUARD_OPTIONS.maxItemLoss})
  --deploys-per-month N   deploys like this one per month (default: ${DEFAULT_GUARD_OPTIONS.deploysPerMonth})
  --list-limit N          items listed per watchlist before a count (default: 100)
  --help                  print this help

Exit status: 0 when no guard blocks, 2 when a guard blocks or for a usage
error, 1 when an input cannot be read.`;

/** Runs `sentinel-ioc review` from `projectDir`; returns the exit status. */
export function runReview(
  argv: readonly string[],
  projectDir: string = process.cwd(),
): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        base: { type: "string" },
        head: { type: "string", default: "cdktf.out" },
        out: { type: "string" },
        format: { type: "string", default: "md" },
        allow: { type: "string", multiple: true, default: [] },
        "max-item-loss": { type: "string" },
        "deploys-per-month": { type: "string" },
        "list-limit": { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    console.log(REVIEW_USAGE);
    return 0;
  }
  if (values.base === undefined) {
    return usageError(
      "--base is missing; name a cdktf.out folder or a git ref",
    );
  }
  if (values.format !== "md" && values.format !== "json") {
    return usageError(`--format ${values.format} is not md or json`);
  }
  for (const allowed of values.allow) {
    const [guard] = allowed.split(":");
    if (!GUARD_NAMES.includes(guard as GuardName)) {
      const suggestion = suggestKey(guard, GUARD_NAMES);
      return usageError(
        `--allow ${guard} is not a guard${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}; guards: ${GUARD_NAMES.join(", ")}`,
      );
    }
  }
  const maxItemLoss = readNumber(values["max-item-loss"], 0, 1, false);
  const deploysPerMonth = readNumber(
    values["deploys-per-month"],
    1,
    10_000,
    true,
  );
  const listLimit = readNumber(values["list-limit"], 1, 1_000_000, true);
  for (const [name, value, range] of [
    ["--max-item-loss", maxItemLoss, "a share from 0 to 1, such as 0.2"],
    ["--deploys-per-month", deploysPerMonth, "a whole number from 1 to 10000"],
    ["--list-limit", listLimit, "a whole number from 1 to 1000000"],
  ] as const) {
    if (value === null) {
      return usageError(`${name} must be ${range}`);
    }
  }

  try {
    // The head is usually a folder and fails fast; the base may need a synth.
    const head = readSide(values.head, projectDir);
    const base = readSide(values.base, projectDir);
    const workspaces = compareSynthOutputs(base, head);
    const guards = checkGuards(workspaces, {
      maxItemLoss: maxItemLoss ?? DEFAULT_GUARD_OPTIONS.maxItemLoss,
      deploysPerMonth: deploysPerMonth ?? DEFAULT_GUARD_OPTIONS.deploysPerMonth,
      allow: new Set(values.allow),
    });
    const review = { base: values.base, head: values.head, workspaces, guards };
    const text =
      values.format === "json"
        ? renderJson(review)
        : renderMarkdown(review, listLimit ?? 100);
    if (values.out === undefined) {
      process.stdout.write(text);
    } else {
      const out = resolve(projectDir, values.out);
      if (!existsSync(dirname(out))) {
        throw new InputError(
          `--out ${values.out}: the folder ${dirname(out)} does not exist. Create it, or write the report elsewhere.`,
        );
      }
      writeFileSync(out, text);
    }
    const blocking = guards.filter((finding) => !finding.acknowledged);
    for (const finding of blocking) {
      console.error(
        `guard ${finding.guard} (${finding.workspace}): ${finding.message}`,
      );
    }
    return blocking.length > 0 ? 2 : 0;
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }
    console.error(error.message);
    return 1;
  }
}

/** Reads one side of the comparison: a synth output folder, or a git ref synthesised in a worktree. */
function readSide(spec: string, projectDir: string): SynthOutput {
  const folder = resolve(projectDir, spec);
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    return readSynthOutput(folder);
  }
  const commit = git(projectDir, ["rev-parse", "--verify", `${spec}^{commit}`]);
  if (commit.status !== 0) {
    throw new InputError(
      `${spec}: neither a synth output folder nor a git ref of this repository. Name a cdktf.out folder, or a branch, tag or commit.`,
    );
  }
  return synthesiseRef(spec, commit.stdout.trim(), projectDir);
}

/**
 * Checks the ref out in a temporary worktree, synthesises it there with this
 * project's installed packages, and reads the result. The worktree is removed
 * afterwards, also when synth fails.
 */
function synthesiseRef(
  spec: string,
  commit: string,
  projectDir: string,
): SynthOutput {
  const root = mkdtempSync(join(tmpdir(), "sentinel-ioc-review-"));
  const worktree = join(root, "tree");
  const added = git(projectDir, [
    "worktree",
    "add",
    "--detach",
    worktree,
    commit,
  ]);
  if (added.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new InputError(
      `${spec}: the worktree could not be created: ${added.stderr.trim()}`,
    );
  }
  try {
    // The project may sit in a folder of the repository, not at its root.
    const prefix = git(projectDir, [
      "rev-parse",
      "--show-prefix",
    ]).stdout.trim();
    const project = join(worktree, prefix);
    if (!existsSync(join(project, "main.ts"))) {
      throw new InputError(
        `${spec}: the commit has no main.ts in ${prefix || "the repository root"}, so it contains no version of this project to synthesise.`,
      );
    }
    // A checkout that tracks a node_modules link already has one.
    const modules = join(project, "node_modules");
    if (!lstatExists(modules)) {
      symlinkSync(join(projectDir, "node_modules"), modules);
    }
    const outdir = join(root, "cdktf.out");
    const synth = spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin.js"), "-T", "main.ts"],
      {
        cwd: project,
        encoding: "utf8",
        env: {
          ...process.env,
          CDKTF_OUTDIR: outdir,
          SENTINEL_IOCS_DIR: "",
          SENTINEL_WORKSPACES: "",
        },
      },
    );
    if (synth.status !== 0) {
      throw new InputError(
        `${spec}: synth failed in a worktree of ${commit.slice(0, 12)}:\n${synth.stderr.trim()}`,
      );
    }
    return readSynthOutput(outdir);
  } finally {
    git(projectDir, ["worktree", "remove", "--force", worktree]);
    rmSync(root, { recursive: true, force: true });
  }
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function git(cwd: string, args: string[]) {
  return spawnSync("git", args, { cwd, encoding: "utf8" });
}

/** Reads an optional number within bounds: undefined when absent, null when invalid. */
function readNumber(
  text: string | undefined,
  min: number,
  max: number,
  whole: boolean,
): number | undefined | null {
  if (text === undefined) {
    return undefined;
  }
  const value = Number(text);
  const valid =
    text.trim() !== "" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!whole || Number.isInteger(value));
  return valid ? value : null;
}

function usageError(message: string): number {
  console.error(`sentinel-ioc review: ${message}.\n\n${REVIEW_USAGE}`);
  return 2;
}
