/**
 * The analysis job: one commit of one repository, from configuration to published results.
 *
 *   1. Authenticate as the installation (the job may run long after the webhook).
 *   2. Resolve the commit: the payload's sha, or the branch / pull-request head as it is now.
 *   3. Load and validate `.github/ml-footprint.yml`; an invalid file is reported on the check run and stops here.
 *   4. Decide where to report (config `report`, forks, dry run).
 *   5. Open the check run (`in_progress`), or take over the app's check run of the same analysis (same commit
 *      and configuration, found by its `external_id`) that a crashed process, a retry or another front door
 *      left on the commit.
 *   6. Read the repository at the commit into a temporary folder and run the checklist on it.
 *   7. Publish: the tracking issue (default branch), the check run's result, the pull-request comment.
 *
 * Retries re-enter at the top; `context.state` remembers the check run, the report and what was already
 * published, so a retry neither opens a second check run nor posts twice. The check run's id and key are also
 * saved in the queue's journal (`context.save`): after a crash the next process runs the job again with them,
 * or closes the check run (`interrupted`) when the job is not run again.
 *
 * Another front door (the review-platform receiver) runs an analysis inside its own job with `run`, passing a paper
 * that lives outside the repository (`fallbackPaper`), and gets the outcome back as `run`'s result.
 */
import type { Logger, ProbotOctokit } from "probot";
import type { CheckOptions } from "../pipeline.js";
import type { CheckReport } from "../judge/types.js";
import { isInputError } from "../domain/errors.js";
import { loadAppConfig } from "./config/load.js";
import type { AppConfig } from "./config/schema.js";
import {
  CHECK_NAME,
  conclusionFor,
  configErrorCheckRun,
  failureCheckRun,
  reportCheckRunUpdates,
  supersededCheckRun,
  type CheckRunUpdate,
} from "./publish/check-run.js";
import {
  decidePullRequestComment,
  diffChecklists,
  findPullRequestComment,
} from "./publish/pull-request-comment.js";
import {
  appIdOf,
  checkRunKey,
  FRESH_CHECK_RUN_TRIGGERS,
  interruptedCheckRun,
  listOwnCheckRuns,
  pickCheckRun,
} from "./publish/check-run-reuse.js";
import { reportState, type ReportState } from "./publish/state.js";
import { withRepositoryLock } from "./publish/repository-lock.js";
import {
  findTrackingIssue,
  renderTrackingIssueBody,
  trackingIssueState,
  TRACKING_ISSUE_TITLE,
  type ListedIssue,
} from "./publish/tracking-issue.js";
import { dryRunWriter, liveWriter, type GitHubWriter, type RepoCoordinates } from "./publish/writer.js";
import type { ExtractionSummary } from "./checkout/extract.js";
import { withCommitCheckout } from "./checkout/checkout.js";
import type { RepositoryLimits } from "./checkout/limits.js";
import type { JobHandler, JobOutcome, JobRunContext, QueuedJob } from "../runtime/queue/types.js";
import type { AnalysisJobPayload, FallbackPaper, RepositoryRef } from "./jobs.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What the analysis job needs from the outside world; all of it injectable. */
export interface AnalysisDependencies {
  octokitFor(installationId: number): Promise<Octokit>;
  runCheck(options: CheckOptions): Promise<CheckReport>;
  renderCheckMarkdown(report: CheckReport): string;
  /** The app's bot login (`slug[bot]`), to list only its own issues; null when unknown. */
  botLogin(): Promise<string | null>;
  limits: RepositoryLimits;
  /** Parent of the per-job checkout folders: this process's folder in the work root. */
  tmpRoot?: string;
  log: Logger;
  now(): Date;
}

/** The commit the job analyses, with what the target needs to publish. */
interface ResolvedCommit {
  sha: string;
  ref: string;
  defaultBranch: string;
  kind: "default_branch" | "branch" | "pull_request";
  pullRequest: { number: number; baseRef: string; baseSha: string; fromFork: boolean } | null;
}

