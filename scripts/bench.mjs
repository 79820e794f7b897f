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
