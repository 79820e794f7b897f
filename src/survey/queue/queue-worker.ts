/**
 * `ml-footprint worker`: reads the papers of the survey queue, on any number of machines. Each worker runs this
 * machine's pool (one thread per `--jobs`, started once) and takes as many papers at a time.
 *
 * - A paper is read only by a worker of the survey's reader version (the same build and text engine): a worker of
 *   another version puts the paper back untouched for another worker and stops with a message saying why, so two
 *   versions never mix in one survey.
 * - The worker reads the paper at the survey's absolute path (a shared volume) and checks its bytes against the
 *   survey's SHA-256 first; a paper it cannot see, a time bound or a crashed thread fails the job with its reason,
 *   which the survey records as a failed paper (not cached: another run may go another way).
 * - A worker that dies mid-paper stops renewing its lock; after `lockDurationMs` another worker's stalled-job
 *   check puts the paper back on the queue and someone reads it (twice at most; a paper that kills its reader
 *   every time fails).
 */
import { hostname } from "node:os";
import { UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import { createSurveyPool, PaperTimeoutError } from "../pool.js";
import { readerBuildVersion } from "../reader-version.js";
import { sha256File } from "../survey-paper.js";
import { pdftotextInstalled } from "../text-engine.js";
import type { SurveyPaperRecord } from "../types.js";
import type { SurveyTask } from "../worker.js";
import { parseQueueUrl, probeRedis, SURVEY_QUEUE_NAME } from "./connection.js";
import type { QueuedPaper, QueuedResult } from "./queued-paper.js";

export interface QueueWorkerOptions {
  /** `redis://HOST:PORT`. */
  url: string;
  /** Papers read at once (threads). */
  concurrency: number;
  /** Per-paper bound. */
  timeoutMs: number;
  /** How long a paper stays claimed by a worker that stopped answering before another takes it. */
  lockDurationMs?: number;
  connectTimeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Stand-ins for tests: this build's version, or a paper read in this thread instead of the pool. */
  readerBuild?: string;
  runTask?: (task: SurveyTask) => Promise<SurveyPaperRecord>;
}

export interface QueueWorkerStop {
  /** Why the worker stopped taking papers by itself (another reader version), or null when it was closed. */
  refused: string | null;
  /** Papers it read. */
  read: number;
}

export interface QueueWorker {
  /** `host/pid[/n]`: in the survey's cost and in BullMQ's worker list. */
  readonly name: string;
  /** Resolves once the worker has stopped (closed, or refusing another reader version's papers). */
  readonly stopped: Promise<QueueWorkerStop>;
  /** Finishes the papers being read, then stops. */
  close(): Promise<void>;
}

let workersInProcess = 0;

/**
 * Connects (bounded: an unreachable Redis is an InputError) and starts taking papers.
 *
 * @example
 *   const worker = await startQueueWorker({ url: "redis://redis:6379", concurrency: 2, timeoutMs: 60_000 });
 *   const { refused } = await worker.stopped; // after worker.close(), or at a paper of another reader version
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = parseQueueUrl(options.url);
  await probeRedis(options.url, options.connectTimeoutMs ?? 10_000);
  const log = options.log ?? (() => undefined);
  const build = options.readerBuild ?? readerBuildVersion();
  const name = `${hostname()}/${process.pid}${workersInProcess++ > 0 ? `/${workersInProcess}` : ""}`;
  const lockDuration = options.lockDurationMs ?? 30_000;
  let hasPdftotext: boolean | undefined;
  const pool =
    options.runTask === undefined
      ? createSurveyPool({ workers: options.concurrency, timeoutMs: options.timeoutMs })
      : null;
  const read = options.runTask ?? ((task: SurveyTask) => pool!.run(task));
  let refused: string | null = null;
  let papersRead = 0;
  let worker: Worker<QueuedPaper, QueuedResult> | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await worker?.close();
      await pool?.close();
    })());

  /** Why this worker must not read the paper, or null. */
  const refusal = (data: QueuedPaper): string | null => {
    const engine = data.options.pdfEngine;
    const mine = `${build}+${engine}`;
    if (data.options.readerVersion !== mine)
      return `this worker reads with reader version ${mine} and the survey asked for ${data.options.readerVersion}: run the same ml-footprint build on the survey and all its workers`;
    if (engine === "pdftotext" && !(hasPdftotext ??= pdftotextInstalled()))
      return "the survey reads PDFs with pdftotext, which is not installed on this worker (apt-get install poppler-utils)";
    return null;
  };

  const processPaper = async (job: Job<QueuedPaper, QueuedResult>, token?: string): Promise<QueuedResult> => {
    const data = job.data;
    const why = refusal(data);
    if (why !== null) {
      // Back on the queue as it was (no attempt counted) for a worker of the right version.
      await job.moveToWait(token);
      if (refused === null) {
        refused = why;
        log(`worker ${name}: refused ${data.job.id}: ${why}; stopping`);
        void stop();
      }
      throw new WaitingError();
    }
    let sha256: string;
    try {
      sha256 = await sha256File(data.files.paper);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UnrecoverableError(
        `worker ${name} cannot read ${data.files.paper} (${code}): the survey and its workers must see the papers at the same path (docs/survey.md)`,
      );
    }
    if (sha256 !== data.job.sha256)
      throw new UnrecoverableError(
        `worker ${name} sees other bytes at ${data.files.paper} than the survey did: the survey and its workers must share one copy of the papers (docs/survey.md)`,
      );
    let record: SurveyPaperRecord;
    try {
      record = await read({
        job: { ...data.job, path: data.files.paper, repo: data.files.repo },
        options: data.options,
      });
    } catch (error) {
      throw new UnrecoverableError(
        error instanceof PaperTimeoutError
          ? error.message
          : `the worker reading the paper stopped: ${(error as Error).message}`,
      );
    }
    papersRead++;
    log(`worker ${name}: ${record.status} ${data.job.id} (${record.seconds} s)`);
    return { record, worker: name, paper: data.files.paper };
  };

  worker = new Worker<QueuedPaper, QueuedResult>(SURVEY_QUEUE_NAME, processPaper, {
    connection,
    name,
    concurrency: options.concurrency,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on("error", (error) => log(`worker ${name}: ${error.message}`));
  await worker.waitUntilReady();
  const running = worker.run();
  const stopped = running.then(
    async () => {
      await stop();
      return { refused, read: papersRead };
    },
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
  return {
    name,
    stopped,
    close: stop,
  };
}
