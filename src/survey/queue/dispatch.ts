/**
 * The survey's side of the queue: each paper the cache does not have becomes a BullMQ job, and its record comes
 * back as the job's return value, which the runner writes to papers.jsonl and the cache as it writes a record read
 * by a local thread. Same interface as the local pool (`run(task)` resolves with the record), so the runner does
 * not care who reads.
 *
 * Results arrive through the queue's events (QueueEvents, a Redis stream); a poll of the papers still awaited
 * every few seconds catches an event the stream dropped or a job that vanished (Redis restarted without
 * persistence: the paper is added again). Each paper is settled once, whichever comes first, so repeated events
 * never write a record twice. A paper already read by the queue (an interrupted survey's, or one with the same
 * bytes) is taken from its stored return value, not read again, unless the survey was run with `--no-cache`.
 */
import { Queue, QueueEvents } from "bullmq";
import type { SurveyJob } from "../inputs.js";
import type { SurveyPaperRecord } from "../types.js";
import type { SurveyTask } from "../worker.js";
import { parseQueueUrl, probeRedis, SURVEY_QUEUE_NAME } from "./connection.js";
import { paperJobId, queuedPaper, recordFor, type QueuedPaper, type QueuedResult } from "./queued-paper.js";

export interface QueueDispatcherOptions {
  /** `redis://HOST:PORT`. */
  url: string;
  /** Read again papers the queue has already read (`--no-cache`). */
  fresh: boolean;
  /** Relative paper paths resolve here (default the process' working folder). */
  cwd?: string;
  connectTimeoutMs?: number;
  /** How often the papers still awaited are looked up, in case an event was missed. */
  pollMs?: number;
  /** How long Redis keeps a read paper's result (a later survey of the same bytes takes it from there). */
  keepSeconds?: number;
}

export interface QueueDispatcher {
  /** Queues the paper (once per content and reader version) and resolves with its record. */
  run(task: SurveyTask, signal?: AbortSignal): Promise<SurveyPaperRecord>;
  /** What the workers spent on the papers they read for this survey: distinct workers, seconds per paper summed. */
  stats(): { workers: number; seconds: number };
  close(): Promise<void>;
}

/** A paper its worker could not read (time bound, crashed thread, paper not visible on the worker, stalled too often). */
export class QueuedPaperError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "QueuedPaperError";
  }
}

interface Awaited {
  data: QueuedPaper;
  settled: boolean;
  submitted: boolean;
  promise: Promise<QueuedResult>;
  resolve(result: QueuedResult): void;
  reject(error: Error): void;
}

function isQueuedResult(value: unknown): value is QueuedResult {
  const result = value as Partial<QueuedResult> | null;
  return (
    typeof result === "object" &&
    result !== null &&
    typeof result.worker === "string" &&
    typeof result.paper === "string" &&
    typeof result.record === "object" &&
    result.record !== null &&
    typeof result.record.status === "string"
  );
}

/** Rejects when `signal` aborts (the job stays queued: its result is there for the next run). */
function unlessAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Connects to the queue (bounded: an unreachable Redis is an InputError) and listens for results.
 *
 * @example
 *   const queue = await openQueueDispatcher({ url: "redis://redis:6379", fresh: false });
 *   const record = await queue.run({ job: { ...job, sha256 }, options }); // read by some `ml-footprint worker`
 *   await queue.close();
 */
