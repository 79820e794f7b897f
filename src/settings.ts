/**
 * Every environment variable either server door reads, as zod schemas: the app's operator bounds
 * (ML_FOOTPRINT_*), the review-platform receiver's (ML_FOOTPRINT_PLATFORM_* and its neighbours), and, as
 * documented-only entries, Probot's own (APP_ID, PRIVATE_KEY, ...), which Probot parses itself.
 *
 * Each variable carries its meaning, its default and its unit, from which `npm run docs` writes the tables
 * of docs/github-app.md and docs/review-platform.md (src/settings-docs.ts). An invalid value stops the start
 * with one message naming the variable and the reason. These settings bound what one repository or one
 * submission can cost, so they are never read from a repository's configuration.
 */
import path from "node:path";
import { z } from "zod";
import { InputError } from "./domain/errors.js";
import { DEFAULT_REPOSITORY_LIMITS, type RepositoryLimits } from "./github/checkout/limits.js";
import { checkWorkRoot, DEFAULT_WORK_ROOT } from "./runtime/work-root.js";
import type { BackoffSettings } from "./github/retry.js";

/**
 * The units an operator writes numbers in, and the factor to the unit the code works in (bytes,
 * milliseconds). A variable's name ends with its unit (`_MB`, `_S`, `_MS`).
 */
export const SETTING_UNITS = {
  MB: { toCode: 1024 * 1024 }, // to bytes
  s: { toCode: 1000 }, // to milliseconds
  ms: { toCode: 1 },
} as const;
export type SettingUnit = keyof typeof SETTING_UNITS;

/** What the docs say of a variable. */
export interface VariableDoc {
  /** What it sets, in Markdown. */
  meaning: string;
  /** The default as the docs show it: the number in `unit`, or words ("none", "any public host"). */
  default: string;
  /** The unit the operator writes the number in; absent for counts, paths, lists and flags. */
  unit?: SettingUnit;
  /** Its value is a secret (or a comma-separated list of them): the log redaction cuts it out. */
  secret?: true;
  /** Setting it turns the review-platform receiver on. */
  turnsOnPlatform?: true;
}

/** The documentation of each variable's schema, looked up by the docs generator. */
export const variableDocs = z.registry<VariableDoc>();

/** Unset and blank read the same: `FOO=` in a `.env` file means "the default", not "empty". */
const isUnset = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === "";

const commaList = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/**
 * A positive number written in `unit`, handed on in the code's unit (bytes, milliseconds); `whole` numbers are
 * rounded down (counts). The default is written in the operator's unit too.
 */
function positiveNumber(defaultValue: number, doc: { meaning: string; unit?: SettingUnit; whole?: boolean }) {
  const factor = doc.unit ? SETTING_UNITS[doc.unit].toCode : 1;
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      const value = isUnset(raw) ? defaultValue : Number(raw);
      if (!Number.isFinite(value) || value <= 0) {
        context.addIssue({ code: "custom", message: `must be a positive number, not "${raw}"` });
        return z.NEVER;
      }
      return doc.whole ? Math.floor(value) * factor : value * factor;
    })
    .register(variableDocs, {
      meaning: doc.meaning,
      default: String(defaultValue),
      ...(doc.unit ? { unit: doc.unit } : {}),
    });
}

/** A path or a name, trimmed; the default (null: none) when unset. */
function text<Default extends string | null>(
  defaultValue: Default,
  doc: Omit<VariableDoc, "default" | "unit"> & { default?: string },
) {
  return z
    .string()
    .optional()
    .transform((raw): string | Default => (isUnset(raw) ? defaultValue : raw.trim()))
    .register(variableDocs, {
      ...doc,
      default: doc.default ?? (defaultValue === null ? "none" : `\`${defaultValue}\``),
    });
}

/** A comma-separated list, each item trimmed, empty items dropped; `lowercase` for host names. */
function list(doc: Omit<VariableDoc, "default" | "unit"> & { default?: string; lowercase?: boolean }) {
  const { lowercase, ...rest } = doc;
  return z
    .string()
    .optional()
    .transform((raw) => commaList(raw).map((item) => (lowercase ? item.toLowerCase() : item)))
    .register(variableDocs, { ...rest, default: doc.default ?? "none" });
}

