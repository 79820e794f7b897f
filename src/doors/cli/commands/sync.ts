/**
 * `ml-footprint sync --venue <id>`: one pass of a venue's pull adapters (OpenReview, HotCRP) without the server.
 *
 * Without --dry-run it stores the new and modified submissions in the platform's SQLite store, then processes
 * them in this process, on the app's own queue and analysis (it needs the app's credentials: APP_ID and
 * PRIVATE_KEY, as `npm start` does), and prints each one's outcome. Reports go to the venue's callback URL.
 * Submissions a previous run or server left unfinished in the store are processed too.
 *
 * With --dry-run it only asks the platform and prints what it would store and process: no write to the
 * store (not even the watermark), no GitHub call, no credentials needed.
 */
import type { Command } from "commander";
import type { Probot } from "probot";
import type { ServerServices } from "../../../server.js";
import { InputError } from "../../../domain/errors.js";
import { cleanText } from "../../../render/escape.js";
import { jsonDocument } from "../../../render/json.js";
import { EXIT_FINDING, exitCodesHelp } from "../exit-codes.js";
import { reportFinding } from "../output.js";
import type { Resolver } from "../../review-platform/net/safe-request.js";
import type { SyncSummary } from "../../review-platform/sync.js";
import type { PlatformSettings } from "../../review-platform/settings.js";

interface SyncCommandOptions {
  venue: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Test hooks: DNS for the platform APIs, the environment, the Probot instance and the app's services. */
export interface SyncCommandServices {
  resolve?: Resolver;
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
  /** Builds the Probot instance (default: `createProbot` from the environment, with GitHub's write pacing). */
  probot?: (env: Record<string, string | undefined>) => Probot;
  /** The app's services (default: the real checklist in worker threads). */
  appServices?: Partial<ServerServices>;
}

/** What became of one submission a pass stored and processed. */
interface SubmissionOutcome {
  id: string;
  status: string | null;
  verdict: string | null;
  reason: string | null;
}

async function dryRun(
  options: SyncCommandOptions,
  settings: PlatformSettings,
  env: Record<string, string | undefined>,
  services: SyncCommandServices,
): Promise<SyncSummary[]> {
  const { existsSync } = await import("node:fs");
  const { loadVenuesConfig, findVenue } = await import("../../review-platform/venues/config.js");
  const { openSubmissionStore } = await import("../../review-platform/store/submission-store.js");
  const { submissionPolicy, githubHostsFromEnv } = await import("../../review-platform/index.js");
  const { adaptersFor, syncAdapter } = await import("../../review-platform/sync.js");
  const { systemResolver } = await import("../../review-platform/net/safe-request.js");
  const venues = loadVenuesConfig(settings.venuesFile);
  const venue = findVenue(venues, options.venue);
  if (!venue) throw new InputError("unknown_venue", `No venue "${options.venue}" in ${venues.source}.`);
  const resolve = services.resolve ?? systemResolver;
  const githubHosts = githubHostsFromEnv(env);
  const adapters = adaptersFor(venue, {
    policy: { allowedHosts: [], allowPrivateNetwork: settings.allowPrivateNetwork, resolve },
    env,
    githubHosts,
    timeoutMs: settings.paperTimeoutMs,
  });
  if (adapters.length === 0)
    throw new InputError(
      "no_adapter",
      `Venue "${options.venue}" has no enabled pull adapter (enabled: true).`,
    );
  // A dry run writes nothing, not even a new database file.
  const store = openSubmissionStore(existsSync(settings.databaseFile) ? settings.databaseFile : ":memory:");
  try {
    const policy = submissionPolicy(settings, venues, resolve, githubHosts);
    const summaries: SyncSummary[] = [];
    for (const adapter of adapters)
      summaries.push(await syncAdapter(venue, adapter, { store, policy, dryRun: true, now: Date.now }));
    return summaries;
  } finally {
    store.close();
  }
}

async function syncAndProcess(
  options: SyncCommandOptions,
  settings: PlatformSettings,
  env: Record<string, string | undefined>,
  services: SyncCommandServices,
  print: (line: string) => void,
): Promise<{ summaries: SyncSummary[]; outcomes: SubmissionOutcome[]; failed: number }> {
  const { appCredentialsPresent } = await import("../../../settings.js");
  if (!appCredentialsPresent(env))
    throw new InputError(
      "missing_credentials",
      "sync processes submissions as the GitHub App: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), or use --dry-run.",
    );
  const { createProbot } = await import("probot");
  const { setupServer } = await import("../../../server.js");
  const { setupReviewPlatform } = await import("../../review-platform/index.js");
  const { submissionRecordId } = await import("../../review-platform/submission/schema.js");
  const probot = services.probot
    ? services.probot(env)
    : createProbot({ env: { LOG_LEVEL: "warn", ...env } });
  const noServer = {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error("no HTTP server in the CLI");
    },
  };
  const runtime = await setupServer(probot, noServer, services.appServices);
  const platform = await setupReviewPlatform(probot, noServer, runtime, {
    settings,
    env,
    schedulePolls: false,
    ...(services.resolve ? { resolve: services.resolve } : {}),
  });
  try {
    if (platform!.resumed.submissions > 0)
      print(
        `resuming ${platform!.resumed.submissions} unfinished submission(s) from ${platform!.store.file}`,
      );
    const summaries = await platform!.sync(options.venue, { dryRun: false });
    await runtime.queue.onIdle();
    let failed = 0;
    const outcomes: SubmissionOutcome[] = [];
    for (const summary of summaries) {
      for (const id of [...summary.created, ...summary.updated]) {
        const record = platform!.store.get(submissionRecordId(summary.venue, id));
        if (record?.status === "failed") failed += 1;
        outcomes.push({
          id,
          status: record?.status ?? null,
          verdict: record?.verdict ?? null,
          reason: record?.statusReason ?? null,
        });
      }
    }
    return { summaries, outcomes, failed };
  } finally {
    await runtime.close();
    await platform!.close();
  }
}

