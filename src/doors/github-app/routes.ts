/**
 * Webhook routing, as pure functions of the payload: each decides whether an event asks for work and, if so,
 * which job. No API calls and no configuration here (both cost a round trip, and GitHub waits at most 10 s
 * for the answer); what needs configuration (forks, scan_on_install) is decided by the job.
 *
 * Payload types name only the fields that are read, so Probot's typed payloads and our fixtures both fit.
 */
import {
  analysisJob,
  SCAN_INSTALLATION_JOB,
  type AnalysisJobPayload,
  type AnalysisTarget,
  type InstallationScanPayload,
  type RepositoryRef,
} from "../../github/jobs.js";
import { CHECK_NAME } from "../../github/publish/check-run.js";
import type { QueuedJob } from "../../runtime/queue/types.js";

export type Route = { action: "enqueue"; job: QueuedJob } | { action: "ignore"; reason: string };

interface Account {
  login: string;
  type?: string;
}

/** A repository owner; push payloads type it as nullable and carry `name` beside `login`. */
interface Owner {
  login?: string;
  name?: string | null;
}

/** An installation's account: a user or organisation (`login`), or an enterprise (`slug`). */
interface InstallationAccount {
  login?: string;
  slug?: string;
}

interface RepositoryPayload {
  installation?: { id: number } | null;
  sender?: Account | null;
  repository: { name: string; full_name?: string; owner: Owner | null; default_branch?: string };
}

export interface PushPayload extends RepositoryPayload {
  ref: string;
  after: string;
  deleted?: boolean;
}

export interface PullRequestPayload extends RepositoryPayload {
  action: string;
  pull_request: {
    number: number;
    head: { sha: string; repo?: { full_name: string } | null };
    base: { ref: string; sha: string; repo?: { full_name: string } | null };
  };
}

interface CheckPullRequestRef {
  number: number;
  head: { sha: string; repo?: { id: number } | null };
  base: { ref: string; sha: string; repo?: { id: number } | null };
}

export interface CheckSuitePayload extends RepositoryPayload {
  action: string;
  check_suite: { head_sha: string; head_branch: string | null; pull_requests?: CheckPullRequestRef[] };
}

export interface CheckRunPayload extends RepositoryPayload {
  action: string;
  check_run: {
    name: string;
    head_sha: string;
    check_suite?: { head_branch?: string | null } | null;
    pull_requests?: CheckPullRequestRef[];
  };
}

export interface IssueCommentPayload extends RepositoryPayload {
  action: string;
  comment: { body?: string | null; user?: Account | null; author_association?: string };
  issue: { number: number; user?: Account | null; pull_request?: unknown };
}

interface InstallationRepository {
  name: string;
  full_name: string;
}

export interface InstallationPayload {
  action: string;
  installation: { id: number; account?: InstallationAccount | null };
  sender?: Account | null;
  repositories?: InstallationRepository[] | null;
}

export interface InstallationRepositoriesPayload {
  action: string;
  installation: { id: number; account?: InstallationAccount | null };
  sender?: Account | null;
  repository_selection?: string;
  repositories_added?: InstallationRepository[];
}

/** The command that asks for a fresh analysis, alone on a line of a comment. */
export const RECHECK_COMMAND = /^\s*\/footprint\s+recheck\s*$/im;

/**
 * Who may ask for a recheck: anyone the repository lists as owner, organisation member or collaborator, and
 * the author of the pull request itself. A recheck only repeats read-only work and is coalesced per target,
 * so the bar is low; bots never trigger one (no loops between bots).
 */
export const RECHECK_ASSOCIATIONS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

const ignore = (reason: string): Route => ({ action: "ignore", reason });

const isBot = (account: Account | null | undefined): boolean =>
  account?.type === "Bot" || (account?.login ?? "").endsWith("[bot]");

const ownerLogin = (payload: RepositoryPayload): string | null =>
  payload.repository.owner?.login ??
  payload.repository.owner?.name ??
  payload.repository.full_name?.split("/")[0] ??
  null;

