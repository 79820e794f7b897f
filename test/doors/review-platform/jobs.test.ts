/**
 * The submission and callback jobs on a real in-process queue, with the app's analysis stubbed (the end-to-end
 * test runs the real one against a fake GitHub) and the paper host and callback receiver played by nock.
 */
import type { AnalysisResult, CommitAnalysis } from "../../../src/github/analyse-commit.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Probot } from "probot";
import { parse as parseYaml } from "yaml";
import type { ServerRuntime } from "../../../src/server.js";
import { createLogRedactor } from "../../../src/doors/http/log-redaction.js";
import type { AnalysisJobPayload } from "../../../src/github/jobs.js";
import { githubRetryPolicy } from "../../../src/github/retry.js";
import { createMemoryQueue } from "../../../src/runtime/queue/memory-queue.js";
import type { JobQueue, JobRunContext, QueuedJob } from "../../../src/runtime/queue/types.js";
import { verifyStandardWebhook } from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import { setupReviewPlatform, type ReviewPlatform } from "../../../src/doors/review-platform/index.js";
import type { Resolver } from "../../../src/doors/review-platform/net/safe-request.js";
import type { SubmissionReportBody } from "../../../src/doors/review-platform/report.js";
import {
  parseSubmission,
  submissionContentHash,
} from "../../../src/doors/review-platform/submission/schema.js";
import { InputError } from "../../../src/domain/errors.js";
import { parseVenuesConfig, type VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { TEST_SETTINGS } from "../../helpers/app/github.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { renderStub, stubReport } from "../../helpers/app/report.js";
import {
  fixtureText,
  KEY_ONE,
  NOW_MS,
  NOW_S,
  publicResolver,
  smallPdf,
  standardHeaders,
  startLoopback,
  submissionPayload,
  tableResolver,
  testSettings,
  testBodies,
} from "./helpers.js";

const CALLBACK = "https://platform.demo-venue.org";
const PAPERS = "https://papers.demo-venue.org";
const SHA = "2222222222222222222222222222222222222222";
const parsedVenues = parseVenuesConfig(parseYaml(fixtureText("venues.yml")));
if (!parsedVenues.ok) throw new Error("fixture venues.yml is invalid");
const VENUES: VenuesConfig = { venues: parsedVenues.venues, source: "venues.yml" };
const PDF = smallPdf();

interface AnalysisCall {
  job: QueuedJob<AnalysisJobPayload>;
  /** The fallback paper's bytes while the analysis ran (null: none given). */
  paper: Buffer | null;
}

/** An analysis from its `run` alone (the handler runs it, settling does nothing). */
function analysisOf(
  run: (job: QueuedJob<AnalysisJobPayload>, context: JobRunContext) => Promise<AnalysisResult>,
): CommitAnalysis {
  return {
    handler: {
      async run(job, context) {
        await run(job, context);
      },
    },
    run,
    settle: async () => {},
  };
}

/** Stands in for the analysis of a commit: records what it was asked, returns a report. */
function stubAnalysis(
  calls: AnalysisCall[],
  behaviour: (job: QueuedJob<AnalysisJobPayload>, context: JobRunContext) => Promise<void> = async () => {},
): CommitAnalysis {
  return analysisOf(async (job, context) => {
    const fallback = job.payload.fallbackPaper;
    calls.push({ job, paper: fallback ? readFileSync(fallback.path) : null });
    await behaviour(job, context);
    context.state.sha = SHA;
    return {
      report: stubReport(),
      sha: SHA,
      trackingIssueUrl: "https://github.com/demo-2026-code/paper-1234/issues/1",
      skipped: null,
    };
  });
}

const dirs: string[] = [];
let platform: ReviewPlatform | null = null;
let queue: JobQueue | null = null;

async function start(
  analysis: CommitAnalysis,
  options: {
    databaseFile?: string;
    installationFor?: () => Promise<number>;
    enqueueOnly?: boolean;
    resolve?: Resolver;
  } = {},
): Promise<{
  platform: ReviewPlatform;
  queue: JobQueue;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}> {
  const log = captureLogger();
  const realQueue = createMemoryQueue({
    concurrency: 2,
    maxAttempts: 3,
    retryPolicy: githubRetryPolicy({ baseDelayMs: 1, maxDelayMs: 5 }),
    log,
  });
  // A queue that records jobs and runs none: the process "dies" before processing them.
  const recordingQueue: JobQueue = {
    ...realQueue,
    register: realQueue.register,
    enqueue: async () => "queued",
  };
  queue = options.enqueueOnly ? recordingQueue : realQueue;
  const runtime: ServerRuntime = {
    queue,
    workDir: TEST_SETTINGS.tmpRoot,
    settings: TEST_SETTINGS,
    analysis,
    renderCheckMarkdown: renderStub,
    bodies: testBodies(),
    redaction: createLogRedactor(),
    close: () => realQueue.close(),
  };
  let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | null = null;
  const app = { log } as unknown as Probot;
  platform = await setupReviewPlatform(
    app,
    { cwd: process.cwd(), addHandler: (h) => (handler = h as typeof handler) },
    runtime,
    {
      settings: testSettings({ databaseFile: options.databaseFile ?? ":memory:" }),
      venues: VENUES,
      resolve: options.resolve ?? publicResolver,
      installationFor: options.installationFor ?? (async () => 4242),
      env: {},
      schedulePolls: false,
      now: () => new Date(NOW_MS),
    },
  );
  return { platform: platform!, queue, handler: handler! };
}

async function submit(p: ReviewPlatform, overrides: Record<string, unknown> = {}) {
  const parsed = parseSubmission(submissionPayload(overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const { record } = p.store.accept(
    parsed.submission,
    submissionContentHash(parsed.submission),
    null,
    NOW_MS,
  );
  await p.enqueue(record);
  return record;
}

/** Captures callback deliveries: headers and body. */
function callbackReceiver(answers: number[]): Array<{ headers: Record<string, string>; body: string }> {
  const received: Array<{ headers: Record<string, string>; body: string }> = [];
  const scope = nock(CALLBACK);
  for (const status of answers) {
    scope.post("/hooks/ml-footprint").reply(function (_uri, body) {
      received.push({ headers: this.req.headers as Record<string, string>, body: JSON.stringify(body) });
      return [status, status < 300 ? "ok" : "busy"];
    });
  }
  return received;
}

beforeAll(() => {
  nock.disableNetConnect();
  // The restart test talks to its own loopback server; everything else must be mocked.
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1:"));
});
afterEach(async () => {
  await queue?.close();
  await platform?.close();
  platform = null;
  nock.cleanAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => nock.enableNetConnect());

describe("the submission job", () => {
  it("analyses the repository's default branch with the submission's inline paper, stores the report and delivers it signed", async () => {
    const calls: AnalysisCall[] = [];
    const received = callbackReceiver([200]);
    const { platform: p, queue: q } = await start(stubAnalysis(calls));
    const record = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "paper.pdf" } });
    await q.onIdle();

    expect(calls).toHaveLength(1);
    expect(calls[0]!.job.payload).toMatchObject({
      repository: { installationId: 4242, owner: "demo-2026-code", repo: "paper-1234", defaultBranch: null },
      target: { type: "default_branch", sha: null },
      trigger: "submission",
      fallbackPaper: { label: "submission paper.pdf (Demo.cc/2026/Conference #1234 v1)" },
    });
    expect(calls[0]!.paper!.equals(PDF)).toBe(true);
    expect(existsSync(calls[0]!.job.payload.fallbackPaper!.path)).toBe(false);

    const stored = p.store.get(record.id)!;
    expect(stored).toMatchObject({
      status: "completed",
      runs: 1,
      verdict: "incomplete",
      callbackStatus: "delivered",
    });
    expect(p.store.inlinePaper(record.id, 1)).toBeNull();

    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(verifyStandardWebhook(headers, Buffer.from(body), [KEY_ONE], NOW_S)).toMatchObject({ ok: true });
    const report = JSON.parse(body) as SubmissionReportBody;
    expect(Object.keys(report)[0]).toBe("schema_version");
    expect(report).toMatchObject({
      schema_version: 1,
      type: "submission.report",
      id: record.id,
      submission_id: "1234",
      status: "completed",
      commit: SHA,
      tracking_issue_url: "https://github.com/demo-2026-code/paper-1234/issues/1",
      checklist: {
        verdict: "incomplete",
        headline: "2 of 4 items disclosed; training time and energy missing",
      },
      markdown: expect.stringContaining("**2 of 4 items disclosed"),
    });
  });

  it("downloads a paper given by URL", async () => {
    const calls: AnalysisCall[] = [];
    callbackReceiver([200]);
    nock(PAPERS).get("/pdf/1234.pdf").reply(200, PDF, { "content-type": "application/pdf" });
    const { platform: p, queue: q } = await start(stubAnalysis(calls));
    await submit(p);
    await q.onIdle();
    expect(calls[0]!.paper!.equals(PDF)).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("analyses without the paper, and says why, when its URL resolves to a private address", async () => {
    const calls: AnalysisCall[] = [];
    const received = callbackReceiver([200]);
    // The allow-list has the host; DNS says it is inside the network.
    const { platform: p, queue: q } = await start(stubAnalysis(calls), {
      resolve: tableResolver({
        "papers.demo-venue.org": ["10.0.0.8"],
        "platform.demo-venue.org": ["93.184.216.34"],
      }),
    });
    const record = await submit(p);
    await q.onIdle();
    expect(calls[0]!.job.payload.fallbackPaper).toBeNull();
    expect(p.store.get(record.id)!.status).toBe("completed");
    const report = JSON.parse(received[0]!.body) as SubmissionReportBody;
    expect(report.checklist!.warnings).toEqual([
      "The submission's paper was not used: The paper URL was refused: papers.demo-venue.org resolves to 10.0.0.8, which is not a public address (private).",
    ]);
  });

  it("fails a submission whose repository does not have the app, and reports the failure", async () => {
    const received = callbackReceiver([200]);
    const { platform: p, queue: q } = await start(stubAnalysis([]), {
      installationFor: async () => {
        throw new InputError("not_installed", "The app is not installed on demo-2026-code/paper-1234.");
      },
    });
    const record = await submit(p);
    await q.onIdle();
    expect(p.store.get(record.id)).toMatchObject({
      status: "failed",
      statusReason: "The app is not installed on demo-2026-code/paper-1234.",
      runs: 0,
    });
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      status: "failed",
      error: "The app is not installed on demo-2026-code/paper-1234.",
      checklist: null,
    });
  });

  it("fails a submission whose repository's configuration stops the analysis, with the app's reason", async () => {
    const received = callbackReceiver([200]);
    const invalidConfig = analysisOf(async (_job, context) => {
      context.state.sha = SHA;
      return {
        report: null,
        sha: SHA,
        trackingIssueUrl: null,
        skipped: "the repository's .github/ml-footprint.yml is invalid (its check run lists why)",
      };
    });
    const { platform: p, queue: q } = await start(invalidConfig);
    const record = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "p.pdf" } });
    await q.onIdle();
    expect(p.store.get(record.id)).toMatchObject({
      status: "failed",
      statusReason: "the repository's .github/ml-footprint.yml is invalid (its check run lists why)",
      runs: 0,
    });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ status: "failed", commit: SHA, checklist: null });
  });

  it("stops the analysis of a version when a newer one arrives, and analyses only the newer one to the end", async () => {
    const calls: AnalysisCall[] = [];
    const received = callbackReceiver([200]);
    let release: () => void = () => {};
    const started = new Promise<void>((resolve) => (release = resolve));
    const analysis = stubAnalysis(calls, async (job, context) => {
      if (calls.length > 1) return;
      release();
      await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve()));
      throw new Error("superseded");
    });
    const { platform: p, queue: q } = await start(analysis);
    const v1 = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "v1.pdf" } });
    await started;
    await submit(p, { version: 2, paper: { base64: PDF.toString("base64"), filename: "v2.pdf" } });
    await q.onIdle();
    expect(calls.map((c) => c.job.payload.fallbackPaper?.label)).toEqual([
      "submission v1.pdf (Demo.cc/2026/Conference #1234 v1)",
      "submission v2.pdf (Demo.cc/2026/Conference #1234 v2)",
    ]);
    expect(p.store.get(v1.id)).toMatchObject({ version: 2, status: "completed", runs: 1 });
    expect(received.map((r) => (JSON.parse(r.body) as SubmissionReportBody).version)).toEqual([2]);
  });
});

