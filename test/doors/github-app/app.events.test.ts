/**
 * The app through `probot.receive` for pull requests, re-run checks, `/footprint recheck` and installations,
 * with GitHub answered by nock.
 */
import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { reportState, embedState, TRACKING_ISSUE_MARKER } from "../../../src/github/publish/state.js";
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
  OWNER,
  payload,
  REPO_PATH,
  SHA_MAIN,
  SHA_PR,
  startApp,
} from "../../helpers/app/github.js";
import { item, stubReport } from "../../helpers/app/report.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const CHECK_RUN = { id: 9901, html_url: "https://github.com/neurips-demo/paper-0042/runs/9901" };
const ISSUES_QUERY = { state: "all", per_page: 100, creator: "ml-footprint[bot]" };
const COMMENTS_PATH = `${REPO_PATH}/issues/7/comments`;

/** Every mocked call happened and no other call was attempted. */
const expectExactlyTheMockedCalls = mockGitHubEachTest();

/** The tracking issue as the app left it after analysing `main` (stub report: two items missing). */
const trackingIssue = (ref = "main") => ({
  number: 12,
  html_url: "https://github.com/neurips-demo/paper-0042/issues/12",
  user: BOT,
  body: `${TRACKING_ISSUE_MARKER}\n...\n${embedState(reportState(stubReport(), SHA_MAIN, ref))}\n`,
});

/** The pull request's report: it disclosed the training time. */
const improved = () =>
  stubReport({
    items: [
      item("hardware", "disclosed"),
      item("training_time", "disclosed"),
      item("region", "disclosed"),
      item("energy", "missing"),
    ],
  });

/** Mocks shared by every analysed pull request: token, config, check run, the head's archive. */
function mockPullRequestAnalysis(scope: nock.Scope, config: string | null = null): void {
  mockToken(scope);
  mockConfig(scope, config);
  mockCheckRuns(scope, SHA_PR);
  scope
    .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_PR)
    .reply(201, CHECK_RUN);
  mockTarball(scope, SHA_PR, paperRepoTarball(SHA_PR));
  scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
}

describe("pull request", () => {
  it("comments once with what it changes against the base branch's last report", async () => {
    const comments: unknown[] = [];
    const scope = nock(API);
    mockPullRequestAnalysis(scope);
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, [trackingIssue()]);
    scope.get(COMMENTS_PATH).query({ per_page: 100 }).reply(200, []);
    scope.post(COMMENTS_PATH, capture(comments)).reply(201, { id: 555 });

    const { probot, runtime } = await startApp({ runCheck: async () => improved() });
    await deliver(probot, "pull_request", "pr-1", payload("pull_request.opened"));
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(comments).toMatchInlineSnapshot(`
[
  {
    "body": "<!-- ml-footprint:pull-request -->
### Footprint checklist: what this pull request changes

Compared with the last report on \`main\`:

**Resolved**

- **Training time**: missing → disclosed


The full checklist of the latest commit is on its “Footprint checklist” check run.

<!-- ml-footprint:state {"v":1,"changes":["resolved:training_time:missing→disclosed"]} -->
",
  },
]
`);
  });

  it("stays silent (no comment) when the pull request changes nothing", async () => {
    const scope = nock(API);
    mockPullRequestAnalysis(scope);
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, [trackingIssue()]);
    scope.get(COMMENTS_PATH).query({ per_page: 100 }).reply(200, []);

    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "pull_request", "pr-2", {
      ...payload("pull_request.opened"),
      action: "synchronize",
    });
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(logs.find((l) => l.msg === "pull-request comment stays as it is")?.fields.reason).toBe(
      "no change and no comment yet",
    );
  });

  it("edits its comment in place when the changes differ from what it shows", async () => {
    const edits: Array<{ body: string }> = [];
    const scope = nock(API);
    mockPullRequestAnalysis(scope);
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, [trackingIssue()]);
    scope
      .get(COMMENTS_PATH)
      .query({ per_page: 100 })
      .reply(200, [
        { id: 1, body: "Nice work!", user: { login: "pc-chair", type: "User" } },
        {
          id: 555,
          user: BOT,
          body: '<!-- ml-footprint:pull-request -->\nold\n<!-- ml-footprint:state {"v":1,"changes":["resolved:energy:missing→disclosed"]} -->',
        },
      ]);
    scope.patch(`${REPO_PATH}/issues/comments/555`, capture(edits as unknown[])).reply(200, { id: 555 });

    const { probot, runtime } = await startApp({ runCheck: async () => improved() });
    await deliver(probot, "pull_request", "pr-3", {
      ...payload("pull_request.opened"),
      action: "synchronize",
    });
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(edits[0]!.body).toContain("- **Training time**: missing → disclosed");
  });

  it("analyses the base commit when the base branch has no report yet", async () => {
    const comments: Array<{ body: string }> = [];
    const seen: number[] = [];
    const scope = nock(API);
    mockPullRequestAnalysis(scope);
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, []);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.get(COMMENTS_PATH).query({ per_page: 100 }).reply(200, []);
    scope.post(COMMENTS_PATH, capture(comments as unknown[])).reply(201, { id: 555 });

    const { probot, runtime } = await startApp({
      runCheck: async () => {
        seen.push(seen.length);
        return seen.length === 1 ? improved() : stubReport();
      },
    });
    await deliver(probot, "pull_request", "pr-4", payload("pull_request.opened"));
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(seen).toEqual([0, 1]);
    expect(comments[0]!.body).toContain("- **Training time**: missing → disclosed");
  });

  it("from a fork is not analysed when the configuration says forks: false", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, configFixture("no-forks"));
    const fromFork = payload<{ pull_request: { head: { repo: { full_name: string } } } }>(
      "pull_request.opened",
    );
    fromFork.pull_request.head.repo.full_name = "someone/paper-0042";

    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "pull_request", "pr-5", fromFork);
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(logs.some((l) => l.msg === "pull request from a fork; the configuration says forks: false")).toBe(
      true,
    );
  });

  it("opened by a bot is ignored without any GitHub call", async () => {
    const { probot, runtime } = await startApp();
    await deliver(probot, "pull_request", "pr-6", {
      ...payload("pull_request.opened"),
      sender: { login: "dependabot[bot]", type: "Bot" },
    });
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });
});