function repositoryRef(payload: RepositoryPayload): RepositoryRef | null {
  const owner = ownerLogin(payload);
  if (!payload.installation?.id || !owner) return null;
  return {
    installationId: payload.installation.id,
    owner,
    repo: payload.repository.name,
    defaultBranch: payload.repository.default_branch ?? null,
  };
}

function enqueueAnalysis(
  deliveryId: string,
  payload: RepositoryPayload,
  target: AnalysisTarget,
  trigger: string,
  now: number,
): Route {
  const repository = repositoryRef(payload);
  if (!repository) return ignore("no installation or repository owner in the payload");
  const job: AnalysisJobPayload = { repository, target, trigger, receivedAt: now };
  return { action: "enqueue", job: analysisJob(deliveryId, job) };
}

/**
 * `push`: only to the default branch, not a branch deletion. Pushes by bots are analysed too: the app never
 * pushes, so there is no loop, and skipping them would leave the tracking issue on an older commit.
 */
export function routePush(deliveryId: string, payload: PushPayload, now: number): Route {
  const defaultBranch = payload.repository.default_branch;
  if (!defaultBranch) return ignore("repository has no default branch in the payload");
  if (payload.ref !== `refs/heads/${defaultBranch}`)
    return ignore(`push to ${payload.ref}, not the default branch`);
  if (payload.deleted || /^0+$/.test(payload.after)) return ignore("branch deleted");
  return enqueueAnalysis(deliveryId, payload, { type: "default_branch", sha: payload.after }, "push", now);
}

const PULL_REQUEST_ACTIONS = new Set(["opened", "synchronize", "reopened"]);

/** `pull_request` opened, synchronize or reopened, not by a bot. */
export function routePullRequest(deliveryId: string, payload: PullRequestPayload, now: number): Route {
  if (!PULL_REQUEST_ACTIONS.has(payload.action)) return ignore(`pull_request.${payload.action}`);
  if (isBot(payload.sender)) return ignore("sender is a bot");
  const pr = payload.pull_request;
  const repoName = payload.repository.full_name ?? `${ownerLogin(payload)}/${payload.repository.name}`;
  const target: AnalysisTarget = {
    type: "pull_request",
    number: pr.number,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    fromFork: pr.head.repo ? pr.head.repo.full_name.toLowerCase() !== repoName.toLowerCase() : true,
  };
  return enqueueAnalysis(deliveryId, payload, target, `pull_request.${payload.action}`, now);
}

/** The target of a re-requested check suite or check run. */
function rerequestTarget(
  headSha: string,
  headBranch: string | null | undefined,
  pullRequests: CheckPullRequestRef[] | undefined,
  defaultBranch: string | undefined,
): AnalysisTarget | null {
  const pr = pullRequests?.[0];
  if (pr) {
    const headRepo = pr.head.repo?.id;
    const baseRepo = pr.base.repo?.id;
    return {
      type: "pull_request",
      number: pr.number,
      headSha,
      baseRef: pr.base.ref,
      baseSha: pr.base.sha,
      fromFork: headRepo !== undefined && baseRepo !== undefined ? headRepo !== baseRepo : null,
    };
  }
  if (headBranch && headBranch === defaultBranch) return { type: "default_branch", sha: headSha };
  // A commit on another branch, or the head of a fork's pull request (GitHub lists no pull request then).
  if (headBranch) return { type: "branch", branch: headBranch, sha: headSha };
  return null;
}

/** `check_suite.rerequested` ("Re-run all checks"). */
export function routeCheckSuite(deliveryId: string, payload: CheckSuitePayload, now: number): Route {
  if (payload.action !== "rerequested") return ignore(`check_suite.${payload.action}`);
  if (isBot(payload.sender)) return ignore("sender is a bot");
  const suite = payload.check_suite;
  const target = rerequestTarget(
    suite.head_sha,
    suite.head_branch,
    suite.pull_requests,
    payload.repository.default_branch,
  );
  if (!target) return ignore("re-requested suite names no branch");
  return enqueueAnalysis(deliveryId, payload, target, "check_suite.rerequested", now);
}

