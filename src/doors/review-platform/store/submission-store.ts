/**
 * Submissions, their latest reports, accepted webhook ids and poll watermarks, in SQLite (better-sqlite3):
 * one file, WAL journal, schema migrations. Everything a restart needs is here: submissions not yet processed
 * are found again with `pending()`, reports not yet delivered with `pendingCallbacks()`.
 *
 * Calls are synchronous (better-sqlite3): a receipt is stored before the 202 leaves, and nothing else runs in
 * between on this thread, so two deliveries cannot interleave their check-then-insert.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PaperSource, Platform, Submission } from "../submission/schema.js";
import { submissionRecordId } from "../submission/schema.js";
import { migrate } from "./migrations.js";

export type SubmissionStatus = "received" | "processing" | "completed" | "failed";
export type CallbackStatus = "none" | "pending" | "delivered" | "failed";

/** How a stored paper is described (an inline paper's bytes live in their own table until processed). */
export type StoredPaper = { kind: "url"; url: string } | { kind: "inline"; filename: string; bytes: number };

export interface SubmissionRecord {
  id: string;
  venue: string;
  submissionId: string;
  version: number;
  title: string;
  platform: Platform | null;
  /** owner/name */
  repository: string;
  paper: StoredPaper | null;
  callbackUrl: string | null;
  contentHash: string;
  status: SubmissionStatus;
  statusReason: string | null;
  runs: number;
  /** The latest report, as JSON text (what GET and the callback send). */
  reportJson: string | null;
  verdict: string | null;
  co2eCentralKg: number | null;
  callbackStatus: CallbackStatus;
  callbackAttempts: number;
  callbackError: string | null;
  receivedAt: number;
  updatedAt: number;
}

/** What `accept` did: a new record, a new version (or a retry of a failed one), the same again, or an older version. */
export type AcceptOutcome = "created" | "updated" | "unchanged" | "stale";

export interface DeliveryRecord {
  webhookId: string;
  bodySha256: string;
  submission: string;
  receivedAt: number;
}

/** What the job writes when an analysis is over. */
export interface Completion {
  status: "completed" | "failed";
  reason: string | null;
  reportJson: string;
  verdict: string | null;
  co2eCentralKg: number | null;
}

interface Row {
  id: string;
  venue: string;
  submission_id: string;
  version: number;
  title: string;
  platform: string | null;
  repository: string;
  paper_json: string | null;
  callback_url: string | null;
  content_hash: string;
  status: string;
  status_reason: string | null;
  runs: number;
  report_json: string | null;
  verdict: string | null;
  co2e_central_kg: number | null;
  callback_status: string;
  callback_attempts: number;
  callback_error: string | null;
  received_at: number;
  updated_at: number;
}

const toRecord = (row: Row): SubmissionRecord => ({
  id: row.id,
  venue: row.venue,
  submissionId: row.submission_id,
  version: row.version,
  title: row.title,
  platform: row.platform as Platform | null,
  repository: row.repository,
  paper: row.paper_json ? (JSON.parse(row.paper_json) as StoredPaper) : null,
  callbackUrl: row.callback_url,
  contentHash: row.content_hash,
  status: row.status as SubmissionStatus,
  statusReason: row.status_reason,
  runs: row.runs,
  reportJson: row.report_json,
  verdict: row.verdict,
  co2eCentralKg: row.co2e_central_kg,
  callbackStatus: row.callback_status as CallbackStatus,
  callbackAttempts: row.callback_attempts,
  callbackError: row.callback_error,
  receivedAt: row.received_at,
  updatedAt: row.updated_at,
});

/** What storing `submission` would do to the `existing` record. */
function classify(
  existing: SubmissionRecord | null,
  submission: Submission,
  contentHash: string,
): AcceptOutcome {
  if (!existing) return "created";
  if (submission.version < existing.version) return "stale";
  if (
    submission.version === existing.version &&
    contentHash === existing.contentHash &&
    existing.status !== "failed"
  )
    return "unchanged";
  return "updated";
}

function storedPaper(paper: PaperSource | null): StoredPaper | null {
  if (!paper) return null;
  if (paper.kind === "url") return { kind: "url", url: paper.url };
  return { kind: "inline", filename: paper.filename, bytes: Math.floor((paper.base64.length * 3) / 4) };
}

