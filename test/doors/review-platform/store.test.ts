import { afterEach, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MIGRATIONS } from "../../../src/doors/review-platform/store/migrations.js";
import { openSubmissionStore } from "../../../src/doors/review-platform/store/submission-store.js";
import {
  parseSubmission,
  submissionContentHash,
  type Submission,
} from "../../../src/doors/review-platform/submission/schema.js";
import { NOW_MS, submissionPayload } from "./helpers.js";

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-store-test-"));
  dirs.push(dir);
  return path.join(dir, "platform.sqlite");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function submission(overrides: Record<string, unknown> = {}): Submission {
  const parsed = parseSubmission(submissionPayload(overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.submission;
}

const completion = {
  status: "completed" as const,
  reason: null,
  reportJson: '{"type":"submission.report"}',
  verdict: "incomplete",
  co2eCentralKg: 12.5,
};

describe("the submission store", () => {
  it("creates, then updates on a newer version, keeps the same content as unchanged, and refuses an older one", () => {
    const store = openSubmissionStore(":memory:");
    const v1 = submission();
    const v2 = submission({ version: 2, title: "Revised" });
    expect(store.accept(v1, submissionContentHash(v1), null, NOW_MS).outcome).toBe("created");
    expect(store.accept(v1, submissionContentHash(v1), null, NOW_MS + 1).outcome).toBe("unchanged");
    expect(store.accept(v2, submissionContentHash(v2), null, NOW_MS + 2)).toMatchObject({
      outcome: "updated",
      record: { version: 2, title: "Revised", status: "received" },
    });
    expect(store.accept(v1, submissionContentHash(v1), null, NOW_MS + 3)).toMatchObject({
      outcome: "stale",
      record: { version: 2 },
    });
    store.close();
  });

  it("takes the same version again after it failed", () => {
    const store = openSubmissionStore(":memory:");
    const s = submission();
    const { record } = store.accept(s, submissionContentHash(s), null, NOW_MS);
    store.finish(
      record.id,
      1,
      record.contentHash,
      { ...completion, status: "failed", reason: "boom" },
      NOW_MS,
    );
    expect(store.accept(s, submissionContentHash(s), null, NOW_MS).outcome).toBe("updated");
    expect(store.get(record.id)).toMatchObject({ status: "received", statusReason: null });
    store.close();
  });

  it("does not let an older version's analysis overwrite a newer version's record", () => {
    const store = openSubmissionStore(":memory:");
    const v1 = submission();
    const v2 = submission({ version: 2 });
    const first = store.accept(v1, submissionContentHash(v1), null, NOW_MS).record;
    store.accept(v2, submissionContentHash(v2), null, NOW_MS);
    expect(store.markProcessing(first.id, 1, first.contentHash, NOW_MS)).toBe(false);
    expect(store.finish(first.id, 1, first.contentHash, completion, NOW_MS)).toBe(false);
    expect(store.get(first.id)).toMatchObject({ version: 2, status: "received", runs: 0 });
    store.close();
  });

  it("keeps an inline paper until the analysis is over, then drops it", () => {
    const store = openSubmissionStore(":memory:");
    const s = submission({ paper: { base64: "JVBERi0xLjQK", filename: "p.pdf" } });
    const { record } = store.accept(s, submissionContentHash(s), null, NOW_MS);
    expect(record.paper).toEqual({ kind: "inline", filename: "p.pdf", bytes: 9 });
    expect(store.inlinePaper(record.id, 1)).toEqual({ filename: "p.pdf", base64: "JVBERi0xLjQK" });
    expect(store.inlinePaper(record.id, 2)).toBeNull();
    store.finish(record.id, 1, record.contentHash, completion, NOW_MS);
    expect(store.inlinePaper(record.id, 1)).toBeNull();
    store.close();
  });

  it("marks the callback pending when a report is written, and settles it once", () => {
    const store = openSubmissionStore(":memory:");
    const s = submission();
    const { record } = store.accept(s, submissionContentHash(s), null, NOW_MS);
    store.finish(record.id, 1, record.contentHash, completion, NOW_MS);
    expect(store.pendingCallbacks().map((r) => r.id)).toEqual([record.id]);
    store.callbackAttempted(record.id, NOW_MS);
    store.callbackSettled(record.id, 1, "delivered", null, NOW_MS);
    store.callbackSettled(record.id, 1, "failed", "late", NOW_MS);
    expect(store.get(record.id)).toMatchObject({ callbackStatus: "delivered", callbackAttempts: 1, runs: 1 });
    expect(store.pendingCallbacks()).toEqual([]);
    store.close();
  });

  it("survives a restart: submissions, deliveries, watermarks and pending work are read back from the file", () => {
    const file = tempFile();
    const first = openSubmissionStore(file);
    const a = submission({ id: "a" });
    const b = submission({ id: "b" });
    const recordA = first.accept(
      a,
      submissionContentHash(a),
      { webhookId: "msg_a", bodySha256: "aa" },
      NOW_MS,
    ).record;
    const recordB = first.accept(b, submissionContentHash(b), null, NOW_MS + 1).record;
    first.markProcessing(recordB.id, 1, recordB.contentHash, NOW_MS + 2);
    first.setWatermark("Demo.cc/2026/Conference", "openreview", "1767398400000", NOW_MS);
    first.close();

    const second = openSubmissionStore(file);
    expect(second.pending().map((r) => [r.submissionId, r.status])).toEqual([
      ["a", "received"],
      ["b", "processing"],
    ]);
    expect(second.delivery("msg_a")).toEqual({
      webhookId: "msg_a",
      bodySha256: "aa",
      submission: recordA.id,
      receivedAt: NOW_MS,
    });
    expect(second.watermark("Demo.cc/2026/Conference", "openreview")).toBe("1767398400000");
    second.close();
  });

  it("uses WAL, records its schema version, and refuses a database from a newer version", () => {
    const file = tempFile();
    openSubmissionStore(file).close();
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT MAX(version) AS v FROM schema_version").get()).toEqual({
      v: MIGRATIONS.length,
    });
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(MIGRATIONS.length + 1);
    db.close();
    expect(() => openSubmissionStore(file)).toThrow(
      `has schema version ${MIGRATIONS.length + 1}; this ml-footprint knows up to ${MIGRATIONS.length}`,
    );
  });

  it("forgets webhook ids older than the replay window", () => {
    const store = openSubmissionStore(":memory:");
    const s = submission();
    store.accept(s, submissionContentHash(s), { webhookId: "old", bodySha256: "x" }, NOW_MS - 3_600_000);
    store.accept(s, submissionContentHash(s), { webhookId: "new", bodySha256: "y" }, NOW_MS);
    expect(store.pruneDeliveries(NOW_MS - 600_000)).toBe(1);
    expect(store.delivery("old")).toBeNull();
    expect(store.delivery("new")).not.toBeNull();
    store.close();
  });
});
