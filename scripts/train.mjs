#!/usr/bin/env node
/**
 * `npm run train`: trains the two rankers that ship in models/, from the stored corpus features:
 *   the paper selector (models/paper-selector.*) and the code ranker (models/code-ranker.*).
 *
 * For each:
 *   1. Cross-validates (5 folds grouped by paper or repository, thresholds chosen by an inner 3-fold CV on each
 *      training fold): the figures on papers neither the model nor its threshold saw, printed and written to the
 *      model's JSON (its card's figures).
 *   2. Chooses the shipped thresholds on out-of-fold probabilities of all labelled papers (5-fold).
 *   3. Trains the model on all labelled papers.
 *
 * Needs `npm run build` (it runs dist/) and Python 3 with scikit-learn and onnx.
 * Options: --skip-cv (steps 2-3 only), --only paper|code.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const T = await import(path.join(root, "dist/eval/selector-training.js"));
const { HASH_SIZE } = await import(path.join(root, "dist/readers/ranking/hash.js"));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;

const line = (name, c) =>
  `${name.padEnd(20)} P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} F1=${c.f1.toFixed(2)} (tp=${c.tp} fp=${c.fp} fn=${c.fn})`;
const round = (x) => Math.round(x * 1000) / 1000;
const figures = (c) => ({
  precision: round(c.precision),
  recall: round(c.recall),
  f1: round(c.f1),
  tp: c.tp,
  fp: c.fp,
  fn: c.fn,
});

const RANKERS = [
  { task: T.PAPER_TASK, file: "paper-selector", what: "papers" },
  { task: T.CODE_TASK, file: "code-ranker", what: "repositories" },
];

for (const { task, file, what } of RANKERS) {
  if (only && task.name !== only) continue;
  const started = Date.now();
  const papers = T.loadLabelledPapers(undefined, task);
  console.log(`\n== ${task.name}: ${papers.length} labelled ${what}`);
  let cv = null;
  if (!args.includes("--skip-cv")) {
    console.log(`cross-validating (5 folds, inner 3-fold thresholds)...`);
    cv = await T.crossValidate(papers, 5, { task });
    for (const [field, c] of Object.entries(cv.fields)) console.log(line(field, c));
    console.log(line("micro", cv.micro));
  }
  console.log(`choosing the thresholds on out-of-fold probabilities of all ${what}...`);
  const oof = await T.outOfFoldProbabilities(papers, 5, task);
  const thresholds = T.chooseThresholds(papers, oof, 0, task);
  console.log(
    `report >= ${thresholds.report} (OOF micro P=${thresholds.reportFigures.precision.toFixed(2)} R=${thresholds.reportFigures.recall.toFixed(2)}), found without confirmation >= ${thresholds.confirmed}, per field ${JSON.stringify(thresholds.confirmedByField)}`,
  );
  console.log(`training the shipped model on all labelled ${what}...`);
  T.trainSelector(path.join(root, `models/${file}.onnx`), null, { task });
  writeFileSync(
    path.join(root, `models/${file}.json`),
    `${JSON.stringify(
      {
        model: `models/${file}.onnx`,
        feature_version: task.featureVersion,
        hash_size: HASH_SIZE,
        thresholds: {
          report: thresholds.report,
          confirmed: thresholds.confirmed,
          confirmedByField: thresholds.confirmedByField,
        },
        trained_on: {
          [what]: papers.length,
          sets: Object.fromEntries(["dev", "own"].map((s) => [s, papers.filter((p) => p.set === s).length])),
          candidates: papers.reduce((n, p) => n + p.candidates.length, 0),
        },
        cross_validation: cv
          ? {
              folds: 5,
              fields: Object.fromEntries(Object.entries(cv.fields).map(([f, c]) => [f, figures(c)])),
              micro: figures(cv.micro),
            }
          : null,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `done in ${Math.round((Date.now() - started) / 1000)} s: models/${file}.onnx, models/${file}.json`,
  );
}
