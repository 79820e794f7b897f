/**
 * Where the bytes of a body wait while its signature is still unknown. The first SPOOL_THRESHOLD bytes stay in
 * memory (a GitHub webhook is a few kilobytes); past that the body goes to a file, unlinked the moment it is
 * open, so nothing is ever left behind (not even by a crash) and no other process can open it. A flood of
 * large unsigned bodies then costs the process little memory: the bytes of a forged body go to disk and are
 * dropped with its file; only a body whose signature holds is read back, once, into one buffer.
 *
 * Kept in memory instead, every forged 20 MB body stayed resident until the next full garbage collection
 * (the socket's 64 KB buffers outlive the young generation when they are held for the whole body), and the
 * server's RSS grew by 70 to 110 MB under `npm run bench:abuse`.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";

/** Bytes of a body kept in memory before it goes to a file. */
export const SPOOL_THRESHOLD = 1024 * 1024;

export interface BodySpool {
  add(chunk: Buffer): void;
  /** Bytes handed to `add` and not yet written to the file. */
  readonly backlog: number;
  /** Resolves when the backlog is at most `bytes`. */
  drained(bytes: number): Promise<void>;
  /** Resolves when every byte added is stored; rejects when the file could not be written. */
  settled(): Promise<void>;
  /** The whole body, as one buffer; the spool is closed. Call once. */
  bytes(): Promise<Buffer>;
  /** Drops the body; the spool is closed. */
  discard(): Promise<void>;
}

/**
 * @example
 * const spool = createBodySpool(os.tmpdir());
 * req.on("data", (chunk) => spool.add(chunk));
 * // after "end", once the signature holds:
 * const body = await spool.bytes();
 */
export function createBodySpool(dir: string, threshold = SPOOL_THRESHOLD): BodySpool {
  const memory: Buffer[] = [];
  let size = 0;
  let backlog = 0;
  let file: Promise<FileHandle> | null = null;
  let written = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const waiters: Array<{ bytes: number; resolve: () => void }> = [];

  const release = () => {
    for (const waiter of [...waiters])
      if (backlog <= waiter.bytes || failure) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  };

  const openFile = async (): Promise<FileHandle> => {
    const where = path.join(dir, `ml-footprint-body-${randomBytes(12).toString("hex")}`);
    await mkdir(dir, { recursive: true });
    const handle = await open(where, "wx+", 0o600);
    await unlink(where).catch(() => undefined);
    return handle;
  };

  const toFile = (chunk: Buffer) => {
    file ??= openFile();
    const opened = file;
    backlog += chunk.length;
    chain = chain.then(async () => {
      try {
        if (!failure) {
          const handle = await opened;
          const position = written;
          written += chunk.length;
          let offset = 0;
          while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(
              chunk,
              offset,
              chunk.length - offset,
              position + offset,
            );
            offset += bytesWritten;
          }
        }
      } catch (error) {
        failure ??= error;
      } finally {
        backlog -= chunk.length;
        release();
      }
    });
  };

  const close = async () => {
    await chain;
    if (file) await (await file.catch(() => null))?.close().catch(() => undefined);
    file = null;
  };

  return {
    add(chunk) {
      size += chunk.length;
      if (!file && size <= threshold) {
        memory.push(chunk);
        return;
      }
      for (const held of memory.splice(0)) toFile(held);
      toFile(chunk);
    },
    get backlog() {
      return backlog;
    },
    drained(bytes) {
      if (backlog <= bytes || failure) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ bytes, resolve }));
    },
    async settled() {
      await chain;
      if (failure) throw failure;
    },
    async bytes() {
      await chain;
      if (failure) {
        await close();
        throw failure;
      }
      if (!file) return memory.length === 1 ? memory[0]! : Buffer.concat(memory, size);
      const handle = await file;
      const body = Buffer.allocUnsafe(size);
      let offset = 0;
      while (offset < size) {
        const { bytesRead } = await handle.read(body, offset, size - offset, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
      await close();
      if (offset !== size) throw new Error(`the spooled body lost ${size - offset} bytes`);
      return body;
    },
    async discard() {
      memory.length = 0;
      await close();
    },
  };
}
