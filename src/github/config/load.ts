/**
 * Loads `.github/ml-footprint.yml` the way Probot's `context.config` does (same `octokit.config.get`, so the
 * default branch only, the org's `.github` repository as fallback, `_extends` honoured) and validates it.
 * Jobs run after the webhook has been answered, so they load config through the installation's Octokit
 * instead of the webhook `Context`; and files merge with arrays replaced, not concatenated (deepmerge's
 * default would turn `report: [check]` over the defaults into `[check, issue, pr, check]`).
 */
import type { ProbotOctokit } from "probot";
import { parseAppConfig, type AppConfig, type ConfigProblem } from "./schema.js";

export const CONFIG_FILE = "ml-footprint.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export type ConfigLoad =
  | { ok: true; config: AppConfig; sources: string[] }
  | {
      ok: false;
      problems: ConfigProblem[];
      sources: string[];
      /** `dry_run: true` as written, honoured even when the rest of the file is invalid. */
      dryRun: boolean;
    };

type Octokit = InstanceType<typeof ProbotOctokit>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Deep-merges configuration objects left to right; arrays and scalars of later files replace earlier ones. */
export function mergeConfigs(configs: readonly unknown[]): Record<string, unknown> {
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      const previous = out[key];
      out[key] = isPlainObject(previous) && isPlainObject(value) ? merge(previous, value) : value;
    }
    return out;
  };
  return configs.filter(isPlainObject).reduce<Record<string, unknown>>((acc, c) => merge(acc, c), {});
}

/**
 * Reads and validates the repository's configuration. GitHub errors (5xx, rate limits) propagate so the job
 * can be retried; a malformed file is a validation problem, reported like any other.
 *
 * @example
 * const load = await loadAppConfig(octokit, { owner: "neurips-2026", repo: "paper-0042" });
 * if (load.ok) log.info({ sources: load.sources }, "config loaded");
 */
export async function loadAppConfig(
  octokit: Octokit,
  repo: { owner: string; repo: string },
): Promise<ConfigLoad> {
  let raw: Record<string, unknown>;
  let sources: string[];
  try {
    const { config, files } = await octokit.config.get({
      owner: repo.owner,
      repo: repo.repo,
      path: CONFIG_PATH,
      defaults: (configs: object[]) => mergeConfigs(configs),
    });
    raw = config as Record<string, unknown>;
    sources = files
      .filter((file) => file.config !== null)
      .map((file) => `${file.owner}/${file.repo}/${file.path}`);
  } catch (error) {
    if (typeof (error as { status?: unknown }).status === "number") throw error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        { property: "(file)", error: message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") },
      ],
      sources: [],
      dryRun: false,
    };
  }
  const parsed = parseAppConfig(raw);
  if (parsed.ok) return { ok: true, config: parsed.config, sources };
  return { ok: false, problems: parsed.problems, sources, dryRun: raw.dry_run === true };
}
