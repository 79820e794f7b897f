/**
 * `analyze` for a terminal: one table per source (field, value, evidence), then the warnings, each naming its
 * file. Numbers in the one human format, lines wrapped to the terminal's width between words.
 */
import {
  SUMMARY_FIELDS,
  type ChosenFacts,
  type Evidence,
  type Summary,
  type Warning,
} from "../domain/facts.js";
import type { CodeReport } from "../readers/code/index.js";
import type { PaperReport } from "../readers/paper/index.js";
import { cleanText } from "./escape.js";
import { placeOf } from "./place.js";
import { displayValue } from "./text.js";
import { warningText } from "./warnings.js";
import { DEFAULT_TEXT_WIDTH, MIN_TEXT_WIDTH, wrapText } from "./wrap.js";

const FIELD_WIDTH = 20;
const VALUE_WIDTH = 22;
const QUOTE_LIMIT = 160;
/** Code warnings shown; the JSON has them all. */
const CODE_WARNINGS_SHOWN = 20;

function evidenceText(evidence: Evidence): string {
  if (evidence.kind !== "paper") return `${placeOf(evidence)}: ${evidence.snippet.trim()}`;
  const quote =
    evidence.quote.length > QUOTE_LIMIT ? `${evidence.quote.slice(0, QUOTE_LIMIT - 3)}...` : evidence.quote;
  return `${placeOf(evidence)}: "${quote}"`;
}

function summaryTable(title: string, summary: Summary, chosen: ChosenFacts, width: number): string[] {
  const indent = " ".repeat(2 + FIELD_WIDTH + 1 + VALUE_WIDTH + 1);
  const lines = [
    ...wrapText(cleanText(title, 1_000), { width }),
    `  ${"field".padEnd(FIELD_WIDTH)} ${"value".padEnd(VALUE_WIDTH)} evidence`,
  ];
  for (const field of SUMMARY_FIELDS) {
    const value = summary[field];
    const fact = chosen[field]?.fact;
    const evidence = fact
      ? evidenceText(fact.evidence) + (fact.note ? ` [${fact.note}]` : "")
      : value === null
        ? "not disclosed"
        : "";
    const shown = value === null || value === undefined ? "-" : displayValue(value);
    lines.push(
      ...wrapText(cleanText(evidence, 1_000), {
        width,
        first: `  ${field.padEnd(FIELD_WIDTH)} ${shown.padEnd(VALUE_WIDTH)} `,
        rest: indent,
      }),
    );
  }
  return lines;
}

function warningLines(warnings: readonly Warning[], fallback: string | undefined, width: number): string[] {
  return warnings.flatMap((w) =>
    wrapText(cleanText(warningText(w, fallback), 2_000), { width, first: "  warning: ", rest: "    " }),
  );
}

/**
 * The readable form of `analyze`: one table per source, then its warnings.
 *
 * @example
 * renderAnalysisText(paper, null, { width: 80 }).startsWith("Paper ") // true
 */
export function renderAnalysisText(
  paper: PaperReport | null,
  code: CodeReport | null,
  options: { width?: number } = {},
): string {
  const width = Math.max(MIN_TEXT_WIDTH, Math.floor(options.width ?? DEFAULT_TEXT_WIDTH));
  const lines: string[] = [];
  if (paper) {
    const pages = paper.paper.format === "pdf" ? `, ${paper.paper.pages} pages` : "";
    lines.push(
      ...summaryTable(
        `Paper ${paper.paper.file} (${paper.paper.format}${pages}, ${paper.facts.length} facts)`,
        paper.summary,
        paper.chosen,
        width,
      ),
      ...warningLines(paper.warnings, paper.paper.file, width),
    );
  }
  if (code) {
    if (lines.length) lines.push("");
    lines.push(
      ...summaryTable(
        `Code (${code.facts.length} facts; frameworks: ${code.frameworks.join(", ") || "none found"})`,
        code.summary,
        code.chosen,
        width,
      ),
      ...warningLines(code.warnings.slice(0, CODE_WARNINGS_SHOWN), undefined, width),
    );
    if (code.warnings.length > CODE_WARNINGS_SHOWN)
      lines.push(`  and ${code.warnings.length - CODE_WARNINGS_SHOWN} more warnings (--json lists them all)`);
  }
  return lines.join("\n");
}
