#!/usr/bin/env node
// Benchmark of `ml-footprint survey` (issue 15) against poppler's pdftotext alone, on the dev PDFs copied to N
// distinct files (a trailing comment after %%EOF makes each copy's bytes, hence its hash, its own). Prints:
//   - the wall time of the survey (no cache) over the time of pdftotext run on the same files one after another
//     (target <= 3, goal 1.5), papers per minute, and the time 4,500 papers would take at that rate;
//   - CPU seconds per paper (this process, its worker threads and its pdftotext children);
//   - peak RSS of the survey's process (VmHWM: main and worker threads) and of its tree with the pdftotext
//     children (sampled every 50 ms) at N/4 and N papers: flat in the papers;
//   - a cached re-run of N/4 papers against its first run (target < 1/4).
// Figures are reported, never asserted: timing tests flake, benchmarks inform.
//
//   npm run build && npm run bench:survey                 # 400 copies of ../shared/eval/dev's PDFs
//   npm run bench:survey -- --papers 800 --jobs 3 --cases DIR
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { clearInterval, setInterval } from "node:timers";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const casesDir = path.resolve(option("--cases", path.join(root, "../shared/eval/dev")));
const count = Number(option("--papers", "400"));
const jobs = option("--jobs", null);
const bin = path.join(root, "bin/ml-footprint");

if (spawnSync("pdftotext", ["-v"]).error !== undefined) {
  console.error("pdftotext is not installed (apt-get install poppler-utils): it is the baseline");
  process.exit(2);
}
if (!existsSync(path.join(root, "dist/doors/cli/main.js"))) {
  console.error("not built: run `npm run build` first");
  process.exit(2);
}
const cases = JSON.parse(readFileSync(path.join(casesDir, "cases.json"), "utf8"));
const sources = cases
  .filter((c) => c.format === "pdf" || /\.pdf$/i.test(c.paper ?? ""))
  .map((c) => path.join(casesDir, c.id, c.paper))
  .filter((file) => existsSync(file));
if (sources.length === 0) {
  console.error(`no PDF papers in ${casesDir}/cases.json`);
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), "bench-survey-"));
const all = path.join(work, "all");
const quarter = path.join(work, "quarter");
mkdirSync(all);
mkdirSync(quarter);
const files = [];
for (let i = 0; i < count; i++) {
  const bytes = readFileSync(sources[i % sources.length]);
  const file = path.join(all, `paper-${String(i).padStart(5, "0")}.pdf`);
  writeFileSync(file, Buffer.concat([bytes, Buffer.from(`\n%bench copy ${i}\n`)]));
  files.push(file);
  if (i < count / 4) linkSync(file, path.join(quarter, path.basename(file)));
}
const bytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0);
console.log(
  `${count} distinct PDFs (${sources.length} dev papers copied, ${(bytes / 1048576).toFixed(0)} MB) in ${work}; ${os.availableParallelism()} cores`,
);

/** CPU seconds of this process' finished children (cutime + cstime of /proc/self/stat, in 1/100 s). */
function childCpuSeconds() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

// Baseline: pdftotext on each file, one after another, as the survey's engine runs it (text to a pipe).
const cpuBefore = childCpuSeconds();
let started = performance.now();
for (const file of files)
  spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
    stdio: ["ignore", "ignore", "ignore"],
    maxBuffer: 1 << 30,
  });
const pdftotextWall = (performance.now() - started) / 1000;
const pdftotextCpu = childCpuSeconds() - cpuBefore;
const load = os.loadavg()[0];

/** Kilobytes of resident memory of a process and its descendants (threads share their process' RSS). */
function treeRssKb(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`))
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, "utf8")
          .split(" ")
          .filter(Boolean))
          visit(child);
    } catch {
      // the process ended between two reads
    }
  };
  visit(pid);
  return total;
}

/** Runs the survey with --json, sampling the tree's RSS; returns wall time, peak RSS and the summary. */
function survey(dir, out, extra = []) {
  return new Promise((resolve, reject) => {
    const begin = performance.now();
    const child = spawn(
      process.execPath,
      [bin, "survey", dir, "--out", out, "--json", ...(jobs ? ["--jobs", jobs] : []), ...extra],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let peak = 0;
    let processPeak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRssKb(child.pid));
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
        processPeak = Math.max(processPeak, Number(hwm ?? 0));
      } catch {
        // ended
      }
    }, 50);
    let last = "";
    child.stdout.on("data", (chunk) => (last = (last + chunk).split("\n").slice(-2).join("\n")));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`survey exited ${code}`));
      const summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8"));
      resolve({
        wall: (performance.now() - begin) / 1000,
        peakMb: peak / 1024,
        processPeakMb: processPeak / 1024,
        summary,
      });
    });
  });
}

const full = await survey(all, path.join(work, "out-all"), ["--no-cache"]);
const small = await survey(quarter, path.join(work, "out-quarter"), ["--no-cache"]);
const first = await survey(quarter, path.join(work, "out-cached"));
const again = await survey(quarter, path.join(work, "out-cached"));

const { papers, cost } = full.summary;
const perMinute = (count / full.wall) * 60;
const f = (x, d = 2) => x.toFixed(d);
console.log(`
load average when starting               ${f(load, 1)} on ${os.availableParallelism()} cores (figures below are noisy when it is above the core count)
pdftotext alone, one file after another   ${f(pdftotextWall)} s wall, ${f(pdftotextCpu)} s CPU (${f(pdftotextCpu / count, 3)} s per paper)
survey (no cache, ${cost.workers} workers, ${cost.text_engine})   ${f(full.wall)} s wall (${cost.wall_s} s inside), ${papers.read} read, ${papers.failed} failed
wall ratio survey / pdftotext             ${f(full.wall / pdftotextWall)}   (target <= 3, goal 1.5)
CPU per paper                             ${f(cost.cpu_s / count, 3)} s  (${f(cost.cpu_s)} s CPU, ${cost.energy_wh} Wh, pdftotext children included; ${f(cost.cpu_s / pdftotextCpu)} x pdftotext's CPU)
on ${os.availableParallelism()} idle cores (CPU / cores)               ${f(cost.cpu_s / os.availableParallelism())} s -> ratio ${f(cost.cpu_s / os.availableParallelism() / pdftotextWall)}, 4,500 papers in ${f((4500 * cost.cpu_s) / count / os.availableParallelism() / 60, 1)} min
papers per minute                         ${f(perMinute, 0)}  -> 4,500 papers in ${f(4500 / perMinute, 1)} min (target <= 10)
peak RSS, survey process (all threads)    ${f(small.processPeakMb, 0)} MB at ${count / 4} papers, ${f(full.processPeakMb, 0)} MB at ${count} papers
peak RSS, with pdftotext children         ${f(small.peakMb, 0)} MB at ${count / 4} papers, ${f(full.peakMb, 0)} MB at ${count} papers (children's size follows the largest PDF open)
cached re-run of ${count / 4} papers            ${f(again.wall)} s vs ${f(first.wall)} s first run (${f(again.wall / first.wall)}; target < 0.25), ${again.summary.papers.cached} from the cache`);
if (!args.includes("--keep")) rmSync(work, { recursive: true, force: true });
