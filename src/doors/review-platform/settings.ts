/**
 * The review-platform receiver's settings: its variables parsed by the one environment schema (src/settings.ts),
 * its secrets decoded into Standard Webhooks keys, its body limit derived from the paper limit. Secrets and
 * tokens never come from a file in a repository. The receiver is off unless a secret, a venues file or a
 * database path is set.
 */
import { InputError } from "../../domain/errors.js";
import { readPlatformEnvironment } from "../../settings.js";
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

/** Room for a base64 paper (4/3 of its size) and the rest of the JSON. */
export function bodyLimitFor(maxPaperBytes: number): number {
  return Math.ceil((maxPaperBytes * 4) / 3) + 256 * 1024;
}

/** The keys of a list of secrets; a `whsec_` one that is not base64 stops the start, named by its place. */
function decodeSecrets(variable: string, secrets: string[]): Buffer[] {
  return secrets.map((secret, index) => {
    const decoded = decodeWebhookSecret(secret);
    if (!decoded)
      throw new InputError("invalid_setting", `${variable}: secret ${index + 1} is not valid base64`);
    return decoded;
  });
}

/**
 * Reads the settings; an invalid value stops the app at start with a message naming the variable.
 *
 * @example
 * platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_SECRETS: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }).webhookSecrets.length // 1
 */
export function platformSettingsFromEnv(env: Record<string, string | undefined>): PlatformSettings {
  const read = readPlatformEnvironment(env);
  const webhookSecrets = decodeSecrets("ML_FOOTPRINT_PLATFORM_SECRETS", read.ML_FOOTPRINT_PLATFORM_SECRETS);
  const callback = read.ML_FOOTPRINT_CALLBACK_SECRET;
  const callbackSecret = callback ? decodeWebhookSecret(callback) : (webhookSecrets[0] ?? null);
  if (callback && !callbackSecret)
    throw new InputError("invalid_setting", "ML_FOOTPRINT_CALLBACK_SECRET is not valid base64");
  return {
    webhookSecrets,
    ojsSecrets: decodeSecrets("ML_FOOTPRINT_OJS_SECRETS", read.ML_FOOTPRINT_OJS_SECRETS),
    callbackSecret,
    readTokens: read.ML_FOOTPRINT_PLATFORM_TOKENS,
    databaseFile: read.ML_FOOTPRINT_PLATFORM_DB,
    venuesFile: read.ML_FOOTPRINT_VENUES_FILE,
    paperHosts: read.ML_FOOTPRINT_PAPER_HOSTS,
    callbackHosts: read.ML_FOOTPRINT_CALLBACK_HOSTS,
    allowPrivateNetwork: read.ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE,
    anyVenue: read.ML_FOOTPRINT_PLATFORM_ANY_VENUE,
    maxPaperBytes: read.ML_FOOTPRINT_MAX_PAPER_MB,
    maxBodyBytes: bodyLimitFor(read.ML_FOOTPRINT_MAX_PAPER_MB),
    paperTimeoutMs: read.ML_FOOTPRINT_PAPER_TIMEOUT_S,
    callbackTimeoutMs: read.ML_FOOTPRINT_CALLBACK_TIMEOUT_S,
    publicUrl: read.ML_FOOTPRINT_PUBLIC_URL,
    basePath: "/ml-footprint",
  };
}

/** The settings of a receiver set up without environment (tests, benches): every default of the schema. */
export const DEFAULT_PLATFORM_SETTINGS: PlatformSettings = platformSettingsFromEnv({});

export {
  platformConfigured,
  PLATFORM_SECRET_VARIABLES,
  secretValues,
  githubHostsFromEnv,
} from "../../settings.js";
