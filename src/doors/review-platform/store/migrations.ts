/**
 * The store's schema, as numbered migrations applied in order inside one transaction each. A database written
 * by a newer ml-footprint (a higher version than we know) is refused rather than misread.
 */
import type { Database } from "better-sqlite3";
import { InputError } from "../../../domain/errors.js";

/** Migration n (1-based) brings the schema from version n-1 to n. Never edit a released one; add another. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE submissions (
    id                TEXT PRIMARY KEY,          -- sub_<24 hex>: stable across versions
    venue             TEXT NOT NULL,
    submission_id     TEXT NOT NULL,             -- the platform's id
    version           INTEGER NOT NULL,
    title             TEXT NOT NULL,
    platform          TEXT,
    repository        TEXT NOT NULL,             -- owner/name
    paper_json        TEXT,                      -- {"kind":"url","url":...} | {"kind":"inline","filename":...} | null
    callback_url      TEXT,
    content_hash      TEXT NOT NULL,
    status            TEXT NOT NULL,             -- received | processing | completed | failed
    status_reason     TEXT,
    runs              INTEGER NOT NULL DEFAULT 0,-- analyses completed, all versions together
    report_json       TEXT,                      -- the latest report (what GET and the callback return)
    verdict           TEXT,
    co2e_central_kg   REAL,
    callback_status   TEXT NOT NULL,             -- none | pending | delivered | failed
    callback_attempts INTEGER NOT NULL DEFAULT 0,
    callback_error    TEXT,
    received_at       INTEGER NOT NULL,          -- epoch ms, latest version
    updated_at        INTEGER NOT NULL,
    UNIQUE (venue, submission_id)
  );
  CREATE INDEX submissions_by_status ON submissions (status);
  CREATE INDEX submissions_by_callback ON submissions (callback_status);
  -- Inline (base64) papers wait here until their analysis is over, so a restart can still read them.
  CREATE TABLE submission_papers (
    id       TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    filename TEXT NOT NULL,
    base64   TEXT NOT NULL
  );
  -- Webhook ids already accepted: a replay is recognised after a restart too.
  CREATE TABLE webhook_deliveries (
    webhook_id  TEXT PRIMARY KEY,
    body_sha256 TEXT NOT NULL,
    submission  TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
  -- Pull adapters: how far the last pass got, per venue and adapter.
  CREATE TABLE watermarks (
    venue      TEXT NOT NULL,
    adapter    TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (venue, adapter)
  );
  `,
];

/** Brings the database to the latest schema; returns the version it is at. */
export function migrate(db: Database, file: string): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_version").get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  if (current > MIGRATIONS.length)
    throw new InputError(
      "store_too_new",
      `${file} has schema version ${current}; this ml-footprint knows up to ${MIGRATIONS.length}. Upgrade ml-footprint.`,
      file,
    );
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(version);
    })();
  }
  return MIGRATIONS.length;
}