/** `true` or `false` (any case); unset is false. */
function flag(doc: { meaning: string }) {
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      const value = (raw ?? "").trim().toLowerCase();
      if (value !== "" && value !== "true" && value !== "false") {
        context.addIssue({ code: "custom", message: "must be true or false" });
        return z.NEVER;
      }
      return value === "true";
    })
    .register(variableDocs, { meaning: doc.meaning, default: "false" });
}

/** An absolute URL without its trailing slashes; null when unset. */
function baseUrl(doc: { meaning: string }) {
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      if (isUnset(raw)) return null;
      const value = raw.trim();
      if (!URL.canParse(value)) {
        context.addIssue({ code: "custom", message: `is not a URL: "${value}"` });
        return z.NEVER;
      }
      return value.replace(/\/+$/, "");
    })
    .register(variableDocs, { meaning: doc.meaning, default: "none" });
}

/** Where `npm start` keeps its queue journal unless ML_FOOTPRINT_DATA_DIR says otherwise (next to the platform's store). */
export const DEFAULT_DATA_DIR = ".ml-footprint";

const MB = SETTING_UNITS.MB.toCode;

/**
 * The app's variables. Numbers come out in the code's units (bytes, milliseconds), whatever unit the name
 * says the operator writes.
 */
export const appEnvironmentSchema = z
  .object({
    ML_FOOTPRINT_CONCURRENCY: positiveNumber(2, {
      whole: true,
      meaning: "analyses running at the same time (also the number of checklist worker threads)",
    }),
    ML_FOOTPRINT_MAX_ATTEMPTS: positiveNumber(4, {
      whole: true,
      meaning: "attempts per job when GitHub answers 5xx or rate-limits",
    }),
    ML_FOOTPRINT_RETRY_BASE_MS: positiveNumber(2_000, {
      unit: "ms",
      meaning: "first delay after a 5xx, doubled per attempt",
    }),
    ML_FOOTPRINT_RETRY_MAX_MS: positiveNumber(15 * 60_000, {
      unit: "ms",
      meaning: "longest wait before a retry, rate limits included",
    }),
    ML_FOOTPRINT_MAX_ARCHIVE_MB: positiveNumber(DEFAULT_REPOSITORY_LIMITS.maxArchiveBytes / MB, {
      unit: "MB",
      meaning: "largest compressed repository archive",
    }),
    ML_FOOTPRINT_MAX_EXTRACTED_MB: positiveNumber(DEFAULT_REPOSITORY_LIMITS.maxExtractedBytes / MB, {
      unit: "MB",
      meaning: "most bytes written per repository",
    }),
    ML_FOOTPRINT_MAX_FILES: positiveNumber(DEFAULT_REPOSITORY_LIMITS.maxEntries, {
      whole: true,
      meaning: "most files and folders per repository",
    }),
    ML_FOOTPRINT_MAX_FILE_MB: positiveNumber(DEFAULT_REPOSITORY_LIMITS.maxFileBytes / MB, {
      unit: "MB",
      meaning: "a larger single file is skipped (and listed under the checklist)",
    }),
    ML_FOOTPRINT_ANALYSIS_TIMEOUT_S: positiveNumber(300, {
      unit: "s",
      meaning: "longest analysis of one commit; the worker is stopped after it",
    }),
    ML_FOOTPRINT_TMPDIR: text(DEFAULT_WORK_ROOT, {
      default: "`<OS temp dir>/ml-footprint-work`",
      meaning:
        "work root of every temporary folder, and where large request bodies wait for their signature (an unlinked file each; keep it on disk, not on a RAM-backed tmpfs); start-up removes the folders stopped processes left in it (not `/` nor the home folder)",
    }),
    ML_FOOTPRINT_DATA_DIR: text(DEFAULT_DATA_DIR, {
      default: `\`${DEFAULT_DATA_DIR}\` (the Docker image: \`/data\`)`,
      meaning:
        "folder of the queue journal `queue.sqlite`, from which a restarted server takes over unfinished analyses",
    }),
    ML_FOOTPRINT_WEBHOOK_MAX_MB: positiveNumber(25, {
      unit: "MB",
      meaning: "largest GitHub webhook body (GitHub's own cap); over it, 413",
    }),
    ML_FOOTPRINT_BODY_TIMEOUT_S: positiveNumber(30, {
      unit: "s",
      meaning: "a request body (webhook or submission) must arrive whole within this time; else 408",
    }),
    ML_FOOTPRINT_PENDING_BODIES_MB: positiveNumber(64, {
      unit: "MB",
      meaning:
        "bytes of request bodies held at once, both endpoints together, before their signatures are known; past it, 503 with `Retry-After` (must hold one whole webhook and one whole submission)",
    }),
  })
  .superRefine((env, context) => {
    if (env.ML_FOOTPRINT_WEBHOOK_MAX_MB > env.ML_FOOTPRINT_PENDING_BODIES_MB)
      context.addIssue({
        code: "custom",
        path: ["ML_FOOTPRINT_PENDING_BODIES_MB"],
        message: "must be at least ML_FOOTPRINT_WEBHOOK_MAX_MB (one whole webhook must fit)",
      });
  });

