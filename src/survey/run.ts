/**
 * A survey run, top to bottom:
 *
 *   1. open     DIR/papers.jsonl (afresh) and the cache (DIR/.cache.sqlite unless --no-cache)
 *   2. stream   each paper: hashed on the main thread, taken from the cache when this reader read those bytes
 *               before, else read by a worker thread (one per core, started once); a few papers wait ahead of
 *               the workers so they never idle, and no more, so memory stays flat in the number of papers
 *   3. record   each record appended to papers.jsonl and committed to the cache as its paper finishes
 *   4. sum up   summary.json built by reading papers.jsonl back line by line, with the run's own cost
 *               (this process, its worker threads and its pdftotext children)
 *   5. report   report.html (src/survey/report/)
 *
 * An interrupt (the door's AbortSignal, from Ctrl-C) stops step 2: papers already recorded stay recorded and
 * cached, papers being read are dropped (read again next time), and steps 4 and 5 still run on what was done.
 *
 * With `queue` (`--queue redis://...`), step 2's reading is done by `ml-footprint worker`s on any machines
 * (src/survey/queue/): the papers the cache does not have go on a Redis queue and their records come back here,
 * so steps 1, 3, 4 and 5 (the cache, the reader-version check, the output) stay in this process, as in a local run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startCostMeter, type AnalysisCost } from "../runtime/cost.js";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";
import { openSurveyCache, type SurveyCache } from "./cache.js";
import type { SurveyJob } from "./inputs.js";
import { openPapersWriter, readPapersFile } from "./papers-file.js";
import { createSurveyPool, PaperTimeoutError, type SurveyPool } from "./pool.js";
import type { SurveyProgress } from "./progress.js";
import { renderSurveyReport } from "./report/index.js";
import { readerVersion as readerVersionOf } from "./reader-version.js";
import { failedRecord, jobMetadata, sha256File } from "./survey-paper.js";
import type { SurveyPaperRecord, SurveySummary } from "./types.js";
import { summarizePapersFile } from "./summarize.js";
import type { SurveyTask } from "./worker.js";
import { openQueueDispatcher, QueuedPaperError, type QueueDispatcher } from "./queue/dispatch.js";

export interface SurveyRunOptions {
  jobs: SurveyJob[];
  outDir: string;
  workers: number;
  pdfEngine: PdfEngine;
  /** False: read every paper, touch no cache (`--no-cache`). */
  useCache: boolean;
  /** Default DIR/.cache.sqlite. */
  cacheFile?: string;
  /** Per-paper bound. */
  timeoutMs: number;
  progress: SurveyProgress;
  /** Aborted on Ctrl-C: stop taking papers, keep what is done. */
  signal?: AbortSignal;
  /**
   * Read the papers through a Redis queue's workers instead of this machine's threads; `inFlight` papers on
   * the queue at once (default 64), enough to keep a fleet busy while memory stays flat.
   */
  queue?: { url: string; inFlight?: number };
  /** Stand-ins for tests: the worker script, or the whole pool (runs a task in this thread). */
  workerUrl?: URL;
  runTask?: (task: SurveyTask, signal: AbortSignal) => Promise<SurveyPaperRecord>;
}

export interface SurveyRunResult {
  summary: SurveySummary;
  interrupted: boolean;
  files: { papers: string; summary: string; report: string; cache: string | null };
}

/** A cached record for this paper now: its bytes' reading, under the metadata it has in this run. */
function reuse(cached: SurveyPaperRecord, job: SurveyJob): SurveyPaperRecord {
  return { ...cached, ...jobMetadata(job) };
}

/**
 * The run's cost with the queue workers' share: their seconds per paper (time in a reading thread, counted as
 * CPU) added to this process' CPU, the energy at the same watts per CPU second, and the workers that read.
 */
function withQueueWorkers(
  cost: AnalysisCost,
  workers: { workers: number; seconds: number },
): AnalysisCost & { workers: number } {
  const cpu = cost.cpu_s + workers.seconds;
  const whPerCpuSecond = cost.cpu_s > 0 ? cost.energy_wh / cost.cpu_s : 0;
  return {
    ...cost,
    cpu_s: Math.round(cpu * 1000) / 1000,
    energy_wh: Math.round(cpu * whPerCpuSecond * 1e6) / 1e6,
    workers: workers.workers,
  };
}

/** Records for the report's table: metadata, summary and estimate (the largest footprints' evidence is in the summary). */
async function recordsForReport(file: string): Promise<SurveyPaperRecord[]> {
  const records: SurveyPaperRecord[] = [];
  for await (const record of readPapersFile(file)) records.push({ ...record, evidence: [], warnings: [] });
  return records;
}

/**
 * Runs a survey and writes DIR/papers.jsonl, DIR/summary.json and DIR/report.html.
 *
 * @example
 *   const { summary } = await runSurvey({ jobs, outDir: "out", workers: 2, pdfEngine: "pdftotext",
 *     useCache: true, timeoutMs: 60_000, progress: createProgress("lines") });
 */
