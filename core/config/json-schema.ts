import { z } from "zod";

import { WORKSPACE_HINTS, WorkspacesFileSchema } from "./workspaces";

/**
 * Returns the JSON Schema of the workspaces file, generated from the schema
 * synth validates with, as the text written to `schema/workspaces.schema.json`.
 * Checks that span entries (unique keys, known campaigns and rings) are not
 * expressible in it and run at synth only.
 */
export function workspacesJsonSchema(): string {
  const schema = z.toJSONSchema(WorkspacesFileSchema, {
    io: "input",
    target: "draft-2020-12",
  });
  describe(schema, "");
  return `${JSON.stringify(
    {
      ...schema,
      $id: "https://sentinel-ioc-cdktf/schema/workspaces.schema.json",
      title: "sentinel-ioc-cdktf workspaces file",
      description:
        "Sentinel workspaces grouped by tenant, with settings inherited from defaults to tenant to workspace.",
    },
    null,
    2,
  )}\n`;
}

/** Adds the hint of each key path as its description, which editors show on completion. */
function describe(node: unknown, path: string): void {
  if (typeof node !== "object" || node === null) {
    return;
  }
  const schema = node as Record<string, unknown>;
  const hint = WORKSPACE_HINTS[path];
  if (hint !== undefined && schema.description === undefined) {
    schema.description = capitalise(hint);
  }
  for (const [key, child] of Object.entries(
    (schema.properties ?? {}) as Record<string, unknown>,
  )) {
    describe(child, path === "" ? key : `${path}.${key}`);
  }
  if (schema.items !== undefined) {
    describe(schema.items, `${path}[]`);
  }
  for (const option of [
    ...((schema.anyOf ?? []) as unknown[]),
    ...((schema.oneOf ?? []) as unknown[]),
  ]) {
    describe(option, path);
  }
}

function capitalise(text: string): string {
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}
