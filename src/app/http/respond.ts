/** JSON answers of the HTTP front (the webhook guard, the review-platform routes). */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Answers with a JSON body. `close: true` also closes the connection (after a body we stopped reading). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  options: { req?: IncomingMessage; close?: boolean } = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(text)),
    ...(options.close ? { connection: "close" } : {}),
    ...headers,
  });
  res.end(text, () => {
    if (options.close) options.req?.socket.destroy();
  });
}

/** An error answer: `{ error, message, errors? }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
  options: { req?: IncomingMessage; close?: boolean; headers?: Record<string, string> } = {},
): void {
  sendJson(res, status, { error, message, ...extra }, options.headers ?? {}, options);
}
