/**
 * The composition root (`npm start` = `probot run ./dist/server.js`): the one place that wires the runtime and
 * mounts both server doors on it.
 *
 *   1. Settings from the environment (src/settings.ts), and the redaction of every log line before anything logs.
 *   2. The bounds on unsigned request bodies both doors share, and the health route.
 *   3. The runtime: this process's work folder, the queue with its journal, the pipeline's worker pool.
 *   4. The GitHub service on the queue: the analysis of a commit (check run, tracking issue, PR comment) and the
 *      scan of a new installation.
 *   5. The doors: the GitHub App (webhooks → jobs) and, when configured, the review platform (submissions →
 *      jobs that run the same analysis).
 *   6. What a previous process left unfinished is taken over.
 *
 * Services are injectable (repository-settings style): tests pass a stub pipeline, a fixed clock, settings.
 */
import type { ApplicationFunctionOptions, Probot } from "probot";
import { createCommitAnalysis, type AnalysisDependencies } from "./github/analyse-commit.js";
import { ANALYSE_JOB, SCAN_INSTALLATION_JOB } from "./github/jobs.js";
import { githubRetryPolicy } from "./github/retry.js";
import { installationScanHandler } from "./github/scan-installation.js";
import { mountGitHubApp } from "./doors/github-app/index.js";
import { createBodyBudget } from "./doors/http/body-budget.js";
import type { DoorContext } from "./doors/http/door-context.js";
import { healthHandler } from "./doors/http/health.js";
import { appSecretValues, createLogRedactor, installLogRedaction } from "./doors/http/log-redaction.js";
import { setupReviewPlatform } from "./doors/review-platform/index.js";
import { renderCheckMarkdown } from "./pipeline.js";
import { createRuntime } from "./runtime/index.js";
import type { QueueJournal } from "./runtime/queue/journal.js";
import type { MemoryQueueOptions } from "./runtime/queue/memory-queue.js";
import type { JobQueue } from "./runtime/queue/types.js";
import { settingsFromEnv, type AppSettings } from "./settings.js";

/** Jobs the journal records: the GitHub service's. Review-platform jobs are resumed from the platform's store. */
const JOURNALED_JOBS = [ANALYSE_JOB, SCAN_INSTALLATION_JOB] as const;

/** What the server gets from outside; every field has a production default. */
export interface ServerServices {
  /**
   * The checklist pipeline. Absent: the real `runCheck` in a pool of worker threads (one per concurrent job),
   * so analyses never hold up webhook answers and a runaway one is stopped at the timeout.
   */
  runCheck?: AnalysisDependencies["runCheck"];
  renderCheckMarkdown: AnalysisDependencies["renderCheckMarkdown"];
  /** Operator settings; read from the environment when absent. */
  settings?: AppSettings;
  /** Builds the job queue; the in-process queue by default (a Redis-backed one can stand in). */
  createQueue?: (options: MemoryQueueOptions) => JobQueue;
  /** The app's bot login (`slug[bot]`); looked up once with `GET /app` when absent. */
  botLogin?: string;
  /**
   * The queue's journal; absent: `settings.journalFile` opened when the process serves HTTP (a server takes
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

export const defaultServices: ServerServices = {
  renderCheckMarkdown,
  now: () => new Date(),
};

/** What the server hands back: what its doors share, for another door (the review platform) and tests. */
export interface ServerRuntime extends DoorContext {
  /** Stops the queue (waiting for running jobs), the workers and the journal; removes the work folder. */
  close(): Promise<void>;
}

/** The app's bot login, looked up once (issues are matched by marker only when it cannot be). */
function botLoginLookup(
  app: Probot,
  known: string | undefined,
  log: Probot["log"],
): () => Promise<string | null> {
  let lookup: Promise<string | null> | null = null;
  return () => {
    if (known) return Promise.resolve(known);
    lookup ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => (data?.slug ? `${data.slug}[bot]` : null))
      .catch((error: unknown) => {
        log.warn({ err: error }, "could not look up the app's slug; issues are matched by marker only");
        lookup = null;
        return null;
      });
    return lookup;
  };
}

