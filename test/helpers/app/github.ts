/** A Probot instance wired for tests, and nock answers for the GitHub calls the app makes. */
import { afterEach, beforeEach, expect } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { setupServer, type ServerServices, type ServerRuntime } from "../../../src/server.js";
import { DEFAULT_SETTINGS, type AppSettings } from "../../../src/settings.js";
import { captureLogger, type LogRecord } from "./logger.js";
import { renderStub, stubReport } from "./report.js";

export const API = "https://api.github.com";
export const CODELOAD = "https://codeload.github.com";
export const OWNER = "neurips-demo";
export const REPO = "paper-0042";
export const INSTALLATION = 4242;
export const SHA_MAIN = "2222222222222222222222222222222222222222";
export const SHA_PR = "3333333333333333333333333333333333333333";
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const CONFIG_PATH = `${REPO_PATH}/contents/.github%2Fml-footprint.yml`;
export const ORG_CONFIG_PATH = `/repos/${OWNER}/.github/contents/.github%2Fml-footprint.yml`;
export const BOT = { login: "ml-footprint[bot]", type: "Bot" };

export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

export const TEST_SETTINGS: AppSettings = {
  ...DEFAULT_SETTINGS,
  maxAttempts: 3,
  backoff: { baseDelayMs: 1, maxDelayMs: 5 },
  analysisTimeoutMs: 5_000,
};

export const FIXED_NOW = new Date("2026-05-01T12:00:00Z");

/** A webhook payload fixture (fresh copy). */
export function payload<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../../fixtures/webhooks/${name}.json`, import.meta.url), "utf8"),
  ) as T;
}

/** A configuration fixture's YAML text. */
export function configFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/app/config/${name}.yml`, import.meta.url), "utf8");
}

export interface TestApp {
  probot: Probot;
  runtime: ServerRuntime;
  logs: LogRecord[];
}

/** A Probot with retries and throttling off (the app's own queue retries), running the app with `services`. */
export async function startApp(
  services: Partial<ServerServices> = {},
  options: { baseUrl?: string } = {},
): Promise<TestApp> {
  const logs: LogRecord[] = [];
  const probot = new Probot({
    appId: 1001,
    privateKey: PRIVATE_KEY,
    log: captureLogger(logs),
    baseUrl: options.baseUrl,
    Octokit: ProbotOctokit.defaults((instanceOptions: object) => ({
      ...instanceOptions,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  const runtime = await setupServer(
    probot,
    { cwd: process.cwd(), addHandler: () => undefined },
    {
      runCheck: async () => stubReport(),
      renderCheckMarkdown: renderStub,
      settings: TEST_SETTINGS,
      now: () => FIXED_NOW,
      ...services,
    },
  );
  return { probot, runtime, logs };
}

/** Records request bodies for inline snapshots; use as a nock body matcher. */
export function capture(into: unknown[]): (body: unknown) => boolean {
  return (body) => {
    into.push(body);
    return true;
  };
}

export function mockToken(scope: nock.Scope): nock.Scope {
  return scope.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, {
    token: "ghs_test",
    expires_at: "2099-01-01T00:00:00Z",
    permissions: {
      metadata: "read",
      contents: "read",
      checks: "write",
      issues: "write",
      pull_requests: "write",
    },
    repository_selection: "selected",
  });
}

/** `.github/ml-footprint.yml` of the repository; `null` = absent here and in the org's `.github`. */
export function mockConfig(scope: nock.Scope, yaml: string | null): nock.Scope {
  if (yaml !== null)
    return scope.get(CONFIG_PATH).reply(200, yaml, { "content-type": "text/plain; charset=utf-8" });
  return scope
    .get(CONFIG_PATH)
    .reply(404, { message: "Not Found" })
    .get(ORG_CONFIG_PATH)
    .reply(404, { message: "Not Found" });
}

/** The archive endpoint: a redirect to codeload, which serves `body`. */
export function mockTarball(scope: nock.Scope, sha: string, body: Buffer): nock.Scope {
  const codeloadPath = `/${OWNER}/${REPO}/legacy.tar.gz/${sha}`;
  nock(CODELOAD)
    .get(codeloadPath)
    .reply(200, body, { "content-type": "application/x-gzip", "content-length": String(body.length) });
  return scope.get(`${REPO_PATH}/tarball/${sha}`).reply(302, "", { location: `${CODELOAD}${codeloadPath}` });
}

/** What the app asks when it looks for its check run of an analysis on a commit (find-or-create). */
export const CHECK_RUNS_QUERY = {
  check_name: "Footprint checklist",
  filter: "all",
  per_page: 100,
  app_id: 1001,
};

/** The app's check runs on `sha` (none by default): the lookup before opening a check run. */
export function mockCheckRuns(scope: nock.Scope, sha: string, runs: object[] = []): nock.Scope {
  return scope
    .get(`${REPO_PATH}/commits/${sha}/check-runs`)
    .query(CHECK_RUNS_QUERY)
    .reply(200, { total_count: runs.length, check_runs: runs });
}

export function mockAppSlug(scope: nock.Scope): nock.Scope {
  return scope.get("/app").reply(200, { id: 1001, slug: "ml-footprint", name: "ml-footprint" });
}

/** Every mock was used, and nothing else was asked for (nock.disableNetConnect is on). */
export function expectAllCalled(): void {
  const pending = nock.pendingMocks();
  if (pending.length > 0) throw new Error(`GitHub calls expected but not made:\n${pending.join("\n")}`);
}

/** Delivers a webhook the way Probot's HTTP middleware would after verifying it. */
export async function deliver(probot: Probot, name: string, id: string, body: object): Promise<void> {
  await probot.receive({ id, name, payload: body } as never);
}

/** Collects requests nock could not match (with disableNetConnect they fail the job, not the test). */
export function watchUnmatched(): { unmatched: string[]; stop: () => void } {
  const unmatched: string[] = [];
  const listener = (req: { method?: string; path?: string; href?: string; url?: string }) =>
    unmatched.push(`${req.method ?? "?"} ${req.href ?? req.url ?? req.path ?? "?"}`);
  nock.emitter.on("no match", listener);
  return { unmatched, stop: () => nock.emitter.removeListener("no match", listener) };
}

/**
 * For a test file whose GitHub is nock: no real network, unmatched calls watched during each test, mocks cleared
 * after it. Returns the check that every mock was used and nothing else was asked for.
 */
export function mockGitHubEachTest(): () => void {
  let watch: ReturnType<typeof watchUnmatched> | undefined;
  beforeEach(() => {
    nock.disableNetConnect();
    watch = watchUnmatched();
  });
  afterEach(() => {
    watch?.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return () => {
    expectAllCalled();
    expect(watch?.unmatched).toEqual([]);
  };
}