export async function openQueueDispatcher(options: QueueDispatcherOptions): Promise<QueueDispatcher> {
  const connection = parseQueueUrl(options.url);
  const cwd = options.cwd ?? process.cwd();
  const keep = { age: options.keepSeconds ?? 24 * 3600 };
  await probeRedis(options.url, options.connectTimeoutMs ?? 10_000);
  const queue = new Queue<QueuedPaper, QueuedResult>(SURVEY_QUEUE_NAME, { connection });
  const events = new QueueEvents(SURVEY_QUEUE_NAME, { connection });
  // Without a listener an 'error' event would throw; ioredis retries a lost connection by itself.
  queue.on("error", () => undefined);
  events.on("error", () => undefined);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

  const awaited = new Map<string, Awaited>();
  const workers = new Set<string>();
  let seconds = 0;

  const settle = (
    id: string,
    outcome: { result: QueuedResult; stored: boolean } | { error: string },
  ): void => {
    const entry = awaited.get(id);
    if (!entry || entry.settled) return; // a repeated event, or a paper this survey is not waiting for
    entry.settled = true;
    awaited.delete(id);
    if ("error" in outcome) return entry.reject(new QueuedPaperError(outcome.error));
    if (!outcome.stored) {
      workers.add(outcome.result.worker);
      seconds += outcome.result.record.seconds;
    }
    entry.resolve(outcome.result);
  };
  const settleFromValue = (id: string, value: unknown, stored: boolean): void =>
    isQueuedResult(value)
      ? settle(id, { result: value, stored })
      : settle(id, { error: "the worker returned no record (a worker of another program on this queue?)" });

  events.on("completed", ({ jobId, returnvalue }) => settleFromValue(jobId, returnvalue, false));
  events.on("failed", ({ jobId, failedReason }) => settle(jobId, { error: failedReason }));

  /** Adds the paper unless the queue has it on its way; takes a stored result unless `fresh`. */
  const submit = async (id: string, entry: Awaited): Promise<void> => {
    const existing = await queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state === "completed" && !options.fresh && isQueuedResult(existing.returnvalue))
        return settleFromValue(id, existing.returnvalue, true);
      if (state === "completed" || state === "failed" || state === "unknown")
        await existing.remove().catch(() => undefined); // read again: a failure is never kept, like the cache
      else {
        entry.submitted = true; // waiting, delayed or being read: its events will come
        return;
      }
    }
    await queue.add("paper", entry.data, {
      jobId: id,
      attempts: 1,
      removeOnComplete: keep,
      removeOnFail: keep,
    });
    entry.submitted = true;
  };

  /** The safety net for events the stream did not deliver. */
  const poll = async (): Promise<void> => {
    for (const [id, entry] of [...awaited]) {
      if (!entry.submitted || entry.settled) continue;
      const job = await queue.getJob(id);
      if (!job) {
        entry.submitted = false;
        await submit(id, entry); // vanished (Redis lost it): add it again
        continue;
      }
      const state = await job.getState();
      if (state === "completed") settleFromValue(id, job.returnvalue, false);
      else if (state === "failed") settle(id, { error: job.failedReason });
    }
  };
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    poll()
      .catch(() => undefined) // Redis away for a moment: the next poll tries again
      .finally(() => (polling = false));
  }, options.pollMs ?? 3_000);
  timer.unref();

  return {
    async run(task, signal) {
      const job = task.job as SurveyJob & { sha256: string };
      if (!job.sha256) throw new Error("a queued paper must be hashed first");
      const data = queuedPaper(job, task.options, cwd);
      const id = paperJobId(job.sha256, task.options.readerVersion, data.files.repo);
      let entry = awaited.get(id);
      if (!entry) {
        let resolve!: (result: QueuedResult) => void;
        let reject!: (error: Error) => void;
        const promise = new Promise<QueuedResult>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        promise.catch(() => undefined); // awaited below; an aborted survey may leave it unobserved
        const created: Awaited = { data, settled: false, submitted: false, promise, resolve, reject };
        entry = created;
        awaited.set(id, created);
        submit(id, created).catch((error: unknown) => {
          if (created.settled) return;
          created.settled = true;
          awaited.delete(id);
          created.reject(error as Error);
        });
      }
      // Another paper of this survey with the same bytes shares the reading, under its own metadata.
      return recordFor(await unlessAborted(entry.promise, signal), job);
    },
    stats() {
      return { workers: workers.size, seconds: Math.round(seconds * 1000) / 1000 };
    },
    async close() {
      clearInterval(timer);
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}
