/**
 * Property: whatever a repository writes (paper quotes, file names, config values and property names, branch
 * names, warnings, annotations), every renderer of what we post keeps it inert: no live mention, reference
 * or link, no HTML tag or comment but our own, `<details>` balanced, fences and tables intact, under GitHub's
 * 65,536 characters; the terminal form carries no control sequence; the CSV has no formula a spreadsheet would
 * run. Fixed seed and bounded runs in CI; FUZZ_RUNS and FUZZ_SEED make a long run.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  configErrorCheckRun,
  failureCheckRun,
  reportCheckRunUpdates,
} from "../../src/github/publish/check-run.js";
import { TITLE_LIMIT } from "../../src/github/publish/limits.js";
import {
  diffChecklists,
  diffSignature,
  renderPullRequestComment,
} from "../../src/github/publish/pull-request-comment.js";
import {
  embedState,
  readPullRequestState,
  readReportState,
  reportState,
  type ReportState,
} from "../../src/github/publish/state.js";
import { renderTrackingIssueBody } from "../../src/github/publish/tracking-issue.js";
import { CHECKLIST_ITEMS } from "../../src/judge/items/index.js";
import { renderCheckMarkdown } from "../../src/render/markdown.js";
import { renderCheckText } from "../../src/render/text.js";
import {
  ITEM_STATUSES,
  VERDICTS,
  type CheckAnnotation,
  type CheckReport,
  type ChecklistItemResult,
  type CrosscheckEntry,
} from "../../src/judge/types.js";
import type { Evidence } from "../../src/domain/facts.js";
import type { FootprintEstimate } from "../../src/estimate/types.js";
import { submissionReport, venueCsv } from "../../src/doors/review-platform/report.js";
import type { SubmissionRecord } from "../../src/doors/review-platform/store/submission-store.js";
import { inspectPlainText, inspectPostedMarkdown } from "../helpers/posted-markdown.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const settings = { seed: SEED, numRuns: RUNS };

/** Pieces an attacker would try, and pieces of ordinary text they could hide among. */
const PIECES = [
  "@",
  "@octocat",
  "@github/security",
  "me@evil.example",
  "<",
  ">",
  "`",
  "``",
  "```",
  "~~~",
  "<!--",
  "-->",
  "<details>",
  "</details>",
  "<summary>",
  "<sub>",
  "<img src=x onerror=alert(1)>",
  "|",
  "\\|",
  "\n",
  "\r\n",
  "\r",
  "\u2028",
  "\\",
  "#",
  "#12",
  "other/repo#3",
  "GH-1",
  "*",
  "_",
  "~",
  "[",
  "]",
  "](https://evil.example)",
  "![x](y)",
  "[x]: https://evil.example",
  "(",
  ")",
  "!",
  "&",
  "&#64;",
  "&lt;",
  "https://",
  "www.",
  "mailto:",
  "$",
  "$$",
  "-",
  "+",
  "=",
  "1.",
  " ",
  "    ",
  "\t",
  "\u0000",
  "\u001b[31m",
  "\u0085",
  "\u202e",
  "\u200b",
  "\ud800",
  "\udc00",
  "😀",
  "é",
  "a",
  "Z",
  "0",
  "9",
  ":",
  "/",
  ".",
  "ml-footprint:state",
];

const piece = fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 3 }));