/**
 * Wires the runtime and the GitHub App door on a Probot instance (steps 1 to 4, 5 for the App, 6) and hands
 * back what the doors share.
 *
 * @example
 * // Tests: stub the pipeline, keep everything else.
 * const server = await setupServer(probot, { cwd: process.cwd(), addHandler: () => {} }, { runCheck: async () => report });
 * await probot.receive({ id: "1", name: "push", payload });
 * await server.queue.onIdle();
 */
export async function setupServer(
  app: Probot,
  options: ApplicationFunctionOptions,
  services: Partial<ServerServices> = defaultServices,
): Promise<ServerRuntime> {
  const resolved: ServerServices = { ...defaultServices, ...services };

  // 1. Settings; no secret and no payload in any log line of the process (Probot's included).
  const settings = resolved.settings ?? settingsFromEnv(process.env);
  const log = app.log.child({ name: "ml-footprint" });
  const redaction =
    installLogRedaction(app.log, [...appSecretValues(process.env), resolved.webhookSecret]) ??
    createLogRedactor();

  // 2. Bounds on unsigned bodies, and the health route (which also tells whether this process serves HTTP).
  const bodies = {
    budget: createBodyBudget(settings.http.pendingBodyBytes),
    timeoutMs: settings.http.bodyTimeoutMs,
    spoolDir: settings.tmpRoot,
  };
  let queue: JobQueue | null = null;
  let serving = true;
  try {
    options.addHandler(healthHandler(settings.healthPath, { stats: () => queue!.stats() }));
  } catch {
    // `probot.load` without a server (tests, serverless adapters, the CLI) has nowhere to mount a route.
    serving = false;
    log.debug("no HTTP server; health route not mounted");
  }

  // 3. The runtime.
  const runtime = await createRuntime({
    concurrency: settings.concurrency,
    maxAttempts: settings.maxAttempts,
    retryPolicy: githubRetryPolicy(settings.backoff),
    analysisTimeoutMs: settings.analysisTimeoutMs,
    tmpRoot: settings.tmpRoot,
    journalFile: settings.journalFile,
    journaledJobs: JOURNALED_JOBS,
    serving,
    log,
    ...(resolved.runCheck ? { runCheck: resolved.runCheck } : {}),
    ...(resolved.createQueue ? { createQueue: resolved.createQueue } : {}),
    ...(resolved.journal !== undefined ? { journal: resolved.journal } : {}),
  });
  queue = runtime.queue;

  // 4. The GitHub service on the queue.
  const octokitFor = (installationId: number) => app.auth(installationId);
  const analysis = createCommitAnalysis({
    octokitFor,
    runCheck: runtime.runCheck,
    renderCheckMarkdown: resolved.renderCheckMarkdown,
    botLogin: botLoginLookup(app, resolved.botLogin, log),
    limits: settings.limits,
    tmpRoot: runtime.workDir,
    log,
    now: resolved.now,
  });
  runtime.queue.register(ANALYSE_JOB, analysis.handler);
  runtime.queue.register(
    SCAN_INSTALLATION_JOB,
    installationScanHandler({ octokitFor, queue: runtime.queue, log }),
  );

  const door: ServerRuntime = {
    settings,
    queue: runtime.queue,
    workDir: runtime.workDir,
    bodies,
    redaction,
    analysis,
    renderCheckMarkdown: resolved.renderCheckMarkdown,
    close: () => runtime.close(),
  };

  // 5. The GitHub App door.
  mountGitHubApp(app, door, { secretCandidates: [resolved.webhookSecret, process.env.WEBHOOK_SECRET], log });

  // 6. What a previous process left unfinished: re-queued, or its check run closed (runtime/queue/journal.ts).
  const resumed = (await runtime.queue.resume?.()) ?? { requeued: 0, abandoned: 0, dropped: 0 };
  if (resumed.requeued + resumed.abandoned + resumed.dropped > 0)
    log.info(
      { ...resumed, journal: runtime.journal?.file },
      "took over the unfinished jobs of a previous process",
    );
  return door;
}

/**
 * The Probot application function (`probot run ./dist/server.js`): the server, and the review-platform door
 * when the environment configures it.
 */
export default async function mlFootprintServer(
  app: Probot,
  options: ApplicationFunctionOptions,
  services: Partial<ServerServices> = defaultServices,
): Promise<void> {
  const server = await setupServer(app, options, services);
  await setupReviewPlatform(app, options, server);
}
