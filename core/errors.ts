/**
 * An error in the user's input: a feed, a campaign manifest or the workspace
 * configuration. The message names the file, the line or key, the value and
 * the fix, so `main.ts` prints it without a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** Formats a value for an error message: strings quoted, long ones cut. */
export function showValue(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= 80) {
    return text;
  }
  return `${text.slice(0, 77)}...`;
}
