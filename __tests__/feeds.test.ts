import { readFileSync } from "node:fs";
import { join } from "node:path";

import { InputError } from "../core/errors";
import { parseFeed } from "../core/feeds/loaders";
import { EXAMPLE_DIR } from "./support/synth";

const FEEDS_DIR = join(EXAMPLE_DIR, "iocs", "smartapesg");
const readFeed = (name: string) => readFileSync(join(FEEDS_DIR, name), "utf8");

describe("Markdown IOC table", () => {
  const text = readFeed("smartapesg-ioc-summary.md");

  it("is detected from its content", () => {
    expect(parseFeed(text, "summary.md").format).toBe("markdown-table");
  });

  it("reads every row with its line", () => {
    const { rows } = parseFeed(text, "summary.md");

    expect(rows).toEqual([
      {
        line: 5,
        type: "url",
        value: "hxxps://bronzepavilion.top/signin/auth-json",
        threatType: "payload_delivery",
        malware: undefined,
        firstSeen: "2026-06-12",
        lastSeen: undefined,
        confidence: "100%",
        reference: undefined,
        tags: [],
      },
      expect.objectContaining({
        line: 6,
        type: "domain",
        value: "bronzepavilion.top",
      }),
      expect.objectContaining({
        line: 7,
        type: "url",
        value: "hxxps://bronzepavilion.top/signin/route-script.js",
      }),
    ]);
  });

  it("maps columns by header name and strips backticks", () => {
    const table = [
      "Notes before the table.",
      "",
      "| Confidence | Indicator | IOC Type | Malware |",
      "| :--- | --- | --- | --- |",
      "| 80 | `evil[.]top` | domain | Unknown |",
      "",
      "Text after the table.",
    ].join("\n");

    expect(parseFeed(table, "t.md").rows).toEqual([
      {
        line: 5,
        type: "domain",
        value: "evil[.]top",
        threatType: undefined,
        malware: undefined,
        firstSeen: undefined,
        lastSeen: undefined,
        confidence: "80",
        reference: undefined,
        tags: [],
      },
    ]);
  });

  const read = (...lines: string[]) =>
    parseFeed(lines.join("\n"), "t.md", "markdown-table").rows.map((row) =>
      row.problem === undefined
        ? `${row.line} ${row.type} ${row.value}`
        : `${row.line} rejected: ${row.problem}`,
    );

  it("reads rows without outer pipes", () => {
    expect(
      read(
        "| Type | Value |",
        "|-|-|",
        "| domain | a.test |",
        "| domain | b.test",
        "domain | c.test",
      ),
    ).toEqual(["3 domain a.test", "4 domain b.test", "5 domain c.test"]);
  });

  it("rejects rows cut off by a blank line", () => {
    expect(
      read(
        "| Type | Value |",
        "|---|---|",
        "| domain | a.test |",
        "",
        "| domain | b.test |",
      ),
    ).toEqual([
      "3 domain a.test",
      "5 rejected: this table row belongs to no IOC table. A blank line ends a table, so remove it or repeat the header and separator rows",
    ]);
  });

  it("rejects a row with an unescaped pipe", () => {
    expect(
      read(
        "| Type | Value |",
        "|---|---|",
        "| url | https://evil.test/a|b |",
        "| url | https://evil.test/a\\|b |",
      ),
    ).toEqual([
      "3 rejected: the row has 3 cells but the header has 2. Write a | inside a value as \\|",
      "4 url https://evil.test/a|b",
    ]);
  });

  it("reads every IOC table of a file", () => {
    expect(
      read(
        "| Type | Value |",
        "|---|---|",
        "| domain | a.test |",
        "",
        "| When | What |",
        "|---|---|",
        "| Monday | first seen |",
        "",
        "| Value | Type |",
        "|:-|-:|",
        "| b.test | domain |",
      ),
    ).toEqual(["3 domain a.test", "11 domain b.test"]);
  });

  it("rejects a file without an IOC table", () => {
    const parse = () =>
      parseFeed(
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "iocs/x/notes.md",
        "markdown-table",
      );

    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      "iocs/x/notes.md: no Markdown IOC table found. Add a table whose header row names the columns Type and Value, followed by a separator row such as |---|---|.",
    );
  });
});

