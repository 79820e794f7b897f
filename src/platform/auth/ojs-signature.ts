/**
 * The signature of the Open Journal Systems webhook plugin (OJSBR/ojsbr-webhook, OJS 3.4):
 * `X-OJSBR-Webhook-Signature: sha256=<hex HMAC-SHA256(body, secret)>`. It signs the body only (no id, no
 * timestamp), so replay protection comes from the receiver: the body's hash is remembered and `occurredAt`
 * must be recent.
 */
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "./constant-time.js";

export const OJS_SIGNATURE_HEADER = "x-ojsbr-webhook-signature";

export type OjsVerification = { ok: true } | { ok: false; status: 400 | 401; error: string; message: string };

/**
 * Verifies `sha256=<hex>` against each secret, in constant time.
 *
 * @example
 * verifyOjsSignature(req.headers["x-ojsbr-webhook-signature"], rawBody, settings.ojsSecrets) // { ok: true }
 */
export function verifyOjsSignature(
  header: string | string[] | undefined,
  body: Uint8Array,
  secrets: readonly Uint8Array[],
): OjsVerification {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(value?.trim() ?? "");
  if (!match)
    return {
      ok: false,
      status: 400,
      error: "malformed_headers",
      message: "X-OJSBR-Webhook-Signature must be sha256=<64 hex digits>.",
    };
  if (secrets.length === 0)
    return {
      ok: false,
      status: 401,
      error: "bad_signature",
      message: "No OJS webhook secret is configured.",
    };
  const given = Buffer.from(match[1]!, "hex");
  let matched = false;
  for (const secret of secrets)
    if (constantTimeEqual(given, createHmac("sha256", secret).update(body).digest())) matched = true;
  return matched
    ? { ok: true }
    : {
        ok: false,
        status: 401,
        error: "bad_signature",
        message: "The OJS signature does not match the body.",
      };
}
