import { describe, expect, it } from "@jest/globals";
import { createMemoryQueue } from "../../src/runtime/queue/memory-queue.js";
import type { JobOutcome, JobRunContext, QueuedJob, RetryPolicy } from "../../src/runtime/queue/types.js";
import { captureLogger, type LogRecord } from "../helpers/app/logger.js";

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const job = (id: string, key: string, payload: unknown = id): QueuedJob => ({
  id,
  key,
  kind: "test",
  payload,
});

function queueWith(options: { concurrency?: number; maxAttempts?: number; retryPolicy?: RetryPolicy } = {}) {
  const logs: LogRecord[] = [];
  const queue = createMemoryQueue({
    concurrency: options.concurrency ?? 1,
    maxAttempts: options.maxAttempts ?? 3,
    retryPolicy: options.retryPolicy ?? (() => null),
    log: captureLogger(logs),
  });
  return { queue, logs };
}

describe("in-process job queue", () => {
  it("runs jobs and resolves onIdle when all are done", async () => {
    const { queue } = queueWith({ concurrency: 2 });
    const ran: unknown[] = [];
    queue.register("test", { run: async (j) => void ran.push(j.payload) });
    expect(await queue.enqueue(job("a", "k1"))).toBe("queued");
    expect(await queue.enqueue(job("b", "k2"))).toBe("queued");
    await queue.onIdle();
    expect(ran.sort()).toEqual(["a", "b"]);
    expect(queue.stats()).toMatchObject({ waiting: 0, running: 0, delayed: 0, completed: 2, failed: 0 });
  });

  it("drops a job whose id was seen before (a redelivered webhook)", async () => {
    const { queue } = queueWith();
    const ran: unknown[] = [];
    queue.register("test", { run: async (j) => void ran.push(j.payload) });
    expect(await queue.enqueue(job("delivery-1", "k"))).toBe("queued");
    await queue.onIdle();
    expect(await queue.enqueue(job("delivery-1", "k"))).toBe("duplicate");
    await queue.onIdle();
    expect(ran).toEqual(["delivery-1"]);
    expect(queue.stats().duplicates).toBe(1);
  });

  it("keeps only the newest waiting job per key, in the key's original place in line", async () => {
    const { queue } = queueWith({ concurrency: 1 });
    const gate = deferred();
    const ran: unknown[] = [];
    queue.register("test", {
      run: async (j) => {
        ran.push(j.payload);
        if (j.payload === "blocker") await gate.promise;
      },
    });
    await queue.enqueue(job("0", "other", "blocker"));
    expect(await queue.enqueue(job("1", "repo-a", "a1"))).toBe("queued");
    expect(await queue.enqueue(job("2", "repo-b", "b1"))).toBe("queued");
    expect(await queue.enqueue(job("3", "repo-a", "a2"))).toBe("replaced");
    expect(await queue.enqueue(job("4", "repo-a", "a3"))).toBe("replaced");
    gate.resolve();
    await queue.onIdle();
    expect(ran).toEqual(["blocker", "a3", "b1"]);
    expect(queue.stats().replaced).toBe(2);
  });

  it("never runs two jobs of one key at once, and aborts the running one when a newer job arrives", async () => {
    const { queue } = queueWith({ concurrency: 4 });
    const gate = deferred();
    const events: string[] = [];
    const settled: Array<[unknown, JobOutcome["type"]]> = [];
    queue.register("test", {
      run: async (j, context: JobRunContext) => {
        events.push(`start ${j.payload}`);
        if (j.payload === "old") {
          await gate.promise;
          if (context.signal.aborted) throw new Error("stopped at a step boundary");
        }
        events.push(`end ${j.payload}`);
      },
      settle: async (j, outcome) => void settled.push([j.payload, outcome.type]),
    });
    await queue.enqueue(job("1", "repo", "old"));
    expect(await queue.enqueue(job("2", "repo", "new"))).toBe("replaced");
    expect(events).toEqual(["start old"]);
    gate.resolve();
    await queue.onIdle();
    expect(events).toEqual(["start old", "start new", "end new"]);
    expect(settled).toEqual([["old", "superseded"]]);
  });

  it("limits how many jobs run at the same time", async () => {
    const { queue } = queueWith({ concurrency: 2 });
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let peak = 0;
    queue.register("test", {
      run: async (j) => {
        running += 1;
        peak = Math.max(peak, running);
        await gates[Number(j.payload)]!.promise;
        running -= 1;
      },
    });
    for (const i of [0, 1, 2]) await queue.enqueue(job(`d${i}`, `k${i}`, i));
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 1 });
    for (const gate of gates) gate.resolve();
    await queue.onIdle();
    expect(peak).toBe(2);
  });

  it("retries a failure the policy calls transient, with the policy's delay, keeping state across attempts", async () => {
    const delays: number[] = [];
    const { queue } = queueWith({
      retryPolicy: (_error, attempt) => {
        delays.push(attempt);
        return 1;
      },
    });
    const attempts: Array<[number, unknown]> = [];
    queue.register("test", {
      run: async (_j, context) => {
        attempts.push([context.attempt, context.state.opened]);
        context.state.opened = "check-run-1";
        if (context.attempt < 3) throw Object.assign(new Error("Bad gateway"), { status: 502 });
      },
    });
    await queue.enqueue(job("a", "k"));
    await queue.onIdle();
    expect(attempts).toEqual([
      [1, undefined],
      [2, "check-run-1"],
      [3, "check-run-1"],
    ]);
    expect(delays).toEqual([1, 2]);
    expect(queue.stats()).toMatchObject({ completed: 1, retries: 2, failed: 0 });
  });

  it("gives up after maxAttempts and hands the last error to settle", async () => {
    const { queue } = queueWith({ maxAttempts: 2, retryPolicy: () => 1 });
    const outcomes: JobOutcome[] = [];
    queue.register("test", {
      run: async () => {
        throw new Error("still failing");
      },
      settle: async (_j, outcome) => void outcomes.push(outcome),
    });
    await queue.enqueue(job("a", "k"));
    await queue.onIdle();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ type: "failed", error: new Error("still failing") });
    expect(queue.stats()).toMatchObject({ failed: 1, retries: 1 });
  });

  it("survives a failing job and a failing settle hook, and keeps serving", async () => {
    const { queue, logs } = queueWith();
    const ran: unknown[] = [];
    queue.register("test", {
      run: async (j) => {
        if (j.payload === "bad") throw new Error("analysis crashed");
        ran.push(j.payload);
      },
      settle: async () => {
        throw new Error("settle crashed too");
      },
    });
    await queue.enqueue(job("1", "k1", "bad"));
    await queue.enqueue(job("2", "k2", "good"));
    await queue.onIdle();
    expect(ran).toEqual(["good"]);
    expect(logs.filter((l) => l.level === "error").map((l) => l.msg)).toEqual(["job settle hook failed"]);
  });

  it("drops a retry that a newer job for the same key makes pointless, settling it as superseded", async () => {
    const { queue } = queueWith({ retryPolicy: () => 60_000 });
    const ran: unknown[] = [];
    const settled: Array<[unknown, string]> = [];
    queue.register("test", {
      run: async (j) => {
        ran.push(j.payload);
        if (j.payload === "old") throw Object.assign(new Error("Service unavailable"), { status: 503 });
      },
      settle: async (j, outcome) => void settled.push([j.payload, outcome.type]),
    });
    await queue.enqueue(job("1", "repo", "old"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.stats().delayed).toBe(1);
    expect(await queue.enqueue(job("2", "repo", "new"))).toBe("replaced");
    await queue.onIdle();
    expect(ran).toEqual(["old", "new"]);
    expect(settled).toEqual([["old", "superseded"]]);
  });

  it("reports an unregistered job kind as a failure instead of throwing", async () => {
    const { queue, logs } = queueWith();
    await queue.enqueue({ id: "x", key: "k", kind: "unknown", payload: null });
    await queue.onIdle();
    expect(queue.stats().failed).toBe(1);
    expect(
      logs.some((l) =>
        String((l.fields.err as Error)?.message).includes('no handler registered for job kind "unknown"'),
      ),
    ).toBe(true);
  });

  it("stops accepting jobs when closed, drops waiting ones and waits for the running one", async () => {
    const { queue } = queueWith({ concurrency: 1 });
    const gate = deferred();
    const ran: unknown[] = [];
    queue.register("test", {
      run: async (j) => {
        await gate.promise;
        ran.push(j.payload);
      },
    });
    await queue.enqueue(job("1", "k1"));
    await queue.enqueue(job("2", "k2"));
    const closing = queue.close();
    expect(await queue.enqueue(job("3", "k3"))).toBe("closed");
    gate.resolve();
    await closing;
    await queue.onIdle();
    expect(ran).toEqual(["1"]);
  });

  it("refuses to register a kind twice", () => {
    const { queue } = queueWith();
    queue.register("test", { run: async () => undefined });
    expect(() => queue.register("test", { run: async () => undefined })).toThrow(
      'job kind "test" is already registered',
    );
  });
});
