/**
 * What the app posts around the checklist (check-run title, annotations and summaries, tracking-issue header,
 * pull-request comment) against repository-controlled text: branch names, file paths, config properties,
 * error reasons.
 */
import { describe, expect, it } from "@jest/globals";
import {
  configErrorCheckRun,
  failureCheckRun,
  reportCheckRunUpdates,
  toGitHubAnnotation,
} from "../../src/github/publish/check-run.js";
import {
  decidePullRequestComment,
  diffChecklists,
  renderPullRequestComment,
} from "../../src/github/publish/pull-request-comment.js";
import {
  embedState,
  readReportState,
  reportState,
  type ReportState,
} from "../../src/github/publish/state.js";
import { renderTrackingIssueBody } from "../../src/github/publish/tracking-issue.js";
import { inspectPlainText, inspectPostedMarkdown } from "../helpers/posted-markdown.js";
import { item, renderStub, stubReport } from "../helpers/app/report.js";

const ZWSP = "\u200B";
const HOSTILE_BRANCH = "fix`<img src=x>`@octocat<!--|#1";

describe("the tracking issue header", () => {
  it("shows a hostile branch name as code and keeps it exactly in the hidden state", () => {
    const report = stubReport();
    const body = renderTrackingIssueBody({
      markdown: renderStub(report),
      state: reportState(report, "abc123", HOSTILE_BRANCH),
      repository: "octo/paper",
    });
    expect(body).toContain(
      "on every push to ``fix`<img src=x>`@octocat<!--|#1``. Last checked: octo/paper@abc123.",
    );
    expect(inspectPostedMarkdown(body, { allow: ["octo/paper@abc123"] })).toEqual([]);
    expect(readReportState(body)?.ref).toBe(HOSTILE_BRANCH);
  });

  it("does not link a repository and commit GitHub would not have sent", () => {
    const body = renderTrackingIssueBody({
      markdown: "",
      state: reportState(stubReport(), "@octocat", "main"),
      repository: "octo/paper",
    });
    expect(body).toContain("Last checked: `octo/paper@@octocat`.");
    expect(inspectPostedMarkdown(body)).toEqual([]);
  });
});

describe("the pull-request comment", () => {
  it("shows a hostile base branch as code and escapes item titles read back from a body", () => {
    const base: ReportState = {
      v: 1,
      sha: "b",
      ref: "main",
      verdict: "incomplete",
      items: { "</details>@team": "missing" },
    };
    const diff = diffChecklists(base, stubReport({ items: [item("hardware", "missing")] }));
    const body = renderPullRequestComment(diff, HOSTILE_BRANCH);
    expect(body).toContain("Compared with the last report on ``fix`<img src=x>`@octocat<!--|#1``:");
    expect(body).toContain(`- **&lt;/details&gt;@${ZWSP}team**: missing → absent`);
    expect(inspectPostedMarkdown(body)).toEqual([]);
    const decision = decidePullRequestComment(null, diff, HOSTILE_BRANCH);
    expect(decision.action === "create" && inspectPostedMarkdown(decision.body)).toEqual([]);
  });
});

describe("the check run", () => {
  it("sends titles and annotations as plain text with mentions and links broken", () => {
    const annotation = toGitHubAnnotation({
      path: "./scripts/@octocat\u001b.sh",
      line: 3,
      level: "warning",
      title: "epochs: the paper says @octocat\nsee https://evil.example",
      message: "Paper: <img>; code: #12 @team",
    });
    expect(annotation).toEqual({
      path: "scripts/@octocat.sh",
      start_line: 3,
      end_line: 3,
      annotation_level: "warning",
      title: `epochs: the paper says @${ZWSP}octocat see https:${ZWSP}//evil.example`,
      message: `Paper: <img>; code: #${ZWSP}12 @${ZWSP}team`,
    });
    const [update] = reportCheckRunUpdates(stubReport({ headline: "x".repeat(300) + "@a" }), "summary", {
      conclusion: "neutral",
      completedAt: "T",
    });
    expect(update!.output.title).toHaveLength(255);
    expect(inspectPlainText(update!.output.title, 255)).toEqual([]);
  });

  it("shows configuration problems with hostile property names and reasons inert", () => {
    const update = configErrorCheckRun(
      [
        { property: "a`|`b", error: "expected <b>x</b> @octocat" },
        { property: "</details>", error: "| broken | table |" },
      ],
      ["octo/.github/`weird`.yml"],
      "T",
    );
    expect(update.output.summary).toContain("| ``a`\\|`b`` | expected &lt;b&gt;x&lt;/b&gt; @\u200Boctocat |");
    expect(update.output.summary).toContain("Configuration read from ``octo/.github/`weird`.yml``.");
    expect(inspectPostedMarkdown(update.output.summary)).toEqual([]);
  });

  it("quotes a failure reason line by line as escaped text", () => {
    const update = failureCheckRun("paper/@octocat.tex: bad\n# Heading\n</details><!--", "T");
    expect(update.output.summary).toContain(
      `> paper/@${ZWSP}octocat.tex: bad\n> \\# Heading\n> &lt;/details&gt;&lt;!--`,
    );
    expect(inspectPostedMarkdown(update.output.summary)).toEqual([]);
  });

  it("cuts a long summary without leaving a fence or a <details> open", () => {
    const markdown = [
      "<details><summary>s</summary>",
      "",
      "```text",
      ..."line\n".repeat(20_000).split("\n"),
    ].join("\n");
    const [update] = reportCheckRunUpdates(stubReport(), markdown, {
      conclusion: "neutral",
      completedAt: "T",
    });
    expect(update!.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(update!.output.summary).toMatch(/line\n```\n\n<\/details>\n\n… \(cut to fit/);
    expect(inspectPostedMarkdown(update!.output.summary)).toEqual([]);
  });
});

describe("the hidden state", () => {
  it("cuts a branch name longer than any Git host allows, so the body stays under GitHub's limit", () => {
    const body = renderTrackingIssueBody({
      markdown: "",
      state: reportState(stubReport(), "abc123", "b".repeat(100_000)),
      repository: "octo/paper",
    });
    expect(body.length).toBeLessThan(5_000);
    expect(readReportState(body)?.ref).toBe("b".repeat(1_024));
  });

  it("ignores state edited into item ids longer than a checklist has", () => {
    const edited: ReportState = {
      v: 1,
      sha: "abc123",
      ref: "main",
      verdict: "incomplete",
      items: { ["x".repeat(101)]: "missing" },
    };
    expect(readReportState(embedState(edited))).toBeNull();
  });
});
