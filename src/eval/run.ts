/**
 * Runs the readers over a labelled case folder (see ../shared/eval/README.md) and scores them with the rules of
 * score.py. Papers are read in-process, one after the other; an unreadable paper is an error for its case.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { runAnalysis, type Analysis } from "../pipeline.js";
import type { Summary } from "../domain/facts.js";
import {
  SCORED_FIELDS,
  prf,
  scoreField,
  scoreMismatches,
  sumCounts,
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
  /** The paper's fields (score.py's last line). */
  micro: Counts & Prf;
  /** With --code: paper, code and mismatch counts together (score.py's "paper + code + mismatch" line). */
  combined?: Counts & Prf;
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
    const repo = options.code && c.repo_dir ? path.join(casesDir, c.id, c.repo_dir) : null;
    let analysis: Analysis | null = null;
    try {
      // What `analyze --paper P --repo R --json` computes (score.py's input), in-process.
      analysis = await runAnalysis({
        paper: path.join(casesDir, c.id, c.paper),
        ...(repo && existsSync(repo) ? { repo } : {}),
        pdfEngine: options.pdfEngine ?? "pdfjs",
      });
      times.push((performance.now() - started) / 1000);
    } catch (error) {
      errors.push(`${c.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const summary: Partial<Summary> = analysis?.paper?.summary ?? {};
    if (repo) {
      for (const [field, label] of Object.entries(c.expected_code ?? {})) {
        const mistake = scoreField(
          counts.code as Counts,
          c.id,
          `code.${field}`,
          analysis?.code?.summary[field as keyof Summary] ?? null,
          label,
        );
        if (mistake) mistakes.push(mistake);
      }
      // score.py: the cross-check's mismatch fields (scored fields only) against the labelled ones.
      const outcomes = scoreMismatches(
        counts.mismatch as Counts,
        analysis?.crosscheck ?? null,
        c.mismatch ?? [],
      );
      for (const { field, kind } of outcomes) {
        if (kind === "FP")
          mistakes.push({
            kind,
            caseId: c.id,
            field: `mismatch.${field}`,
            predicted: "mismatch",
            expected: null,
          });
        else if (kind === "FN")
          mistakes.push({
            kind,
            caseId: c.id,
            field: `mismatch.${field}`,
            predicted: null,
            expected: ["mismatch"],
          });
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
  const sum = (fields: string[]) => sumCounts(fields.map((f) => counts[f] ?? emptyCounts()));
  // As score.py: the micro figure is the paper's; with --code, a second one adds the code and the mismatches.
  const total = sum([...SCORED_FIELDS]);
  const combined = options.code ? sum(Object.keys(counts)) : null;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    fields: Object.fromEntries(Object.entries(counts).map(([f, k]) => [f, { ...k, ...prf(k) }])),
    micro: { ...total, ...prf(total) },
    ...(combined ? { combined: { ...combined, ...prf(combined) } } : {}),
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
  if (report.combined) {
    const c = report.combined;
    lines.push(
      `micro, paper + code + mismatch: P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} F1=${c.f1.toFixed(2)}`,
    );
  }
  const m = report.micro;
  lines.push(
    `micro P=${m.precision.toFixed(2)} R=${m.recall.toFixed(2)} F1=${m.f1.toFixed(2)} over ${report.papers} papers, ${report.errors.length} errors, median ${report.medianSeconds.toFixed(2)}s/paper`,
  );
  return lines.join("\n");
}
