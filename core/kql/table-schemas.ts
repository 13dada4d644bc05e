import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The column types Log Analytics tables use, as the Kusto parser names them. */
export const KUSTO_TYPES = [
  "bool",
  "datetime",
  "decimal",
  "dynamic",
  "guid",
  "int",
  "long",
  "real",
  "string",
  "timespan",
] as const;

export type KustoType = (typeof KUSTO_TYPES)[number];

/** A table the rules may read: its columns, standard Log Analytics columns included. */
export interface TableSchema {
  readonly table: string;
  readonly columns: readonly (readonly [name: string, type: KustoType])[];
}

/** The folder of the shipped schema files, one JSON file per table. */
export const SCHEMAS_DIR = join(__dirname, "schemas");

const STANDARD_FILE = "standard-columns.json";

/**
 * Reads and checks the table schemas in `folder`: every column has a known
 * type and appears once, and each table also gets the standard columns.
 * Throws naming the file and column when a schema is wrong, since a
 * misspelt type would otherwise silently become `unknown` in the parser.
 */
export function loadTableSchemas(folder: string = SCHEMAS_DIR): TableSchema[] {
  const standard = readColumns(join(folder, STANDARD_FILE), STANDARD_FILE);

  return readdirSync(folder)
    .filter((name) => name.endsWith(".json") && name !== STANDARD_FILE)
    .sort()
    .map((name) => {
      const file = readSchemaFile(join(folder, name), name);
      const table = file.table;
      if (
        typeof table !== "string" ||
        !/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)
      ) {
        throw new Error(
          `${name}: "table" must be the table's name, but it is ${JSON.stringify(table)}.`,
        );
      }
      const columns = [...readColumns(join(folder, name), name), ...standard];
      rejectDuplicates(columns, name);
      return { table, columns };
    });
}

function readSchemaFile(path: string, name: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      `${name}: a table schema is a JSON object with "table" and "columns".`,
    );
  }
  return parsed as Record<string, unknown>;
}

function readColumns(path: string, name: string): [string, KustoType][] {
  const columns = readSchemaFile(path, name).columns;
  if (!Array.isArray(columns)) {
    throw new Error(`${name}: "columns" must be a list of [name, type] pairs.`);
  }
  const read = columns.map((column, index): [string, KustoType] => {
    const [columnName, type] = Array.isArray(column) ? column : [];
    if (typeof columnName !== "string" || columnName === "") {
      throw new Error(
        `${name}: columns[${index}] must be a [name, type] pair, but it is ${JSON.stringify(column)}.`,
      );
    }
    if (!KUSTO_TYPES.includes(type)) {
      throw new Error(
        `${name}: column ${columnName} has the type ${JSON.stringify(type)}, which Kusto does not know. Use one of ${KUSTO_TYPES.join(", ")}.`,
      );
    }
    return [columnName, type];
  });
  rejectDuplicates(read, name);
  return read;
}

function rejectDuplicates(
  columns: readonly (readonly [string, string])[],
  name: string,
): void {
  const seen = new Set<string>();
  for (const [columnName] of columns) {
    if (seen.has(columnName)) {
      throw new Error(
        `${name}: the column ${columnName} is listed twice (or repeats a standard column). List each column once.`,
      );
    }
    seen.add(columnName);
  }
}
