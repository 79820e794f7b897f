/** Bearer tokens for the read routes: operator tokens read every venue, a venue's token reads only that venue. */
import { constantTimeEqual } from "../../http/constant-time.js";

/** What a token may read. */
export type ReadScope = { kind: "all" } | { kind: "venue"; venue: string };

export interface ReadToken {
  token: string;
  scope: ReadScope;
}

/**
 * The scope of the request's `Authorization: Bearer <token>`, or null. Every configured token is compared
 * (constant time each), so the answer time does not depend on which one matched.
 *
 * @example
 * authorizeBearer("Bearer s3cret", [{ token: "s3cret", scope: { kind: "all" } }]) // { kind: "all" }
 */
export function authorizeBearer(header: string | undefined, tokens: readonly ReadToken[]): ReadScope | null {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const given = Buffer.from(match[1]!, "utf8");
  let scope: ReadScope | null = null;
  for (const entry of tokens) {
    if (constantTimeEqual(given, Buffer.from(entry.token, "utf8")) && scope === null) scope = entry.scope;
  }
  return scope;
}

/** Whether a scope may read a venue. */
export function mayRead(scope: ReadScope, venue: string): boolean {
  return scope.kind === "all" || scope.venue === venue;
}
