/**
 * Markers that defang an indicator, with the text each one stands for. Matched
 * case-insensitively. `{.}` is left out because it also occurs in real URL paths.
 */
const DEFANG_MARKERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\[:\]\/\//g, "://"],
  [/\[:\/\/\]/g, "://"],
  [/\[\/\/\]/g, "//"],
  [/\[:\]/g, ":"],
  [/\[\.\]|\(\.\)|\[dot\]|\(dot\)/gi, "."],
  [/\[@\]|\(at\)|\[at\]/gi, "@"],
];

/** Defanged URL schemes: `hxxp`, `hxxps`, `hXXps`, `fxp`. The `s` is kept. */
const DEFANGED_SCHEME = /^(?:h[x]{2}p(s?)|f[x]p)(?=:|\[:)/i;

/** Returns the indicator with every defang marker replaced by the text it stands for. */
export function refang(text: string): string {
  let refanged = text.trim();

  refanged = refanged.replace(
    DEFANGED_SCHEME,
    (scheme, secure: string | undefined) => {
      if (/^f/i.test(scheme)) {
        return "ftp";
      }
      return secure ? "https" : "http";
    },
  );

  for (const [marker, replacement] of DEFANG_MARKERS) {
    refanged = refanged.replace(marker, replacement);
  }

  // Analysts write an address and port as `203.0.113.7 port 443`.
  return refanged.replace(/^(\S+)\s+port\s+(\d{1,5})$/i, "$1:$2");
}
