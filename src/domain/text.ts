/**
 * Text a repository wrote, made safe to show anywhere (a terminal, a snippet, before any Markdown escaping):
 * well-formed, no control or bidi characters, one line unless asked, capped. The renderers' escaping
 * (render/escape.ts) builds on it.
 */

/** Longest repository value, in characters, shown in running text unless a caller asks for another bound. */
export const VALUE_LIMIT = 300;

/** Line breaks of every kind: CR, LF, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR. */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * C0 and C1 control characters (but tab and the line breaks, handled apart) and the bidirectional embeddings,
 * overrides and isolates that can make text read differently from what it is ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** A surrogate half without its other half: JSON cannot carry it as text, GitHub may refuse the body. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cuts `text` to `limit` characters (counting the ellipsis), never between the halves of a surrogate pair. */
export function cap(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = Math.max(0, limit - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Text safe for a terminal and as a value inside a snippet: well-formed, no control or bidi characters, tabs
 * as spaces, line breaks collapsed into one space (or kept as `\n` with `multiline`), trimmed, at most `limit`
 * characters.
 *
 * @example
 * cleanText("A100\n\u001b[31mred", 300) // "A100 [31mred"
 */
export function cleanText(
  value: unknown,
  limit = VALUE_LIMIT,
  options: { multiline?: boolean } = {},
): string {
  let text = String(value ?? "")
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(LINE_BREAK, "\n")
    .replace(CONTROL, "")
    .replace(/\t/g, " ");
  text = options.multiline ? text.replace(/[ ]+\n/g, "\n") : text.replace(/\s*\n\s*/g, " ");
  return cap(text.trim(), limit);
}
