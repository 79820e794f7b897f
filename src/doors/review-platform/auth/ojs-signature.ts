/**
 * The signature of the Open Journal Systems webhook plugin (OJSBR/ojsbr-webhook, OJS 3.4):
 * `X-OJSBR-Webhook-Signature: sha256=<hex HMAC-SHA256(body, secret)>`. It signs the body only (no id, no
 * timestamp), so replay protection comes from the receiver: the body's hash is remembered and `occurredAt`
 * must be recent. The header is checked before the body is read; the HMAC is computed as the body arrives.
 */
import { hmacStream, matchingKey } from "../../http/hmac-stream.js";

export const OJS_SIGNATURE_HEADER = "x-ojsbr-webhook-signature";

export type OjsVerification = { ok: true } | { ok: false; status: 400 | 401; error: string; message: string };

export type OjsHeader =
  | { ok: true; signature: Buffer }
  | { ok: false; status: 400; error: string; message: string };

/**
 * The signature a request carries, checked before its body is read (400 when malformed).
 *
 * @example
 * checkOjsHeader(req.headers["x-ojsbr-webhook-signature"]) // { ok: true, signature: <Buffer ...32 bytes> }
 */
export function checkOjsHeader(header: string | string[] | undefined): OjsHeader {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value?.trim() ?? "");
  if (!match)
    return {
      ok: false,
      status: 400,
      error: "malformed_headers",
      message: "X-OJSBR-Webhook-Signature must be sha256=<64 hex digits>.",
    };
  return { ok: true, signature: Buffer.from(match[1]!, "hex") };
}

/**
 * Verifies `sha256=<hex>` against each secret, in constant time, for a body at hand.
 *
 * @example
 * verifyOjsSignature(req.headers["x-ojsbr-webhook-signature"], rawBody, settings.ojsSecrets) // { ok: true }
 */
export function verifyOjsSignature(
  header: string | string[] | undefined,
  body: Uint8Array,
  secrets: readonly Uint8Array[],
): OjsVerification {
  const checked = checkOjsHeader(header);
  if (!checked.ok) return checked;
  if (secrets.length === 0)
    return {
      ok: false,
      status: 401,
      error: "bad_signature",
      message: "No OJS webhook secret is configured.",
    };
  const stream = hmacStream(secrets);
  stream.update(body);
  return matchingKey(stream.digests(), [checked.signature]) >= 0
    ? { ok: true }
    : {
        ok: false,
        status: 401,
        error: "bad_signature",
        message: "The OJS signature does not match the body.",
      };
}
