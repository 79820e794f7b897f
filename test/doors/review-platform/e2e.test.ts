/**
 * End to end over HTTP on loopback: the real Probot server (`run`, as `npm start` does) with the app and the
 * review-platform receiver; GitHub played by the app tests' fake API; a paper host and the platform's callback
 * receiver as loopback servers (allowed by the test configuration). The checklist is the real pipeline.
 *
 * A signed submission arrives → 202 → the job reads the repository at its default branch's head, which has
 * no paper, so the submission's PDF is read → the check run and the tracking issue are written on the fake
 * GitHub → the callback receives the signed report → the program committee reads it back.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "probot";
import { setupServer, type ServerRuntime } from "../../../src/server.js";
import { runCheck, renderCheckMarkdown } from "../../../src/pipeline.js";
import { verifyStandardWebhook } from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import { setupReviewPlatform, type ReviewPlatform } from "../../../src/doors/review-platform/index.js";
import type { SubmissionReportBody } from "../../../src/doors/review-platform/report.js";
import type { VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { startInstallationFront } from "./installation-front.mjs";
import { TEST_SETTINGS } from "../../helpers/app/github.js";
import { startProbotServer } from "../../helpers/app/probot-server.js";
import { buildTarGz } from "../../helpers/app/tarball.js";
import {
  KEY_ONE,
  READ_TOKEN,
  smallPdf,
  standardHeaders,
  startLoopback,
  testSettings,
  type LoopbackServer,
} from "./helpers.js";

const OWNER = "demo-2026-code";
const REPO = "paper-1234";
const SHA = "4444444444444444444444444444444444444444";
/** The one venue this server takes submissions for, bounded to its code organisation. */
const VENUES: VenuesConfig = {
  venues: [{ id: "Demo.cc/2026/Conference", organisation: OWNER }],
  source: "e2e",
};
const PDF = smallPdf("All models were trained on 8 NVIDIA A100 GPUs for 36 hours in total.");

/** A code-only repository: a launch script and a training script, no paper. */
function codeOnlyTarball(): Buffer {
  const top = `${OWNER}-${REPO}-${SHA.slice(0, 7)}`;
  return buildTarGz([
    { path: `${top}/`, type: "Directory" },
    { path: `${top}/README.md`, body: "# Frugal widgets\n\nRun `bash scripts/launch.sh`.\n" },
    { path: `${top}/scripts/`, type: "Directory" },
    {
      path: `${top}/scripts/launch.sh`,
      body: "#!/bin/bash\n#SBATCH --gres=gpu:a100:8\n#SBATCH --time=36:00:00\ntorchrun --nproc_per_node=8 train.py\n",
    },
    { path: `${top}/train.py`, body: "EPOCHS = 20\nBATCH_SIZE = 128\n" },
  ]);
}

let fake: Awaited<ReturnType<typeof startFakeGitHub>>;
let front: Awaited<ReturnType<typeof startInstallationFront>>;
let paperHost: LoopbackServer;
let receiver: LoopbackServer;
let server: Server;
let runtime: ServerRuntime;
let platform: ReviewPlatform | null;
let base: string;
let dir: string;
const callbacks: Array<{ headers: Record<string, string>; body: string }> = [];
const installationLookups: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-platform-e2e-"));
  fake = await startFakeGitHub({
    tarball: () => codeOnlyTarball(),
    branches: { [`${OWNER}/${REPO}`]: SHA },
  });
  front = await startInstallationFront(
    fake.host,
    (fullName: string) => (fullName === `${OWNER}/${REPO}` ? 4242 : null),
    installationLookups,
  );
  paperHost = await startLoopback((req, res) => {
    if (req.url !== "/papers/1234.pdf") return false;
    res.writeHead(200, { "content-type": "application/pdf" }).end(PDF);
    return true;
  });
  receiver = await startLoopback(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    callbacks.push({
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(204).end();
    return true;
  });
  ({ server, base } = await startProbotServer(
    async (app, options) => {
      runtime = await setupServer(app, options, {
        runCheck,
        renderCheckMarkdown,
        settings: TEST_SETTINGS,
      });
      platform = await setupReviewPlatform(app, options, runtime, {
        settings: testSettings({
          databaseFile: path.join(dir, "platform.sqlite"),
          paperHosts: ["127.0.0.1"],
          callbackHosts: ["127.0.0.1"],
          allowPrivateNetwork: true,
          maxPaperBytes: 1024 * 1024,
          maxBodyBytes: 2 * 1024 * 1024,
        }),
        venues: VENUES,
        env: {},
        schedulePolls: false,
      });
    },
    { secret: "e2e-webhook-secret", githubHost: new URL(front.url).host },
  ));
});

