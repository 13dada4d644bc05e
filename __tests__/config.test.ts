import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCampaignManifest } from "../core/campaigns/manifest";
import { parseWorkspaces } from "../core/config/workspaces";
import { InputError } from "../core/errors";
import { EXAMPLE_DIR } from "./support/synth";

const WORKSPACES = readFileSync(join(EXAMPLE_DIR, "workspaces.yaml"), "utf8");
const MANIFEST = readFileSync(
  join(EXAMPLE_DIR, "iocs", "smartapesg", "campaign.yaml"),
  "utf8",
);

const validWorkspace = (overrides: string) => `workspaces:
  - key: contoso-prod
    tenantId: 9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34
    subscriptionId: 0b1f6471-1bf0-4dda-aec3-111122223333
    resourceGroupName: rg-sentinel
    workspaceName: law-sentinel
    location: westeurope
    campaigns: [smartapesg]
${overrides}`;

describe("workspaces file", () => {
  it("reads the shipped example", () => {
    const workspaces = parseWorkspaces(WORKSPACES, "workspaces.yaml", [
      "smartapesg",
    ]);

    expect(workspaces.map((workspace) => workspace.key)).toEqual([
      "contoso-prod",
      "fabrikam-prod",
    ]);
    expect(workspaces[1]).toEqual({
      key: "fabrikam-prod",
      tenantId: "00000000-0000-0000-0000-0000000f0001",
      subscriptionId: "00000000-0000-0000-0000-0000000f0002",
      resourceGroupName: "rg-soc-fabrikam",
      workspaceName: "law-soc-fabrikam",
      location: "northeurope",
      campaigns: ["smartapesg"],
      onboarding: false,
      connectors: { dnsAnalytics: true, defenderXdr: false },
    });
  });

  it("fills in default switches", () => {
    const [workspace] = parseWorkspaces(validWorkspace(""), "w.yaml", [
      "smartapesg",
    ]);

    expect(workspace.onboarding).toBe(true);
    expect(workspace.connectors).toEqual({
      dnsAnalytics: true,
      defenderXdr: true,
    });
  });

  it("names a missing subscriptionId with its line and fix", () => {
    const text = WORKSPACES.replace(
      "    subscriptionId: 00000000-0000-0000-0000-0000000f0002\n",
      "",
    );
    const parse = () =>
      parseWorkspaces(text, "workspaces.yaml", ["smartapesg"]);

    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      new InputError(
        "workspaces.yaml:18: workspaces[1].subscriptionId is missing. Add the id (a GUID) of the Azure subscription that holds the workspace: the azurerm provider needs it for every stack.",
      ),
    );
  });

  it.each([
    [
      "an invalid GUID",
      validWorkspace("").replace(
        "9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34",
        "contoso.onmicrosoft.com",
      ),
      'w.yaml:3: workspaces[0].tenantId is "contoso.onmicrosoft.com", but it is not a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.',
    ],
    [
      "an unknown setting",
      validWorkspace("    onbaording: false\n"),
      "w.yaml:9: workspaces[0].onbaording is not a known setting. Remove it or check the spelling.",
    ],
    [
      "an unknown campaign",
      validWorkspace("").replace("[smartapesg]", "[smartapesg, fakeupdates]"),
      'w.yaml:8: workspaces[0].campaigns[1] is "fakeupdates", but no campaign has that key. Known campaigns: smartapesg.',
    ],
    [
      "a switch that is not a boolean",
      validWorkspace("    connectors:\n      defenderXdr: yes please\n"),
      'w.yaml:10: workspaces[0].connectors.defenderXdr must be a boolean, but it is "yes please". It should be true, or false when the Defender XDR connector is managed elsewhere.',
    ],
    [
      "a missing location with DNS Analytics on",
      validWorkspace("").replace("    location: westeurope\n", ""),
      "w.yaml:2: workspaces[0].location is missing, but the DNS Analytics solution needs the workspace's region. Add location, such as westeurope, or set connectors.dnsAnalytics to false.",
    ],
    [
      "invalid YAML",
      "workspaces: [contoso-prod\n",
      "w.yaml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Correct the syntax at this line and column.",
    ],
    [
      "an undefined YAML alias",
      validWorkspace("").replace("[smartapesg]", "*nope"),
      "w.yaml: invalid YAML: Unresolved alias (the anchor must be set before the alias): nope. Define each anchor (&name) before its alias (*name), and repeat values in place of deeply nested aliases.",
    ],
    [
      "two unknown settings",
      validWorkspace("    onbaording: false\n    conectors: {}\n"),
      [
        "w.yaml:9: workspaces[0].onbaording is not a known setting. Remove it or check the spelling.",
        "w.yaml:10: workspaces[0].conectors is not a known setting. Remove it or check the spelling.",
      ].join("\n"),
    ],
    [
      "an empty campaign list",
      validWorkspace("").replace("[smartapesg]", "[]"),
      "w.yaml:8: workspaces[0].campaigns is [], but every workspace receives at least one campaign.",
    ],
    [
      "an empty file",
      "",
      "w.yaml:1: the file is empty. Add a top-level workspaces: key that lists the Sentinel workspaces.",
    ],
  ])("rejects %s", (_case, text, message) => {
    expect(() => parseWorkspaces(text, "w.yaml", ["smartapesg"])).toThrow(
      new InputError(message),
    );
  });

  it("rejects a duplicate key", () => {
    const text = `${validWorkspace("")}  - key: contoso-prod
    tenantId: 9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34
    subscriptionId: 0b1f6471-1bf0-4dda-aec3-444455556666
    resourceGroupName: rg-other
    workspaceName: law-other
    location: westeurope
    campaigns: [smartapesg]
`;

    expect(() => parseWorkspaces(text, "w.yaml", ["smartapesg"])).toThrow(
      new InputError(
        'w.yaml:9: workspaces[1].key is "contoso-prod", but workspaces[0] has the same key. Keys name the stacks, so give each workspace its own.',
      ),
    );
  });

  it("rejects the same Azure workspace twice", () => {
    const text = `${validWorkspace("")}  - key: contoso-copy
    tenantId: 9b1d6e2a-4c3f-4e8a-b5d7-2f6a8c0e1d34
    subscriptionId: 0B1F6471-1BF0-4DDA-AEC3-111122223333
    resourceGroupName: rg-sentinel
    workspaceName: law-sentinel
    location: westeurope
    campaigns: [smartapesg]
`;

    expect(() => parseWorkspaces(text, "w.yaml", ["smartapesg"])).toThrow(
      new InputError(
        'w.yaml:13: workspaces[1].workspaceName is "law-sentinel", but workspaces[0] already deploys to this Log Analytics workspace. Two stacks must not manage the same workspace, so remove one entry.',
      ),
    );
  });
});

