import { afterEach, describe, expect, it } from "@jest/globals";
import { createCheckPool, type CheckPool } from "../../src/runtime/check-pool.js";
import { InputError } from "../../src/domain/errors.js";

const STAND_IN = new URL("../helpers/app/stand-in-check-worker.mjs", import.meta.url);
let pool: CheckPool;
afterEach(async () => pool?.close());

const run = (dir: string) => pool.runCheck({ dir }) as Promise<unknown>;

describe("checklist worker pool", () => {
  it("runs analyses in worker threads, at most `size` at a time, reusing workers", async () => {
    pool = createCheckPool({ size: 2, timeoutMs: 5_000, workerUrl: STAND_IN });
    const reports = (await Promise.all(["a", "b", "c", "d"].map(run))) as Array<{
      headline: string;
      threadId: number;
    }>;
    expect(reports.map((r) => r.headline)).toEqual(["a", "b", "c", "d"]);
    expect(new Set(reports.map((r) => r.threadId)).size).toBe(2);
  });

  it("passes input errors back as InputError with their code, other errors by name and message", async () => {
    pool = createCheckPool({ size: 1, timeoutMs: 5_000, workerUrl: STAND_IN });
    await expect(run("input-error")).rejects.toEqual(new InputError("not_found", "no such folder", "x"));
    await expect(run("input-error")).rejects.toBeInstanceOf(InputError);
    await expect(run("plain-error")).rejects.toMatchObject({ name: "TypeError", message: "bad thing" });
  });

  it("stops an analysis at the timeout, replaces the worker and keeps serving", async () => {
    pool = createCheckPool({ size: 1, timeoutMs: 200, workerUrl: STAND_IN });
    await expect(run("hang")).rejects.toMatchObject({ code: "analysis_timeout" });
    await expect(run("after")).resolves.toMatchObject({ headline: "after" });
  });

  it("survives a worker that crashes", async () => {
    pool = createCheckPool({ size: 1, timeoutMs: 5_000, workerUrl: STAND_IN });
    await expect(run("crash")).rejects.toThrow("checklist worker stopped: worker blew up");
    await expect(run("after")).resolves.toMatchObject({ headline: "after" });
  });

  it("rejects what is pending when closed", async () => {
    pool = createCheckPool({ size: 1, timeoutMs: 5_000, workerUrl: STAND_IN });
    const pending = expect(run("hang")).rejects.toThrow("checklist pool is closed");
    const queued = expect(run("never")).rejects.toThrow("checklist pool is closed");
    await pool.close();
    await pending;
    await queued;
    await expect(run("later")).rejects.toThrow("checklist pool is closed");
  });
});
