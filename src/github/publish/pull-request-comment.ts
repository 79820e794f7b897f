/**
 * The pull-request comment: what the pull request changes in the checklist compared with the base branch's
 * last report. One comment per pull request, found by its hidden marker and edited in place; silent (no
 * comment, no edit) while the changes it would show are the ones it already shows.
 */
import { codeSpan, markdownText, truncateMarkdown } from "../../render/escape.js";
import type { CheckReport, ItemStatus, Verdict } from "../../judge/types.js";
import { GITHUB_TEXT_LIMIT } from "./limits.js";
import { embedState, PULL_REQUEST_MARKER, readPullRequestState, type ReportState } from "./state.js";

/** Item statuses best first, as in `ItemStatus`; a lower rank is better. */
const STATUS_RANK: Record<ItemStatus, number> = {
  disclosed: 0,
  not_applicable: 0,
  partial: 1,
  inferred: 1,
  missing: 2,
  inconsistent: 3,
};

export interface ItemChange {
  id: string;
  title: string;
  from: ItemStatus | null;
  to: ItemStatus | null;
}

export interface ChecklistDiff {
  /** Items whose status got better (or that left a gap by disappearing from the checklist). */
  resolved: ItemChange[];
  /** Items whose status got worse, or that are new and not disclosed. */
  worse: ItemChange[];
  /** Same rank, different status (e.g. partial → inferred). */
  changed: ItemChange[];
  verdict: { from: Verdict; to: Verdict } | null;
}

/** A status as words; statuses read back from a comment are validated, but any string is escaped anyway. */
const label = (status: ItemStatus | null): string =>
  status === null ? "absent" : markdownText(status.replace("_", " "));

/**
 * Compares the pull request's report with the base branch's last report.
 *
 * @example
 * diffChecklists(baseState, headReport).worse // [{ id: "training_time", title: "Training time", from: "disclosed", to: "missing" }]
 */
export function diffChecklists(base: ReportState, head: CheckReport): ChecklistDiff {
  const diff: ChecklistDiff = { resolved: [], worse: [], changed: [], verdict: null };
  const seen = new Set<string>();
  for (const item of head.items) {
    seen.add(item.id);
    const from = base.items[item.id] ?? null;
    if (from === item.status) continue;
    const change: ItemChange = { id: item.id, title: item.title, from, to: item.status };
    const fromRank = from === null ? 0 : STATUS_RANK[from];
    const toRank = STATUS_RANK[item.status];
    if (from === null) {
      if (toRank > 0) diff.worse.push(change);
    } else if (toRank < fromRank) diff.resolved.push(change);
    else if (toRank > fromRank) diff.worse.push(change);
    else diff.changed.push(change);
  }
  for (const [id, status] of Object.entries(base.items)) {
    if (seen.has(id) || STATUS_RANK[status] === 0) continue;
    diff.resolved.push({ id, title: id, from: status, to: null });
  }
  if (base.verdict !== head.verdict) diff.verdict = { from: base.verdict, to: head.verdict };
  return diff;
}

/** A stable, order-independent description of a diff: two equal signatures show the same comment. */
export function diffSignature(diff: ChecklistDiff): string[] {
  const line = (kind: string, c: ItemChange): string => `${kind}:${c.id}:${c.from ?? "-"}→${c.to ?? "-"}`;
  const lines = [
    ...diff.resolved.map((c) => line("resolved", c)),
    ...diff.worse.map((c) => line("worse", c)),
    ...diff.changed.map((c) => line("changed", c)),
  ].sort();
  if (diff.verdict) lines.push(`verdict:${diff.verdict.from}→${diff.verdict.to}`);
  return lines;
}

const isEmpty = (diff: ChecklistDiff): boolean => diffSignature(diff).length === 0;

/** Titles of items gone from the checklist are their ids, read back from a body people can edit. */
const bullet = (c: ItemChange): string => `- **${markdownText(c.title)}**: ${label(c.from)} → ${label(c.to)}`;

/** The comment's body for a diff against `baseRef` (a branch name: shown as code). */
export function renderPullRequestComment(diff: ChecklistDiff, baseRef: string): string {
  const lines = [PULL_REQUEST_MARKER, "### Footprint checklist: what this pull request changes", ""];
  if (isEmpty(diff)) {
    lines.push(
      `This pull request no longer changes the checklist compared with the last report on ${codeSpan(baseRef)}.`,
    );
  } else {
    lines.push(`Compared with the last report on ${codeSpan(baseRef)}:`, "");
    if (diff.resolved.length > 0) lines.push("**Resolved**", "", ...diff.resolved.map(bullet), "");
    if (diff.worse.length > 0) lines.push("**Newly missing or worse**", "", ...diff.worse.map(bullet), "");
    if (diff.changed.length > 0) lines.push("**Changed**", "", ...diff.changed.map(bullet), "");
    if (diff.verdict) lines.push(`Verdict: ${diff.verdict.from} → ${diff.verdict.to}.`, "");
  }
  lines.push("", "The full checklist of the latest commit is on its “Footprint checklist” check run.");
  const tail = `\n\n${embedState({ v: 1, changes: diffSignature(diff) })}\n`;
  return truncateMarkdown(lines.join("\n"), GITHUB_TEXT_LIMIT - tail.length, "\n…\n") + tail;
}

export interface ListedComment {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
}

/** The app's sticky comment among a pull request's comments (written by a bot, with the marker). */
export function findPullRequestComment<T extends ListedComment>(comments: readonly T[]): T | null {
  return comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(PULL_REQUEST_MARKER)) ?? null;
}

export type CommentDecision =
  | { action: "none"; reason: string }
  | { action: "create"; body: string }
  | { action: "update"; commentId: number; body: string };

/**
 * What to do with the sticky comment: nothing when the pull request changes nothing and there is no comment
 * yet, or when the comment already shows exactly these changes; create or edit otherwise.
 */
export function decidePullRequestComment(
  existing: ListedComment | null,
  diff: ChecklistDiff,
  baseRef: string,
): CommentDecision {
  const signature = diffSignature(diff);
  if (!existing) {
    if (signature.length === 0) return { action: "none", reason: "no change and no comment yet" };
    return { action: "create", body: renderPullRequestComment(diff, baseRef) };
  }
  const shown = readPullRequestState(existing.body)?.changes;
  if (shown && shown.length === signature.length && shown.every((s, i) => s === signature[i])) {
    return { action: "none", reason: "the comment already shows these changes" };
  }
  return { action: "update", commentId: existing.id, body: renderPullRequestComment(diff, baseRef) };
}