/**
 * Registers `sync` on the program (the lead adds `registerSync(program)` in src/cli/main.ts).
 *
 * @example
 * registerSync(program);
 * // ml-footprint sync --venue NeurIPS.cc/2026/Conference --dry-run
 */
export function registerSync(program: Command, services: SyncCommandServices = {}): void {
  program
    .command("sync")
    .description(
      "one pass of a venue's review-platform pull adapters (OpenReview, HotCRP), without the server",
    )
    .requiredOption("--venue <id>", "the venue's id in the venues file (ML_FOOTPRINT_VENUES_FILE)")
    .option("--dry-run", "ask the platform and print what would be stored and processed; write nothing")
    .option("--json", "print the pass summaries as JSON")
    .addHelpText(
      "after",
      "\nConfiguration: ML_FOOTPRINT_VENUES_FILE (the venues), ML_FOOTPRINT_PLATFORM_DB (the store), and to\n" +
        "process: APP_ID, PRIVATE_KEY (the GitHub App). See docs/review-platform.md.\n\nExamples:\n" +
        "  ml-footprint sync --venue NeurIPS.cc/2026/Conference --dry-run\n" +
        "  ml-footprint sync --venue funconf26\n" +
        exitCodesHelp("a submission whose processing failed"),
    )
    .action(async (options: SyncCommandOptions) => {
      const env = services.env ?? process.env;
      const print = services.print ?? ((line: string) => console.log(line));
      // Ids, skip reasons and failure reasons come from the platform and the submissions: cleaned like every
      // repository string shown in a terminal (no escape sequence, no bidi control, one line).
      const clean = (value: unknown) => cleanText(value, 2_000);
      const { platformSettingsFromEnv } = await import("../../review-platform/settings.js");
      const settings = platformSettingsFromEnv(env);
      if (!settings.venuesFile)
        throw new InputError(
          "usage",
          "set ML_FOOTPRINT_VENUES_FILE to the venues file (ml-footprint.venues.yml)",
        );
      const { describeSync } = await import("../../review-platform/sync.js");
      if (options.dryRun) {
        const summaries = await dryRun(options, settings, env, services);
        if (options.json) print(JSON.stringify(jsonDocument({ passes: summaries }), null, 2));
        else
          for (const summary of summaries) {
            print(clean(describeSync(summary)));
            for (const id of summary.created) print(`  would store and process ${clean(id)} (new)`);
            for (const id of summary.updated) print(`  would store and process ${clean(id)} (modified)`);
            for (const skip of summary.skipped)
              print(`  would skip ${clean(skip.id)}: ${clean(skip.reason)}`);
          }
        return;
      }
      const { summaries, outcomes, failed } = await syncAndProcess(options, settings, env, services, print);
      if (options.json) print(JSON.stringify(jsonDocument({ passes: summaries, outcomes }), null, 2));
      else {
        for (const summary of summaries) print(clean(describeSync(summary)));
        for (const o of outcomes)
          print(
            `  ${clean(o.id)}: ${o.status ?? "?"}${o.verdict ? ` (${o.verdict})` : ""}${o.reason ? `: ${clean(o.reason)}` : ""}`,
          );
      }
      if (failed > 0) {
        reportFinding(
          "sync",
          `${failed} submission${failed === 1 ? "" : "s"} failed (see their status above)`,
        );
        process.exitCode = EXIT_FINDING;
      }
    });
}
