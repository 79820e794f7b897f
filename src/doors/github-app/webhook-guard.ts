/**
 * A guard in front of Probot's webhook middleware (`POST /api/github/webhooks`, or WEBHOOK_PATH).
 *
 * Probot 14 hands the request to @octokit/webhooks' node middleware, which reads the whole body with no
 * limit, starts a 9 s "202 still processing" timer before the body has even arrived (so a slow unsigned body
 * is answered 202), and on a bad signature throws an error that carries the payload, which Probot's error
 * handler and the middleware each log. The guard does, before the middleware sees the request:
 *
 *   1. header checks, nothing of the body read: JSON (415), GitHub's three headers (400), a well-formed
 *      `x-hub-signature-256` (400), a declared Content-Length within the limit (413, 25 MB: GitHub's own cap);
 *   2. the body, cut at the limit (413) or the time bound (408), within the budget shared with the submission
 *      endpoint (503), its HMAC computed as it arrives;
 *   3. a wrong signature is refused (400, as @octokit/webhooks answers) with nothing else done;
 *   4. a signed body that is not UTF-8 JSON is refused (400), so no parser error quotes it in a log;
 *   5. only then the middleware gets the request, with the body already read (`req.body`), and runs as before:
 *      verifies again, parses, answers 200 and dispatches the event.
 *
 * Refusals close the connection (the rest of a body is never read) and are logged by status and code only.
 */
import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger, Probot } from "probot";
import { constantTimeEqual } from "../http/constant-time.js";
import { hmacStream } from "../http/hmac-stream.js";
import { readBoundedBody, type UnverifiedBodies } from "../http/read-body.js";
import { sendError } from "../http/respond.js";

export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean> | boolean;

export interface WebhookGuardOptions {
  /** The webhook path Probot serves (its `webhookPath`). */
  path: string;
  /** The secret Probot verifies with; null when unknown, then the middleware's `verify` decides (slower). */
  secret: string | null;
  /** Verifies a signature over the decoded body when the secret is unknown (Probot's `webhooks.verify`). */
  verify: (payload: string, signature: string) => Promise<boolean>;
  maxBodyBytes: number;
  bodies: UnverifiedBodies;
  log: Logger;
}

const GITHUB_HEADERS = ["x-github-event", "x-hub-signature-256", "x-github-delivery"] as const;
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;
const DELIVERY = /^[\w.:-]{1,128}$/;
const EVENT = /^[a-z_]{1,64}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The path as @octokit/webhooks compares it (trailing slashes removed), or null when the URL is not one. */
function pathOf(url: string | undefined): string | null {
  try {
    return trimSlashes(new URL(url ?? "/", "http://localhost").pathname);
  } catch {
    return null;
  }
}

const trimSlashes = (path: string) => path.replace(/\/+$/, "") || "/";

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Wraps the webhook middleware: requests to the webhook path are checked first, the rest passes untouched.
 *
 * @example
 * const guarded = guardWebhooks(await probot.getNodeMiddleware(), { path: probot.webhookPath, ... });
 */
