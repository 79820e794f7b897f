/**
 * The `submission` job: one version of one submission, after its 202.
 *
 *   1. Read the stored submission; a newer version that arrived meanwhile makes this job moot.
 *   2. Find the app's installation on the repository.
 *   3. Get the paper (store or URL), checked and written to a temporary file.
 *   4. Run the analysis of a commit (src/github) on the repository's default branch head: the same check run and
 *      tracking issue as a push, with the submission's paper used when the repository has none.
 *   5. Store the report; queue its delivery to the callback URL.
 *
 * Retries (GitHub 5xx, a paper host timing out) re-enter at the top with `context.state`, which keeps the
 * inner analysis's state, so the check run is not opened twice.
 */
import type { Logger } from "probot";
import { analysisProgress, failureReason, type CommitAnalysis } from "../../../github/analyse-commit.js";
import { analysisJob, type AnalysisJobPayload } from "../../../github/jobs.js";
import type { JobHandler, JobOutcome, JobRunContext, QueuedJob } from "../../../runtime/queue/types.js";
import type { CheckReport } from "../../../judge/types.js";
import { submissionReport, type ReportInput } from "../report.js";
import type { SubmissionRecord, SubmissionStore } from "../store/submission-store.js";
import { findVenue, type VenueConfig, type VenuesConfig } from "../venues/config.js";
import { obtainSubmissionPaper, safePaperName, type PaperDependencies } from "./paper.js";
import type { SubmissionJobPayload } from "./types.js";

export interface SubmissionJobDependencies {
  store: SubmissionStore;
  /** The analysis of a commit on GitHub and the publishing of its results (src/github). */
  analysis: CommitAnalysis;
  renderCheckMarkdown(report: CheckReport): string;
  /** The app's installation on a repository; throws an InputError when it is not installed there. */
  installationFor(owner: string, repo: string, venue: VenueConfig | null): Promise<number>;
  paper: PaperDependencies;
  venues: VenuesConfig;
  /** Queues the delivery of the record's report to its callback URL. */
  enqueueCallback(record: SubmissionRecord): Promise<void>;
  log: Logger;
  now(): Date;
}

interface JobState {
  installationId?: number;
  paperWarning?: string | null;
  /** The inner analysis job's own state. */
  analysis?: Record<string, unknown>;
}

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split("/") as [string, string];
  return { owner, repo };
}

/** The analysis job run inside this one; rebuilt the same way by `run` and `settle`. */
function innerAnalysisJob(
  job: QueuedJob<SubmissionJobPayload>,
  record: SubmissionRecord,
  installationId: number,
  paperPath: string | null,
): QueuedJob<AnalysisJobPayload> {
  const { owner, repo } = splitRepository(record.repository);
  const paperName =
    record.paper?.kind === "inline"
      ? record.paper.filename
      : record.paper?.kind === "url"
        ? safePaperName(new URL(record.paper.url).pathname.split("/").pop() ?? "")
        : "paper";
  return analysisJob(job.id, {
    repository: { installationId, owner, repo, defaultBranch: null },
    target: { type: "default_branch", sha: null },
    trigger: "submission",
    receivedAt: job.payload.receivedAt,
    fallbackPaper: paperPath
      ? {
          path: paperPath,
          label: `submission ${paperName} (${record.venue} #${record.submissionId} v${record.version})`,
        }
      : null,
  });
}

/** Is the stored record still the version this job was queued for? */
function current(store: SubmissionStore, payload: SubmissionJobPayload): SubmissionRecord | null {
  const record = store.get(payload.submission);
  if (!record || record.version !== payload.version || record.contentHash !== payload.contentHash)
    return null;
  return record;
}

