/**
 * The `submission-callback` job: POSTs a submission's latest report to its callback URL, signed the Standard
 * Webhooks way (`webhook-id` stays the same across retries of one report, so the receiver can de-duplicate).
 * 5xx, 408, 429, timeouts and connection failures are retried by the queue with backoff (429 waits as long as
 * `retry-after` says); any other answer, a redirect included, is final.
 */
import { createHash } from "node:crypto";
import type { Logger } from "probot";
import type { JobHandler, JobOutcome, QueuedJob } from "../../../runtime/queue/types.js";
import { signStandardWebhook } from "../auth/standard-webhooks.js";
import { safeRequest, UpstreamUnavailableError, type NetworkPolicy } from "../net/safe-request.js";
import type { SubmissionStore } from "../store/submission-store.js";
import type { CallbackJobPayload } from "./types.js";

export interface CallbackDependencies {
  store: SubmissionStore;
  policy: NetworkPolicy;
  /** Null: no secret configured, so nothing is sent (an unsigned report would be unverifiable). */
  secret: Buffer | null;
  timeoutMs: number;
  log: Logger;
  now(): Date;
}

/** A callback answer worth another attempt; `status` and headers feed the queue's retry policy. */
export class CallbackRetryableError extends Error {
  constructor(
    /** The status the retry policy sees: 408 is retried like a 5xx. */
    readonly status: number,
    readonly response: { headers: Record<string, string | undefined> },
    answered: number,
  ) {
    super(`the callback URL answered ${answered}`);
    this.name = "CallbackRetryableError";
  }
}

/** A callback answer that will not change by trying again. */
export class CallbackRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackRefusedError";
  }
}

const MAX_ANSWER_BYTES = 64 * 1024;

/** The message id of one report: the same for every attempt, different for another version or outcome. */
export function callbackMessageId(submission: string, version: number, reportJson: string): string {
  return `msg_${submission}_v${version}_${createHash("sha256").update(reportJson).digest("hex").slice(0, 12)}`;
}

/**
 * The handler registered as `submission-callback`.
 *
 * @example
 * runtime.queue.register(SUBMISSION_CALLBACK_JOB, callbackJobHandler({ store, policy, secret, timeoutMs, log, now }));
 */
export function callbackJobHandler(deps: CallbackDependencies): JobHandler<CallbackJobPayload> {
  return {
    async run(job: QueuedJob<CallbackJobPayload>): Promise<void> {
      const record = deps.store.get(job.payload.submission);
      if (
        !record ||
        record.version !== job.payload.version ||
        record.callbackStatus !== "pending" ||
        !record.callbackUrl ||
        !record.reportJson
      )
        return;
      if (!deps.secret)
        throw new CallbackRefusedError("no callback secret is configured (ML_FOOTPRINT_CALLBACK_SECRET)");
      const now = deps.now();
      deps.store.callbackAttempted(record.id, now.getTime());
      const id = callbackMessageId(record.id, record.version, record.reportJson);
      const timestamp = Math.floor(now.getTime() / 1000);
      let response;
      try {
        response = await safeRequest(record.callbackUrl, deps.policy, {
          method: "POST",
          body: record.reportJson,
          headers: {
            "content-type": "application/json",
            "user-agent": "ml-footprint",
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signStandardWebhook(id, timestamp, record.reportJson, deps.secret),
          },
          maxBytes: MAX_ANSWER_BYTES,
          timeoutMs: deps.timeoutMs,
          maxRedirects: 0,
          what: "callback URL",
        });
      } catch (error) {
        if (error instanceof UpstreamUnavailableError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new CallbackRefusedError(message);
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        deps.store.callbackSettled(record.id, record.version, "delivered", null, deps.now().getTime());
        deps.log.info({ submission: record.id, status }, "report delivered to the callback URL");
        return;
      }
      if (status >= 500 || status === 429 || status === 408) {
        const headers: Record<string, string | undefined> = {};
        const retryAfter = response.headers["retry-after"];
        if (typeof retryAfter === "string") headers["retry-after"] = retryAfter;
        throw new CallbackRetryableError(status === 408 ? 503 : status, { headers }, status);
      }
      throw new CallbackRefusedError(`the callback URL answered ${status}`);
    },

    async settle(job: QueuedJob<CallbackJobPayload>, outcome: JobOutcome): Promise<void> {
      if (outcome.type !== "failed") return;
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      deps.log.warn(
        { submission: job.payload.submission, reason },
        "report not delivered to the callback URL",
      );
      deps.store.callbackSettled(
        job.payload.submission,
        job.payload.version,
        "failed",
        reason,
        deps.now().getTime(),
      );
    },
  };
}
