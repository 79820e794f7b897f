/**
 * Pull adapters: for platforms that push nothing (OpenReview, HotCRP), one pass asks the platform's API for
 * submissions new or modified since the stored watermark and returns them as our submissions.
 */
import { InputError } from "../../../domain/errors.js";
import {
  safeRequest,
  UpstreamUnavailableError,
  type NetworkPolicy,
  type SafeResponse,
} from "../net/safe-request.js";
import type { Submission } from "../submission/schema.js";

export interface PullResult {
  submissions: Submission[];
  /** Platform entries that are not submissions we can analyse, with why. */
  skipped: Array<{ id: string; reason: string }>;
  /** The watermark to store after the submissions are stored; unchanged when nothing new was seen. */
  watermark: string | null;
  /** API requests made. */
  requests: number;
}

export interface PullAdapter {
  readonly name: "openreview" | "hotcrp";
  poll(watermark: string | null): Promise<PullResult>;
}

export interface AdapterDependencies {
  /** The API host only (and its redirects' hosts must be allowed too). */
  policy: NetworkPolicy;
  env: Record<string, string | undefined>;
  githubHosts: readonly string[];
  timeoutMs: number;
}

const MAX_API_BYTES = 32 * 1024 * 1024;

/** A secret from the environment variable the venues file names; a clear error when it is unset. */
export function secretFromEnv(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new InputError("missing_secret", `${what}: the environment variable ${name} is not set.`);
  return value;
}

/** One JSON API call under the network policy; non-2xx answers become errors naming the platform. */
export async function apiJson(
  url: string,
  deps: AdapterDependencies,
  platform: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string } = {},
): Promise<unknown> {
  const response: SafeResponse = await safeRequest(url, deps.policy, {
    method: init.method ?? "GET",
    headers: { accept: "application/json", "user-agent": "ml-footprint", ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
    maxBytes: MAX_API_BYTES,
    timeoutMs: deps.timeoutMs,
    maxRedirects: 2,
    what: `${platform} API`,
  });
  if (response.status >= 500 || response.status === 429)
    throw new UpstreamUnavailableError(`the ${platform} API answered ${response.status}`);
  let body: unknown = null;
  try {
    body = JSON.parse(response.body.toString("utf8"));
  } catch {
    body = null;
  }
  if (response.status < 200 || response.status >= 300) {
    const message =
      (body as { message?: unknown } | null)?.message ??
      (body as { message_list?: Array<{ message?: string }> } | null)?.message_list?.[0]?.message ??
      "";
    throw new InputError(
      "platform_error",
      `The ${platform} API answered ${response.status}${message ? `: ${String(message)}` : ""}.`,
    );
  }
  if (body === null) throw new InputError("platform_error", `The ${platform} API did not answer with JSON.`);
  return body;
}
