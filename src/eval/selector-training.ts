/**
 * Training and cross-validating the paper selector on the labelled corpus (dev papers and our own), from the
 * stored features (models/corpus/features): the papers' text is not needed, so CI can run it.
 *
 * Cross-validation is grouped by paper: a paper's candidates are all in one fold. The report threshold is chosen
 * inside each training fold (an inner cross-validation on the training papers only), so the held-out fold is
 * scored with a threshold it did not help choose: the figures measure papers the model and its threshold never
 * saw.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { InputError } from "../domain/errors.js";
import { chooseValues, type PerEpochTime, type Thresholds } from "../readers/paper/selector/choose.js";
import { SELECTED_FIELDS, type SelectedField } from "../readers/paper/selector/fields.js";
import { FEATURE_VERSION } from "../readers/paper/selector/features.js";
import { HASH_SIZE } from "../readers/ranking/hash.js";
import { loadRanker } from "../readers/ranking/model.js";
import { chooseCodeValues } from "../readers/code/selector/choose.js";
import { CODE_FEATURE_VERSION } from "../readers/code/selector/features.js";
import { CODE_SELECTED_FIELDS, type CodeSelectedField } from "../readers/code/selector/fields.js";
import { prf, scoreField, sumCounts, type Counts, type Label, type Prf } from "./score.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TRAIN_SCRIPT = path.join(ROOT, "models/train/train_selector.py");

/**
 * What differs between the two trained rankers: where their stored features are, which labels they learn, which
 * fields they decide, and how a paper's (or repository's) scored candidates become one value per field.
 */
export interface RankerTask {
  name: "paper" | "code";
  featuresDir: string;
  featureVersion: number;
  /** The labels of a case for this ranker (the paper's `expected`, the code's `expected_code`). */
  labelsOf(c: {
    expected?: Record<string, Label>;
    expected_code?: Record<string, Label> | null;
  }): Record<string, Label> | null;
  fields: readonly string[];
  /** A field absent from the labels: not disclosed (paper) or not scored (code). */
  absent: "null" | "skip";
  /**
   * A fixed report threshold, when the task has one: the summary states a value the model gives at least even
   * odds. Absent: the threshold with the best micro-F1 on the out-of-fold probabilities (the code ranker picks one
   * value among a repository's many, where a low bar is the better one).
   */
  report?: number;
  choose(
    paper: LabelledPaper,
    probabilities: Float32Array,
    thresholds: Thresholds,
  ): Map<string, { value: number | string }>;
}

export const PAPER_TASK: RankerTask = {
  name: "paper",
  featuresDir: path.join(ROOT, "models/corpus/features"),
  featureVersion: FEATURE_VERSION,
  labelsOf: (c) => c.expected ?? null,
  fields: SELECTED_FIELDS,
  absent: "null",
  // Chosen per fold, the best threshold moved between 0.35 and 0.6 and the figure by about ±0.005 from one change
  // to the next, never above the figure at 0.5: even odds is the bar, not a tuned number.
  report: 0.5,
  choose: (paper, probabilities, thresholds) =>
    chooseValues(
      paper.candidates.map((c, index) => ({
        field: c.f as SelectedField,
        value: c.v,
        probability: probabilities[index] ?? 0,
        index,
        ...(c.s === undefined ? {} : { sentence: c.s }),
      })),
      thresholds,
      paper.perEpochTime ?? null,
    ),
};

export const CODE_TASK: RankerTask = {
  name: "code",
  featuresDir: path.join(ROOT, "models/corpus/code-features"),
  featureVersion: CODE_FEATURE_VERSION,
  labelsOf: (c) => c.expected_code ?? null,
  fields: CODE_SELECTED_FIELDS,
  absent: "skip",
  choose: (paper, probabilities, thresholds) =>
    chooseCodeValues(
      paper.candidates.map((c, index) => ({
        field: c.f as CodeSelectedField,
        value: c.v,
        probability: probabilities[index] ?? 0,
        index,
      })),
      thresholds.report,
    ),
};

export interface StoredCandidate {
  f: string;
  v: number | string;
  y: number;
  /** The sentence that states it (run coherence, choose.ts). */
  s?: number;
  x: number[];
}

export interface LabelledPaper {
  id: string;
  set: string;
  candidates: StoredCandidate[];
  labels: Record<string, Label>;
  /** The rules' training time from a time per epoch (choose.ts uses it as the shipped reader does). */
  perEpochTime?: PerEpochTime;
}

