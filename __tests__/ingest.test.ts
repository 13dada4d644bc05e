import type { FeedInput, IngestionFilters } from "../core/campaigns/ingest";
import { ingestFeeds } from "../core/campaigns/ingest";

const AS_OF = new Date("2026-12-04T00:00:00Z");
const noFilters: IngestionFilters = { minimumConfidence: 0, asOf: AS_OF };
const minimum = (minimumConfidence: number): IngestionFilters => ({
  minimumConfidence,
  asOf: AS_OF,
});

const analystTable: FeedInput = {
  file: "analyst.md",
  format: "markdown-table",
  rows: [
    {
      line: 5,
      type: "domain",
      value: "Evil[.]TOP",
      firstSeen: "2026-06-12",
      confidence: "80%",
      threatType: "payload_delivery",
    },
    {
      line: 6,
      type: "url",
      value: "hxxps://evil[.]top/a",
      firstSeen: "2026-06-12",
      confidence: "100%",
      tags: ["SmartApeSG"],
    },
  ],
};

const threatFox: FeedInput = {
  file: "threatfox.json",
  format: "threatfox-json",
  rows: [
    {
      line: 2,
      type: "domain",
      value: "evil.top.",
      firstSeen: "2026-05-01 10:00:00",
      lastSeen: "2026-07-01 09:00:00",
      confidence: 90,
      malware: "SmartApeSG",
      reference: "https://example.test/report",
      tags: ["SmartApeSG", "FakeUpdate"],
    },
    { line: 20, type: "ip:port", value: "203.0.113.7:443", confidence: 100 },
    {
      line: 38,
      type: "md5_hash",
      value: "D41D8CD98F00B204E9800998ECF8427E",
      confidence: 100,
    },
  ],
};

