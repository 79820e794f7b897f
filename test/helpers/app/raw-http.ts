/**
 * HTTP at the byte level, for tests that must know what the server did before a body was sent: a request head
 * written on a plain socket, the answer read until the server closes the connection.
 */
import { connect, type Socket } from "node:net";

export interface RawAnswer {
  /** The answer's status, or null when none came before the timeout. */
  status: number | null;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection (before the timeout). */
  closed: boolean;
  /** From the head written to the connection closed (or the timeout). */
  ms: number;
}

/** A request head: the request line, the headers, the blank line. */
export function requestHead(method: string, path: string, headers: Record<string, string>): string {
  const lines = Object.entries({ host: "127.0.0.1", ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** One chunk of a chunked body, framed. */
export function chunkFrame(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
}

/**
 * Writes `head` (and whatever `feed` writes after it) to the server at `base`, and reads the answer until
 * the server closes the connection or `timeoutMs` passes.
 *
 * @example
 * const answer = await rawExchange(base, requestHead("POST", "/hook", { "content-length": "999999999" }));
 * // { status: 413, closed: true, ... }: answered without a byte of the body
 */
export function rawExchange(
  base: string,
  head: string | Buffer,
  feed?: (socket: Socket) => void,
  timeoutMs = 5_000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const started = performance.now();
    const received: Buffer[] = [];
    let settled = false;
    const socket = connect(Number(port), hostname);
    const settle = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString("latin1");
      const [headText = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...headerLines] = headText.split("\r\n");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: status ? Number(status) : null,
        headers,
        body: rest.join("\r\n\r\n"),
        closed,
        ms: performance.now() - started,
      });
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    socket.on("data", (chunk) => received.push(chunk));
    // A reset after the answer (the server closed while we were still sending) is a close too.
    socket.on("error", () => settle(true));
    socket.on("close", () => settle(true));
    socket.on("connect", () => {
      socket.write(head);
      feed?.(socket);
    });
  });
}

/**
 * Keeps writing chunk frames of `size` bytes (`fill` repeated) until the socket closes or `total` bytes are
 * written, then the last chunk (unless `end` is false: the body then stays unfinished, as a slow sender's does).
 */
export function feedChunks(
  size: number,
  total: number,
  { end = true, fill = "A" }: { end?: boolean; fill?: string } = {},
): (socket: Socket) => void {
  return (socket) => {
    let sent = 0;
    const frame = chunkFrame(Buffer.alloc(size, fill));
    const pump = () => {
      while (sent < total && !socket.destroyed) {
        sent += size;
        if (!socket.write(frame)) return void socket.once("drain", pump);
      }
      if (end && !socket.destroyed) socket.write("0\r\n\r\n");
    };
    pump();
  };
}
