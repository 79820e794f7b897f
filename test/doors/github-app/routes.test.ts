import { describe, expect, it } from "@jest/globals";
import {
  routeCheckRun,
  routeCheckSuite,
  routeInstallation,
  routeInstallationRepositories,
  routeIssueComment,
  routePullRequest,
  routePush,
  type CheckRunPayload,
  type CheckSuitePayload,
  type InstallationPayload,
  type InstallationRepositoriesPayload,
  type IssueCommentPayload,
  type PullRequestPayload,
  type PushPayload,
  type Route,
} from "../../../src/doors/github-app/routes.js";
import { payload, SHA_MAIN, SHA_PR } from "../../helpers/app/github.js";

const NOW = 1_000;
const enqueued = (route: Route) => {
  if (route.action !== "enqueue") throw new Error(`expected a job, got: ${route.reason}`);
  return { id: route.job.id, key: route.job.key, kind: route.job.kind, payload: route.job.payload };
};

const REPOSITORY = { installationId: 4242, owner: "neurips-demo", repo: "paper-0042", defaultBranch: "main" };

describe("push", () => {
  it("to the default branch enqueues that commit", () => {
    expect(enqueued(routePush("d1", payload<PushPayload>("push"), NOW))).toEqual({
      id: "d1",
      key: "neurips-demo/paper-0042#default",
      kind: "analyse",
      payload: {
        repository: REPOSITORY,
        target: { type: "default_branch", sha: SHA_MAIN },
        trigger: "push",
        receivedAt: NOW,
      },
    });
  });

  it("to another branch, a tag, or deleting the branch is ignored", () => {
    const push = payload<PushPayload>("push");
    expect(routePush("d", { ...push, ref: "refs/heads/draft" }, NOW)).toEqual({
      action: "ignore",
      reason: "push to refs/heads/draft, not the default branch",
    });
    expect(routePush("d", { ...push, ref: "refs/tags/v1" }, NOW).action).toBe("ignore");
    expect(routePush("d", { ...push, deleted: true, after: "0".repeat(40) }, NOW)).toEqual({
      action: "ignore",
      reason: "branch deleted",
    });
  });

  it("by a bot is analysed (the app never pushes, so there is no loop)", () => {
    const push = payload<PushPayload>("push");
    expect(
      routePush("d", { ...push, sender: { login: "github-actions[bot]", type: "Bot" } }, NOW).action,
    ).toBe("enqueue");
  });

  it("without an installation is ignored", () => {
    const push = payload<PushPayload>("push");
    expect(routePush("d", { ...push, installation: null }, NOW)).toEqual({
      action: "ignore",
      reason: "no installation or repository owner in the payload",
    });
  });
});

describe("pull_request", () => {
  it("opened enqueues the head with its base, per pull request", () => {
    expect(
      enqueued(routePullRequest("d2", payload<PullRequestPayload>("pull_request.opened"), NOW)),
    ).toMatchObject({
      key: "neurips-demo/paper-0042#pr:7",
      payload: {
        target: {
          type: "pull_request",
          number: 7,
          headSha: SHA_PR,
          baseRef: "main",
          baseSha: SHA_MAIN,
          fromFork: false,
        },
        trigger: "pull_request.opened",
      },
    });
  });

  it("from a fork is marked as such (the job decides with the forks setting)", () => {
    const pr = payload<PullRequestPayload>("pull_request.opened");
    pr.pull_request.head.repo = { full_name: "someone/paper-0042" };
    expect(enqueued(routePullRequest("d", pr, NOW)).payload).toMatchObject({ target: { fromFork: true } });
    pr.pull_request.head.repo = null;
    expect(enqueued(routePullRequest("d", pr, NOW)).payload).toMatchObject({ target: { fromFork: true } });
  });

  it("by a bot, or closed, is ignored", () => {
    const pr = payload<PullRequestPayload>("pull_request.opened");
    expect(routePullRequest("d", { ...pr, sender: { login: "dependabot[bot]", type: "Bot" } }, NOW)).toEqual({
      action: "ignore",
      reason: "sender is a bot",
    });
    expect(routePullRequest("d", { ...pr, action: "closed" }, NOW).action).toBe("ignore");
  });
});

