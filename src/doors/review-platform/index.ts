/**
 * Review-platform integration (issue 7): a signed submission endpoint on the app's server, pull adapters for
 * OpenReview and HotCRP, and reports for program committees. It is another front door onto the same queue
 * and the same analysis as the GitHub App:
 *
 *   1. Settings from the environment, venues from `ml-footprint.venues.yml`, the SQLite store.
 *   2. Two job kinds on the app's queue: `submission` (paper + repository → checklist) and
 *      `submission-callback` (signed report → the platform).
 *   3. The HTTP routes (POST submissions; GET a submission, GET a venue's CSV) through Probot's `addHandler`.
 *   4. What a previous process left unfinished is queued again: received or interrupted submissions,
 *      undelivered reports.
 *   5. Pull adapters whose venue sets `poll_minutes` are polled on a timer.
 */
import type { ApplicationFunctionOptions, Probot } from "probot";
import type { DoorContext } from "../http/door-context.js";
import { InputError } from "../../domain/errors.js";
import { secretFromEnv, type AdapterDependencies } from "./adapters/types.js";
import type { ReadToken } from "./auth/bearer.js";
import { TIMESTAMP_TOLERANCE_SECONDS } from "./auth/standard-webhooks.js";
import { platformHttpHandler } from "./http/router.js";
import { callbackJobHandler } from "./jobs/deliver-callback.js";
import { submissionJobHandler, type SubmissionJobDependencies } from "./jobs/process-submission.js";
import {
  callbackJob,
  submissionJob,
  SUBMISSION_CALLBACK_JOB,
  SUBMISSION_JOB,
  type CallbackJobPayload,
  type SubmissionJobPayload,
} from "./jobs/types.js";
import { systemResolver, type NetworkPolicy, type Resolver } from "./net/safe-request.js";
import { signingKeysFrom } from "./auth/signing-keys.js";
import {
  githubHostsFromEnv,
  platformConfigured,
  platformSettingsFromEnv,
  PLATFORM_SECRET_VARIABLES,
  secretValues,
  type PlatformSettings,
} from "./settings.js";
import {
  openSubmissionStore,
  type SubmissionRecord,
  type SubmissionStore,
} from "./store/submission-store.js";
import type { SubmissionPolicy } from "./submission/policy.js";
import { adaptersFor, describeSync, syncAdapter, type SyncSummary } from "./sync.js";
import {
  findVenue,
  loadVenuesConfig,
  venuePaperHosts,
  venueSecretVariables,
  type VenuesConfig,
} from "./venues/config.js";

/** What the platform gets from outside; every field has a production default. */
export interface PlatformServices {
  settings: PlatformSettings;
  venues: VenuesConfig;
  store: SubmissionStore;
  /** DNS for outbound URLs (tests answer without it). */
  resolve: Resolver;
  installationFor: SubmissionJobDependencies["installationFor"];
  env: Record<string, string | undefined>;
  now(): Date;
  /** Start the venues' poll timers (the server does; the CLI runs its own pass). */
  schedulePolls: boolean;
}

export interface ReviewPlatform {
  settings: PlatformSettings;
  venues: VenuesConfig;
  store: SubmissionStore;
  policy: SubmissionPolicy;
  /** What step 4 queued again at start. */
  resumed: { submissions: number; callbacks: number };
  /** One pull pass of every enabled adapter of a venue. */
  sync(venueId: string, options: { dryRun: boolean }): Promise<SyncSummary[]>;
  /** Queues a stored submission (what the receiver and a sync pass do). */
  enqueue(record: SubmissionRecord): Promise<void>;
  /** Stops the timers and closes the store; close the app's runtime (its queue) first. */
  close(): Promise<void>;
}

/** The network rules for papers, callbacks and platform APIs. */
export function submissionPolicy(
  settings: PlatformSettings,
  venues: VenuesConfig,
  resolve: Resolver,
  githubHosts: readonly string[],
): SubmissionPolicy {
  const base: Omit<NetworkPolicy, "allowedHosts"> = {
    allowPrivateNetwork: settings.allowPrivateNetwork,
    resolve,
  };
  return {
    paper: { ...base, allowedHosts: [...new Set([...settings.paperHosts, ...venuePaperHosts(venues)])] },
    callback: { ...base, allowedHosts: settings.callbackHosts.length > 0 ? settings.callbackHosts : null },
    githubHosts,
    maxPaperBytes: settings.maxPaperBytes,
    venues,
    anyVenue: settings.anyVenue,
  };
}