export interface SubmissionStore {
  readonly file: string;
  /**
   * Stores a received submission, and the webhook id it came with, in one transaction. A newer version (or the
   * same version with other content, or a failed one sent again) replaces the stored one and is `updated`.
   */
  accept(
    submission: Submission,
    contentHash: string,
    delivery: { webhookId: string; bodySha256: string } | null,
    now: number,
  ): { outcome: AcceptOutcome; record: SubmissionRecord };
  /** What `accept` would do, without writing (dry runs). */
  preview(submission: Submission, contentHash: string): AcceptOutcome;
  delivery(webhookId: string): DeliveryRecord | null;
  get(id: string): SubmissionRecord | null;
  /** The base64 paper waiting for the analysis of `version`, or null. */
  inlinePaper(id: string, version: number): { filename: string; base64: string } | null;
  listVenue(venue: string): SubmissionRecord[];
  /** Received or interrupted submissions: what a restart enqueues again. */
  pending(): SubmissionRecord[];
  /** Reports whose callback has not been delivered yet. */
  pendingCallbacks(): SubmissionRecord[];
  /** Marks the start of an analysis; false when the record moved on to another version. */
  markProcessing(id: string, version: number, contentHash: string, now: number): boolean;
  /** Records the end of an analysis; false (nothing written) when the record moved on to another version. */
  finish(id: string, version: number, contentHash: string, completion: Completion, now: number): boolean;
  callbackAttempted(id: string, now: number): void;
  callbackSettled(
    id: string,
    version: number,
    status: "delivered" | "failed",
    error: string | null,
    now: number,
  ): void;
  watermark(venue: string, adapter: string): string | null;
  setWatermark(venue: string, adapter: string, value: string, now: number): void;
  /** Forgets webhook ids older than `before` (their timestamps are refused anyway). */
  pruneDeliveries(before: number): number;
  close(): void;
}

/**
 * Opens (creating and migrating) the store.
 *
 * @example
 * const store = openSubmissionStore(".ml-footprint/platform.sqlite");
 * store.accept(submission, submissionContentHash(submission), { webhookId, bodySha256 }, Date.now());
 */
