import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import fc from "fast-check";

import { ingestFeeds } from "../core/campaigns/ingest";
import { InputError } from "../core/errors";
import { FEED_FORMATS } from "../core/feeds/feed-loader";
import { loadFeed } from "../core/feeds/load-feed";
import { parseFeed } from "../core/feeds/loaders";
import { INDICATOR_TYPES } from "../core/indicators/indicator";
import { normaliseIndicator } from "../core/indicators/normalise";
import { refang } from "../core/indicators/refang";

/** Text that already contains a defang marker cannot round-trip. */
const MARKER =
  /\[\.\]|\(\.\)|\[dot\]|\(dot\)|\[:\]|\[:\/\/\]|\[\/\/\]|\[@\]|\(at\)|\[at\]/i;

const dotMarker = fc.constantFrom(".", "[.]", "(.)", "[dot]", "(DOT)");

/** Defangs every dot with a marker chosen per dot. */
const defangDots = (text: string) =>
  fc
    .array(dotMarker, { minLength: text.length, maxLength: text.length })
    .map((markers) =>
      text.replace(/\./g, (_dot, offset: number) => markers[offset]),
    );

/** Defangs a URL's scheme and separator the ways analysts do. */
const defangUrl = (url: string) =>
  fc
    .tuple(
      fc.constantFrom("hxxp", "hXXp", "HXXP", "http"),
      fc.constantFrom("://", "[:]//", "[://]"),
      defangDots(url),
    )
    .map(([scheme, separator, dotted]) =>
      dotted.replace(/^http/i, scheme).replace("://", separator),
    );

describe("refang", () => {
  it("gives back a defanged domain", () => {
    fc.assert(
      fc.property(
        fc
          .domain()
          .chain((domain) => fc.tuple(fc.constant(domain), defangDots(domain))),
        ([domain, defanged]) => {
          expect(refang(defanged)).toBe(domain);
        },
      ),
    );
  });

  it("gives back a defanged URL", () => {
    fc.assert(
      fc.property(
        fc
          .webUrl({ withQueryParameters: true, withFragments: true })
          .filter((url) => !MARKER.test(url))
          .chain((url) => fc.tuple(fc.constant(url), defangUrl(url))),
        ([url, defanged]) => {
          expect(refang(defanged)).toBe(url);
        },
      ),
    );
  });
});

describe("normaliseIndicator", () => {
  it("is idempotent on domains", () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (domain, shout) => {
        const once = normaliseIndicator(
          "domain",
          shout ? domain.toUpperCase() : domain,
        );
        if (!once.ok) {
          return;
        }
        expect(normaliseIndicator("domain", once.indicator.value)).toEqual(
          once,
        );
      }),
    );
  });

  it("is idempotent on URLs", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        (url) => {
          const once = normaliseIndicator("url", url);
          if (!once.ok) {
            return;
          }
          expect(normaliseIndicator("url", once.indicator.value)).toEqual(once);
        },
      ),
    );
  });

  it("never throws on arbitrary text", () => {
    const anyCodeUnit = fc.string({
      unit: fc
        .integer({ min: 0, max: 0xffff })
        .map((code) => String.fromCharCode(code)),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...INDICATOR_TYPES),
        fc.oneof(fc.string(), anyCodeUnit),
        (type, text) => {
          const result = normaliseIndicator(type, text);
          expect(typeof result.ok).toBe("boolean");
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("feed parsing", () => {
  /** Calls `parse` and requires it to return, or to throw an InputError, never anything else. */
  const expectNoCrash = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
    }
  };

  it("turns arbitrary text into rows or an input error", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(undefined, ...FEED_FORMATS),
        fc.string({ unit: "binary", maxLength: 400 }),
        (format, text) => {
          expectNoCrash(() => {
            const { rows } = parseFeed(text, "f", format);
            ingestFeeds([{ file: "f", format: format ?? "detected", rows }], {
              minimumConfidence: 0,
              asOf: new Date("2026-12-04T00:00:00Z"),
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("turns arbitrary bytes into rows or an input error", () => {
    const folder = mkdtempSync(join(tmpdir(), "sentinel-ioc-bytes-"));
    try {
      const path = join(folder, "feed");
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          writeFileSync(path, bytes);
          expectNoCrash(() => loadFeed(path, "feed", "feed"));
        }),
        { numRuns: 300 },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
