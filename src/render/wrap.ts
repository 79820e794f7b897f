/**
 * Wraps text for a terminal (issue 14: lines of 300 characters wrapped mid-word in a 120-column terminal).
 * Lines break between words only; a word longer than the room left (a long path) gets a line of its own and is
 * never cut, so it stays copyable. Continuation lines carry their own indent.
 */

/** The width used when the output is not a terminal (a file, a pipe, a CI log). */
export const DEFAULT_TEXT_WIDTH = 100;

/** Narrower than this, a status column and its text no longer fit side by side. */
export const MIN_TEXT_WIDTH = 40;

export interface WrapOptions {
  /** Total line width, prefixes included. */
  width: number;
  /** Put before the first line (default ""). */
  first?: string;
  /** Put before every following line (default: spaces as long as `first`). */
  rest?: string;
}

/**
 * One paragraph (its own line breaks become spaces) as lines of at most `width` characters.
 *
 * @example
 * wrapText("a b c", { width: 5, first: "- ", rest: "  " }) // ["- a b", "  c"]
 */
export function wrapText(text: string, options: WrapOptions): string[] {
  const first = options.first ?? "";
  const rest = options.rest ?? " ".repeat(first.length);
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (empty || candidate.length <= options.width) {
      line = candidate;
      empty = false;
      continue;
    }
    lines.push(line);
    line = rest + word;
  }
  lines.push(empty ? line.trimEnd() : line);
  return lines;
}
