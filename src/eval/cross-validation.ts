/**
 * `eval --cv k`: the generalisation figures of the paper reader. The selector is trained on k-1 folds of every
 * labelled paper (the dev cases and our corpus), grouped by paper, and scored on the fold it did not see, k times;
 * thresholds are chosen inside each training fold. The figures are those of papers the model never saw.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Counts, Prf } from "./score.js";
import { crossValidate, loadLabelledPapers } from "./selector-training.js";

const OWN_CASES = fileURLToPath(new URL("../../models/corpus/cases.json", import.meta.url));

export interface CrossValidationReport {
  kind: "cross_validation";
  folds: number;
  papers: number;
  sets: Record<string, number>;
  fields: Record<string, Counts & Prf>;
  micro: Counts & Prf;
  /** The report / confirm thresholds each fold chose on its own training papers. */
  thresholds: Array<{ report: number; confirmed: number }>;
  seconds: number;
}

export async function crossValidatedReport(devCases: string, folds: number): Promise<CrossValidationReport> {
  const started = Date.now();
  const papers = loadLabelledPapers({ dev: path.resolve(devCases), own: OWN_CASES });
  const cv = await crossValidate(papers, folds);
  const sets: Record<string, number> = {};
  for (const p of papers) sets[p.set] = (sets[p.set] ?? 0) + 1;
  return {
    kind: "cross_validation",
    folds,
    papers: papers.length,
    sets,
    fields: cv.fields,
    micro: cv.micro,
    thresholds: cv.thresholds,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

const line = (name: string, c: Counts & Prf) =>
  `${name.padEnd(22)} P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} F1=${c.f1.toFixed(2)}  (tp=${c.tp} fp=${c.fp} fn=${c.fn})`;

export function renderCrossValidation(report: CrossValidationReport): string {
  const sets = Object.entries(report.sets)
    .map(([s, n]) => `${n} ${s}`)
    .join(" + ");
  return [
    `cross-validated paper reader: ${report.folds} folds grouped by paper over ${report.papers} labelled papers (${sets}); each fold scored by a model and thresholds that never saw it`,
    ...Object.entries(report.fields).map(([f, c]) => line(f, c)),
    line("micro", report.micro),
    `thresholds chosen per fold: ${report.thresholds.map((t) => `${t.report}/${t.confirmed}`).join(", ")} (report/found without confirmation); ${report.seconds} s`,
  ].join("\n");
}
