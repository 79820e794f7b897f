/**
 * Safe extraction of a repository tarball (`GET /repos/{owner}/{repo}/tarball/{sha}`) into a folder we own.
 * Only regular files and directories are written: symbolic links, hard links, devices and FIFOs are skipped,
 * so no later entry can be written through a link, and no path may be absolute or contain `..`. The
 * top-level folder GitHub adds (`owner-repo-sha/`) is stripped. Every size is bounded while streaming.
 */
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { Unpack, type ReadEntry } from "tar";
import { InputError } from "../../domain/errors.js";
import type { RepositoryLimits } from "./limits.js";

/** What extraction wrote and what it left out (and why). */
export interface ExtractionSummary {
  files: number;
  directories: number;
  bytes: number;
  /** Entries not written, with the reason (`symlink`, `unsafe_path`, `too_large`, ...). */
  skipped: Array<{ path: string; reason: string }>;
}

const WRITABLE_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);
const SKIPPED_KEEP = 200;

/** Counts bytes flowing through and fails the stream once `limit` is passed. */
export class ByteLimit extends Transform {
  bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly makeError: (limit: number) => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(this.makeError(this.limit));
    else callback(null, chunk);
  }
}

/** "200 MB"; "9.8 KB" and "512 bytes" for the small limits tests use. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.round(bytes / (1024 * 1024))} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${bytes} bytes`;

/** Why an entry's path is refused, or null when it is a plain relative path. */
export function unsafePathReason(entryPath: string): string | null {
  if (entryPath.includes("\0")) return "unsafe_path";
  if (entryPath.startsWith("/") || /^[A-Za-z]:[\\/]/.test(entryPath) || entryPath.startsWith("\\"))
    return "absolute_path";
  if (entryPath.split(/[\\/]/).includes("..")) return "unsafe_path";
  return null;
}

const typeReason = (type: string): string =>
  type === "SymbolicLink"
    ? "symlink"
    : type === "Link"
      ? "hardlink"
      : type === "CharacterDevice" || type === "BlockDevice"
        ? "device"
        : type === "FIFO"
          ? "fifo"
          : "unsupported_type";

/**
 * Extracts a gzip-compressed tar stream into `dir` (which must exist and be empty). Rejects with an
 * `InputError` (`archive_too_large`, `too_many_files`, `extracted_too_large`, `bad_archive`) when a bound is
 * passed or the archive is corrupt; whatever was written stays in `dir` for the caller to remove.
 *
 * @example
 * const summary = await extractTarball(Readable.fromWeb(body), tmpDir, DEFAULT_REPOSITORY_LIMITS);
 */
export function extractTarball(
  gzipped: Readable,
  dir: string,
  limits: RepositoryLimits,
  signal?: AbortSignal,
): Promise<ExtractionSummary> {
  const summary: ExtractionSummary = { files: 0, directories: 0, bytes: 0, skipped: [] };
  let limitError: Error | null = null;

  return new Promise<ExtractionSummary>((resolve, reject) => {
    let settled = false;
    const compressed = new ByteLimit(
      limits.maxArchiveBytes,
      (limit) =>
        new InputError("archive_too_large", `The repository archive is larger than ${formatBytes(limit)}.`),
    );
    const gunzip = createGunzip();
    const decompressed = new ByteLimit(
      limits.maxStreamBytes,
      (limit) =>
        new InputError(
          "archive_too_large",
          `The uncompressed repository archive is larger than ${formatBytes(limit)}.`,
        ),
    );

    const skip = (entryPath: string, reason: string): false => {
      if (summary.skipped.length < SKIPPED_KEEP) summary.skipped.push({ path: entryPath, reason });
      return false;
    };

    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      const chosen = limitError ?? error;
      for (const stream of [gzipped, compressed, gunzip, decompressed]) stream.destroy();
      unpack.abort(chosen instanceof Error ? chosen : new Error(String(chosen)));
      reject(
        chosen instanceof InputError
          ? chosen
          : new InputError(
              "bad_archive",
              `The repository archive could not be read: ${(chosen as Error)?.message ?? chosen}`,
            ),
      );
    };

    const unpack = new Unpack({
      cwd: dir,
      strip: 1,
      preservePaths: false,
      preserveOwner: false,
      noMtime: true,
      maxDepth: 64,
      strict: false,
      filter: (entryPath: string, entry: ReadEntry | unknown) => {
        const readEntry = entry as ReadEntry;
        if (limitError) return false;
        const pathReason = unsafePathReason(entryPath);
        if (pathReason) return skip(entryPath, pathReason);
        if (!WRITABLE_TYPES.has(readEntry.type)) return skip(entryPath, typeReason(readEntry.type));
        // The top-level folder itself is stripped away; only what is inside it counts.
        if (entryPath.split("/").filter(Boolean).length <= 1) return false;
        const size = readEntry.size ?? 0;
        if (readEntry.type !== "Directory" && size > limits.maxFileBytes) return skip(entryPath, "too_large");
        if (summary.files + summary.directories + 1 > limits.maxEntries) {
          limitError = new InputError(
            "too_many_files",
            `The repository has more than ${limits.maxEntries} files and folders.`,
          );
          queueMicrotask(() => fail(limitError));
          return false;
        }
        if (summary.bytes + size > limits.maxExtractedBytes) {
          limitError = new InputError(
            "extracted_too_large",
            `The repository's files add up to more than ${formatBytes(limits.maxExtractedBytes)}.`,
          );
          queueMicrotask(() => fail(limitError));
          return false;
        }
        if (readEntry.type === "Directory") summary.directories += 1;
        else summary.files += 1;
        summary.bytes += size;
        return true;
      },
      onwarn: (code: string, message: string) => {
        // Entries tar refuses on its own (depth, a path escaping the folder) are skipped with a warning.
        if (summary.skipped.length < SKIPPED_KEEP) summary.skipped.push({ path: message, reason: code });
      },
    });

    unpack.on("error", fail);
    unpack.on("close", () => {
      if (settled) return;
      if (limitError) return fail(limitError);
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      resolve(summary);
    });
    const onAbort = (): void => fail(new Error(`extraction aborted (${String(signal?.reason)})`));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });

    for (const stream of [gzipped, compressed, gunzip, decompressed]) stream.on("error", fail);
    gzipped.pipe(compressed).pipe(gunzip).pipe(decompressed).pipe(unpack);
  });
}
