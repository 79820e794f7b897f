import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { PaperReport } from "../../../readers/paper/index.js";
import type { CodeReport } from "../../../readers/code/index.js";
import { startCostMeter } from "../../../runtime/cost.js";
import { SUMMARY_FIELDS, type ChosenFacts, type Evidence, type Summary } from "../../../domain/facts.js";
import { InputError } from "../../../domain/errors.js";
import type { PdfEngine } from "../../../readers/paper/pdf/extract.js";
import type { AnalyzeOutcome } from "../analysis-task.js";
import { runBounded, timeoutOption } from "../time-bound.js";

interface AnalyzeOptions {
  paper?: string[];
  repo?: string;
  json?: boolean;
  pdfEngine?: string;
  timeout: number;
}

/**
 * `--paper` takes the rest of a path that a caller forgot to quote ("Report and PPT/paper.pdf"): the words are
 * joined back when the joined path exists and the first word alone does not.
 */
export function resolvePaperArgument(words: string[] | undefined): string | undefined {
  if (!words || words.length === 0) return undefined;
  const first = words[0] as string;
  if (words.length === 1 || existsSync(first)) {
    if (words.length > 1)
      throw new InputError("usage", `--paper takes one file; got ${words.length} words (quote the path)`);
    return first;
  }
  const joined = words.join(" ");
  if (existsSync(joined)) return joined;
  throw new InputError("usage", `--paper takes one file; got ${words.length} words (quote the path)`);
}

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("read a paper and/or a code repository and print the compute facts with their evidence")
    .option("--paper <file...>", "paper as PDF, LaTeX main file, Markdown or plain text")
    .option("--repo <dir>", "code repository folder (read statically, never executed)")
    .option("--json", "print one JSON object")
    .option(
      "--pdf-engine <engine>",
      "pdfjs (built in, default) or pdftotext (poppler-utils, faster)",
      "pdfjs",
    )
    .addOption(timeoutOption())
    .addHelpText(
      "after",
      "\nExamples:\n  ml-footprint analyze --paper paper.pdf\n  ml-footprint analyze --paper paper/main.tex --repo . --json",
    )
    .action(async (options: AnalyzeOptions) => {
      const paperFile = resolvePaperArgument(options.paper);
      if (!paperFile && !options.repo) throw new InputError("usage", "give --paper FILE and/or --repo DIR");
      if (options.pdfEngine !== "pdfjs" && options.pdfEngine !== "pdftotext")
        throw new InputError("usage", `--pdf-engine must be pdfjs or pdftotext, not ${options.pdfEngine}`);
      const meter = startCostMeter();
      const { paper, code, crosscheck } = await runBounded<AnalyzeOutcome>(
        {
          kind: "analyze",
          inputs: {
            ...(paperFile ? { paper: paperFile } : {}),
            ...(options.repo ? { repo: options.repo } : {}),
            pdfEngine: options.pdfEngine as PdfEngine,
          },
        },
        options.timeout,
      );
      const cost = meter();
      const result = {
        ...(paper
          ? {
              paper: paper.paper,
              summary: paper.summary,
              summary_confidence: paper.summary_confidence,
              facts: paper.facts,
              warnings: paper.warnings,
              timings: paper.timings,
            }
          : {}),
        ...(code
          ? {
              code_summary: { ...code.summary, frameworks: code.frameworks, entry_points: code.entry_points },
              code_facts: code.facts,
              code_warnings: code.warnings,
            }
          : {}),
        ...(crosscheck ? { crosscheck } : {}),
        cost,
      };
      if (options.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      console.log(renderAnalysis(paper, code, cost));
    });
}

function evidenceText(evidence: Evidence): string {
  if (evidence.kind !== "paper") return `${evidence.file}:${evidence.line}: ${evidence.snippet.trim()}`;
  const where = evidence.file
    ? `${evidence.file}:${evidence.line}`
    : evidence.page !== null
      ? `p. ${evidence.page}`
      : "";
  const section = evidence.section ? ` (${evidence.section})` : "";
  return `${where}${section}: "${evidence.quote.length > 160 ? `${evidence.quote.slice(0, 157)}...` : evidence.quote}"`;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "number") return Math.abs(value) >= 1e6 ? value.toExponential(3) : String(value);
  return String(value);
}

function summaryTable(title: string, summary: Summary, chosen: ChosenFacts): string[] {
  const lines = [title, `  ${"field".padEnd(20)} ${"value".padEnd(22)} evidence`];
  for (const field of SUMMARY_FIELDS) {
    const value = summary[field];
    const fact = chosen[field]?.fact;
    const evidence = fact
      ? evidenceText(fact.evidence) + (fact.note ? ` [${fact.note}]` : "")
      : value === null
        ? "not disclosed"
        : "";
    lines.push(`  ${field.padEnd(20)} ${formatValue(value).padEnd(22)} ${evidence}`);
  }
  return lines;
}

/** The readable form: one table per source, then warnings and the analysis' own cost. */
export function renderAnalysis(
  paper: PaperReport | null,
  code: CodeReport | null,
  cost: { wall_s: number; cpu_s: number; energy_wh: number },
): string {
  const lines: string[] = [];
  if (paper) {
    const pages = paper.paper.format === "pdf" ? `, ${paper.paper.pages} pages` : "";
    lines.push(
      ...summaryTable(
        `Paper ${paper.paper.file} (${paper.paper.format}${pages}, ${paper.facts.length} facts)`,
        paper.summary,
        paper.chosen,
      ),
    );
    for (const warning of paper.warnings) lines.push(`  warning: ${warning.message}`);
  }
  if (code) {
    if (lines.length) lines.push("");
    lines.push(
      ...summaryTable(
        `Code (${code.facts.length} facts; frameworks: ${code.frameworks.join(", ") || "none found"})`,
        code.summary,
        code.chosen,
      ),
    );
    for (const warning of code.warnings.slice(0, 20)) lines.push(`  warning: ${warning.message}`);
  }
  lines.push("", `Analysis cost: ${cost.wall_s} s wall, ${cost.cpu_s} s CPU, about ${cost.energy_wh} Wh`);
  return lines.join("\n");
}