/** What `context.state` holds across attempts (all JSON). */
interface JobState {
  checkRunId?: number;
  /** The idempotency key the check run carries as `external_id` (commit + configuration). */
  checkRunKey?: string;
  checkCompleted?: boolean;
  /**
   * The check run taken over was already completed (by an earlier run of the same analysis): it is updated
   * with this job's result, but a failure of this job leaves its earlier result in place.
   */
  checkRunWasCompleted?: boolean;
  dryRun?: boolean;
  sha?: string;
  report?: CheckReport;
  /** Footnote on what extraction left out, appended to the rendered checklist. */
  note?: string;
  trackingIssueUrl?: string | null;
  issuePublished?: boolean;
  commentPublished?: boolean;
  /** Why the job ended without a checklist (invalid configuration, nothing to report), for other front doors. */
  skipped?: string;
}

/** Thrown at a step boundary when a newer job for the same target has arrived. */
export class SupersededError extends Error {
  constructor() {
    super("superseded by a newer job for the same target");
    this.name = "SupersededError";
  }
}

const throwIfSuperseded = (signal: AbortSignal): void => {
  if (signal.aborted) throw new SupersededError();
};

/** Status codes after which a publishing step is skipped (logged), not retried: the answer will not change. */
const FINAL_PUBLISH_STATUSES = new Set([403, 404, 410, 422]);

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
};

async function resolveCommit(
  octokit: Octokit,
  repository: RepositoryRef,
  payload: AnalysisJobPayload,
): Promise<ResolvedCommit> {
  const coordinates = { owner: repository.owner, repo: repository.repo };
  const defaultBranch =
    repository.defaultBranch ?? (await octokit.rest.repos.get(coordinates)).data.default_branch;
  const { target } = payload;
  switch (target.type) {
    case "default_branch": {
      const sha =
        target.sha ??
        (await octokit.rest.repos.getBranch({ ...coordinates, branch: defaultBranch })).data.commit.sha;
      return { sha, ref: defaultBranch, defaultBranch, kind: "default_branch", pullRequest: null };
    }
    case "branch":
      return { sha: target.sha, ref: target.branch, defaultBranch, kind: "branch", pullRequest: null };
    case "pull_request": {
      let { headSha, baseRef, baseSha, fromFork } = target;
      if (headSha === null || baseRef === null || baseSha === null || fromFork === null) {
        const { data } = await octokit.rest.pulls.get({ ...coordinates, pull_number: target.number });
        headSha ??= data.head.sha;
        baseRef ??= data.base.ref;
        baseSha ??= data.base.sha;
        fromFork ??= data.head.repo ? data.head.repo.full_name !== data.base.repo.full_name : true;
      }
      return {
        sha: headSha,
        ref: `pull/${target.number}`,
        defaultBranch,
        kind: "pull_request",
        pullRequest: { number: target.number, baseRef, baseSha, fromFork },
      };
    }
  }
}

/** A short footnote for what extraction left out, so readers know a file was not read. */
function extractionNote(extraction: ExtractionSummary): string {
  if (extraction.skipped.length === 0) return "";
  const byReason = new Map<string, number>();
  for (const s of extraction.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  const parts = [...byReason].map(([reason, n]) => `${n} × ${reason.replace(/_/g, " ")}`);
  return `\n\n<sub>Not read from the repository: ${parts.join(", ")} (links, devices and oversized files are never read).</sub>\n`;
}

/** Runs the checklist on one commit (steps 6 and, for a base branch without a report, again for the base). */
async function analyseCommit(
  deps: AnalysisDependencies,
  octokit: Octokit,
  repo: RepoCoordinates,
  sha: string,
  config: AppConfig,
  signal: AbortSignal,
  log: Logger,
  fallbackPaper?: FallbackPaper | null,
): Promise<{ report: CheckReport; note: string }> {
  return withCommitCheckout(
    octokit,
    { ...repo, sha },
    { limits: deps.limits, tmpRoot: deps.tmpRoot, signal },
    async (dir, extraction) => {
      log.info(
        { sha, files: extraction.files, bytes: extraction.bytes, skipped: extraction.skipped.length },
        "repository extracted",
      );
      // The pipeline looks for the paper once and reads the fallback only when the repository has none; the
      // worker pool that runs it owns the time bound.
      const report = await deps.runCheck({
        dir,
        profile: config.profile,
        paperGlobs: config.paper,
        requiredItems: config.required_items,
        defaults: config.defaults,
        ...(fallbackPaper ? { fallbackPaper: { path: fallbackPaper.path, label: fallbackPaper.label } } : {}),
      });
      return { report, note: extractionNote(extraction) };
    },
  );
}

async function listOwnIssues(
  octokit: Octokit,
  repo: RepoCoordinates,
  botLogin: string | null,
): Promise<ListedIssue[]> {
  const issues: ListedIssue[] = [];
  const params = {
    ...repo,
    state: "all" as const,
    per_page: 100,
    ...(botLogin ? { creator: botLogin } : {}),
  };
  let pages = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, params)) {
    issues.push(...(page.data as ListedIssue[]));
    if (findTrackingIssue(issues) || ++pages >= 10) break;
  }
  return issues;
}

