/**
 * `POST /ml-footprint/submissions`: a review platform hands over one submission.
 *
 *   1. JSON only (415), body read within the limit while it arrives (413).
 *   2. Signature on the raw bytes: Standard Webhooks headers, or the OJS plugin's `sha256=` (400 malformed
 *      headers, 401 wrong signature or stale timestamp).
 *   3. A webhook id already accepted is not processed again (200, `replayed`), even after a restart; the same id
 *      with another body is refused (409).
 *   4. Parse (400) and validate (422, property/error rows); the operator's rules (422, or 413 for a paper over
 *      the limit).
 *   5. Store the submission and its webhook id in one transaction; an older version than the stored one is
 *      refused (409); then enqueue it and answer 202 with its id and status URL. Work happens after.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { OJS_SIGNATURE_HEADER, verifyOjsSignature } from "../auth/ojs-signature.js";
import { TIMESTAMP_TOLERANCE_SECONDS, verifyStandardWebhook } from "../auth/standard-webhooks.js";
import type { PlatformSettings } from "../settings.js";
import type { SubmissionRecord, SubmissionStore } from "../store/submission-store.js";
import { mapOjsPayload, OJS_EVENT_HEADER } from "../submission/ojs.js";
import { checkSubmissionPolicy, type SubmissionPolicy } from "../submission/policy.js";
import {
  parseRepository,
  parseSubmission,
  submissionContentHash,
  type Submission,
} from "../submission/schema.js";
import { readRawBody } from "./body.js";
import { sendError, sendJson } from "./respond.js";

export interface ReceiverDependencies {
  settings: PlatformSettings;
  store: SubmissionStore;
  policy: SubmissionPolicy;
  /** Puts a stored submission on the queue. */
  enqueue(record: SubmissionRecord): Promise<void>;
  now(): number;
  log: Logger;
}

type Answer =
  | { status: number; body: Record<string, unknown>; close?: boolean; headers?: Record<string, string> }
  | { status: 202; record: SubmissionRecord; unchanged: boolean };

const error = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Answer => ({ status, body: { error: code, message, ...extra } });

const isJson = (contentType: string | undefined): boolean =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? "");

/** Where a stored submission can be read back. */
export function statusUrl(settings: PlatformSettings, id: string): string {
  return `${settings.publicUrl ?? ""}${settings.basePath}/submissions/${id}`;
}

