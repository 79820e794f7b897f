/**
 * This machine's survey workers: one long-lived thread per core (piscina), each paper a task bounded in time.
 * A paper over its bound stops its thread (piscina terminates a worker whose running task is aborted, and starts
 * another), so one hostile paper costs one thread's start-up, never the pool.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { SurveyTask } from "./worker.js";
import type { SurveyPaperRecord } from "./types.js";

export interface SurveyPoolOptions {
  workers: number;
  /** A paper running longer is stopped and becomes a failed record. */
  timeoutMs: number;
  /** Heap limit per thread, MB. */
  maxHeapMb?: number;
  /** The worker script; the built `worker.js` beside this module by default (tests pass a stand-in). */
  workerUrl?: URL;
}

export interface SurveyPool {
  run(task: SurveyTask, signal?: AbortSignal): Promise<SurveyPaperRecord>;
  close(): Promise<void>;
}

/** One worker per core by default. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Thrown (as the rejection) when a paper exceeded the per-paper bound. */
export class PaperTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`reading the paper took longer than ${seconds} s; stopped (--timeout)`);
    this.name = "PaperTimeoutError";
  }
}

/**
 * Starts the threads now (not at the first paper), so their start-up overlaps the first papers' hashing.
 *
 * @example
 *   const pool = createSurveyPool({ workers: 2, timeoutMs: 60_000 });
 *   const record = await pool.run({ job, options });
 */
export function createSurveyPool(options: SurveyPoolOptions): SurveyPool {
  const piscina = new Piscina<SurveyTask, SurveyPaperRecord>({
    filename: (options.workerUrl ?? new URL("./worker.js", import.meta.url)).href,
    minThreads: options.workers,
    maxThreads: options.workers,
    idleTimeout: 60_000,
    atomics: "disabled",
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
  });
  // A paper goes to piscina only when a thread is free, so that its time bound counts its reading, not its
  // wait behind a slow paper.
  let busy = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    busy--;
    waiting.shift()?.();
  };
  const acquire = async (signal?: AbortSignal): Promise<void> => {
    if (busy < options.workers) {
      busy++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    busy++;
    signal?.throwIfAborted();
  };
  return {
    async run(task, signal) {
      await acquire(signal).catch((error: unknown) => {
        release();
        throw error;
      });
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        return await piscina.run(task, { signal: combined });
      } catch (error) {
        if (timeout.aborted && !signal?.aborted)
          throw new PaperTimeoutError(Math.round(options.timeoutMs / 1000));
        throw error;
      } finally {
        release();
      }
    },
    async close() {
      await piscina.destroy();
    },
  };
}
