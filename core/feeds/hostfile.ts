import type { FeedLoader, FeedRow } from "./feed-loader";

/** The sinkhole addresses blocklists in hosts-file form point names at. */
const SINKHOLE = /^(0\.0\.0\.0|127\.0\.0\.1|::[01]?|0:0:0:0:0:0:0:[01])$/;

/** Share of content lines that must start with a sinkhole address for the file to be a hosts file. */
const DETECTION_SHARE = 0.5;

/** Names every hosts file defines for the machine itself; they are not IOCs. */
const OWN_NAMES = new Set([
  "localhost",
  "localhost.localdomain",
  "local",
  "broadcasthost",
  "ip6-localhost",
  "ip6-loopback",
  "ip6-localnet",
  "ip6-mcastprefix",
  "ip6-allnodes",
  "ip6-allrouters",
  "ip6-allhosts",
  "0.0.0.0",
]);

/**
 * Reads blocklists in hosts-file form: `127.0.0.1<TAB>evil.example`, one or
 * more names after a sinkhole address, `#` starting a comment. Every name is a
 * domain row.
 */
export const hostfileLoader: FeedLoader = {
  format: "hostfile",

  detect(text: string): boolean {
    const lines = [...contentLines(text)];
    const sinkholed = lines.filter(({ fields }) => SINKHOLE.test(fields[0]));
    return (
      lines.length > 0 && sinkholed.length >= lines.length * DETECTION_SHARE
    );
  },

  parse(text: string): FeedRow[] {
    const rows: FeedRow[] = [];
    for (const { line, fields } of contentLines(text)) {
      const [address, ...names] = fields;
      // The standard header lines (255.255.255.255 broadcasthost, ff02::1
      // ip6-allnodes, ...) name only the machine's own entries.
      if (
        names.length > 0 &&
        names.every((name) => OWN_NAMES.has(name.toLowerCase()))
      ) {
        for (const name of names) {
          rows.push({
            line,
            type: "domain",
            value: name,
            skipReason: "a hosts file's own entry for this machine, not an IOC",
          });
        }
        continue;
      }
      if (!SINKHOLE.test(address) || names.length === 0) {
        rows.push({
          line,
          type: "",
          value: fields.join(" "),
          problem:
            "a hosts-file line is a sinkhole address such as 0.0.0.0 followed by names",
        });
        continue;
      }
      for (const name of names) {
        rows.push(
          OWN_NAMES.has(name.toLowerCase())
            ? {
                line,
                type: "domain",
                value: name,
                skipReason:
                  "a hosts file's own entry for this machine, not an IOC",
              }
            : { line, type: "domain", value: name },
        );
      }
    }
    return rows;
  },
};

function* contentLines(
  text: string,
): Generator<{ line: number; fields: string[] }> {
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const content = raw.replace(/#.*$/, "").trim();
    if (content !== "") {
      yield { line: index + 1, fields: content.split(/\s+/) };
    }
  }
}
