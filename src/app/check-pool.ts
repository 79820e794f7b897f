/**
 * A small pool of worker threads running the checklist pipeline. The analysis is CPU-bound and partly
 * synchronous; on the main thread it would hold up webhook answers (GitHub gives up after 10 s) and health
 * checks. In a worker it cannot, a runaway analysis can be stopped for real (the worker is terminated at the
 * timeout and replaced), and a memory blow-up kills only the worker.
 */
import { Worker } from "node:worker_threads";
import type { CheckOptions } from "../check/index.js";
import type { CheckReport } from "../check/types.js";
import { InputError } from "../domain/errors.js";
import type { CheckRequest, CheckResponse } from "./check-worker.js";

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

interface Task {
  id: number;
  options: CheckOptions;
  resolve(report: CheckReport): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const fromResponse = (error: Extract<CheckResponse, { ok: false }>["error"]): Error => {
  if (error.code !== undefined) return new InputError(error.code, error.message, error.file);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
};

/**
 * Creates the pool. Workers start on first use and are unref'd, so an idle pool never keeps the process up.
 *
 * @example
 * const pool = createCheckPool({ size: 2, timeoutMs: 300_000 });
 * const report = await pool.runCheck({ dir, profile: "neurips" });
 */
export function createCheckPool(options: CheckPoolOptions): CheckPool {
  const workerUrl = options.workerUrl ?? new URL("./check-worker.js", import.meta.url);
  const slots: Slot[] = [];
  const waiting: Task[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot): Task | null => {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    return task;
  };

  const retire = (slot: Slot): void => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate();
  };

  const spawn = (): Slot => {
    const worker = new Worker(workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
    });
    worker.unref();
    const slot: Slot = { worker, task: null, timer: null };
    worker.on("message", (response: CheckResponse) => {
      const task = finish(slot);
      if (!task || task.id !== response.id) return;
      if (response.ok) task.resolve(response.report as CheckReport);
      else task.reject(fromResponse(response.error));
      dispatch();
    });
    const onDeath = (error: unknown): void => {
      const task = finish(slot);
      retire(slot);
      const code = (error as { code?: string } | null)?.code;
      task?.reject(
        code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new InputError("analysis_out_of_memory", "The analysis ran out of memory.")
          : new Error(
              `checklist worker stopped: ${(error as { message?: string } | null)?.message ?? String(error)}`,
            ),
      );
      dispatch();
    };
    worker.on("error", onDeath);
    worker.on("exit", (exitCode) => {
      if (slots.includes(slot)) onDeath(new Error(`exit code ${exitCode}`));
    });
    slots.push(slot);
    return slot;
  };

  const dispatch = (): void => {
    while (!closed && waiting.length > 0) {
      const slot = slots.find((s) => s.task === null) ?? (slots.length < options.size ? spawn() : null);
      if (!slot) return;
      const task = waiting.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        const timedOut = finish(slot);
        retire(slot);
        timedOut?.reject(
          new InputError(
            "analysis_timeout",
            `The analysis took longer than ${Math.round(options.timeoutMs / 1000)} s.`,
          ),
        );
        dispatch();
      }, options.timeoutMs);
      slot.worker.postMessage({ id: task.id, options: task.options } satisfies CheckRequest);
    }
    for (const slot of slots) if (slot.task === null) slot.worker.unref();
  };

  return {
    runCheck(checkOptions) {
      if (closed) return Promise.reject(new Error("checklist pool is closed"));
      return new Promise<CheckReport>((resolve, reject) => {
        waiting.push({ id: nextId++, options: checkOptions, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new Error("checklist pool is closed"));
      const all = [...slots];
      slots.length = 0;
      for (const slot of all) finish(slot)?.reject(new Error("checklist pool is closed"));
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
