/**
 * Which GitHub failures are worth another attempt, and when: server errors (5xx, and network failures that
 * Octokit reports as 500) back off exponentially; rate limits (429, or 403 carrying rate-limit headers) wait
 * as long as GitHub says. Anything else (404 commit gone, 422, a repository too large) is final.
 */
import type { RetryPolicy } from "../runtime/queue/types.js";

export interface BackoffSettings {
  /** Delay before the first retry of a server error; doubled for each further attempt. */
  baseDelayMs: number;
  /** No wait is longer than this, whatever GitHub asks for. */
  maxDelayMs: number;
}

interface ErrorWithStatus {
  status: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

function hasStatus(error: unknown): error is ErrorWithStatus {
  return (
    typeof error === "object" && error !== null && typeof (error as { status?: unknown }).status === "number"
  );
}

function header(error: ErrorWithStatus, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * The delay before retrying after `error` on attempt `attempt` (1-based), or `null` when it is not transient.
 *
 * @example
 * retryDelayForGitHubError({ status: 502 }, 2, { baseDelayMs: 1000, maxDelayMs: 60_000 }, Date.now()) // 2000
 */
export function retryDelayForGitHubError(
  error: unknown,
  attempt: number,
  settings: BackoffSettings,
  nowMs: number,
): number | null {
  if (!hasStatus(error)) return null;
  const cap = (ms: number): number => Math.max(0, Math.min(settings.maxDelayMs, Math.ceil(ms)));
  const backoff = (): number => cap(settings.baseDelayMs * 2 ** (attempt - 1));

  const retryAfter = Number(header(error, "retry-after"));
  const remaining = header(error, "x-ratelimit-remaining");
  const reset = Number(header(error, "x-ratelimit-reset"));
  const isRateLimit = error.status === 429 || (error.status === 403 && (retryAfter > 0 || remaining === "0"));

  if (isRateLimit) {
    // Secondary limits send retry-after; the primary limit sends the reset time (epoch seconds).
    if (Number.isFinite(retryAfter) && retryAfter > 0) return cap(retryAfter * 1000);
    if (remaining === "0" && Number.isFinite(reset) && reset > 0) return cap(reset * 1000 - nowMs + 1000);
    return backoff();
  }
  if (error.status >= 500 && error.status <= 599) return backoff();
  return null;
}

/** The queue's retry policy for jobs that talk to GitHub. */
export function githubRetryPolicy(settings: BackoffSettings, now: () => number = Date.now): RetryPolicy {
  return (error, attempt) => retryDelayForGitHubError(error, attempt, settings, now());
}
