/**
 * HMAC-SHA256 of a body under one or several keys at once, fed chunk by chunk while the body arrives: the
 * signature of a large body is known the moment its last byte is, without joining or copying it first.
 * Used by both endpoints (GitHub's `x-hub-signature-256`, Standard Webhooks, the OJS plugin).
 */
import { createHmac, type Hmac } from "node:crypto";
import { constantTimeEqual } from "./constant-time.js";

export interface HmacStream {
  update(chunk: Uint8Array): void;
  /** The digests, one per key, in the keys' order; call once, after the last chunk. */
  digests(): Buffer[];
}

/**
 * @example
 * const stream = hmacStream([secret], Buffer.from(`${id}.${timestamp}.`));
 * req.on("data", (chunk) => stream.update(chunk));
 * // after "end":
 * matchingKey(stream.digests(), [givenSignature]) // 0, or -1 when no key signed it
 */
export function hmacStream(keys: readonly Uint8Array[], prefix?: Uint8Array): HmacStream {
  const hmacs: Hmac[] = keys.map((key) => {
    const hmac = createHmac("sha256", key);
    if (prefix) hmac.update(prefix);
    return hmac;
  });
  return {
    update(chunk) {
      for (const hmac of hmacs) hmac.update(chunk);
    },
    digests() {
      return hmacs.map((hmac) => hmac.digest());
    },
  };
}

/**
 * The index of the first key whose digest equals one of the given signatures, or -1. Every pair is compared,
 * in constant time, so the answer time does not say which key (or none) matched.
 */
export function matchingKey(digests: readonly Buffer[], given: readonly Buffer[]): number {
  let match = -1;
  digests.forEach((digest, index) => {
    for (const signature of given) if (constantTimeEqual(signature, digest) && match < 0) match = index;
  });
  return match;
}
