/**
 * Operator settings of the review-platform receiver, from environment variables (next to the app's own).
 * Secrets and tokens never come from a file in a repository. The receiver is off unless a secret, a venues file
 * or a database path is set.
 */
import { InputError } from "../../domain/errors.js";
import { decodeWebhookSecret } from "./auth/standard-webhooks.js";

export interface PlatformSettings {
  /** Standard Webhooks secrets (`whsec_<base64>` or plain text), newest first; several during a rotation. */
  webhookSecrets: Buffer[];
  /** Secrets of the OJS webhook plugin (`X-OJSBR-Webhook-Signature: sha256=<hex>`). */
  ojsSecrets: Buffer[];
  /** Signs the reports POSTed to callback URLs; the first webhook secret when unset. */
  callbackSecret: Buffer | null;
  /** Bearer tokens that read every venue (`GET /ml-footprint/submissions/:id`, the CSV). */
  readTokens: string[];
  /** SQLite file of submissions, reports, seen webhook ids and poll watermarks. */
  databaseFile: string;
  /** `ml-footprint.venues.yml`: per-venue pull adapters, OJS mapping, read tokens; null when unset. */
  venuesFile: string | null;
  /** Hosts papers may be fetched from (`papers.example.org`, `*.openreview.net`); pull adapters add their own. */
  paperHosts: string[];
  /** Hosts callbacks may go to; empty means any public host. */
  callbackHosts: string[];
  /** Tests only: allow http and loopback / private addresses for papers, callbacks and adapters. */
  allowPrivateNetwork: boolean;
  /**
   * Take submissions for venues that are not in the venues file. Off by default: a submission then names a
   * venue the operator configured (and its `organisation`, when set, bounds the repositories it may name).
   */
  anyVenue: boolean;
  maxPaperBytes: number;
  /**
   * Largest request body of POST /ml-footprint/submissions (refused by Content-Length before reading, cut
   * while reading): room for the base64 paper, 4/3 of ML_FOOTPRINT_MAX_PAPER_MB, and the rest of the JSON.
   */
  maxBodyBytes: number;
  paperTimeoutMs: number;
  callbackTimeoutMs: number;
  /** `https://footprint.example.org`: makes the `status_url` of a 202 answer absolute; relative otherwise. */
  publicUrl: string | null;
  /** URL path prefix of every route. */
  basePath: string;
}

/** The environment variables read, with what they set (documented in docs/review-platform.md). */
export const PLATFORM_ENV = {
  ML_FOOTPRINT_PLATFORM_SECRETS: "Standard Webhooks secrets, comma-separated (whsec_<base64> or plain)",
  ML_FOOTPRINT_OJS_SECRETS: "secrets of the OJS webhook plugin, comma-separated",
  ML_FOOTPRINT_CALLBACK_SECRET: "signs callback reports (default: the first platform secret)",
  ML_FOOTPRINT_PLATFORM_TOKENS: "bearer tokens that read every venue's submissions and CSV, comma-separated",
  ML_FOOTPRINT_PLATFORM_DB: "SQLite file (default ./.ml-footprint/platform.sqlite)",
  ML_FOOTPRINT_VENUES_FILE:
    "venues file (ml-footprint.venues.yml): pull adapters, OJS mapping, per-venue tokens",
  ML_FOOTPRINT_PAPER_HOSTS: "hosts paper URLs may point to, comma-separated (*.example.org allowed)",
  ML_FOOTPRINT_CALLBACK_HOSTS: "hosts callbacks may go to, comma-separated (default: any public host)",
  ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE: "tests only: 'true' allows http and loopback/private addresses",
  ML_FOOTPRINT_PLATFORM_ANY_VENUE:
    "'true' takes submissions for venues not in the venues file (default false: listed venues only)",
  ML_FOOTPRINT_MAX_PAPER_MB: "largest submission paper (default 25)",
  ML_FOOTPRINT_PAPER_TIMEOUT_S: "longest paper download (default 60)",
  ML_FOOTPRINT_CALLBACK_TIMEOUT_S: "longest wait for a callback answer (default 15)",
  ML_FOOTPRINT_PUBLIC_URL: "public base URL of this server, for absolute status URLs",
} as const;

const MB = 1024 * 1024;

export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = {
  webhookSecrets: [],
  ojsSecrets: [],
  callbackSecret: null,
  readTokens: [],
  databaseFile: ".ml-footprint/platform.sqlite",
  venuesFile: null,
  paperHosts: [],
  callbackHosts: [],
  allowPrivateNetwork: false,
  anyVenue: false,
  maxPaperBytes: 25 * MB,
  maxBodyBytes: bodyLimitFor(25 * MB),
  paperTimeoutMs: 60_000,
  callbackTimeoutMs: 15_000,
  publicUrl: null,
  basePath: "/ml-footprint",
};

/** Room for a base64 paper (4/3 of its size) and the rest of the JSON. */
export function bodyLimitFor(maxPaperBytes: number): number {
  return Math.ceil((maxPaperBytes * 4) / 3) + 256 * 1024;
}

