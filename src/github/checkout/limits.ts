/** Bounds on what the app reads from a repository archive. Operator settings, never repository settings. */
export interface RepositoryLimits {
  /** Compressed archive size (bytes) beyond which the download is abandoned. */
  maxArchiveBytes: number;
  /** Decompressed tar stream size (bytes); bounds the CPU spent on a pathological archive. */
  maxStreamBytes: number;
  /** Bytes written to disk in total. */
  maxExtractedBytes: number;
  /** Files and directories written. */
  maxEntries: number;
  /** A single file larger than this is skipped (listed in the extraction summary), not written. */
  maxFileBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_REPOSITORY_LIMITS: RepositoryLimits = {
  maxArchiveBytes: 200 * MB,
  maxStreamBytes: 1024 * MB,
  maxExtractedBytes: 300 * MB,
  maxEntries: 20_000,
  maxFileBytes: 50 * MB,
};
