import { toIsoUtc } from "../core/dates";
import { durationMinutes } from "../core/duration";
import { presentText } from "../core/feeds/feed-loader";
import { parseIndicatorType } from "../core/indicators/indicator-type";
import { normaliseIndicator } from "../core/indicators/normalise";
import { refang } from "../core/indicators/refang";

describe("refang", () => {
  it.each([
    ["hxxps://evil[.]top/a", "https://evil.top/a"],
    ["hxxp://evil[.]top/a", "http://evil.top/a"],
    ["HXXPS://evil[.]top", "https://evil.top"],
    ["hXXps[:]//evil[.]top/x", "https://evil.top/x"],
    ["hxxps[://]evil[.]top", "https://evil.top"],
    ["evil[.]top", "evil.top"],
    ["evil(.)top", "evil.top"],
    ["evil[dot]top", "evil.top"],
    ["evil(DOT)top", "evil.top"],
    ["fxp://files[.]evil[.]top/x", "ftp://files.evil.top/x"],
    ["hxxps[:]//user[@]evil[.]top", "https://user@evil.top"],
    ["user(at)evil[.]top", "user@evil.top"],
    ["hxxps:[//]evil[.]top", "https://evil.top"],
    ["203[.]0[.]113[.]7 port 443", "203.0.113.7:443"],
    ["  evil.top  ", "evil.top"],
  ])("turns %s into %s", (defanged, expected) => {
    expect(refang(defanged)).toBe(expected);
  });

  it("keeps a path that only looks like a marker", () => {
    expect(refang("https://evil.top/{.}/x")).toBe("https://evil.top/{.}/x");
  });
});

describe("normaliseIndicator for domains", () => {
  it.each([
    ["Evil.TOP", "evil.top"],
    ["evil.top.", "evil.top"],
    ["evil[.]top", "evil.top"],
    ["_dmarc.evil.top", "_dmarc.evil.top"],
  ])("normalises %s to %s", (raw, expected) => {
    expect(normaliseIndicator("domain", raw)).toEqual({
      ok: true,
      indicator: { type: "domain", value: expected, host: expected },
    });
  });

  it("stores an internationalised name as punycode", () => {
    expect(normaliseIndicator("domain", "Bücher.example")).toEqual({
      ok: true,
      indicator: {
        type: "domain",
        value: "xn--bcher-kva.example",
        host: "xn--bcher-kva.example",
        displayValue: "bücher.example",
      },
    });
  });

  it("removes only one trailing dot", () => {
    expect(normaliseIndicator("domain", "evil.top..")).toEqual({
      ok: false,
      reason: 'the label "" is not a valid DNS label',
    });
  });

  it.each([
    ["localhost", "a domain needs at least two labels, such as example.com"],
    ["evil-.top", 'the label "evil-" is not a valid DNS label'],
    ["evil top.com", 'the label "evil top" is not a valid DNS label'],
    [
      "10.0.0.1",
      "the top-level label is numeric, which no domain has; give an IP address the type ip",
    ],
    ["", "the value is empty"],
    [
      `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.top`,
      "it is 259 characters long, over the 253 a domain name may have",
    ],
  ])("rejects %s", (raw, reason) => {
    expect(normaliseIndicator("domain", raw)).toEqual({ ok: false, reason });
  });
});

describe("normaliseIndicator for URLs", () => {
  it.each([
    [
      "hxxps://BronzePavilion[.]TOP/signin/Auth-JSON",
      "https://bronzepavilion.top/signin/Auth-JSON",
      "bronzepavilion.top",
    ],
    ["HTTPS://evil.top", "https://evil.top/", "evil.top"],
    ["https://evil.top?q=A", "https://evil.top/?q=A", "evil.top"],
    [
      "https://evil.top:8443/Path?X=Y#Frag",
      "https://evil.top:8443/Path?X=Y#Frag",
      "evil.top",
    ],
    [
      "https://evil.top/${jndi:ldap://x/a}",
      "https://evil.top/${jndi:ldap://x/a}",
      "evil.top",
    ],
  ])("normalises %s", (raw, value, host) => {
    expect(normaliseIndicator("url", raw)).toEqual({
      ok: true,
      indicator: { type: "url", value, host },
    });
  });

  it.each([
    ["https://evil.top:443/x", "https://evil.top/x"],
    ["http://evil.top:80/x", "http://evil.top/x"],
    ["https://evil.top:/x", "https://evil.top/x"],
    ["https://evil.top:08443/x", "https://evil.top:8443/x"],
    ["http://[2001:DB8::5]:8080/x", "http://[2001:db8::5]:8080/x"],
  ])("normalises the port of %s", (raw, value) => {
    expect(normaliseIndicator("url", raw)).toMatchObject({
      ok: true,
      indicator: { value },
    });
  });

  it("keeps the Unicode form of an internationalised host", () => {
    expect(normaliseIndicator("url", "https://bücher.example/a")).toEqual({
      ok: true,
      indicator: {
        type: "url",
        value: "https://xn--bcher-kva.example/a",
        host: "xn--bcher-kva.example",
        displayValue: "https://bücher.example/a",
      },
    });
  });

  it("gives an IP-literal host no DNS host", () => {
    expect(normaliseIndicator("url", "http://203.0.113.7:8080/x")).toEqual({
      ok: true,
      indicator: {
        type: "url",
        value: "http://203.0.113.7:8080/x",
        hostIp: "203.0.113.7",
      },
    });
  });

  it.each([
    [
      "evil.top/path",
      "it is not an absolute URL with a scheme such as https://",
    ],
    ["https:///path", "the URL has no host"],
    ["https://exa mple.com/", "it is not a valid URL"],
    [
      "https://evil.top\\@good.test/",
      "the URL is ambiguous: browsers read a backslash before the path as a slash",
    ],
    [
      "https://1.2.3.4\\evil.test/",
      "the URL is ambiguous: browsers read a backslash before the path as a slash",
    ],
    [
      "http://0x7f.1/x",
      'the URL is ambiguous: browsers read its host as "127.0.0.1", not "0x7f.1"',
    ],
    [
      "javascript://evil.top/%0aalert(1)",
      'the scheme "javascript" is not one the rules hunt; use http, https or ftp',
    ],
    [
      "https://evil.top/a\nb",
      "it contains a control character, such as a line break",
    ],
    [
      "https://evil.top/\ud800",
      "it contains invalid Unicode (a lone surrogate)",
    ],
  ])("rejects %s", (raw, reason) => {
    expect(normaliseIndicator("url", raw)).toEqual({ ok: false, reason });
  });
});