describe("re-run checks", () => {
  it("a check suite on the default branch re-analyses that commit", () => {
    expect(
      enqueued(routeCheckSuite("d3", payload<CheckSuitePayload>("check_suite.rerequested"), NOW)),
    ).toMatchObject({
      key: "neurips-demo/paper-0042#default",
      payload: { target: { type: "default_branch", sha: SHA_MAIN }, trigger: "check_suite.rerequested" },
    });
  });

  it("a check suite on another branch without a pull request re-analyses that commit, for the check only", () => {
    const suite = payload<CheckSuitePayload>("check_suite.rerequested");
    suite.check_suite.head_branch = "experiments";
    expect(enqueued(routeCheckSuite("d", suite, NOW))).toMatchObject({
      key: "neurips-demo/paper-0042#branch:experiments",
      payload: { target: { type: "branch", branch: "experiments", sha: SHA_MAIN } },
    });
  });

  it("our check run on a pull request re-analyses the pull request", () => {
    expect(
      enqueued(routeCheckRun("d4", payload<CheckRunPayload>("check_run.rerequested"), NOW)),
    ).toMatchObject({
      key: "neurips-demo/paper-0042#pr:7",
      payload: {
        target: {
          type: "pull_request",
          number: 7,
          headSha: SHA_PR,
          baseRef: "main",
          baseSha: SHA_MAIN,
          fromFork: false,
        },
      },
    });
  });

  it("another app's check run is not ours to re-run", () => {
    const run = payload<CheckRunPayload>("check_run.rerequested");
    run.check_run.name = "CI";
    expect(routeCheckRun("d", run, NOW)).toEqual({ action: "ignore", reason: 'check run "CI" is not ours' });
  });
});

describe("/footprint recheck", () => {
  it("from the pull request's author re-analyses the pull request's current head", () => {
    expect(
      enqueued(routeIssueComment("d5", payload<IssueCommentPayload>("issue_comment.created"), NOW)),
    ).toMatchObject({
      key: "neurips-demo/paper-0042#pr:7",
      payload: {
        target: {
          type: "pull_request",
          number: 7,
          headSha: null,
          baseRef: null,
          baseSha: null,
          fromFork: null,
        },
        trigger: "issue_comment",
      },
    });
  });

  it("from a collaborator on an issue re-analyses the default branch's head", () => {
    const comment = payload<IssueCommentPayload>("issue_comment.created");
    delete comment.issue.pull_request;
    comment.comment.author_association = "MEMBER";
    comment.comment.user = { login: "pc-chair", type: "User" };
    expect(enqueued(routeIssueComment("d", comment, NOW))).toMatchObject({
      key: "neurips-demo/paper-0042#default",
      payload: { target: { type: "default_branch", sha: null } },
    });
  });

  it("from someone without write access who did not open the pull request is ignored", () => {
    const comment = payload<IssueCommentPayload>("issue_comment.created");
    comment.comment.user = { login: "passer-by", type: "User" };
    comment.sender = { login: "passer-by", type: "User" };
    comment.comment.author_association = "NONE";
    expect(routeIssueComment("d", comment, NOW)).toEqual({
      action: "ignore",
      reason: "commenter (NONE) may not ask for a recheck",
    });
  });

  it("from a bot, without the command on its own line, or edited, is ignored", () => {
    const comment = payload<IssueCommentPayload>("issue_comment.created");
    expect(
      routeIssueComment("d", { ...comment, sender: { login: "ml-footprint[bot]", type: "Bot" } }, NOW).action,
    ).toBe("ignore");
    expect(
      routeIssueComment(
        "d",
        { ...comment, comment: { ...comment.comment, body: "please /footprint recheck it" } },
        NOW,
      ),
    ).toEqual({
      action: "ignore",
      reason: "no /footprint recheck command",
    });
    expect(routeIssueComment("d", { ...comment, action: "edited" }, NOW).action).toBe("ignore");
  });
});

describe("installation", () => {
  it("created enqueues one scan job naming the repositories", () => {
    expect(
      enqueued(routeInstallation("d6", payload<InstallationPayload>("installation.created"), NOW)),
    ).toEqual({
      id: "d6",
      key: "installation:4242",
      kind: "scan-installation",
      payload: {
        installationId: 4242,
        account: "neurips-demo",
        repositories: [
          { owner: "neurips-demo", repo: "paper-0042" },
          { owner: "neurips-demo", repo: "paper-0043" },
        ],
        trigger: "installation.created",
        receivedAt: NOW,
      },
    });
  });

  it("created without a repository list leaves listing to the job", () => {
    const installation = payload<InstallationPayload>("installation.created");
    delete installation.repositories;
    expect(enqueued(routeInstallation("d", installation, NOW)).payload).toMatchObject({ repositories: null });
  });

  it("repositories added enqueues a scan of the added ones; removal needs nothing", () => {
    const added = payload<InstallationRepositoriesPayload>("installation_repositories.added");
    expect(enqueued(routeInstallationRepositories("d7", added, NOW)).payload).toMatchObject({
      repositories: [{ owner: "neurips-demo", repo: "paper-0044" }],
    });
    expect(routeInstallationRepositories("d", { ...added, action: "removed" }, NOW).action).toBe("ignore");
    expect(
      routeInstallation(
        "d",
        { ...payload<InstallationPayload>("installation.created"), action: "deleted" },
        NOW,
      ).action,
    ).toBe("ignore");
  });
});
