/** Comparisons of secrets that take the same time whatever the input, so timing tells an attacker nothing. */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether two byte strings are equal, in time independent of where they differ. Inputs of different lengths
 * are hashed first (timingSafeEqual needs equal lengths), so the length is not leaked either.
 *
 * @example
 * constantTimeEqual(Buffer.from("abc"), Buffer.from("abc")) // true
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length === b.length) return timingSafeEqual(a, b);
  const digest = (x: Uint8Array) => createHash("sha256").update(x).digest();
  // Same amount of work as a match, and always false.
  timingSafeEqual(digest(a), digest(b));
  return false;
}
