/**
 * Finding the app's check run of an analysis again, so that an analysis is idempotent per (repository,
 * commit, configuration): a run after a crash, a retry, a redelivered webhook or a second front door
 * (a review-platform submission) completes the check run that is already there instead of opening another.
 *
 * The key travels in the check run's `external_id`; the repository is where the check run lives and the
 * commit is its `head_sha`, so `GET /repos/{owner}/{repo}/commits/{sha}/check-runs` with the app's check name
 * finds it. Pure builders and deciders, plus the one GitHub read.
 */
import { createHash } from "node:crypto";
import type { ProbotOctokit } from "probot";
import { CHECK_NAME, unfinishedCheckRun, type CheckRunUpdate } from "./check-run.js";
import type { RepoCoordinates } from "./writer.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

/** Format version of the key: change it when what the key covers changes, and old check runs are not reused. */
const KEY_PREFIX = "ml-footprint/1";

/** A check run as `GET .../commits/{ref}/check-runs` lists it (the fields we read). */
export interface ListedCheckRun {
  id: number;
  name: string;
  external_id: string | null;
  status: string;
  head_sha?: string;
  app?: { id: number } | null;
}

/** JSON with object keys sorted at every depth, so equal configurations give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The idempotency key of an analysis, used as the check run's `external_id`: the commit and a digest of the
 * configuration it was analysed with (an invalid configuration's problems count as its configuration).
 *
 * @example
 * checkRunKey("2222…", config) // "ml-footprint/1:2222…:9f86d081884c7d65"
 */
export function checkRunKey(sha: string, configuration: unknown): string {
  const digest = createHash("sha256").update(canonicalJson(configuration)).digest("hex").slice(0, 16);
  return `${KEY_PREFIX}:${sha}:${digest}`;
}

/**
 * Triggers that ask for a fresh check run although the same analysis already completed one: a person pressed
 * "Re-run" or commented `/footprint recheck`, and GitHub's re-run expects a new check run to appear. Every other
 * trigger (push, pull request, installation scan, submission, a job resumed after a crash) takes over a
 * completed check run of the same key too.
 */
export const FRESH_CHECK_RUN_TRIGGERS: ReadonlySet<string> = new Set([
  "check_run.rerequested",
  "check_suite.rerequested",
  "issue_comment",
]);

/**
 * The check run an analysis with `key` takes over, or null to open one: ours by name, external id (and app,
 * when the listing says), one still open first (a crashed or retried analysis), else the newest completed one
 * when `reuseCompleted`.
 *
 * @example
 * pickCheckRun(runs, checkRunKey(sha, config), { reuseCompleted: true, appId: 1001 })
 */
export function pickCheckRun(
  runs: readonly ListedCheckRun[],
  key: string,
  options: { reuseCompleted: boolean; appId?: number | null },
): ListedCheckRun | null {
  const ours = runs
    .filter((run) => run.name === CHECK_NAME && run.external_id === key)
    .filter((run) => !options.appId || !run.app || run.app.id === options.appId)
    .sort((a, b) => b.id - a.id);
  const open = ours.find((run) => run.status !== "completed");
  if (open) return open;
  return options.reuseCompleted ? (ours[0] ?? null) : null;
}

/** The app's id from its own credentials (no request); null when the Octokit cannot say. */
export async function appIdOf(octokit: Octokit): Promise<number | null> {
  try {
    const auth = (await octokit.auth({ type: "app" })) as { appId?: unknown };
    return typeof auth.appId === "number" ? auth.appId : null;
  } catch {
    return null;
  }
}

/**
 * The app's check runs on a commit: `GET /repos/{owner}/{repo}/commits/{sha}/check-runs`, filtered by check
 * name (and app when known); one page of 100 is plenty for one app's runs on one commit.
 */
export async function listOwnCheckRuns(
  octokit: Octokit,
  repo: RepoCoordinates,
  sha: string,
  appId: number | null,
): Promise<ListedCheckRun[]> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repo,
    ref: sha,
    check_name: CHECK_NAME,
    filter: "all",
    per_page: 100,
    ...(appId ? { app_id: appId } : {}),
  });
  return data.check_runs as ListedCheckRun[];
}

/**
 * Completes a check run whose analysis will not finish: the server stopped while it ran and the job is not
 * run again, or a run after the restart analyses another commit or configuration. Neutral: it says nothing
 * about the repository.
 */
export function interruptedCheckRun(reason: string, completedAt: string): CheckRunUpdate {
  return unfinishedCheckRun(
    {
      title: "Footprint checklist interrupted",
      lead: "The footprint checklist was not computed for this commit: the analysis was interrupted.",
      reason,
    },
    completedAt,
  );
}