describe("normaliseIndicator for IPs and hashes", () => {
  it.each([
    ["203.0.113.7:443", "203.0.113.7", 443],
    ["203[.]0[.]113[.]7", "203.0.113.7", undefined],
    ["203[.]0[.]113[.]7 port 0443", "203.0.113.7", 443],
    ["[2001:DB8:0:0::5]:443", "2001:db8::5", 443],
    ["2001:0db8:0000::0005", "2001:db8::5", undefined],
  ])("normalises the IP %s", (raw, value, port) => {
    expect(normaliseIndicator("ip", raw)).toEqual({
      ok: true,
      indicator:
        port === undefined
          ? { type: "ip", value }
          : { type: "ip", value, port },
    });
  });

  it.each([
    ["256.1.1.1", "it is not a valid IPv4 or IPv6 address"],
    [
      "fe80::1%eth0",
      "it has an IPv6 zone index, which only means something on one machine",
    ],
    ["203.0.113.7:99999", 'the port "99999" is not a number from 0 to 65535'],
  ])("rejects the IP %s", (raw, reason) => {
    expect(normaliseIndicator("ip", raw)).toEqual({ ok: false, reason });
  });

  it("lower-cases a hash", () => {
    expect(
      normaliseIndicator("md5", "D41D8CD98F00B204E9800998ECF8427E"),
    ).toEqual({
      ok: true,
      indicator: { type: "md5", value: "d41d8cd98f00b204e9800998ecf8427e" },
    });
  });

  it("rejects a shortened hash", () => {
    expect(normaliseIndicator("sha256", "abc…1234")).toEqual({
      ok: false,
      reason: "a sha256 hash is 64 hexadecimal characters",
    });
  });
});

describe("parseIndicatorType", () => {
  it.each([
    ["url", "url"],
    ["Domain", "domain"],
    ["ip:port", "ip"],
    ["sha256_hash", "sha256"],
    ["md5_hash", "md5"],
  ])("maps %s to %s", (name, type) => {
    expect(parseIndicatorType(name)).toBe(type);
  });

  it.each(["envelope_from", "constructor", "__proto__"])(
    "returns undefined for %s",
    (name) => {
      expect(parseIndicatorType(name)).toBeUndefined();
    },
  );
});

describe("toIsoUtc", () => {
  it.each([
    ["2026-06-12", "2026-06-12T00:00:00Z"],
    ["2026-07-24 12:58:01", "2026-07-24T12:58:01Z"],
    ["2026-07-24 12:58:01 UTC", "2026-07-24T12:58:01Z"],
    ["2026-07-24T12:58:01Z", "2026-07-24T12:58:01Z"],
  ])("converts %s", (text, iso) => {
    expect(toIsoUtc(text)).toBe(iso);
  });

  it.each(["2026-02-30", "yesterday", "24/07/2026", "2026-07-24 25:00:00"])(
    "rejects %s",
    (text) => {
      expect(toIsoUtc(text)).toBeUndefined();
    },
  );
});

describe("durationMinutes", () => {
  it.each([
    ["PT5M", 5],
    ["PT1H", 60],
    ["P1D", 1440],
    ["P1DT12H", 2160],
    ["PT1H30M", 90],
    ["P14D", 20160],
  ])("reads %s as %d minutes", (duration, minutes) => {
    expect(durationMinutes(duration)).toBe(minutes);
  });

  it.each(["P", "PT", "P1DT", "1h", "PT1S", "P1W", "pt1h"])(
    "rejects %s",
    (duration) => {
      expect(durationMinutes(duration)).toBeUndefined();
    },
  );
});

describe("presentText", () => {
  it.each(["None", "none", "", "  ", "unknown", "N/A", "-", null, undefined])(
    "treats %j as absent",
    (value) => {
      expect(presentText(value)).toBeUndefined();
    },
  );

  it("keeps real text, trimmed", () => {
    expect(presentText(" SmartApeSG ")).toBe("SmartApeSG");
    expect(presentText(100)).toBe("100");
  });
});
