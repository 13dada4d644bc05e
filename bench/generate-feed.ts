/**
 * Builds a realistic ThreatFox CSV export for benchmarks: domains, URLs and
 * `ipShare` of IPs, with ThreatFox's columns, quoting, header and footer. A
 * fixed seed makes every run read the same feed.
 */
export function threatFoxCsv(
  count: number,
  { seed = 1, ipShare = 0.1 }: { seed?: number; ipShare?: number } = {},
): string {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T =>
    values[Math.floor(random() * values.length)];
  const word = () =>
    Array.from({ length: 4 + Math.floor(random() * 8) }, () =>
      pick("abcdefghijklmnopqrstuvwxyz0123456789".split("")),
    ).join("");
  const tlds = ["top", "xyz", "in.net", "com", "shop", "ru", "cfd", "online"];
  const malware = [
    ["js.clearfake", "ClearFake"],
    ["js.smartapesg", "SmartApeSG"],
    ["win.netsupportmanager_rat", "NetSupportManager RAT"],
    ["win.lumma", "Lumma Stealer"],
  ];

  const lines = [
    "################################################################",
    "# ThreatFox IOCs: recent additions - CSV format                #",
    "# Last updated: 2026-12-01 00:00:00 UTC                        #",
    "################################################################",
    "#",
    '# "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware","malware_alias","malware_printable","last_seen_utc","confidence_level","is_compromised","reference","tags","anonymous","reporter"',
  ];
  for (let index = 0; index < count; index++) {
    const kind = random();
    const domain = `${word()}.${word()}.${pick(tlds)}`;
    const ip = `${1 + (index % 223)}.${(index >> 8) % 256}.${(index >> 16) % 256}.${index % 256}:443`;
    const [type, value, threat] =
      kind < ipShare
        ? ["ip:port", ip, "botnet_cc"]
        : kind < ipShare + ((1 - ipShare) * 2) / 3
          ? ["domain", domain, "payload_delivery"]
          : [
              "url",
              `https://${domain}/${word()}/${word()}.js?v=${index}`,
              "payload_delivery",
            ];
    const [family, printable] = pick(malware);
    const day = String(1 + (index % 28)).padStart(2, "0");
    lines.push(
      [
        `2026-11-${day} 12:00:00`,
        String(2_000_000 + index),
        value,
        type,
        threat,
        family,
        "None",
        printable,
        "",
        pick(["50", "75", "100"]),
        "False",
        "None",
        `${printable},benchmark`,
        "0",
        `reporter_${index % 50}`,
      ]
        .map((cell) => `"${cell}"`)
        .join(", "),
    );
  }
  lines.push(`# Number of entries: ${count}`);
  return lines.join("\n");
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
