/**
 * The accuracy guard: the paper reader's cross-validated figures (5 folds grouped by paper over every labelled
 * paper, thresholds chosen inside each training fold), the figures of papers the model never saw. Training needs
 * Python 3 with scikit-learn and onnx (.ci/run installs Debian's python3-sklearn and python3-onnx); without them
 * the guard is skipped locally and fails in CI. The same run guards the code ranker (5 folds grouped by
 * repository) and scores the paper/code mismatches end to end with each fold's models.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { crossValidatedReport, repeatSummary } from "../../src/eval/cross-validation.js";
import { findPython } from "../../src/eval/selector-training.js";
import { loadPaper } from "../../src/readers/paper/load.js";
import { analyzePaperDocument } from "../../src/readers/paper/analyze.js";
import { selectorCandidates } from "../../src/readers/paper/selector/candidates.js";
import { readRepositoryRanking } from "../../src/readers/code/index.js";
import { codeCandidates } from "../../src/readers/code/selector/candidates.js";
import { openingWords } from "../../src/domain/name-words.js";

const DEV = "../shared/eval/dev";
// Measured 2026-12-07 (`npm run eval -- --cv 5 --repeat 5`, feature version 7, report at 0.5): micro F1 0.85 on
// the first assignment of the papers to folds, 0.84-0.85 over five (mean P 0.868 R 0.830 F1 0.849). The floors hold
// the mean of three assignments, with a margin for a retrained liblinear on another machine.
const MICRO_F1_FLOOR = 0.82;
const PRECISION_FLOOR = 0.84;
const REPEATS = 3;
// The code ranker (epochs, steps, batch size, device count), 5 folds grouped by repository over 144 labelled
// repositories; measured 2026-12-07 (feature version 2): micro P 0.86 R 0.84 F1 0.85 (mean of five 0.853).
const CODE_MICRO_F1_FLOOR = 0.77;
const CODE_PRECISION_FLOOR = 0.79;
// Paper/code mismatches end to end with each fold's models: P 1.00 R 0.56 over 143 cases (9 of 9 flagged right; on
// the 38 dev cases this test reads, 4 of 4; measured 2026-12-07, a paper value to confirm held against the code
// like any other). The floor leaves room for one false mismatch among four.
const MISMATCH_PRECISION_FLOOR = 0.75;

const hasPython = (() => {
  try {
    findPython();
    return true;
  } catch {
    return false;
  }
})();
const hasDev = existsSync(`${DEV}/cases.json`);

(hasDev && (hasPython || process.env.CI) ? describe : describe.skip)(
  "cross-validated accuracy of the paper reader",
  () => {
    // One cross-validation for every figure: it trains each fold's paper selector and code ranker once.
    let report: Awaited<ReturnType<typeof crossValidatedReport>>;
    beforeAll(async () => {
      report = await crossValidatedReport(`${DEV}/cases.json`, 5, { code: true, repeat: REPEATS });
    }, 1_800_000);

    it(`keeps mean micro-F1 >= ${MICRO_F1_FLOOR} and precision >= ${PRECISION_FLOOR} on papers it never saw`, () => {
      const { paper } = report;
      expect(paper.cases).toBeGreaterThanOrEqual(240);
      expect(paper.sets.own).toBeGreaterThanOrEqual(150);
      // The mean over assignments of the papers to folds: one assignment's figure moves by about 0.01.
      expect(report.repeats.paper).toHaveLength(REPEATS);
      const { f1, precision } = repeatSummary(report.repeats.paper);
      expect(f1.mean).toBeGreaterThanOrEqual(MICRO_F1_FLOOR);
      expect(precision.mean).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    });

    it(`keeps the code ranker's micro-F1 >= ${CODE_MICRO_F1_FLOOR} and precision >= ${CODE_PRECISION_FLOOR} on repositories it never saw`, () => {
      const code = report.code!;
      expect(code.cases).toBeGreaterThanOrEqual(140);
      expect(code.sets.own).toBeGreaterThanOrEqual(100);
      expect(code.micro.f1).toBeGreaterThanOrEqual(CODE_MICRO_F1_FLOOR);
      expect(code.micro.precision).toBeGreaterThanOrEqual(CODE_PRECISION_FLOOR);
    });

    it(`keeps the end-to-end mismatch precision >= ${MISMATCH_PRECISION_FLOOR} on held-out cases`, () => {
      // Only the dev cases' texts are on a CI machine (the own corpus keeps pointers, not texts): there the figure
      // rests on 8 labelled mismatches (measured P 1.00, 4 flagged, all right); with the corpus cache, on 16.
      const mismatch = report.mismatch!;
      expect(mismatch.sets.dev).toBe(38);
      expect(mismatch.tp + mismatch.fn).toBeGreaterThanOrEqual(8);
      expect(mismatch.tp).toBeGreaterThanOrEqual(3); // 4 measured; one of slack for a retrained model
      expect(mismatch.precision).toBeGreaterThanOrEqual(MISMATCH_PRECISION_FLOOR);
    });
  },
);

/** A stored features file (one JSON line per paper or repository), by id. */
function storedFeatures<C>(file: string): Map<string, { candidates: C[] }> {
  return new Map(
    gunzipSync(readFileSync(file))
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const row = JSON.parse(line) as { id: string; candidates: C[] };
        return [row.id, row];
      }),
  );
}

