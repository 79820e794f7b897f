/**
 * `eval --cv k`: the generalisation figures of the readers. Each trained ranker (the paper selector, the code
 * ranker) is trained on k-1 folds of every labelled paper or repository (the dev cases and our corpus), grouped
 * by case, and scored on the fold it did not see, k times, with thresholds chosen inside each training fold.
 * With --code, the paper/code mismatches are scored end to end on the held-out cases whose paper and repository
 * are on this machine (the dev cases always; our corpus when its cache is there): each case is read with the two
 * models of the fold that did not see it, and the cross-check's mismatches are scored as score.py does.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAnalysis } from "../pipeline.js";
import type { CrosscheckEntry } from "../judge/types.js";
import { prf, scoreMismatches, type Counts, type Prf } from "./score.js";
import {
  CODE_TASK,
  crossValidate,
  foldModel,
  foldOf,
  loadLabelledPapers,
  PAPER_TASK,
  type CrossValidation,
} from "./selector-training.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OWN_CASES = path.join(ROOT, "models/corpus/cases.json");
/** Where `scripts/corpus/build.py --materialise` unpacks our corpus (absent in CI). */
const OWN_CACHE = path.resolve(ROOT, "../corpus-cache/cases");

export interface RankerFigures {
  cases: number;
  sets: Record<string, number>;
  fields: Record<string, Counts & Prf>;
  micro: Counts & Prf;
  /** The report / confirm thresholds each fold chose on its own training cases. */
  thresholds: Array<{ report: number; confirmed: number }>;
}

/** The micro figures of every assignment of the cases to folds: the first is the one detailed above. */
export interface Repeats {
  paper: Prf[];
  code: Prf[] | null;
}

export interface CrossValidationReport {
  kind: "cross_validation";
  folds: number;
  paper: RankerFigures;
  code: RankerFigures | null;
  repeats: Repeats;
  /** Mismatches scored end to end on the held-out cases with texts on this machine. */
  mismatch: (Counts & Prf & { cases: number; sets: Record<string, number>; details: string[] }) | null;
  seconds: number;
}

interface Case {
  id: string;
  paper: string;
  repo_dir?: string;
  mismatch?: string[];
}

function figures(cv: CrossValidation, sets: Record<string, number>): RankerFigures {
  return {
    cases: cv.papers,
    sets,
    fields: cv.fields,
    micro: cv.micro,
    thresholds: cv.thresholds.map((t) => ({ report: t.report, confirmed: t.confirmed })),
  };
}

const setsOf = (papers: ReadonlyArray<{ set: string }>) => {
  const sets: Record<string, number> = {};
  for (const p of papers) sets[p.set] = (sets[p.set] ?? 0) + 1;
  return sets;
};

