import { afterEach, describe, expect, it } from "@jest/globals";
import { createSurveyPool, PaperTimeoutError, type SurveyPool } from "../../src/survey/pool.js";
import type { SurveyTask } from "../../src/survey/worker.js";

const STAND_IN = new URL("./stand-in-survey-worker.mjs", import.meta.url);
let pool: SurveyPool;
afterEach(async () => pool?.close());

const task = (id: string): SurveyTask => ({
  job: { id, path: `${id}.pdf`, title: null, venue: null, year: null, repo: null },
  options: { pdfEngine: "pdfjs", readerVersion: "test" },
});

describe("survey worker pool", () => {
  it("runs papers on long-lived threads, one per worker", async () => {
    pool = createSurveyPool({ workers: 2, timeoutMs: 5_000, workerUrl: STAND_IN });
    const results = (await Promise.all(
      ["a", "b", "c", "d", "e", "f"].map((id) => pool.run(task(id))),
    )) as unknown as Array<{
      id: string;
      thread: number;
    }>;
    expect(results.map((r) => r.id)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(new Set(results.map((r) => r.thread)).size).toBeLessThanOrEqual(2);
  });

  it("stops a paper over its time bound and goes on with the others", async () => {
    pool = createSurveyPool({ workers: 1, timeoutMs: 300, workerUrl: STAND_IN });
    const hung = pool.run(task("hang"));
    const next = pool.run(task("after"));
    await expect(hung).rejects.toBeInstanceOf(PaperTimeoutError);
    await expect(hung).rejects.toThrow("reading the paper took longer than 0 s; stopped (--timeout)");
    await expect(next).resolves.toMatchObject({ id: "after" });
  });

  it("rejects a paper whose thread dies, and replaces the thread", async () => {
    pool = createSurveyPool({ workers: 1, timeoutMs: 5_000, workerUrl: STAND_IN });
    await expect(pool.run(task("crash"))).rejects.toThrow();
    await expect(pool.run(task("after"))).resolves.toMatchObject({ id: "after" });
  });

  it("drops a paper being read when the run is interrupted, as an abort and not a timeout", async () => {
    pool = createSurveyPool({ workers: 1, timeoutMs: 5_000, workerUrl: STAND_IN });
    const interrupt = new AbortController();
    const running = pool.run(task("slow"), interrupt.signal);
    interrupt.abort();
    await expect(running).rejects.not.toBeInstanceOf(PaperTimeoutError);
    await expect(running).rejects.toThrow(/abort/i);
  });
});
