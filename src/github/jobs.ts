/**
 * The app's job kinds and their JSON payloads. A payload names the installation, repository and target, never
 * an Octokit or a token: the worker authenticates itself, so a job can wait (or live in Redis) longer than
 * an installation token does.
 */
import type { QueuedJob } from "../runtime/queue/types.js";

export const ANALYSE_JOB = "analyse";
export const SCAN_INSTALLATION_JOB = "scan-installation";

export interface RepositoryRef {
  installationId: number;
  owner: string;
  repo: string;
  /** From the webhook payload when it has one; looked up by the worker otherwise. */
  defaultBranch: string | null;
}

/** What to analyse. A null sha means "the head as it is when the job runs". */
export type AnalysisTarget =
  | { type: "default_branch"; sha: string | null }
  /** A commit on another branch (a re-run check without a pull request): reported on its check run only. */
  | { type: "branch"; branch: string; sha: string }
  | {
      type: "pull_request";
      number: number;
      headSha: string | null;
      baseRef: string | null;
      baseSha: string | null;
      /** Whether the head lives in a fork; null when the payload did not say. */
      fromFork: boolean | null;
    };

export interface AnalysisJobPayload {
  repository: RepositoryRef;
  target: AnalysisTarget;
  /** What asked for it: `push`, `pull_request.synchronize`, `issue_comment`, `installation`, ... */
  trigger: string;
  /** Epoch milliseconds when the webhook arrived (for latency figures). */
  receivedAt: number;
  /**
   * A paper that lives outside the repository (a review platform's submission PDF, issue 7), read only when the
   * repository has no paper of its own. A file on this machine, written and removed by the job that asks.
   */
  fallbackPaper?: FallbackPaper | null;
}

/** A paper file outside the repository, and how the checklist names it instead of its temporary path. */
export interface FallbackPaper {
  path: string;
  /** e.g. "submission paper.pdf (NeurIPS.cc/2026/Conference #1234 v2)". */
  label: string;
}

export interface InstallationScanPayload {
  installationId: number;
  account: string;
  /** Repositories named in the payload; null means "list them through the API". */
  repositories: Array<{ owner: string; repo: string }> | null;
  trigger: string;
  receivedAt: number;
}

/** The coalescing key: one per repository and target, case-insensitive like GitHub's names. */
export function analysisJobKey(payload: Pick<AnalysisJobPayload, "repository" | "target">): string {
  const { owner, repo } = payload.repository;
  const base = `${owner}/${repo}`.toLowerCase();
  const { target } = payload;
  switch (target.type) {
    case "default_branch":
      return `${base}#default`;
    case "branch":
      return `${base}#branch:${target.branch}`;
    case "pull_request":
      return `${base}#pr:${target.number}`;
  }
}

/** Wraps an analysis payload into a queue job. */
export function analysisJob(id: string, payload: AnalysisJobPayload): QueuedJob<AnalysisJobPayload> {
  return { id, key: analysisJobKey(payload), kind: ANALYSE_JOB, payload };
}
