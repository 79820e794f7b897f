#!/usr/bin/env node
// Benchmark of the paper reader (and the code reader, when its bench script exists), as medians on this
// machine. Figures are reported, never asserted: timing tests flake, benchmarks inform.
//
//   npm run bench                  # dev papers from ../shared/eval/dev
//   npm run bench -- --cases DIR   # another labelled folder
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const casesDir = path.resolve(
  args[args.indexOf("--cases") + 1] && args.includes("--cases")
    ? args[args.indexOf("--cases") + 1]
    : path.join(root, "../shared/eval/dev"),
);
const REPEAT = 3;

const { readPaper } = await import(path.join(root, "dist/readers/paper/index.js"));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

if (!existsSync(path.join(casesDir, "cases.json"))) {
  console.error(`no cases.json in ${casesDir}; pass --cases DIR`);
  process.exit(2);
}
const cases = JSON.parse(readFileSync(path.join(casesDir, "cases.json"), "utf8"));
const papers = cases.map((c) => ({ id: c.id, format: c.format, file: path.join(casesDir, c.id, c.paper) }));

async function measure(file, engine) {
  const extract = [];
  const analyze = [];
  let pages = 0;
  for (let i = 0; i < REPEAT; i++) {
    const report = await readPaper(file, { pdfEngine: engine });
    extract.push(report.timings.extract_ms);
    analyze.push(report.timings.analyze_ms);
    pages = report.paper.pages;
  }
  return { extract: median(extract), analyze: median(analyze), pages };
}

console.log(
  `Paper reader on ${papers.length} papers of ${casesDir} (median of ${REPEAT} in-process runs per paper)\n`,
);
const rows = [];
for (const paper of papers) {
  const pdfjs = await measure(paper.file, "pdfjs");
  const poppler = paper.format === "pdf" && hasPdftotext ? await measure(paper.file, "pdftotext") : null;
  rows.push({ ...paper, pdfjs, poppler });
}
const pdfRows = rows.filter((r) => r.format === "pdf");
const texRows = rows.filter((r) => r.format !== "pdf");
console.log("| | papers | text extraction (median) | fact extraction (median) | fact extraction (max) |");
console.log("|---|---|---|---|---|");
console.log(
  `| PDF, pdf.js (pdf-parse, worker) | ${pdfRows.length} | ${fmt(median(pdfRows.map((r) => r.pdfjs.extract)))} | ${fmt(median(pdfRows.map((r) => r.pdfjs.analyze)))} | ${fmt(Math.max(...pdfRows.map((r) => r.pdfjs.analyze)))} |`,
);
if (hasPdftotext)
  console.log(
    `| PDF, pdftotext (poppler) | ${pdfRows.length} | ${fmt(median(pdfRows.map((r) => r.poppler.extract)))} | ${fmt(median(pdfRows.map((r) => r.poppler.analyze)))} | ${fmt(Math.max(...pdfRows.map((r) => r.poppler.analyze)))} |`,
  );
console.log(
  `| LaTeX (flatten + convert) | ${texRows.length} | ${fmt(median(texRows.map((r) => r.pdfjs.extract)))} | ${fmt(median(texRows.map((r) => r.pdfjs.analyze)))} | ${fmt(Math.max(...texRows.map((r) => r.pdfjs.analyze)))} |`,
);
if (hasPdftotext) {
  const ratios = pdfRows.map((r) => r.pdfjs.extract / r.poppler.extract);
  console.log(
    `\npdf.js text extraction takes ${median(ratios).toFixed(1)}x the time of pdftotext (median ratio per paper).`,
  );
} else {
  console.log("\npdftotext is not installed (apt-get install poppler-utils): no comparison.");
}