/** Steps 2-5 on the raw body; synchronous, so no other delivery interleaves between the checks and the insert. */
function decide(req: IncomingMessage, body: Buffer, deps: ReceiverDependencies): Answer {
  const nowMs = deps.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const headers = req.headers;
  const standard = headers["webhook-signature"] !== undefined;
  const ojs = !standard && headers[OJS_SIGNATURE_HEADER] !== undefined;
  if (!standard && !ojs)
    return {
      ...error(401, "missing_signature", "Sign the request (Standard Webhooks webhook-signature)."),
      headers: { "www-authenticate": 'Signature realm="ml-footprint"' },
    };

  // 2. Signature.
  let webhookId: string;
  if (standard) {
    const verified = verifyStandardWebhook(headers, body, deps.settings.webhookSecrets, nowSeconds);
    if (!verified.ok) return error(verified.status, verified.error, verified.message);
    webhookId = verified.id;
  } else {
    const verified = verifyOjsSignature(headers[OJS_SIGNATURE_HEADER], body, deps.settings.ojsSecrets);
    if (!verified.ok) return error(verified.status, verified.error, verified.message);
    // The plugin sends no id: the body itself identifies the delivery.
    webhookId = `ojs:${createHash("sha256").update(body).digest("hex")}`;
  }

  // 3. Replays.
  const bodySha256 = createHash("sha256").update(body).digest("hex");
  const seen = deps.store.delivery(webhookId);
  if (seen) {
    if (seen.bodySha256 !== bodySha256)
      return error(409, "webhook_id_reused", `webhook-id ${webhookId} was already used for another message.`);
    const record = deps.store.get(seen.submission);
    return {
      status: 200,
      body: {
        id: seen.submission,
        status: record?.status ?? null,
        replayed: true,
        message: "Already received; not processed again.",
        status_url: statusUrl(deps.settings, seen.submission),
      },
    };
  }

  // 4. Parse and validate.
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    return error(400, "malformed_json", "The body is not valid JSON.");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    return error(400, "malformed_json", "The body must be a JSON object.");

  let submission: Submission;
  let repositoryHost: string | null = null;
  if (standard) {
    const parsed = parseSubmission(raw);
    if (!parsed.ok)
      return error(422, "invalid_submission", "The submission does not match the schema.", {
        errors: parsed.problems,
      });
    submission = parsed.submission;
    repositoryHost = parseRepository((raw as { repository: string }).repository)?.host ?? null;
  } else {
    const mapped = mapOjsPayload(raw, deps.policy.venues, deps.policy.githubHosts);
    if (mapped.kind === "invalid")
      return error(422, "invalid_submission", "The OJS payload cannot be mapped to a submission.", {
        errors: mapped.problems,
      });
    if (mapped.kind === "ignored") {
      deps.log.info({ event: headers[OJS_EVENT_HEADER], reason: mapped.reason }, "OJS delivery ignored");
      return { status: 200, body: { ignored: true, reason: mapped.reason } };
    }
    if (Math.abs(nowMs - mapped.occurredAt) > TIMESTAMP_TOLERANCE_SECONDS * 1000)
      return error(
        401,
        "timestamp_out_of_tolerance",
        `occurredAt is more than ${TIMESTAMP_TOLERANCE_SECONDS / 60} minutes from the server's clock.`,
      );
    submission = mapped.submission;
  }
  const verdict = checkSubmissionPolicy(submission, repositoryHost, deps.policy);
  if (!verdict.ok)
    return error(
      verdict.status,
      verdict.status === 413 ? "paper_too_large" : "invalid_submission",
      verdict.status === 413
        ? "The paper is over the size limit."
        : "The submission breaks a rule of this server.",
      { errors: verdict.problems },
    );

  // 5. Store.
  const accepted = deps.store.accept(
    submission,
    submissionContentHash(submission),
    { webhookId, bodySha256 },
    nowMs,
  );
  if (accepted.outcome === "stale")
    return error(
      409,
      "stale_version",
      `Version ${submission.version} is older than the stored version ${accepted.record.version}.`,
      { id: accepted.record.id, version: accepted.record.version },
    );
  return { status: 202, record: accepted.record, unchanged: accepted.outcome === "unchanged" };
}

/**
 * The POST handler (already routed by method and path).
 *
 * @example
 * if (req.method === "POST" && path === "/ml-footprint/submissions") return receiveSubmission(req, res, deps);
 */
export async function receiveSubmission(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ReceiverDependencies,
): Promise<void> {
  // 1. Content type and size.
  if (!isJson(req.headers["content-type"])) {
    req.resume();
    return sendError(res, 415, "unsupported_media_type", "Send application/json.", {}, { req, close: true });
  }
  const read = await readRawBody(req, deps.settings.maxBodyBytes);
  if (!read.ok)
    return sendError(
      res,
      read.status,
      read.status === 413 ? "payload_too_large" : "malformed_request",
      read.message,
      {},
      { req, close: true },
    );

  const answer = decide(req, read.body, deps);
  if (answer.status !== 202 || !("record" in answer)) {
    const body = (answer as { body: Record<string, unknown> }).body;
    const level = answer.status >= 400 ? "warn" : "info";
    deps.log[level](
      { status: answer.status, error: body.error, webhookId: req.headers["webhook-id"] },
      "submission delivery answered",
    );
    return sendJson(res, answer.status, body, (answer as { headers?: Record<string, string> }).headers ?? {});
  }
  const { record, unchanged } = answer;
  deps.log.info(
    { submission: record.id, venue: record.venue, version: record.version, unchanged },
    "submission accepted",
  );
  // The record is stored: answer first, so the sender never waits for the queue (a job may start at once).
  sendJson(res, 202, {
    id: record.id,
    status: record.status,
    version: record.version,
    ...(unchanged ? { unchanged: true } : {}),
    status_url: statusUrl(deps.settings, record.id),
  });
  if (unchanged) return;
  try {
    await deps.enqueue(record);
  } catch (err) {
    // Stored already: the next start enqueues it again.
    deps.log.error({ err, submission: record.id }, "could not enqueue a stored submission");
  }
}
