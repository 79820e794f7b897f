/**
 * The platform's job kinds on the app's queue. Payloads name the stored submission and the version they are
 * for, never its data: the job reads the store, so a newer version that arrived meanwhile is noticed.
 */
import { randomUUID } from "node:crypto";
import type { QueuedJob } from "../../../runtime/queue/types.js";
import type { SubmissionRecord } from "../store/submission-store.js";

export const SUBMISSION_JOB = "submission";
export const SUBMISSION_CALLBACK_JOB = "submission-callback";

export interface SubmissionJobPayload {
  submission: string;
  version: number;
  contentHash: string;
  /** Epoch ms when the version was received (for latency figures). */
  receivedAt: number;
}

export interface CallbackJobPayload {
  submission: string;
  version: number;
}

/**
 * One analysis of a submission's version. The key is per submission: a newer version replaces a waiting one
 * and stops a running one at its next step, as a newer push does for a repository.
 */
export function submissionJob(record: SubmissionRecord): QueuedJob<SubmissionJobPayload> {
  return {
    id: `${record.id}@${record.version}:${randomUUID()}`,
    key: `submission:${record.id}`,
    kind: SUBMISSION_JOB,
    payload: {
      submission: record.id,
      version: record.version,
      contentHash: record.contentHash,
      receivedAt: record.receivedAt,
    },
  };
}

/** Delivery of a submission's latest report to its callback URL. */
export function callbackJob(record: SubmissionRecord): QueuedJob<CallbackJobPayload> {
  return {
    id: `${record.id}@${record.version}:callback:${randomUUID()}`,
    key: `callback:${record.id}`,
    kind: SUBMISSION_CALLBACK_JOB,
    payload: { submission: record.id, version: record.version },
  };
}