describe("the callback", () => {
  it("is retried after a 500 and then delivered, with the same webhook-id and a valid signature each time", async () => {
    const received = callbackReceiver([500, 200]);
    const { platform: p, queue: q } = await start(stubAnalysis([]));
    const record = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "p.pdf" } });
    await q.onIdle();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["webhook-id"]).toBe(received[1]!.headers["webhook-id"]);
    for (const { headers, body } of received)
      expect(verifyStandardWebhook(headers, Buffer.from(body), [KEY_ONE], NOW_S).ok).toBe(true);
    expect(p.store.get(record.id)).toMatchObject({ callbackStatus: "delivered", callbackAttempts: 2 });
  });

  it("gives up at once on a 4xx answer, and records why", async () => {
    const received = callbackReceiver([410]);
    const { platform: p, queue: q } = await start(stubAnalysis([]));
    const record = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "p.pdf" } });
    await q.onIdle();
    expect(received).toHaveLength(1);
    expect(p.store.get(record.id)).toMatchObject({
      status: "completed",
      callbackStatus: "failed",
      callbackError: "the callback URL answered 410",
    });
  });

  it("gives up after the queue's attempts on repeated 5xx answers", async () => {
    const received = callbackReceiver([502, 502, 502]);
    const { platform: p, queue: q } = await start(stubAnalysis([]));
    const record = await submit(p, { paper: { base64: PDF.toString("base64"), filename: "p.pdf" } });
    await q.onIdle();
    expect(received).toHaveLength(3);
    expect(p.store.get(record.id)).toMatchObject({ callbackStatus: "failed", callbackAttempts: 3 });
  });
});

