/**
 * Runs one synth for the benchmark in its own process, the way main.ts does,
 * and prints its phase times and peak memory as JSON. With `naive` it builds
 * the baseline instead: one SentinelWatchlistItem construct per IOC.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SentinelWatchlist } from "@cdktf/provider-azurerm/lib/sentinel-watchlist";
import { SentinelWatchlistItem } from "@cdktf/provider-azurerm/lib/sentinel-watchlist-item";
import { App, LocalBackend, TerraformStack } from "cdktf";

import { addWorkspaceStacks } from "../constructs/sentinel-ioc-app";
import { azureWorkspaceId } from "../core/config/workspaces";
import { loadInputs } from "../core/inputs";
import { escapeTerraformTemplateValues } from "../core/terraform-escape";
import { validateContent } from "../core/validation/validate-content";
import { buildWatchlist } from "../core/watchlist";

const mode = process.argv[2];
/** Peak memory of synth itself, taken before the floor adds its own copy of the JSON. */
let peakMb = 0;
const projectDir = join(__dirname, "..");
const started = performance.now();
const times: Record<string, number> = {};
const lap = (name: string, since: number) => {
  times[name] = performance.now() - since;
  return performance.now();
};

let mark = performance.now();
const inputs = loadInputs(projectDir);
mark = lap("load", mark);

if (mode === "naive") {
  const app = new App({ stackTraces: false });
  for (const workspace of inputs.workspaces) {
    const stack = new TerraformStack(app, workspace.key);
    new AzurermProvider(stack, "azurerm", {
      features: [{}],
      tenantId: workspace.tenantId,
      subscriptionId: workspace.subscriptionId,
    });
    new LocalBackend(stack, { path: `terraform.${workspace.key}.tfstate` });
    for (const campaign of inputs.campaigns) {
      const watchlist = buildWatchlist(campaign);
      const list = new SentinelWatchlist(stack, `watchlist-${campaign.key}`, {
        name: watchlist.alias,
        displayName: watchlist.displayName,
        logAnalyticsWorkspaceId: azureWorkspaceId(workspace),
        itemSearchKey: "Indicator",
      });
      for (const [name, properties] of Object.entries(watchlist.items)) {
        new SentinelWatchlistItem(stack, `item-${name}`, {
          name,
          watchlistId: list.id,
          properties: escapeTerraformTemplateValues(properties),
        });
      }
    }
  }
  mark = lap("constructs", mark);
  app.synth();
  mark = lap("synth", mark);
  peakMb = process.resourceUsage().maxRSS / 1024;
} else {
  validateContent(inputs);
  mark = lap("validate", mark);
  const app = new App({ stackTraces: false });
  addWorkspaceStacks(app, inputs.workspaces, inputs.campaigns);
  mark = lap("constructs", mark);
  app.synth();
  mark = lap("synth", mark);

  peakMb = process.resourceUsage().maxRSS / 1024;
  // The floor: writing the same JSON with no cdktf in the way.
  const outdir = process.env.CDKTF_OUTDIR as string;
  const stacks = readdirSync(join(outdir, "stacks")).map((key) =>
    JSON.parse(
      readFileSync(join(outdir, "stacks", key, "cdk.tf.json"), "utf8"),
    ),
  );
  const floorStart = performance.now();
  for (const [index, stack] of stacks.entries()) {
    writeFileSync(
      join(outdir, `floor-${index}.json`),
      JSON.stringify(stack, null, 2),
    );
  }
  lap("floor", floorStart);
}

const bytes = readdirSync(join(process.env.CDKTF_OUTDIR as string, "stacks"))
  .map(
    (key) =>
      statSync(
        join(process.env.CDKTF_OUTDIR as string, "stacks", key, "cdk.tf.json"),
      ).size,
  )
  .reduce((sum, size) => sum + size, 0);
times.total = performance.now() - started;
console.log(
  JSON.stringify({
    times,
    peakMb,
    stackBytes: bytes,
    workspaces: inputs.workspaces.length,
    iocs: inputs.campaigns.reduce(
      (sum, campaign) => sum + campaign.ingestion.deployed.length,
      0,
    ),
  }),
);