/** `check_run.rerequested` ("Re-run" on our check run). */
export function routeCheckRun(deliveryId: string, payload: CheckRunPayload, now: number): Route {
  if (payload.action !== "rerequested") return ignore(`check_run.${payload.action}`);
  if (payload.check_run.name !== CHECK_NAME)
    return ignore(`check run "${payload.check_run.name}" is not ours`);
  if (isBot(payload.sender)) return ignore("sender is a bot");
  const run = payload.check_run;
  const target = rerequestTarget(
    run.head_sha,
    run.check_suite?.head_branch,
    run.pull_requests,
    payload.repository.default_branch,
  );
  if (!target) return ignore("re-requested check run names no branch");
  return enqueueAnalysis(deliveryId, payload, target, "check_run.rerequested", now);
}

/**
 * `issue_comment.created` with `/footprint recheck` on a line of its own: on a pull request it re-analyses
 * the pull request's head; on an issue (the tracking issue, say) the default branch's head.
 */
export function routeIssueComment(deliveryId: string, payload: IssueCommentPayload, now: number): Route {
  if (payload.action !== "created") return ignore(`issue_comment.${payload.action}`);
  const author = payload.comment.user;
  if (isBot(author) || isBot(payload.sender)) return ignore("comment by a bot");
  if (!RECHECK_COMMAND.test(payload.comment.body ?? "")) return ignore("no /footprint recheck command");
  const isPullRequest = Boolean(payload.issue.pull_request);
  const association = payload.comment.author_association ?? "NONE";
  const isPullRequestAuthor =
    isPullRequest && author?.login !== undefined && author.login === payload.issue.user?.login;
  if (!RECHECK_ASSOCIATIONS.has(association) && !isPullRequestAuthor) {
    return ignore(`commenter (${association}) may not ask for a recheck`);
  }
  const target: AnalysisTarget = isPullRequest
    ? {
        type: "pull_request",
        number: payload.issue.number,
        headSha: null,
        baseRef: null,
        baseSha: null,
        fromFork: null,
      }
    : { type: "default_branch", sha: null };
  return enqueueAnalysis(deliveryId, payload, target, "issue_comment", now);
}

function scanJob(
  deliveryId: string,
  installation: { id: number; account?: InstallationAccount | null },
  repositories: InstallationRepository[] | null,
  trigger: string,
  now: number,
): Route {
  const payload: InstallationScanPayload = {
    installationId: installation.id,
    account: installation.account?.login ?? installation.account?.slug ?? "",
    repositories: repositories
      ? repositories.map((r) => ({ owner: r.full_name.split("/")[0] ?? "", repo: r.name }))
      : null,
    trigger,
    receivedAt: now,
  };
  return {
    action: "enqueue",
    job: { id: deliveryId, key: `installation:${installation.id}`, kind: SCAN_INSTALLATION_JOB, payload },
  };
}

/**
 * `installation.created`: a scan job that reads each repository's configuration and analyses only those
 * whose configuration says `scan_on_install: true`. Other actions (deleted, suspend) need nothing.
 */
export function routeInstallation(deliveryId: string, payload: InstallationPayload, now: number): Route {
  if (payload.action !== "created") return ignore(`installation.${payload.action}`);
  const repositories = payload.repositories && payload.repositories.length > 0 ? payload.repositories : null;
  return scanJob(deliveryId, payload.installation, repositories, "installation.created", now);
}

/** `installation_repositories.added`: the same scan, for the added repositories only. */
export function routeInstallationRepositories(
  deliveryId: string,
  payload: InstallationRepositoriesPayload,
  now: number,
): Route {
  if (payload.action !== "added") return ignore(`installation_repositories.${payload.action}`);
  const added = payload.repositories_added ?? [];
  if (added.length === 0) return ignore("no repositories added");
  return scanJob(deliveryId, payload.installation, added, "installation_repositories.added", now);
}
