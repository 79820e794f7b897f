/**
 * The repository's tracking issue: one per repository, created by the app on the first analysis of the
 * default branch, found again by its hidden marker, and edited in place on every later one.
 */
import { codeSpan, commitReference, truncateMarkdown } from "../../render/escape.js";
import { GITHUB_TEXT_LIMIT } from "./limits.js";
import { embedState, readReportState, TRACKING_ISSUE_MARKER, type ReportState } from "./state.js";

export const TRACKING_ISSUE_TITLE = "Footprint disclosure checklist";

/** The fields of a listed issue the app looks at. */
export interface ListedIssue {
  number: number;
  html_url: string;
  body?: string | null;
  user?: { type?: string; login?: string } | null;
  pull_request?: unknown;
}

/**
 * The tracking issue among listed issues: the oldest one a bot wrote with the marker (a person could paste
 * the marker into an issue of their own; that one is not ours to edit).
 */
export function findTrackingIssue<T extends ListedIssue>(issues: readonly T[]): T | null {
  const ours = issues.filter(
    (issue) =>
      !issue.pull_request && issue.user?.type === "Bot" && (issue.body ?? "").includes(TRACKING_ISSUE_MARKER),
  );
  ours.sort((a, b) => a.number - b.number);
  return ours[0] ?? null;
}

/** The report state the tracking issue remembers (the default branch's last report), or null. */
export function trackingIssueState(issue: ListedIssue | null): ReportState | null {
  return issue ? readReportState(issue.body) : null;
}

const TRUNCATED_NOTE = "\n\n… (cut to fit GitHub's limit; the check run on the commit has the summary)\n";

/**
 * The tracking issue's body: marker, where and when it was checked, the rendered checklist, hidden state.
 * The branch name is anyone-with-push-access's text: it is shown as code.
 *
 * @example
 * renderTrackingIssueBody({ markdown, state: reportState(report, sha, "main"), repository: "octo/paper" })
 */
export function renderTrackingIssueBody(input: {
  markdown: string;
  state: ReportState;
  repository: string;
}): string {
  const { markdown, state, repository } = input;
  const head = [
    TRACKING_ISSUE_MARKER,
    `Kept up to date by ml-footprint on every push to ${codeSpan(state.ref)}. Last checked: ${commitReference(repository, state.sha)}.`,
    "",
    "",
  ].join("\n");
  const tail = `\n\n${embedState(state)}\n`;
  const room = GITHUB_TEXT_LIMIT - head.length - tail.length;
  return head + truncateMarkdown(markdown.trimEnd(), room, TRUNCATED_NOTE) + tail;
}
