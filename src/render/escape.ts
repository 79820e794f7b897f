/**
 * The one way a repository-controlled string (a quote from the paper, a file or property name, a config value,
 * a branch name, a warning) reaches what the app posts. GitHub renders check-run summaries, issues and comments
 * as Markdown with inline HTML, @mentions, issue references and autolinks, so a raw string could notify people
 * under the app's name, hide or restructure the comment, show an image or link elsewhere. Each function makes
 * a string inert in one context:
 *
 * - `markdownText`: running text and table cells (escaped, one line, length-capped);
 * - `codeSpan`: a value shown as code (a backtick fence longer than any run inside);
 * - `fencedBlock`: a multi-line block (a fence longer than any backtick run inside);
 * - `plainText`: check-run titles and annotations, which GitHub shows as text (no Markdown escapes);
 * - `cleanText`: a terminal or a snippet (no control characters, one line);
 * - `commitReference`: the only link we let through, to the repository's own commit;
 * - `truncateMarkdown`: cuts a rendered body without leaving a fence or a `<details>` open.
 *
 * Mentions, `#123` references and autolinks are broken with a zero-width space (U+200B) after `@`, after `#`,
 * inside `://` and `www.`: the text still reads the same, GitHub's patterns no longer match. This is what
 * Dependabot and Renovate do in the release notes they quote. A zero-width joiner would also work, but it joins
 * neighbouring emoji into other glyphs; wrapping every value in code would make sentences unreadable.
 */

import { cap, cleanText, VALUE_LIMIT } from "../domain/text.js";

export { cleanText, VALUE_LIMIT };

/** Longest block (a ready-to-paste snippet) shown in a fence. */
export const BLOCK_LIMIT = 20_000;

const ZWSP = "\u200B";

/** Breaks @mentions, `#123` references, autolinks and e-mail links with a zero-width space. */
function breakReferences(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/#(?=[0-9])/g, `#${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/(w)(ww\.)/gi, (_match, w: string, rest: string) => `${w}${ZWSP}${rest}`);
}

/**
 * A plain-text value (check-run title, annotation title and message): cleaned, one line, capped, with mentions,
 * references and links broken. No Markdown escaping: GitHub shows these fields as they are.
 *
 * @example
 * plainText("ping @octocat") // "ping @\u200Boctocat"
 */
export function plainText(value: unknown, limit = VALUE_LIMIT): string {
  // Capped after the breaks, which lengthen the text: GitHub refuses a title over its limit.
  return cap(breakReferences(cleanText(value, Number.POSITIVE_INFINITY)), limit);
}

/**
 * A value in running Markdown text or in a table cell: cleaned, one line, capped; `&`, `<`, `>` as entities
 * (no tag, no comment, no entity of the repository's own); Markdown punctuation backslash-escaped (no emphasis,
 * code, link, image, strikethrough, math or table pipe); a block marker at its start (`#`, `-`, `+`, `=`, `1.`)
 * escaped; mentions, references and links broken.
 *
 * @example
 * markdownText("</details> @team [x](https://evil)") // "&lt;/details&gt; @\u200Bteam \\[x\\](https:\u200B//evil)"
 */
export function markdownText(value: unknown, limit = VALUE_LIMIT): string {
  const text = cleanText(value, limit)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*~[\]|$]/g, "\\$&")
    // An underscore between two letters or digits cannot open or close emphasis ("batch_size"): left as is.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    .replace(/^([#+=-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
  return breakReferences(text);
}

/** A quotation from the repository: `markdownText` between double quotes. */
export function markdownQuote(value: unknown, limit = VALUE_LIMIT): string {
  return `"${markdownText(value, limit)}"`;
}

/**
 * A value shown as inline code: one line, capped, between backtick fences longer than any backtick run inside,
 * padded with a space when it starts or ends with a backtick. In a table (`inTable`), pipes are escaped too:
 * GitHub splits table cells before it reads code spans. Code spans show `<`, `@` and links as text.
 *
 * @example
 * codeSpan("a`b") // "``a`b``"
 */
export function codeSpan(value: unknown, options: { limit?: number; inTable?: boolean } = {}): string {
  let text = cleanText(value, options.limit ?? VALUE_LIMIT);
  if (text === "") return "(empty)";
  if (options.inTable) text = text.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A multi-line block in a fenced code block whose backtick fence is longer than any backtick run inside, so
 * no line of the content can close it (tildes cannot close a backtick fence).
 *
 * @example
 * fencedBlock("a\n```\nb", "yaml") // "````yaml\na\n```\nb\n````"
 */
export function fencedBlock(content: unknown, info = ""): string {
  const text = cleanText(content, BLOCK_LIMIT, { multiline: true });
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info.replace(/[`\s]/g, "")}\n${text}\n${fence}`;
}

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{0,99}[A-Za-z0-9_]$/;
const SHA = /^[0-9a-f]{4,64}$/i;

/**
 * `owner/repo@sha`, which GitHub links to the repository's own commit, when both parts are what GitHub allows
 * (a name ending with a letter, digit or underscore, so the `@` cannot start a mention); code otherwise.
 *
 * @example
 * commitReference("octo/paper", "abc123") // "octo/paper@abc123"
 */
export function commitReference(repository: string, sha: string): string {
  return REPOSITORY.test(repository) && SHA.test(sha)
    ? `${repository}@${sha}`
    : codeSpan(`${repository}@${sha}`);
}

/** An opening code fence of CommonMark: up to three spaces, three or more backticks or tildes. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Cuts rendered Markdown to at most `limit` characters at a line break, ending with `note`, and closes what the
 * cut left open: a fenced code block, then every `<details>` (our renderers put `<details>` and `</details>` at
 * the start of their own lines; repository text never starts a line with `<`). The result stays balanced.
 *
 * @example
 * truncateMarkdown("<details>\n\nlong\n\n</details>", 25, "\n…") // "<details>\n\n\n</details>\n…"
 */
export function truncateMarkdown(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  let fence: string | null = null;
  let depth = 0;
  let best = { end: 0, closers: "" };
  let start = 0;
  // One pass over the lines, tracking what is open at each line start; keep the last line start where the
  // text before it, its closers and the note fit.
  while (start < text.length && start <= limit) {
    const closers = (fence ? `\n${fence}` : "") + "\n\n</details>".repeat(depth);
    if (start + closers.length + note.length <= limit) best = { end: start, closers };
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(start, newline < 0 ? text.length : newline);
    if (fence) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = null;
    } else {
      const open = line.match(FENCE_OPEN);
      if (open && !(open[1]![0] === "`" && open[2]!.includes("`"))) fence = open[1]!;
      else if (line.startsWith("<details>")) depth += 1;
      else if (line.startsWith("</details>")) depth = Math.max(0, depth - 1);
    }
    start = end;
  }
  const kept = text.slice(0, best.end).replace(/\n$/, "");
  return `${kept}${best.closers}${note}`;
}
