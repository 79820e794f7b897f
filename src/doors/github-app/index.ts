/**
 * ml-footprint as a Probot GitHub App (`npm start` = `probot run ./dist/app/index.js`).
 *
 * Handlers only route: a pure function of the payload (src/app/routes.ts) decides whether the event asks for
 * work, the job is enqueued, and the webhook is answered within milliseconds. The checklist pipeline and the
 * queue are injected (repository-settings style), so tests pass stubs and the real pipeline plugs in as is.
 */
import type { ApplicationFunctionOptions, Probot } from "probot";
import { renderCheckMarkdown } from "../../pipeline.js";
import { createCheckPool, type CheckPool } from "../../runtime/check-pool.js";
import { healthHandler } from "../http/health.js";
import { createBodyBudget } from "../http/body-budget.js";
import {
  appSecretValues,
  createLogRedactor,
  installLogRedaction,
  type LogRedactor,
} from "../http/log-redaction.js";
import type { UnverifiedBodies } from "../http/read-body.js";
import { installWebhookGuard } from "./webhook-guard.js";
import { analysisJobHandler, type AnalysisDependencies } from "../../github/analyse-commit.js";
import { installationScanHandler } from "../../github/scan-installation.js";
import { ANALYSE_JOB, SCAN_INSTALLATION_JOB, type AnalysisJobPayload } from "../../github/jobs.js";
import { githubRetryPolicy } from "../../github/retry.js";
import { openQueueJournal, type QueueJournal } from "../../runtime/queue/journal.js";
import { createMemoryQueue, type MemoryQueueOptions } from "../../runtime/queue/memory-queue.js";
import type { JobHandler, JobQueue } from "../../runtime/queue/types.js";
import { claimWorkDir } from "../../github/checkout/work-root.js";
import {
  routeCheckRun,
  routeCheckSuite,
  routeInstallation,
  routeInstallationRepositories,
  routeIssueComment,
  routePullRequest,
  routePush,
  type Route,
} from "./routes.js";
import { settingsFromEnv, type AppSettings } from "../../settings.js";
import { isInputError } from "../../domain/errors.js";
import { setupReviewPlatform } from "../review-platform/index.js";

/** Jobs the journal records: the app's own. Review-platform jobs are resumed from the platform's store. */
const JOURNALED_JOBS = [ANALYSE_JOB, SCAN_INSTALLATION_JOB] as const;

/**
 * Opens the journal of a serving process; none without a file or a server. A journal held by another process
 * (a second server on the same data folder) is not shared: this process runs without one and says so.
 */
function openJournal(
  settings: AppSettings,
  serving: boolean,
  log: { warn(obj: object, msg: string): void },
): QueueJournal | null {
  if (!serving || !settings.journalFile) return null;
  try {
    return openQueueJournal(settings.journalFile);
  } catch (error) {
    if (!isInputError(error) || error.code !== "journal_busy") throw error;
    log.warn({ file: settings.journalFile }, `${error.message} This process keeps no journal.`);
    return null;
  }
}

/** What the app gets from outside; every field has a production default. */
export interface AppServices {
  /**
   * The checklist pipeline. Absent: the real `runCheck` in a pool of worker threads (one per concurrent job),
   * so analyses never hold up webhook answers and a runaway one is stopped at the timeout.
   */
  runCheck?: AnalysisDependencies["runCheck"];
  renderCheckMarkdown: AnalysisDependencies["renderCheckMarkdown"];
  /** Operator settings; read from the environment when absent. */
  settings?: AppSettings;
  /** Builds the job queue; the in-process queue by default (a Redis-backed one can stand in). */
  createQueue: (options: MemoryQueueOptions) => JobQueue;
  /** The app's bot login (`slug[bot]`); looked up once with `GET /app` when absent. */
  botLogin?: string;
  /**
   * The queue's journal; absent: `settings.journalFile` opened when the app serves HTTP (a server takes
   * webhooks it must not lose; a CLI run finishes its own work). null: none.
   */
  journal?: QueueJournal | null;
  /**
   * The webhook secret Probot was given, when it is not this process's WEBHOOK_SECRET (`run()` with `env`
   * options, as tests and benches do): the webhook guard then verifies while reading, and logs never show it.
   */
  webhookSecret?: string;
  now: () => Date;
}

