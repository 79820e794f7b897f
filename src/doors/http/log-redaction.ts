/**
 * Nothing a request carries and no secret of the server reaches a log line. Our own code logs neither (it
 * logs statuses, codes and ids); this is the rule for every line the process writes, Probot's and its HTTP
 * access log's included, applied to each line just before it is written:
 *
 *   - the values of the keys in REDACTED_KEYS (authorization headers, webhook signatures, secrets, private
 *     keys, tokens, passwords, webhook payloads, raw bodies), wherever they appear, become "[redacted]";
 *     `body` too under a request or response, and an `event` object keeps only its id and name;
 *   - every known secret value (the app's and the platform's, from the environment) is cut out of any string;
 *   - a string longer than MAX_LOGGED_STRING is cut there, so a body logged under an unexpected key cannot
 *     fill the log.
 *
 * It hooks into pino's `streamWrite` hook of the process's logger (the logger Probot made from LOG_LEVEL and
 * LOG_FORMAT), so it works whether the server was started by `probot run` or by `run()` in a test.
 */
import type { Logger } from "probot";

/** Keys whose values never reach a log line, compared without case, `-` or `_`. */
export const REDACTED_KEYS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-hub-signature",
  "x-hub-signature-256",
  "webhook-signature",
  "x-ojsbr-webhook-signature",
  "private_key",
  "secret",
  "secrets",
  "webhook_secret",
  "client_secret",
  "token",
  "access_token",
  "refresh_token",
  "password",
  "payload",
  "raw_body",
];

/** `body` is redacted under these keys (an HTTP request's or response's body). */
const BODY_OWNERS = new Set(["req", "request", "res", "response"]);

/** Longest string value written to a log line. */
export const MAX_LOGGED_STRING = 4096;

/** Shorter "secrets" are not cut out of log text (it would garble every line); they are refused nowhere else. */
export const MIN_SECRET_LENGTH = 6;

export const REDACTED = "[redacted]";

/** The environment variables of the app whose values are secrets (the platform adds its own). */
export const APP_SECRET_VARIABLES = ["WEBHOOK_SECRET", "PRIVATE_KEY", "GITHUB_CLIENT_SECRET"] as const;

const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, "");
const REDACTED_SET = new Set(REDACTED_KEYS.map(normalise));

export interface LogRedactor {
  /** Adds secret values to cut out of every line (empty and short values are ignored). */
  addSecrets(values: Iterable<string | undefined | null>): void;
  /** One JSON log line, redacted (a line that is not JSON is cut and scrubbed as text). */
  redactLine(line: string): string;
  /** A value about to be logged, redacted. */
  redactValue(value: unknown): unknown;
}

/**
 * @example
 * const redactor = createLogRedactor(["s3cret-value"]);
 * redactor.redactLine('{"msg":"x","req":{"headers":{"authorization":"Bearer t0ken"}},"note":"s3cret-value"}\n')
 * // '{"msg":"x","req":{"headers":{"authorization":"[redacted]"}},"note":"[redacted]"}\n'
 */
export function createLogRedactor(initial: Iterable<string | undefined | null> = []): LogRedactor {
  let secrets: string[] = [];

  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.length > MAX_LOGGED_STRING
      ? `${out.slice(0, MAX_LOGGED_STRING)}…[${out.length - MAX_LOGGED_STRING} more characters]`
      : out;
  };

  const redact = (value: unknown, parentKey: string, depth: number): unknown => {
    if (typeof value === "string") return scrub(value);
    if (value === null || typeof value !== "object") return value;
    if (depth > 32) return "[too deep]";
    if (Array.isArray(value)) return value.map((item) => redact(item, parentKey, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const name = normalise(key);
      const sensitive = REDACTED_SET.has(name) || (name === "body" && BODY_OWNERS.has(normalise(parentKey)));
      if (sensitive && (typeof inner === "string" || (inner !== null && typeof inner === "object")))
        out[scrub(key)] = REDACTED;
      else if (name === "event" && inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
        // An event object (Probot's errors carry the whole webhook) keeps what identifies it.
        const { id, name: eventName } = inner as { id?: unknown; name?: unknown };
        out[key] = redact({ id, name: eventName }, key, depth + 1);
      } else out[scrub(key)] = redact(inner, key, depth + 1);
    }
    return out;
  };

  const redactor: LogRedactor = {
    addSecrets(values) {
      const all = new Set(secrets);
      for (const value of values) {
        const text = value?.trim();
        if (!text || text.length < MIN_SECRET_LENGTH) continue;
        all.add(text);
        // A PEM key is cut line by line too, in case part of it is ever quoted.
        if (text.includes("-----BEGIN"))
          for (const line of text.split(/\r?\n|\\n/))
            if (line.trim().length >= 16 && !line.includes("-----")) all.add(line.trim());
      }
      // Longest first, so a secret containing another is cut whole.
      secrets = [...all].sort((a, b) => b.length - a.length);
    },
    redactValue: (value) => redact(value, "", 0),
    redactLine(line) {
      const newline = line.endsWith("\n") ? "\n" : "";
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return scrub(line.trimEnd()) + newline;
      }
      return JSON.stringify(redact(parsed, "", 0)) + newline;
    },
  };
  redactor.addSecrets(initial);
  return redactor;
}

/** The app's secret values in the environment. */
export function appSecretValues(env: Record<string, string | undefined>): string[] {
  return APP_SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => Boolean(v));
}

const INSTALLED = Symbol.for("ml-footprint.log-redactor");

type StreamWriteHook = (line: string) => string;
interface PinoHooks {
  streamWrite?: StreamWriteHook;
  [INSTALLED]?: LogRedactor;
  [key: string]: unknown;
}

/**
 * The object in a pino logger's prototype chain that owns its hooks (the root logger: children inherit it),
 * found by the symbol's description (pino exports it as `pino.symbols.hooksSym`).
 */
function pinoHooksOwner(
  logger: object,
): { owner: Record<symbol, PinoHooks | undefined>; symbol: symbol } | null {
  for (let o: object | null = logger; o; o = Object.getPrototypeOf(o) as object | null) {
    const symbol = Object.getOwnPropertySymbols(o).find((s) => s.description === "pino.hooks");
    if (symbol) return { owner: o as Record<symbol, PinoHooks | undefined>, symbol };
  }
  return null;
}

/**
 * Makes every line of the process's pino logger (and its children, created before or after) pass through
 * the redactor just before it is written. Null when the logger is not pino (tests' recording loggers); the
 * redactor already installed when called again on the same logger, with the secrets added.
 *
 * @example
 * const redactor = installLogRedaction(app.log, appSecretValues(process.env));
 * redactor?.addSecrets(platformSecrets);
 */
export function installLogRedaction(
  logger: Logger,
  secrets: Iterable<string | undefined | null> = [],
): LogRedactor | null {
  const found = pinoHooksOwner(logger);
  if (!found) return null;
  const hooks: PinoHooks = found.owner[found.symbol] ?? {};
  const existing = hooks[INSTALLED];
  if (existing) {
    existing.addSecrets(secrets);
    return existing;
  }
  const redactor = createLogRedactor(secrets);
  const previous = hooks.streamWrite;
  found.owner[found.symbol] = {
    ...hooks,
    streamWrite: (line: string) => redactor.redactLine(previous ? previous(line) : line),
    [INSTALLED]: redactor,
  };
  return redactor;
}
