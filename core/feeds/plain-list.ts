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

  detect(text: string): boolean {
    const lines = contentLines(text);
    return (
      lines.length > 0 &&
      lines.every(({ content }) => readLine(content) !== undefined)
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

/** Returns the type and value of a line, or undefined when it is not one indicator. */
function readLine(
  content: string,
): { type: string; value: string } | undefined {
  // `203.0.113.7 port 443` is one defanged address, not two fields.
  if (/^\S+\s+port\s+\d{1,5}$/i.test(content)) {
    return { type: "ip", value: content };
  }
  const fields = content
    .split(/\s*[,\t]\s*|\s+/)
    .filter((field) => field !== "");
  if (fields.length === 1) {
    return { type: inferIndicatorType(fields[0]), value: fields[0] };
  }
  if (fields.length !== 2) {
    return undefined;
  }
  const [first, second] = fields;
  if (parseIndicatorType(first) !== undefined) {
    return { type: first, value: second };
  }
  if (parseIndicatorType(second) !== undefined) {
    return { type: second, value: first };
  }
  return undefined;
}

function contentLines(text: string): { line: number; content: string }[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, content: raw.trim() }))
    .filter(({ content }) => content !== "" && !content.startsWith("#"));
}
