/**
 * A small pool of worker threads running analyses. An analysis is CPU-bound and partly synchronous; on the main
 * thread it would hold up webhook answers (GitHub gives up after 10 s), health checks and the CLI's own time
 * bound. In a worker it cannot, a runaway analysis can be stopped for real (the worker is terminated at the
 * timeout and replaced), and a memory blow-up kills only the worker. The worker side is `serveTasks`.
 */
import { Worker } from "node:worker_threads";
import { InputError } from "../domain/errors.js";
import type { TaskRequest, TaskResponse } from "./task-worker.js";

export interface TaskPoolOptions {
  /** The worker script, which calls `serveTasks`. */
  workerUrl: URL;
  /** Workers at most (one task each); further requests wait. */
  size: number;
  /** A task running longer is stopped and rejected with `analysis_timeout`. */
  timeoutMs: number;
  /** Heap limit per worker, in MB. */
  maxHeapMb?: number;
  /** What the pool is called in its errors ("checklist" → "checklist worker stopped: ..."). */
  name?: string;
  /** The sentence of a timeout, after "The analysis took longer than N s". */
  timeoutHint?: string;
}

export interface TaskPool<Request, Result> {
  run(request: Request): Promise<Result>;
  /** Terminates every worker; pending and later requests are rejected. */
  close(): Promise<void>;
}

interface Task<Request, Result> {
  id: number;
  request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

interface Slot<Request, Result> {
  worker: Worker;
  task: Task<Request, Result> | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const fromResponse = (error: Extract<TaskResponse, { ok: false }>["error"]): Error => {
  if (error.code !== undefined) return new InputError(error.code, error.message, error.file);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
};

/**
 * Creates the pool. Workers start on first use and are unref'd, so an idle pool never keeps the process up.
 *
 * @example
 * const pool = createTaskPool<CheckOptions, CheckReport>({ workerUrl, size: 2, timeoutMs: 300_000 });
 * const report = await pool.run({ dir, profile: "neurips" });
 */
export function createTaskPool<Request, Result>(options: TaskPoolOptions): TaskPool<Request, Result> {
  const workerUrl = options.workerUrl;
  const name = options.name ?? "analysis";
  type PoolTask = Task<Request, Result>;
  type PoolSlot = Slot<Request, Result>;
  const slots: PoolSlot[] = [];
  const waiting: PoolTask[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: PoolSlot): PoolTask | null => {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    return task;
  };

  const retire = (slot: PoolSlot): void => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate();
  };

  const spawn = (): PoolSlot => {
    const worker = new Worker(workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 2048 },
    });
    worker.unref();
    const slot: PoolSlot = { worker, task: null, timer: null };
    worker.on("message", (response: TaskResponse) => {
      const task = finish(slot);
      if (!task || task.id !== response.id) return;
      if (response.ok) task.resolve(response.result as Result);
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
              `${name} worker stopped: ${(error as { message?: string } | null)?.message ?? String(error)}`,
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
            `The analysis took longer than ${Math.round(options.timeoutMs / 1000)} s${options.timeoutHint ? ` ${options.timeoutHint}` : ""}.`,
          ),
        );
        dispatch();
      }, options.timeoutMs);
      slot.worker.postMessage({ id: task.id, request: task.request } satisfies TaskRequest<Request>);
    }
    for (const slot of slots) if (slot.task === null) slot.worker.unref();
  };

  return {
    run(request) {
      if (closed) return Promise.reject(new Error(`${name} pool is closed`));
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ id: nextId++, request, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new Error(`${name} pool is closed`));
      const all = [...slots];
      slots.length = 0;
      for (const slot of all) finish(slot)?.reject(new Error(`${name} pool is closed`));
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
