/**
 * In-process job queue: bounded concurrency, per-key coalescing, delivery-id deduplication and retries with
 * backoff. State lives in memory; with a journal (./journal.ts) the jobs of the kinds it names are also
 * recorded on disk until they are over, so the next process takes them over with `resume()` after a crash or
 * a stop. A Redis-backed queue can replace it behind `JobQueue`.
 */
import { planResume, type JournalEntry, type QueueJournal } from "./journal.js";
import type {
  EnqueueResult,
  JobHandler,
  JobOutcome,
  JobQueue,
  JobRunContext,
  QueueLogger,
  QueueStats,
  QueuedJob,
  ResumeSummary,
  RetryPolicy,
} from "./types.js";

export interface MemoryQueueOptions {
  /** Jobs running at the same time (different keys). */
  concurrency: number;
  /** Attempts per job, the first included. */
  maxAttempts: number;
  retryPolicy: RetryPolicy;
  log: QueueLogger;
  /** How many job ids are remembered for deduplication (oldest forgotten first). */
  rememberIds?: number;
  /** Records the jobs of `kinds` until they are over, for `resume()` in the next process. */
  journal?: JournalOptions | null;
}

export interface JournalOptions {
  store: QueueJournal;
  /** Job kinds recorded (others, e.g. kinds that keep their own store, are not). */
  kinds: readonly string[];
  /** A job the server stopped on this many times is given up at `resume()` (default 2). */
  maxInterruptions?: number;
}

interface Entry {
  job: QueuedJob;
  attempt: number;
  state: Record<string, unknown>;
  controller: AbortController;
}

/** Everything the queue holds for one coalescing key. */
interface Slot {
  running?: Entry;
  waiting?: Entry;
  delayed?: { entry: Entry; timer: ReturnType<typeof setTimeout> };
}

const SUPERSEDED = "superseded";

/**
 * Creates the in-process queue.
 *
 * @example
 * const queue = createMemoryQueue({ concurrency: 2, maxAttempts: 4, retryPolicy: () => null, log: app.log });
 * queue.register("analyse", { run: async (job) => analyse(job.payload) });
 * await queue.enqueue({ id: deliveryId, key: "octo/paper#default", kind: "analyse", payload });
 */