/**
 * The review-platform receiver's variables. Secrets come out as the operator wrote them; the platform decodes
 * them into keys (src/doors/review-platform/settings.ts), since their format is Standard Webhooks'.
 */
export const platformEnvironmentSchema = z.object({
  ML_FOOTPRINT_PLATFORM_SECRETS: list({
    secret: true,
    turnsOnPlatform: true,
    meaning:
      "Standard Webhooks secrets, comma-separated: `whsec_<base64>` or plain text. Several during a rotation.",
  }),
  ML_FOOTPRINT_OJS_SECRETS: list({
    secret: true,
    turnsOnPlatform: true,
    meaning: "secrets of the OJS webhook plugin",
  }),
  ML_FOOTPRINT_CALLBACK_SECRET: text(null, {
    secret: true,
    default: "the first platform secret",
    meaning: "signs the reports POSTed to callback URLs",
  }),
  ML_FOOTPRINT_PLATFORM_TOKENS: list({
    secret: true,
    meaning: "bearer tokens that read every venue, comma-separated",
  }),
  ML_FOOTPRINT_PLATFORM_DB: text(`${DEFAULT_DATA_DIR}/platform.sqlite`, {
    turnsOnPlatform: true,
    meaning: "the SQLite store (put it on a volume in Docker)",
  }),
  ML_FOOTPRINT_VENUES_FILE: text(null, {
    turnsOnPlatform: true,
    meaning: "the venues file (below)",
  }),
  ML_FOOTPRINT_PAPER_HOSTS: list({
    lowercase: true,
    meaning:
      "hosts paper URLs may point to, comma-separated; `*.example.org` matches any name under it. The venues' own platform hosts are added.",
  }),
  ML_FOOTPRINT_CALLBACK_HOSTS: list({
    lowercase: true,
    default: "any public host",
    meaning: "hosts callbacks may go to",
  }),
  ML_FOOTPRINT_MAX_PAPER_MB: positiveNumber(25, {
    unit: "MB",
    meaning: "largest paper; the request body may be 4/3 of it plus 256 KB (base64)",
  }),
  ML_FOOTPRINT_PAPER_TIMEOUT_S: positiveNumber(60, {
    unit: "s",
    meaning: "longest paper download (and platform API call)",
  }),
  ML_FOOTPRINT_CALLBACK_TIMEOUT_S: positiveNumber(15, {
    unit: "s",
    meaning: "longest wait for a callback's answer",
  }),
  ML_FOOTPRINT_PUBLIC_URL: baseUrl({
    meaning: "`https://footprint.example.org`: makes `status_url` absolute",
  }),
  ML_FOOTPRINT_PLATFORM_ANY_VENUE: flag({
    meaning:
      "`true` takes submissions for venues that are not in the venues file (see [Venues bound what a submission may name](#venues-bound-what-a-submission-may-name))",
  }),
  ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE: flag({
    meaning:
      "**tests only**: allows `http` and loopback/private addresses for papers, callbacks and platform APIs (never lifts the allow-lists)",
  }),
});

export type AppEnvironment = z.output<typeof appEnvironmentSchema>;
export type PlatformEnvironment = z.output<typeof platformEnvironmentSchema>;