export const defaultServices: AppServices = {
  renderCheckMarkdown,
  createQueue: createMemoryQueue,
  now: () => new Date(),
};

/** What the app function hands back: the queue other front doors (the review-platform receiver) enqueue on. */
export interface FootprintRuntime {
  queue: JobQueue;
  settings: AppSettings;
  /**
   * This process's folder in the work root: the parent of every temporary folder it makes (absent in a runtime
   * assembled by hand; `settings.tmpRoot` is then the parent).
   */
  workDir?: string;
  /**
   * The handler registered for `analyse` jobs, for a front door that runs an analysis inside a job of its own
   * (the review-platform receiver); read its outcome with `analysisResult(context.state)`.
   */
  analysis: JobHandler<AnalysisJobPayload>;
  renderCheckMarkdown: AppServices["renderCheckMarkdown"];
  /** Bounds shared by both endpoints on bodies not yet verified: the byte budget, the time bound, the spool. */
  bodies: UnverifiedBodies;
  /** The redaction of every log line; other front doors add their secrets to it. */
  redaction: LogRedactor;
  /** Stops the queue (waiting for running jobs), the checklist workers and the journal; removes `workDir`. */
  close(): Promise<void>;
}

/**
 * Sets the app up on a Probot instance and hands back its runtime (the queue, for other front doors and tests).
 *
 * @example
 * // Tests: stub the pipeline, keep everything else.
 * const runtime = await setupFootprintApp(probot, { cwd: process.cwd(), addHandler: () => {} }, { runCheck: async () => report });
 * await probot.receive({ id: "1", name: "push", payload });
 * await runtime.queue.onIdle();
 */