describe("ThreatFox JSON export", () => {
  const text = readFeed("threatfox-json-export-smartapesg.json");

  it("is detected from its content", () => {
    expect(parseFeed(text, "export.json").format).toBe("threatfox-json");
  });

  it("reads all 18 entries with the line of their id", () => {
    const { rows } = parseFeed(text, "export.json");

    expect(rows).toHaveLength(18);
    expect(rows.find((row) => row.value.includes("signup-stylesheet"))).toEqual(
      {
        line: 2,
        type: "url",
        value: "https://sagearcade.top/alias/signup-stylesheet",
        threatType: "payload_delivery",
        malware: "SmartApeSG",
        firstSeen: "2026-07-24 12:58:01",
        lastSeen: "2026-07-24 12:08:00",
        confidence: "100",
        reference: undefined,
        tags: ["SmartApeSG"],
      },
    );
    expect(rows.find((row) => row.value === "sagearcade.top")?.line).toBe(20);
  });

  it("reads an older copy whose fields are strings", () => {
    const older = JSON.stringify({
      "42": [
        {
          ioc_value: "evil.top",
          ioc_type: "domain",
          confidence_level: "75",
          anonymous: "0",
          malware: "js.x",
        },
      ],
    });

    expect(parseFeed(older, "old.json", "threatfox-json").rows).toEqual([
      expect.objectContaining({
        line: 1,
        value: "evil.top",
        confidence: "75",
        malware: "js.x",
      }),
    ]);
  });

  it("rejects a cut-off download", () => {
    const parse = () => parseFeed(text.slice(0, 500), "iocs/x/export.json");

    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      "iocs/x/export.json:14:6: invalid JSON: the file ends before the JSON is complete. Download the ThreatFox JSON export again; a cut-off download ends mid-object.",
    );
  });

  it("names the line of a syntax error", () => {
    expect(() =>
      parseFeed(
        '{\n  "1": [\n    {"ioc_value": "a.test"\n     "ioc_type": "domain"}\n  ]\n}',
        "e.json",
      ),
    ).toThrow(
      "e.json:4:6: invalid JSON: a comma is missing. Download the ThreatFox JSON export again; a cut-off download ends mid-object.",
    );
  });

  it("rejects an id listed twice", () => {
    const twice =
      '{\n  "1": [{"ioc_value": "a.test", "ioc_type": "domain"}],\n  "1": [{"ioc_value": "b.test", "ioc_type": "domain"}]\n}';

    expect(() => parseFeed(twice, "e.json")).toThrow(
      'e.json:3: the key "1" appears a second time in one object (first at line 2), so one of the two values would be lost. Download the ThreatFox JSON export again; a cut-off download ends mid-object.',
    );
  });

  it("gives ids their own line, not a nested key's", () => {
    const nested =
      '{\n  "a": [{"ioc_value": "a.test", "ioc_type": "domain", "extra": {"2": 1}}],\n  "2": [{"ioc_value": "b.test", "ioc_type": "domain"}]\n}';

    // Integer-like keys come first in a JavaScript object, so "2" is read first.
    expect(
      parseFeed(nested, "e.json").rows.map((row) => `${row.line} ${row.value}`),
    ).toEqual(["3 b.test", "2 a.test"]);
  });

  it("rejects fields of the wrong JSON type", () => {
    const odd = JSON.stringify({
      "1": [
        { ioc_value: ["d.test"], ioc_type: "domain", threat_type: { a: 1 } },
      ],
      "2": ["evil.test"],
    });

    expect(parseFeed(odd, "e.json").rows.map((row) => row.problem)).toEqual([
      "ioc_value is a list, not text; threat_type is an object, not text",
      "the entry is a string, not an IOC object",
    ]);
  });

  it("rejects a key repeated inside an entry", () => {
    const twice =
      '{\n  "1": [{"ioc_value": "a.test",\n    "ioc_value": "b.test", "ioc_type": "domain"}]\n}';

    expect(() => parseFeed(twice, "e.json")).toThrow(
      'e.json:3: the key "ioc_value" appears a second time in one object (first at line 2), so one of the two values would be lost. Download the ThreatFox JSON export again; a cut-off download ends mid-object.',
    );
  });

  it("rejects JSON nested too deeply to read", () => {
    const deep = `{"1": ${"[".repeat(20000)}${"]".repeat(20000)}}`;

    expect(() => parseFeed(deep, "e.json")).toThrow(
      "e.json: the JSON is nested too deeply to read. Download the ThreatFox JSON export again; a cut-off download ends mid-object.",
    );
  });

  it("names stray text after the JSON", () => {
    expect(() => parseFeed('{"1": []} x', "e.json")).toThrow(
      "e.json:1:11: invalid JSON: an unexpected character. Download the ThreatFox JSON export again; a cut-off download ends mid-object.",
    );
  });

  it("rejects an empty file", () => {
    expect(() => parseFeed(" \n", "iocs/x/export.json")).toThrow(
      "iocs/x/export.json: the feed file is empty. Deploying it would remove this feed's IOCs from every workspace, so check the download, or remove the file from campaign.yaml.",
    );
  });

  it("rejects a list at the top level", () => {
    expect(() =>
      parseFeed("[]", "iocs/x/export.json", "threatfox-json"),
    ).toThrow(
      "iocs/x/export.json: a ThreatFox JSON export is an object keyed by IOC id, but the file contains a list. Check that the file is the JSON export, or set the feed's format in campaign.yaml.",
    );
  });

  it("rejects an id that does not hold a list", () => {
    expect(() =>
      parseFeed('{\n  "7": {"ioc_value": "a"}\n}', "e.json", "threatfox-json"),
    ).toThrow(
      "e.json:2: IOC id 7 contains an object, but a ThreatFox JSON export has a list of IOC objects under each id. Download the export again.",
    );
  });
});

describe("format detection", () => {
  it("names the supported formats when none matches", () => {
    expect(() => parseFeed("just,some,csv\n", "iocs/x/feed.csv")).toThrow(
      "iocs/x/feed.csv: the feed format could not be detected. Supported formats: threatfox-csv, threatfox-json, threatfox-api, json-ioc-list, hostfile, markdown-table, plain-list. Set the feed's format in campaign.yaml if the file is one of them.",
    );
  });

  it("ignores a UTF-8 byte order mark", () => {
    const text = "\uFEFF| Type | Value |\n|---|---|\n| domain | evil.top |\n";

    expect(parseFeed(text, "bom.md").rows).toEqual([
      expect.objectContaining({ line: 3, value: "evil.top" }),
    ]);
  });
});
