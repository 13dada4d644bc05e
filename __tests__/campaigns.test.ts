import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

import { loadCampaigns } from "../core/campaigns/load-campaigns";
import { InputError } from "../core/errors";
import { loadInputs, readAsOf } from "../core/inputs";
import { formatSynthReport } from "../core/report";
import { EXAMPLE_ENV, PROJECT_DIR } from "./support/synth";
import { TempProject } from "./support/temp-project";

const AS_OF = new Date("2026-12-04T00:00:00Z");

describe("loadCampaigns", () => {
  let project: TempProject;

  beforeEach(() => {
    project = new TempProject();
  });

  afterEach(() => {
    project.remove();
  });

  it("reads the shipped campaign", () => {
    const [campaign] = loadCampaigns(project.iocsDir, "iocs", AS_OF);

    expect(campaign.key).toBe("smartapesg");
    expect(campaign.watchlistAlias).toBe("ioc_smartapesg");
    expect(
      campaign.ingestion.files.map((file) => [
        file.file,
        file.format,
        file.rows,
      ]),
    ).toEqual([
      ["smartapesg-ioc-summary.md", "markdown-table", 3],
      ["threatfox-json-export-smartapesg.json", "threatfox-json", 18],
    ]);
    expect(campaign.ingestion.deployed).toHaveLength(21);
    expect(campaign.unlistedFiles).toEqual([]);
  });

  it("reads a campaign folder behind a symbolic link", () => {
    renameSync(
      join(project.iocsDir, "smartapesg"),
      join(project.root, "elsewhere"),
    );
    symlinkSync(
      join(project.root, "elsewhere"),
      join(project.iocsDir, "smartapesg"),
    );

    expect(
      loadCampaigns(project.iocsDir, "iocs", AS_OF).map((c) => c.key),
    ).toEqual(["smartapesg"]);
  });

  it("rejects a folder without campaign.yaml", () => {
    mkdirSync(join(project.iocsDir, "fakeupdates"));

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        "iocs/fakeupdates: campaign.yaml is missing. Every campaign folder needs a manifest with name, description, severity and feeds; see iocs/smartapesg/campaign.yaml.",
      ),
    );
  });

  it("rejects a folder name that is not a key", () => {
    mkdirSync(join(project.iocsDir, "Fake Updates"));

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        'iocs/Fake Updates: the folder name "Fake Updates" (12 characters) is not a valid campaign key. Rename the folder to lower-case letters, digits and inner hyphens, at most 40 characters, such as smartapesg.',
      ),
    );
  });

  it("rejects a listed feed that is missing", () => {
    rmSync(join(project.iocsDir, "smartapesg", "smartapesg-ioc-summary.md"));

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        'iocs/smartapesg/campaign.yaml: feeds[0].file names "smartapesg-ioc-summary.md", which was not found in iocs/smartapesg. Add the file or remove the entry.',
      ),
    );
  });

  it("rejects a feed entry that names a folder", () => {
    mkdirSync(join(project.iocsDir, "smartapesg", "more"));
    const manifest = join(project.iocsDir, "smartapesg", "campaign.yaml");
    writeFileSync(
      manifest,
      `${readFileSync(manifest, "utf8")}  - file: more\n`,
    );

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        'iocs/smartapesg/campaign.yaml: feeds[2].file names "more", which is not a file. Name a feed file in iocs/smartapesg.',
      ),
    );
  });

  it("rejects a feed that is not UTF-8", () => {
    writeFileSync(
      join(project.iocsDir, "smartapesg", "smartapesg-ioc-summary.md"),
      Buffer.from([0x7c, 0x20, 0xe9, 0x76, 0x69, 0x6c, 0x0a]),
    );

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        'iocs/smartapesg/smartapesg-ioc-summary.md: the file is not valid UTF-8. Save it as UTF-8 (most editors offer this under "Save with encoding").',
      ),
    );
  });

  it("stops on a rejected row when failOnRejected is set", () => {
    const manifest = join(project.iocsDir, "smartapesg", "campaign.yaml");
    writeFileSync(
      manifest,
      readFileSync(manifest, "utf8").replace(
        "minimumConfidence: 75",
        "minimumConfidence: 75\nfailOnRejected: true",
      ),
    );
    writeFileSync(
      join(project.iocsDir, "smartapesg", "smartapesg-ioc-summary.md"),
      "| Type | Value |\n|---|---|\n| domain | evil[.]example |\n| domain | not a domain |\n",
    );

    expect(() => loadCampaigns(project.iocsDir, "iocs", AS_OF)).toThrow(
      new InputError(
        'iocs/smartapesg/campaign.yaml: failOnRejected is true and 1 feed row was rejected. Fix or remove the rows listed, or set failOnRejected to false:\n  iocs/smartapesg/smartapesg-ioc-summary.md:4 "not a domain": invalid domain: a domain needs at least two labels, such as example.com',
      ),
    );
  });

  it("rejects a missing campaigns folder", () => {
    expect(() =>
      loadCampaigns(join(project.root, "nowhere"), "nowhere", AS_OF),
    ).toThrow(
      new InputError(
        "nowhere: the campaigns folder was not found. Create it with one folder per campaign, or point SENTINEL_IOCS_DIR at an existing one.",
      ),
    );
  });

  it("reports files that no feed entry names", () => {
    writeFileSync(join(project.iocsDir, "smartapesg", "new-export.json"), "{}");
    writeFileSync(join(project.iocsDir, "smartapesg", "README.md"), "notes");

    expect(
      loadCampaigns(project.iocsDir, "iocs", AS_OF)[0].unlistedFiles,
    ).toEqual(["new-export.json"]);
  });
});

