/**
 * The checklist in worker threads, for the app: analyses never hold up webhook answers, and a runaway one is
 * stopped at the timeout (see runtime/task-pool.ts).
 */
import type { CheckOptions } from "../pipeline.js";
import type { CheckReport } from "../judge/types.js";
import { createTaskPool } from "./task-pool.js";

export interface CheckPoolOptions {
  /** Workers at most (one analysis each); further requests wait. */
  size: number;
  /** An analysis running longer is stopped and rejected with `analysis_timeout`. */
  timeoutMs: number;
  /** Heap limit per worker, in MB. */
  maxHeapMb?: number;
  /** The worker script (the compiled check-worker.js by default; tests pass a stand-in). */
  workerUrl?: URL;
}

export interface CheckPool {
  runCheck(options: CheckOptions): Promise<CheckReport>;
  /** Terminates every worker; pending and later requests are rejected. */
  close(): Promise<void>;
}

/**
 * @example
 * const pool = createCheckPool({ size: 2, timeoutMs: 300_000 });
 * const report = await pool.runCheck({ dir, profile: "neurips" });
 */
export function createCheckPool(options: CheckPoolOptions): CheckPool {
  const pool = createTaskPool<CheckOptions, CheckReport>({
    workerUrl: options.workerUrl ?? new URL("./check-worker.js", import.meta.url),
    size: options.size,
    timeoutMs: options.timeoutMs,
    name: "checklist",
    ...(options.maxHeapMb ? { maxHeapMb: options.maxHeapMb } : {}),
  });
  return { runCheck: (checkOptions) => pool.run(checkOptions), close: () => pool.close() };
}