export async function runSurvey(options: SurveyRunOptions): Promise<SurveyRunResult> {
  const meter = startCostMeter({ children: true });
  // Connected first: an unreachable Redis is reported before any output is touched.
  const queue: QueueDispatcher | null = options.queue
    ? await openQueueDispatcher({ url: options.queue.url, fresh: !options.useCache })
    : null;
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    papers: path.join(options.outDir, "papers.jsonl"),
    summary: path.join(options.outDir, "summary.json"),
    report: path.join(options.outDir, "report.html"),
    cache: options.useCache ? (options.cacheFile ?? path.join(options.outDir, ".cache.sqlite")) : null,
  };
  const readerVersion = readerVersionOf(options.pdfEngine);
  const cache: SurveyCache | null = files.cache ? openSurveyCache(files.cache) : null;
  const writer = openPapersWriter(files.papers);
  // Started at the first paper the cache does not have: a fully cached re-run starts no thread.
  let pool: SurveyPool | null = null;
  const openPool = (): SurveyPool =>
    (pool ??= createSurveyPool({
      workers: options.workers,
      timeoutMs: options.timeoutMs,
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    }));
  const stop = new AbortController();
  const interrupt = options.signal ?? new AbortController().signal;
  const onInterrupt = (): void => stop.abort();
  interrupt.addEventListener("abort", onInterrupt);
  const runTask = (task: SurveyTask): Promise<SurveyPaperRecord> =>
    options.runTask ? options.runTask(task, stop.signal) : (queue ?? openPool()).run(task, stop.signal);

  let cachedCount = 0;
  let read = 0;
  let failed = 0;
  const record = (result: SurveyPaperRecord, cached: boolean): void => {
    writer.append(result);
    if (cached) cachedCount++;
    if (result.status === "read") read++;
    else failed++;
    options.progress.paper(result, cached);
  };
  const paperOptions = {
    pdfEngine: options.pdfEngine,
    readerVersion,
    pdfTimeoutMs: Math.max(1000, options.timeoutMs - 2000),
  };

  const surveyOne = async (job: SurveyJob): Promise<void> => {
    const started = performance.now();
    let sha256: string;
    try {
      sha256 = await sha256File(job.path);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? `${job.path}: no such file`
          : (error as Error).message;
      record(failedRecord(job, "", reason, readerVersion, (performance.now() - started) / 1000), false);
      return;
    }
    const key = { sha256, readerVersion, repo: job.repo };
    const hit = cache?.get(key);
    if (hit) return record(reuse(hit, job), true);
    if (stop.signal.aborted) return; // interrupted while hashing: not started, read next run
    let result: SurveyPaperRecord;
    try {
      result = await runTask({ job: { ...job, sha256 }, options: paperOptions });
    } catch (error) {
      if (stop.signal.aborted) return; // interrupted while reading: not done, read again next run
      const reason =
        error instanceof PaperTimeoutError || error instanceof QueuedPaperError
          ? error.message
          : `the worker reading the paper stopped: ${(error as Error).message}`;
      // Not cached: a timeout or a crashed worker may go another way on a quieter machine.
      record(failedRecord(job, sha256, reason, readerVersion, (performance.now() - started) / 1000), false);
      return;
    }
    cache?.put(key, result);
    record(result, false);
  };

  options.progress.start({
    total: options.jobs.length,
    workers: options.workers,
    text_engine: options.pdfEngine,
    reader_version: readerVersion,
    out: options.outDir,
  });
  // Enough papers in flight that a worker finishing one finds the next already hashed and waiting.
  const window = queue ? (options.queue?.inFlight ?? 64) : options.workers * 2 + 2;
  const active = new Set<Promise<void>>();
  try {
    for (const job of options.jobs) {
      if (stop.signal.aborted) break;
      while (active.size >= window) await Promise.race(active);
      if (stop.signal.aborted) break;
      const running: Promise<void> = surveyOne(job).finally(() => active.delete(running));
      active.add(running);
    }
    await Promise.all(active);
  } finally {
    interrupt.removeEventListener("abort", onInterrupt);
    await (pool as SurveyPool | null)?.close();
    await queue?.close();
    writer.close();
    cache?.close();
  }
  const interrupted = stop.signal.aborted;
  const cost = queue ? withQueueWorkers(meter(), queue.stats()) : { ...meter(), workers: options.workers };
  const summary = await summarizePapersFile(files.papers, {
    readerVersion,
    cached: cachedCount,
    cost: {
      cpu_s: cost.cpu_s,
      wall_s: cost.wall_s,
      energy_wh: cost.energy_wh,
      workers: cost.workers,
      text_engine: options.pdfEngine,
    },
  });
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.report, await renderSurveyReport(summary, await recordsForReport(files.papers)));
  options.progress.done({
    read,
    failed,
    cached: cachedCount,
    total: options.jobs.length,
    interrupted,
    wall_s: cost.wall_s,
  });
  return { summary, interrupted, files };
}