describe("readAsOf", () => {
  it("reads a date", () => {
    expect(readAsOf("2026-12-04").toISOString()).toBe(
      "2026-12-04T00:00:00.000Z",
    );
  });

  it("rejects text that is not a date", () => {
    expect(() => readAsOf("yesterday")).toThrow(
      new InputError(
        'SENTINEL_AS_OF is "yesterday", but it is not a date such as 2026-12-04 or 2026-12-04T12:00:00Z. Set it to the day to measure IOC ages from, or unset it to use today.',
      ),
    );
  });
});

describe("formatSynthReport", () => {
  it("accounts for every row of the shipped feeds", () => {
    expect(formatSynthReport(loadInputs(PROJECT_DIR, EXAMPLE_ENV))).toBe(
      [
        "Campaign smartapesg: 21 rows in 2 feeds: 21 accepted, 0 merged, 0 filtered, 0 rejected; 21 IOCs deployed to watchlist ioc_smartapesg (6 domain, 15 url)",
        "",
        "Workspaces:",
        "  workspace      tenant     ring    campaigns   rules enabled  watchlist items",
        "  contoso-dev    contoso    canary  smartapesg  2 of 2         21",
        "  northwind-eu   northwind  canary  smartapesg  2 of 2         21",
        "  contoso-prod   contoso    broad   smartapesg  2 of 2         21",
        "  fabrikam-prod  fabrikam   broad   smartapesg  2 of 2         21",
        "  northwind-us   northwind  broad   smartapesg  1 of 2         21",
        "  note: contoso-dev, northwind-eu, contoso-prod, fabrikam-prod, northwind-us still have the example's placeholder ids (00000000-0000-0000-0000-...) for a tenant, subscription, identity or state: replace them before deploying",
      ].join("\n"),
    );
  });

  it("lists rejected, held back and unhunted IOCs", () => {
    const project = new TempProject();
    try {
      project.write(
        "iocs/smartapesg/smartapesg-ioc-summary.md",
        [
          "| Type | Value | Confidence |",
          "|---|---|---|",
          "| domain | evil[.]top | 100% |",
          "| domain | EVIL.top | 90% |",
          "| domain | low[.]top | 10% |",
          "| ip:port | 203.0.113.7:443 | 100% |",
          "| sha256 | abc…1234 | 100% |",
        ].join("\n"),
      );
      writeFileSync(join(project.iocsDir, "smartapesg", "extra.csv"), "");
      project.write(
        "iocs/smartapesg/campaign.yaml",
        project
          .read("iocs/smartapesg/campaign.yaml")
          .replace("  - T1071 #", "  - T1699 #"),
      );

      const report = formatSynthReport(loadInputs(PROJECT_DIR, project.env));

      expect(report.split("\n").slice(0, 5)).toEqual([
        "Campaign smartapesg: 23 rows in 2 feeds: 20 accepted, 1 merged, 1 filtered, 1 rejected; 19 IOCs deployed to watchlist ioc_smartapesg (6 domain, 13 url)",
        '  warning: rejected smartapesg-ioc-summary.md:7 "abc…1234": invalid sha256: a sha256 hash is 64 hexadecimal characters',
        "  not deployed, no rule hunts these types yet: 1 IOC (1 ip)",
        "  warning: technique T1699 in campaign.yaml is not in the package's list of MITRE ATT&CK Enterprise v17 techniques, so its tactic is not checked; make sure tactics lists the one it belongs to",
        "  warning: not read: extra.csv is in the campaign folder but not listed under feeds in campaign.yaml",
      ]);
    } finally {
      project.remove();
    }
  });
});
