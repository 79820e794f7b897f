/**
 * Hashed features, shared by the readers' trained rankers (the paper's selector, the code's): a feature is a
 * string, hashed into a fixed space of 2^16 weights; the model is a weight per hashed feature.
 */

/** Hashed feature space: 2^16 weights (index 0 is padding and never a feature). */
export const HASH_BITS = 16;
export const HASH_SIZE = 1 << HASH_BITS;

/** FNV-1a, 32 bits, into [1, HASH_SIZE). */
export function hashFeature(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return 1 + ((hash >>> 0) % (HASH_SIZE - 1));
}

/** The index of the first edge above `value` (0 below the first edge). */
export function bucket(value: number, edges: readonly number[]): string {
  let i = 0;
  while (i < edges.length && value >= (edges[i] as number)) i += 1;
  return String(i);
}

/** Feature strings conjoined with the field and kept alone (rare fields borrow from common ones), unique, capped. */
export function hashedIndices(field: string, features: readonly string[], max: number): number[] {
  const set = new Set<number>();
  for (const f of features) {
    set.add(hashFeature(`${field}|${f}`));
    set.add(hashFeature(`*|${f}`));
    if (set.size >= max) break;
  }
  return [...set];
}
