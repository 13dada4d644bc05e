import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

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
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    stacks?: Record<string, { synthesizedStackPath?: string }>;
  };
  const stacks = new Map<string, StackConfiguration>();
  for (const [key, stack] of Object.entries(manifest.stacks ?? {}).sort(
    ([a], [b]) => (a < b ? -1 : 1),
  )) {
    const path = join(folder, stack.synthesizedStackPath ?? "");
    if (stack.synthesizedStackPath === undefined || !existsSync(path)) {
      throw new InputError(
        `${folder}: manifest.json lists stack ${key}, but its file is missing. Synthesise again.`,
      );
    }
    stacks.set(key, JSON.parse(readFileSync(path, "utf8")));
  }
  return stacks;
}