export function createMemoryQueue(options: MemoryQueueOptions): JobQueue {
  const { concurrency, maxAttempts, retryPolicy, log } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be >= 1");
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError("maxAttempts must be >= 1");
  const rememberIds = options.rememberIds ?? 50_000;
  const journal = options.journal ?? null;
  const journalKinds = new Set(journal?.kinds ?? []);

  const handlers = new Map<string, JobHandler<unknown>>();
  const slots = new Map<string, Slot>();
  /** Keys with a waiting job and nothing running, in arrival order. */
  const ready: string[] = [];
  const seenIds = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  const runningPromises = new Set<Promise<void>>();
  let running = 0;
  /** Settle hooks of superseded delayed jobs still running (they count as work for `onIdle`). */
  let settling = 0;
  let closed = false;
  const counters = { completed: 0, failed: 0, duplicates: 0, replaced: 0, retries: 0 };

  const remember = (id: string): void => {
    seenIds.add(id);
    if (seenIds.size > rememberIds) {
      const oldest = seenIds.values().next().value;
      if (oldest !== undefined) seenIds.delete(oldest);
    }
  };

  /** Writes to the journal; a failing write is logged, never fatal (the journal is a safety net). */
  const record = (job: QueuedJob, what: string, write: (store: QueueJournal) => void): void => {
    if (!journal || !journalKinds.has(job.kind)) return;
    try {
      write(journal.store);
    } catch (error) {
      log.error({ err: error, jobId: job.id, key: job.key }, `queue journal: could not record ${what}`);
    }
  };
  const forget = (entry: Entry): void => record(entry.job, "the end of a job", (j) => j.remove(entry.job.id));

  const isIdle = (): boolean => running === 0 && settling === 0 && slots.size === 0;

  const notifyIfIdle = (): void => {
    if (!isIdle()) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const contextOf = (entry: Entry): JobRunContext => ({
    attempt: entry.attempt,
    maxAttempts,
    signal: entry.controller.signal,
    state: entry.state,
    save: (note) => record(entry.job, "a note", (j) => j.note(entry.job.id, note)),
  });

  const settle = async (entry: Entry, outcome: JobOutcome): Promise<void> => {
    const handler = handlers.get(entry.job.kind);
    if (!handler?.settle) return;
    try {
      await handler.settle(entry.job, outcome, contextOf(entry));
    } catch (error) {
      log.error({ err: error, jobId: entry.job.id, key: entry.job.key }, "job settle hook failed");
    }
  };

  const dropSlotIfEmpty = (key: string): void => {
    const slot = slots.get(key);
    if (slot && !slot.running && !slot.waiting && !slot.delayed) slots.delete(key);
  };

  const pump = (): void => {
    while (running < concurrency && ready.length > 0) {
      const key = ready.shift()!;
      const slot = slots.get(key);
      if (!slot?.waiting || slot.running) continue;
      const entry = slot.waiting;
      slot.waiting = undefined;
      slot.running = entry;
      running += 1;
      const promise = execute(key, entry).finally(() => runningPromises.delete(promise));
      runningPromises.add(promise);
    }
    notifyIfIdle();
  };

  const execute = async (key: string, entry: Entry): Promise<void> => {
    const handler = handlers.get(entry.job.kind);
    const slot = slots.get(key)!;
    try {
      if (!handler) throw new Error(`no handler registered for job kind "${entry.job.kind}"`);
      record(entry.job, "a start", (j) => j.running(entry.job.id));
      await handler.run(entry.job, contextOf(entry));
      counters.completed += 1;
      forget(entry);
    } catch (error) {
      await afterFailure(key, slot, entry, error);
    } finally {
      running -= 1;
      slot.running = undefined;
      if (slot.waiting && !slot.delayed) ready.push(key);
      dropSlotIfEmpty(key);
      pump();
    }
  };

  const afterFailure = async (key: string, slot: Slot, entry: Entry, error: unknown): Promise<void> => {
    const log_ = { err: error, jobId: entry.job.id, key, attempt: entry.attempt };
    if (entry.controller.signal.aborted) {
      log.info(log_, "job superseded by a newer one while running");
      await settle(entry, { type: "superseded" });
      forget(entry);
      return;
    }
    const delay = entry.attempt < maxAttempts && !closed ? retryPolicy(error, entry.attempt) : null;
    if (delay === null || slot.waiting) {
      // A newer job for the same key is already waiting: it makes this retry pointless.
      counters.failed += 1;
      log.warn(log_, slot.waiting ? "job failed; a newer job replaces it" : "job failed for good");
      await settle(entry, slot.waiting ? { type: "superseded" } : { type: "failed", error });
      forget(entry);
      return;
    }
    counters.retries += 1;
    log.warn({ ...log_, retryInMs: delay }, "job failed; retrying after backoff");
    const next: Entry = { ...entry, attempt: entry.attempt + 1, controller: new AbortController() };
    record(entry.job, "a retry", (j) => j.waiting(entry.job.id));
    const timer = setTimeout(() => {
      slot.delayed = undefined;
      // Closing: the journal keeps the job for the next process.
      if (closed) return dropSlotIfEmpty(key);
      slot.waiting = next;
      if (!slot.running) ready.push(key);
      pump();
    }, delay);
    timer.unref?.();
    slot.delayed = { entry: next, timer };
  };

  /** Puts a job (new, or taken over from the journal with its saved note as state) in its key's slot. */
  const accept = (job: QueuedJob, state: Record<string, unknown>): EnqueueResult => {
    remember(job.id);
    const entry: Entry = { job, attempt: 1, state, controller: new AbortController() };
    let slot = slots.get(job.key);
    if (!slot) {
      slot = {};
      slots.set(job.key, slot);
    }
    let result: EnqueueResult = "queued";
    if (slot.delayed) {
      clearTimeout(slot.delayed.timer);
      const superseded = slot.delayed.entry;
      slot.delayed = undefined;
      result = "replaced";
      settling += 1;
      void settle(superseded, { type: "superseded" }).finally(() => {
        forget(superseded);
        settling -= 1;
        notifyIfIdle();
      });
    }
    if (slot.waiting) {
      // Keep the key's place in line; only the newest job for it will run.
      result = "replaced";
      forget(slot.waiting);
      slot.waiting = entry;
    } else {
      slot.waiting = entry;
      if (!slot.running) ready.push(job.key);
    }
    if (slot.running) {
      slot.running.controller.abort(SUPERSEDED);
      result = "replaced";
    }
    if (result === "replaced") counters.replaced += 1;
    pump();
    return result;
  };

  return {
    register(kind, handler) {
      if (handlers.has(kind)) throw new Error(`job kind "${kind}" is already registered`);
      handlers.set(kind, handler as JobHandler<unknown>);
    },

    async enqueue(job) {
      if (closed) return "closed" satisfies EnqueueResult;
      if (seenIds.has(job.id)) {
        counters.duplicates += 1;
        return "duplicate";
      }
      record(job, "a new job", (j) => j.add(job));
      return accept(job, {});
    },

    onIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    stats(): QueueStats {
      let waiting = 0;
      let delayed = 0;
      for (const slot of slots.values()) {
        if (slot.waiting) waiting += 1;
        if (slot.delayed) delayed += 1;
      }
      return { waiting, running, delayed, ...counters };
    },

    async close() {
      closed = true;
      // Waiting and delayed jobs stay in the journal: the next process runs them.
      for (const [key, slot] of slots) {
        if (slot.delayed) {
          clearTimeout(slot.delayed.timer);
          slot.delayed = undefined;
        }
        slot.waiting = undefined;
        dropSlotIfEmpty(key);
      }
      ready.length = 0;
      await Promise.allSettled([...runningPromises]);
      notifyIfIdle();
    },

    async resume(): Promise<ResumeSummary> {
      const summary: ResumeSummary = { requeued: 0, abandoned: 0, dropped: 0 };
      if (!journal || closed) return summary;
      let entries: JournalEntry[];
      try {
        entries = journal.store.takeOver();
      } catch (error) {
        log.error({ err: error, file: journal.store.file }, "queue journal unreadable; nothing resumed");
        return summary;
      }
      for (const decision of planResume(entries, journal.maxInterruptions ?? 2)) {
        const { job, note, interruptions } = decision.entry;
        const entry: Entry = { job, attempt: 1, state: { ...note }, controller: new AbortController() };
        const log_ = { jobId: job.id, key: job.key, kind: job.kind, interruptions };
        if (!handlers.has(job.kind) || !journalKinds.has(job.kind)) {
          log.warn(log_, "unfinished job of a previous process dropped: its kind is not handled here");
          try {
            journal.store.remove(job.id);
          } catch (error) {
            log.error({ ...log_, err: error }, "queue journal: could not record the end of a job");
          }
          summary.dropped += 1;
        } else if (decision.action === "abandon") {
          log.warn({ ...log_, reason: decision.reason }, "unfinished job of a previous process given up");
          await settle(entry, { type: "interrupted", reason: decision.reason });
          forget(entry);
          summary.abandoned += 1;
        } else {
          if (seenIds.has(job.id)) continue;
          log.info(log_, "unfinished job of a previous process queued again");
          accept(job, { ...note });
          summary.requeued += 1;
        }
      }
      return summary;
    },
  };
}
