/**
 * The app's start-up after a crash, in process with nock: a journal as a killed process left it, then
 * `setupServer`, which re-queues what was in flight or closes the check runs it will not complete.
 * The real-process version (SIGKILL, restart) is test/doors/github-app/crash.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { analysisJob, type AnalysisJobPayload } from "../../../src/github/jobs.js";
import { parseAppConfig } from "../../../src/github/config/schema.js";
import { checkRunKey } from "../../../src/github/publish/check-run-reuse.js";
import { openQueueJournal, type QueueJournal } from "../../../src/runtime/queue/journal.js";
import {
  API,
  capture,
  INSTALLATION,
  mockAppSlug,
  mockCheckRuns,
  mockConfig,
  mockGitHubEachTest,
  mockTarball,
  mockToken,
  OWNER,
  REPO,
  REPO_PATH,
  SHA_MAIN,
  startApp,
  TEST_SETTINGS,
} from "../../helpers/app/github.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const CHECK_RUN = { id: 9901, html_url: "https://github.com/neurips-demo/paper-0042/runs/9901" };
const ISSUES_QUERY = { state: "all", per_page: 100, creator: "ml-footprint[bot]" };
const DEFAULT_KEY = (() => {
  const parsed = parseAppConfig({});
  if (!parsed.ok) throw new Error("the default configuration is invalid");
  return checkRunKey(SHA_MAIN, parsed.config);
})();

let scratch: string;
let file: string;
const journals: QueueJournal[] = [];

const expectExactlyTheMockedCalls = mockGitHubEachTest();
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "ml-footprint-startup-"));
  file = path.join(scratch, "queue.sqlite");
});
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  rmSync(scratch, { recursive: true, force: true });
});

const pushJob = (id: string, sha: string | null = SHA_MAIN) =>
  analysisJob(id, {
    repository: { installationId: INSTALLATION, owner: OWNER, repo: REPO, defaultBranch: "main" },
    target: { type: "default_branch", sha },
    trigger: "push",
    receivedAt: 0,
  } satisfies AnalysisJobPayload);

/** A journal as a process killed mid-analysis leaves it: the job running, its note saved. */
function crashedWith(
  entries: Array<{ id: string; note: Record<string, unknown>; crashes?: number; sha?: string | null }>,
): void {
  const journal = openQueueJournal(file);
  for (const entry of entries) {
    journal.add(pushJob(entry.id, entry.sha));
    journal.note(entry.id, entry.note);
    for (let i = 1; i < (entry.crashes ?? 1); i++) {
      journal.running(entry.id);
      journal.takeOver();
    }
    journal.running(entry.id);
  }
  journal.close();
}

async function restart() {
  const journal = openQueueJournal(file);
  journals.push(journal);
  const app = await startApp({ journal });
  await app.runtime.queue.onIdle();
  return { ...app, journal };
}

