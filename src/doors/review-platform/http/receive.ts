/**
 * `POST /ml-footprint/submissions`: a review platform hands over one submission.
 *
 *   1. Before a byte of the body is read: JSON only (415); a signature header present (401) and well formed
 *      (400), a recent timestamp (401), a key configured for it (401); a declared length within the limit (413).
 *   2. The body, cut at the limit (413) or the time bound (408), within the shared budget of unverified bodies
 *      (503), its HMAC computed as it arrives; a wrong signature is refused (401) with nothing else done.
 *   3. A webhook id already accepted is not processed again (200, `replayed`), even after a restart; the same id
 *      with another body is refused (409).
 *   4. Parse (400) and validate (422, property/error rows); the venue and the operator's rules (403, 413, 422).
 *   5. Store the submission and its webhook id in one transaction; an older version than the stored one is
 *      refused (409); then enqueue it and answer 202 with its id and status URL. Work happens after.
 *
 * Nothing here logs a header value or a byte of the body: refusals are logged by status and code.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import { readBoundedBody, type UnverifiedBodies } from "../../http/read-body.js";
import { hmacStream, matchingKey, type HmacStream } from "../../http/hmac-stream.js";
import { checkOjsHeader, OJS_SIGNATURE_HEADER } from "../auth/ojs-signature.js";
import type { SigningKey, SigningKeys } from "../auth/signing-keys.js";
import {
  checkStandardWebhookHeaders,
  standardWebhookStream,
  TIMESTAMP_TOLERANCE_SECONDS,
} from "../auth/standard-webhooks.js";
import type { PlatformSettings } from "../settings.js";
import type { SubmissionRecord, SubmissionStore } from "../store/submission-store.js";
import { mapOjsPayload, OJS_EVENT_HEADER } from "../submission/ojs.js";
import { checkSubmissionPolicy, type Signer, type SubmissionPolicy } from "../submission/policy.js";
import {
  parseRepository,
  parseSubmission,
  submissionContentHash,
  type Submission,
} from "../submission/schema.js";
import { sendError, sendJson } from "./respond.js";

export interface ReceiverDependencies {
  settings: PlatformSettings;
  store: SubmissionStore;
  policy: SubmissionPolicy;
  /** The keys requests may be signed with: server-wide and per venue. */
  signingKeys: SigningKeys;
  /** The app's bounds on bodies not yet verified: the budget shared with the webhook endpoint, the time bound. */
  bodies: UnverifiedBodies;
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

/** A request whose signature holds: its delivery id and who signed it. */
interface Signed {
  webhookId: string;
  signer: Exclude<Signer, "operator">;
}

/** Steps 3-5 on a verified body; synchronous, so no other delivery interleaves between the checks and the insert. */
function decide(req: IncomingMessage, body: Buffer, signed: Signed, deps: ReceiverDependencies): Answer {
  const nowMs = deps.now();
  const headers = req.headers;
  const { webhookId } = signed;
  const standard = signed.signer.scheme === "standard";

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
  const verdict = checkSubmissionPolicy(submission, repositoryHost, deps.policy, signed.signer);
  if (!verdict.ok) return error(verdict.status, verdict.error, verdict.message, { errors: verdict.problems });

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

/** What the signature headers say, checked before the body is read. */
type SignatureCheck =
  | {
      ok: true;
      scheme: "standard" | "ojs";
      keys: SigningKey[];
      stream: HmacStream;
      given: Buffer[];
      id: string | null;
    }
  | { ok: false; status: 400 | 401; error: string; message: string; headers?: Record<string, string> };

/** Step 1's signature part: which scheme, well-formed headers, a recent timestamp, keys to verify with. */
function checkSignatureHeaders(req: IncomingMessage, deps: ReceiverDependencies): SignatureCheck {
  const headers = req.headers;
  if (headers["webhook-signature"] !== undefined) {
    const checked = checkStandardWebhookHeaders(headers, Math.floor(deps.now() / 1000));
    if (!checked.ok) return checked;
    const keys = deps.signingKeys.standard;
    if (keys.length === 0)
      return { ok: false, status: 401, error: "bad_signature", message: "No webhook secret is configured." };
    const stream = standardWebhookStream(
      checked,
      keys.map((k) => k.key),
    );
    return { ok: true, scheme: "standard", keys, stream, given: checked.signatures, id: checked.id };
  }
  if (headers[OJS_SIGNATURE_HEADER] !== undefined) {
    const checked = checkOjsHeader(headers[OJS_SIGNATURE_HEADER]);
    if (!checked.ok) return checked;
    const keys = deps.signingKeys.ojs;
    if (keys.length === 0)
      return {
        ok: false,
        status: 401,
        error: "bad_signature",
        message: "No OJS webhook secret is configured.",
      };
    const stream = hmacStream(keys.map((k) => k.key));
    return { ok: true, scheme: "ojs", keys, stream, given: [checked.signature], id: null };
  }
  return {
    ok: false,
    status: 401,
    error: "missing_signature",
    message: "Sign the request (Standard Webhooks webhook-signature).",
    headers: { "www-authenticate": 'Signature realm="ml-footprint"' },
  };
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
  /** A refusal before the body was read whole: answer and close the connection (the rest is never read). */
  const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    deps.log.warn({ status, error: code }, "submission delivery refused");
    sendError(res, status, code, message, {}, { close: true, headers });
  };

  // 1. Content type, signature headers and declared length: nothing of the body is read before these pass.
  if (!isJson(req.headers["content-type"]))
    return refuse(415, "unsupported_media_type", "Send application/json.");
  const signature = checkSignatureHeaders(req, deps);
  if (!signature.ok) return refuse(signature.status, signature.error, signature.message, signature.headers);

  // 2. The body within its bounds, hashed as it arrives; the signature is known when its last byte is.
  const read = await readBoundedBody(req, {
    ...deps.bodies,
    limit: deps.settings.maxBodyBytes,
    onChunk: (chunk) => signature.stream.update(chunk),
  });
  if (!read.ok) return refuse(read.status, read.error, read.message, read.headers);
  const matched = matchingKey(signature.stream.digests(), signature.given);
  if (matched < 0) {
    await read.discard();
    deps.log.warn({ status: 401, error: "bad_signature" }, "submission delivery refused");
    return sendError(
      res,
      401,
      "bad_signature",
      signature.scheme === "standard"
        ? "No webhook-signature matches the body."
        : "The OJS signature does not match the body.",
    );
  }
  const body = await read.bytes();
  const signed: Signed = {
    // The OJS plugin sends no id: the body itself identifies the delivery.
    webhookId: signature.id ?? `ojs:${createHash("sha256").update(body).digest("hex")}`,
    signer: { scheme: signature.scheme, venue: signature.keys[matched]!.venue },
  };

  const answer = decide(req, body, signed, deps);
  if (answer.status !== 202 || !("record" in answer)) {
    const answerBody = (answer as { body: Record<string, unknown> }).body;
    const level = answer.status >= 400 ? "warn" : "info";
    deps.log[level](
      { status: answer.status, error: answerBody.error, webhookId: signed.webhookId },
      "submission delivery answered",
    );
    return sendJson(
      res,
      answer.status,
      answerBody,
      (answer as { headers?: Record<string, string> }).headers ?? {},
    );
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
