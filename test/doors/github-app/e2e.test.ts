/**
 * End to end over HTTP: the real Probot server (`run`, as `npm start` does, configured by the same environment
 * variables) on 127.0.0.1, signed webhooks sent to /api/github/webhooks, and GitHub played by a fake API on
 * loopback reached through GHE_HOST/GHE_PROTOCOL. Only the checklist pipeline is a stub.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Server } from "probot";
import { setupServer, type ServerRuntime } from "../../../src/server.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { FIXED_NOW, payload, SHA_MAIN, SHA_PR, TEST_SETTINGS } from "../../helpers/app/github.js";
import { sendWebhook as postWebhook, startProbotServer } from "../../helpers/app/probot-server.js";
import { item, renderStub, stubReport } from "../../helpers/app/report.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const SECRET = "e2e-webhook-secret";
const REPO = "neurips-demo/paper-0042";

let fake: Awaited<ReturnType<typeof startFakeGitHub>>;
let server: Server;
let runtime: ServerRuntime;
let base: string;

const sendWebhook = (event: string, id: string, body: unknown, secret = SECRET): Promise<Response> =>
  postWebhook(base, { event, id, body, secret });

beforeAll(async () => {
  fake = await startFakeGitHub({
    tarball: (_owner: string, _repo: string, sha: string) => paperRepoTarball(sha),
  });
  let analyses = 0;
  ({ server, base } = await startProbotServer(
    async (app, options) => {
      runtime = await setupServer(app, options, {
        // First the default branch (two items missing), then the pull request (training time disclosed).
        runCheck: async () =>
          ++analyses === 1
            ? stubReport()
            : stubReport({
                items: [
                  item("hardware", "disclosed"),
                  item("training_time", "disclosed"),
                  item("region", "disclosed"),
                  item("energy", "missing"),
                ],
              }),
        renderCheckMarkdown: renderStub,
        settings: TEST_SETTINGS,
        now: () => FIXED_NOW,
      });
    },
    { secret: SECRET, githubHost: fake.host },
  ));
});

afterAll(async () => {
  await runtime?.close();
  await server?.stop();
  await fake?.close();
});

describe("the app over HTTP against a fake GitHub", () => {
  it("rejects a webhook with a bad signature (400) and does nothing", async () => {
    const response = await sendWebhook("push", "bad-1", payload("push"), "not-the-secret");
    expect(response.status).toBe(400);
    await runtime.queue.onIdle();
    expect(fake.state.requests).toEqual([]);
    expect(runtime.queue.stats()).toMatchObject({ completed: 0, waiting: 0, running: 0 });
  });

  it("answers a signed push at once, then posts one check run and one tracking issue", async () => {
    const response = await sendWebhook("push", "push-1", payload("push"));
    expect(response.status).toBe(200);
    await runtime.queue.onIdle();

    expect(fake.state.unmatched).toEqual([]);
    expect(fake.state.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(
      [
        "POST /api/v3/app/installations/4242/access_tokens",
        "GET /api/v3/repos/neurips-demo/paper-0042/contents/.github%2Fml-footprint.yml",
        "GET /api/v3/repos/neurips-demo/.github/contents/.github%2Fml-footprint.yml",
        `GET /api/v3/repos/neurips-demo/paper-0042/commits/${SHA_MAIN}/check-runs`,
        "POST /api/v3/repos/neurips-demo/paper-0042/check-runs",
        `GET /api/v3/repos/neurips-demo/paper-0042/tarball/${SHA_MAIN}`,
        `GET /codeload/neurips-demo/paper-0042/${SHA_MAIN}`,
        "GET /api/v3/app",
        "GET /api/v3/repos/neurips-demo/paper-0042/issues",
        "POST /api/v3/repos/neurips-demo/paper-0042/issues",
        "PATCH /api/v3/repos/neurips-demo/paper-0042/check-runs/1000",
      ],
    );
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({
      repo: REPO,
      name: "Footprint checklist",
      head_sha: SHA_MAIN,
      status: "completed",
      conclusion: "action_required",
      output: { title: "2 of 4 items disclosed; training time and energy missing" },
    });
    const issues = fake.state.issues.get(REPO);
    expect(issues).toHaveLength(1);
    expect(issues[0].body).toContain(`Last checked: ${REPO}@${SHA_MAIN}.`);
  });

  it("comments on a pull request with what it changes against the tracking issue's report", async () => {
    const response = await sendWebhook("pull_request", "pr-1", payload("pull_request.opened"));
    expect(response.status).toBe(200);
    await runtime.queue.onIdle();

    expect(fake.state.unmatched).toEqual([]);
    expect(
      fake.state.checkRuns.map((r: { head_sha: string; conclusion: string }) => [r.head_sha, r.conclusion]),
    ).toEqual([
      [SHA_MAIN, "action_required"],
      [SHA_PR, "action_required"],
    ]);
    const comments = fake.state.comments.get(`${REPO}#7`);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain("- **Training time**: missing → disclosed");
  });

  it("drops a redelivery of the same webhook", async () => {
    const before = fake.state.requests.length;
    const response = await sendWebhook("push", "push-1", payload("push"));
    expect(response.status).toBe(200);
    await runtime.queue.onIdle();
    expect(fake.state.requests.length).toBe(before);
    expect(runtime.queue.stats().duplicates).toBe(1);
  });

  it("serves its health route with the queue's figures", async () => {
    const response = await fetch(`${base}/ml-footprint/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      queue: {
        waiting: 0,
        running: 0,
        delayed: 0,
        completed: 2,
        failed: 0,
        duplicates: 1,
        replaced: 0,
        retries: 0,
      },
    });
  });
});