/** Operator tokens read everything; a venue's `read_token_env` token reads that venue. */
export function readTokensFrom(
  settings: PlatformSettings,
  venues: VenuesConfig,
  env: Record<string, string | undefined>,
): ReadToken[] {
  const tokens: ReadToken[] = settings.readTokens.map((token) => ({ token, scope: { kind: "all" } }));
  for (const venue of venues.venues) {
    const value = venue.read_token_env ? env[venue.read_token_env]?.trim() : undefined;
    if (value) tokens.push({ token: value, scope: { kind: "venue", venue: venue.id } });
  }
  return tokens;
}

/**
 * The app's installation on a repository: the venue's when configured, else asked of GitHub. An installation
 * belongs to one account, so the answer is kept per owner: a conference's organisation costs one lookup, not
 * one per paper (a repository the installation cannot see then fails at its first read, with GitHub's 404).
 */
function installationLookup(app: Probot, now: () => Date): SubmissionJobDependencies["installationFor"] {
  const cache = new Map<string, { id: number; at: number }>();
  const ttlMs = 10 * 60_000;
  return async (owner, repo, venue) => {
    if (venue?.installation_id) return venue.installation_id;
    const key = owner.toLowerCase();
    const cached = cache.get(key);
    if (cached && now().getTime() - cached.at < ttlMs) return cached.id;
    const octokit = await app.auth();
    try {
      const { data } = await octokit.rest.apps.getRepoInstallation({ owner, repo });
      cache.set(key, { id: data.id, at: now().getTime() });
      return data.id;
    } catch (error) {
      if ((error as { status?: number }).status === 404)
        throw new InputError(
          "not_installed",
          `The app is not installed on ${owner}/${repo}, or the repository does not exist.`,
        );
      throw error;
    }
  };
}

/** Credentials for a paper URL on the venue's own platform (OpenReview, HotCRP), never for another host. */
function paperCredentials(venues: VenuesConfig, env: Record<string, string | undefined>) {
  return (record: SubmissionRecord, url: string) => {
    const venue = findVenue(venues, record.venue);
    const origin = new URL(url).origin;
    if (record.platform === "openreview" && venue?.openreview?.enabled && venue.openreview.token_env) {
      if (new URL(venue.openreview.api_url).origin === origin)
        return {
          origin,
          headers: {
            authorization: `Bearer ${secretFromEnv(env, venue.openreview.token_env, "OpenReview")}`,
          },
        };
    }
    if (record.platform === "hotcrp" && venue?.hotcrp?.enabled) {
      if (new URL(venue.hotcrp.site_url).origin === origin)
        return {
          origin,
          headers: { authorization: `bearer ${secretFromEnv(env, venue.hotcrp.token_env, "HotCRP")}` },
        };
    }
    return null;
  };
}

/**
 * Sets the review-platform integration up on the app's runtime; null when the environment does not ask for
 * it (no platform secret, venues file or database configured) and no settings are given.
 *
 * @example
 * const server = await setupServer(app, options);
 * const platform = await setupReviewPlatform(app, options, server);
 */
export async function setupReviewPlatform(
  app: Probot,
  options: ApplicationFunctionOptions,
  runtime: DoorContext,
  services: Partial<PlatformServices> = {},
): Promise<ReviewPlatform | null> {
  const env = services.env ?? process.env;
  if (!services.settings && !platformConfigured(env)) return null;
  const log = app.log.child({ name: "ml-footprint-platform" });
  const now = services.now ?? (() => new Date());

  // 1. Settings, venues and their signing keys (a bad one stops the start before anything opens), the store.
  const parts = await openPlatform(runtime, services, env, log);
  const { settings, venues, store, policy } = parts;

  // 2. Job kinds on the shared queue.
  const { enqueue, enqueueCallback } = registerJobs(app, runtime, parts, services, env, log, now);

  // 3. The HTTP routes.
  mountRoutes(options, runtime, parts, enqueue, env, log, now);

  // 4. Unfinished work of a previous process.
  const resumed = await resumeUnfinished(store, enqueue, enqueueCallback, log, now);

  // 5. Pull adapters, on a timer when a venue asks for it.
  const sync = syncFunction(parts, enqueue, env, now);
  const timers = (services.schedulePolls ?? true) ? schedulePolls(venues, sync, log) : [];
  timers.push(pruneDeliveriesEvery(store, now));

  return {
    settings,
    venues,
    store,
    policy,
    resumed,
    sync,
    enqueue,
    async close() {
      for (const timer of timers) clearInterval(timer);
      store.close();
    },
  };
}