/** Runs a publishing step; a final GitHub refusal (issues disabled, no permission) is logged, not fatal. */
async function publishStep(log: Logger, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && FINAL_PUBLISH_STATUSES.has(status)) {
      log.warn({ err: error, status }, `${what} skipped: GitHub refused it`);
      return;
    }
    throw error;
  }
}

async function updateCheckRun(
  writer: GitHubWriter,
  repo: RepoCoordinates,
  id: number,
  update: CheckRunUpdate,
): Promise<void> {
  await writer.updateCheckRun(repo, id, update);
}

/** What the journal keeps of a job's state: enough to find and close its check run after a crash. */
function saveNote(context: JobRunContext, state: JobState): void {
  const { sha, checkRunKey: key, checkRunId, dryRun, checkCompleted, checkRunWasCompleted } = state;
  context.save?.({ sha, checkRunKey: key, checkRunId, dryRun, checkCompleted, checkRunWasCompleted });
}

/**
 * Step 5: gives the job its check run for `key`: the one it opened before (a retry, or a previous process's
 * run resumed from the journal), else the app's check run of the same key on the commit, else a new one. A
 * check run opened before for another key (the branch head moved, the configuration was edited) is closed.
 */
async function openCheckRun(
  octokit: Octokit,
  writer: GitHubWriter,
  repo: RepoCoordinates,
  commitSha: string,
  key: string,
  options: { trigger: string; at: string; state: JobState; context: JobRunContext; log: Logger },
): Promise<void> {
  const { state, context, log } = options;
  if (state.checkRunId !== undefined && state.checkRunKey !== key) {
    if (!state.checkCompleted && !state.checkRunWasCompleted) {
      const previous = state.dryRun ? dryRunWriter(log) : liveWriter(octokit);
      await previous.updateCheckRun(
        repo,
        state.checkRunId,
        interruptedCheckRun(
          "The commit or the configuration changed before the analysis finished; the current one is analysed on its own check run.",
          options.at,
        ),
      );
    }
    state.checkRunId = undefined;
    state.checkCompleted = undefined;
    state.checkRunWasCompleted = undefined;
  }
  if (state.checkRunId !== undefined) {
    log.info({ checkRun: state.checkRunId }, "check run of an earlier attempt taken over");
    return;
  }
  state.checkRunKey = key;
  state.dryRun = writer.dryRun;
  // Saved before creating: if the process dies before GitHub's answer, the next one finds the run by its key.
  saveNote(context, state);
  await withRepositoryLock(`check-run:${repo.owner}/${repo.repo}@${commitSha}`, async () => {
    if (!writer.dryRun) {
      const appId = await appIdOf(octokit);
      const found = pickCheckRun(await listOwnCheckRuns(octokit, repo, commitSha, appId), key, {
        reuseCompleted: !FRESH_CHECK_RUN_TRIGGERS.has(options.trigger),
        appId,
      });
      if (found) {
        log.info({ checkRun: found.id, status: found.status }, "check run of the same analysis taken over");
        state.checkRunId = found.id;
        state.checkCompleted = false;
        state.checkRunWasCompleted = found.status === "completed";
        return;
      }
    }
    state.checkRunId = (
      await writer.createCheckRun(repo, {
        name: CHECK_NAME,
        head_sha: commitSha,
        started_at: options.at,
        external_id: key,
      })
    ).id;
  });
  saveNote(context, state);
}

/** One run of the job: what every step needs. */
interface Run {
  deps: AnalysisDependencies;
  job: QueuedJob<AnalysisJobPayload>;
  context: JobRunContext;
  state: JobState;
  repo: RepoCoordinates;
  log: Logger;
  octokit: Octokit;
  at(): string;
}

/** Where this commit's results go (step 4). */
interface Targets {
  check: boolean;
  issue: boolean;
  comment: boolean;
  writer: GitHubWriter;
}

/**
 * Step 3: the repository's configuration, or null when it is invalid (reported on a check run of its own, which
 * ends the job).
 */