/** Probot's own variables: Probot reads them; listed here so the docs name every variable in one table. */
export const PROBOT_VARIABLES: ReadonlyArray<{ names: readonly string[]; either?: true; meaning: string }> = [
  { names: ["APP_ID"], meaning: "the app's id" },
  {
    names: ["PRIVATE_KEY", "PRIVATE_KEY_PATH"],
    either: true,
    meaning: "the app's private key (PEM text, or a path to the `.pem` file)",
  },
  {
    names: ["WEBHOOK_SECRET"],
    meaning:
      "the webhook secret; deliveries with a wrong signature get 400 (see [What an unsigned request can cost](#what-an-unsigned-request-can-cost))",
  },
  {
    names: ["PORT", "HOST"],
    meaning: "where the server listens (3000, localhost by default; the Docker image sets `0.0.0.0`)",
  },
  { names: ["LOG_LEVEL", "LOG_FORMAT"], meaning: "`trace` … `fatal`; `json` or `pretty`" },
  { names: ["WEBHOOK_PATH"], meaning: "webhook path, `/api/github/webhooks` by default" },
  { names: ["WEBHOOK_PROXY_URL"], meaning: "a smee.io channel for local development" },
  {
    names: ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
    meaning:
      "the app's OAuth client, written by the manifest flow; unused, and the secret is cut out of logs",
  },
  {
    names: ["GHE_HOST", "GHE_PROTOCOL"],
    meaning:
      "a GitHub Enterprise Server host (`github.example.edu`) and `https`/`http`; the API is `${GHE_PROTOCOL}://${GHE_HOST}/api/v3`",
  },
];

/** Parses one door's variables; the first invalid one stops the start, named, with the reason. */
function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InputError("invalid_setting", `${String(issue.path[0])} ${issue.message}`);
}

/**
 * The review-platform receiver's variables, parsed (secrets still as written).
 *
 * @example
 * readPlatformEnvironment({ ML_FOOTPRINT_MAX_PAPER_MB: "10" }).ML_FOOTPRINT_MAX_PAPER_MB // 10485760 (bytes)
 */
export function readPlatformEnvironment(env: Record<string, string | undefined>): PlatformEnvironment {
  return parseEnvironment(platformEnvironmentSchema, env);
}

/** Names of a schema's variables whose documentation says they hold secrets. */
function secretVariablesOf(schema: { shape: Record<string, z.ZodType> }): string[] {
  return Object.entries(schema.shape)
    .filter(([, variable]) => variableDocs.get(variable)?.secret)
    .map(([name]) => name);
}

/** The platform's variables whose values are secrets (comma-separated lists), for the log redaction. */
export const PLATFORM_SECRET_VARIABLES: readonly string[] = secretVariablesOf(platformEnvironmentSchema);

/**
 * Whether the environment asks for the receiver at all: one of the variables that turn it on is set.
 *
 * @example
 * platformConfigured({ ML_FOOTPRINT_VENUES_FILE: "ml-footprint.venues.yml" }) // true
 */
export function platformConfigured(env: Record<string, string | undefined>): boolean {
  return Object.entries(platformEnvironmentSchema.shape).some(
    ([name, variable]) => variableDocs.get(variable)?.turnsOnPlatform && !isUnset(env[name]),
  );
}

/**
 * Every secret value the named variables hold, each list item on its own too, for the log redaction.
 *
 * @example
 * secretValues({ ML_FOOTPRINT_PLATFORM_TOKENS: "t-one, t-two" }, ["ML_FOOTPRINT_PLATFORM_TOKENS"]) // ["t-one, t-two", "t-one", "t-two"]
 */
export function secretValues(
  env: Record<string, string | undefined>,
  variables: readonly string[] = PLATFORM_SECRET_VARIABLES,
): string[] {
  return variables
    .flatMap((name) => [env[name] ?? "", ...commaList(env[name])])
    .filter((value) => value.trim() !== "");
}

/**
 * github.com, and the GitHub Enterprise host when the app runs against one (Probot's GHE_HOST).
 *
 * @example
 * githubHostsFromEnv({ GHE_HOST: "GitHub.Example.edu" }) // ["github.com", "github.example.edu"]
 */
export function githubHostsFromEnv(env: Record<string, string | undefined>): string[] {
  const hosts = ["github.com"];
  const ghe = env.GHE_HOST?.trim().toLowerCase();
  if (ghe) hosts.push(ghe);
  return hosts;
}