/** What the platform's steps share once its settings, venues, keys and store are open. */
interface PlatformParts {
  settings: PlatformSettings;
  venues: VenuesConfig;
  signingKeys: ReturnType<typeof signingKeysFrom>;
  store: SubmissionStore;
  resolve: Resolver;
  githubHosts: string[];
  policy: SubmissionPolicy;
}

async function openPlatform(
  runtime: DoorContext,
  services: Partial<PlatformServices>,
  env: Record<string, string | undefined>,
  log: Probot["log"],
): Promise<PlatformParts> {
  const settings = services.settings ?? platformSettingsFromEnv(env);
  if (settings.maxBodyBytes > runtime.bodies.budget.limit)
    throw new InputError(
      "invalid_setting",
      `ML_FOOTPRINT_PENDING_BODIES_MB must be at least ${Math.ceil(settings.maxBodyBytes / 1048576)} (one whole submission of ML_FOOTPRINT_MAX_PAPER_MB must fit)`,
    );
  const venues = services.venues ?? loadVenuesConfig(settings.venuesFile);
  const signingKeys = signingKeysFrom(settings, venues, env);
  const store = services.store ?? openSubmissionStore(settings.databaseFile);
  const resolve = services.resolve ?? systemResolver;
  const githubHosts = githubHostsFromEnv(env);
  const policy = submissionPolicy(settings, venues, resolve, githubHosts);
  // No log line may show a platform secret or a venue's.
  runtime.redaction.addSecrets(
    secretValues(env, [...PLATFORM_SECRET_VARIABLES, ...venueSecretVariables(venues)]),
  );
  log.info(
    { database: store.file, venues: venues.source ?? "(none)", secrets: settings.webhookSecrets.length },
    "review-platform receiver set up",
  );
  return { settings, venues, signingKeys, store, resolve, githubHosts, policy };
}

function registerJobs(
  app: Probot,
  runtime: DoorContext,
  parts: PlatformParts,
  services: Partial<PlatformServices>,
  env: Record<string, string | undefined>,
  log: Probot["log"],
  now: () => Date,
): {
  enqueue(record: SubmissionRecord): Promise<void>;
  enqueueCallback(record: SubmissionRecord): Promise<void>;
} {
  const { settings, venues, store, policy } = parts;
  const enqueueCallback = async (record: SubmissionRecord): Promise<void> => {
    await runtime.queue.enqueue<CallbackJobPayload>(callbackJob(record));
  };
  const enqueue = async (record: SubmissionRecord): Promise<void> => {
    await runtime.queue.enqueue<SubmissionJobPayload>(submissionJob(record));
  };
  runtime.queue.register(
    SUBMISSION_JOB,
    submissionJobHandler({
      store,
      analysis: runtime.analysis,
      renderCheckMarkdown: runtime.renderCheckMarkdown,
      installationFor: services.installationFor ?? installationLookup(app, now),
      paper: {
        store,
        policy: policy.paper,
        maxBytes: settings.maxPaperBytes,
        timeoutMs: settings.paperTimeoutMs,
        credentialsFor: paperCredentials(venues, env),
        tmpRoot: runtime.workDir,
      },
      venues,
      enqueueCallback,
      log,
      now,
    }),
  );
  runtime.queue.register(
    SUBMISSION_CALLBACK_JOB,
    callbackJobHandler({
      store,
      policy: policy.callback,
      secret: settings.callbackSecret,
      timeoutMs: settings.callbackTimeoutMs,
      log,
      now,
    }),
  );
  return { enqueue, enqueueCallback };
}

function mountRoutes(
  options: ApplicationFunctionOptions,
  runtime: DoorContext,
  parts: PlatformParts,
  enqueue: (record: SubmissionRecord) => Promise<void>,
  env: Record<string, string | undefined>,
  log: Probot["log"],
  now: () => Date,
): void {
  const { settings, venues, store, policy, signingKeys } = parts;
  try {
    options.addHandler(
      platformHttpHandler({
        settings,
        store,
        policy,
        signingKeys,
        bodies: runtime.bodies,
        enqueue,
        now: () => now().getTime(),
        log,
        readTokens: readTokensFrom(settings, venues, env),
      }),
    );
  } catch {
    log.debug("no HTTP server; review-platform routes not mounted");
  }
}