/** Writes the outcome and queues the callback; nothing when a newer version took the record over. */
async function finish(
  deps: SubmissionJobDependencies,
  record: SubmissionRecord,
  input: ReportInput,
): Promise<void> {
  const now = deps.now();
  const body = submissionReport(record, input, now);
  const written = deps.store.finish(
    record.id,
    record.version,
    record.contentHash,
    {
      status: input.status,
      reason: input.error,
      reportJson: JSON.stringify(body),
      verdict: input.report?.verdict ?? null,
      co2eCentralKg: input.report?.estimate?.co2e_kg.central ?? null,
    },
    now.getTime(),
  );
  if (!written) return;
  const updated = deps.store.get(record.id);
  if (updated?.callbackStatus === "pending") await deps.enqueueCallback(updated);
}

/**
 * The handler registered as `submission` on the app's queue.
 *
 * @example
 * queue.register(SUBMISSION_JOB, submissionJobHandler({ store, analysis: createCommitAnalysis(deps), ... }));
 */
export function submissionJobHandler(deps: SubmissionJobDependencies): JobHandler<SubmissionJobPayload> {
  return {
    async run(job: QueuedJob<SubmissionJobPayload>, context: JobRunContext): Promise<void> {
      const state = context.state as JobState;
      const log = deps.log.child({
        job: job.id,
        submission: job.payload.submission,
        attempt: context.attempt,
      });

      // 1. The stored version.
      const record = current(deps.store, job.payload);
      if (
        !record ||
        !deps.store.markProcessing(record.id, record.version, record.contentHash, deps.now().getTime())
      ) {
        log.info("a newer version of the submission replaced this one; nothing to do");
        return;
      }
      const venue = findVenue(deps.venues, record.venue);

      // 2. The installation.
      const { owner, repo } = splitRepository(record.repository);
      state.installationId ??= await deps.installationFor(owner, repo, venue);

      // 3. The paper.
      const paper = await obtainSubmissionPaper(record, deps.paper, {
        lastAttempt: context.attempt >= context.maxAttempts,
      });
      if (paper.kind === "none" && paper.reason) {
        state.paperWarning = `The submission's paper was not used: ${paper.reason.replace(/\.$/, "")}.`;
        log.warn({ reason: paper.reason }, "submission paper not used");
      }

      // 4. The app's analysis of the repository's default branch.
      state.analysis ??= {};
      const inner = innerAnalysisJob(
        job,
        record,
        state.installationId,
        paper.kind === "file" ? paper.path : null,
      );
      let result;
      try {
        result = await deps.analysis.run(inner, { ...context, state: state.analysis });
      } finally {
        if (paper.kind === "file") await paper.cleanup();
      }

      // 5. The report.
      const report = result.report
        ? state.paperWarning
          ? {
              ...result.report,
              warnings: [
                ...result.report.warnings,
                { code: "submission_paper", message: state.paperWarning },
              ],
            }
          : result.report
        : null;
      await finish(deps, record, {
        status: report ? "completed" : "failed",
        error: report ? null : (result.skipped ?? "the analysis produced no checklist"),
        report,
        markdown: report ? deps.renderCheckMarkdown(report) : null,
        commit: result.sha,
        trackingIssueUrl: result.trackingIssueUrl,
      });
      log.info({ verdict: report?.verdict ?? null, sha: result.sha }, "submission analysed");
    },

    async settle(
      job: QueuedJob<SubmissionJobPayload>,
      outcome: JobOutcome,
      context: JobRunContext,
    ): Promise<void> {
      const state = context.state as JobState;
      const record = deps.store.get(job.payload.submission);
      if (record && state.installationId !== undefined && state.analysis)
        await deps.analysis.settle(innerAnalysisJob(job, record, state.installationId, null), outcome, {
          ...context,
          state: state.analysis,
        });
      if (outcome.type !== "failed") return;
      const stillCurrent = current(deps.store, job.payload);
      deps.log.error(
        { err: outcome.error, job: job.id, submission: job.payload.submission },
        "submission analysis failed",
      );
      if (!stillCurrent) return;
      await finish(deps, stillCurrent, {
        status: "failed",
        error: failureReason(outcome.error),
        report: null,
        markdown: null,
        commit: analysisProgress(state.analysis ?? {}).sha,
        trackingIssueUrl: null,
      });
    },
  };
}
