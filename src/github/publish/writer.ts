/**
 * Every write the app makes to GitHub goes through a `GitHubWriter`, so `dry_run: true` swaps in a writer
 * that logs what would be posted and posts nothing, while reads (config, archive, issue lists) still happen.
 */
import type { ProbotOctokit } from "probot";
import type { QueueLogger } from "../../runtime/queue/types.js";
import type { CheckRunUpdate } from "./check-run.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface RepoCoordinates {
  owner: string;
  repo: string;
}

export interface GitHubWriter {
  readonly dryRun: boolean;
  createCheckRun(
    repo: RepoCoordinates,
    params: { name: string; head_sha: string; started_at: string; external_id?: string },
  ): Promise<{ id: number; html_url: string | null }>;
  updateCheckRun(repo: RepoCoordinates, checkRunId: number, update: CheckRunUpdate): Promise<void>;
  createIssue(
    repo: RepoCoordinates,
    params: { title: string; body: string },
  ): Promise<{ number: number; html_url: string }>;
  updateIssue(repo: RepoCoordinates, issueNumber: number, params: { body: string }): Promise<void>;
  createComment(repo: RepoCoordinates, issueNumber: number, body: string): Promise<void>;
  updateComment(repo: RepoCoordinates, commentId: number, body: string): Promise<void>;
}

/** Writes through the installation's Octokit. */
export function liveWriter(octokit: Octokit): GitHubWriter {
  return {
    dryRun: false,
    async createCheckRun(repo, params) {
      const { data } = await octokit.rest.checks.create({ ...repo, ...params, status: "in_progress" });
      return { id: data.id, html_url: data.html_url };
    },
    async updateCheckRun(repo, checkRunId, update) {
      await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, ...update });
    },
    async createIssue(repo, params) {
      const { data } = await octokit.rest.issues.create({ ...repo, ...params });
      return { number: data.number, html_url: data.html_url };
    },
    async updateIssue(repo, issueNumber, params) {
      await octokit.rest.issues.update({ ...repo, issue_number: issueNumber, ...params });
    },
    async createComment(repo, issueNumber, body) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
    },
    async updateComment(repo, commentId, body) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
    },
  };
}

/** Logs each write it would make (method, path, body) at info level and makes none. */
export function dryRunWriter(log: QueueLogger): GitHubWriter {
  const would = (request: string, body: unknown): void =>
    log.info({ dryRun: true, request, body }, `dry run: would ${request}`);
  return {
    dryRun: true,
    async createCheckRun(repo, params) {
      would(`POST /repos/${repo.owner}/${repo.repo}/check-runs`, { ...params, status: "in_progress" });
      return { id: 0, html_url: null };
    },
    async updateCheckRun(repo, checkRunId, update) {
      would(`PATCH /repos/${repo.owner}/${repo.repo}/check-runs/${checkRunId}`, update);
    },
    async createIssue(repo, params) {
      would(`POST /repos/${repo.owner}/${repo.repo}/issues`, params);
      return { number: 0, html_url: "" };
    },
    async updateIssue(repo, issueNumber, params) {
      would(`PATCH /repos/${repo.owner}/${repo.repo}/issues/${issueNumber}`, params);
    },
    async createComment(repo, issueNumber, body) {
      would(`POST /repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments`, { body });
    },
    async updateComment(repo, commentId, body) {
      would(`PATCH /repos/${repo.owner}/${repo.repo}/issues/comments/${commentId}`, { body });
    },
  };
}