async function resumeUnfinished(
  store: SubmissionStore,
  enqueue: (record: SubmissionRecord) => Promise<void>,
  enqueueCallback: (record: SubmissionRecord) => Promise<void>,
  log: Probot["log"],
  now: () => Date,
): Promise<{ submissions: number; callbacks: number }> {
  const pending = store.pending();
  for (const record of pending) await enqueue(record);
  const callbacks = store.pendingCallbacks();
  for (const record of callbacks) await enqueueCallback(record);
  if (pending.length || callbacks.length)
    log.info({ submissions: pending.length, callbacks: callbacks.length }, "resumed unfinished work");
  store.pruneDeliveries(now().getTime() - 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000);
  return { submissions: pending.length, callbacks: callbacks.length };
}

type SyncFunction = (venueId: string, options: { dryRun: boolean }) => Promise<SyncSummary[]>;

/** One pull pass of every enabled adapter of a venue. */
function syncFunction(
  parts: PlatformParts,
  enqueue: (record: SubmissionRecord) => Promise<void>,
  env: Record<string, string | undefined>,
  now: () => Date,
): SyncFunction {
  const { settings, venues, store, policy, resolve, githubHosts } = parts;
  const adapterDeps: AdapterDependencies = {
    policy: { allowedHosts: [], allowPrivateNetwork: settings.allowPrivateNetwork, resolve },
    env,
    githubHosts,
    timeoutMs: settings.paperTimeoutMs,
  };
  return async (venueId, syncOptions) => {
    const venue = findVenue(venues, venueId);
    if (!venue) throw new InputError("unknown_venue", `No venue "${venueId}" in the venues file.`);
    const adapters = adaptersFor(venue, adapterDeps);
    if (adapters.length === 0)
      throw new InputError("no_adapter", `Venue "${venueId}" has no enabled pull adapter (enabled: true).`);
    const summaries: SyncSummary[] = [];
    for (const adapter of adapters)
      summaries.push(
        await syncAdapter(venue, adapter, {
          store,
          policy,
          dryRun: syncOptions.dryRun,
          enqueue,
          now: () => now().getTime(),
        }),
      );
    return summaries;
  };
}

/** A timer per venue whose pull adapters set `poll_minutes`; a pass never overlaps the previous one. */
function schedulePolls(
  venues: VenuesConfig,
  sync: SyncFunction,
  log: Probot["log"],
): Array<ReturnType<typeof setInterval>> {
  const timers: Array<ReturnType<typeof setInterval>> = [];
  for (const venue of venues.venues) {
    const minutes = Math.max(
      venue.openreview?.enabled ? venue.openreview.poll_minutes : 0,
      venue.hotcrp?.enabled ? venue.hotcrp.poll_minutes : 0,
    );
    if (minutes <= 0) continue;
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      sync(venue.id, { dryRun: false })
        .then((summaries) => summaries.forEach((s) => log.info({ venue: venue.id }, describeSync(s))))
        .catch((error: unknown) => log.warn({ err: error, venue: venue.id }, "poll failed"))
        .finally(() => {
          running = false;
        });
    }, minutes * 60_000);
    timer.unref();
    timers.push(timer);
  }
  return timers;
}

/** Accepted webhook ids are kept ten minutes (twice the timestamp tolerance), then pruned. */
function pruneDeliveriesEvery(store: SubmissionStore, now: () => Date): ReturnType<typeof setInterval> {
  const pruner = setInterval(
    () => store.pruneDeliveries(now().getTime() - 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000),
    10 * 60_000,
  );
  pruner.unref();
  return pruner;
}

export { submissionJsonSchema, submissionSchema, type Submission } from "./submission/schema.js";
export { signStandardWebhook, verifyStandardWebhook } from "./auth/standard-webhooks.js";
export { githubHostsFromEnv, platformSettingsFromEnv, type PlatformSettings } from "./settings.js";
export {
  openSubmissionStore,
  type SubmissionRecord,
  type SubmissionStore,
} from "./store/submission-store.js";
export type { SubmissionReportBody } from "./report.js";
export type { SyncSummary } from "./sync.js";
