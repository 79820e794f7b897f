/**
 * Reads a request body as raw bytes, within a limit checked while reading: a declared Content-Length over the
 * limit is refused before a byte is read, a body that grows past it is refused the moment it does (never
 * buffered whole first). The signature is verified on these exact bytes, before anything parses them.
 */
import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 413; message: string };

/**
 * @example
 * const result = await readRawBody(req, settings.maxBodyBytes);
 * if (!result.ok) return sendError(res, result.status, ...);
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.resolve({ ok: false, status: 413, message: `The body is larger than ${limit} bytes.` });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop taking data now; the caller answers 413 and closes the connection.
        req.pause();
        finish({ ok: false, status: 413, message: `The body is larger than ${limit} bytes.` });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
    req.on("aborted", () => finish({ ok: false, status: 400, message: "The request was aborted." }));
    req.on("error", () => finish({ ok: false, status: 400, message: "The request could not be read." }));
  });
}