/** A repository-controlled string: mostly adversarial pieces, sometimes any code points, sometimes very long. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: piece, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: piece, minLength: 1, maxLength: 6 }), fc.integer({ min: 50, max: 2_000 }))
      .map(([text, times]) => text.repeat(times).slice(0, 70_000)),
  },
);

const evidence: fc.Arbitrary<Evidence> = fc.oneof(
  fc.record({
    kind: fc.constant("paper" as const),
    page: fc.option(fc.nat(60)),
    section: fc.option(hostile),
    quote: hostile,
    start: fc.constant(0),
    end: fc.constant(1),
    file: fc.option(hostile, { nil: undefined }),
    line: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("code" as const),
    file: hostile,
    line: fc.integer({ min: 1, max: 999 }),
    snippet: hostile,
  }),
);

const item: fc.Arbitrary<ChecklistItemResult> = fc.record({
  id: fc.constantFrom(...CHECKLIST_ITEMS.keys()),
  title: hostile,
  venueRefs: fc.array(hostile, { maxLength: 2 }),
  required: fc.boolean(),
  status: fc.constantFrom(...ITEM_STATUSES),
  message: hostile,
  values: fc.constant({}),
  evidence: fc.array(evidence, { maxLength: 4 }),
});

const side = fc.option(fc.record({ value: fc.oneof(hostile, fc.double({ noNaN: true })), evidence }));

const crosscheckEntry: fc.Arbitrary<CrosscheckEntry> = fc.record({
  field: hostile,
  status: fc.constantFrom("match", "mismatch", "paper_only", "code_only", "needs_human" as const),
  paper: side,
  code: side,
  note: fc.option(hostile, { nil: undefined }),
});

const range = fc
  .tuple(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }))
  .map(([a, b]) => ({ low: Math.min(a, b), central: (a + b) / 2, high: Math.max(a, b) }));

const estimate: fc.Arbitrary<FootprintEstimate> = fc.record({
  method: fc.constant("device_hours" as const),
  energy_kwh: fc.option(range),
  co2e_kg: range,
  measured: fc.record({ energy_kwh: fc.boolean(), co2e_kg: fc.boolean() }),
  device_hours: fc.constant(null),
  hardware: fc.constant(null),
  power_w: fc.constant(null),
  pue: fc.constant(null),
  carbon_intensity: fc.constant(null),
  embodied_co2e_kg: fc.constant(null),
  assumptions: fc.array(hostile, { maxLength: 3 }),
  sources: fc.array(hostile, { maxLength: 3 }),
  derivation: hostile,
});

const annotation: fc.Arbitrary<CheckAnnotation> = fc.record({
  path: hostile,
  line: fc.integer({ min: -3, max: 100_000 }),
  level: fc.constantFrom("notice", "warning", "failure" as const),
  title: hostile,
  message: hostile,
});

const report: fc.Arbitrary<CheckReport> = fc.record({
  profile: fc.constantFrom("generic", "neurips", "acl", "aaai", "pineau"),
  verdict: fc.constantFrom(...VERDICTS),
  headline: hostile,
  items: fc.uniqueArray(item, { selector: (i) => i.id, minLength: 1, maxLength: 8 }),
  crosscheck: fc.array(crosscheckEntry, { maxLength: 6 }),
  estimate: fc.option(estimate),
  estimateMissing: fc.array(hostile, { maxLength: 3 }),
  declaration: fc.option(
    fc.record({
      file: hostile,
      errors: fc.array(
        fc.record({
          property: hostile,
          reason: hostile,
          line: fc.option(fc.nat(500), { nil: undefined }),
        }),
        { maxLength: 60 },
      ),
    }),
  ),
  paper: fc.option(fc.record({ file: hostile, format: fc.constantFrom("pdf", "latex") })),
  code: fc.option(fc.record({ files: fc.nat(100), frameworks: fc.array(hostile, { maxLength: 3 }) })),
  warnings: fc.array(fc.record({ code: fc.constant("w"), message: hostile }), { maxLength: 25 }),
  annotations: fc.array(annotation, { maxLength: 60 }),
  snippets: fc.record({ paragraph: hostile, footprintYml: hostile, modelCard: hostile }),
});

const SHA = "0123456789abcdef0123456789abcdef01234567";

/** Control characters (tab included), line separators and bidi controls: none may reach a terminal. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Asserts no finding, showing them all when there are some. */
function expectInert(findings: string[]): void {
  expect(findings).toEqual([]);
}

