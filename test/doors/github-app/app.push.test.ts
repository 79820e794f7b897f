/**
 * The app end to end through `probot.receive`, with GitHub answered by nock: pushes to the default branch,
 * configuration situations, failures and the queue's coalescing and retries.
 */
import { describe, expect, it } from "@jest/globals";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import type { CheckOptions } from "../../../src/pipeline.js";
import type { CheckReport } from "../../../src/judge/types.js";
import {
  API,
  BOT,
  capture,
  configFixture,
  CONFIG_PATH,
  deliver,
  mockAppSlug,
  mockCheckRuns,
  mockConfig,
  mockGitHubEachTest,
  mockTarball,
  mockToken,
  ORG_CONFIG_PATH,
  payload,
  REPO_PATH,
  SHA_MAIN,
  startApp,
} from "../../helpers/app/github.js";
import { item, stubReport } from "../../helpers/app/report.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const SHA_NEXT = "4444444444444444444444444444444444444444";
const CHECK_RUN = { id: 9901, html_url: "https://github.com/neurips-demo/paper-0042/runs/9901" };
const ISSUE_URL = "https://github.com/neurips-demo/paper-0042/issues/12";
const ISSUES_QUERY = { state: "all", per_page: 100, creator: "ml-footprint[bot]" };

/** Every mocked call happened and no other call was attempted. */
const expectExactlyTheMockedCalls = mockGitHubEachTest();

const push = (after = SHA_MAIN) => ({ ...payload<{ after: string }>("push"), after });