const list = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function positive(
  env: Record<string, string | undefined>,
  name: keyof typeof PLATFORM_ENV,
  fallback: number,
) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new InputError("invalid_setting", `${name} must be a positive number, not "${raw}"`);
  return value;
}

/** A true/false variable; unset is false. */
function flag(env: Record<string, string | undefined>, name: keyof typeof PLATFORM_ENV): boolean {
  const value = (env[name] ?? "").trim().toLowerCase();
  if (value !== "" && value !== "true" && value !== "false")
    throw new InputError("invalid_setting", `${name} must be true or false`);
  return value === "true";
}

function secrets(env: Record<string, string | undefined>, name: keyof typeof PLATFORM_ENV): Buffer[] {
  return list(env[name]).map((secret, index) => {
    const decoded = decodeWebhookSecret(secret);
    if (!decoded) throw new InputError("invalid_setting", `${name}: secret ${index + 1} is not valid base64`);
    return decoded;
  });
}

/** Whether the environment asks for the receiver at all (any of its settings is present). */
export function platformConfigured(env: Record<string, string | undefined>): boolean {
  return [
    "ML_FOOTPRINT_PLATFORM_SECRETS",
    "ML_FOOTPRINT_OJS_SECRETS",
    "ML_FOOTPRINT_VENUES_FILE",
    "ML_FOOTPRINT_PLATFORM_DB",
  ].some((name) => (env[name] ?? "").trim() !== "");
}

/**
 * Reads the settings; an invalid value stops the app at start with a message naming the variable.
 *
 * @example
 * platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_SECRETS: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }).webhookSecrets.length // 1
 */
export function platformSettingsFromEnv(env: Record<string, string | undefined>): PlatformSettings {
  const d = DEFAULT_PLATFORM_SETTINGS;
  const webhookSecrets = secrets(env, "ML_FOOTPRINT_PLATFORM_SECRETS");
  const callback = env.ML_FOOTPRINT_CALLBACK_SECRET?.trim();
  const callbackSecret = callback ? decodeWebhookSecret(callback) : (webhookSecrets[0] ?? null);
  if (callback && !callbackSecret)
    throw new InputError("invalid_setting", "ML_FOOTPRINT_CALLBACK_SECRET is not valid base64");
  const maxPaperBytes = positive(env, "ML_FOOTPRINT_MAX_PAPER_MB", d.maxPaperBytes / MB) * MB;
  const publicUrl = env.ML_FOOTPRINT_PUBLIC_URL?.trim() || null;
  if (publicUrl && !URL.canParse(publicUrl))
    throw new InputError("invalid_setting", `ML_FOOTPRINT_PUBLIC_URL is not a URL: "${publicUrl}"`);
  const allowPrivate = flag(env, "ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE");
  const anyVenue = flag(env, "ML_FOOTPRINT_PLATFORM_ANY_VENUE");
  return {
    webhookSecrets,
    ojsSecrets: secrets(env, "ML_FOOTPRINT_OJS_SECRETS"),
    callbackSecret,
    readTokens: list(env.ML_FOOTPRINT_PLATFORM_TOKENS),
    databaseFile: env.ML_FOOTPRINT_PLATFORM_DB?.trim() || d.databaseFile,
    venuesFile: env.ML_FOOTPRINT_VENUES_FILE?.trim() || null,
    paperHosts: list(env.ML_FOOTPRINT_PAPER_HOSTS).map((h) => h.toLowerCase()),
    callbackHosts: list(env.ML_FOOTPRINT_CALLBACK_HOSTS).map((h) => h.toLowerCase()),
    allowPrivateNetwork: allowPrivate,
    anyVenue,
    maxPaperBytes,
    maxBodyBytes: bodyLimitFor(maxPaperBytes),
    paperTimeoutMs: positive(env, "ML_FOOTPRINT_PAPER_TIMEOUT_S", d.paperTimeoutMs / 1000) * 1000,
    callbackTimeoutMs: positive(env, "ML_FOOTPRINT_CALLBACK_TIMEOUT_S", d.callbackTimeoutMs / 1000) * 1000,
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, "") : null,
    basePath: d.basePath,
  };
}

/** The platform's own environment variables whose values are secrets (comma-separated lists). */
export const PLATFORM_SECRET_VARIABLES = [
  "ML_FOOTPRINT_PLATFORM_SECRETS",
  "ML_FOOTPRINT_OJS_SECRETS",
  "ML_FOOTPRINT_CALLBACK_SECRET",
  "ML_FOOTPRINT_PLATFORM_TOKENS",
] as const;

/**
 * Every secret value the named variables hold, each list item on its own, for the log redaction.
 *
 * @example
 * secretValues({ ML_FOOTPRINT_PLATFORM_TOKENS: "t-one, t-two" }, ["ML_FOOTPRINT_PLATFORM_TOKENS"]) // ["t-one", "t-two"]
 */
export function secretValues(
  env: Record<string, string | undefined>,
  variables: readonly string[] = PLATFORM_SECRET_VARIABLES,
): string[] {
  return variables.flatMap((name) => [env[name] ?? "", ...list(env[name])]).filter((v) => v.trim() !== "");
}
