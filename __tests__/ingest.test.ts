import type { FeedInput } from "../core/campaigns/ingest";
import { ingestFeeds } from "../core/campaigns/ingest";

const analystTable: FeedInput = {
  file: "analyst.md",
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
    },
  ],
};

const threatFox: FeedInput = {
  file: "threatfox.json",
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
    const result = ingestFeeds([analystTable, threatFox], 0);

    expect(result.deployed).toEqual([
      {
        type: "domain",
        value: "evil.top",
        host: "evil.top",
        firstSeen: "2026-05-01T10:00:00Z",
        lastSeen: "2026-07-01T09:00:00Z",
        confidence: 90,
        threatType: "payload_delivery",
        malware: "SmartApeSG",
        reference: "https://example.test/report",
        sources: ["analyst.md", "threatfox.json"],
      },
      {
        type: "url",
        value: "https://evil.top/a",
        host: "evil.top",
        firstSeen: "2026-06-12T00:00:00Z",
        lastSeen: undefined,
        confidence: 100,
        threatType: undefined,
        malware: undefined,
        reference: undefined,
        sources: ["analyst.md"],
      },
    ]);
    expect(result.rowCount).toBe(5);
    expect(result.mergedCount).toBe(1);
  });

  it("gives the same result for feeds in any order", () => {
    const reversed = [threatFox, analystTable].map((feed) => ({
      ...feed,
      rows: [...feed.rows].reverse(),
    }));

    expect(ingestFeeds(reversed, 0)).toEqual(
      ingestFeeds([analystTable, threatFox], 0),
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
    const forward = ingestFeeds([{ file: "a.md", rows }], 0);
    const swapped = ingestFeeds(
      [
        {
          file: "a.md",
          rows: [
            { ...rows[1], line: 3 },
            { ...rows[0], line: 4 },
          ],
        },
      ],
      0,
    );

    expect(forward.deployed[0].threatType).toBe("botnet_cc, phishing");
    expect(forward.deployed[0].malware).toBe("A, B");
    expect(swapped.deployed).toEqual(forward.deployed);
  });

  it("rejects control characters in details", () => {
    const result = ingestFeeds(
      [
        {
          file: "a.md",
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
      0,
    );

    expect(result.rejected.map((row) => row.reason)).toEqual([
      "invalid malware: it contains a control character, such as a line break",
    ]);
  });

  it("keeps types no rule hunts apart", () => {
    const result = ingestFeeds([threatFox], 0);

    expect(result.notDeployed.map((ioc) => `${ioc.type} ${ioc.value}`)).toEqual(
      ["ip 203.0.113.7:443", "md5 d41d8cd98f00b204e9800998ecf8427e"],
    );
    expect(result.deployed.map((ioc) => ioc.value)).toEqual(["evil.top"]);
  });

  it("holds back IOCs below the minimum confidence", () => {
    const result = ingestFeeds([analystTable], 90);

    expect(result.belowMinimumConfidence.map((ioc) => ioc.value)).toEqual([
      "evil.top",
    ]);
    expect(result.deployed.map((ioc) => ioc.value)).toEqual([
      "https://evil.top/a",
    ]);
  });

  it("keeps an IOC without confidence", () => {
    const result = ingestFeeds(
      [
        {
          file: "f.md",
          rows: [{ line: 3, type: "domain", value: "evil.top" }],
        },
      ],
      90,
    );

    expect(result.deployed.map((ioc) => ioc.value)).toEqual(["evil.top"]);
  });

  it("rejects bad rows with their line and reason", () => {
    const bad: FeedInput = {
      file: "bad.md",
      rows: [
        { line: 9, type: "email", value: "a@evil.top" },
        { line: 3, type: "domain", value: "evil top.com" },
        { line: 4, type: "domain", value: "evil.top", firstSeen: "last week" },
        { line: 5, type: "domain", value: "evil.top", confidence: "high" },
        { line: 6, type: "domain", value: "evil.top", confidence: "101" },
        { line: 7, type: "sha256", value: "abc…1234" },
      ],
    };
    const result = ingestFeeds([bad], 0);

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
        line: 9,
        value: "a@evil.top",
        reason:
          'unknown indicator type "email"; use domain, url, ip, md5, sha1 or sha256',
      },
    ]);
    expect(result.deployed).toEqual([]);
    expect(result.mergedCount).toBe(0);
  });
});
