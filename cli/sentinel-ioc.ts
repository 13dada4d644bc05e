import { parseArgs } from "node:util";

import { toIsoUtc } from "../core/dates";
import { InputError } from "../core/errors";
import type { FeedFormat } from "../core/feeds/feed-loader";
import { FEED_FORMATS } from "../core/feeds/feed-loader";
import { readAsOf } from "../core/inputs";
import { formatParseText, runParse, toParseJson } from "./parse-command";
import { runReview } from "./review-command";

const USAGE = `Usage: sentinel-ioc parse FILE... [options]
       sentinel-ioc review --base BASE [--head HEAD] (see sentinel-ioc review --help)

Reads IOC feeds the way synth does and prints the normalised IOCs and what
became of every row, without synthesising. FILE is a feed file, a zip archive
of feeds, or a campaign folder, which is read with its campaign.yaml: its feed
formats and filters apply there, not --format, --min-confidence or --max-age.

Options:
  --format NAME          read every feed file in this format: ${FEED_FORMATS.join(", ")}
                         (default: detected from each file's content)
  --as-of DATE           measure IOC ages from this date, such as 2026-12-04 (default: now)
  --min-confidence N     hold back IOCs below this confidence, 0 to 100 (default: 0)
  --max-age DAYS         hold back IOCs last seen more than DAYS days before --as-of
  --json                 print one JSON object instead of text
  --help                 print this help

Exit status: 0 when every file was read, 1 when a file cannot be read or was
cut off, 2 for a usage error.`;

/** Runs the command line; returns the exit status. */
export function main(argv: readonly string[]): number {
  if (argv[0] === "review") {
    return runReview(argv.slice(1));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string" },
        "as-of": { type: "string" },
        "min-confidence": { type: "string" },
        "max-age": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }

  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== "parse") {
    return usageError(
      command === undefined
        ? "a command is missing"
        : `unknown command ${JSON.stringify(command)}`,
    );
  }
  if (paths.length === 0) {
    return usageError("parse needs at least one FILE");
  }
  const repeated = paths.find((path, index) => paths.indexOf(path) !== index);
  if (repeated !== undefined) {
    return usageError(`${repeated} is named twice; name each FILE once`);
  }
  if (
    values.format !== undefined &&
    !FEED_FORMATS.includes(values.format as FeedFormat)
  ) {
    return usageError(
      `--format ${JSON.stringify(values.format)} is not a known format; use one of ${FEED_FORMATS.join(", ")}`,
    );
  }
  const minimumConfidence = readWholeNumber(
    values["min-confidence"],
    "--min-confidence",
    0,
    100,
  );
  const maxAgeDays = readWholeNumber(
    values["max-age"],
    "--max-age",
    1,
    Number.MAX_SAFE_INTEGER,
  );
  if (typeof minimumConfidence === "string" || typeof maxAgeDays === "string") {
    return usageError(
      [minimumConfidence, maxAgeDays].find(
        (v) => typeof v === "string",
      ) as string,
    );
  }

  const asOfText = values["as-of"];
  if (asOfText !== undefined && toIsoUtc(asOfText) === undefined) {
    return usageError(
      `--as-of ${JSON.stringify(asOfText)} is not a date such as 2026-12-04 or 2026-12-04T12:00:00Z`,
    );
  }

  try {
    const results = runParse({
      paths,
      format: values.format as FeedFormat | undefined,
      asOf: readAsOf(asOfText),
      minimumConfidence: minimumConfidence ?? 0,
      maxAgeDays,
    });
    console.log(
      values.json
        ? JSON.stringify(toParseJson(results), null, 2)
        : formatParseText(results),
    );
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

/** Returns the number, undefined when absent, or an error message. */
function readWholeNumber(
  text: string | undefined,
  option: string,
  minimum: number,
  maximum: number,
): number | undefined | string {
  if (text === undefined) {
    return undefined;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum || value > maximum) {
    return `${option} ${JSON.stringify(text)} is not a whole number from ${minimum}${maximum === Number.MAX_SAFE_INTEGER ? " up" : ` to ${maximum}`}`;
  }
  return value;
}

function usageError(message: string): number {
  console.error(`sentinel-ioc: ${message}.\n\n${USAGE}`);
  return 2;
}