async function loadConfiguration(run: Run, commit: ResolvedCommit): Promise<AppConfig | null> {
  const { octokit, repo, state, context, log } = run;
  const load = await loadAppConfig(octokit, repo);
  if (load.ok) {
    log.info(
      { sources: load.sources.length > 0 ? load.sources : ["(defaults: no .github/ml-footprint.yml)"] },
      "configuration loaded",
    );
    return load.config;
  }
  log.warn(
    { sources: load.sources, problems: load.problems },
    "invalid configuration; reported on the check run",
  );
  const writer = load.dryRun ? dryRunWriter(log) : liveWriter(octokit);
  const key = checkRunKey(commit.sha, { invalid: load.problems, sources: load.sources });
  await openCheckRun(octokit, writer, repo, commit.sha, key, {
    trigger: run.job.payload.trigger,
    at: run.at(),
    state,
    context,
    log,
  });
  await updateCheckRun(
    writer,
    repo,
    state.checkRunId!,
    configErrorCheckRun(load.problems, load.sources, run.at()),
  );
  state.checkCompleted = true;
  saveNote(context, state);
  state.skipped = "the repository's .github/ml-footprint.yml is invalid (its check run lists why)";
  return null;
}

/** Step 4: where to report, or null when nowhere (a fork the configuration excludes, no target for this ref). */
function reportTargets(run: Run, commit: ResolvedCommit, config: AppConfig): Targets | null {
  const { state, log } = run;
  if (commit.pullRequest?.fromFork && !config.forks) {
    log.info("pull request from a fork; the configuration says forks: false");
    state.skipped = "pull request from a fork; the configuration says forks: false";
    return null;
  }
  const check = config.report.includes("check");
  const issue = config.report.includes("issue") && commit.kind === "default_branch";
  const comment = config.report.includes("pr") && commit.kind === "pull_request";
  if (!check && !issue && !comment) {
    log.info({ report: config.report, kind: commit.kind }, "nothing to report for this target");
    state.skipped = `the repository's configuration reports nowhere for this target (report: [${config.report.join(", ")}])`;
    return null;
  }
  const writer = config.dry_run ? dryRunWriter(log) : liveWriter(run.octokit);
  state.dryRun = writer.dryRun;
  return { check, issue, comment, writer };
}

/** Step 7a: the tracking issue, found by its marker and edited in place (default branch only). */
async function publishTrackingIssue(
  run: Run,
  commit: ResolvedCommit,
  report: CheckReport,
  markdown: string,
  writer: GitHubWriter,
  botLogin: string | null,
): Promise<void> {
  const { octokit, repo, state, log } = run;
  if (state.issuePublished) return;
  await publishStep(log, "tracking issue", async () => {
    const body = renderTrackingIssueBody({
      markdown,
      state: reportState(report, commit.sha, commit.ref),
      repository: `${repo.owner}/${repo.repo}`,
    });
    await withRepositoryLock(`${repo.owner}/${repo.repo}`, async () => {
      const existing = findTrackingIssue(await listOwnIssues(octokit, repo, botLogin));
      if (!existing) {
        const created = await writer.createIssue(repo, { title: TRACKING_ISSUE_TITLE, body });
        state.trackingIssueUrl = created.html_url || null;
      } else {
        state.trackingIssueUrl = existing.html_url;
        if (existing.body !== body) await writer.updateIssue(repo, existing.number, { body });
        else log.info({ issue: existing.number }, "tracking issue already up to date");
      }
    });
  });
  state.issuePublished = true;
}

/** Step 7b: the check run's result (the summary, its annotations in batches of 50). */
async function completeCheckRun(
  run: Run,
  report: CheckReport,
  markdown: string,
  config: AppConfig,
  writer: GitHubWriter,
): Promise<void> {
  const { repo, state, context } = run;
  if (state.checkRunId === undefined || state.checkCompleted) return;
  const updates = reportCheckRunUpdates(report, markdown, {
    conclusion: conclusionFor(report, config),
    completedAt: run.at(),
    detailsUrl: state.trackingIssueUrl ?? undefined,
  });
  for (const update of updates) await updateCheckRun(writer, repo, state.checkRunId, update);
  state.checkCompleted = true;
  saveNote(context, state);
}

