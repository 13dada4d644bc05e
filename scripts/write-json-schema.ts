import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { workspacesJsonSchema } from "../core/config/json-schema";

// Regenerates the JSON Schema that editors use for workspaces.yaml.
const path = join(__dirname, "..", "schema", "workspaces.schema.json");
writeFileSync(path, workspacesJsonSchema());
console.log(`Wrote ${path}`);
