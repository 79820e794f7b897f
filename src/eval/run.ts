/**
 * Runs the readers over a labelled case folder (see ../shared/eval/README.md) and scores them with the rules of
 * score.py. Papers are read in-process, one after the other; an unreadable paper is an error for its case.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readPaper } from "../readers/paper/index.js";
import { readRepository } from "../readers/code/index.js";
import type { Summary } from "../domain/facts.js";
import {
  SCORED_FIELDS,
  prf,
  scoreField,
  type Counts,
  type Label,
  type Prf,
  type ScoreError,
} from "./score.js";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";

export interface EvalCase {
  id: string;
  paper: string;
  expected: Record<string, Label>;
  expected_code?: Record<string, Label> | null;
  mismatch?: string[];
  repo_dir?: string;
}

export interface EvalOptions {
  code?: boolean;
  pdfEngine?: PdfEngine;
}

export interface EvalReport {
  fields: Record<string, Counts & Prf>;
  micro: Counts & Prf;
  papers: number;
  errors: string[];
  mistakes: ScoreError[];
  medianSeconds: number;
}

const emptyCounts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export async function evaluateCases(casesDir: string, options: EvalOptions = {}): Promise<EvalReport> {
  const cases = JSON.parse(readFileSync(path.join(casesDir, "cases.json"), "utf8")) as EvalCase[];
  const counts: Record<string, Counts> = Object.fromEntries(SCORED_FIELDS.map((f) => [f, emptyCounts()]));
  if (options.code) {
    counts.code = emptyCounts();
    counts.mismatch = emptyCounts();
  }
  const errors: string[] = [];
  const mistakes: ScoreError[] = [];
  const times: number[] = [];
  for (const c of cases) {
    const started = performance.now();
    let summary: Partial<Summary> = {};
    try {
      const report = await readPaper(path.join(casesDir, c.id, c.paper), {
        pdfEngine: options.pdfEngine ?? "pdfjs",
      });
      summary = report.summary;
      times.push((performance.now() - started) / 1000);
    } catch (error) {
      errors.push(`${c.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (options.code && c.repo_dir) {
      const repo = path.join(casesDir, c.id, c.repo_dir);
      const code = existsSync(repo) ? await readRepository(repo) : null;
      for (const [field, label] of Object.entries(c.expected_code ?? {})) {
        const mistake = scoreField(
          counts.code as Counts,
          c.id,
          `code.${field}`,
          code?.summary[field as keyof Summary] ?? null,
          label,
        );
        if (mistake) mistakes.push(mistake);
      }
    }
    for (const field of SCORED_FIELDS) {
      const mistake = scoreField(
        counts[field] as Counts,
        c.id,
        field,
        summary[field] ?? null,
        c.expected[field],
      );
      if (mistake) mistakes.push(mistake);
    }
  }
  const total = Object.values(counts).reduce(
    (sum, k) => ({ tp: sum.tp + k.tp, fp: sum.fp + k.fp, fn: sum.fn + k.fn }),
    emptyCounts(),
  );
  const sorted = [...times].sort((a, b) => a - b);
  return {
    fields: Object.fromEntries(Object.entries(counts).map(([f, k]) => [f, { ...k, ...prf(k) }])),
    micro: { ...total, ...prf(total) },
    papers: cases.length,
    errors,
    mistakes,
    medianSeconds: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
  };
}

/** The table, in score.py's layout. */
export function renderEvalReport(report: EvalReport, verbose = false): string {
  const lines: string[] = [];
  if (verbose) {
    for (const m of report.mistakes) {
      if (m.kind === "FP")
        lines.push(
          `  FP ${m.caseId}.${m.field}: predicted ${JSON.stringify(m.predicted)}, paper discloses nothing`,
        );
      else if (m.kind === "FN")
        lines.push(`  FN ${m.caseId}.${m.field}: expected ${JSON.stringify(m.expected)}`);
      else
        lines.push(
          `  WRONG ${m.caseId}.${m.field}: predicted ${JSON.stringify(m.predicted)}, expected ${JSON.stringify(m.expected)}`,
        );
    }
  }
  for (const [field, k] of Object.entries(report.fields)) {
    const name = field === "code" || field === "mismatch" ? `${field} (repo)` : field;
    lines.push(
      `${name.padEnd(20)} P=${k.precision.toFixed(2)} R=${k.recall.toFixed(2)} F1=${k.f1.toFixed(2)} (tp=${k.tp} fp=${k.fp} fn=${k.fn})`,
    );
  }
  if (report.errors.length) lines.push(`errors: ${report.errors.join("; ")}`);
  const m = report.micro;
  lines.push(
    `micro P=${m.precision.toFixed(2)} R=${m.recall.toFixed(2)} F1=${m.f1.toFixed(2)} over ${report.papers} papers, ${report.errors.length} errors, median ${report.medianSeconds.toFixed(2)}s/paper`,
  );
  return lines.join("\n");
}
