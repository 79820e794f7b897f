/**
 * The survey's cache: each paper's record, keyed by the paper's content (SHA-256), the reader's version and its
 * repository's path, in a SQLite file (better-sqlite3; DIR/.cache.sqlite by default). A re-run reads only new
 * or changed papers, and a paper read with another reader (new models, catalogs, engine) is read again. Each
 * record is committed when its paper finishes (WAL, synchronous writes), so Ctrl-C or a crash loses no paper
 * already read. A repository's content is not hashed (a tree can be large): re-read a changed one with
 * `--no-cache`.
 */
import Database from "better-sqlite3";
import { InputError } from "../domain/errors.js";
import type { SurveyPaperRecord } from "./types.js";

export interface SurveyCacheKey {
  sha256: string;
  readerVersion: string;
  repo: string | null;
}

export interface SurveyCache {
  readonly file: string;
  /** The record stored under the key, or null. */
  get(key: SurveyCacheKey): SurveyPaperRecord | null;
  put(key: SurveyCacheKey, record: SurveyPaperRecord): void;
  /** Records stored (all reader versions). */
  size(): number;
  close(): void;
}

/**
 * Opens (creating) the cache. A file that is not a cache (or another program's SQLite) is an error naming it.
 *
 * @example
 *   const cache = openSurveyCache("out/.cache.sqlite");
 *   cache.get({ sha256, readerVersion, repo: null }); // null the first time
 */
export function openSurveyCache(file: string): SurveyCache {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(`CREATE TABLE IF NOT EXISTS survey_records (
      sha256 TEXT NOT NULL,
      reader_version TEXT NOT NULL,
      repo TEXT NOT NULL,
      record TEXT NOT NULL,
      stored_at TEXT NOT NULL,
      PRIMARY KEY (sha256, reader_version, repo)
    )`);
  } catch (error) {
    throw new InputError(
      "cache_unreadable",
      `${file}: cannot open the survey cache (${(error as Error).message}); remove it or use --no-cache`,
      file,
    );
  }
  const select = db.prepare<[string, string, string], { record: string }>(
    "SELECT record FROM survey_records WHERE sha256 = ? AND reader_version = ? AND repo = ?",
  );
  const upsert = db.prepare<[string, string, string, string, string]>(
    "INSERT OR REPLACE INTO survey_records (sha256, reader_version, repo, record, stored_at) VALUES (?, ?, ?, ?, ?)",
  );
  const count = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM survey_records");
  return {
    file,
    get(key) {
      const row = select.get(key.sha256, key.readerVersion, key.repo ?? "");
      if (!row) return null;
      try {
        return JSON.parse(row.record) as SurveyPaperRecord;
      } catch {
        return null; // a damaged row is a miss: the paper is read again and the row replaced
      }
    },
    put(key, record) {
      upsert.run(
        key.sha256,
        key.readerVersion,
        key.repo ?? "",
        JSON.stringify(record),
        new Date().toISOString(),
      );
    },
    size() {
      return count.get()?.n ?? 0;
    },
    close() {
      db.close();
    },
  };
}
