/**
 * Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (Unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`, possibly several signatures
 * separated by spaces (the sender's secret rotation). We accept several secrets for our own rotation, check
 * the headers before reading the body, verify over the raw body bytes as they arrive (before anything parses
 * them), and compare in constant time.
 */
import { createHmac } from "node:crypto";
import { hmacStream, matchingKey, type HmacStream } from "../../http/hmac-stream.js";

/** How far a `webhook-timestamp` may be from our clock, either way (the spec's recommendation). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = "whsec_";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_ID_LENGTH = 256;
/** Room for a handful of signatures during a rotation; a longer header is not a sender's. */
const MAX_SIGNATURES_LENGTH = 4096;

/**
 * The key bytes of a secret: `whsec_<base64>` as the spec writes them, anything else as its UTF-8 text. Null for
 * a `whsec_` secret whose rest is not base64.
 *
 * @example
 * decodeWebhookSecret("whsec_c2VjcmV0") // <Buffer 73 65 63 72 65 74> ("secret")
 * decodeWebhookSecret("plain secret")   // the UTF-8 bytes of "plain secret"
 */
export function decodeWebhookSecret(secret: string): Buffer | null {
  if (!secret.startsWith(SECRET_PREFIX)) return Buffer.from(secret, "utf8");
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (encoded.length === 0 || encoded.length % 4 !== 0 || !BASE64.test(encoded)) return null;
  return Buffer.from(encoded, "base64");
}

/** The bytes a signature covers: `${id}.${timestamp}.` followed by the body exactly as received. */
function signedContent(id: string, timestamp: string, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, "utf8"), body]);
}

function hmac(key: Uint8Array, content: Uint8Array): Buffer {
  return createHmac("sha256", key).update(content).digest();
}

/**
 * The `webhook-signature` header value for a message (one `v1,` signature).
 *
 * @example
 * const body = JSON.stringify(report);
 * const headers = {
 *   "webhook-id": "msg_1", "webhook-timestamp": String(now),
 *   "webhook-signature": signStandardWebhook("msg_1", now, body, secret),
 * };
 */
export function signStandardWebhook(
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
  secret: Uint8Array,
): string {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return `v1,${hmac(secret, signedContent(id, String(timestampSeconds), bytes)).toString("base64")}`;
}

export type StandardWebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; status: 400 | 401; error: string; message: string };

/** The headers of a Standard Webhooks request, checked before its body is read. */
export type StandardWebhookHeaders =
  | { ok: true; id: string; timestamp: number; signatures: Buffer[]; signedPrefix: Buffer }
  | { ok: false; status: 400 | 401; error: string; message: string };

type Headers = Record<string, string | string[] | undefined>;

const single = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Everything that can be checked without the body: the three headers present and well formed (400
 * otherwise), the timestamp within five minutes of `nowSeconds` (401 otherwise). A request refused here is
 * answered before a byte of its body is read. The `v1` signatures are decoded; other versions are ignored.
 *
 * @example
 * checkStandardWebhookHeaders(req.headers, Math.floor(Date.now() / 1000))
 * // { ok: true, id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp: 1761990000, signatures: [<Buffer ...>] }
 */
export function checkStandardWebhookHeaders(headers: Headers, nowSeconds: number): StandardWebhookHeaders {
  const id = single(headers, "webhook-id");
  const timestamp = single(headers, "webhook-timestamp");
  const signatures = single(headers, "webhook-signature");
  const missing = [
    ["webhook-id", id],
    ["webhook-timestamp", timestamp],
    ["webhook-signature", signatures],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0)
    return { ok: false, status: 400, error: "missing_headers", message: `Missing ${missing.join(", ")}.` };
  if (id!.length > MAX_ID_LENGTH || /[\s\p{Cc}]/u.test(id!))
    return { ok: false, status: 400, error: "malformed_headers", message: "webhook-id is malformed." };
  if (!/^\d{1,12}$/.test(timestamp!))
    return {
      ok: false,
      status: 400,
      error: "malformed_headers",
      message: "webhook-timestamp must be Unix seconds.",
    };
  if (signatures!.length > MAX_SIGNATURES_LENGTH)
    return { ok: false, status: 400, error: "malformed_headers", message: "webhook-signature is too long." };
  const seconds = Number(timestamp);
  if (Math.abs(nowSeconds - seconds) > TIMESTAMP_TOLERANCE_SECONDS)
    return {
      ok: false,
      status: 401,
      error: "timestamp_out_of_tolerance",
      message: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS / 60} minutes from the server's clock.`,
    };
  const given: Buffer[] = [];
  for (const entry of signatures!.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    given.push(Buffer.from(entry.slice(comma + 1), "base64"));
  }
  // The signed content starts with the headers exactly as sent.
  const signedPrefix = Buffer.from(`${id}.${timestamp}.`, "utf8");
  return { ok: true, id: id!, timestamp: seconds, signatures: given, signedPrefix };
}

/**
 * The streaming HMACs of a request whose headers passed, one per key: feed it the body as it arrives, then
 * ask `matchingKey(stream.digests(), headers.signatures)`.
 *
 * @example
 * const stream = standardWebhookStream(checked, keys);
 * const read = await readBoundedBody(req, { ...bounds, onChunk: (c) => stream.update(c) });
 */
export function standardWebhookStream(
  checked: { signedPrefix: Buffer },
  keys: readonly Uint8Array[],
): HmacStream {
  return hmacStream(keys, checked.signedPrefix);
}

/**
 * Verifies a Standard Webhooks request whose body is at hand: headers present and well formed (400
 * otherwise), timestamp within five minutes of `nowSeconds` (401 otherwise), one `v1` signature made with one
 * of `secrets` (401 otherwise). Replayed ids are the caller's business: it has the store.
 *
 * @example
 * verifyStandardWebhook(req.headers, rawBody, settings.webhookSecrets, Math.floor(Date.now() / 1000))
 * // { ok: true, id: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", timestamp: 1761990000 }
 */
export function verifyStandardWebhook(
  headers: Headers,
  body: Uint8Array,
  secrets: readonly Uint8Array[],
  nowSeconds: number,
): StandardWebhookVerification {
  const checked = checkStandardWebhookHeaders(headers, nowSeconds);
  if (!checked.ok) return checked;
  if (secrets.length === 0)
    return { ok: false, status: 401, error: "bad_signature", message: "No webhook secret is configured." };
  const stream = standardWebhookStream(checked, secrets);
  stream.update(body);
  if (matchingKey(stream.digests(), checked.signatures) < 0)
    return {
      ok: false,
      status: 401,
      error: "bad_signature",
      message: "No webhook-signature matches the body.",
    };
  return { ok: true, id: checked.id, timestamp: checked.timestamp };
}
