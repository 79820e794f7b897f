#!/usr/bin/env node
/**
 * `npm run train`: trains the paper selector that ships in models/, from the stored corpus features.
 *
 *   1. Cross-validates (5 folds grouped by paper, thresholds chosen by an inner 3-fold CV on each training
 *      fold): the figures on papers neither the model nor its threshold saw, printed and written to the card.
 *   2. Chooses the shipped thresholds on out-of-fold probabilities of all labelled papers (5-fold).
 *   3. Trains the model on all labelled papers: models/paper-selector.onnx and models/paper-selector.json.
 *
 * Needs `npm run build` (it runs dist/) and Python 3 with scikit-learn and onnx.
 * Options: --skip-cv (steps 2-3 only).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const T = await import(path.join(root, "dist/eval/selector-training.js"));
const { FEATURE_VERSION, HASH_SIZE } = await import(
  path.join(root, "dist/readers/paper/selector/features.js")
);

const papers = T.loadLabelledPapers();
const started = Date.now();
const line = (name, c) =>
  `${name.padEnd(20)} P=${c.precision.toFixed(2)} R=${c.recall.toFixed(2)} F1=${c.f1.toFixed(2)} (tp=${c.tp} fp=${c.fp} fn=${c.fn})`;

let cv = null;
if (!process.argv.includes("--skip-cv")) {
  console.log(`cross-validating on ${papers.length} labelled papers (5 folds, inner 3-fold thresholds)...`);
  cv = await T.crossValidate(papers, 5);
  for (const [field, c] of Object.entries(cv.fields)) console.log(line(field, c));
  console.log(line("micro", cv.micro));
}

console.log("choosing the thresholds on out-of-fold probabilities of all papers...");
const oof = await T.outOfFoldProbabilities(papers, 5);
const thresholds = T.chooseThresholds(papers, oof);
console.log(
  `report >= ${thresholds.report} (OOF micro P=${thresholds.reportFigures.precision.toFixed(2)} R=${thresholds.reportFigures.recall.toFixed(2)}), found without confirmation >= ${thresholds.confirmed} (P=${thresholds.confirmedFigures.precision.toFixed(2)} R=${thresholds.confirmedFigures.recall.toFixed(2)}), per field ${JSON.stringify(thresholds.confirmedByField)}`,
);

console.log("training the shipped model on all labelled papers...");
const model = path.join(root, "models/paper-selector.onnx");
T.trainSelector(model, null);
const round = (x) => Math.round(x * 1000) / 1000;
const figures = (c) => ({
  precision: round(c.precision),
  recall: round(c.recall),
  f1: round(c.f1),
  tp: c.tp,
  fp: c.fp,
  fn: c.fn,
});
writeFileSync(
  path.join(root, "models/paper-selector.json"),
  `${JSON.stringify(
    {
      model: "models/paper-selector.onnx",
      feature_version: FEATURE_VERSION,
      hash_size: HASH_SIZE,
      thresholds: {
        report: thresholds.report,
        confirmed: thresholds.confirmed,
        confirmedByField: thresholds.confirmedByField,
      },
      trained_on: {
        papers: papers.length,
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
  `done in ${Math.round((Date.now() - started) / 1000)} s: models/paper-selector.onnx, models/paper-selector.json`,
);