describe("push to the default branch", () => {
  it("opens a check run, reads the commit, creates the tracking issue and completes the check", async () => {
    const created: unknown[] = [];
    const issues: unknown[] = [];
    const updates: unknown[] = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, null);
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`, capture(created)).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, []);
    scope.post(`${REPO_PATH}/issues`, capture(issues)).reply(201, { number: 12, html_url: ISSUE_URL });
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates)).reply(200, CHECK_RUN);

    const seen: Array<{ options: CheckOptions; files: string[] }> = [];
    const { probot, runtime, logs } = await startApp({
      runCheck: async (options) => {
        seen.push({ options, files: readdirSync(options.dir, { recursive: true }).map(String).sort() });
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-1", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.files).toEqual([
      "README.md",
      "configs",
      "configs/train.yaml",
      "paper",
      "paper/main.tex",
      "scripts",
      "scripts/launch.sh",
      "train.py",
    ]);
    expect({ ...seen[0]!.options, dir: "<tmp>" }).toEqual({
      dir: "<tmp>",
      profile: "generic",
      paperGlobs: undefined,
      requiredItems: undefined,
      defaults: {},
    });
    expect(existsSync(seen[0]!.options.dir)).toBe(false);
    expect(created).toMatchInlineSnapshot(`
[
  {
    "external_id": "ml-footprint/1:2222222222222222222222222222222222222222:5e20fad4cb4c134d",
    "head_sha": "2222222222222222222222222222222222222222",
    "name": "Footprint checklist",
    "started_at": "2026-05-01T12:00:00.000Z",
    "status": "in_progress",
  },
]
`);
    expect(issues).toMatchInlineSnapshot(`
[
  {
    "body": "<!-- ml-footprint:tracking -->
Kept up to date by ml-footprint on every push to \`main\`. Last checked: neurips-demo/paper-0042@2222222222222222222222222222222222222222.

**2 of 4 items disclosed; training time and energy missing**

- Hardware type and count: disclosed
- Training time: missing
- Where the training ran: disclosed
- Energy or emissions: missing

<!-- ml-footprint:state {"v":1,"sha":"2222222222222222222222222222222222222222","ref":"main","verdict":"incomplete","items":{"hardware":"disclosed","training_time":"missing","region":"disclosed","energy":"missing"}} -->
",
    "title": "Footprint disclosure checklist",
  },
]
`);
    expect(updates).toMatchInlineSnapshot(`
[
  {
    "completed_at": "2026-05-01T12:00:00.000Z",
    "conclusion": "action_required",
    "details_url": "https://github.com/neurips-demo/paper-0042/issues/12",
    "output": {
      "summary": "**2 of 4 items disclosed; training time and energy missing**

- Hardware type and count: disclosed
- Training time: missing
- Where the training ran: disclosed
- Energy or emissions: missing
",
      "title": "2 of 4 items disclosed; training time and energy missing",
    },
    "status": "completed",
  },
]
`);
    expect(logs.find((l) => l.msg === "configuration loaded")?.fields.sources).toEqual([
      "(defaults: no .github/ml-footprint.yml)",
    ]);
  });

  it("edits the existing tracking issue in place instead of opening another", async () => {
    const edits: unknown[] = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, null);
    mockCheckRuns(scope, SHA_NEXT);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_NEXT, paperRepoTarball(SHA_NEXT));
    mockAppSlug(scope);
    scope
      .get(`${REPO_PATH}/issues`)
      .query(ISSUES_QUERY)
      .reply(200, [
        {
          number: 12,
          html_url: ISSUE_URL,
          user: BOT,
          body: '<!-- ml-footprint:tracking -->\nold\n<!-- ml-footprint:state {"v":1,"sha":"2222222222222222222222222222222222222222","ref":"main","verdict":"incomplete","items":{}} -->',
        },
      ]);
    scope.patch(`${REPO_PATH}/issues/12`, capture(edits)).reply(200, { number: 12 });
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);

    const { probot, runtime } = await startApp();
    await deliver(probot, "push", "delivery-2", push(SHA_NEXT));
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(edits).toHaveLength(1);
    expect((edits[0] as { body: string }).body).toContain(
      `Last checked: neurips-demo/paper-0042@${SHA_NEXT}.`,
    );
    expect(edits[0]).not.toHaveProperty("title");
  });

  it("leaves the tracking issue alone when its body would not change (a re-run of the same commit)", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [issue]\n");
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockAppSlug(scope);
    const { renderTrackingIssueBody } = await import("../../../src/github/publish/tracking-issue.js");
    const { reportState } = await import("../../../src/github/publish/state.js");
    const { renderStub } = await import("../../helpers/app/report.js");
    const body = renderTrackingIssueBody({
      markdown: renderStub(stubReport()),
      state: reportState(stubReport(), SHA_MAIN, "main"),
      repository: "neurips-demo/paper-0042",
    });
    scope
      .get(`${REPO_PATH}/issues`)
      .query(ISSUES_QUERY)
      .reply(200, [{ number: 12, html_url: ISSUE_URL, user: BOT, body }]);

    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "push", "delivery-3", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(logs.some((l) => l.msg === "tracking issue already up to date")).toBe(true);
  });

  it("is loaded by Probot as an ordinary app function (the default export)", async () => {
    const { default: mlFootprintApp } = await import("../../../src/server.js");
    const { Probot, ProbotOctokit } = await import("probot");
    const { PRIVATE_KEY } = await import("../../helpers/app/github.js");
    const { captureLogger } = await import("../../helpers/app/logger.js");
    const logs: Parameters<typeof captureLogger>[0] = [];
    const probot = new Probot({
      appId: 1001,
      privateKey: PRIVATE_KEY,
      log: captureLogger(logs),
      Octokit: ProbotOctokit,
    });
    await probot.load(mlFootprintApp);
    await deliver(probot, "push", "delivery-load", { ...push(), ref: "refs/heads/draft" });
    expectExactlyTheMockedCalls();
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["no HTTP server; health route not mounted", "event ignored"]),
    );
  });

  it("makes no GitHub call at all for a push to another branch", async () => {
    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "push", "delivery-4", { ...push(), ref: "refs/heads/draft" });
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
    expect(logs.find((l) => l.msg === "event ignored")?.fields.reason).toBe(
      "push to refs/heads/draft, not the default branch",
    );
  });

  it("concludes neutral for a complete checklist and sends annotations 50 per request", async () => {
    const updates: Array<{ conclusion?: string; output: { annotations?: unknown[] } }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope
      .patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[]))
      .times(3)
      .reply(200, CHECK_RUN);
    const complete = stubReport({
      verdict: "complete",
      headline: "All 4 items disclosed",
      annotations: Array.from({ length: 101 }, (_, i) => ({
        path: "scripts/launch.sh",
        line: i + 1,
        level: "notice" as const,
        title: "4 × A100",
        message: "Hardware read here",
      })),
    });
    const { probot, runtime } = await startApp({ runCheck: async () => complete });
    await deliver(probot, "push", "delivery-5", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(updates.map((u) => [u.output.annotations?.length, u.conclusion ?? null])).toEqual([
      [50, null],
      [50, null],
      [1, "neutral"],
    ]);
  });

  it("uses the configuration: profile, paper globs, defaults, check only, configured conclusion", async () => {
    const updates: Array<{ conclusion?: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, configFixture("neurips-check-only") + "incomplete_conclusion: failure\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    const options: CheckOptions[] = [];
    const { probot, runtime, logs } = await startApp({
      runCheck: async (o) => {
        options.push(o);
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-6", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect({ ...options[0], dir: "<tmp>" }).toEqual({
      dir: "<tmp>",
      profile: "neurips",
      paperGlobs: ["paper/*.tex"],
      requiredItems: undefined,
      defaults: { country: "Canada", pue: 1.2 },
    });
    expect(updates[0]!.conclusion).toBe("failure");
    expect(logs.find((l) => l.msg === "configuration loaded")?.fields.sources).toEqual([
      "neurips-demo/paper-0042/.github/ml-footprint.yml",
    ]);
  });

  it("falls back to the organisation's .github repository and logs where the configuration came from", async () => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(CONFIG_PATH).reply(404, { message: "Not Found" });
    scope
      .get(ORG_CONFIG_PATH)
      .reply(200, "profile: acl\nreport: [check]\n", { "content-type": "text/plain; charset=utf-8" });
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    const profiles: Array<string | undefined> = [];
    const { probot, runtime, logs } = await startApp({
      runCheck: async (o) => {
        profiles.push(o.profile);
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-7", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(profiles).toEqual(["acl"]);
    expect(logs.find((l) => l.msg === "configuration loaded")?.fields.sources).toEqual([
      "neurips-demo/.github/.github/ml-footprint.yml",
    ]);
  });
});

describe("an invalid configuration", () => {
  it("is reported on the check run as a Property | Error table and nothing is analysed", async () => {
    const updates: unknown[] = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, configFixture("invalid"));
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates)).reply(200, CHECK_RUN);
    let analysed = 0;
    const { probot, runtime, logs } = await startApp({
      runCheck: async () => {
        analysed += 1;
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-8", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(analysed).toBe(0);
    expect(updates).toMatchInlineSnapshot(`
[
  {
    "completed_at": "2026-05-01T12:00:00.000Z",
    "conclusion": "action_required",
    "output": {
      "summary": "The configuration is not valid, so this commit was not analysed. Fix the properties below and push again.

| Property | Error |
| --- | --- |
| \`profile\` | Invalid option: expected one of "generic"\\|"neurips"\\|"acl"\\|"aaai"\\|"pineau" |
| \`report[1]\` | Invalid option: expected one of "check"\\|"issue"\\|"pr" |
| \`defaults.pue\` | Too big: expected number to be &lt;=3 |
| \`dryrun\` | Unknown property |

Configuration read from \`neurips-demo/paper-0042/.github/ml-footprint.yml\`.
The accepted properties are described in \`schemas/app-config.schema.json\` of ml-footprint.
",
      "title": "Invalid .github/ml-footprint.yml (4 problems)",
    },
    "status": "completed",
  },
]
`);
    const warning = logs.find((l) => l.msg === "invalid configuration; reported on the check run");
    expect(warning?.fields.sources).toEqual(["neurips-demo/paper-0042/.github/ml-footprint.yml"]);
  });

  it("that is not even YAML is reported the same way", async () => {
    const updates: Array<{ output: { summary: string } }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, configFixture("malformed"));
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    const { probot, runtime } = await startApp();
    await deliver(probot, "push", "delivery-9", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    // The URL is shown, not linked: a zero-width space breaks GitHub's autolink.
    expect(updates[0]!.output.summary).toContain(
      "| `(file)` | Configuration could not be parsed from https:\u200B//api.github.com/repos/neurips-demo/paper-0042/contents/.github%2Fml-footprint.yml (invalid YAML) |",
    );
  });
});

describe("dry run", () => {
  it("reads and analyses but posts nothing, logging each write it would make", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, configFixture("dry-run"));
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, []);
    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "push", "delivery-10", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(logs.filter((l) => l.fields.dryRun === true).map((l) => l.msg)).toEqual([
      "dry run: would POST /repos/neurips-demo/paper-0042/check-runs",
      "dry run: would POST /repos/neurips-demo/paper-0042/issues",
      "dry run: would PATCH /repos/neurips-demo/paper-0042/check-runs/0",
    ]);
  });
});

