/**
 * The server's HTTP front under abuse, over real HTTP on loopback: the real Probot server (`run`, as
 * `npm start` does) with the app and the review-platform receiver, GitHub played by the fake API. Requests
 * are written at the byte level where the test must know that the server answered before a body was sent.
 *
 * Limits are small so the tests are fast: webhooks 256 KB, submissions 200 KB, 1 s to send a body, 640 KB
 * of unverified bodies at once across both endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Server } from "probot";
import { setupServer, type ServerRuntime } from "../../../src/server.js";
import type { AppSettings } from "../../../src/settings.js";
import { setupReviewPlatform, type ReviewPlatform } from "../../../src/doors/review-platform/index.js";
import type { VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { standardHeaders, submissionPayload, testSettings } from "../review-platform/helpers.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { payload, SHA_MAIN, TEST_SETTINGS } from "../../helpers/app/github.js";
import { githubSignature, startProbotServer } from "../../helpers/app/probot-server.js";
import { feedChunks, rawExchange, requestHead } from "../../helpers/app/raw-http.js";
import { renderStub, stubReport } from "../../helpers/app/report.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const SECRET = "front-webhook-secret";
const KB = 1024;
const WEBHOOK_LIMIT = 256 * KB;
const SUBMISSION_LIMIT = 200 * KB;
const BUDGET = 640 * KB;
const SETTINGS: AppSettings = {
  ...TEST_SETTINGS,
  http: { webhookMaxBodyBytes: WEBHOOK_LIMIT, bodyTimeoutMs: 1_000, pendingBodyBytes: BUDGET },
};
const VENUES: VenuesConfig = {
  venues: [{ id: "Demo.cc/2026/Conference", organisation: "demo-2026-code" }],
  source: "test",
};
const HOOK = "/api/github/webhooks";
const SUBMISSIONS = "/ml-footprint/submissions";

interface Front {
  base: string;
  server: Server;
  runtime: ServerRuntime;
  platform: ReviewPlatform | null;
}

let fake: Awaited<ReturnType<typeof startFakeGitHub>>;

/**
 * The server. `knownSecret`: the app is told the secret Probot was given (as WEBHOOK_SECRET tells it in
 * production), so it verifies while reading; otherwise it learns nothing and verifies through Probot.
 */
async function startFront(knownSecret: boolean): Promise<Front> {
  let runtime: ServerRuntime | undefined;
  let platform: ReviewPlatform | null = null;
  const { server, base } = await startProbotServer(
    async (app, options) => {
      runtime = await setupServer(app, options, {
        runCheck: async () => stubReport(),
        renderCheckMarkdown: renderStub,
        settings: SETTINGS,
        ...(knownSecret ? { webhookSecret: SECRET } : {}),
      });
      platform = await setupReviewPlatform(app, options, runtime, {
        settings: testSettings({ maxBodyBytes: SUBMISSION_LIMIT, maxPaperBytes: 128 * KB }),
        venues: VENUES,
        env: {},
        schedulePolls: false,
        installationFor: async () => 4242,
      });
    },
    { secret: SECRET, githubHost: fake.host },
  );
  return { base, server, runtime: runtime!, platform };
}

async function stopFront(front: Front | undefined): Promise<void> {
  await front?.runtime.close();
  await front?.platform?.close();
  await front?.server.stop();
}

const sign = (body: string | Buffer, secret = SECRET) => githubSignature(body, secret);

const webhookHeaders = (body: string | Buffer, secret = SECRET, id = "delivery-1") => ({
  "content-type": "application/json",
  "x-github-event": "push",
  "x-github-delivery": id,
  "x-hub-signature-256": sign(body, secret),
});