describe("campaign manifest", () => {
  it("accepts a custom schedule", () => {
    const manifest = parseCampaignManifest(
      MANIFEST.replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nqueryFrequency: PT4H\nqueryPeriod: P1DT12H",
      ),
      "campaign.yaml",
    );

    expect(manifest.queryFrequency).toBe("PT4H");
    expect(manifest.queryPeriod).toBe("P1DT12H");
  });

  it("reads the shipped SmartApeSG manifest", () => {
    const manifest = parseCampaignManifest(MANIFEST, "campaign.yaml");

    expect(manifest.name).toBe("SmartApeSG");
    expect(manifest.severity).toBe("High");
    expect(manifest.tactics).toEqual([
      "InitialAccess",
      "Execution",
      "CommandAndControl",
    ]);
    expect(manifest.techniques).toEqual(["T1189", "T1204", "T1071"]);
    expect(manifest.minimumConfidence).toBe(75);
    expect(manifest.queryFrequency).toBe("PT1H");
    expect(manifest.queryPeriod).toBe("PT1H");
    expect(manifest.feeds).toEqual([
      { file: "smartapesg-ioc-summary.md" },
      { file: "threatfox-json-export-smartapesg.json" },
    ]);
  });

  it.each([
    [
      "a sub-technique",
      MANIFEST.replace("  - T1071 #", "  - T1071.001 #"),
      'campaign.yaml:16: techniques[2] is "T1071.001", but the analytics rules API accepts no sub-techniques: use T1071.',
    ],
    [
      "a technique outside the listed tactics",
      MANIFEST.replace("  - CommandAndControl\n", ""),
      'campaign.yaml:15: techniques[2] is "T1071", but T1071 (Application Layer Protocol) belongs to CommandAndControl, which tactics does not list; Sentinel expects each technique under one of the rule\'s tactics. Add CommandAndControl to tactics, or remove T1071.',
    ],
    [
      "an unknown severity",
      MANIFEST.replace("severity: High", "severity: Critical"),
      'campaign.yaml:8: severity is "Critical", but it must be one of High, Medium, Low, Informational.',
    ],
    [
      "a query period below the frequency",
      MANIFEST.replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nqueryFrequency: PT2H\nqueryPeriod: PT1H",
      ),
      'campaign.yaml:19: queryPeriod is "PT1H", but it is shorter than queryFrequency PT2H, so events between runs would never be read.',
    ],
    [
      "a long period on a fast schedule",
      MANIFEST.replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nqueryFrequency: PT30M\nqueryPeriod: P2D",
      ),
      'campaign.yaml:18: queryFrequency is "PT30M", but Sentinel needs a frequency of at least PT1H when queryPeriod is 2 days or more (it is P2D).',
    ],
    [
      "a frequency outside Sentinel's range",
      MANIFEST.replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nqueryFrequency: PT1M",
      ),
      'campaign.yaml:18: queryFrequency is "PT1M", but Sentinel accepts PT5M to P14D.',
    ],
    [
      "a frequency that is not a duration",
      MANIFEST.replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nqueryFrequency: 1h",
      ),
      'campaign.yaml:18: queryFrequency is "1h", but it is not an ISO 8601 duration such as PT5M, PT1H or P1D.',
    ],
    [
      "a placeholder in the name",
      MANIFEST.replace("name: SmartApeSG", "name: SmartApeSG {{Computer}}"),
      'campaign.yaml:3: name is "SmartApeSG {{Computer}}", but a campaign name must not contain {{ or }}, which alert titles read as a column.',
    ],
    [
      "a tactic listed twice",
      MANIFEST.replace("  - Execution\n", "  - Execution\n  - Execution\n"),
      'campaign.yaml:9: tactics is ["InitialAccess","Execution","Execution","CommandAndControl"], but an entry is listed twice. List each one once.',
    ],
    [
      "a feed file name with a comma",
      MANIFEST.replace(
        "  - file: smartapesg-ioc-summary.md",
        "  - file: a,b.md",
      ),
      'campaign.yaml:19: feeds[0].file is "a,b.md", but a feed file name must not contain a comma.',
    ],
    [
      "a confidence above 100",
      MANIFEST.replace("minimumConfidence: 75", "minimumConfidence: 175"),
      "campaign.yaml:17: minimumConfidence is 175, but it must be at most 100.",
    ],
    [
      "a feed with a path",
      MANIFEST.replace(
        "  - file: smartapesg-ioc-summary.md",
        "  - file: ../other/iocs.md",
      ),
      'campaign.yaml:19: feeds[0].file is "../other/iocs.md", but a feed file is named relative to the campaign folder, without a path.',
    ],
  ])("rejects %s", (_case, text, message) => {
    expect(() => parseCampaignManifest(text, "campaign.yaml")).toThrow(
      new InputError(message),
    );
  });
});
