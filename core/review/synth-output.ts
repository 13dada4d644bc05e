import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

import { InputError } from "../errors";

/** One synthesised stack's Terraform JSON. */
export type StackConfiguration = {
  readonly resource?: Readonly<
    Record<string, Readonly<Record<string, Record<string, unknown>>>>
  >;
} & Readonly<Record<string, unknown>>;

/** The stacks of one synth output folder, by stack key. */
export type SynthOutput = ReadonlyMap<string, StackConfiguration>;

/**
 * Reads the stacks of a `cdktf.out` folder through its `manifest.json`, the
 * list cdktf writes of every stack and its file.
 */
export function readSynthOutput(folder: string): SynthOutput {
  const manifestPath = join(folder, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new InputError(
      `${folder}: no manifest.json here, so this is not a synth output folder. Run npm run synth first, or name the cdktf.out folder.`,
    );
  }
  const manifest = readJson(manifestPath) as {
    stacks?: Record<string, { synthesizedStackPath?: unknown }>;
  } | null;
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw new InputError(
      `${manifestPath}: no stacks object, so this is not a manifest cdktf wrote. Synthesise again.`,
    );
  }
  const stacks = new Map<string, StackConfiguration>();
  for (const [key, stack] of Object.entries(manifest.stacks).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const relativePath = isObject(stack)
      ? stack.synthesizedStackPath
      : undefined;
    const path =
      typeof relativePath === "string" ? resolve(folder, relativePath) : "";
    if (
      typeof relativePath !== "string" ||
      !isInside(resolve(folder), path) ||
      !existsSync(path)
    ) {
      throw new InputError(
        `${manifestPath}: stack ${key} names no stack file inside the folder (${JSON.stringify(relativePath)}). Synthesise again.`,
      );
    }
    const configuration = readJson(path);
    if (!isObject(configuration)) {
      throw new InputError(
        `${path}: the stack file is not a JSON object. Synthesise again.`,
      );
    }
    stacks.set(key, configuration as StackConfiguration);
  }
  return stacks;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(
      `${path}: invalid JSON (${(error as Error).message}). Synthesise again.`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isInside(folder: string, path: string): boolean {
  const relativePath = relative(folder, path);
  return (
    relativePath !== "" &&
    !relativePath.startsWith("..") &&
    !isAbsolute(relativePath)
  );
}
