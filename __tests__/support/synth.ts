import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

import { App } from "cdktf";

import { addWorkspaceStacks } from "../../constructs/sentinel-ioc-app";
import type { Inputs } from "../../core/inputs";
import { loadInputs } from "../../core/inputs";
import { validateContent } from "../../core/validation/validate-content";

export const PROJECT_DIR = join(__dirname, "..", "..");

/**
 * A copy of the shipped example campaigns and workspaces. Tests read this copy,
 * so they keep passing after users replace the example with their own.
 */
export const EXAMPLE_DIR = join(__dirname, "..", "fixtures", "example");

export const EXAMPLE_ENV: NodeJS.ProcessEnv = {
  SENTINEL_IOCS_DIR: join(EXAMPLE_DIR, "iocs"),
  SENTINEL_WORKSPACES: join(EXAMPLE_DIR, "workspaces.yaml"),
};

/** A synthesised stack's `cdk.tf.json`, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

export interface SynthOutput {
  readonly inputs: Inputs;
  /** Every file cdktf wrote, by path relative to the output folder. */
  readonly files: ReadonlyMap<string, string>;
  readonly stacks: ReadonlyMap<string, StackJson>;
}

/**
 * Loads inputs the way `main.ts` does and synthesises them with a real cdktf
 * app into a temporary folder, which is removed afterwards. By default it
 * reads the example copy; the environment may point at other files.
 */
export function synthProject(
  env: NodeJS.ProcessEnv = EXAMPLE_ENV,
): SynthOutput {
  const inputs = loadInputs(PROJECT_DIR, env);
  validateContent(inputs);
  const outdir = mkdtempSync(join(tmpdir(), "sentinel-ioc-synth-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    addWorkspaceStacks(app, inputs.workspaces, inputs.campaigns);
    app.synth();

    const files = readTree(outdir);
    const stacks = new Map<string, StackJson>();
    for (const [path, text] of files) {
      const match = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(path);
      if (match !== null) {
        stacks.set(match[1], JSON.parse(text));
      }
    }
    return { inputs, files, stacks };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        visit(path);
      } else {
        files.set(
          relative(root, path).split("\\").join("/"),
          readFileSync(path, "utf8"),
        );
      }
    }
  };
  visit(root);
  return files;
}

/** Returns one resource block of a stack, failing loudly when it is missing. */
export function resourceOf(
  stack: StackJson,
  type: string,
  name: string,
): StackJson {
  const resource = stack.resource?.[type]?.[name];
  if (resource === undefined) {
    throw new Error(
      `The stack has no ${type}.${name}; it has ${JSON.stringify(Object.keys(stack.resource ?? {}))}.`,
    );
  }
  return resource;
}

/** Counts a stack's resources of one type, each `for_each` entry counted as one. */
export function countResources(stack: StackJson, type: string): number {
  const blocks = Object.values(stack.resource?.[type] ?? {}) as StackJson[];
  return blocks.reduce(
    (sum, block) =>
      sum + (block.for_each ? Object.keys(block.for_each).length : 1),
    0,
  );
}
