/**
 * Operator settings of the app process, from environment variables (next to Probot's own APP_ID,
 * PRIVATE_KEY, WEBHOOK_SECRET, ...). These bound what one repository can cost, so they are never read from
 * a repository's configuration.
 */
import { InputError } from "./domain/errors.js";
import type { BackoffSettings } from "./github/retry.js";
import path from "node:path";
import { DEFAULT_REPOSITORY_LIMITS, type RepositoryLimits } from "./github/checkout/limits.js";
import { checkWorkRoot, DEFAULT_WORK_ROOT } from "./github/checkout/work-root.js";

export interface AppSettings {
  /** Analyses running at the same time. */
  concurrency: number;
  /** Attempts per job (first included) when GitHub answers 5xx or rate-limits. */
  maxAttempts: number;
  backoff: BackoffSettings;
  limits: RepositoryLimits;
  /** An analysis running longer is abandoned and reported as failed. */
  analysisTimeoutMs: number;
  /**
   * The work root: every temporary folder of the app lives under it, in a folder per process that the next
   * start removes when the process is gone (src/app/repository/work-root.ts).
   */
  tmpRoot: string;
  /**
   * The queue's journal (SQLite), so a restarted server takes over unfinished analyses; null: none (the
   * default for embedders and tests; `npm start` reads ML_FOOTPRINT_DATA_DIR, default `.ml-footprint`).
   */
  journalFile: string | null;
  /** HTTP path of the health check. */
  healthPath: string;
  /** Bounds on what an HTTP request may cost before its signature is known (both endpoints). */
  http: HttpLimits;
}

/**
 * What a request may cost the server before it is known to come from GitHub or a review platform. Bodies are
 * read only up to these bounds, and their signature is checked before anything else is done with them.
 */
export interface HttpLimits {
  /** Largest GitHub webhook body: GitHub caps its payloads at 25 MB. */
  webhookMaxBodyBytes: number;
  /** A body must arrive whole within this time (GitHub itself gives up after 10 s). */
  bodyTimeoutMs: number;
  /**
   * Bytes of request bodies being read at once, across both endpoints, before their signatures are known:
   * past it the server answers 503 (Retry-After) instead of buffering more. Bounds memory under a flood.
   */
  pendingBodyBytes: number;
}

export const DEFAULT_SETTINGS: AppSettings = {
  concurrency: 2,
  maxAttempts: 4,
  backoff: { baseDelayMs: 2_000, maxDelayMs: 15 * 60_000 },
  limits: DEFAULT_REPOSITORY_LIMITS,
  analysisTimeoutMs: 5 * 60_000,
  tmpRoot: DEFAULT_WORK_ROOT,
  journalFile: null,
  healthPath: "/ml-footprint/health",
  http: {
    webhookMaxBodyBytes: 25 * 1024 * 1024,
    bodyTimeoutMs: 30_000,
    pendingBodyBytes: 64 * 1024 * 1024,
  },
};

/** The environment variables read, with what they set (documented in docs/github-app.md). */
export const SETTINGS_ENV = {
  ML_FOOTPRINT_CONCURRENCY: "analyses running at the same time (default 2)",
  ML_FOOTPRINT_MAX_ATTEMPTS: "attempts per job on GitHub 5xx / rate limits (default 4)",
  ML_FOOTPRINT_RETRY_BASE_MS: "first retry delay after a 5xx, doubled each time (default 2000)",
  ML_FOOTPRINT_RETRY_MAX_MS: "longest wait before a retry, rate limits included (default 900000)",
  ML_FOOTPRINT_MAX_ARCHIVE_MB: "largest compressed repository archive (default 200)",
  ML_FOOTPRINT_MAX_EXTRACTED_MB: "most bytes written per repository (default 300)",
  ML_FOOTPRINT_MAX_FILES: "most files and folders per repository (default 20000)",
  ML_FOOTPRINT_MAX_FILE_MB: "larger single files are skipped (default 50)",
  ML_FOOTPRINT_ANALYSIS_TIMEOUT_S: "longest analysis of one commit (default 300)",
  ML_FOOTPRINT_TMPDIR:
    "work root of the temporary folders, cleaned of stopped processes' folders at start (default: <OS temp dir>/ml-footprint-work)",
  ML_FOOTPRINT_DATA_DIR:
    "folder of the queue journal queue.sqlite, for resuming after a crash (default .ml-footprint)",
  ML_FOOTPRINT_WEBHOOK_MAX_MB: "largest GitHub webhook body (default 25, GitHub's own cap)",
  ML_FOOTPRINT_BODY_TIMEOUT_S: "a request body must arrive within this time (default 30)",
  ML_FOOTPRINT_PENDING_BODIES_MB:
    "request bodies read at once before their signature is known, both endpoints (default 64)",
} as const;