describe("/footprint recheck", () => {
  it("on a pull request by its author looks the pull request up and re-analyses its head", async () => {
    const scope = nock(API);
    mockToken(scope);
    scope
      .get(`${REPO_PATH}/pulls/7`)
      .reply(200, payload<{ pull_request: object }>("pull_request.opened").pull_request);
    mockConfig(scope, "report: [check, pr]\n");
    mockCheckRuns(scope, SHA_PR);
    scope
      .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_PR)
      .reply(201, CHECK_RUN);
    mockTarball(scope, SHA_PR, paperRepoTarball(SHA_PR));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    mockAppSlug(scope);
    scope.get(`${REPO_PATH}/issues`).query(ISSUES_QUERY).reply(200, [trackingIssue()]);
    scope.get(COMMENTS_PATH).query({ per_page: 100 }).reply(200, []);

    const { probot, runtime } = await startApp();
    await deliver(probot, "issue_comment", "c-1", payload("issue_comment.created"));
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });

  it("on the tracking issue by an org member re-analyses the default branch's current head", async () => {
    const created: Array<{ head_sha: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    scope.get(`${REPO_PATH}/branches/main`).reply(200, { name: "main", commit: { sha: SHA_MAIN } });
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`, capture(created as unknown[])).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    const comment = payload<Record<string, Record<string, unknown>>>("issue_comment.created");
    delete comment.issue!.pull_request;
    comment.issue!.number = 12;
    comment.comment = {
      ...comment.comment,
      author_association: "MEMBER",
      user: { login: "pc-chair", type: "User" },
    };

    const { probot, runtime } = await startApp();
    await deliver(probot, "issue_comment", "c-2", comment);
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(created.map((c) => c.head_sha)).toEqual([SHA_MAIN]);
  });

  it("by someone else on a pull request is ignored", async () => {
    const comment = payload<Record<string, Record<string, unknown>>>("issue_comment.created");
    comment.comment = {
      ...comment.comment,
      author_association: "NONE",
      user: { login: "passer-by", type: "User" },
    };
    const { probot, runtime } = await startApp();
    await deliver(probot, "issue_comment", "c-3", comment);
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });
});

describe("re-run from the Checks tab", () => {
  it("check_run.rerequested re-analyses the pull request's commit", async () => {
    const scope = nock(API);
    mockPullRequestAnalysis(scope, "report: [check]\n");
    const { probot, runtime } = await startApp();
    await deliver(probot, "check_run", "r-1", payload("check_run.rerequested"));
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });

  it("check_suite.rerequested on the default branch re-analyses that commit", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN);
    scope
      .post(`${REPO_PATH}/check-runs`, (b: { head_sha: string }) => b.head_sha === SHA_MAIN)
      .reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    const { probot, runtime } = await startApp();
    await deliver(probot, "check_suite", "r-2", payload("check_suite.rerequested"));
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });
});

describe("installation", () => {
  it("reads each repository's configuration and scans nothing unless asked", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, null);
    scope
      .get(`/repos/${OWNER}/paper-0043/contents/.github%2Fml-footprint.yml`)
      .reply(404, { message: "Not Found" });
    scope.get(ORG_CONFIG_PATH).reply(404, { message: "Not Found" });
    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "installation", "i-1", payload("installation.created"));
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(logs.find((l) => l.msg === "installation scanned")?.fields).toMatchObject({
      repositories: 2,
      enqueued: 0,
    });
  });

  it("analyses each repository's default branch when the org configuration says scan_on_install", async () => {
    const created: Array<{ head_sha: string }> = [];
    const scope = nock(API);
    mockToken(scope);
    // Read twice: by the scan, then by the repository's analysis.
    scope.get(CONFIG_PATH).times(2).reply(404, { message: "Not Found" });
    scope
      .get(ORG_CONFIG_PATH)
      .times(2)
      .reply(200, configFixture("scan-on-install"), { "content-type": "text/plain; charset=utf-8" });
    scope.get(REPO_PATH).reply(200, { name: "paper-0042", default_branch: "main" });
    scope.get(`${REPO_PATH}/branches/main`).reply(200, { name: "main", commit: { sha: SHA_MAIN } });
    mockCheckRuns(scope, SHA_MAIN);
    scope.post(`${REPO_PATH}/check-runs`, capture(created as unknown[])).reply(201, CHECK_RUN);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, CHECK_RUN);
    const added = payload<{ repositories_added: Array<{ name: string; full_name: string }> }>(
      "installation_repositories.added",
    );
    added.repositories_added = [{ name: "paper-0042", full_name: "neurips-demo/paper-0042" }];

    const { probot, runtime } = await startApp();
    await deliver(probot, "installation_repositories", "i-2", added);
    await runtime.queue.onIdle();

    expectExactlyTheMockedCalls();
    expect(created.map((c) => c.head_sha)).toEqual([SHA_MAIN]);
  });

  it("does nothing when the app is uninstalled", async () => {
    const { probot, runtime } = await startApp();
    await deliver(probot, "installation", "i-3", { ...payload("installation.created"), action: "deleted" });
    await runtime.queue.onIdle();
    expectExactlyTheMockedCalls();
  });
});
