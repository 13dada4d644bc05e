import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { EXAMPLE_DIR, PROJECT_DIR } from "./support/synth";
import { TempProject } from "./support/temp-project";

const SAMPLES = join(__dirname, "fixtures", "feeds");

/** Runs `sentinel-ioc` through its bin script, as `npx sentinel-ioc` does. */
function sentinelIoc(...args: string[]) {
  return spawnSync(
    process.execPath,
    [join(PROJECT_DIR, "bin", "sentinel-ioc.js"), ...args],
    {
      cwd: SAMPLES,
      encoding: "utf8",
    },
  );
}

describe("sentinel-ioc parse", () => {
  it("prints the accounting and the IOCs", () => {
    const run = sentinelIoc("parse", "smartapesg-ioc-summary.md");

    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "smartapesg-ioc-summary.md (markdown-table): 3 rows: 3 accepted, 0 merged, 0 filtered, 0 rejected",
      "",
      "3 IOCs (type, value, port, confidence, first seen, last seen, sources):",
      "domain\tbronzepavilion.top\t\t100\t2026-06-12T00:00:00Z\t\tsmartapesg-ioc-summary.md",
      "url\thttps://bronzepavilion.top/signin/auth-json\t\t100\t2026-06-12T00:00:00Z\t\tsmartapesg-ioc-summary.md",
      "url\thttps://bronzepavilion.top/signin/route-script.js\t\t100\t2026-06-12T00:00:00Z\t\tsmartapesg-ioc-summary.md",
    ]);
  });

  it("prints JSON", () => {
    const run = sentinelIoc(
      "parse",
      "threatfox-api-derived-defanged.json",
      "--json",
    );
    const output = JSON.parse(run.stdout);

    expect(run.status).toBe(0);
    expect(output.files).toEqual([
      {
        file: "threatfox-api-derived-defanged.json",
        format: "json-ioc-list",
        rows: 40,
        accepted: 40,
        merged: 0,
        filtered: [],
        rejected: [],
      },
    ]);
    expect(output.iocs).toHaveLength(40);
    expect(output.iocs).toContainEqual({
      type: "ip",
      value: "204.13.234.19",
      port: 3333,
      rawValue: "204.13.234[.]19:3333",
      firstSeen: "2026-08-17T09:45:33Z",
      lastSeen: null,
      confidence: 75,
      threatType: null,
      malware: "Evilginx",
      reference: null,
      tags: [],
      sources: ["threatfox-api-derived-defanged.json"],
    });
  });

  it("applies filters to feed files", () => {
    const run = sentinelIoc(
      "parse",
      "threatfox-json-export-smartapesg.json",
      "--max-age",
      "30",
      "--as-of",
      "2026-08-10",
      "--json",
    );
    const [file] = JSON.parse(run.stdout).files;

    expect(file.accepted).toBe(18);
    expect(
      JSON.parse(
        sentinelIoc(
          "parse",
          "threatfox-json-export-smartapesg.json",
          "--max-age",
          "15",
          "--as-of",
          "2026-08-10",
          "--json",
        ).stdout,
      ).files[0].filtered,
    ).toHaveLength(18);
  });

  it("reads a campaign folder with its manifest", () => {
    const run = sentinelIoc(
      "parse",
      join(EXAMPLE_DIR, "iocs", "smartapesg"),
      "--json",
    );
    const output = JSON.parse(run.stdout);

    expect(
      output.files.map(
        (file: { file: string; rows: number }) => `${file.file} ${file.rows}`,
      ),
    ).toEqual([
      "smartapesg-ioc-summary.md 3",
      "threatfox-json-export-smartapesg.json 18",
    ]);
    expect(output.iocs).toHaveLength(21);
    expect(output.notRead).toEqual([]);
  });

  it("exits 1 on a cut-off file", () => {
    const project = new TempProject();
    try {
      project.write("cut.json", '{"1": [{"ioc_value": "evil.example"');
      const run = sentinelIoc("parse", join(project.root, "cut.json"));

      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `${join(project.root, "cut.json")}:1:36: invalid JSON: the file ends before the JSON is complete. Download the ThreatFox JSON export again; a cut-off download ends mid-object.`,
      );
    } finally {
      project.remove();
    }
  });

  it.each([
    [["parse"], "sentinel-ioc: parse needs at least one FILE."],
    [["lint", "x"], 'sentinel-ioc: unknown command "lint".'],
    [
      ["parse", "a.md", "a.md"],
      "sentinel-ioc: a.md is named twice; name each FILE once.",
    ],
    [
      ["parse", "x", "--format", "csv"],
      'sentinel-ioc: --format "csv" is not a known format; use one of threatfox-csv, threatfox-json, threatfox-api, json-ioc-list, hostfile, markdown-table, plain-list.',
    ],
    [
      ["parse", "x", "--as-of", "soon"],
      'sentinel-ioc: --as-of "soon" is not a date such as 2026-12-04 or 2026-12-04T12:00:00Z.',
    ],
    [
      ["parse", "x", "--min-confidence", "high"],
      'sentinel-ioc: --min-confidence "high" is not a whole number from 0 to 100.',
    ],
  ])("exits 2 on usage error %j", (args, message) => {
    const run = sentinelIoc(...args);

    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(message);
  });
});

describe("campaign filters", () => {
  it("holds back IOCs older than maxAgeDays before SENTINEL_AS_OF", () => {
    const project = new TempProject();
    try {
      const manifest = join("iocs", "smartapesg", "campaign.yaml");
      project.write(
        manifest,
        project
          .read(manifest)
          .replace(
            "minimumConfidence: 75",
            "minimumConfidence: 75\nmaxAgeDays: 30",
          ),
      );

      const loaded = (asOf: string) =>
        spawnSync(
          process.execPath,
          [
            join(PROJECT_DIR, "bin", "sentinel-ioc.js"),
            "parse",
            join(project.iocsDir, "smartapesg"),
            "--as-of",
            asOf,
            "--json",
          ],
          {
            encoding: "utf8",
          },
        );
      const early = JSON.parse(loaded("2026-07-30").stdout);
      const late = JSON.parse(loaded("2026-08-30").stdout);

      expect(early.iocs).toHaveLength(18);
      expect(late.iocs).toHaveLength(0);
      expect(late.files[1].filtered[0].reason).toMatch(
        /^(first|last) seen 2026-07-\d\dT\d\d:\d\d:\d\dZ, more than 30 days before 2026-08-30T00:00:00Z$/,
      );
    } finally {
      project.remove();
    }
  });
});
