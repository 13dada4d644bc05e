import type { StackJson } from "./support/synth";
import { countResources, synthProject } from "./support/synth";

// The project's own campaigns and workspaces, as a user has edited them: this
// test keeps them synthesising, whatever they contain.
const project = synthProject({});

describe("project inputs", () => {
  it("synthesise one stack per workspace", () => {
    const keys = project.inputs.workspaces.map((workspace) => workspace.key);

    expect([...project.stacks.keys()]).toEqual(keys);
  });

  it("give each stack its campaigns' watchlists and rules", () => {
    for (const workspace of project.inputs.workspaces) {
      const stack = project.stacks.get(workspace.key) as StackJson;
      const campaigns = workspace.campaigns.length;

      // An IOC watchlist and an allow list per campaign.
      expect(countResources(stack, "azurerm_sentinel_watchlist")).toBe(
        2 * campaigns,
      );
      const rules = Object.keys(
        stack.resource.azurerm_sentinel_alert_rule_scheduled,
      ).filter((name) => name.startsWith("rule_"));
      expect(rules).toHaveLength(2 * campaigns);
    }
  });
});