describe("every renderer of what we post, fed hostile repository strings", () => {
  it("the checklist Markdown (check-run summary, tracking issue, platform report) stays inert and fits", () => {
    fc.assert(
      fc.property(report, fc.integer({ min: 400, max: 60_000 }), (r, maxLength) => {
        const markdown = renderCheckMarkdown(r);
        expect(markdown.length).toBeLessThanOrEqual(60_000);
        expectInert(inspectPostedMarkdown(markdown));
        const cut = renderCheckMarkdown(r, maxLength);
        expect(cut.length).toBeLessThanOrEqual(maxLength);
        expectInert(inspectPostedMarkdown(cut));
      }),
      settings,
    );
  });

  it("the terminal form has no control sequence, and only its own line breaks", () => {
    fc.assert(
      fc.property(report, (r) => {
        // Unwrapped (an unbounded width), every entry is exactly its lines: a repository string adds none.
        const text = renderCheckText(r, { width: Number.POSITIVE_INFINITY });
        expect(text).not.toMatch(TERMINAL_UNSAFE);
        const errors = r.declaration?.errors.length ?? 0;
        const compared = r.crosscheck.filter((c) => c.status !== "paper_only").length;
        const warnings = Math.min(10, r.warnings.length);
        const expected =
          3 +
          (errors ? errors + 1 : 0) +
          2 * r.items.length +
          2 +
          (r.estimate ? 2 : 1) +
          (compared ? compared + 2 : 0) +
          (warnings ? warnings + 1 : 0) +
          (r.warnings.length > 10 ? 1 : 0);
        expect(text.split("\n")).toHaveLength(expected);
        expect(renderCheckText(r, { width: 60 })).not.toMatch(TERMINAL_UNSAFE);
      }),
      settings,
    );
  });

  it("the check run: title and annotations as inert plain text, summary as inert Markdown", () => {
    fc.assert(
      fc.property(report, (r) => {
        const updates = reportCheckRunUpdates(r, renderCheckMarkdown(r), {
          conclusion: "neutral",
          completedAt: "T",
        });
        for (const update of updates) {
          expectInert(inspectPlainText(update.output.title, TITLE_LIMIT));
          expectInert(inspectPostedMarkdown(update.output.summary));
          for (const a of update.output.annotations ?? []) {
            expectInert(inspectPlainText(a.title, TITLE_LIMIT));
            expectInert(inspectPlainText(a.message, 65_535));
            // eslint-disable-next-line no-control-regex -- looking for control characters is the point
            expect(a.path).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
          }
        }
      }),
      settings,
    );
  });

  it("the check run of an invalid configuration and of a failed analysis", () => {
    const problem = fc.record({ property: hostile, error: hostile });
    fc.assert(
      fc.property(
        fc.array(problem, { maxLength: 40 }),
        fc.array(hostile, { maxLength: 3 }),
        hostile,
        (problems, sources, reason) => {
          const invalid = configErrorCheckRun(problems, sources, "T");
          expectInert(inspectPlainText(invalid.output.title, TITLE_LIMIT));
          expectInert(inspectPostedMarkdown(invalid.output.summary));
          expectInert(inspectPostedMarkdown(failureCheckRun(reason, "T").output.summary));
        },
      ),
      settings,
    );
  });

  it("the tracking issue, with a hostile branch name that its hidden state keeps exactly", () => {
    fc.assert(
      fc.property(report, hostile, (r, branch) => {
        const body = renderTrackingIssueBody({
          markdown: renderCheckMarkdown(r),
          state: reportState(r, SHA, branch),
          repository: "octo/paper",
        });
        expectInert(inspectPostedMarkdown(body, { allow: [`octo/paper@${SHA}`] }));
        // Exactly, up to a length no Git host allows.
        expect(readReportState(body)?.ref).toBe(branch.slice(0, 1_024));
      }),
      settings,
    );
  });

  it("the pull-request comment, with a hostile base branch and item ids read back from a body", () => {
    const base: fc.Arbitrary<ReportState> = fc.record({
      v: fc.constant(1 as const),
      sha: fc.constant(SHA),
      ref: hostile.map((ref) => ref.slice(0, 1_024)),
      verdict: fc.constantFrom(...VERDICTS),
      // Ids as the hidden state of a body can carry them back (longer ones make the state invalid).
      items: fc.dictionary(
        hostile.map((id) => id.slice(0, 100)),
        fc.constantFrom(...ITEM_STATUSES),
        { maxKeys: 6 },
      ),
    });
    fc.assert(
      fc.property(base, report, hostile, (raw, r, baseRef) => {
        const b = readReportState(`${embedState(raw)}`);
        expect(b).toEqual(raw);
        const diff = diffChecklists(b!, r);
        const body = renderPullRequestComment(diff, baseRef);
        expectInert(inspectPostedMarkdown(body));
        expect(readPullRequestState(body)?.changes).toEqual(diffSignature(diff));
      }),
      settings,
    );
  });
});

/** A strict RFC 4180 reader: a quote, CR or LF outside quotes, or an unquoted `;` or tab, is an error. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else if (/["\r\n;\t]/.test(char)) throw new Error(`unquoted ${JSON.stringify(char)} at ${i}`);
    else cell += char;
  }
  if (cell !== "" || row.length > 0 || quoted) throw new Error("the last row does not end with CRLF");
  return rows;
}

/** What spreadsheets run as a formula, written apart from the code under test. */
const dangerous = (cell: string): boolean =>
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  /^[\t\r\n\u0000]/.test(cell) || /^[\s\u0000]*[=+\-@＝＋－＠﹦﹢﹣﹫]/.test(cell);

describe("the venue CSV, fed hostile titles, repositories and ids", () => {
  it("has no cell a spreadsheet would run, and loses no text", () => {
    const record = fc.record({
      submissionId: hostile,
      title: hostile,
      repository: hostile,
      verdict: fc.option(hostile),
      report: fc.option(report),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (inputs) => {
        const records = inputs.map((input, index): SubmissionRecord => {
          const stored: SubmissionRecord = {
            id: `sub_${index}`,
            venue: "v",
            submissionId: input.submissionId,
            version: index + 1,
            title: input.title,
            platform: null,
            repository: input.repository,
            paper: null,
            callbackUrl: null,
            contentHash: "h",
            status: "completed",
            statusReason: null,
            runs: 1,
            reportJson: null,
            verdict: input.verdict,
            co2eCentralKg: input.report?.estimate?.co2e_kg.central ?? null,
            callbackStatus: "none",
            callbackAttempts: 0,
            callbackError: null,
            receivedAt: 0,
            updatedAt: 0,
          };
          const body = submissionReport(
            stored,
            {
              status: "completed",
              error: null,
              report: input.report,
              markdown: null,
              commit: SHA,
              trackingIssueUrl: null,
            },
            new Date(0),
          );
          return { ...stored, reportJson: JSON.stringify(body) };
        });
        const rows = parseCsv(venueCsv(records));
        expect(rows).toHaveLength(records.length + 1);
        for (const row of rows) {
          expect(row).toHaveLength(rows[0]!.length);
          for (const cell of row) expect(!dangerous(cell) || cell.startsWith("'")).toBe(true);
        }
        records.forEach((r, index) => {
          const row = rows[index + 1]!;
          for (const [column, value] of [
            [0, r.submissionId],
            [2, r.title],
            [3, r.repository],
          ] as const)
            expect([value, `'${value}`]).toContain(row[column]);
        });
      }),
      settings,
    );
  });
});