export async function setupFootprintApp(
  app: Probot,
  options: ApplicationFunctionOptions,
  services: Partial<AppServices> = defaultServices,
): Promise<FootprintRuntime> {
  const resolved: AppServices = { ...defaultServices, ...services };
  const settings = resolved.settings ?? settingsFromEnv(process.env);
  const log = app.log.child({ name: "ml-footprint" });
  // Before anything logs: no secret and no payload in any line of the process (Probot's included).
  const redaction =
    installLogRedaction(app.log, [...appSecretValues(process.env), resolved.webhookSecret]) ??
    createLogRedactor();
  const bodies: UnverifiedBodies = {
    budget: createBodyBudget(settings.http.pendingBodyBytes),
    timeoutMs: settings.http.bodyTimeoutMs,
    spoolDir: settings.tmpRoot,
  };
  // Bodies bounded and signatures checked before Probot's webhook middleware sees a request.
  installWebhookGuard(app, {
    maxBodyBytes: settings.http.webhookMaxBodyBytes,
    bodies,
    secretCandidates: [resolved.webhookSecret, process.env.WEBHOOK_SECRET],
    log: log.child({ name: "webhook-guard" }),
  });

  // Start-up work (crash safety): the health route first, which also tells whether this process serves HTTP;
  // this process's temporary folder, after removing what stopped processes left; the queue's journal.
  let queue: JobQueue | null = null;
  let serving = true;
  try {
    options.addHandler(healthHandler(settings.healthPath, { stats: () => queue!.stats() }));
  } catch {
    // `probot.load` without a server (tests, serverless adapters, the CLI) has nowhere to mount a route.
    serving = false;
    log.debug("no HTTP server; health route not mounted");
  }
  const work = await claimWorkDir(settings.tmpRoot);
  if (work.removed.length > 0)
    log.info({ removed: work.removed }, "removed the temporary folders of stopped processes");
  const journal = resolved.journal !== undefined ? resolved.journal : openJournal(settings, serving, log);

  queue = resolved.createQueue({
    concurrency: settings.concurrency,
    maxAttempts: settings.maxAttempts,
    retryPolicy: githubRetryPolicy(settings.backoff),
    log,
    journal: journal ? { store: journal, kinds: JOURNALED_JOBS } : null,
  });

  let pool: CheckPool | null = null;
  const runCheck: AnalysisDependencies["runCheck"] =
    resolved.runCheck ??
    ((checkOptions) => {
      pool ??= createCheckPool({ size: settings.concurrency, timeoutMs: settings.analysisTimeoutMs });
      return pool.runCheck(checkOptions);
    });

  const octokitFor = (installationId: number) => app.auth(installationId);
  let botLogin: Promise<string | null> | null = null;
  const resolveBotLogin = (): Promise<string | null> => {
    if (resolved.botLogin) return Promise.resolve(resolved.botLogin);
    botLogin ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : null))
      .catch((error: unknown) => {
        log.warn({ err: error }, "could not look up the app's slug; issues are matched by marker only");
        botLogin = null;
        return null;
      });
    return botLogin;
  };

  const analysis = analysisJobHandler({
    octokitFor,
    runCheck,
    renderCheckMarkdown: resolved.renderCheckMarkdown,
    botLogin: resolveBotLogin,
    limits: settings.limits,
    tmpRoot: work.dir,
    log,
    now: resolved.now,
  });
  queue.register(ANALYSE_JOB, analysis);
  queue.register(SCAN_INSTALLATION_JOB, installationScanHandler({ octokitFor, queue, log }));

  /** Routes one event: ignore it (debug log) or enqueue its job. Never throws, never calls GitHub. */
  const handle = async (
    event: { id: string; name: string; payload: unknown },
    route: () => Route,
  ): Promise<void> => {
    let decision: Route;
    try {
      decision = route();
    } catch (error) {
      log.warn({ err: error, delivery: event.id, event: event.name }, "unexpected payload; ignored");
      return;
    }
    if (decision.action === "ignore") {
      log.debug({ delivery: event.id, event: event.name, reason: decision.reason }, "event ignored");
      return;
    }
    const result = await queue.enqueue(decision.job);
    log.info({ delivery: event.id, event: event.name, key: decision.job.key, result }, "job enqueued");
  };

  app.on("push", (c) => handle(c, () => routePush(c.id, c.payload, Date.now())));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (c) =>
    handle(c, () => routePullRequest(c.id, c.payload, Date.now())),
  );
  app.on("check_suite.rerequested", (c) => handle(c, () => routeCheckSuite(c.id, c.payload, Date.now())));
  app.on("check_run.rerequested", (c) => handle(c, () => routeCheckRun(c.id, c.payload, Date.now())));
  app.on("issue_comment.created", (c) => handle(c, () => routeIssueComment(c.id, c.payload, Date.now())));
  app.on("installation.created", (c) => handle(c, () => routeInstallation(c.id, c.payload, Date.now())));
  app.on("installation_repositories.added", (c) =>
    handle(c, () => routeInstallationRepositories(c.id, c.payload, Date.now())),
  );

  // What a previous process left unfinished: re-queued, or its check run closed (src/app/queue/journal.ts).
  const resumed = (await queue.resume?.()) ?? { requeued: 0, abandoned: 0, dropped: 0 };
  if (resumed.requeued + resumed.abandoned + resumed.dropped > 0)
    log.info({ ...resumed, journal: journal?.file }, "took over the unfinished jobs of a previous process");

  const running = queue;
  return {
    queue: running,
    settings,
    workDir: work.dir,
    analysis,
    renderCheckMarkdown: resolved.renderCheckMarkdown,
    bodies,
    redaction,
    async close() {
      await running.close();
      await pool?.close();
      journal?.close();
      await work.release();
    },
  };
}

/**
 * The Probot application function (`probot run ./dist/app/index.js`). Services are injectable
 * (repository-settings style); `setupFootprintApp` does the same and returns the runtime.
 */
export default async function mlFootprintApp(
  app: Probot,
  options: ApplicationFunctionOptions,
  services: Partial<AppServices> = defaultServices,
): Promise<void> {
  const runtime = await setupFootprintApp(app, options, services);
  // The review-platform receiver (issue 7) shares the queue; it is mounted only when the environment configures it.
  await setupReviewPlatform(app, options, runtime);
}

export type {
  AnalysisJobPayload,
  AnalysisTarget,
  FallbackPaper,
  InstallationScanPayload,
  RepositoryRef,
} from "../../github/jobs.js";
export { analysisJob, analysisJobKey, ANALYSE_JOB, SCAN_INSTALLATION_JOB } from "../../github/jobs.js";
export { analysisResult, failureReason, type AnalysisResult } from "../../github/analyse-commit.js";
export type {
  EnqueueResult,
  JobHandler,
  JobQueue,
  QueuedJob,
  QueueStats,
} from "../../runtime/queue/types.js";
export { createMemoryQueue } from "../../runtime/queue/memory-queue.js";
export { appConfigSchema, appConfigJsonSchema, type AppConfig } from "../../github/config/schema.js";