export function openSubmissionStore(file: string): SubmissionStore {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a commit survives a crash of the process (what a restart needs); only a power loss can
  // drop the last transactions. FULL would fsync every acknowledgment.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db, file);

  const statements = {
    get: db.prepare("SELECT * FROM submissions WHERE id = ?"),
    insert: db.prepare(`INSERT INTO submissions
      (id, venue, submission_id, version, title, platform, repository, paper_json, callback_url, content_hash,
       status, callback_status, received_at, updated_at)
      VALUES (@id, @venue, @submission_id, @version, @title, @platform, @repository, @paper_json, @callback_url,
       @content_hash, 'received', 'none', @now, @now)`),
    replace: db.prepare(`UPDATE submissions SET version = @version, title = @title, platform = @platform,
      repository = @repository, paper_json = @paper_json, callback_url = @callback_url,
      content_hash = @content_hash, status = 'received', status_reason = NULL, received_at = @now,
      updated_at = @now WHERE id = @id`),
    putPaper: db.prepare(
      "INSERT OR REPLACE INTO submission_papers (id, version, filename, base64) VALUES (?, ?, ?, ?)",
    ),
    dropPaper: db.prepare("DELETE FROM submission_papers WHERE id = ?"),
    getPaper: db.prepare("SELECT filename, base64 FROM submission_papers WHERE id = ? AND version = ?"),
    putDelivery: db.prepare(
      "INSERT OR IGNORE INTO webhook_deliveries (webhook_id, body_sha256, submission, received_at) VALUES (?, ?, ?, ?)",
    ),
    getDelivery: db.prepare("SELECT * FROM webhook_deliveries WHERE webhook_id = ?"),
    listVenue: db.prepare("SELECT * FROM submissions WHERE venue = ? ORDER BY submission_id"),
    pending: db.prepare(
      "SELECT * FROM submissions WHERE status IN ('received', 'processing') ORDER BY received_at",
    ),
    pendingCallbacks: db.prepare(
      "SELECT * FROM submissions WHERE callback_status = 'pending' ORDER BY updated_at",
    ),
    markProcessing: db.prepare(`UPDATE submissions SET status = 'processing', updated_at = ?
      WHERE id = ? AND version = ? AND content_hash = ? AND status IN ('received', 'processing')`),
    finish: db.prepare(`UPDATE submissions SET status = @status, status_reason = @reason,
      report_json = @report_json, verdict = @verdict, co2e_central_kg = @co2e,
      runs = runs + (CASE WHEN @status = 'completed' THEN 1 ELSE 0 END),
      callback_status = CASE WHEN callback_url IS NULL THEN 'none' ELSE 'pending' END,
      callback_attempts = 0, callback_error = NULL, updated_at = @now
      WHERE id = @id AND version = @version AND content_hash = @content_hash`),
    callbackAttempted: db.prepare(
      "UPDATE submissions SET callback_attempts = callback_attempts + 1, updated_at = ? WHERE id = ?",
    ),
    callbackSettled:
      db.prepare(`UPDATE submissions SET callback_status = ?, callback_error = ?, updated_at = ?
      WHERE id = ? AND version = ? AND callback_status = 'pending'`),
    watermark: db.prepare("SELECT value FROM watermarks WHERE venue = ? AND adapter = ?"),
    setWatermark: db.prepare(`INSERT INTO watermarks (venue, adapter, value, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (venue, adapter) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    prune: db.prepare("DELETE FROM webhook_deliveries WHERE received_at < ?"),
  };

  const getRecord = (id: string): SubmissionRecord | null => {
    const row = statements.get.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  };

  const accept = db.transaction(
    (
      submission: Submission,
      contentHash: string,
      delivery: { webhookId: string; bodySha256: string } | null,
      now: number,
    ): { outcome: AcceptOutcome; record: SubmissionRecord } => {
      const id = submissionRecordId(submission.venue, submission.submissionId);
      const existing = getRecord(id);
      const params = {
        id,
        venue: submission.venue,
        submission_id: submission.submissionId,
        version: submission.version,
        title: submission.title,
        platform: submission.platform,
        repository: `${submission.repository.owner}/${submission.repository.repo}`,
        paper_json: submission.paper ? JSON.stringify(storedPaper(submission.paper)) : null,
        callback_url: submission.callbackUrl,
        content_hash: contentHash,
        now,
      };
      const outcome = classify(existing, submission, contentHash);
      if (outcome === "stale") return { outcome, record: existing! };
      if (outcome === "created") statements.insert.run(params);
      else if (outcome === "updated") statements.replace.run(params);
      if (outcome !== "unchanged") {
        if (submission.paper?.kind === "inline")
          statements.putPaper.run(id, submission.version, submission.paper.filename, submission.paper.base64);
        else statements.dropPaper.run(id);
      }
      if (delivery) statements.putDelivery.run(delivery.webhookId, delivery.bodySha256, id, now);
      return { outcome, record: getRecord(id)! };
    },
  );

  return {
    file,
    accept: (submission, contentHash, delivery, now) => accept(submission, contentHash, delivery, now),
    preview: (submission, contentHash) =>
      classify(
        getRecord(submissionRecordId(submission.venue, submission.submissionId)),
        submission,
        contentHash,
      ),
    delivery(webhookId) {
      const row = statements.getDelivery.get(webhookId) as
        | { webhook_id: string; body_sha256: string; submission: string; received_at: number }
        | undefined;
      return row
        ? {
            webhookId: row.webhook_id,
            bodySha256: row.body_sha256,
            submission: row.submission,
            receivedAt: row.received_at,
          }
        : null;
    },
    get: getRecord,
    inlinePaper(id, version) {
      return (
        (statements.getPaper.get(id, version) as { filename: string; base64: string } | undefined) ?? null
      );
    },
    listVenue: (venue) => (statements.listVenue.all(venue) as Row[]).map(toRecord),
    pending: () => (statements.pending.all() as Row[]).map(toRecord),
    pendingCallbacks: () => (statements.pendingCallbacks.all() as Row[]).map(toRecord),
    markProcessing: (id, version, contentHash, now) =>
      statements.markProcessing.run(now, id, version, contentHash).changes === 1,
    finish: db.transaction(
      (id: string, version: number, contentHash: string, completion: Completion, now: number): boolean => {
        const changed =
          statements.finish.run({
            id,
            version,
            content_hash: contentHash,
            status: completion.status,
            reason: completion.reason,
            report_json: completion.reportJson,
            verdict: completion.verdict,
            co2e: completion.co2eCentralKg,
            now,
          }).changes === 1;
        // The analysis is over: an inline paper is not needed any more.
        if (changed) statements.dropPaper.run(id);
        return changed;
      },
    ),
    callbackAttempted(id, now) {
      statements.callbackAttempted.run(now, id);
    },
    callbackSettled(id, version, status, error, now) {
      statements.callbackSettled.run(status, error, now, id, version);
    },
    watermark(venue, adapter) {
      return (statements.watermark.get(venue, adapter) as { value: string } | undefined)?.value ?? null;
    },
    setWatermark(venue, adapter, value, now) {
      statements.setWatermark.run(venue, adapter, value, now);
    },
    pruneDeliveries: (before) => statements.prune.run(before).changes,
    close() {
      if (db.open) db.close();
    },
  };
}
