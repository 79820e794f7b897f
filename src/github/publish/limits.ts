/** GitHub's size limits on what the app posts. */

/** Check-run `output.summary` and `output.text`, issue and comment bodies: 65,535 characters. */
export const GITHUB_TEXT_LIMIT = 65_535;

/** Annotations per check-run create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** Annotations the app sends for one check run at most (the rest is counted in the summary). */
export const MAX_ANNOTATIONS = 500;

/** Check-run `output.title` and annotation `title`. */
export const TITLE_LIMIT = 255;

/**
 * Cuts `text` to at most `limit` characters, ending with `note` when it had to cut. Never splits a surrogate
 * pair, and prefers to cut at a line break so Markdown tables and lists stay whole.
 *
 * @example
 * truncateText("one\ntwo\nthree", 9, "…") // "one\ntwo\n…"
 */
export function truncateText(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  let cut = Math.max(0, limit - note.length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const lineBreak = text.lastIndexOf("\n", cut - 1);
  if (lineBreak > cut * 0.8) cut = lineBreak + 1;
  return text.slice(0, cut) + note;
}
