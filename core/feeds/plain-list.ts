import { inferIndicatorType } from "../indicators/infer-type";
import { parseIndicatorType } from "../indicators/indicator-type";
import type { FeedLoader, FeedRow } from "./feed-loader";

/**
 * Reads plain indicator lists: one indicator a line, defanged or not, with
 * `#` comment lines and blank lines. A line may name the type before or after
 * the value, separated by a comma, a tab or spaces (`domain,evil.example`);
 * without one the type is inferred from the value.
 */
export const plainListLoader: FeedLoader = {
  format: "plain-list",

  // Most lines must read as one indicator, so a single bad line is rejected
  // on its own rather than making the whole file undetectable.
  detect(text: string): boolean {
    const lines = contentLines(text);
    const readable = lines.filter(
      ({ content }) => readLine(content) !== undefined,
    );
    return (
      lines.length > 0 && readable.length >= lines.length * DETECTION_SHARE
    );
  },

  parse(text: string): FeedRow[] {
    return contentLines(text).map(({ line, content }) => {
      const read = readLine(content);
      if (read === undefined) {
        return {
          line,
          type: "",
          value: content,
          problem:
            "a plain list has one indicator a line, optionally with its type, such as domain,evil.example",
        };
      }
      return { line, ...read };
    });
  },
};

/** Share of content lines that must read as one indicator for the file to be a plain list. */
const DETECTION_SHARE = 0.8;

/** Returns the type and value of a line, or undefined when it is not one indicator. */
function readLine(
  content: string,
): { type: string; value: string } | undefined {
  const typeFirst = /^([\w:]+)\s*[,\t ]\s*(\S.*)$/.exec(content);
  if (typeFirst !== null && parseIndicatorType(typeFirst[1]) !== undefined) {
    return { type: typeFirst[1], value: typeFirst[2] };
  }
  const typeLast = /^(\S.*?)\s*[,\t ]\s*([\w:]+)$/.exec(content);
  if (typeLast !== null && parseIndicatorType(typeLast[2]) !== undefined) {
    return { type: typeLast[2], value: typeLast[1] };
  }
  // `203.0.113.7 port 443` is one defanged address, not two fields.
  if (/^\S+\s+port\s+\d{1,5}$/i.test(content)) {
    return { type: "ip", value: content };
  }
  // A value without spaces is one indicator; a comma belongs only in a URL.
  if (
    !/\s/.test(content) &&
    (!content.includes(",") || inferIndicatorType(content) === "url")
  ) {
    return { type: inferIndicatorType(content), value: content };
  }
  return undefined;
}

function contentLines(text: string): { line: number; content: string }[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, content: raw.trim() }))
    .filter(({ content }) => content !== "" && !content.startsWith("#"));
}