/** The stored features of every labelled paper, with its labels. @throws InputError when they are stale. */
export function loadLabelledPapers(
  casesFiles: Record<string, string> = {
    dev: path.resolve(ROOT, "../shared/eval/dev/cases.json"),
    own: path.join(ROOT, "models/corpus/cases.json"),
  },
  task: RankerTask = PAPER_TASK,
): LabelledPaper[] {
  const papers: LabelledPaper[] = [];
  for (const [set, casesFile] of Object.entries(casesFiles)) {
    let cases: Array<{
      id: string;
      expected?: Record<string, Label>;
      expected_code?: Record<string, Label> | null;
    }>;
    try {
      cases = JSON.parse(readFileSync(casesFile, "utf8"));
    } catch {
      continue;
    }
    const labels = new Map(cases.map((c) => [c.id, task.labelsOf(c)]));
    const featuresFile = path.join(task.featuresDir, `${set}.jsonl.gz`);
    if (!existsSync(featuresFile)) continue;
    const lines = gunzipSync(readFileSync(featuresFile)).toString("utf8").split("\n").filter(Boolean);
    for (const line of lines) {
      const paper = JSON.parse(line) as {
        id: string;
        version?: number;
        candidates?: StoredCandidate[];
        perEpochTime?: PerEpochTime;
      };
      if (!paper.candidates) continue;
      if (paper.version !== task.featureVersion)
        throw new InputError(
          "features_stale",
          `${path.relative(ROOT, featuresFile)} holds features of version ${paper.version}; the reader computes ${task.featureVersion}: rebuild them (node scripts/selector-data.mjs --reader ${task.name})`,
        );
      const expected = labels.get(paper.id);
      if (expected)
        papers.push({
          id: paper.id,
          set,
          candidates: paper.candidates,
          labels: expected,
          ...(paper.perEpochTime ? { perEpochTime: paper.perEpochTime } : {}),
        });
    }
  }
  return papers;
}

/** The Python that has scikit-learn and onnx (Debian's python3-sklearn and python3-onnx). */
export function findPython(): string {
  const candidates = [process.env.ML_FOOTPRINT_PYTHON, "python3", "/usr/bin/python3"].filter(
    (p): p is string => Boolean(p),
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import sklearn, onnx, scipy"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  throw new InputError(
    "python_missing",
    "training needs Python 3 with scikit-learn and onnx (Debian: apt-get install python3-sklearn python3-onnx), or ML_FOOTPRINT_PYTHON",
  );
}