(hasDev ? describe : describe.skip)("the stored training features", () => {
  // The model trains on models/corpus/features; if the reader's candidates or features change without
  // `node scripts/selector-data.mjs`, the figures above measure a reader that no longer exists.
  const stored = storedFeatures<{ f: string; v: unknown; s: number; x: number[] }>(
    "models/corpus/features/dev.jsonl.gz",
  );
  const cases: Array<{ id: string; paper: string }> = JSON.parse(readFileSync(`${DEV}/cases.json`, "utf8"));

  it.each(cases.filter((_, i) => i % 8 === 0).map((c) => [c.id, c.paper]))(
    "are what the reader computes today for %s",
    async (id, paper) => {
      const analysis = analyzePaperDocument((await loadPaper(path.join(DEV, id, paper))).document);
      const now = selectorCandidates(analysis).map((c) => ({
        f: c.field,
        v: c.value,
        s: c.sentence,
        x: c.features,
      }));
      expect(now).toEqual(stored.get(id)!.candidates.map(({ f, v, s, x }) => ({ f, v, s, x })));
    },
    60_000,
  );
});

(hasDev ? describe : describe.skip)("the stored code-ranker features", () => {
  // The code ranker trains on models/corpus/code-features: if the code reader changes without
  // `node scripts/selector-data.mjs --reader code`, the figures above measure a reader that no longer exists.
  const stored = storedFeatures<{ f: string; v: unknown; x: number[] }>(
    "models/corpus/code-features/dev.jsonl.gz",
  );
  const cases: Array<{ id: string; repo_dir?: string; paper?: string; expected_code?: object }> = JSON.parse(
    readFileSync(`${DEV}/cases.json`, "utf8"),
  ).filter((c: { repo_dir?: string; expected_code?: object }) => c.repo_dir && c.expected_code);

  it.each(cases.filter((_, i) => i % 8 === 0).map((c) => [c.id, c.repo_dir!, c.paper ?? null] as const))(
    "are what the code reader computes today for %s",
    async (id, repoDir, paper) => {
      // With the paper's opening words, as the training data is read (scripts/selector-data.mjs).
      const paperWords = paper
        ? openingWords((await loadPaper(path.join(DEV, id, paper))).document.text)
        : [];
      const reading = await readRepositoryRanking(path.join(DEV, id, repoDir), {
        parseTimeoutMs: 20_000,
        paperWords,
      });
      const ruleChoice = Object.fromEntries(
        Object.entries(reading.report.chosen).map(([field, chosen]) => [field, chosen!.fact]),
      );
      const now = codeCandidates(reading.ranked, reading.report.entry_points, ruleChoice).map((c) => ({
        f: c.field,
        v: c.value,
        x: c.features,
      }));
      expect(now).toEqual(stored.get(id)!.candidates.map(({ f, v, x }) => ({ f, v, x })));
    },
    120_000,
  );
});