async function postWebhook(front: Front, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(`${front.base}${HOOK}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, text };
}

beforeAll(async () => {
  fake = await startFakeGitHub({
    tarball: (_owner: string, _repo: string, sha: string) => paperRepoTarball(sha),
  });
});
afterAll(async () => {
  await fake?.close();
});

describe.each([
  ["the secret known, verified while the body arrives", true],
  ["the secret learnt from Probot only, verified once the body is read", false],
])("GitHub webhooks, %s", (_mode, knownSecret) => {
  let front: Front;
  beforeAll(async () => {
    front = await startFront(knownSecret);
  });
  afterAll(() => stopFront(front));

  it("refuses a bad signature (400) and does nothing else: no job, no call to GitHub", async () => {
    const before = fake.state.requests.length;
    const body = JSON.stringify(payload("push"));
    const answer = await postWebhook(front, body, webhookHeaders(body, "not-the-secret", "forged-1"));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: "bad_signature" });
    await front.runtime.queue.onIdle();
    expect(front.runtime.queue.stats()).toMatchObject({ completed: 0, waiting: 0, running: 0 });
    expect(fake.state.requests.length).toBe(before);
  });

  it("hands a signed push to Probot, which answers 200 and dispatches it", async () => {
    const body = JSON.stringify(payload("push"));
    const answer = await postWebhook(
      front,
      body,
      webhookHeaders(body, SECRET, `signed-${String(knownSecret)}`),
    );
    expect(answer).toEqual({ status: 200, text: "ok\n" });
    await front.runtime.queue.onIdle();
    expect(front.runtime.queue.stats().completed).toBe(1);
    expect(fake.state.checkRuns.some((r: { head_sha: string }) => r.head_sha === SHA_MAIN)).toBe(true);
  });
});

describe("GitHub webhooks: bounds checked before and while reading", () => {
  let front: Front;
  beforeAll(async () => {
    front = await startFront(true);
  });
  afterAll(() => stopFront(front));

  const forged = (extra: Record<string, string> = {}) => ({
    "content-type": "application/json",
    "x-github-event": "push",
    "x-github-delivery": "abuse-1",
    "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    ...extra,
  });

  it("refuses a declared Content-Length over the limit (413) before a byte of the body is sent", async () => {
    const answer = await rawExchange(
      front.base,
      requestHead("POST", HOOK, forged({ "content-length": String(WEBHOOK_LIMIT + 1) })),
    );
    expect(answer).toMatchObject({ status: 413, closed: true });
    expect(JSON.parse(answer.body)).toMatchObject({ error: "payload_too_large" });
  });

  it("cuts a chunked body at the limit (413) and closes the connection", async () => {
    const answer = await rawExchange(
      front.base,
      requestHead("POST", HOOK, forged({ "transfer-encoding": "chunked" })),
      feedChunks(16 * KB, 4 * WEBHOOK_LIMIT),
    );
    expect(answer).toMatchObject({ status: 413, closed: true });
    expect(answer.headers.connection).toBe("close");
  });

  it("refuses what its headers give away before reading the body: type (415), headers (400), signature form (400)", async () => {
    const withBody = (headers: Record<string, string>) => ({ ...headers, "content-length": "100000" });
    const noSignature: Record<string, string> = withBody(forged());
    delete noSignature["x-hub-signature-256"];
    const cases: Array<[Record<string, string>, number, string]> = [
      [withBody(forged({ "content-type": "text/plain" })), 415, "unsupported_media_type"],
      [noSignature, 400, "missing_headers"],
      [withBody(forged({ "x-hub-signature-256": "sha1=abc" })), 400, "malformed_signature"],
    ];
    for (const [headers, status, error] of cases) {
      const answer = await rawExchange(front.base, requestHead("POST", HOOK, headers));
      expect({ status: answer.status, closed: answer.closed, error: JSON.parse(answer.body).error }).toEqual({
        status,
        closed: true,
        error,
      });
    }
  });

  it("cuts a body that does not arrive within the time bound (408)", async () => {
    const answer = await rawExchange(
      front.base,
      requestHead("POST", HOOK, forged({ "content-length": "1000" })),
      (socket) => socket.write("x".repeat(10)),
    );
    expect(answer).toMatchObject({ status: 408, closed: true });
    expect(answer.ms).toBeGreaterThanOrEqual(900);
    expect(answer.ms).toBeLessThan(3_000);
  });

  it("refuses a signed body that is not JSON, or not UTF-8, without handing it on", async () => {
    const notJson = "not json at all";
    expect(await postWebhook(front, notJson, webhookHeaders(notJson))).toMatchObject({ status: 400 });
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const answer = await postWebhook(front, notUtf8, webhookHeaders(notUtf8));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: "malformed_body" });
    await front.runtime.queue.onIdle();
    expect(front.runtime.queue.stats().completed).toBe(0);
  });

  it("guards the path with a trailing slash too, and leaves other methods to Probot (404)", async () => {
    const answer = await rawExchange(
      front.base,
      requestHead("POST", `${HOOK}/`, forged({ "content-length": String(WEBHOOK_LIMIT + 1) })),
    );
    expect(answer.status).toBe(413);
    expect((await fetch(`${front.base}${HOOK}`)).status).toBe(404);
  });
});

describe("both endpoints share one budget of unverified bodies", () => {
  let front: Front;
  beforeAll(async () => {
    front = await startFront(true);
  });
  afterAll(() => stopFront(front));

  /** Sends `bytes` of a chunked body at once, then nothing more: the server holds them until the time bound. */
  const hold = (path: string, headers: Record<string, string>, bytes: number) =>
    rawExchange(
      front.base,
      requestHead("POST", path, { ...headers, "transfer-encoding": "chunked" }),
      feedChunks(16 * KB, bytes, { end: false }),
    );

  it("answers 503 with Retry-After past the budget, whichever endpoint fills it, and takes a signed push after", async () => {
    const forgedHook = {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": "hold",
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    };
    const submissionHead = standardHeaders("{}", { timestamp: Math.floor(Date.now() / 1000) });
    // 3 x 192 KB held (576 KB of 640 KB): two on the webhook path, one on the submission path.
    const holders = [
      hold(HOOK, forgedHook, 192 * KB),
      hold(HOOK, forgedHook, 192 * KB),
      hold(SUBMISSIONS, submissionHead, 192 * KB),
    ];
    await new Promise((r) => setTimeout(r, 300));
    expect(front.runtime.bodies.budget.inUse).toBeGreaterThan(500 * KB);

    const refused = await rawExchange(
      front.base,
      requestHead("POST", SUBMISSIONS, { ...submissionHead, "transfer-encoding": "chunked" }),
      feedChunks(16 * KB, 160 * KB),
    );
    expect(refused).toMatchObject({ status: 503, closed: true, headers: { "retry-after": "5" } });
    expect(JSON.parse(refused.body)).toMatchObject({ error: "server_busy" });

    // The holders are cut at the time bound; their bytes go back to the budget.
    expect((await Promise.all(holders)).map((a) => a.status)).toEqual([408, 408, 408]);
    expect(front.runtime.bodies.budget.inUse).toBe(0);

    const body = JSON.stringify(payload("push"));
    expect(await postWebhook(front, body, webhookHeaders(body, SECRET, "after-flood"))).toMatchObject({
      status: 200,
    });
    const submission = JSON.stringify(submissionPayload({ id: "after-flood" }));
    const accepted = await fetch(`${front.base}${SUBMISSIONS}`, {
      method: "POST",
      headers: standardHeaders(submission, {
        id: "msg_after_flood",
        timestamp: Math.floor(Date.now() / 1000),
      }),
      body: submission,
    });
    expect(accepted.status).toBe(202);
    await front.runtime.queue.onIdle();
  });
});