/** Trains a model on `ids` (all papers when absent) into `out`. */
export function trainSelector(
  out: string,
  ids: readonly string[] | null,
  options: { c?: number; task?: RankerTask } = {},
): void {
  const dir = mkdtempSync(path.join(tmpdir(), "selector-train-"));
  try {
    const args = [TRAIN_SCRIPT, "--features", (options.task ?? PAPER_TASK).featuresDir, "--out", out];
    if (ids) {
      const list = path.join(dir, "papers.txt");
      writeFileSync(list, `${ids.join("\n")}\n`);
      args.push("--papers", list);
    }
    if (options.c !== undefined) args.push("--c", String(options.c));
    const run = spawnSync(findPython(), args, { encoding: "utf8" });
    if (run.status !== 0)
      throw new Error(
        `selector training failed: ${(run.stderr || run.stdout).trim().split("\n").slice(-3).join(" ")}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The model files `crossValidate(..., { keepModels: dir })` kept for fold k. */
export function foldModel(dir: string, task: RankerTask, k: number): { model: string; config: string } {
  return {
    model: path.join(dir, `${task.name}-${k}.onnx`),
    config: path.join(dir, `${task.name}-${k}.json`),
  };
}

/** A deterministic fold for a paper (its id hashed), so folds do not depend on the order of the files. */
export function foldOf(id: string, folds: number, salt?: string): number {
  const key = salt === undefined ? id : `${salt}:${id}`;
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  // FNV-1a's low bits depend only on the low bits of what came before: with a salt and a power-of-two number of
  // folds, every salt would give the same split relabelled. A final mix spreads the high bits down (MurmurHash3's
  // fmix32); the unsalted assignment stays as it was.
  if (salt !== undefined) {
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return (hash >>> 0) % folds;
}

/** Per paper: the probability of every candidate under a model. */
type Probabilities = Map<string, Float32Array>;

async function predict(
  modelFile: string,
  configFile: string,
  papers: readonly LabelledPaper[],
  task: RankerTask,
): Promise<Probabilities> {
  const selector = await loadRanker({
    model: modelFile,
    config: configFile,
    featureVersion: task.featureVersion,
    name: `the ${task.name} ranker`,
  });
  const out: Probabilities = new Map();
  for (const paper of papers) out.set(paper.id, await selector.score(paper.candidates.map((c) => c.x)));
  return out;
}

/** Scores the chosen values of papers against their labels, with the reference scorer's rules. */
export function scoreChoices(
  papers: readonly LabelledPaper[],
  probabilities: Probabilities,
  thresholds: Thresholds,
  task: RankerTask = PAPER_TASK,
): { fields: Record<string, Counts & Prf>; micro: Counts & Prf } {
  const counts: Record<string, Counts> = Object.fromEntries(
    task.fields.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]),
  );
  for (const paper of papers) {
    const choices = task.choose(paper, probabilities.get(paper.id) ?? new Float32Array(0), thresholds);
    for (const field of task.fields) {
      // An explicit null is "not set" (a prediction is a false positive); an absent field follows the task.
      const label =
        field in paper.labels ? (paper.labels[field] ?? null) : task.absent === "null" ? null : "skip";
      scoreField(counts[field]!, paper.id, field, choices.get(field)?.value ?? null, label);
    }
  }
  const micro = sumCounts(Object.values(counts));
  return {
    fields: Object.fromEntries(Object.entries(counts).map(([f, c]) => [f, { ...c, ...prf(c) }])),
    micro: { ...micro, ...prf(micro) },
  };
}

/** Precision at which a value is "found" rather than "found, please confirm". */
const CONFIRMED_PRECISION = 0.95;
/** A field's own confirm threshold needs this many right values at it; below, the micro threshold applies. */
const MIN_FIELD_SUPPORT = 10;

/**
 * The thresholds chosen on out-of-fold probabilities: `report`, the task's fixed one, else the one with the best
 * micro-F1 (among those that keep micro precision at or above `reportPrecision`, when one does); `confirmed`, the lowest at which micro
 * precision reaches 0.95, and per field the lowest at which that field's does with at least 10 right values
 * (values between `report` and these are "found, please confirm").
 */
export function chooseThresholds(
  papers: readonly LabelledPaper[],
  probabilities: Probabilities,
  reportPrecision = 0,
  task: RankerTask = PAPER_TASK,
): Required<Thresholds> & { reportFigures: Prf; confirmedFigures: Prf } {
  const grid = [...Array.from({ length: 19 }, (_, i) => 0.05 + i * 0.05), 0.97, 0.98, 0.99];
  let report = { threshold: 0.5, f1: -1, figures: prf({ tp: 0, fp: 0, fn: 0 }) };
  let fallback = { threshold: 0.5, f1: -1, figures: prf({ tp: 0, fp: 0, fn: 0 }) };
  let confirmed: { threshold: number; figures: Prf } | null = null;
  const byField: Partial<Record<SelectedField, number>> = {};
  for (const t of grid) {
    const { micro, fields } = scoreChoices(papers, probabilities, { report: t, confirmed: t }, task);
    if (micro.f1 > fallback.f1) fallback = { threshold: t, f1: micro.f1, figures: micro };
    if (micro.precision >= reportPrecision && micro.f1 > report.f1)
      report = { threshold: t, f1: micro.f1, figures: micro };
    if (!confirmed && micro.precision >= CONFIRMED_PRECISION) confirmed = { threshold: t, figures: micro };
    for (const field of task.fields as SelectedField[]) {
      const c = fields[field]!;
      if (byField[field] === undefined && c.tp >= MIN_FIELD_SUPPORT && c.precision >= CONFIRMED_PRECISION)
        byField[field] = t;
    }
  }
  const chosen =
    task.report !== undefined
      ? {
          threshold: task.report,
          figures: scoreChoices(papers, probabilities, { report: task.report, confirmed: task.report }, task)
            .micro,
        }
      : report.f1 >= 0
        ? report
        : fallback;
  // When no threshold reaches 95 % precision, nothing is "found" without the authors' confirmation.
  const confirm = confirmed ?? { threshold: 1, figures: prf({ tp: 0, fp: 0, fn: 0 }) };
  const atLeastReport = (t: number) => round2(Math.max(t, chosen.threshold));
  return {
    report: round2(chosen.threshold),
    confirmed: atLeastReport(confirm.threshold),
    confirmedByField: Object.fromEntries(
      Object.entries(byField).map(([field, t]) => [field, atLeastReport(t)]),
    ) as Partial<Record<SelectedField, number>>,
    reportFigures: chosen.figures,
    confirmedFigures: confirm.figures,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface CrossValidation {
  folds: number;
  papers: number;
  fields: Record<string, Counts & Prf>;
  micro: Counts & Prf;
  /** The thresholds each outer fold chose on its own training papers. */
  thresholds: Thresholds[];
  /** Out-of-fold probabilities of every paper (for choosing the shipped model's thresholds). */
  outOfFold: Probabilities;
}

/** Out-of-fold probabilities of every paper: each from a model that did not see it (k folds). */
export async function outOfFoldProbabilities(
  papers: readonly LabelledPaper[],
  folds = 5,
  task: RankerTask = PAPER_TASK,
): Promise<Probabilities> {
  const work = mkdtempSync(path.join(tmpdir(), "selector-oof-"));
  try {
    return await outOfFold(papers, folds, work, "oof", task);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Out-of-fold probabilities of `papers` from a k-fold cross-validation on them alone. */
async function outOfFold(
  papers: readonly LabelledPaper[],
  folds: number,
  work: string,
  tag: string,
  task: RankerTask,
): Promise<Probabilities> {
  const out: Probabilities = new Map();
  for (let k = 0; k < folds; k++) {
    const test = papers.filter((p) => foldOf(`${tag}:${p.id}`, folds) === k);
    const train = papers.filter((p) => foldOf(`${tag}:${p.id}`, folds) !== k);
    if (test.length === 0 || train.length === 0) continue;
    const model = path.join(work, `${tag}-${k}.onnx`);
    trainSelector(
      model,
      train.map((p) => p.id),
      { task },
    );
    const config = writeConfig(work, `${tag}-${k}`, { report: 0.5, confirmed: 0.5 }, task);
    for (const [id, probabilities] of await predict(model, config, test, task)) out.set(id, probabilities);
  }
  return out;
}

function writeConfig(work: string, name: string, thresholds: Thresholds, task: RankerTask): string {
  const file = path.join(work, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ feature_version: task.featureVersion, hash_size: HASH_SIZE, thresholds }),
  );
  return file;
}

/**
 * k-fold cross-validation grouped by paper, with thresholds chosen by an inner cross-validation on each training
 * fold.
 *
 * @example
 *   const cv = await crossValidate(loadLabelledPapers(), 5);
 *   cv.micro.f1; // measured on papers neither the model nor its threshold saw
 */
export async function crossValidate(
  papers: readonly LabelledPaper[],
  folds = 5,
  options: { innerFolds?: number; task?: RankerTask; keepModels?: string; salt?: string } = {},
): Promise<CrossValidation> {
  const task = options.task ?? PAPER_TASK;
  // Another assignment of the cases to folds: the figure of one assignment moves by about 0.01 with it.
  const fold = (id: string) => foldOf(id, folds, options.salt);
  const work = mkdtempSync(path.join(tmpdir(), "selector-cv-"));
  const keep = options.keepModels;
  try {
    const thresholds: Thresholds[] = [];
    const outer: Probabilities = new Map();
    const fieldCounts: Record<string, Counts> = Object.fromEntries(
      task.fields.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]),
    );
    for (let k = 0; k < folds; k++) {
      const test = papers.filter((p) => fold(p.id) === k);
      const train = papers.filter((p) => fold(p.id) !== k);
      const inner = await outOfFold(train, options.innerFolds ?? 3, work, `inner${k}`, task);
      const chosen = chooseThresholds(train, inner, 0, task);
      thresholds.push({
        report: chosen.report,
        confirmed: chosen.confirmed,
        confirmedByField: chosen.confirmedByField,
      });
      // Kept (when asked) for scoring the held-out fold end to end: `foldModel(keepModels, task, k)`.
      const where = keep ?? work;
      const model = path.join(where, `${task.name}-${k}.onnx`);
      trainSelector(
        model,
        train.map((p) => p.id),
        { task },
      );
      const config = writeConfig(where, `${task.name}-${k}`, thresholds[k]!, task);
      const probabilities = await predict(model, config, test, task);
      for (const [id, p] of probabilities) outer.set(id, p);
      const scored = scoreChoices(test, probabilities, thresholds[k]!, task);
      for (const field of task.fields)
        fieldCounts[field] = sumCounts([fieldCounts[field]!, scored.fields[field]!]);
    }
    const micro = sumCounts(Object.values(fieldCounts));
    return {
      folds,
      papers: papers.length,
      fields: Object.fromEntries(Object.entries(fieldCounts).map(([f, c]) => [f, { ...c, ...prf(c) }])),
      micro: { ...micro, ...prf(micro) },
      thresholds,
      outOfFold: outer,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