// The trained selector: candidates (every extractor, broad ones included) and selection (features, the ONNX
// model, the choice) on documents already loaded, so the figure is the reader's own work, with text extraction
// (pdf.js, same papers, same process) as the baseline.
{
  const { loadPaper } = await import(path.join(root, "dist/readers/paper/load.js"));
  const { analyzePaperDocument } = await import(path.join(root, "dist/readers/paper/analyze.js"));
  const { selectPaperFacts } = await import(path.join(root, "dist/readers/paper/selector/index.js"));
  const { loadSelector } = await import(path.join(root, "dist/readers/paper/selector/model.js"));
  const selector = await loadSelector();
  const candidates = [];
  const selection = [];
  const both = [];
  const ratios = [];
  for (const row of rows) {
    const { document } = await loadPaper(row.file);
    const c = [];
    const s = [];
    for (let i = 0; i < REPEAT; i++) {
      let started = performance.now();
      const analysis = analyzePaperDocument(document);
      c.push(performance.now() - started);
      started = performance.now();
      await selectPaperFacts(analysis, selector);
      s.push(performance.now() - started);
    }
    candidates.push(median(c));
    selection.push(median(s));
    both.push(median(c) + median(s));
    ratios.push((median(c) + median(s)) / row.pdfjs.extract);
  }
  console.log(
    `\nCandidates + selection per paper (median of ${REPEAT} per paper, then over ${rows.length} papers): candidates ${fmt(median(candidates))}, selection ${fmt(median(selection))}, together ${fmt(median(both))} (p90 ${fmt([...both].sort((a, b) => a - b)[Math.floor(both.length * 0.9)])}, max ${fmt(Math.max(...both))}); ${median(ratios).toFixed(2)}x the paper's text extraction (median ratio).`,
  );
  // Memory: a fresh process, resident set after starting onnxruntime-node on a one-node model (the runtime the
  // design card names, once per process whatever the models), then after loading the selector and scoring a
  // paper's worth of candidates (the model's own).
  const probe = `
    const rss = () => process.memoryUsage().rss;
    const start = rss();
    const ort = await import("onnxruntime-node");
    await ort.InferenceSession.create("fixtures/models/identity.onnx");
    const { loadSelector } = await import(${JSON.stringify(path.join(root, "dist/readers/paper/selector/model.js"))});
    const runtime = rss();
    const selector = await loadSelector();
    for (let i = 0; i < 20; i++) await selector.score(Array.from({ length: 300 }, (_, j) => [j + 1, j + 2, j + 3]));
    console.log(JSON.stringify([runtime - start, rss() - runtime]));`;
  const runtimeMb = [];
  const modelMb = [];
  for (let i = 0; i < 5; i++) {
    const [runtime, model] = JSON.parse(
      execFileSync("node", ["--input-type=module", "-e", probe], { cwd: root, encoding: "utf8" }),
    );
    runtimeMb.push(runtime / 2 ** 20);
    modelMb.push(model / 2 ** 20);
  }
  console.log(
    `Memory (median of 5 fresh processes): the selector model adds ${median(modelMb).toFixed(1)} MB resident (file ${(readFileSync(path.join(root, "models/paper-selector.onnx")).length / 1024).toFixed(0)} KB); starting onnxruntime-node (and the reader's modules) costs ${median(runtimeMb).toFixed(1)} MB, once per process.`,
  );
}

// Whole `analyze` as a user runs it: a fresh process on one core, for a 10-page PDF.
const tenPage = pdfRows.find((r) => r.pdfjs.pages === 10) ?? pdfRows[0];
if (tenPage) {
  const cli = path.join(root, "bin/ml-footprint");
  const oneCore = spawnSync("taskset", ["-c", "0", "true"]).error === undefined ? ["taskset", "-c", "0"] : [];
  const wall = (engine) => {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const command = [
        ...oneCore,
        "node",
        cli,
        "analyze",
        "--paper",
        tenPage.file,
        "--json",
        "--pdf-engine",
        engine,
      ];
      execFileSync(command[0], command.slice(1), { stdio: "ignore" });
      times.push(performance.now() - started);
    }
    return median(times);
  };
  console.log(
    `\nWhole \`analyze --json\` in a fresh process${oneCore.length ? " pinned to one core" : ""}, ${tenPage.id} (${tenPage.pdfjs.pages} pages), median of 5:`,
  );
  console.log(`- pdf.js engine: ${fmt(wall("pdfjs"))}`);
  if (hasPdftotext) console.log(`- pdftotext engine: ${fmt(wall("pdftotext"))}`);
}

// check on the demo repository: the README's main job.
{
  const { runCheck } = await import(path.join(root, "dist/pipeline.js"));
  const inProcess = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await runCheck({ dir: path.join(root, "fixtures/demo"), profile: "neurips" });
    inProcess.push(performance.now() - started);
  }
  const fresh = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    execFileSync(
      "node",
      [
        path.join(root, "bin/ml-footprint"),
        "check",
        path.join(root, "fixtures/demo"),
        "--profile",
        "neurips",
      ],
      { stdio: "ignore" },
    );
    fresh.push(performance.now() - started);
  }
  console.log(
    `\n\`check fixtures/demo\`: ${fmt(median(fresh))} in a fresh process, ${fmt(median(inProcess.slice(1)))} warm in-process (medians of 5)`,
  );
}

const codeBench = path.join(root, "scripts/bench-code.mjs");
if (existsSync(codeBench)) {
  console.log("");
  execFileSync("node", [codeBench], { stdio: "inherit" });
}