export function guardWebhooks(inner: NodeMiddleware, options: WebhookGuardOptions): NodeMiddleware {
  const webhookPath = trimSlashes(options.path);
  return async (req, res, next) => {
    if (req.method !== "POST" || pathOf(req.url) !== webhookPath) return inner(req, res, next);

    const delivery = single(req.headers["x-github-delivery"]);
    const event = single(req.headers["x-github-event"]);
    const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      options.log.warn(
        {
          status,
          error: code,
          delivery: delivery && DELIVERY.test(delivery) ? delivery : undefined,
          event: event && EVENT.test(event) ? event : undefined,
        },
        "webhook refused",
      );
      sendError(res, status, code, message, {}, { close: true, headers });
      return true;
    };

    // 1. Headers: nothing of the body is read before these pass.
    if (!JSON_TYPE.test(single(req.headers["content-type"]) ?? ""))
      return refuse(
        415,
        "unsupported_media_type",
        'Unsupported "Content-Type" header value. Must be "application/json"',
      );
    const missing = GITHUB_HEADERS.filter((name) => !single(req.headers[name]));
    if (missing.length > 0)
      return refuse(400, "missing_headers", `Required headers missing: ${missing.join(", ")}`);
    const signature = single(req.headers["x-hub-signature-256"])!;
    const given = SIGNATURE.exec(signature.trim().toLowerCase());
    if (!given)
      return refuse(400, "malformed_signature", "x-hub-signature-256 must be sha256=<64 hex digits>.");

    // 2. The body, within its bounds, hashed as it arrives when the secret is known.
    const stream = options.secret === null ? null : hmacStream([Buffer.from(options.secret, "utf8")]);
    const read = await readBoundedBody(req, {
      ...options.bodies,
      limit: options.maxBodyBytes,
      onChunk: stream ? (chunk) => stream.update(chunk) : undefined,
    });
    if (!read.ok) return refuse(read.status, read.error, read.message, read.headers);

    // 3. The signature, before anything else is done with the body.
    let text: string | null = null;
    let signed: boolean;
    if (stream) {
      signed = constantTimeEqual(stream.digests()[0]!, Buffer.from(given[1]!, "hex"));
    } else {
      text = decode(await read.bytes());
      signed = text !== null && (await options.verify(text, `sha256=${given[1]}`).catch(() => false));
    }
    if (!signed) {
      await read.discard();
      return refuse(400, "bad_signature", "x-hub-signature-256 does not match the body.");
    }

    // 4. Signed: a body the middleware can parse without an error that would quote it.
    if (stream) text = decode(await read.bytes());
    if (text === null) return refuse(400, "malformed_body", "The body is not UTF-8 text.");
    try {
      JSON.parse(text);
    } catch {
      return refuse(400, "malformed_json", "The body is not valid JSON.");
    }

    // 5. The middleware reads a string `req.body` instead of the stream (@octokit/webhooks' getPayload).
    (req as IncomingMessage & { body?: string }).body = text;
    return inner(req, res, next);
  };
}

function decode(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The sha256 signature of a text under a secret, as GitHub writes it. */
function githubSignature(secret: string, text: string): string {
  return `sha256=${createHmac("sha256", secret).update(text, "utf8").digest("hex")}`;
}

/**
 * Which of the candidate secrets Probot verifies with, learnt by asking its `webhooks.sign` to sign a probe
 * (Probot keeps its secret private); null when none of them is.
 */
export async function probotWebhookSecret(
  app: Probot,
  candidates: ReadonlyArray<string | undefined>,
): Promise<string | null> {
  const probe = "ml-footprint: which secret does Probot use?";
  const expected = await app.webhooks.sign(probe);
  for (const candidate of candidates)
    if (candidate && githubSignature(candidate, probe) === expected) return candidate;
  return null;
}

export interface WebhookGuardSetup {
  maxBodyBytes: number;
  bodies: UnverifiedBodies;
  /** Secrets Probot may have been given (WEBHOOK_SECRET, a test's); the one it uses is found among them. */
  secretCandidates: ReadonlyArray<string | undefined>;
  log: Logger;
}

/**
 * Puts the guard in front of Probot's webhook middleware: Probot's server asks `getNodeMiddleware()` for it
 * when it starts (after the app is loaded), so the guarded middleware is what serves the webhook path. A
 * Probot without a server (tests, `probot.receive`) is unaffected.
 *
 * @example
 * installWebhookGuard(app, { maxBodyBytes: 25 * 1024 * 1024, bodies, secretCandidates: [process.env.WEBHOOK_SECRET], log });
 */
export function installWebhookGuard(app: Probot, setup: WebhookGuardSetup): void {
  const original = app.getNodeMiddleware.bind(app);
  app.getNodeMiddleware = async (middlewareOptions = {}) => {
    const inner = await original(middlewareOptions);
    const secret = await probotWebhookSecret(app, [...setup.secretCandidates, "development"]);
    if (secret === null)
      setup.log.warn(
        "the webhook secret Probot uses is not WEBHOOK_SECRET: bodies are verified after they are read, at more memory per request",
      );
    const guarded = guardWebhooks(inner as NodeMiddleware, {
      path: middlewareOptions.path ?? app.webhookPath,
      secret,
      verify: (payload, signature) => app.webhooks.verify(payload, signature),
      maxBodyBytes: setup.maxBodyBytes,
      bodies: setup.bodies,
      log: setup.log,
    });
    return guarded as Awaited<ReturnType<typeof original>>;
  };
}
