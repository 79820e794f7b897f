/**
 * The queue's journal (SQLite file) and the in-process queue with a journal: what is recorded, what a next
 * process takes over with `resume()`, and what it gives up.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  MAX_NOTE_BYTES,
  openQueueJournal,
  planResume,
  type JournalEntry,
  type QueueJournal,
} from "../../src/runtime/queue/journal.js";
import { createMemoryQueue } from "../../src/runtime/queue/memory-queue.js";
import type { JobOutcome, JobRunContext, QueuedJob } from "../../src/runtime/queue/types.js";
import { captureLogger, type LogRecord } from "../helpers/app/logger.js";

let dir: string;
let file: string;
const opened: QueueJournal[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-journal-"));
  file = path.join(dir, "data", "queue.sqlite");
});
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (): QueueJournal => {
  const journal = openQueueJournal(file);
  opened.push(journal);
  return journal;
};

const job = (id: string, key = "octo/paper#default", kind = "analyse"): QueuedJob => ({
  id,
  key,
  kind,
  payload: { id, nested: { sha: "abc" } },
});

describe("the journal file", () => {
  it("keeps jobs, their status and their note across processes (close and reopen)", () => {
    const first = open();
    first.add(job("a"));
    first.add(job("b", "octo/paper#pr:1"));
    first.add(job("a")); // a second add of the same id changes nothing
    first.running("a");
    first.note("a", { checkRunId: 7, sha: "abc" });
    first.note("a", { checkRunId: 8 }); // replaces, not merges
    first.close();

    const second = open();
    expect(second.takeOver()).toEqual([
      { job: job("a"), seq: 1, interruptions: 1, note: { checkRunId: 8 } },
      { job: job("b", "octo/paper#pr:1"), seq: 2, interruptions: 0, note: {} },
    ]);
    // Taken over once: what was running is waiting now, so a second look counts nothing more.
    expect(second.takeOver().map((e) => e.interruptions)).toEqual([1, 0]);
    second.remove("a");
    second.waiting("b");
    expect(second.takeOver().map((e) => e.job.id)).toEqual(["b"]);
  });

  it("is held by one process: a second opener is refused with journal_busy", () => {
    open();
    expect(() => openQueueJournal(file)).toThrow(
      expect.objectContaining({ code: "journal_busy", message: expect.stringContaining("another process") }),
    );
  });

  it("refuses a journal written by a newer version instead of misreading it", () => {
    open().close();
    opened.length = 0;
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openQueueJournal(file)).toThrow(expect.objectContaining({ code: "journal_unreadable" }));
  });

  it("refuses a file that is not a database", () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "not a database, just text that is long enough to have a header ".repeat(20));
    expect(() => openQueueJournal(file)).toThrow(expect.objectContaining({ code: "journal_unreadable" }));
  });

  it("says which setting to fix when its folder cannot be made", () => {
    writeFileSync(path.join(dir, "a-file"), "");
    expect(() => openQueueJournal(path.join(dir, "a-file", "queue.sqlite"))).toThrow(
      expect.objectContaining({
        code: "journal_unreadable",
        message: expect.stringContaining("set ML_FOOTPRINT_DATA_DIR to a writable folder"),
      }),
    );
  });

  it("bounds a note to a few ids", () => {
    const journal = open();
    journal.add(job("a"));
    expect(() => journal.note("a", { text: "x".repeat(MAX_NOTE_BYTES) })).toThrow(RangeError);
  });
});

describe("planResume (pure)", () => {
  const entry = (id: string, key: string, seq: number, interruptions = 0): JournalEntry => ({
    job: job(id, key),
    seq,
    interruptions,
    note: {},
  });

  it("runs the newest job of each key again and gives the older ones up", () => {
    const decisions = planResume(
      [entry("old", "k1", 1, 1), entry("other", "k2", 2), entry("new", "k1", 3)],
      2,
    );
    expect(decisions.map((d) => [d.entry.job.id, d.action])).toEqual([
      ["old", "abandon"],
      ["other", "requeue"],
      ["new", "requeue"],
    ]);
    expect(decisions[0]).toMatchObject({
      reason: expect.stringContaining("a newer request for the same target"),
    });
  });

  it("gives up a job the server stopped on too often, so a crashing commit cannot keep it down", () => {
    const [decision] = planResume([entry("crashy", "k", 1, 2)], 2);
    expect(decision).toEqual({
      action: "abandon",
      entry: entry("crashy", "k", 1, 2),
      reason: expect.stringContaining("The server stopped 2 times while analysing this commit"),
    });
    expect(planResume([entry("once", "k", 1, 1)], 2)[0]!.action).toBe("requeue");
  });
});

describe("the in-process queue with a journal", () => {
  function setUp(journal: QueueJournal, kinds = ["analyse"]) {
    const logs: LogRecord[] = [];
    const queue = createMemoryQueue({
      concurrency: 1,
      maxAttempts: 2,
      retryPolicy: () => 1,
      log: captureLogger(logs),
      journal: { store: journal, kinds },
    });
    return { queue, logs };
  }

  it("records a job from enqueue to its end, with what the handler saves, and forgets it when done", async () => {
    const journal = open();
    const { queue } = setUp(journal);
    const seen: JournalEntry[][] = [];
    queue.register("analyse", {
      async run(_job, context) {
        context.save?.({ checkRunId: 9901 });
        seen.push(journal.takeOver());
      },
    });
    await queue.enqueue(job("a"));
    await queue.onIdle();
    // While it ran: recorded as running (takeOver counts it), with its note.
    expect(seen[0]).toEqual([{ job: job("a"), seq: 1, interruptions: 1, note: { checkRunId: 9901 } }]);
    expect(journal.takeOver()).toEqual([]);
  });

  it("records only the kinds it is given (other front doors keep their own store)", async () => {
    const journal = open();
    const { queue } = setUp(journal);
    const saved: unknown[] = [];
    queue.register("submission", {
      run: async (_job, context) => {
        context.save?.({ x: 1 });
        saved.push(journal.takeOver());
      },
    });
    await queue.enqueue(job("s", "sub", "submission"));
    await queue.onIdle();
    expect(saved).toEqual([[]]);
  });

  it("forgets a waiting job replaced by a newer one and a job that failed for good after its retry", async () => {
    const journal = open();
    const { queue } = setUp(journal);
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const settled: string[] = [];
    queue.register("analyse", {
      async run(j) {
        if (j.id === "block") await blocker;
        if (j.id === "fails") throw new Error("always");
      },
      async settle(j, outcome) {
        settled.push(`${j.id}:${outcome.type}`);
      },
    });
    await queue.enqueue(job("block", "k0"));
    await queue.enqueue(job("w1", "k1"));
    await queue.enqueue(job("w2", "k1")); // replaces w1 while it waits
    expect(journal.takeOver().map((e) => e.job.id)).toEqual(["block", "w2"]);
    await queue.enqueue(job("fails", "k2"));
    release();
    await queue.onIdle();
    expect(settled).toEqual(["fails:failed"]);
    expect(journal.takeOver()).toEqual([]);
  });

  it("keeps waiting jobs in the journal when it closes, for the next process", async () => {
    const journal = open();
    const { queue } = setUp(journal);
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    queue.register("analyse", { run: () => blocker });
    await queue.enqueue(job("running", "k1"));
    await queue.enqueue(job("waiting", "k2"));
    const closing = queue.close();
    release();
    await closing;
    expect(journal.takeOver().map((e) => e.job.id)).toEqual(["waiting"]);
  });

  it("resumes: the newest job of a key runs again with its note as state; the others are settled as interrupted", async () => {
    // A previous process: three jobs, two of one key, the older one had opened a check run and was running.
    const before = open();
    before.add(job("old", "octo/paper#default"));
    before.running("old");
    before.note("old", { checkRunId: 1 });
    before.add(job("pr", "octo/paper#pr:3"));
    before.add(job("new", "octo/paper#default"));
    before.note("new", { checkRunId: 2 });
    before.add(job("gone", "x", "retired-kind"));
    before.close();
    opened.length = 0;

    const journal = open();
    const { queue, logs } = setUp(journal, ["analyse", "retired-kind"]);
    const ran: Array<{ id: string; state: Record<string, unknown>; attempt: number }> = [];
    const settled: Array<{ id: string; outcome: JobOutcome; state: Record<string, unknown> }> = [];
    queue.register("analyse", {
      async run(j, context: JobRunContext) {
        ran.push({ id: j.id, state: { ...context.state }, attempt: context.attempt });
      },
      async settle(j, outcome, context) {
        settled.push({ id: j.id, outcome, state: { ...context.state } });
      },
    });
    expect(await queue.resume!()).toEqual({ requeued: 2, abandoned: 1, dropped: 1 });
    await queue.onIdle();

    expect(settled).toEqual([
      {
        id: "old",
        outcome: { type: "interrupted", reason: expect.stringContaining("newer request") },
        state: { checkRunId: 1 },
      },
    ]);
    expect(ran.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "new", state: { checkRunId: 2 }, attempt: 1 },
      { id: "pr", state: {}, attempt: 1 },
    ]);
    expect(journal.takeOver()).toEqual([]);
    // A redelivery of a resumed job's webhook is recognised.
    expect(await queue.enqueue(job("new"))).toBe("duplicate");
    expect(logs.map((l) => l.msg)).toContain(
      "unfinished job of a previous process dropped: its kind is not handled here",
    );
  });

  it("gives up a job after it was running when the server stopped twice", async () => {
    const before = open();
    before.add(job("crashy"));
    before.running("crashy");
    before.takeOver(); // the first restart counted one interruption, and that process died too
    before.running("crashy");
    before.close();
    opened.length = 0;

    const journal = open();
    const { queue } = setUp(journal);
    const ran: string[] = [];
    const outcomes: JobOutcome[] = [];
    queue.register("analyse", {
      run: async (j) => void ran.push(j.id),
      settle: async (_j, outcome) => void outcomes.push(outcome),
    });
    expect(await queue.resume!()).toEqual({ requeued: 0, abandoned: 1, dropped: 0 });
    await queue.onIdle();
    expect(ran).toEqual([]);
    expect(outcomes).toEqual([{ type: "interrupted", reason: expect.stringContaining("stopped 2 times") }]);
    expect(journal.takeOver()).toEqual([]);
  });

  it("keeps working when the journal cannot be written (logged, not fatal)", async () => {
    const journal = open();
    const { queue, logs } = setUp(journal);
    journal.close(); // every later write throws
    const ran: string[] = [];
    queue.register("analyse", { run: async (j) => void ran.push(j.id) });
    await queue.enqueue(job("a"));
    await queue.onIdle();
    expect(ran).toEqual(["a"]);
    expect(logs.filter((l) => l.level === "error").map((l) => l.msg)).toContain(
      "queue journal: could not record a new job",
    );
  });
});
