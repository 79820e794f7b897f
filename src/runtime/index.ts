/**
 * The runtime both server doors share: this process's work folder, the queue (with its journal, so a crash loses
 * nothing) and the worker pool that runs the pipeline. Infrastructure only: what runs on the queue is registered
 * by the composition root (src/server.ts).
 */
import { isInputError } from "../domain/errors.js";
import type { CheckOptions } from "../pipeline.js";
import type { CheckReport } from "../judge/types.js";
import { createCheckPool, type CheckPool } from "./check-pool.js";
import { openQueueJournal, type QueueJournal } from "./queue/journal.js";
import { createMemoryQueue, type MemoryQueueOptions } from "./queue/memory-queue.js";
import type { JobQueue, RetryPolicy } from "./queue/types.js";
import { claimWorkDir } from "./work-root.js";

interface RuntimeLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object | string, msg?: string): void;
}

export interface RuntimeOptions {
  /** Analyses running at once (queue concurrency and worker threads). */
  concurrency: number;
  maxAttempts: number;
  retryPolicy: RetryPolicy;
  /** The pipeline's time bound, enforced by the worker pool. */
  analysisTimeoutMs: number;
  /** The work root: this process's temporary folder goes under it. */
  tmpRoot: string;
  /** The journal's file; null: none. Opened only by a process that serves HTTP. */
  journalFile: string | null;
  /** Job kinds the journal records (others are resumed from their own store). */
  journaledJobs: readonly string[];
  /** Whether this process serves HTTP (a server must not lose webhooks; a CLI run finishes its own work). */
  serving: boolean;
  log: RuntimeLog;
  /** Stand-ins for tests: the pipeline, the queue, the journal. */
  runCheck?: (options: CheckOptions) => Promise<CheckReport>;
  createQueue?: (options: MemoryQueueOptions) => JobQueue;
  journal?: QueueJournal | null;
}

export interface Runtime {
  queue: JobQueue;
  /** This process's folder in the work root: the parent of every temporary folder it makes. */
  workDir: string;
  /** The pipeline, in worker threads with the time bound (or the stand-in). */
  runCheck(options: CheckOptions): Promise<CheckReport>;
  journal: QueueJournal | null;
  /** Stops the queue (waiting for running jobs), the workers and the journal; removes `workDir`. */
  close(): Promise<void>;
}

/**
 * A journal held by another process (a second server on the same data folder) is not shared: this process runs
 * without one and says so.
 */
function openJournal(options: RuntimeOptions): QueueJournal | null {
  if (options.journal !== undefined) return options.journal;
  if (!options.serving || !options.journalFile) return null;
  try {
    return openQueueJournal(options.journalFile);
  } catch (error) {
    if (!isInputError(error) || error.code !== "journal_busy") throw error;
    options.log.warn({ file: options.journalFile }, `${error.message} This process keeps no journal.`);
    return null;
  }
}

/**
 * @example
 * const runtime = await createRuntime({ concurrency: 2, maxAttempts: 4, retryPolicy, analysisTimeoutMs: 300_000,
 *   tmpRoot, journalFile: ".ml-footprint/queue.sqlite", journaledJobs: ["analyse"], serving: true, log });
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const work = await claimWorkDir(options.tmpRoot);
  if (work.removed.length > 0)
    options.log.info({ removed: work.removed }, "removed the temporary folders of stopped processes");
  const journal = openJournal(options);
  const queue = (options.createQueue ?? createMemoryQueue)({
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    retryPolicy: options.retryPolicy,
    log: options.log as MemoryQueueOptions["log"],
    journal: journal ? { store: journal, kinds: options.journaledJobs } : null,
  });
  let pool: CheckPool | null = null;
  const runCheck =
    options.runCheck ??
    ((checkOptions: CheckOptions) => {
      pool ??= createCheckPool({ size: options.concurrency, timeoutMs: options.analysisTimeoutMs });
      return pool.runCheck(checkOptions);
    });
  return {
    queue,
    workDir: work.dir,
    runCheck,
    journal,
    async close() {
      await queue.close();
      await pool?.close();
      journal?.close();
      await work.release();
    },
  };
}