describe("ingestFeeds", () => {
  it("merges the same IOC across feeds", () => {
    const result = ingestFeeds([analystTable, threatFox], noFilters);

    expect(result.deployed).toEqual([
      {
        type: "domain",
        value: "evil.top",
        host: "evil.top",
        rawValue: "Evil[.]TOP",
        firstSeen: "2026-05-01T10:00:00Z",
        lastSeen: "2026-07-01T09:00:00Z",
        confidence: 90,
        threatType: "payload_delivery",
        malware: "SmartApeSG",
        reference: "https://example.test/report",
        tags: ["FakeUpdate", "SmartApeSG"],
        sources: ["analyst.md", "threatfox.json"],
      },
      {
        type: "url",
        value: "https://evil.top/a",
        host: "evil.top",
        rawValue: "hxxps://evil[.]top/a",
        firstSeen: "2026-06-12T00:00:00Z",
        lastSeen: undefined,
        confidence: 100,
        threatType: undefined,
        malware: undefined,
        reference: undefined,
        tags: ["SmartApeSG"],
        sources: ["analyst.md"],
      },
    ]);
    expect(result.rowCount).toBe(5);
    expect(result.mergedCount).toBe(1);
  });

  it("accounts for every row of every file", () => {
    const result = ingestFeeds([threatFox, analystTable], minimum(95));

    // The domain's highest confidence, 90, comes from threatfox.json, so
    // that row is the filtered one and the analyst's row merges into it.
    expect(result.files).toEqual([
      {
        file: "analyst.md",
        format: "markdown-table",
        rows: 2,
        accepted: 1,
        merged: 1,
        filtered: [],
        rejected: [],
      },
      {
        file: "threatfox.json",
        format: "threatfox-json",
        rows: 3,
        accepted: 2,
        merged: 0,
        filtered: [
          {
            line: 2,
            value: "evil.top.",
            reason: "confidence 90 is below the minimum of 95",
          },
        ],
        rejected: [],
      },
    ]);
    for (const file of result.files) {
      expect(
        file.accepted +
          file.merged +
          file.filtered.length +
          file.rejected.length,
      ).toBe(file.rows);
    }
  });

  it("gives the same result for feeds in any order", () => {
    const reversed = [threatFox, analystTable].map((feed) => ({
      ...feed,
      rows: [...feed.rows].reverse(),
    }));

    expect(ingestFeeds(reversed, noFilters)).toEqual(
      ingestFeeds([analystTable, threatFox], noFilters),
    );
  });

  it("keeps every conflicting value, in any row order", () => {
    const rows: FeedInput["rows"] = [
      {
        line: 3,
        type: "domain",
        value: "evil.test",
        threatType: "phishing",
        malware: "A",
      },
      {
        line: 4,
        type: "domain",
        value: "EVIL.TEST.",
        threatType: "botnet_cc",
        malware: "B",
      },
    ];
    const forward = ingestFeeds(
      [{ file: "a.md", format: "markdown-table", rows }],
      noFilters,
    );
    const swapped = ingestFeeds(
      [
        {
          file: "a.md",
          format: "markdown-table",
          rows: [
            { ...rows[1], line: 3 },
            { ...rows[0], line: 4 },
          ],
        },
      ],
      noFilters,
    );

    expect(forward.deployed[0].threatType).toBe("botnet_cc, phishing");
    expect(forward.deployed[0].malware).toBe("A, B");
    expect(forward.deployed[0].rawValue).toBe("EVIL.TEST.");
    expect(swapped.deployed).toEqual(forward.deployed);
  });

  it("counts rows a loader skips as filtered", () => {
    const result = ingestFeeds(
      [
        {
          file: "hosts",
          format: "hostfile",
          rows: [
            {
              line: 1,
              type: "domain",
              value: "localhost",
              skipReason: "a hosts file's own entry",
            },
            { line: 2, type: "domain", value: "evil.example" },
          ],
        },
      ],
      noFilters,
    );

    expect(result.files[0]).toMatchObject({
      rows: 2,
      accepted: 1,
      filtered: [
        { line: 1, value: "localhost", reason: "a hosts file's own entry" },
      ],
      rejected: [],
    });
  });

  it("keeps types no rule hunts apart", () => {
    const result = ingestFeeds([threatFox], noFilters);

    expect(result.notDeployed).toEqual([
      expect.objectContaining({ type: "ip", value: "203.0.113.7", port: 443 }),
      expect.objectContaining({
        type: "md5",
        value: "d41d8cd98f00b204e9800998ecf8427e",
      }),
    ]);
    expect(result.deployed.map((ioc) => ioc.value)).toEqual(["evil.top"]);
  });

  it("keeps an address with different ports apart", () => {
    const result = ingestFeeds(
      [
        {
          file: "ips.txt",
          format: "plain-list",
          rows: [
            { line: 1, type: "ip", value: "203.0.113.7:443" },
            { line: 2, type: "ip", value: "203.0.113.7:8443" },
            { line: 3, type: "ip", value: "203.0.113.7" },
            { line: 4, type: "ip", value: "203.0.113.7:0443" },
          ],
        },
      ],
      noFilters,
    );

    expect(result.iocs.map((ioc) => `${ioc.value} ${ioc.port ?? "-"}`)).toEqual(
      ["203.0.113.7 -", "203.0.113.7 443", "203.0.113.7 8443"],
    );
    expect(result.mergedCount).toBe(1);
  });

  it("holds back IOCs below the minimum confidence", () => {
    const result = ingestFeeds([analystTable], minimum(90));

    expect(result.filtered).toEqual([
      {
        ioc: expect.objectContaining({ value: "evil.top" }),
        reason: "confidence 80 is below the minimum of 90",
      },
    ]);
    expect(result.deployed.map((ioc) => ioc.value)).toEqual([
      "https://evil.top/a",
    ]);
  });

  it("holds back IOCs older than the maximum age", () => {
    const result = ingestFeeds([threatFox], {
      minimumConfidence: 0,
      maxAgeDays: 150,
      asOf: AS_OF,
    });

    expect(result.filtered).toEqual([
      {
        ioc: expect.objectContaining({ value: "evil.top" }),
        reason:
          "last seen 2026-07-01T09:00:00Z, more than 150 days before 2026-12-04T00:00:00Z",
      },
    ]);
    // IOCs without any date cannot be aged, so they stay.
    expect(result.iocs.map((ioc) => ioc.type)).toEqual(["ip", "md5"]);
  });

  it("names the first-seen date when no last-seen date is known", () => {
    const result = ingestFeeds(
      [
        {
          file: "f.md",
          format: "markdown-table",
          rows: [
            {
              line: 3,
              type: "domain",
              value: "old.top",
              firstSeen: "2026-01-02 03:04:05",
            },
          ],
        },
      ],
      { minimumConfidence: 0, maxAgeDays: 30, asOf: AS_OF },
    );

    expect(result.filtered.map((entry) => entry.reason)).toEqual([
      "first seen 2026-01-02T03:04:05Z, more than 30 days before 2026-12-04T00:00:00Z",
    ]);
  });

  it("keeps an IOC without confidence", () => {
    const result = ingestFeeds(
      [
        {
          file: "f.md",
          format: "markdown-table",
          rows: [{ line: 3, type: "domain", value: "evil.top" }],
        },
      ],
      minimum(90),
    );

    expect(result.deployed.map((ioc) => ioc.value)).toEqual(["evil.top"]);
  });

  it("rejects control characters in details", () => {
    const result = ingestFeeds(
      [
        {
          file: "a.md",
          format: "markdown-table",
          rows: [
            {
              line: 3,
              type: "domain",
              value: "evil.test",
              malware: "a\u0000b",
            },
          ],
        },
      ],
      noFilters,
    );

    expect(result.rejected.map((row) => row.reason)).toEqual([
      "invalid malware: it contains a control character, such as a line break",
    ]);
  });

  it("rejects bad rows with their line and reason", () => {
    const bad: FeedInput = {
      file: "bad.md",
      format: "markdown-table",
      rows: [
        { line: 9, type: "email", value: "a@evil.top" },
        { line: 3, type: "domain", value: "evil top.com" },
        { line: 4, type: "domain", value: "evil.top", firstSeen: "last week" },
        { line: 5, type: "domain", value: "evil.top", confidence: "high" },
        { line: 6, type: "domain", value: "evil.top", confidence: "101" },
        { line: 7, type: "sha256", value: "abc…1234" },
        {
          line: 8,
          type: "",
          value: "| a | b | c |",
          problem: "the row has 3 cells",
        },
      ],
    };
    const result = ingestFeeds([bad], noFilters);

    expect(result.rejected).toEqual([
      {
        file: "bad.md",
        line: 3,
        value: "evil top.com",
        reason: 'invalid domain: the label "evil top" is not a valid DNS label',
      },
      {
        file: "bad.md",
        line: 4,
        value: "evil.top",
        reason:
          'first seen "last week" is not a date such as 2026-06-12 or 2026-07-24 12:58:01',
      },
      {
        file: "bad.md",
        line: 5,
        value: "evil.top",
        reason:
          'confidence "high" is not a whole number from 0 to 100, such as 75 or 75%',
      },
      {
        file: "bad.md",
        line: 6,
        value: "evil.top",
        reason:
          'confidence "101" is not a whole number from 0 to 100, such as 75 or 75%',
      },
      {
        file: "bad.md",
        line: 7,
        value: "abc…1234",
        reason: "invalid sha256: a sha256 hash is 64 hexadecimal characters",
      },
      {
        file: "bad.md",
        line: 8,
        value: "| a | b | c |",
        reason: "the row has 3 cells",
      },
      {
        file: "bad.md",
        line: 9,
        value: "a@evil.top",
        reason:
          'unknown indicator type "email"; use domain, url, ip, md5, sha1 or sha256',
      },
    ]);
    expect(result.deployed).toEqual([]);
    expect(result.files[0].rejected).toHaveLength(7);
  });
});
