import { describe, expect, it } from "@jest/globals";
import {
  configErrorCheckRun,
  configProblemTable,
  conclusionFor,
  failureCheckRun,
  reportCheckRunUpdates,
} from "../../src/github/publish/check-run.js";
import { truncateText } from "../../src/github/publish/limits.js";
import {
  decidePullRequestComment,
  diffChecklists,
  diffSignature,
  findPullRequestComment,
  renderPullRequestComment,
} from "../../src/github/publish/pull-request-comment.js";
import {
  embedState,
  readPullRequestState,
  readReportState,
  reportState,
  TRACKING_ISSUE_MARKER,
} from "../../src/github/publish/state.js";
import { findTrackingIssue, renderTrackingIssueBody } from "../../src/github/publish/tracking-issue.js";
import type { CheckAnnotation } from "../../src/judge/types.js";
import { item, renderStub, stubReport } from "../helpers/app/report.js";

const annotation = (i: number): CheckAnnotation => ({
  path: `./scripts/launch_${i}.sh`,
  line: i + 1,
  level: "warning",
  title: "GPU count differs from the paper",
  message: `--nproc_per_node=${i}`,
});

describe("check run", () => {
  it("is neutral when the checklist is complete, and the configured conclusion otherwise", () => {
    expect(conclusionFor(stubReport({ verdict: "complete" }), { incomplete_conclusion: "failure" })).toBe(
      "neutral",
    );
    expect(conclusionFor(stubReport({ verdict: "inconsistent" }), { incomplete_conclusion: "failure" })).toBe(
      "failure",
    );
    expect(conclusionFor(stubReport(), { incomplete_conclusion: "action_required" })).toBe("action_required");
  });

  it("sends annotations 50 per request and the conclusion with the last batch", () => {
    const report = stubReport({ annotations: Array.from({ length: 120 }, (_, i) => annotation(i)) });
    const updates = reportCheckRunUpdates(report, "summary", {
      conclusion: "action_required",
      completedAt: "T",
    });
    expect(updates.map((u) => [u.output.annotations?.length, u.conclusion ?? null])).toEqual([
      [50, null],
      [50, null],
      [20, "action_required"],
    ]);
    expect(updates[0]!.output.annotations![0]).toEqual({
      path: "scripts/launch_0.sh",
      start_line: 1,
      end_line: 1,
      annotation_level: "warning",
      title: "GPU count differs from the paper",
      message: "--nproc_per_node=0",
    });
  });

  it("completes in one request without annotations", () => {
    expect(
      reportCheckRunUpdates(stubReport(), "summary", {
        conclusion: "neutral",
        completedAt: "T",
        detailsUrl: "U",
      }),
    ).toEqual([
      {
        status: "completed",
        conclusion: "neutral",
        completed_at: "T",
        details_url: "U",
        output: { title: "2 of 4 items disclosed; training time and energy missing", summary: "summary" },
      },
    ]);
  });

  it("sends at most 500 annotations and says how many more there were", () => {
    const report = stubReport({ annotations: Array.from({ length: 510 }, (_, i) => annotation(i)) });
    const updates = reportCheckRunUpdates(report, "summary", { conclusion: "neutral", completedAt: "T" });
    expect(updates).toHaveLength(10);
    expect(updates[9]!.output.summary).toBe("summary\n\n10 further annotations are not shown.\n");
  });

  it("cuts a summary longer than GitHub's 65,535 characters and says so", () => {
    const long = "- an item line that repeats\n".repeat(3000);
    const [update] = reportCheckRunUpdates(stubReport(), long, { conclusion: "neutral", completedAt: "T" });
    expect(long.length).toBeGreaterThan(65_535);
    expect(update!.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(
      update!.output.summary.endsWith(
        "(cut to fit GitHub's limit; the tracking issue has the whole checklist)\n",
      ),
    ).toBe(true);
  });

  it("shows configuration problems as a Property | Error table, escaping pipes", () => {
    expect(configProblemTable([{ property: "report[1]", error: 'expected one of "check"|"issue"' }])).toBe(
      ["| Property | Error |", "| --- | --- |", '| `report[1]` | expected one of "check"\\|"issue" |'].join(
        "\n",
      ),
    );
    const update = configErrorCheckRun(
      [{ property: "profile", error: "bad" }],
      ["octo/.github/.github/ml-footprint.yml"],
      "T",
    );
    expect(update.conclusion).toBe("action_required");
    expect(update.output.title).toBe("Invalid .github/ml-footprint.yml (1 problem)");
  });

  it("reports a failed analysis as neutral, quoting the reason", () => {
    expect(failureCheckRun("The repository archive is larger than 200 MB.", "T")).toMatchObject({
      conclusion: "neutral",
      output: { title: "Footprint checklist could not be computed" },
    });
  });
});

describe("truncateText", () => {
  it("keeps text within the limit, cutting at a line break when one is near", () => {
    expect(truncateText("one\ntwo\nthree", 9, "…")).toBe("one\ntwo\n…");
    expect(truncateText("short", 9, "…")).toBe("short");
  });

  it("never splits a surrogate pair", () => {
    const cut = truncateText("ab😀cd", 4, "…");
    expect(cut).toBe("ab…");
  });
});

describe("hidden state", () => {
  it("round-trips through a body, and no branch name can close the comment", () => {
    const state = {
      v: 1 as const,
      sha: "abc",
      ref: "weird-->branch",
      verdict: "incomplete" as const,
      items: { hardware: "missing" as const },
    };
    const body = `text\n${embedState(state)}\n`;
    expect(body).not.toContain("weird-->");
    expect(readReportState(body)).toEqual(state);
  });

  it("ignores state that was edited into something malformed", () => {
    expect(readReportState('<!-- ml-footprint:state {"v":1,"sha":3} -->')).toBeNull();
    expect(readReportState("<!-- ml-footprint:state {not json -->")).toBeNull();
    expect(readPullRequestState("no state here")).toBeNull();
  });
});

describe("tracking issue", () => {
  it("is the oldest bot-written issue carrying the marker, never a person's or a pull request", () => {
    const issues = [
      { number: 3, html_url: "u3", body: `${TRACKING_ISSUE_MARKER} copy`, user: { type: "User" } },
      { number: 9, html_url: "u9", body: TRACKING_ISSUE_MARKER, user: { type: "Bot" } },
      { number: 5, html_url: "u5", body: TRACKING_ISSUE_MARKER, user: { type: "Bot" } },
      { number: 4, html_url: "u4", body: TRACKING_ISSUE_MARKER, user: { type: "Bot" }, pull_request: {} },
    ];
    expect(findTrackingIssue(issues)?.number).toBe(5);
    expect(findTrackingIssue([])).toBeNull();
  });

  it("renders marker, commit, checklist and state", () => {
    const report = stubReport();
    expect(
      renderTrackingIssueBody({
        markdown: renderStub(report),
        state: reportState(report, "abc123", "main"),
        repository: "octo/paper",
      }),
    ).toMatchInlineSnapshot(`
"<!-- ml-footprint:tracking -->
Kept up to date by ml-footprint on every push to \`main\`. Last checked: octo/paper@abc123.

**2 of 4 items disclosed; training time and energy missing**

- Hardware type and count: disclosed
- Training time: missing
- Where the training ran: disclosed
- Energy or emissions: missing

<!-- ml-footprint:state {"v":1,"sha":"abc123","ref":"main","verdict":"incomplete","items":{"hardware":"disclosed","training_time":"missing","region":"disclosed","energy":"missing"}} -->
"
`);
  });
});

describe("pull-request comment", () => {
  const base = reportState(stubReport(), "base", "main");

  it("sorts changes into resolved, newly missing or worse, and changed", () => {
    const head = stubReport({
      verdict: "complete",
      items: [
        item("hardware", "partial"),
        item("training_time", "disclosed"),
        item("region", "disclosed"),
        item("energy", "inferred"),
        item("seeds", "missing"),
      ],
    });
    const diff = diffChecklists(base, head);
    expect(diffSignature(diff)).toEqual([
      "resolved:energy:missing→inferred",
      "resolved:training_time:missing→disclosed",
      "worse:hardware:disclosed→partial",
      "worse:seeds:-→missing",
      "verdict:incomplete→complete",
    ]);
    expect(renderPullRequestComment(diff, "main")).toMatchInlineSnapshot(`
"<!-- ml-footprint:pull-request -->
### Footprint checklist: what this pull request changes

Compared with the last report on \`main\`:

**Resolved**

- **Training time**: missing → disclosed
- **Energy or emissions**: missing → inferred

**Newly missing or worse**

- **Hardware type and count**: disclosed → partial
- **seeds**: absent → missing

Verdict: incomplete → complete.


The full checklist of the latest commit is on its “Footprint checklist” check run.

<!-- ml-footprint:state {"v":1,"changes":["resolved:energy:missing→inferred","resolved:training_time:missing→disclosed","worse:hardware:disclosed→partial","worse:seeds:-→missing","verdict:incomplete→complete"]} -->
"
`);
  });

  it("stays silent when nothing changed and there is no comment", () => {
    expect(decidePullRequestComment(null, diffChecklists(base, stubReport()), "main")).toEqual({
      action: "none",
      reason: "no change and no comment yet",
    });
  });

  it("stays silent when the comment already shows these changes, even on a new commit", () => {
    const head = stubReport({
      items: [
        item("hardware", "disclosed"),
        item("training_time", "disclosed"),
        item("region", "disclosed"),
        item("energy", "missing"),
      ],
    });
    const diff = diffChecklists(base, head);
    const existing = { id: 77, body: renderPullRequestComment(diff, "main"), user: { type: "Bot" } };
    expect(decidePullRequestComment(existing, diff, "main")).toEqual({
      action: "none",
      reason: "the comment already shows these changes",
    });
  });

  it("edits the comment when the changes differ, including back to no change at all", () => {
    const head = stubReport({
      items: [
        item("hardware", "disclosed"),
        item("training_time", "disclosed"),
        item("region", "disclosed"),
        item("energy", "missing"),
      ],
    });
    const existing = {
      id: 77,
      body: renderPullRequestComment(diffChecklists(base, head), "main"),
      user: { type: "Bot" },
    };
    const decision = decidePullRequestComment(existing, diffChecklists(base, stubReport()), "main");
    expect(decision).toMatchObject({ action: "update", commentId: 77 });
    expect(decision.action === "update" && decision.body).toContain(
      "This pull request no longer changes the checklist compared with the last report on `main`.",
    );
  });

  it("finds only a bot's comment carrying the marker", () => {
    const body = renderPullRequestComment(diffChecklists(base, stubReport()), "main");
    expect(
      findPullRequestComment([
        { id: 1, body, user: { type: "User" } },
        { id: 2, body, user: { type: "Bot" } },
      ])?.id,
    ).toBe(2);
  });
});
