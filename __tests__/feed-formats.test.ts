import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import AdmZip from "adm-zip";

import { ingestFeeds } from "../core/campaigns/ingest";
import { InputError } from "../core/errors";
import type { FeedFormat } from "../core/feeds/feed-loader";
import { loadFeed } from "../core/feeds/load-feed";
import { parseFeed } from "../core/feeds/loaders";

const SAMPLES = join(__dirname, "fixtures", "feeds");
const sample = (name: string) => readFileSync(join(SAMPLES, name), "utf8");
const AS_OF = new Date("2026-12-04T00:00:00Z");

/** Ingests one sample file with no filters. */
function ingestSample(name: string) {
  return ingestFeeds(loadFeed(join(SAMPLES, name), name, name), {
    minimumConfidence: 0,
    asOf: AS_OF,
  });
}

function countTypes(types: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) {
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

describe("shipped samples", () => {
  it.each([
    [
      "threatfox-recent-export.csv",
      "threatfox-csv",
      145,
      { domain: 116, url: 22, ip: 7 },
    ],
    [
      "threatfox-json-export-smartapesg.json",
      "threatfox-json",
      18,
      { domain: 5, url: 13 },
    ],
    [
      "threatfox-api-derived-defanged.json",
      "json-ioc-list",
      40,
      { domain: 27, url: 6, ip: 7 },
    ],
    ["smartapesg-ioc-summary.md", "markdown-table", 3, { domain: 1, url: 2 }],
  ])("reads %s", (name, format, rows, types) => {
    const result = ingestSample(name);

    expect(result.files).toEqual([
      {
        file: name,
        format,
        rows,
        accepted: rows,
        merged: 0,
        filtered: [],
        rejected: [],
      },
    ]);
    expect(countTypes(result.iocs.map((ioc) => ioc.type))).toEqual(types);
  });

  it("reads the CSV export's fields by header", () => {
    const ioc = ingestSample("threatfox-recent-export.csv").iocs.find(
      (candidate) => candidate.value === "call4-back.veq4tralis.in.net",
    );

    expect(ioc).toEqual({
      type: "domain",
      value: "call4-back.veq4tralis.in.net",
      host: "call4-back.veq4tralis.in.net",
      rawValue: "call4-back.veq4tralis.in.net",
      firstSeen: "2026-04-12T04:49:28Z",
      lastSeen: "2026-04-12T04:49:29Z",
      confidence: 100,
      threatType: "payload_delivery",
      malware: "ClearFake",
      reference: undefined,
      tags: ["ClearFake"],
      sources: ["threatfox-recent-export.csv"],
    });
  });

  it("splits ip:port rows of the CSV export", () => {
    const ioc = ingestSample("threatfox-recent-export.csv").iocs.find(
      (candidate) => candidate.value === "158.160.75.185",
    );

    expect(ioc).toMatchObject({
      type: "ip",
      port: 40432,
      lastSeen: undefined,
      malware: "RatonRAT",
    });
  });

  it("refangs the defanged API copy", () => {
    const iocs = ingestSample("threatfox-api-derived-defanged.json").iocs;

    expect(
      iocs.find(
        (ioc) =>
          ioc.rawValue === "hxxps://belfryledger[.]top/callback/beta-ajax[.]js",
      ),
    ).toMatchObject({
      type: "url",
      value: "https://belfryledger.top/callback/beta-ajax.js",
      host: "belfryledger.top",
      firstSeen: expect.stringMatching(/^2026-08-17T\d\d:\d\d:\d\dZ$/),
    });
    expect(
      iocs.find((ioc) => ioc.rawValue === "204.13.234[.]19:3333"),
    ).toMatchObject({
      type: "ip",
      value: "204.13.234.19",
      port: 3333,
      malware: "Evilginx",
      confidence: 75,
      firstSeen: "2026-08-17T09:45:33Z",
    });
  });
});

/** Packs files into a zip archive. */
function zipOf(files: Record<string, string>): Buffer {
  const archive = new AdmZip();
  for (const [name, text] of Object.entries(files)) {
    archive.addFile(name, Buffer.from(text, "utf8"));
  }
  return archive.toBuffer();
}

/** Builds the recent CSV export with only its first `rows` data rows and a matching footer. */
function csvExport(rows: number, { columns = 15 } = {}): string {
  const lines = sample("threatfox-recent-export.csv").split("\r\n");
  const headerIndex = lines.findIndex((line) =>
    line.startsWith('# "first_seen_utc"'),
  );
  let body = lines.slice(headerIndex, headerIndex + 1 + rows);
  if (columns === 14) {
    // Copies from 2024 have no is_compromised column, the eleventh.
    body = body.map((line) => {
      const header = line.startsWith("#");
      const separator = header ? "," : ", ";
      const fields = line.replace(/^# /, "").split(separator);
      fields.splice(10, 1);
      return `${header ? "# " : ""}${fields.join(separator)}`;
    });
  }
  return [
    ...lines.slice(0, headerIndex),
    ...body,
    `# Number of entries: ${rows}`,
  ].join("\r\n");
}

describe("ThreatFox CSV export", () => {
  it("maps 14 columns by the header", () => {
    const text = csvExport(3, { columns: 14 });
    const [first] = parseFeed(text, "old.csv").rows;

    expect(text).toContain('"confidence_level","reference"');
    expect(first).toEqual({
      line: 10,
      type: "domain",
      value: "call4-back.veq4tralis.in.net",
      threatType: "payload_delivery",
      malware: "ClearFake",
      firstSeen: "2026-04-12 04:49:28",
      lastSeen: "2026-04-12 04:49:29",
      confidence: "100",
      reference: undefined,
      tags: ["ClearFake"],
    });
  });

  it("reads a file with a byte order mark", () => {
    expect(parseFeed(`\uFEFF${csvExport(2)}`, "bom.csv").rows).toHaveLength(2);
  });

  it("rejects a file without its footer", () => {
    const cut = csvExport(3).replace(/\r\n# Number of entries: 3$/, "");

    expect(() => parseFeed(cut, "iocs/x/recent.csv")).toThrow(
      new InputError(
        'iocs/x/recent.csv: the "# Number of entries: N" footer is missing, so the export was cut off in transfer (3 rows arrived). Download it again; deploying it would remove the missing IOCs from every workspace.',
      ),
    );
  });

  it("rejects a footer that disagrees", () => {
    const altered = csvExport(3).replace(
      "# Number of entries: 3",
      "# Number of entries: 862",
    );

    expect(() => parseFeed(altered, "iocs/x/recent.csv")).toThrow(
      new InputError(
        "iocs/x/recent.csv: the footer announces 862 entries, but the file has 3 rows, so the export was cut off or altered. Download it again; deploying it would remove the missing IOCs from every workspace.",
      ),
    );
  });

  it("rejects a row with the wrong field count", () => {
    const text = csvExport(2).replace(
      '"ClearFake", "1", "reporter_01"',
      '"ClearFake", "1"',
    );

    expect(parseFeed(text, "r.csv").rows[0].problem).toBe(
      "the row has 14 fields but the header has 15",
    );
  });

  it("names the line of broken quoting", () => {
    const text = csvExport(2).replace(
      '"call4-back.veq4tralis.in.net"',
      '"call4-back"x"',
    );

    expect(() => parseFeed(text, "r.csv")).toThrow(
      /^r\.csv:10: invalid CSV: Invalid Closing Quote: .+\. Download the export again\.$/,
    );
  });

  it("reads the full dump from its zip archive", () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-zip-"));
    try {
      const archive = join(folder, "full.zip");
      writeFileSync(archive, zipOf({ "full.csv": csvExport(5) }));

      const [feed] = loadFeed(archive, "full.zip", "iocs/x/full.zip");

      expect(feed.file).toBe("full.zip/full.csv");
      expect(feed.format).toBe("threatfox-csv");
      expect(feed.rows).toHaveLength(5);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("rejects a cut-off zip archive", () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-zip-"));
    try {
      const archive = join(folder, "full.zip");
      const bytes = zipOf({ "full.csv": csvExport(5) });
      writeFileSync(archive, bytes.subarray(0, bytes.length / 2));

      expect(() => loadFeed(archive, "full.zip", "iocs/x/full.zip")).toThrow(
        "iocs/x/full.zip: the zip archive cannot be read (Invalid or unsupported zip format. No END header found). Download it again; a cut-off or damaged download cannot be unpacked.",
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("rejects a damaged zip member", () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-zip-"));
    try {
      const archive = join(folder, "full.zip");
      const bytes = zipOf({ "full.csv": csvExport(5) });
      bytes[60] ^= 0xff;
      writeFileSync(archive, bytes);

      expect(() => loadFeed(archive, "full.zip", "iocs/x/full.zip")).toThrow(
        /^iocs\/x\/full\.zip\/full\.csv: the zip archive cannot be read \(.+\)\. Download it again; a cut-off or damaged download cannot be unpacked\.$/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("rejects an empty zip archive", () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-zip-"));
    try {
      const archive = join(folder, "full.zip");
      writeFileSync(archive, new AdmZip().toBuffer());

      expect(() => loadFeed(archive, "full.zip", "iocs/x/full.zip")).toThrow(
        "iocs/x/full.zip: the zip archive contains no file. Download it again.",
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("ThreatFox API response", () => {
  const response = (body: object) => JSON.stringify(body, null, 2);

  it("reads IOCs with tag lists and UTC suffixes", () => {
    const text = response({
      query_status: "ok",
      data: [
        {
          id: "1",
          ioc: "evil.example",
          threat_type: "botnet_cc",
          ioc_type: "domain",
          malware_printable: "Havoc",
          confidence_level: 75,
          first_seen: "2026-08-17 09:45:33 UTC",
          last_seen: null,
          reference: null,
          tags: ["c2", "Havoc"],
        },
        { id: "2", ioc: "203.0.113.9:443", ioc_type: "ip:port", tags: null },
      ],
    });

    const { format, rows } = parseFeed(text, "api.json");

    expect(format).toBe("threatfox-api");
    expect(rows).toEqual([
      {
        line: 4,
        type: "domain",
        value: "evil.example",
        threatType: "botnet_cc",
        malware: "Havoc",
        firstSeen: "2026-08-17 09:45:33 UTC",
        lastSeen: undefined,
        confidence: "75",
        reference: undefined,
        tags: ["c2", "Havoc"],
      },
      expect.objectContaining({
        line: 19,
        type: "ip:port",
        value: "203.0.113.9:443",
        tags: [],
      }),
    ]);
  });

  it("reads no_result as no rows", () => {
    expect(
      parseFeed(
        response({
          query_status: "no_result",
          data: "Your search did not yield any results",
        }),
        "a.json",
      ).rows,
    ).toEqual([]);
  });

  it("rejects an error status", () => {
    const text = response({
      query_status: "unknown_auth_key",
      data: "Unknown Auth-Key",
    });

    expect(() => parseFeed(text, "a.json")).toThrow(
      new InputError(
        'a.json:2: the API returned query_status "unknown_auth_key" (Unknown Auth-Key), so the file contains no IOCs. Check the query and the API key, then save the response again.',
      ),
    );
  });
});

describe("JSON IOC list", () => {
  it("rejects a count that disagrees", () => {
    const text = JSON.stringify({
      count: 3,
      iocs: [{ ioc: "evil[.]example", type: "domain" }],
    });

    expect(() => parseFeed(text, "list.json")).toThrow(
      new InputError(
        "list.json:1: count announces 3 IOCs, but the list has 1, so the file was cut off or altered. Download the list again; a cut-off download ends mid-object.",
      ),
    );
  });
});

describe("hosts file", () => {
  const text = [
    "# Blocklist",
    "127.0.0.1\tlocalhost",
    "0.0.0.0\tevil[.]example  # added 2026-06-12",
    "0.0.0.0 a.evil.example b.evil.example",
    "",
    "evil.example",
  ].join("\n");

  it("is detected from its content", () => {
    expect(parseFeed(text, "hosts").format).toBe("hostfile");
  });

  it("reads every name as a domain row", () => {
    expect(parseFeed(text, "hosts").rows).toEqual([
      {
        line: 2,
        type: "domain",
        value: "localhost",
        skipReason: "a hosts file's own entry for this machine, not an IOC",
      },
      { line: 3, type: "domain", value: "evil[.]example" },
      { line: 4, type: "domain", value: "a.evil.example" },
      { line: 4, type: "domain", value: "b.evil.example" },
      {
        line: 6,
        type: "",
        value: "evil.example",
        problem:
          "a hosts-file line is a sinkhole address such as 0.0.0.0 followed by names",
      },
    ]);
  });
});

describe("plain list", () => {
  const text = [
    "# SmartApeSG, 2026-06-12",
    "hxxps://bronzepavilion[.]top/signin/auth-json",
    "bronzepavilion[.]top",
    "domain,Sagearcade.TOP",
    "203.0.113.7:443\tip",
    "203[.]0[.]113[.]8 port 8443",
    "D41D8CD98F00B204E9800998ECF8427E",
    "",
    "two words here",
  ].join("\n");

  it("reads indicators with and without a type", () => {
    const rows = parseFeed(text, "list.txt", "plain-list").rows;

    expect(
      rows.map((row) => [row.line, row.type, row.value, row.problem ?? ""]),
    ).toEqual([
      [2, "url", "hxxps://bronzepavilion[.]top/signin/auth-json", ""],
      [3, "domain", "bronzepavilion[.]top", ""],
      [4, "domain", "Sagearcade.TOP", ""],
      [5, "ip", "203.0.113.7:443", ""],
      [6, "ip", "203[.]0[.]113[.]8 port 8443", ""],
      [7, "md5", "D41D8CD98F00B204E9800998ECF8427E", ""],
      [
        9,
        "",
        "two words here",
        "a plain list has one indicator a line, optionally with its type, such as domain,evil.example",
      ],
    ]);
  });

  it("is detected when every line is one indicator", () => {
    expect(
      parseFeed("evil[.]example\n# note\nhxxp://evil[.]example/x\n", "l.txt")
        .format,
    ).toBe("plain-list");
  });

  it("normalises what it reads", () => {
    const result = ingestFeeds(
      [
        {
          file: "list.txt",
          format: "plain-list",
          rows: parseFeed(text, "list.txt", "plain-list").rows,
        },
      ],
      {
        minimumConfidence: 0,
        asOf: AS_OF,
      },
    );

    expect(
      result.iocs.map(
        (ioc) =>
          `${ioc.type} ${ioc.value}${ioc.port === undefined ? "" : ` ${ioc.port}`}`,
      ),
    ).toEqual([
      "domain bronzepavilion.top",
      "domain sagearcade.top",
      "url https://bronzepavilion.top/signin/auth-json",
      "ip 203.0.113.7 443",
      "ip 203.0.113.8 8443",
      "md5 d41d8cd98f00b204e9800998ecf8427e",
    ]);
    expect(result.files[0].rejected).toHaveLength(1);
  });
});

describe("explicit format", () => {
  it.each<[FeedFormat, string]>([
    ["threatfox-csv", "threatfox-recent-export.csv"],
    ["threatfox-json", "threatfox-json-export-smartapesg.json"],
    ["json-ioc-list", "threatfox-api-derived-defanged.json"],
    ["markdown-table", "smartapesg-ioc-summary.md"],
  ])("reads %s when named", (format, name) => {
    expect(parseFeed(sample(name), name, format).format).toBe(format);
  });
});

describe("format detection", () => {
  it("reads a Markdown file whose prose starts with an address", () => {
    const text = [
      "0.0.0.0 is where the proxy sends these names.",
      "",
      "| Type | Value |",
      "|---|---|",
      "| domain | evil.example |",
    ].join("\n");

    expect(parseFeed(text, "notes.md").format).toBe("markdown-table");
  });

  it("reads an API response saved with sorted keys", () => {
    const entries = Array.from({ length: 40 }, (_, index) => ({
      ioc: `evil${index}.example`,
      ioc_type: "domain",
    }));
    const sorted = JSON.stringify(
      { data: entries, query_status: "ok" },
      null,
      2,
    );

    expect(sorted.indexOf("query_status")).toBeGreaterThan(2048);
    expect(parseFeed(sorted, "api.json").format).toBe("threatfox-api");
  });

  it("ignores tables in code blocks", () => {
    const text = [
      "Template:",
      "```",
      "| Type | Value |",
      "|---|---|",
      "| domain | example.invalid |",
      "```",
      "| Type | Value |",
      "|---|---|",
      "| domain | evil.example |",
    ].join("\n");

    expect(
      parseFeed(text, "t.md").rows.map((row) => `${row.line} ${row.value}`),
    ).toEqual(["9 evil.example"]);
  });
});

describe("format details", () => {
  it("counts a hosts file's header entries as filtered", () => {
    const text = [
      "127.0.0.1 localhost",
      "255.255.255.255 broadcasthost",
      "ff02::1 ip6-allnodes",
      "0.0.0.0 evil.example",
    ].join("\n");

    expect(
      parseFeed(text, "hosts").rows.map(
        (row) =>
          `${row.line} ${row.value} ${row.skipReason ?? row.problem ?? "ok"}`,
      ),
    ).toEqual([
      "1 localhost a hosts file's own entry for this machine, not an IOC",
      "2 broadcasthost a hosts file's own entry for this machine, not an IOC",
      "3 ip6-allnodes a hosts file's own entry for this machine, not an IOC",
      "4 evil.example ok",
    ]);
  });

  it("reads a plain list despite one bad line", () => {
    const text =
      "evil.example\nhttp://evil.example/a?x=1,2\nnot an indicator here\nother.example\nthird.example\nfourth.example\n";
    const { format, rows } = parseFeed(text, "list.txt");

    expect(format).toBe("plain-list");
    expect(
      rows.map((row) => [
        row.line,
        row.type,
        row.value,
        row.problem !== undefined,
      ]),
    ).toEqual([
      [1, "domain", "evil.example", false],
      [2, "url", "http://evil.example/a?x=1,2", false],
      [3, "", "not an indicator here", true],
      [4, "domain", "other.example", false],
      [5, "domain", "third.example", false],
      [6, "domain", "fourth.example", false],
    ]);
  });

  it("takes a hexadecimal string of the wrong length for a hash", () => {
    const result = ingestFeeds(
      [
        {
          file: "l.txt",
          format: "plain-list",
          rows: parseFeed(
            "d41d8cd98f00b204e9800998ecf8427\n",
            "l.txt",
            "plain-list",
          ).rows,
        },
      ],
      { minimumConfidence: 0, asOf: AS_OF },
    );

    expect(result.rejected.map((row) => row.reason)).toEqual([
      "invalid md5: a md5 hash is 32 hexadecimal characters",
    ]);
  });

  it("gives CSV rows their first line after a quoted line break", () => {
    const text = csvExport(3).replace(
      '"None", "ClearFake", "1", "reporter_01"',
      '"None", "Clear\r\nFake", "1", "reporter_01"',
    );
    const rows = parseFeed(text, "r.csv").rows;

    expect(rows.map((row) => row.line)).toEqual([10, 12, 13]);
    expect(rows[0].tags).toEqual(["Clear\nFake"]);
  });

  it("rejects text after the CSV footer", () => {
    expect(() =>
      parseFeed(`${csvExport(2)}\r\n"2026-04-12 04:49:28", "1"`, "r.csv"),
    ).toThrow(
      new InputError(
        'r.csv: text follows the "# Number of entries: N" footer, which ends a complete export, so the file was altered or joined with another. Download it again.',
      ),
    );
  });

  it("rejects a CSV header that names a column twice", () => {
    const text = csvExport(2).replace(
      '"ioc_id","ioc_value"',
      '"ioc_value","ioc_value"',
    );

    expect(() => parseFeed(text, "r.csv")).toThrow(
      new InputError(
        "r.csv: the column header names ioc_value twice, so its values are ambiguous. Download the export again.",
      ),
    );
  });

  it("reads a CSV export with one LF line among CRLF lines", () => {
    const lines = csvExport(3).split("\r\n");
    const mixed = `${lines.slice(0, 11).join("\r\n")}\n${lines.slice(11).join("\r\n")}`;

    expect(parseFeed(mixed, "r.csv").rows.map((row) => row.line)).toEqual([
      10, 11, 12,
    ]);
  });
});