function positive(
  env: Record<string, string | undefined>,
  name: keyof typeof SETTINGS_ENV,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError("invalid_setting", `${name} must be a positive number, not "${raw}"`);
  }
  return value;
}

const MB = 1024 * 1024;

/** Where `npm start` keeps its queue journal unless ML_FOOTPRINT_DATA_DIR says otherwise (next to the platform's store). */
export const DEFAULT_DATA_DIR = ".ml-footprint";

/**
 * Reads the settings from the environment; an invalid value stops the app at start with a clear message.
 *
 * @example
 * settingsFromEnv({ ML_FOOTPRINT_CONCURRENCY: "4" }).concurrency // 4
 */
export function settingsFromEnv(env: Record<string, string | undefined>): AppSettings {
  const d = DEFAULT_SETTINGS;
  const settings: AppSettings = {
    concurrency: Math.floor(positive(env, "ML_FOOTPRINT_CONCURRENCY", d.concurrency)),
    maxAttempts: Math.floor(positive(env, "ML_FOOTPRINT_MAX_ATTEMPTS", d.maxAttempts)),
    backoff: {
      baseDelayMs: positive(env, "ML_FOOTPRINT_RETRY_BASE_MS", d.backoff.baseDelayMs),
      maxDelayMs: positive(env, "ML_FOOTPRINT_RETRY_MAX_MS", d.backoff.maxDelayMs),
    },
    limits: {
      maxArchiveBytes: positive(env, "ML_FOOTPRINT_MAX_ARCHIVE_MB", d.limits.maxArchiveBytes / MB) * MB,
      maxStreamBytes: d.limits.maxStreamBytes,
      maxExtractedBytes: positive(env, "ML_FOOTPRINT_MAX_EXTRACTED_MB", d.limits.maxExtractedBytes / MB) * MB,
      maxEntries: Math.floor(positive(env, "ML_FOOTPRINT_MAX_FILES", d.limits.maxEntries)),
      maxFileBytes: positive(env, "ML_FOOTPRINT_MAX_FILE_MB", d.limits.maxFileBytes / MB) * MB,
    },
    analysisTimeoutMs: positive(env, "ML_FOOTPRINT_ANALYSIS_TIMEOUT_S", d.analysisTimeoutMs / 1000) * 1000,
    tmpRoot: checkWorkRoot(env.ML_FOOTPRINT_TMPDIR?.trim() || d.tmpRoot),
    journalFile: path.join(env.ML_FOOTPRINT_DATA_DIR?.trim() || DEFAULT_DATA_DIR, "queue.sqlite"),
    healthPath: d.healthPath,
    http: {
      webhookMaxBodyBytes: positive(env, "ML_FOOTPRINT_WEBHOOK_MAX_MB", d.http.webhookMaxBodyBytes / MB) * MB,
      bodyTimeoutMs: positive(env, "ML_FOOTPRINT_BODY_TIMEOUT_S", d.http.bodyTimeoutMs / 1000) * 1000,
      pendingBodyBytes: positive(env, "ML_FOOTPRINT_PENDING_BODIES_MB", d.http.pendingBodyBytes / MB) * MB,
    },
  };
  if (settings.http.webhookMaxBodyBytes > settings.http.pendingBodyBytes)
    throw new InputError(
      "invalid_setting",
      "ML_FOOTPRINT_PENDING_BODIES_MB must be at least ML_FOOTPRINT_WEBHOOK_MAX_MB (one whole webhook must fit)",
    );
  return settings;
}
