/**
 * `ml-footprint.venues.yml` (path in ML_FOOTPRINT_VENUES_FILE): what the operator knows about each venue.
 * Submissions are taken only for the venues listed here (unless ML_FOOTPRINT_PLATFORM_ANY_VENUE opens the
 * server to any); a venue's `organisation` bounds the repositories they may name, and a venue may have its
 * own signing secret.
 * Pull adapters (OpenReview, HotCRP) are off unless `enabled: true`; the OJS mapping turns the OJS webhook
 * plugin's payloads into submissions; a venue may have its own read token for its program committee. Secrets
 * are never written in the file: it names the environment variables that hold them.
 */
import { readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../../../domain/errors.js";

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const envName = (what: string) =>
  z.string().regex(ENV_NAME).describe(`Name of the environment variable holding ${what}.`);

const repositoryMapping = {
  repository_field: z
    .string()
    .min(1)
    .optional()
    .describe("Submission field holding the code repository (a GitHub URL or owner/name)."),
  repository_template: z
    .string()
    .regex(/\{(number|id)\}/)
    .optional()
    .describe(
      "The organisation's naming convention when the field is empty, e.g. neurips-2026/paper-{number} ({id} also works).",
    ),
};

const pollMinutes = z
  .number()
  .min(0)
  .default(0)
  .describe("The server polls every N minutes when > 0; 0: only `ml-footprint sync` polls.");

export const openReviewVenueSchema = z
  .object({
    enabled: z.boolean().default(false).describe("Off by default."),
    api_url: z.url({ protocol: /^https?$/ }).default("https://api2.openreview.net"),
    invitation: z
      .string()
      .min(1)
      .optional()
      .describe("Submission invitation; <venue id>/-/Submission when absent."),
    token_env: envName("an OpenReview API token").optional(),
    username_env: envName("the OpenReview user name (login when there is no token)").optional(),
    password_env: envName("the OpenReview password").optional(),
    page_size: z.int().min(1).max(1000).default(1000),
    poll_minutes: pollMinutes,
    ...repositoryMapping,
  })
  .strict();

export const hotcrpVenueSchema = z
  .object({
    enabled: z.boolean().default(false).describe("Off by default."),
    site_url: z
      .url({ protocol: /^https?$/ })
      .describe("The conference site, e.g. https://funconf25.hotcrp.com; the API is <site>/api."),
    token_env: envName("a HotCRP API token (hct_...)"),
    query: z.string().default("").describe("HotCRP search (q); empty: every submission of the collection."),
    collection: z.string().default("s").describe("Search collection (t): s = complete submissions."),
    poll_minutes: pollMinutes,
    ...repositoryMapping,
  })
  .strict();

export const ojsVenueSchema = z
  .object({
    base_url: z
      .url({ protocol: /^https?$/ })
      .describe("The journal's baseUrl as the plugin sends it (matched to pick the venue)."),
    context_id: z
      .int()
      .optional()
      .describe("The journal's contextId, when several journals share a base URL."),
    secret_env: envName("this journal's own OJS plugin secrets, comma-separated")
      .optional()
      .describe(
        "Name of the environment variable holding this journal's own OJS plugin secrets (comma-separated); " +
          "when set, its submissions must be signed with one of them, and they sign for this journal only.",
      ),
    paper_url_template: z
      .string()
      .regex(/\{(number|id)\}/)
      .optional()
      .describe(
        "Where the submission's PDF is, e.g. https://journal.example.org/pdf/{id}; none when absent.",
      ),
    ...repositoryMapping,
  })
  .strict();

export const venueSchema = z
  .object({
    id: z.string().min(1).max(200).describe("The venue id submissions carry (NeurIPS.cc/2026/Conference)."),
    organisation: z
      .string()
      .min(1)
      .optional()
      .describe(
        "GitHub organisation its repositories must live in (recommended); any repository the app is installed on when absent.",
      ),
    secret_env: envName("this venue's own Standard Webhooks secrets, comma-separated")
      .optional()
      .describe(
        "Name of the environment variable holding this venue's own Standard Webhooks secrets (comma-separated, " +
          "whsec_<base64> or plain); when set, its submissions must be signed with one of them, and they sign for this venue only.",
      ),
    installation_id: z.int().min(1).optional().describe("The app's installation; looked up when absent."),
    read_token_env: envName("a bearer token that reads this venue only").optional(),
    callback_url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Where pulled submissions' reports are POSTed."),
    openreview: openReviewVenueSchema.optional(),
    hotcrp: hotcrpVenueSchema.optional(),
    ojs: ojsVenueSchema.optional(),
  })
  .strict();

export const venuesFileSchema = z
  .object({ venues: z.array(venueSchema).default([]) })
  .strict()
  .describe("Review-platform venues of an ml-footprint server (ml-footprint.venues.yml).");

export type VenueConfig = z.output<typeof venueSchema>;
export type OpenReviewVenue = z.output<typeof openReviewVenueSchema>;
export type HotcrpVenue = z.output<typeof hotcrpVenueSchema>;
export type OjsVenue = z.output<typeof ojsVenueSchema>;

export interface VenuesConfig {
  venues: VenueConfig[];
  /** Where it was read from, for logs. */
  source: string | null;
}

export const EMPTY_VENUES: VenuesConfig = { venues: [], source: null };

const MAX_FILE_BYTES = 512 * 1024;

/**
 * Validates a parsed venues file; problems as `property: error` lines.
 *
 * @example
 * parseVenuesConfig({ venues: [{ id: "V", hotcrp: { site_url: "https://v.hotcrp.com", token_env: "T" } }] }).ok // true
 */
export function parseVenuesConfig(
  raw: unknown,
): { ok: true; venues: VenueConfig[] } | { ok: false; problems: string[] } {
  const result = venuesFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => {
        const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
        const property = where.replace(/^\./, "") || "(root)";
        return issue.code === "unrecognized_keys"
          ? `${property === "(root)" ? "" : `${property}.`}${issue.keys.join(", ")}: Unknown property`
          : `${property}: ${issue.message}`;
      }),
    };
  }
  const ids = new Set<string>();
  for (const venue of result.data.venues) {
    if (ids.has(venue.id)) return { ok: false, problems: [`venues: "${venue.id}" is listed twice`] };
    ids.add(venue.id);
  }
  return { ok: true, venues: result.data.venues };
}