/** Step 7c: the pull-request comment saying what the PR changes (silent when nothing changed). */
async function publishPullRequestComment(
  run: Run,
  pr: NonNullable<ResolvedCommit["pullRequest"]>,
  report: CheckReport,
  config: AppConfig,
  writer: GitHubWriter,
  botLogin: string | null,
): Promise<void> {
  const { deps, octokit, repo, state, context, log } = run;
  if (state.commentPublished) return;
  await publishStep(log, "pull-request comment", async () => {
    const base = await baseBranchState(deps, octokit, repo, pr, botLogin, config, context.signal, log);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pr.number,
      per_page: 100,
    });
    const decision = decidePullRequestComment(
      findPullRequestComment(comments),
      diffChecklists(base, report),
      pr.baseRef,
    );
    if (decision.action === "create") await writer.createComment(repo, pr.number, decision.body);
    else if (decision.action === "update")
      await writer.updateComment(repo, decision.commentId, decision.body);
    else log.info({ reason: decision.reason }, "pull-request comment stays as it is");
  });
  state.commentPublished = true;
}

/** The analysis of one commit on GitHub and the publishing of its results, for any front door. */
export interface CommitAnalysis {
  /** The handler of `analyse` jobs on the queue (the GitHub App's pushes, pull requests, rechecks). */
  handler: JobHandler<AnalysisJobPayload>;
  /**
   * Runs an analysis inside another job (a review platform's submission) and returns its outcome. The caller's
   * `context.state` keeps the analysis's progress across retries: one check run, nothing posted twice.
   */
  run(job: QueuedJob<AnalysisJobPayload>, context: JobRunContext): Promise<AnalysisResult>;
  /** Closes what a failed, superseded or interrupted run left open (its check run). */
  settle(job: QueuedJob<AnalysisJobPayload>, outcome: JobOutcome, context: JobRunContext): Promise<void>;
}

/**
 * @example
 * const analysis = createCommitAnalysis(deps);
 * queue.register(ANALYSE_JOB, analysis.handler);
 * const result = await analysis.run(analysisJob(id, payload), context); // { report, sha, trackingIssueUrl, skipped }
 */
export function createCommitAnalysis(deps: AnalysisDependencies): CommitAnalysis {
  const run = async (job: QueuedJob<AnalysisJobPayload>, context: JobRunContext): Promise<AnalysisResult> => {
    const state = context.state as JobState;
    const { repository } = job.payload;
    const repo = { owner: repository.owner, repo: repository.repo };
    const log = deps.log.child({ job: job.id, repo: `${repo.owner}/${repo.repo}`, attempt: context.attempt });
    const at = () => deps.now().toISOString();

    // 1. Authenticate as the installation.
    const octokit = await deps.octokitFor(repository.installationId);
    const steps: Run = { deps, job, context, state, repo, log, octokit, at };

    // 2. Resolve the commit.
    const commit = await resolveCommit(octokit, repository, job.payload);
    state.sha = commit.sha;
    log.info({ sha: commit.sha, ref: commit.ref, trigger: job.payload.trigger }, "analysing commit");

    // 3. Load and validate the configuration.
    const config = await loadConfiguration(steps, commit);
    if (!config) return resultOf(state);

    // 4. Decide where to report.
    const targets = reportTargets(steps, commit, config);
    if (!targets) return resultOf(state);

    // 5. Open the check run (or take over the one of the same analysis).
    if (targets.check)
      await openCheckRun(octokit, targets.writer, repo, commit.sha, checkRunKey(commit.sha, config), {
        trigger: job.payload.trigger,
        at: at(),
        state,
        context,
        log,
      });
    throwIfSuperseded(context.signal);

    // 6. Read the repository at the commit and run the pipeline.
    if (!state.report) {
      const analysed = await analyseCommit(
        deps,
        octokit,
        repo,
        commit.sha,
        config,
        context.signal,
        log,
        job.payload.fallbackPaper,
      );
      state.report = analysed.report;
      state.note = analysed.note;
    }
    const report = state.report;
    throwIfSuperseded(context.signal);
    const markdown = deps.renderCheckMarkdown(report) + (state.note ?? "");
    log.info(
      { verdict: report.verdict, items: report.items.length, annotations: report.annotations.length },
      "checklist computed",
    );

    // 7. Publish: the tracking issue, the check run's result, the pull-request comment.
    const botLogin = targets.issue || targets.comment ? await deps.botLogin() : null;
    if (targets.issue) await publishTrackingIssue(steps, commit, report, markdown, targets.writer, botLogin);
    if (targets.check) await completeCheckRun(steps, report, markdown, config, targets.writer);
    if (targets.comment && commit.pullRequest)
      await publishPullRequestComment(steps, commit.pullRequest, report, config, targets.writer, botLogin);
    return resultOf(state);
  };

  const settle = async (
    job: QueuedJob<AnalysisJobPayload>,
    outcome: JobOutcome,
    context: JobRunContext,
  ): Promise<void> => {
    const state = context.state as JobState;
    const { repository } = job.payload;
    const repo = { owner: repository.owner, repo: repository.repo };
    const log = deps.log.child({ job: job.id, repo: `${repo.owner}/${repo.repo}` });
    if (outcome.type === "failed") {
      const error = outcome.error;
      log.error({ err: error, sha: state.sha }, "analysis failed");
    }
    if (outcome.type === "interrupted")
      log.warn(
        { sha: state.sha, reason: outcome.reason },
        "analysis interrupted by a restart; not run again",
      );
    // A run that already showed a result keeps it rather than this job's failure.
    if (state.checkCompleted || state.checkRunWasCompleted) return;
    // A previous process may have died between opening the check run and saving its id: find it by key.
    const lost = state.checkRunId === undefined && !state.dryRun && state.checkRunKey && state.sha;
    if (state.checkRunId === undefined && !lost) return;
    const octokit = await deps.octokitFor(repository.installationId);
    if (lost) {
      const appId = await appIdOf(octokit);
      const runs = await listOwnCheckRuns(octokit, repo, state.sha!, appId);
      const open = pickCheckRun(runs, state.checkRunKey!, { reuseCompleted: false, appId });
      if (!open) return;
      state.checkRunId = open.id;
    }
    const writer = state.dryRun ? dryRunWriter(log) : liveWriter(octokit);
    const at = deps.now().toISOString();
    const update =
      outcome.type === "superseded"
        ? supersededCheckRun(at)
        : outcome.type === "interrupted"
          ? interruptedCheckRun(outcome.reason, at)
          : failureCheckRun(failureReason(outcome.error), at);
    await writer.updateCheckRun(repo, state.checkRunId!, update);
    state.checkCompleted = true;
  };

  return {
    handler: {
      async run(job, context) {
        await run(job, context);
      },
      settle,
    },
    run,
    settle,
  };
}