/** Whether Probot has what it needs to act as the GitHub App: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH). */
export function appCredentialsPresent(env: Record<string, string | undefined>): boolean {
  return Boolean(env.APP_ID && (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH));
}

export interface AppSettings {
  /** Analyses running at the same time. */
  concurrency: number;
  /** Attempts per job (first included) when GitHub answers 5xx or rate-limits. */
  maxAttempts: number;
  backoff: BackoffSettings;
  limits: RepositoryLimits;
  /** An analysis running longer is abandoned and reported as failed. */
  analysisTimeoutMs: number;
  /**
   * The work root: every temporary folder of the app lives under it, in a folder per process that the next
   * start removes when the process is gone (src/github/checkout/work-root.ts).
   */
  tmpRoot: string;
  /**
   * The queue's journal (SQLite), so a restarted server takes over unfinished analyses; null: none (the
   * default for embedders and tests; `npm start` reads ML_FOOTPRINT_DATA_DIR, default `.ml-footprint`).
   */
  journalFile: string | null;
  /** HTTP path of the health check. */
  healthPath: string;
  /** Bounds on what an HTTP request may cost before its signature is known (both endpoints). */
  http: HttpLimits;
}

/**
 * What a request may cost the server before it is known to come from GitHub or a review platform. Bodies are
 * read only up to these bounds, and their signature is checked before anything else is done with them.
 */
export interface HttpLimits {
  /** Largest GitHub webhook body: GitHub caps its payloads at 25 MB. */
  webhookMaxBodyBytes: number;
  /** A body must arrive whole within this time (GitHub itself gives up after 10 s). */
  bodyTimeoutMs: number;
  /**
   * Bytes of request bodies being read at once, across both endpoints, before their signatures are known:
   * past it the server answers 503 (Retry-After) instead of buffering more. Bounds memory under a flood.
   */
  pendingBodyBytes: number;
}

/**
 * Reads the app's settings from the environment; an invalid value stops the app at start with a clear message.
 *
 * @example
 * settingsFromEnv({ ML_FOOTPRINT_CONCURRENCY: "4" }).concurrency // 4
 */
export function settingsFromEnv(env: Record<string, string | undefined>): AppSettings {
  const read = parseEnvironment(appEnvironmentSchema, env);
  return {
    concurrency: read.ML_FOOTPRINT_CONCURRENCY,
    maxAttempts: read.ML_FOOTPRINT_MAX_ATTEMPTS,
    backoff: { baseDelayMs: read.ML_FOOTPRINT_RETRY_BASE_MS, maxDelayMs: read.ML_FOOTPRINT_RETRY_MAX_MS },
    limits: {
      maxArchiveBytes: read.ML_FOOTPRINT_MAX_ARCHIVE_MB,
      maxStreamBytes: DEFAULT_REPOSITORY_LIMITS.maxStreamBytes,
      maxExtractedBytes: read.ML_FOOTPRINT_MAX_EXTRACTED_MB,
      maxEntries: read.ML_FOOTPRINT_MAX_FILES,
      maxFileBytes: read.ML_FOOTPRINT_MAX_FILE_MB,
    },
    analysisTimeoutMs: read.ML_FOOTPRINT_ANALYSIS_TIMEOUT_S,
    // The work-root module says which folders it must never clean (it is the one that removes entries).
    tmpRoot: checkWorkRoot(read.ML_FOOTPRINT_TMPDIR),
    journalFile: path.join(read.ML_FOOTPRINT_DATA_DIR, "queue.sqlite"),
    healthPath: "/ml-footprint/health",
    http: {
      webhookMaxBodyBytes: read.ML_FOOTPRINT_WEBHOOK_MAX_MB,
      bodyTimeoutMs: read.ML_FOOTPRINT_BODY_TIMEOUT_S,
      pendingBodyBytes: read.ML_FOOTPRINT_PENDING_BODIES_MB,
    },
  };
}

/**
 * The settings of an app embedded without environment (tests, the CLI): every default of the schema, and no
 * queue journal.
 */
export const DEFAULT_SETTINGS: AppSettings = { ...settingsFromEnv({}), journalFile: null };