describe("start-up after a crash", () => {
  it("runs the interrupted analysis again and completes the check run it had opened (no second one)", async () => {
    crashedWith([
      { id: "push-1", note: { sha: SHA_MAIN, checkRunKey: DEFAULT_KEY, checkRunId: 9901, dryRun: false } },
    ]);
    const updates: Array<{ status?: string; conclusion?: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, null);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, []);
    scope.post(`${REPO_PATH}/issues`).reply(201, { number: 12, html_url: "https://github.com/x/issues/12" });
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates)).reply(200, CHECK_RUN);

    const { runtime, logs, journal } = await restart();

    expectExactlyTheMockedCalls();
    expect(updates).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "action_required" }),
    ]);
    expect(journal.takeOver()).toEqual([]);
    expect(
      logs.find((l) => l.msg === "took over the unfinished jobs of a previous process")?.fields,
    ).toMatchObject({ requeued: 1, abandoned: 0, dropped: 0 });
    expect(runtime.queue.stats().completed).toBe(1);
  });

  it("closes the check run it had opened when the configuration changed meanwhile, and opens one for the new key", async () => {
    crashedWith([
      {
        id: "push-1",
        note: { sha: SHA_MAIN, checkRunKey: `ml-footprint/1:${SHA_MAIN}:0000000000000000`, checkRunId: 9901 },
      },
    ]);
    const closed: Array<{ conclusion: string; output: { title: string; summary: string } }> = [];
    const created: Array<{ external_id: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(closed)).reply(200, CHECK_RUN);
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`, capture(created)).reply(201, { ...CHECK_RUN, id: 9902 });
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9902`).reply(200, CHECK_RUN);

    await restart();

    expectExactlyTheMockedCalls();
    expect(closed).toEqual([
      expect.objectContaining({
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "Footprint checklist interrupted",
          summary: expect.stringContaining(
            "> The commit or the configuration changed before the analysis finished",
          ),
        },
      }),
    ]);
    expect(created[0]!.external_id).toMatch(new RegExp(`^ml-footprint/1:${SHA_MAIN}:[0-9a-f]{16}$`));
    expect(created[0]!.external_id).not.toBe(DEFAULT_KEY);
  });

  it("gives up an analysis the server stopped on twice: its check run is closed neutral with the reason", async () => {
    crashedWith([
      { id: "push-1", crashes: 2, note: { sha: SHA_MAIN, checkRunKey: DEFAULT_KEY, checkRunId: 9901 } },
    ]);
    const closed: unknown[] = [];
    const scope = nock(API);
    mockToken(scope);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(closed)).reply(200, CHECK_RUN);

    const { journal, runtime } = await restart();

    expectExactlyTheMockedCalls();
    expect(closed).toMatchInlineSnapshot(`
[
  {
    "completed_at": "2026-05-01T12:00:00.000Z",
    "conclusion": "neutral",
    "output": {
      "summary": "The footprint checklist was not computed for this commit: the analysis was interrupted. This says nothing about the repository's disclosures.

> The server stopped 2 times while analysing this commit, so it is not analysed again automatically (a commit that stops the server must not keep it down).

Use “Re-run” on this check, or comment \`/footprint recheck\` on the pull request or the tracking issue, to try again.
",
      "title": "Footprint checklist interrupted",
    },
    "status": "completed",
  },
]
`);
    expect(runtime.queue.stats()).toMatchObject({ completed: 0, running: 0 });
    expect(journal.takeOver()).toEqual([]);
  });

  it("finds a given-up analysis's check run by its key when the process died before saving its id", async () => {
    crashedWith([{ id: "push-1", crashes: 2, note: { sha: SHA_MAIN, checkRunKey: DEFAULT_KEY } }]);
    const closed: Array<{ conclusion: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockCheckRuns(scope, SHA_MAIN, [
      // Another app's run with our name, and an older completed run of ours, are left alone.
      {
        id: 7001,
        name: "Footprint checklist",
        external_id: DEFAULT_KEY,
        status: "in_progress",
        app: { id: 42 },
      },
      {
        id: 9900,
        name: "Footprint checklist",
        external_id: DEFAULT_KEY,
        status: "completed",
        app: { id: 1001 },
      },
      {
        id: 9901,
        name: "Footprint checklist",
        external_id: DEFAULT_KEY,
        status: "in_progress",
        app: { id: 1001 },
      },
    ]);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(closed)).reply(200, CHECK_RUN);

    await restart();

    expectExactlyTheMockedCalls();
    expect(closed).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
  });

  it("runs only the newest job of a target and closes the check run of the older one", async () => {
    const SHA_NEXT = "4444444444444444444444444444444444444444";
    crashedWith([
      { id: "push-1", note: { sha: SHA_MAIN, checkRunKey: DEFAULT_KEY, checkRunId: 9901 } },
      { id: "push-2", note: {}, sha: SHA_NEXT },
    ]);
    const closed: Array<{ output: { summary: string } }> = [];
    const scope = nock(API);
    mockToken(scope);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(closed)).reply(200, CHECK_RUN);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_NEXT);
    scope
      .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_NEXT)
      .reply(201, { ...CHECK_RUN, id: 9902 });
    mockTarball(scope, SHA_NEXT, paperRepoTarball(SHA_NEXT));
    scope.patch(`${REPO_PATH}/check-runs/9902`).reply(200, CHECK_RUN);

    await restart();

    expectExactlyTheMockedCalls();
    expect(closed[0]!.output.summary).toContain("a newer request for the same target had arrived");
  });

  it("does nothing at all when the journal is empty", async () => {
    const { runtime, logs } = await restart();
    expect(runtime.queue.stats()).toMatchObject({ completed: 0, failed: 0 });
    expect(logs.map((l) => l.msg)).not.toContain("took over the unfinished jobs of a previous process");
    expectExactlyTheMockedCalls();
  });
});

describe("the journal of a serving app", () => {
  it("is opened from settings.journalFile, and a journal another process holds is not shared", async () => {
    const held = openQueueJournal(file);
    journals.push(held);
    held.add(pushJob("theirs"));
    const { runtime, logs } = await startApp({ settings: { ...TEST_SETTINGS, journalFile: file } });
    await runtime.queue.onIdle();
    expect(logs.find((l) => l.level === "warn")?.msg).toMatch(/is held by another process.*keeps no journal/);
    expect(runtime.queue.stats().completed).toBe(0);
    await runtime.close();
    expect(held.takeOver().map((e) => e.job.id)).toEqual(["theirs"]);
  });

  it("is not opened by a process without an HTTP server (the CLI finishes its own work)", async () => {
    const { Probot } = await import("probot");
    const { setupServer } = await import("../../../src/server.js");
    const { PRIVATE_KEY } = await import("../../helpers/app/github.js");
    const { renderStub, stubReport } = await import("../../helpers/app/report.js");
    const { captureLogger } = await import("../../helpers/app/logger.js");
    const probot = new Probot({ appId: 1001, privateKey: PRIVATE_KEY, log: captureLogger() });
    const runtime = await setupServer(
      probot,
      {
        cwd: process.cwd(),
        addHandler: () => {
          throw new Error("no server");
        },
      },
      {
        runCheck: async () => stubReport(),
        renderCheckMarkdown: renderStub,
        settings: { ...TEST_SETTINGS, journalFile: file },
      },
    );
    expect(existsSync(file)).toBe(false);
    await runtime.close();
  });
});