afterAll(async () => {
  await runtime?.close();
  await platform?.close();
  await server?.stop();
  await receiver?.close();
  await paperHost?.close();
  await front?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a review platform and the app over HTTP", () => {
  let id: string;

  it("acknowledges a signed submission at once with its id and status URL", async () => {
    const body = JSON.stringify({
      id: "1234",
      version: 1,
      title: "Sparse Widgets for Frugal Training",
      venue: "Demo.cc/2026/Conference",
      platform: "openreview",
      paper: { url: `${paperHost.url}/papers/1234.pdf` },
      repository: `https://github.com/${OWNER}/${REPO}`,
      callback_url: `${receiver.url}/hooks/ml-footprint`,
    });
    const headers = standardHeaders(body, { id: "msg_e2e_1", timestamp: Math.floor(Date.now() / 1000) });
    const response = await fetch(`${base}/ml-footprint/submissions`, { method: "POST", headers, body });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { id: string };
    id = answer.id;
    expect(answer).toEqual({
      id,
      status: "received",
      version: 1,
      status_url: `/ml-footprint/submissions/${id}`,
    });
  });

  it("updates the repository's checklist on GitHub, reading the submission's paper since the repository has none", async () => {
    await runtime.queue.onIdle();
    expect(fake.state.unmatched).toEqual([]);
    // GET /repos/{owner}/{repo}/installation was answered by the front (4242); the app's calls follow.
    expect(installationLookups).toEqual([`${OWNER}/${REPO}`]);
    expect(fake.state.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(
      [
        "POST /api/v3/app/installations/4242/access_tokens",
        `GET /api/v3/repos/${OWNER}/${REPO}`,
        `GET /api/v3/repos/${OWNER}/${REPO}/branches/main`,
        `GET /api/v3/repos/${OWNER}/${REPO}/contents/.github%2Fml-footprint.yml`,
        `GET /api/v3/repos/${OWNER}/.github/contents/.github%2Fml-footprint.yml`,
        `GET /api/v3/repos/${OWNER}/${REPO}/commits/${SHA}/check-runs`,
        `POST /api/v3/repos/${OWNER}/${REPO}/check-runs`,
        `GET /api/v3/repos/${OWNER}/${REPO}/tarball/${SHA}`,
        `GET /codeload/${OWNER}/${REPO}/${SHA}`,
        "GET /api/v3/app",
        `GET /api/v3/repos/${OWNER}/${REPO}/issues`,
        `POST /api/v3/repos/${OWNER}/${REPO}/issues`,
        `PATCH /api/v3/repos/${OWNER}/${REPO}/check-runs/1000`,
      ],
    );
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({
      head_sha: SHA,
      status: "completed",
      external_id: expect.any(String),
    });
    const issue = fake.state.issues.get(`${OWNER}/${REPO}`)[0];
    expect(issue.body).toContain("paper `submission 1234.pdf (Demo.cc/2026/Conference #1234 v1)`");
  });

  it("delivers the signed report to the callback URL", async () => {
    expect(callbacks).toHaveLength(1);
    const { headers, body } = callbacks[0]!;
    expect(headers["content-type"]).toBe("application/json");
    expect(
      verifyStandardWebhook(headers, Buffer.from(body), [KEY_ONE], Math.floor(Date.now() / 1000)).ok,
    ).toBe(true);
    const report = JSON.parse(body) as SubmissionReportBody;
    expect(report).toMatchObject({
      type: "submission.report",
      id,
      submission_id: "1234",
      repository: `${OWNER}/${REPO}`,
      status: "completed",
      commit: SHA,
      tracking_issue_url: `http://fake/${OWNER}/${REPO}/issues/1`,
      checklist: {
        profile: "generic",
        paper: { file: "submission 1234.pdf (Demo.cc/2026/Conference #1234 v1)", format: "pdf" },
      },
    });
    const hardware = report.checklist!.items.find((i) => i.id === "hardware");
    expect(hardware?.status).toBe("disclosed");
  });

  it("lets the program committee read the submission and the venue's CSV", async () => {
    const auth = { headers: { authorization: `Bearer ${READ_TOKEN}` } };
    const view = await (await fetch(`${base}/ml-footprint/submissions/${id}`, auth)).json();
    expect(view).toMatchObject({ status: "completed", callback: { status: "delivered", attempts: 1 } });
    const csv = await (
      await fetch(
        `${base}/ml-footprint/venues/${encodeURIComponent("Demo.cc/2026/Conference")}/report.csv`,
        auth,
      )
    ).text();
    const [header, row] = csv.split("\r\n");
    expect(header!.startsWith("id,version,title,repository,status,verdict,hardware,")).toBe(true);
    expect(row!.startsWith(`1234,1,Sparse Widgets for Frugal Training,${OWNER}/${REPO},completed,`)).toBe(
      true,
    );
  });

  it("keeps serving the app's health route next to the platform's routes", async () => {
    const health = (await (await fetch(`${base}/ml-footprint/health`)).json()) as { queue: unknown };
    expect(health.queue).toMatchObject({ completed: 2, failed: 0, waiting: 0, running: 0 });
  });
});
