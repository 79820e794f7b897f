#!/usr/bin/env node
/**
 * Writes the selector's training data: for every labelled paper, each candidate of a selected field with its
 * hashed features and whether it matches the paper's label (distant supervision). Text never leaves this
 * machine: the files hold feature indices, values and labels only.
 *
 *   models/corpus/features/dev.jsonl.gz   ../shared/eval/dev (67 papers, the reference labels)
 *   models/corpus/features/own.jsonl.gz   models/corpus/cases.json, read from ../corpus-cache/cases
 *                                         (scripts/corpus/build.py --materialise unpacks them there)
 *
 * With --reader code: the code ranker's data, from the repositories of cases with code labels (expected_code):
 *
 *   models/corpus/code-features/dev.jsonl.gz, models/corpus/code-features/own.jsonl.gz
 *
 * Run after `npm run build`: node scripts/selector-data.mjs [--reader paper|code] [--set dev|own] [--cache ../corpus-cache]
 * A set whose papers are not on this machine is left as it is (CI has ../shared but not the corpus cache).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const cache = path.resolve(root, option("cache", "../corpus-cache"));
const only = option("set", null);
const reader = option("reader", "paper");

const { loadPaper } = await import(path.join(root, "dist/readers/paper/load.js"));
const { analyzePaperDocument } = await import(path.join(root, "dist/readers/paper/analyze.js"));
const { selectorCandidates } = await import(path.join(root, "dist/readers/paper/selector/candidates.js"));
const { FEATURE_VERSION } = await import(path.join(root, "dist/readers/paper/selector/features.js"));
const { perEpochTimeOf } = await import(path.join(root, "dist/readers/paper/selector/choose.js"));
const { matchesGold } = await import(path.join(root, "dist/eval/score.js"));

const SETS = [
  {
    name: "dev",
    cases: path.resolve(root, "../shared/eval/dev/cases.json"),
    dir: path.resolve(root, "../shared/eval/dev"),
  },
  { name: "own", cases: path.join(root, "models/corpus/cases.json"), dir: path.join(cache, "cases") },
];

if (reader === "code") {
  await codeData();
  process.exit(0);
}

for (const set of SETS) {
  if (only && set.name !== only) continue;
  if (!existsSync(set.cases) || !existsSync(set.dir)) {
    console.log(`${set.name}: papers not on this machine (${set.dir}); left as it is`);
    continue;
  }
  const cases = JSON.parse(readFileSync(set.cases, "utf8"));
  const lines = [];
  let candidates = 0;
  let errors = 0;
  for (const c of cases) {
    const file = path.join(set.dir, c.id, c.paper);
    let analysis;
    try {
      analysis = analyzePaperDocument((await loadPaper(file)).document);
    } catch (error) {
      errors += 1;
      lines.push(JSON.stringify({ id: c.id, set: set.name, error: String(error.message ?? error) }));
      continue;
    }
    const scored = selectorCandidates(analysis).map((s) => {
      const gold = c.expected[s.field];
      const y = Array.isArray(gold)
        ? matchesGold(s.field, s.value, gold)
          ? 1
          : 0
        : gold === "skip"
          ? -1
          : 0;
      return { f: s.field, v: s.value, y, s: s.sentence, x: s.features };
    });
    candidates += scored.length;
    const perEpochTime = perEpochTimeOf(analysis.chosen);
    lines.push(
      JSON.stringify({
        id: c.id,
        set: set.name,
        version: FEATURE_VERSION,
        candidates: scored,
        ...(perEpochTime ? { perEpochTime } : {}),
      }),
    );
  }
  const out = path.join(root, "models/corpus/features", `${set.name}.jsonl.gz`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, gzipSync(Buffer.from(lines.join("\n") + "\n"), { level: 9 }));
  console.log(
    `${set.name}: ${cases.length} papers, ${candidates} candidates, ${errors} unreadable → ${path.relative(root, out)}`,
  );
}

/** y: 1 when the candidate's value matches the label, 0 when it does not (or the label is null), -1 unscored. */
function labelOf(gold, field, value) {
  if (gold === undefined || gold === "skip") return -1;
  if (gold === null) return 0;
  return matchesGold(field, value, gold) ? 1 : 0;
}

async function codeData() {
  const { readRepositoryRanking } = await import(path.join(root, "dist/readers/code/index.js"));
  const { codeCandidates } = await import(path.join(root, "dist/readers/code/selector/candidates.js"));
  const { CODE_FEATURE_VERSION } = await import(path.join(root, "dist/readers/code/selector/features.js"));
  const { openingWords } = await import(path.join(root, "dist/domain/name-words.js"));
  for (const set of SETS) {
    if (only && set.name !== only) continue;
    if (!existsSync(set.cases) || !existsSync(set.dir)) {
      console.log(`${set.name}: repositories not on this machine (${set.dir}); left as they are`);
      continue;
    }
    const cases = JSON.parse(readFileSync(set.cases, "utf8")).filter((c) => c.repo_dir && c.expected_code);
    const lines = [];
    let candidates = 0;
    let errors = 0;
    for (const c of cases) {
      const repo = path.join(set.dir, c.id, c.repo_dir);
      let reading;
      try {
        // The paper's opening words, as the shipped reader passes them (runAnalysis, readSources).
        let paperWords = [];
        if (c.paper)
          try {
            paperWords = openingWords((await loadPaper(path.join(set.dir, c.id, c.paper))).document.text);
          } catch {
            // an unreadable paper: the code is read without its words, as the shipped reader does
          }
        // A generous parse bound: training data must not depend on how busy the machine is.
        // Where the paper lies, as runAnalysis passes it (a repository of several projects is read for the paper's).
        const paperPath = c.paper
          ? path
              .relative(repo, path.join(set.dir, c.id, c.paper))
              .split(path.sep)
              .join("/")
          : null;
        reading = await readRepositoryRanking(repo, { parseTimeoutMs: 20_000, paperWords, paperPath });
      } catch (error) {
        errors += 1;
        lines.push(JSON.stringify({ id: c.id, set: set.name, error: String(error.message ?? error) }));
        continue;
      }
      const ruleChoice = Object.fromEntries(
        Object.entries(reading.report.chosen).map(([field, chosen]) => [field, chosen.fact]),
      );
      const scored = codeCandidates(reading.ranked, reading.report.entry_points, ruleChoice).map((s) => ({
        f: s.field,
        v: s.value,
        y: labelOf(c.expected_code[s.field], s.field, s.value),
        x: s.features,
      }));
      candidates += scored.length;
      lines.push(
        JSON.stringify({ id: c.id, set: set.name, version: CODE_FEATURE_VERSION, candidates: scored }),
      );
    }
    const out = path.join(root, "models/corpus/code-features", `${set.name}.jsonl.gz`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, gzipSync(Buffer.from(lines.join("\n") + "\n"), { level: 9 }));
    console.log(
      `${set.name}: ${cases.length} repositories, ${candidates} candidates, ${errors} unreadable → ${path.relative(root, out)}`,
    );
  }
}