describe("the queue behind the handlers", () => {
  it("ignores a redelivered webhook (same delivery id)", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    let analysed = 0;
    const { probot, runtime } = await startApp({
      runCheck: async () => {
        analysed += 1;
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-11", push());
    await deliver(probot, "push", "delivery-11", push());
    await runtime.queue.onIdle();
    await deliver(probot, "push", "delivery-11", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(analysed).toBe(1);
    expect(runtime.queue.stats().duplicates).toBe(2);
  });

  it("analyses only the newest of a burst of pushes and closes the overtaken check run as cancelled", async () => {
    const SHA_2 = "5555555555555555555555555555555555555555";
    const SHA_3 = "6666666666666666666666666666666666666666";
    const updates: Array<{ conclusion?: string; output: { title: string } }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    mockCheckRuns(scope, SHA_3);
    scope
      .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_MAIN)
      .reply(201, CHECK_RUN);
    scope
      .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_3)
      .reply(201, { ...CHECK_RUN, id: 9903 });
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockTarball(scope, SHA_3, paperRepoTarball(SHA_3));
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    scope.patch(`${REPO_PATH}/check-runs/9903`, capture(updates as unknown[])).reply(200, CHECK_RUN);

    let release!: () => void;
    const firstRunBlocked = new Promise<void>((resolve) => (release = resolve));
    const analysed: string[] = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const { probot, runtime } = await startApp({
      runCheck: async (o) => {
        analysed.push(readdirSync(o.dir).length > 0 ? "ok" : "empty");
        if (analysed.length === 1) {
          started();
          await firstRunBlocked;
        }
        return stubReport();
      },
    });
    await deliver(probot, "push", "burst-1", push(SHA_MAIN));
    await firstStarted;
    expect(
      await runtime.queue.enqueue({ id: "x", key: "other", kind: "analyse-nothing", payload: null }),
    ).toBe("queued");
    await deliver(probot, "push", "burst-2", push(SHA_2));
    await deliver(probot, "push", "burst-3", push(SHA_3));
    release();
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(analysed).toEqual(["ok", "ok"]);
    expect(updates.map((u) => [u.conclusion, u.output.title])).toEqual([
      ["cancelled", "Superseded by a newer commit"],
      ["action_required", "2 of 4 items disclosed; training time and energy missing"],
    ]);
    expect(runtime.queue.stats()).toMatchObject({ replaced: 2, completed: 1 });
  });

  it("retries GitHub 5xx and rate-limit answers, completing the same check run once", async () => {
    const scope = nock(API);
    mockToken(scope);
    scope.get(CONFIG_PATH).reply(502, { message: "Bad Gateway" });
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    scope
      .get(`${REPO_PATH}/tarball/${SHA_MAIN}`)
      .reply(429, { message: "rate limited" }, { "retry-after": "1" });
    mockConfig(scope, "report: [check]\n");
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "push", "delivery-12", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(
      logs.filter((l) => l.msg === "job failed; retrying after backoff").map((l) => l.fields.retryInMs),
    ).toEqual([1, 5]);
    expect(runtime.queue.stats()).toMatchObject({ completed: 1, retries: 2, failed: 0 });
  });

  it("reports a crashing analysis on the check run, cleans up, and keeps serving the next push", async () => {
    const updates: Array<{ conclusion: string; output: { title: string; summary: string } }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    mockCheckRuns(scope, SHA_NEXT);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, { ...CHECK_RUN, id: 9902 });
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockTarball(scope, SHA_NEXT, paperRepoTarball(SHA_NEXT));
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    scope.patch(`${REPO_PATH}/check-runs/9902`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    const dirs: string[] = [];
    const { probot, runtime } = await startApp({
      runCheck: async (o): Promise<CheckReport> => {
        dirs.push(o.dir);
        if (dirs.length === 1) throw new TypeError("Cannot read properties of undefined (reading 'pages')");
        return stubReport();
      },
    });
    await deliver(probot, "push", "delivery-13", push());
    await runtime.queue.onIdle();
    await deliver(probot, "push", "delivery-14", push(SHA_NEXT));
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(dirs.map(existsSync)).toEqual([false, false]);
    expect(updates[0]).toMatchInlineSnapshot(`
{
  "completed_at": "2026-05-01T12:00:00.000Z",
  "conclusion": "neutral",
  "output": {
    "summary": "The footprint checklist could not be computed for this commit. This says nothing about the repository's disclosures.

> Internal error: Cannot read properties of undefined (reading 'pages')

Use “Re-run” on this check, or comment \`/footprint recheck\` on the pull request or the tracking issue, to try again.
",
    "title": "Footprint checklist could not be computed",
  },
  "status": "completed",
}
`);
    expect(updates[1]!.conclusion).toBe("action_required");
  });

  it("does not retry an archive over the size limit; it says so on the check run and leaves no folder behind", async () => {
    const updates: Array<{ output: { summary: string } }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    const big = paperRepoTarball(SHA_MAIN);
    mockTarball(scope, SHA_MAIN, big);
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    const { TEST_SETTINGS } = await import("../../helpers/app/github.js");
    const tmpRoot = mkdtempSync(path.join(tmpdir(), "ml-footprint-app-test-"));
    const { probot, runtime } = await startApp({
      settings: { ...TEST_SETTINGS, tmpRoot, limits: { ...TEST_SETTINGS.limits, maxArchiveBytes: 100 } },
    });
    await deliver(probot, "push", "delivery-15", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(updates[0]!.output.summary).toContain(
      `> The repository archive is ${big.length} bytes, more than the 100 bytes limit.`,
    );
    expect(runtime.queue.stats().retries).toBe(0);
    // The job's folder is gone at once; the process's own folder when the runtime closes.
    expect(path.dirname(runtime.workDir!)).toBe(tmpRoot);
    expect(readdirSync(runtime.workDir!)).toEqual([]);
    await runtime.close();
    expect(readdirSync(tmpRoot)).toEqual([]);
    rmSync(tmpRoot, { recursive: true, force: true });
  });

  it("completes the check run even when the repository has issues turned off", async () => {
    const updates: Array<{ conclusion: string; details_url?: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, null);
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, []);
    scope.post(`${REPO_PATH}/issues`).reply(410, { message: "Issues are disabled for this repo" });
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates as unknown[])).reply(200, CHECK_RUN);
    const { probot, runtime, logs } = await startApp({
      runCheck: async () => stubReport({ items: [item("hardware", "disclosed")] }),
    });
    await deliver(probot, "push", "delivery-16", push());
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(updates).toEqual([expect.objectContaining({ conclusion: "action_required" })]);
    expect(updates[0]).not.toHaveProperty("details_url");
    expect(
      logs.some((l) => l.msg === "tracking issue skipped: GitHub refused it" && l.fields.status === 410),
    ).toBe(true);
  });
});
