/**
 * A reader of the Markdown the app posts, strict where GitHub is permissive: it finds, outside code blocks and
 * code spans, anything GitHub would make live (a mention, an issue reference, an autolink, a link, an HTML
 * tag, comment or entity) other than the HTML we write ourselves, and checks that `<details>` is balanced,
 * code fences and spans are closed, table rows keep their cell count and the body fits GitHub's limit.
 * Close enough to CommonMark/GFM for what our renderers emit (fences at column 0, spans on one line).
 */

/** Our hidden markers and state: whole lines, which GitHub reads as HTML blocks, not as Markdown. */
const OUR_COMMENT_LINE = /^<!-- ml-footprint:(?:checklist|tracking|pull-request|state [^<>\n]*) -->$/;

/** The tags the renderers write themselves; any other HTML outside code is a finding. */
const OUR_TAGS = /<\/?(?:details|summary|sub)>/g;

/** What GitHub would make live in visible text. */
const LIVE: Array<[string, RegExp]> = [
  ["mention or e-mail", /@[A-Za-z0-9]/],
  ["issue reference", /#[0-9]/],
  ["autolink", /:\/\/|www\./i],
  ["link or image", /\[|\]\(/],
  ["HTML", /</],
  ["entity", /&(?!amp;|lt;|gt;)/],
];

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Characters an escape cannot make inert: `\@` still renders `@`, which GitHub reads as a mention. */
const KEPT_WHEN_ESCAPED = new Set(["@", "#", ":", "/", "."]);

/** The line as it reads outside code spans (spans become `·`), or the reason it cannot be read. */
function visibleText(line: string): { text: string } | { problem: string } {
  let out = "";
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === "\\" && i + 1 < line.length && ASCII_PUNCTUATION.test(line[i + 1]!)) {
      const escaped = line[i + 1]!;
      out += KEPT_WHEN_ESCAPED.has(escaped) ? escaped : "·";
      i += 2;
      continue;
    }
    if (char === "`") {
      let run = 0;
      while (line[i + run] === "`") run += 1;
      const fence = "`".repeat(run);
      let close = line.indexOf(fence, i + run);
      // A closing run must be exactly as long.
      while (close >= 0 && (line[close + run] === "`" || line[close - 1] === "`"))
        close = line.indexOf(fence, close + 1);
      if (close < 0) return { problem: `unmatched backtick run in: ${line.slice(0, 120)}` };
      out += "·";
      i = close + run;
      continue;
    }
    out += char;
    i += 1;
  }
  return { text: out };
}

/** Cells of a GFM table row: split on pipes that are not backslash-escaped (code spans included). */
function cellCount(row: string): number {
  const inner = row
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).length;
}

export interface InspectOptions {
  /** Text we emit on purpose that the rules would flag (e.g. `owner/repo@sha`, which links to the commit). */
  allow?: string[];
  /** GitHub's limit on a body. */
  limit?: number;
}

/**
 * Every finding in a posted body; an empty list when it is safe.
 *
 * @example
 * inspectPostedMarkdown("hi @octocat") // ["mention or e-mail: hi @octocat"]
 */
export function inspectPostedMarkdown(body: string, options: InspectOptions = {}): string[] {
  const findings: string[] = [];
  const limit = options.limit ?? 65_535;
  if (body.length > limit) findings.push(`longer than ${limit} characters: ${body.length}`);
  let fence: string | null = null;
  let depth = 0;
  let tableCells: number | null = null;
  const lines = body.split("\n");
  lines.forEach((raw, index) => {
    if (fence) {
      const close = raw.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = null;
      return;
    }
    const open = raw.match(FENCE_OPEN);
    if (open && !(open[1]![0] === "`" && open[2]!.includes("`"))) {
      fence = open[1]!;
      tableCells = null;
      return;
    }
    if (/^\s*$/.test(raw)) tableCells = null;
    else if (raw.startsWith("|") && /^\|(?:\s*:?-+:?\s*\|)+\s*$/.test(lines[index + 1] ?? ""))
      tableCells = cellCount(raw);
    else if (tableCells !== null && cellCount(raw) !== tableCells)
      findings.push(`table row with ${cellCount(raw)} cells instead of ${tableCells}: ${raw.slice(0, 120)}`);
    if (OUR_COMMENT_LINE.test(raw)) return;
    let line = raw;
    for (const allowed of options.allow ?? []) line = line.split(allowed).join("·");
    const visible = visibleText(line);
    if ("problem" in visible) {
      findings.push(visible.problem);
      return;
    }
    let text = visible.text;
    for (const tag of text.match(/<\/?details>/g) ?? []) {
      depth += tag === "<details>" ? 1 : -1;
      if (depth < 0) findings.push(`</details> without <details> on line ${index + 1}`);
    }
    text = text.replace(OUR_TAGS, "·");
    for (const [what, pattern] of LIVE)
      if (pattern.test(text)) findings.push(`${what}: ${text.slice(0, 160)}`);
  });
  if (fence) findings.push("a code fence is left open");
  if (depth !== 0) findings.push(`${depth} <details> left open`);
  return findings;
}

/** Findings in a plain-text field (check-run title, annotation): no line break, control or live reference. */
export function inspectPlainText(text: string, limit: number): string[] {
  const findings: string[] = [];
  if (text.length > limit) findings.push(`longer than ${limit} characters: ${text.length}`);
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  if (/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(text))
    findings.push(`control character in: ${JSON.stringify(text.slice(0, 80))}`);
  for (const [what, pattern] of LIVE.slice(0, 3))
    if (pattern.test(text)) findings.push(`${what}: ${text.slice(0, 160)}`);
  return findings;
}
