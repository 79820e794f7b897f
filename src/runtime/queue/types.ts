/**
 * The job queue the GitHub App's handlers enqueue into. The in-process implementation
 * (`createMemoryQueue`) is the default; the interface is kept small and every payload JSON-serialisable so
 * a Redis-backed queue (BullMQ) can stand behind it later, and so other front doors (the review-platform
 * receiver) can enqueue their own job kinds on the same queue.
 */

/** One unit of work. `payload` must be plain JSON: a durable backend stores it, a worker re-authenticates. */
export interface QueuedJob<P = unknown> {
  /**
   * Unique id. For jobs born from a webhook this is the delivery id (`x-github-delivery`), so a redelivered
   * webhook is recognised and dropped.
   */
  id: string;
  /**
   * Coalescing key (`octo/paper#default`, `octo/paper#pr:12`): at most one job per key waits, a newer job
   * replaces the waiting one, and two jobs with the same key never run at the same time.
   */
  key: string;
  /** Which registered handler runs it (`analyse`, `scan-installation`, ...). */
  kind: string;
  payload: P;
}

/**
 * What `enqueue` did: `queued` (new), `replaced` (it superseded a waiting or retrying job with the same key),
 * `duplicate` (its id was seen before; dropped), `closed` (the queue is shutting down; dropped).
 */
export type EnqueueResult = "queued" | "replaced" | "duplicate" | "closed";

/** Per-run information handed to a job handler. */
export interface JobRunContext {
  /** 1 for the first run, 2 for the first retry, ... */
  attempt: number;
  maxAttempts: number;
  /** Aborted when a newer job with the same key arrives while this one runs (reason: `superseded`). */
  signal: AbortSignal;
  /**
   * Scratch state kept across the attempts of one job (e.g. the check run id, so a retry completes the same
   * check run instead of opening another). JSON only.
   */
  state: Record<string, unknown>;
  /**
   * Records (replacing the previous one) a small JSON note with the job in the queue's journal, when the queue keeps one for this kind (a
   * no-op otherwise). After a crash, the next process hands the note back as `state`: to the re-run job, or
   * to `settle` with an `interrupted` outcome. Save ids and keys (the check run's), never large results.
   */
  save?(note: Record<string, unknown>): void;
}

/**
 * How a job ended when it did not succeed; handed to `JobHandler.settle`. `interrupted`: a previous process
 * stopped while the job was in flight and it is not run again (`reason` says why, for the people reading).
 */
export type JobOutcome =
  | { type: "failed"; error: unknown }
  | { type: "superseded" }
  | { type: "interrupted"; reason: string };

export interface JobHandler<P = unknown> {
  /** Does the work. Throwing asks the queue's retry policy whether to try again later. */
  run(job: QueuedJob<P>, context: JobRunContext): Promise<void>;
  /**
   * Called once when the job will not run again: it failed for good, or a newer job replaced it after it had
   * started (running and aborted, or waiting for a retry), or a previous process left it unfinished and it is
   * not run again (`interrupted`; `context.state` is then the note the job saved). The place to close an open
   * check run. Must not throw.
   */
  settle?(job: QueuedJob<P>, outcome: JobOutcome, context: JobRunContext): Promise<void>;
}

export interface QueueStats {
  waiting: number;
  running: number;
  /** Jobs waiting for a retry's backoff to pass. */
  delayed: number;
  completed: number;
  failed: number;
  duplicates: number;
  replaced: number;
  retries: number;
}

export interface JobQueue {
  /** Registers the handler of a job kind. Registering a kind twice is a programming error and throws. */
  register<P>(kind: string, handler: JobHandler<P>): void;
  /** Accepts a job. Resolves as soon as the job is recorded, never after it ran. */
  enqueue<P>(job: QueuedJob<P>): Promise<EnqueueResult>;
  /** Resolves when nothing waits, runs or is delayed. */
  onIdle(): Promise<void>;
  stats(): QueueStats;
  /**
   * Stops accepting jobs, drops waiting and delayed ones (a journal keeps them for the next process), and
   * waits for running ones.
   */
  close(): Promise<void>;
  /**
   * Takes over what a previous process left in the queue's journal (nothing without one): re-queues the
   * newest job of each key and settles the others as `interrupted`. Call once, after registering every kind.
   */
  resume?(): Promise<ResumeSummary>;
}

/** What `resume` did with a previous process's unfinished jobs. */
export interface ResumeSummary {
  requeued: number;
  /** Settled as `interrupted`: replaced by a newer job of their key, or stopped the server too often. */
  abandoned: number;
  /** Of a kind no handler is registered for. */
  dropped: number;
}

/**
 * Decides whether a failed attempt is retried: the delay in milliseconds before the next attempt, or `null`
 * to give up at once (the error is not transient).
 */
export type RetryPolicy = (error: unknown, attempt: number) => number | null;

/** The part of a pino logger the queue and jobs use. */
export interface QueueLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
