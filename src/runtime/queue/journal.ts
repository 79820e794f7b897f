/**
 * The queue's journal: the jobs a server process has accepted and not finished, in a small SQLite file, so the
 * next process can take them over after a crash (`kill -9`, out of memory, a host restart) instead of losing
 * them. The in-process queue stays the only scheduler; the journal only records, and is read once at start.
 *
 * Why a file and not the GitHub API: there is no endpoint that lists an app's unfinished check runs across an
 * installation (check runs are listed per commit), and a check run does not say which target (branch, pull
 * request) or trigger its job had. The journal knows both, costs one local write per state change, and works
 * for jobs that never reached GitHub.
 *
 * One process owns a journal: the file is opened in SQLite's exclusive locking mode, so a second process (a
 * CLI next to a running server, a second server on the same data dir) is refused instead of re-running the
 * first one's jobs. Writes are synchronous (better-sqlite3) and WAL-journaled: what is written survives the
 * process being killed at any point.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { InputError } from "../../domain/errors.js";
import type { QueuedJob } from "./types.js";

/** One unfinished job as the journal holds it. */
export interface JournalEntry {
  job: QueuedJob;
  /** Order of arrival (increasing), to tell the newest job of a key. */
  seq: number;
  /**
   * Processes that stopped while this job was running (counted by `takeOver`). Bounds how often a job that
   * crashes the server is tried again.
   */
  interruptions: number;
  /** What the job's handler chose to record while running (`JobRunContext.save`), e.g. its check run. */
  note: Record<string, unknown>;
}

export interface QueueJournal {
  /** The SQLite file. */
  readonly file: string;
  /** Records an accepted job (waiting). */
  add(job: QueuedJob): void;
  /** The job started an attempt. */
  running(jobId: string): void;
  /** The job waits again (a retry after backoff). */
  waiting(jobId: string): void;
  /** Replaces the job's note (small JSON: ids and keys, never a report). */
  note(jobId: string, note: Record<string, unknown>): void;
  /** The job is over: done, failed for good, replaced, or settled after a previous process stopped. */
  remove(jobId: string): void;
  /**
   * Everything a previous process left, oldest first. Jobs it was running count one more interruption and
   * become waiting, once: calling it again returns the same interruptions.
   */
  takeOver(): JournalEntry[];
  close(): void;
}

/** Largest note kept per job; a note is a handful of ids, anything bigger is a programming error. */
export const MAX_NOTE_BYTES = 4096;

const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    key           TEXT NOT NULL,
    payload       TEXT NOT NULL,              -- the job's JSON payload
    status        TEXT NOT NULL,              -- waiting | running
    interruptions INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '{}'
  );
`;

interface Row {
  seq: number;
  id: string;
  kind: string;
  key: string;
  payload: string;
  status: string;
  interruptions: number;
  note: string;
}

const parseObject = (text: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
};

/**
 * Opens (creating when absent) the journal at `file` and takes its lock. Throws `InputError("journal_busy")`
 * when another process holds it, `InputError("journal_unreadable")` when the file is not a journal we can read.
 *
 * @example
 * const journal = openQueueJournal(".ml-footprint/queue.sqlite");
 * const queue = createMemoryQueue({ ...options, journal: { store: journal, kinds: ["analyse"] } });
 * await queue.resume();
 */
export function openQueueJournal(file: string): QueueJournal {
  let db: Database.Database;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: 100 });
  } catch (error) {
    throw new InputError(
      "journal_unreadable",
      `The queue journal ${file} cannot be opened (${(error as Error).message}); set ML_FOOTPRINT_DATA_DIR to a writable folder.`,
    );
  }
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // The first write takes the exclusive lock and keeps it until close.
    db.exec("BEGIN EXCLUSIVE; COMMIT;");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new InputError(
        "journal_unreadable",
        `The queue journal ${file} was written by a newer ml-footprint (schema ${version}); refusing to misread it.`,
      );
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    db.close();
    if (error instanceof InputError) throw error;
    if (isBusy(error))
      throw new InputError(
        "journal_busy",
        `The queue journal ${file} is held by another process (a running server on the same data folder).`,
      );
    throw new InputError("journal_unreadable", `The queue journal ${file} cannot be used: ${String(error)}`);
  }

  const insert = db.prepare(
    "INSERT OR IGNORE INTO jobs (id, kind, key, payload, status) VALUES (?, ?, ?, ?, 'waiting')",
  );
  const setStatus = db.prepare("UPDATE jobs SET status = ? WHERE id = ?");
  const setNote = db.prepare("UPDATE jobs SET note = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM jobs WHERE id = ?");
  const interrupt = db.prepare(
    "UPDATE jobs SET interruptions = interruptions + 1, status = 'waiting' WHERE status = 'running'",
  );
  const all = db.prepare<[], Row>("SELECT * FROM jobs ORDER BY seq");
  const takeOver = db.transaction((): JournalEntry[] => {
    interrupt.run();
    return all.all().map((row) => ({
      job: { id: row.id, kind: row.kind, key: row.key, payload: JSON.parse(row.payload) as unknown },
      seq: row.seq,
      interruptions: row.interruptions,
      note: parseObject(row.note),
    }));
  });

  return {
    file,
    add(job) {
      insert.run(job.id, job.kind, job.key, JSON.stringify(job.payload));
    },
    running(jobId) {
      setStatus.run("running", jobId);
    },
    waiting(jobId) {
      setStatus.run("waiting", jobId);
    },
    note(jobId, note) {
      const text = JSON.stringify(note);
      if (Buffer.byteLength(text) > MAX_NOTE_BYTES)
        throw new RangeError(`journal note of job ${jobId} is larger than ${MAX_NOTE_BYTES} bytes`);
      setNote.run(text, jobId);
    },
    remove(jobId) {
      remove.run(jobId);
    },
    takeOver,
    close() {
      if (db.open) db.close();
    },
  };
}

/** Why an unfinished job of a previous process is not run again. */
export type ResumeDecision =
  | { action: "requeue"; entry: JournalEntry }
  | { action: "abandon"; entry: JournalEntry; reason: string };

/**
 * Decides what becomes of the jobs a previous process left (pure): per coalescing key only the newest job runs
 * again (the queue would have dropped the others), and a job the server stopped on `maxInterruptions` times is
 * given up, so a commit that crashes the server cannot keep it down in a restart loop.
 *
 * @example
 * planResume(journal.takeOver(), 2) // [{ action: "requeue", entry }, { action: "abandon", entry, reason }]
 */
export function planResume(entries: readonly JournalEntry[], maxInterruptions: number): ResumeDecision[] {
  const newest = new Map<string, number>();
  for (const entry of entries) newest.set(entry.job.key, Math.max(newest.get(entry.job.key) ?? 0, entry.seq));
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((entry): ResumeDecision => {
      if (newest.get(entry.job.key) !== entry.seq)
        return {
          action: "abandon",
          entry,
          reason:
            "The server restarted while this commit was being analysed, and a newer request for the same target had arrived: that one is analysed instead.",
        };
      if (entry.interruptions >= maxInterruptions)
        return {
          action: "abandon",
          entry,
          reason: `The server stopped ${entry.interruptions} times while analysing this commit, so it is not analysed again automatically (a commit that stops the server must not keep it down).`,
        };
      return { action: "requeue", entry };
    });
}
