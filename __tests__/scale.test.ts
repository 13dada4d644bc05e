import { threatFoxCsv } from "../bench/generate-feed";
import { watchlistItemName } from "../core/identity";
import { loadInputs } from "../core/inputs";
import { formatSynthReport } from "../core/report";
import { itemProperties } from "../core/watchlist";
import type { StackJson, SynthOutput } from "./support/synth";
import {
  EXAMPLE_ENV,
  PROJECT_DIR,
  resourceOf,
  synthProject,
} from "./support/synth";
import { TempProject } from "./support/temp-project";

const IOCS = 20_000;

describe("a campaign of 20,000 IOCs", () => {
  const project = new TempProject();
  let output: SynthOutput;

  beforeAll(() => {
    project.write(
      "iocs/smartapesg/campaign.yaml",
      "name: Large\ndescription: Generated IOCs.\nseverity: Medium\ntactics: [CommandAndControl]\ntechniques: [T1071]\nfeeds:\n  - file: export.csv\n",
    );
    project.write(
      "iocs/smartapesg/export.csv",
      threatFoxCsv(IOCS, { ipShare: 0 }),
    );
    output = synthProject(project.env);
  });
  afterAll(() => project.remove());

  const itemsOf = (stack: StackJson) =>
    (
      resourceOf(
        stack,
        "azurerm_sentinel_watchlist_item",
        "watchlist_items_smartapesg",
      ) as { for_each: Record<string, Record<string, string>> }
    ).for_each;

  it("deploys every IOC to every workspace", () => {
    expect(output.inputs.campaigns[0].ingestion.deployed).toHaveLength(IOCS);
    for (const stack of output.stacks.values()) {
      expect(Object.keys(itemsOf(stack))).toHaveLength(IOCS);
    }
  });

  it("writes sampled items with their properties", () => {
    const { deployed } = output.inputs.campaigns[0].ingestion;
    const items = itemsOf(output.stacks.get("contoso-prod") as StackJson);
    for (const ioc of [deployed[0], deployed[9_999], deployed[IOCS - 1]]) {
      const name = watchlistItemName("ioc_smartapesg", ioc.type, ioc.value);
      expect(items[name]).toEqual(itemProperties(ioc));
    }
  });

  it("keeps the rules free of IOC values", () => {
    const stack = output.stacks.get("contoso-prod") as StackJson;
    const rules = Object.entries(
      stack.resource.azurerm_sentinel_alert_rule_scheduled,
    )
      .filter(([name]) => name.startsWith("rule_"))
      .map(([, rule]) => rule) as { query: string }[];
    const sample = output.inputs.campaigns[0].ingestion.deployed[0].value;

    for (const rule of rules) {
      expect(rule.query.length).toBeLessThan(5_000);
      expect(rule.query).not.toContain(sample);
      expect(rule.query).toContain('_GetWatchlist("ioc_smartapesg")');
    }
  });
});

describe("watchlist item limits", () => {
  const inputs = loadInputs(PROJECT_DIR, EXAMPLE_ENV);
  const withItems = (count: number) => {
    const [campaign] = inputs.campaigns;
    const deployed = Array.from(
      { length: count },
      () => campaign.ingestion.deployed[0],
    );
    return formatSynthReport({
      ...inputs,
      workspaces: inputs.workspaces.slice(0, 1),
      campaigns: [
        { ...campaign, ingestion: { ...campaign.ingestion, deployed } },
      ],
    });
  };

  it("warns about a month's change budget", () => {
    expect(withItems(100_001)).toContain(
      "  warning: contoso-dev receives 100001 watchlist items; creating them takes more than the 100000 item changes Sentinel allows per workspace per month, so a first deploy will not finish within a month's budget",
    );
    expect(withItems(100_000)).not.toContain("item changes");
  });

  it("warns past the active item limit", () => {
    expect(withItems(10_000_001)).toContain(
      "  warning: contoso-dev receives 10000001 watchlist items, more than the 10000000 active items Sentinel keeps per workspace; split the campaigns across workspaces or raise their minimumConfidence",
    );
  });
});
