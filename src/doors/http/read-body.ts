/**
 * Reads a request body within bounds checked before and while reading, for both endpoints:
 *
 *   - a declared Content-Length over the limit is refused before a byte is read (413);
 *   - a body that grows past the limit (chunked, or longer than declared) is cut the moment it does (413);
 *   - a body that does not arrive whole within the time bound is cut (408);
 *   - every byte held counts against the budget of unverified bodies shared by both endpoints; past it, 503.
 *
 * Each chunk is handed to a streaming signature check as it arrives, and kept in a spool (memory, then an
 * unlinked file: ./body-spool.ts); the caller verifies the signature when the read ends, then asks for the
 * bytes, or discards them. After a refusal the caller answers and closes the connection (the rest of the
 * body is never read).
 */
import type { IncomingMessage } from "node:http";
import type { BodyBudget } from "./body-budget.js";
import { createBodySpool } from "./body-spool.js";

export interface BodyRefusal {
  ok: false;
  status: 400 | 408 | 413 | 503;
  /** Machine-readable code of the answer. */
  error: string;
  message: string;
  headers?: Record<string, string>;
}

/** A body read whole: ask for its bytes once its signature holds, or discard it. */
export interface BodyReceived {
  ok: true;
  size: number;
  /** The body as one buffer (call once). */
  bytes(): Promise<Buffer>;
  /** Drops the body (a refused one). */
  discard(): Promise<void>;
}

export type BodyRead = BodyReceived | BodyRefusal;

/** What both endpoints share about bodies whose signature is not known yet. */
export interface UnverifiedBodies {
  budget: BodyBudget;
  /** The whole body must arrive within this time. */
  timeoutMs: number;
  /** Where bodies past the memory threshold wait (an unlinked file each). */
  spoolDir: string;
}

export interface BodyBounds extends UnverifiedBodies {
  /** Largest body, in bytes. */
  limit: number;
  /** Sees each chunk as it arrives (a streaming signature check). */
  onChunk?: (chunk: Buffer) => void;
}

/** Seconds a sender is asked to wait when the budget is spent (small bodies fit again within a second or so). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** Bytes waiting to be written to the spool file before the request is paused (disk slower than network). */
const SPOOL_BACKLOG = 4 * 1024 * 1024;

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
 * const read = await readBoundedBody(req, { ...bodies, limit, onChunk: (c) => hmac.update(c) });
 * if (!read.ok) return refuse(read);
 * if (!signed) { await read.discard(); return refuse401(); }
 * const body = await read.bytes();
 */
export function readBoundedBody(req: IncomingMessage, bounds: BodyBounds): Promise<BodyRead> {
  const declared = declaredTooLarge(req, bounds.limit);
  if (declared) return Promise.resolve(declared);
  const spool = createBodySpool(bounds.spoolDir);
  return new Promise((resolve) => {
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
      if (!result.ok) {
        // Stop taking data: the caller answers and closes the connection.
        req.pause();
        void spool.discard();
      }
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
      spool.add(chunk);
      if (spool.backlog > SPOOL_BACKLOG) {
        req.pause();
        void spool.drained(SPOOL_BACKLOG / 2).then(() => {
          if (!done) req.resume();
        });
      }
    };
    const onEnd = () => {
      spool.settled().then(
        () =>
          finish({
            ok: true,
            size,
            bytes: () => spool.bytes(),
            discard: () => spool.discard(),
          }),
        () =>
          finish({
            ok: false,
            status: 503,
            error: "server_busy",
            message: "The body could not be held; retry later.",
            headers: { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) },
          }),
      );
    };
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