/** What an analysis ended with, for a front door that ran it inside its own job. */
export interface AnalysisResult {
  report: CheckReport | null;
  sha: string | null;
  trackingIssueUrl: string | null;
  /** Why there is no report although the job succeeded; null when there is one. */
  skipped: string | null;
}

/**
 * How far an analysis got, from the state its caller keeps (a failed run returns nothing): the commit it was
 * analysing, for a report that says which commit failed.
 */
export function analysisProgress(state: Record<string, unknown>): { sha: string | null } {
  return { sha: (state as JobState).sha ?? null };
}

function resultOf(state: JobState): AnalysisResult {
  return {
    report: state.report ?? null,
    sha: state.sha ?? null,
    trackingIssueUrl: state.trackingIssueUrl ?? null,
    skipped: state.report ? null : (state.skipped ?? null),
  };
}

/** What a failed analysis says on its check run: the input problem as is, anything else briefly. */
export function failureReason(error: unknown): string {
  if (isInputError(error)) return error.message;
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const short = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  return status !== undefined ? `GitHub answered ${status}: ${short}` : `Internal error: ${short}`;
}

/**
 * The base branch's last report: the tracking issue's when it tracks that branch, otherwise the base commit
 * analysed now (a pull request into a branch other than the default one, or no tracking issue yet).
 */
async function baseBranchState(
  deps: AnalysisDependencies,
  octokit: Octokit,
  repo: RepoCoordinates,
  pr: { baseRef: string; baseSha: string },
  botLogin: string | null,
  config: AppConfig,
  signal: AbortSignal,
  log: Logger,
): Promise<ReportState> {
  const tracked = trackingIssueState(findTrackingIssue(await listOwnIssues(octokit, repo, botLogin)));
  if (tracked && tracked.ref === pr.baseRef) return tracked;
  log.info({ baseSha: pr.baseSha }, "no report on the base branch yet; analysing the base commit");
  const { report } = await analyseCommit(deps, octokit, repo, pr.baseSha, config, signal, log);
  return reportState(report, pr.baseSha, pr.baseRef);
}
