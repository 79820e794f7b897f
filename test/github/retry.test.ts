import { describe, expect, it } from "@jest/globals";
import { InputError } from "../../src/domain/errors.js";
import { retryDelayForGitHubError } from "../../src/github/retry.js";

const SETTINGS = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
const NOW = Date.parse("2026-05-01T12:00:00Z");
const githubError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

describe("which GitHub failures are retried, and when", () => {
  it("backs off exponentially on server errors", () => {
    expect(
      [1, 2, 3].map((attempt) => retryDelayForGitHubError(githubError(502), attempt, SETTINGS, NOW)),
    ).toEqual([1_000, 2_000, 4_000]);
  });

  it("treats a network failure (Octokit reports it as 500) as a server error", () => {
    expect(retryDelayForGitHubError(githubError(500), 1, SETTINGS, NOW)).toBe(1_000);
  });

  it("waits as long as retry-after says on a secondary rate limit (403) or 429", () => {
    expect(retryDelayForGitHubError(githubError(403, { "retry-after": "30" }), 1, SETTINGS, NOW)).toBe(
      30_000,
    );
    expect(retryDelayForGitHubError(githubError(429, { "retry-after": "7" }), 1, SETTINGS, NOW)).toBe(7_000);
  });

  it("waits until x-ratelimit-reset (plus a second) when the primary rate limit is exhausted", () => {
    const reset = String(NOW / 1000 + 20);
    const error = githubError(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    expect(retryDelayForGitHubError(error, 1, SETTINGS, NOW)).toBe(21_000);
  });

  it("never waits longer than maxDelayMs", () => {
    expect(retryDelayForGitHubError(githubError(429, { "retry-after": "3600" }), 1, SETTINGS, NOW)).toBe(
      60_000,
    );
    expect(retryDelayForGitHubError(githubError(503), 10, SETTINGS, NOW)).toBe(60_000);
  });

  it("backs off on a 429 without headers", () => {
    expect(retryDelayForGitHubError(githubError(429), 2, SETTINGS, NOW)).toBe(2_000);
  });

  it("does not retry a 403 without rate-limit headers, client errors, or input errors", () => {
    expect(retryDelayForGitHubError(githubError(403), 1, SETTINGS, NOW)).toBeNull();
    expect(retryDelayForGitHubError(githubError(404), 1, SETTINGS, NOW)).toBeNull();
    expect(retryDelayForGitHubError(githubError(422), 1, SETTINGS, NOW)).toBeNull();
    expect(
      retryDelayForGitHubError(new InputError("archive_too_large", "too big"), 1, SETTINGS, NOW),
    ).toBeNull();
    expect(retryDelayForGitHubError(new Error("boom"), 1, SETTINGS, NOW)).toBeNull();
  });
});