export async function crossValidatedReport(
  devCases: string,
  folds: number,
  options: { code?: boolean; ownCacheDir?: string; repeat?: number } = {},
): Promise<CrossValidationReport> {
  const started = Date.now();
  const casesFiles = { dev: path.resolve(devCases), own: OWN_CASES };
  const keep = mkdtempSync(path.join(tmpdir(), "cv-models-"));
  try {
    const paperCases = loadLabelledPapers(casesFiles, PAPER_TASK);
    const paper = await crossValidate(paperCases, folds, { task: PAPER_TASK, keepModels: keep });
    const codeCases = options.code ? loadLabelledPapers(casesFiles, CODE_TASK) : [];
    const code = options.code
      ? await crossValidate(codeCases, folds, { task: CODE_TASK, keepModels: keep })
      : null;
    // Other assignments of the cases to folds (the mismatches are read with the first one's models).
    const repeats: Repeats = { paper: [paper.micro], code: code ? [code.micro] : null };
    for (let r = 1; r < (options.repeat ?? 1); r++) {
      const salt = `repeat${r}`;
      repeats.paper.push((await crossValidate(paperCases, folds, { task: PAPER_TASK, salt })).micro);
      if (code) repeats.code!.push((await crossValidate(codeCases, folds, { task: CODE_TASK, salt })).micro);
    }
    if (!code)
      return {
        kind: "cross_validation",
        folds,
        paper: figures(paper, setsOf(paperCases)),
        code: null,
        repeats,
        mismatch: null,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      };

    // Mismatches, end to end, on the held-out cases whose texts are here.
    const dirs: Record<string, string> = { dev: path.dirname(path.resolve(devCases)) };
    const own = options.ownCacheDir ?? OWN_CACHE;
    if (existsSync(own)) dirs.own = own;
    const counts: Counts = { tp: 0, fp: 0, fn: 0 };
    const sets: Record<string, number> = {};
    const details: string[] = [];
    let cases = 0;
    for (const [set, dir] of Object.entries(dirs)) {
      const list = JSON.parse(readFileSync(casesFiles[set as "dev" | "own"], "utf8")) as Case[];
      for (const c of list) {
        const repo = c.repo_dir ? path.join(dir, c.id, c.repo_dir) : null;
        const paperFile = path.join(dir, c.id, c.paper);
        if (!repo || !existsSync(repo) || !existsSync(paperFile)) continue;
        const k = foldOf(c.id, folds);
        let entries: CrosscheckEntry[];
        try {
          const analysis = await runAnalysis({
            paper: paperFile,
            repo,
            models: { paper: foldModel(keep, PAPER_TASK, k), code: foldModel(keep, CODE_TASK, k) },
          });
          entries = analysis.crosscheck ?? [];
        } catch {
          continue; // an unreadable paper is the paper figures' error, not a mismatch
        }
        cases += 1;
        sets[set] = (sets[set] ?? 0) + 1;
        for (const { field, kind } of scoreMismatches(counts, entries, c.mismatch ?? []))
          details.push(`${kind} mismatch ${c.id}.${field}: ${entryText(entries, field)}`);
      }
    }
    return {
      kind: "cross_validation",
      folds,
      paper: figures(paper, setsOf(paperCases)),
      code: figures(code, setsOf(codeCases)),
      repeats,
      mismatch: { ...counts, ...prf(counts), cases, sets, details },
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    rmSync(keep, { recursive: true, force: true });
  }
}

const line = (name: string, c: Counts & Prf) =>
  `${name.padEnd(22)} P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} F1=${c.f1.toFixed(2)}  (tp=${c.tp} fp=${c.fp} fn=${c.fn})`;
const setsText = (sets: Record<string, number>) =>
  Object.entries(sets)
    .map(([s, n]) => `${n} ${s}`)
    .join(" + ");
const thresholdsText = (f: RankerFigures) => f.thresholds.map((t) => `${t.report}/${t.confirmed}`).join(", ");

/** Mean, lowest and highest of micro figures over several assignments to folds. */
export function repeatSummary(
  figures: readonly Prf[],
): Record<"precision" | "recall" | "f1", { mean: number; min: number; max: number }> {
  const of = (k: "precision" | "recall" | "f1") => {
    const xs = figures.map((f) => f[k]);
    return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
  };
  return { precision: of("precision"), recall: of("recall"), f1: of("f1") };
}

/** One line for repeated cross-validation, none for a single assignment. */
function repeatsText(name: string, figures: readonly Prf[]): string[] {
  if (figures.length < 2) return [];
  const s = repeatSummary(figures);
  // Three decimals for the mean: next to a target (0.85), the second decimal's rounding decides the answer.
  const part = (k: keyof typeof s) =>
    `${s[k].mean.toFixed(3)} (${s[k].min.toFixed(2)}-${s[k].max.toFixed(2)})`;
  return [
    `${name} over ${figures.length} assignments of the cases to folds, mean (lowest-highest): P=${part("precision")} R=${part("recall")} F1=${part("f1")}`,
  ];
}

/** What the cross-check said about a field, for the list of errors: status, and each side's value. */
function entryText(entries: readonly CrosscheckEntry[], field: string): string {
  const entry = entries.find((e) => e.field === field);
  if (!entry) return "no entry";
  const side = (s: CrosscheckEntry["paper"]) =>
    s ? `${s.value}${s.probability !== undefined ? ` p=${s.probability.toFixed(2)}` : ""}` : "-";
  return `${entry.status} (paper ${side(entry.paper)}, code ${side(entry.code)})${entry.note ? `: ${entry.note}` : ""}`;
}

export function renderCrossValidation(report: CrossValidationReport, verbose = false): string {
  const lines = [
    `cross-validated paper reader: ${report.folds} folds grouped by paper over ${report.paper.cases} labelled papers (${setsText(report.paper.sets)}); each fold scored by a model and thresholds that never saw it`,
    ...Object.entries(report.paper.fields).map(([f, c]) => line(f, c)),
    line("micro", report.paper.micro),
    `thresholds chosen per fold: ${thresholdsText(report.paper)} (report/found without confirmation)`,
    ...repeatsText("micro", report.repeats.paper),
  ];
  if (report.code) {
    lines.push(
      "",
      `cross-validated code reader: ${report.folds} folds grouped by repository over ${report.code.cases} labelled repositories (${setsText(report.code.sets)})`,
      ...Object.entries(report.code.fields).map(([f, c]) => line(`code.${f}`, c)),
      line("code micro", report.code.micro),
      `thresholds chosen per fold: ${thresholdsText(report.code)}`,
      ...repeatsText("code micro", report.repeats.code ?? []),
    );
  }
  if (report.mismatch)
    lines.push(
      "",
      `paper/code mismatches, end to end on ${report.mismatch.cases} held-out cases with texts here (${setsText(report.mismatch.sets)}), each read with the models of the fold that did not see it:`,
      line("mismatch", report.mismatch),
      ...(verbose ? report.mismatch.details.map((e) => `  ${e}`) : []),
    );
  lines.push(`${report.seconds} s`);
  return lines.join("\n");
}
