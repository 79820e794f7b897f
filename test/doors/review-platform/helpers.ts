/** Shared pieces of the review-platform tests: settings, signed requests, a loopback server, small PDFs. */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { createBodyBudget } from "../../../src/doors/http/body-budget.js";
import { signStandardWebhook } from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import type { Resolver } from "../../../src/doors/review-platform/net/safe-request.js";
import {
  DEFAULT_PLATFORM_SETTINGS,
  type PlatformSettings,
} from "../../../src/doors/review-platform/settings.js";
import { writePdf } from "../../helpers/pdf-writer.js";

/** `whsec_` + base64("demo-secret-one"); the second for rotation tests. */
export const SECRET_ONE = "whsec_ZGVtby1zZWNyZXQtb25l";
export const SECRET_TWO = "whsec_ZGVtby1zZWNyZXQtdHdv";
export const KEY_ONE = Buffer.from("demo-secret-one");
export const KEY_TWO = Buffer.from("demo-secret-two");
export const OJS_KEY = Buffer.from("ojs-plugin-secret");
export const READ_TOKEN = "pc-chair-token";

/** 2026-05-01T12:00:00Z, in the tests' fixed clock. */
export const NOW_MS = Date.parse("2026-05-01T12:00:00Z");
export const NOW_S = NOW_MS / 1000;

/** The app's bounds on unverified bodies, as a runtime hands them to the platform (64 MB budget, 5 s). */
export function testBodies(budgetBytes = 64 * 1024 * 1024, timeoutMs = 5_000) {
  return { budget: createBodyBudget(budgetBytes), timeoutMs, spoolDir: tmpdir() };
}

export function testSettings(overrides: Partial<PlatformSettings> = {}): PlatformSettings {
  return {
    ...DEFAULT_PLATFORM_SETTINGS,
    webhookSecrets: [KEY_ONE],
    ojsSecrets: [OJS_KEY],
    callbackSecret: KEY_ONE,
    readTokens: [READ_TOKEN],
    databaseFile: ":memory:",
    paperHosts: ["papers.demo-venue.org"],
    maxPaperBytes: 64 * 1024,
    maxBodyBytes: 96 * 1024,
    paperTimeoutMs: 2_000,
    callbackTimeoutMs: 2_000,
    ...overrides,
  };
}

/** Every name resolves to one public address (nock answers before any connection is made). */
export const publicResolver: Resolver = async () => [{ address: "93.184.216.34", family: 4 }];

/** Names resolve as listed; anything else does not exist. */
export function tableResolver(table: Record<string, string[]>): Resolver {
  return async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../../fixtures/platform/${name}`, import.meta.url), "utf8");
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A small PDF with one line of text. */
export function smallPdf(line = "We trained on 8 A100 GPUs for 3 days."): Buffer {
  return writePdf([[line]]);
}

export function submissionPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fixtureJson("submission.json"), ...overrides };
}

/** Standard Webhooks headers for `body`, signed with `keys` (several: the sender's rotation). */
export function standardHeaders(
  body: string,
  options: { id?: string; timestamp?: number; keys?: Buffer[] } = {},
): Record<string, string> {
  const id = options.id ?? "msg_demo_1";
  const timestamp = options.timestamp ?? NOW_S;
  const keys = options.keys ?? [KEY_ONE];
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": keys.map((key) => signStandardWebhook(id, timestamp, body, key)).join(" "),
  };
}

export interface LoopbackServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 running `handler` (404 for what it declines). */
export async function startLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>,
): Promise<LoopbackServer> {
  const server = createServer(async (req, res) => {
    if (!(await handler(req, res))) {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