/** Reads and validates the venues file; an invalid one stops the server (or the command) with its problems. */
export function loadVenuesConfig(file: string | null): VenuesConfig {
  if (!file) return EMPTY_VENUES;
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES)
      throw new InputError("too_large", `${file}: larger than ${MAX_FILE_BYTES / 1024} KB`, file);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("not_found", `${file}: cannot read the venues file`, file);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new InputError("invalid_venues", `${file}: not valid YAML: ${(error as Error).message}`, file);
  }
  const parsed = parseVenuesConfig(raw);
  if (!parsed.ok)
    throw new InputError("invalid_venues", `${file} is invalid:\n  ${parsed.problems.join("\n  ")}`, file);
  return { venues: parsed.venues, source: file };
}

export function findVenue(config: VenuesConfig, id: string): VenueConfig | null {
  return config.venues.find((v) => v.id === id) ?? null;
}

/** The hosts the venues' own platforms serve papers from (their API and site hosts). */
export function venuePaperHosts(config: VenuesConfig): string[] {
  const hosts = new Set<string>();
  for (const venue of config.venues) {
    if (venue.openreview?.enabled) hosts.add(new URL(venue.openreview.api_url).hostname.toLowerCase());
    if (venue.hotcrp?.enabled) hosts.add(new URL(venue.hotcrp.site_url).hostname.toLowerCase());
    if (venue.ojs?.paper_url_template && URL.canParse(venue.ojs.paper_url_template.replace(/\{\w+\}/g, "x")))
      hosts.add(new URL(venue.ojs.paper_url_template.replace(/\{\w+\}/g, "x")).hostname.toLowerCase());
  }
  return [...hosts];
}

/** Fills `{number}` and `{id}` of a template. */
export function fillTemplate(template: string, values: { number: string | number; id: string }): string {
  return template.replace(/\{number\}/g, String(values.number)).replace(/\{id\}/g, values.id);
}

/** The environment variables the venues name that hold secrets (tokens, passwords, signing secrets). */
export function venueSecretVariables(config: VenuesConfig): string[] {
  const names = new Set<string>();
  for (const venue of config.venues)
    for (const name of [
      venue.read_token_env,
      venue.secret_env,
      venue.openreview?.token_env,
      venue.openreview?.password_env,
      venue.hotcrp?.token_env,
      venue.ojs?.secret_env,
    ])
      if (name) names.add(name);
  return [...names];
}
