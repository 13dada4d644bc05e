import { readFileSync } from "node:fs";
import { join } from "node:path";

import { parseCampaignManifest } from "../core/campaigns/manifest";
import { InputError } from "../core/errors";
import { EXAMPLE_DIR } from "./support/synth";

const MANIFEST = readFileSync(
  join(EXAMPLE_DIR, "iocs", "smartapesg", "campaign.yaml"),
  "utf8",
);

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
      'campaign.yaml:18: queryFrequency is "1h", but it is not a duration in days, hours and minutes such as PT5M, PT1H or P1D.',
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
