/**
 * `.github/ml-footprint.yml`: what a conference (org `.github` repository) or a paper repository configures.
 * Every field has a default, so installing the app needs no configuration at all. The schema is exported as
 * JSON Schema (`npm run schemas` writes schemas/app-config.schema.json) for editors and CI; semantic checks
 * stay out of the schema (no refinements) so the JSON Schema says everything the validator says.
 */
import { z } from "zod";
import { profileIds } from "../../catalog/venue-profiles.js";
import { CHECKLIST_ITEMS } from "../../judge/items/index.js";

/** Venue profiles the checklist knows: the ids of data/venue-profiles.json, in its order. */
export const PROFILES = profileIds() as [string, ...string[]];

/** Checklist item ids `required_items` may name (the checklist's registry, src/check/items). */
export const ITEM_IDS = [...CHECKLIST_ITEMS.keys()] as [string, ...string[]];

/** Where results go: a check run on the commit, the repository's tracking issue, the pull-request comment. */
export const REPORT_TARGETS = ["check", "issue", "pr"] as const;

/** Check-run conclusions a repository may choose for an incomplete or inconsistent checklist. */
export const INCOMPLETE_CONCLUSIONS = ["action_required", "neutral", "failure"] as const;

export const appConfigSchema = z
  .object({
    _extends: z
      .string()
      .optional()
      .describe(
        "Inherit another repository's file and override it here (Probot): '.github' for the organisation's, or 'owner/repo:path.yml'.",
      ),
    profile: z
      .enum(PROFILES)
      .default("generic")
      .describe(`Venue checklist to apply: ${PROFILES.slice(0, -1).join(", ")} or ${PROFILES.at(-1)}.`),
    required_items: z
      .array(z.enum(ITEM_IDS))
      .optional()
      .describe(
        "Checklist item ids the venue requires (hardware, training_time, ...). The profile's own list when absent.",
      ),
    report: z
      .array(z.enum(REPORT_TARGETS))
      .default(["check", "issue", "pr"])
      .describe(
        "Where to report: 'check' (check run on each analysed commit), 'issue' (one tracking issue per repository, " +
          "updated on each push to the default branch), 'pr' (one comment per pull request saying what it changes).",
      ),
    paper: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Glob patterns, relative to the repository root, where the paper is (e.g. paper/*.tex). Found automatically when absent.",
      ),
    defaults: z
      .object({
        region: z
          .string()
          .min(1)
          .optional()
          .describe("Cloud region or grid zone assumed when neither paper nor code says where training ran."),
        country: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Country (name or ISO code) assumed when neither paper nor code says where training ran.",
          ),
        pue: z
          .number()
          .min(1)
          .max(3)
          .optional()
          .describe("Data-centre power usage effectiveness assumed when none is stated (1.0 to 3.0)."),
      })
      .strict()
      .default({})
      .describe("Assumptions for the footprint estimate; every use is labelled 'assumed' in the report."),
    incomplete_conclusion: z
      .enum(INCOMPLETE_CONCLUSIONS)
      .default("action_required")
      .describe(
        "Check-run conclusion when the checklist is incomplete or inconsistent. A complete checklist is always 'neutral'.",
      ),
    dry_run: z
      .boolean()
      .default(false)
      .describe("Analyse and log what would be posted, but post nothing (no check run, issue or comment)."),
    forks: z
      .boolean()
      .default(true)
      .describe("Analyse pull requests opened from forks. Their code is only read, never run."),
    scan_on_install: z
      .boolean()
      .default(false)
      .describe(
        "When the app is installed (or repositories are added to it), analyse every repository's default branch at once. " +
          "Off by default: the app never takes bulk actions unless asked.",
      ),
  })
  .strict()
  .describe("Configuration of the ml-footprint GitHub App (.github/ml-footprint.yml).");

/** A validated configuration with every default filled in. */
export type AppConfig = z.output<typeof appConfigSchema>;

/** One row of the Property | Error table shown for an invalid configuration. */
export interface ConfigProblem {
  property: string;
  error: string;
}

/** Renders a zod issue path the way a YAML author reads it: `defaults.pue`, `report[1]`. */
function propertyPath(path: ReadonlyArray<PropertyKey>, extraKey?: string): string {
  let out = "";
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : out === "" ? String(part) : `.${String(part)}`;
  }
  if (extraKey !== undefined) out = out === "" ? extraKey : `${out}.${extraKey}`;
  return out === "" ? "(root)" : out;
}

/**
 * Validates a raw configuration object (already merged from its files).
 *
 * @example
 * parseAppConfig({ profile: "neurips" }) // { ok: true, config: { profile: "neurips", report: [...], ... } }
 * parseAppConfig({ report: ["mail"] })   // { ok: false, problems: [{ property: "report[0]", error: "Invalid option: ..." }] }
 */
export function parseAppConfig(
  raw: unknown,
): { ok: true; config: AppConfig } | { ok: false; problems: ConfigProblem[] } {
  const result = appConfigSchema.safeParse(raw ?? {});
  if (result.success) return { ok: true, config: result.data };
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        problems.push({ property: propertyPath(issue.path, key), error: "Unknown property" });
    } else {
      problems.push({ property: propertyPath(issue.path), error: issue.message });
    }
  }
  return { ok: false, problems };
}

/** The configuration of a repository with no configuration file anywhere. */
export const DEFAULT_APP_CONFIG: AppConfig = appConfigSchema.parse({});

/** The JSON Schema of `.github/ml-footprint.yml` (input side: defaulted fields are optional). */
export function appConfigJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://github.com/ml-footprint/ml-footprint/schemas/app-config.schema.json",
    title: "ml-footprint app configuration",
    ...z.toJSONSchema(appConfigSchema, { io: "input" }),
  };
}