describe("a restart", () => {
  it("keeps the submissions received before it, and queues the unprocessed ones again", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-restart-"));
    dirs.push(dir);
    const databaseFile = path.join(dir, "platform.sqlite");

    // The first process acknowledges two submissions over HTTP, then stops before processing them.
    const first = await start(stubAnalysis([]), { databaseFile, enqueueOnly: true });
    const server = await startLoopback(first.handler);
    try {
      for (const id of ["restart-a", "restart-b"]) {
        const body = JSON.stringify(
          submissionPayload({ id, paper: { base64: PDF.toString("base64"), filename: "p.pdf" } }),
        );
        const response = await fetch(`${server.url}/ml-footprint/submissions`, {
          method: "POST",
          headers: standardHeaders(body, { id: `msg_${id}` }),
          body,
        });
        expect(response.status).toBe(202);
      }
    } finally {
      await server.close();
    }
    await first.queue.close();
    await first.platform.close();

    // A new process on the same file: both are queued again and processed once each.
    const calls: AnalysisCall[] = [];
    const received = callbackReceiver([200, 200]);
    const second = await start(stubAnalysis(calls), { databaseFile });
    expect(second.platform.resumed).toEqual({ submissions: 2, callbacks: 0 });
    await second.queue.onIdle();
    expect(calls).toHaveLength(2);
    expect(
      second.platform.store
        .listVenue("Demo.cc/2026/Conference")
        .map((r) => [r.submissionId, r.status, r.runs]),
    ).toEqual([
      ["restart-a", "completed", 1],
      ["restart-b", "completed", 1],
    ]);
    expect(received).toHaveLength(2);
  });
});
