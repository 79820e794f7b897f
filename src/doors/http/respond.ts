/** JSON answers of the HTTP front (the webhook guard, the review-platform routes). */
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** How long, and how much, of a refused body is read and dropped after the answer before the socket closes. */
export const LINGER_MS = 2_000;
export const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Makes the close that follows a `Connection: close` answer a lingering one. Node ends such an answer with
 * `socket.destroySoon()`: FIN, then close as soon as it is flushed. When the sender is still sending the body
 * we refused, closing with unread bytes makes the kernel reset the connection, and the reset can reach the
 * sender before it has read the answer (it sees ECONNRESET instead of 413). As Apache's and nginx's
 * lingering close do, the rest is read and dropped (never kept) after the FIN, until the sender stops, for
 * at most LINGER_MS or LINGER_BYTES; and the HTTP parser is detached first, so nothing more that arrives on
 * this connection is taken as a request.
 */
function closeLingering(socket: Socket): void {
  (socket as Socket & { destroySoon?: () => void }).destroySoon = () => {
    if (socket.destroyed) return;
    socket.removeAllListeners("data");
    let dropped = 0;
    const close = () => socket.destroy();
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    socket.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) close();
    });
    socket.once("end", close);
    socket.once("close", () => clearTimeout(timer));
    socket.end();
    socket.resume();
  };
}

/**
 * Answers with a JSON body. `close: true` also closes the connection, for an answer given before the body
 * was read whole (the rest of it is never read as a request).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  options: { close?: boolean } = {},
): void {
  const text = JSON.stringify(body);
  const socket = res.socket;
  if (options.close && socket) closeLingering(socket);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(text)),
    ...(options.close ? { connection: "close" } : {}),
    ...headers,
  });
  res.end(text);
}

/** An error answer: `{ error, message, errors? }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  options: { close?: boolean; headers?: Record<string, string> } = {},
): void {
  sendJson(res, status, { error, message, ...extra }, options.headers ?? {}, options);
}
