/**
 * Outbound HTTP for URLs that come from outside (paper URLs, callback URLs, platform APIs), built so a URL
 * cannot turn the server against its own network (SSRF):
 *
 *   1. https only; the host must be on the allow-list when there is one.
 *   2. The name is resolved first and EVERY address checked: loopback, private, link-local, metadata and other
 *      special-purpose addresses are refused.
 *   3. The connection goes to the address that was checked (the socket's DNS lookup is pinned to it), so a
 *      second, different DNS answer (rebinding) cannot slip in between check and connect.
 *   4. Redirects are followed by hand, each hop checked again like the first; credentials for the platform's
 *      own host are sent only while the hop stays on that origin.
 *   5. The body is read up to a byte limit (refused as soon as it is passed) within an overall deadline.
 *
 * `allowPrivateNetwork` (tests only) lifts 1's https rule and 2's address rule, never the allow-list.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { InputError } from "../../../domain/errors.js";
import { hostAllowed, nonPublicReason } from "./addresses.js";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (injectable: tests answer without DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface NetworkPolicy {
  /** Hosts that may be reached (`*.example.org` allowed); null means any public host. */
  allowedHosts: readonly string[] | null;
  /** Tests only: allow http and non-public addresses. */
  allowPrivateNetwork: boolean;
  resolve?: Resolver;
}

export interface SafeRequestOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The response body may not be larger (bytes). */
  maxBytes: number;
  /** Deadline for the whole exchange, redirects included. */
  timeoutMs: number;
  /** 0: a redirect is returned to the caller as is. */
  maxRedirects: number;
  /** Extra headers (a bearer token) sent only to this origin. */
  credentials?: { origin: string; headers: Record<string, string> } | null;
  /** What the URL is, for messages: "paper URL", "callback URL". */
  what?: string;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

/**
 * The other side did not answer in time, or the connection failed: worth another attempt. It carries a 503
 * status because the queue's retry policy retries 5xx answers with backoff.
 */
export class UpstreamUnavailableError extends Error {
  readonly status = 503;
  constructor(message: string) {
    super(message);
    this.name = "UpstreamUnavailableError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Checks a URL against the policy without resolving it (no DNS): scheme, credentials in the URL, allow-list,
 * and IP literals. Returns the reason it is refused, or null. Used at receipt, so a sender learns at once.
 *
 * @example
 * urlPolicyProblem("http://papers.example.org/1.pdf", { allowedHosts: ["papers.example.org"], allowPrivateNetwork: false })
 * // "must use https"
 */
export function urlPolicyProblem(raw: string, policy: NetworkPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(policy.allowPrivateNetwork && url.protocol === "http:"))
    return "must use https";
  if (url.username || url.password) return "must not carry a user name or password";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (policy.allowedHosts !== null && !hostAllowed(host, policy.allowedHosts))
    return `host ${host} is not on the allow-list`;
  if (!policy.allowPrivateNetwork && isIP(host) !== 0) {
    const reason = nonPublicReason(host);
    if (reason) return `host ${host} is not a public address (${reason})`;
  }
  return null;
}

/** Resolves and checks every address of the URL's host; returns the one to connect to. */
async function checkedAddress(url: URL, policy: NetworkPolicy, what: string): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const problem = urlPolicyProblem(url.href, policy);
  if (problem) throw new InputError("url_refused", `The ${what} was refused: ${problem}.`);
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOTFOUND" || code === "ENODATA")
        throw new InputError("url_refused", `The ${what} was refused: ${host} does not resolve.`);
      throw new UpstreamUnavailableError(`could not resolve ${host}: ${(error as Error).message}`);
    }
  }
  if (addresses.length === 0)
    throw new InputError("url_refused", `The ${what} was refused: ${host} does not resolve.`);
  if (!policy.allowPrivateNetwork) {
    for (const { address } of addresses) {
      const reason = nonPublicReason(address);
      if (reason)
        throw new InputError(
          "url_refused",
          `The ${what} was refused: ${host} resolves to ${address}, which is not a public address (${reason}).`,
        );
    }
  }
  return addresses[0]!;
}

/** A lookup that always answers with the address already checked. */
function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as unknown as LookupFunction;
}

interface Hop {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function oneHop(
  url: URL,
  address: ResolvedAddress,
  options: SafeRequestOptions,
  method: string,
  body: string | Buffer | undefined,
  deadline: AbortSignal,
  what: string,
): Promise<Hop> {
  const credentials =
    options.credentials && options.credentials.origin === url.origin ? options.credentials.headers : {};
  const headers: Record<string, string> = { ...options.headers, ...credentials };
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Hop>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const request = client.request(url, { method, headers, lookup: pinnedLookup(address), signal: deadline });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (deadline.aborted) fail(new UpstreamUnavailableError(`the ${what} did not answer in time`));
      else
        fail(
          new UpstreamUnavailableError(`the ${what} could not be reached: ${error.code ?? error.message}`),
        );
    });
    request.on("response", (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        settled = true;
        resolve({ status, headers: response.headers, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        response.destroy();
        fail(tooLarge(what, options.maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          fail(tooLarge(what, options.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => {
        if (settled) return;
        settled = true;
        resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on("error", () =>
        fail(
          new UpstreamUnavailableError(
            deadline.aborted ? `the ${what} did not answer in time` : `the ${what} broke off its answer`,
          ),
        ),
      );
    });
    request.end(body);
  });
}

function tooLarge(what: string, maxBytes: number): InputError {
  return new InputError(
    "too_large",
    `The ${what} answered with more than ${Math.round(maxBytes / 1024)} KB.`,
  );
}

/**
 * Makes a request under the policy (see the module comment). Policy refusals and oversized answers are
 * `InputError`s (final); timeouts and connection failures are `UpstreamUnavailableError`s (retried).
 *
 * @example
 * const { status, body } = await safeRequest("https://papers.example.org/42.pdf", policy,
 *   { maxBytes: 25 << 20, timeoutMs: 60_000, maxRedirects: 3, what: "paper URL" });
 */
export async function safeRequest(
  rawUrl: string,
  policy: NetworkPolicy,
  options: SafeRequestOptions,
): Promise<SafeResponse> {
  const what = options.what ?? "URL";
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let url = new URL(rawUrl);
  let method: string = options.method ?? "GET";
  let body = options.body;
  for (let hop = 0; ; hop++) {
    const address = await checkedAddress(url, policy, hop === 0 ? what : `${what} (redirect)`);
    if (deadline.aborted) throw new UpstreamUnavailableError(`the ${what} did not answer in time`);
    const answer = await oneHop(url, address, options, method, body, deadline, what);
    const location = answer.headers.location;
    if (!REDIRECTS.has(answer.status) || !location || options.maxRedirects === 0)
      return { ...answer, url: url.href };
    if (hop >= options.maxRedirects)
      throw new InputError("url_refused", `The ${what} redirected more than ${options.maxRedirects} times.`);
    url = new URL(location, url);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
  }
}
