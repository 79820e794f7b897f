/**
 * Reads a request body within bounds checked before and while reading, for both endpoints:
 *
 *   - a declared Content-Length over the limit is refused before a byte is read (413);
 *   - a body that grows past the limit (chunked, or longer than declared) is cut the moment it does (413);
 *   - a body that does not arrive whole within the time bound is cut (408);
 *   - every byte held counts against the shared budget of unverified bodies; past it, 503.
 *
 * Each chunk can be handed to a streaming signature check as it arrives, so the caller learns whether the
 * body is signed without copying it; the chunks are joined only for a body whose signature holds.
 * After a refusal the caller answers and closes the connection (the rest of the body is never read).
 */
import type { IncomingMessage } from "node:http";
import type { BodyBudget } from "./body-budget.js";

export interface BodyRefusal {
  ok: false;
  status: 400 | 408 | 413 | 503;
  /** Machine-readable code of the answer. */
  error: string;
  message: string;
  headers?: Record<string, string>;
}

export type BodyRead = { ok: true; chunks: Buffer[]; size: number } | BodyRefusal;

export interface BodyBounds {
  /** Largest body, in bytes. */
  limit: number;
  /** The whole body must arrive within this time. */
  timeoutMs: number;
  budget: BodyBudget;
  /** Sees each chunk as it arrives (a streaming signature check). */
  onChunk?: (chunk: Buffer) => void;
}

/** Seconds a sender is asked to wait when the budget is spent (small bodies fit again within a second or so). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

const tooLarge = (limit: number): BodyRefusal => ({
  ok: false,
  status: 413,
  error: "payload_too_large",
  message: `The body is larger than ${limit} bytes.`,
});

/**
 * The refusal for a declared Content-Length over the limit, or null: the answer before any byte is read.
 *
 * @example
 * declaredTooLarge(req, 25 * 1024 * 1024) // { ok: false, status: 413, ... } for Content-Length: 30000000
 */
export function declaredTooLarge(req: IncomingMessage, limit: number): BodyRefusal | null {
  const declared = Number(req.headers["content-length"]);
  return Number.isFinite(declared) && declared > limit ? tooLarge(limit) : null;
}

/**
 * @example
 * const read = await readBoundedBody(req, { limit, timeoutMs: 30_000, budget, onChunk: (c) => hmac.update(c) });
 * if (!read.ok) return refuse(read);
 */
export function readBoundedBody(req: IncomingMessage, bounds: BodyBounds): Promise<BodyRead> {
  const declared = declaredTooLarge(req, bounds.limit);
  if (declared) return Promise.resolve(declared);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let taken = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      bounds.budget.give(taken);
      // Stop taking data: the caller answers and closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > bounds.limit) return finish(tooLarge(bounds.limit));
      if (!bounds.budget.take(chunk.length))
        return finish({
          ok: false,
          status: 503,
          error: "server_busy",
          message: "Too many large requests are being received; retry later.",
          headers: { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) },
        });
      taken += chunk.length;
      bounds.onChunk?.(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, chunks, size });
    const onError = () =>
      finish({ ok: false, status: 400, error: "malformed_request", message: "The body could not be read." });
    const onClose = () => {
      if (!req.complete)
        finish({ ok: false, status: 400, error: "malformed_request", message: "The request was aborted." });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          status: 408,
          error: "request_timeout",
          message: `The body did not arrive within ${bounds.timeoutMs / 1000} s.`,
        }),
      bounds.timeoutMs,
    );
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** The body of a successful read, as one buffer. */
export function joinBody(read: { chunks: Buffer[]; size: number }): Buffer {
  return read.chunks.length === 1 ? read.chunks[0]! : Buffer.concat(read.chunks, read.size);
}
