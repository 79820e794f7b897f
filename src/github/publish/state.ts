/**
 * Hidden markers and state in the bodies the app writes (mergeable style): the tracking issue and the
 * pull-request comment are found again by their marker, and the last report's item statuses travel in an
 * HTML comment, so the app persists nothing anywhere else. Bodies can be edited by people with write access,
 * so state read back is validated and ignored when malformed.
 */
import { z } from "zod";
import {
  ITEM_STATUSES,
  VERDICTS,
  type CheckReport,
  type ItemStatus,
  type Verdict,
} from "../../judge/types.js";

export const TRACKING_ISSUE_MARKER = "<!-- ml-footprint:tracking -->";
export const PULL_REQUEST_MARKER = "<!-- ml-footprint:pull-request -->";
const STATE_OPEN = "<!-- ml-footprint:state ";
const STATE_CLOSE = " -->";

/**
 * Bounds on what the hidden state carries, so it cannot push a body over GitHub's limit: a branch name longer
 * than Git hosting allows is cut (it then matches no pull request's base, which only costs an analysis of the
 * base commit), and state edited into longer item ids or more items than a checklist has is ignored.
 */
const REF_LIMIT = 1_024;
const ITEM_ID_LIMIT = 100;
const ITEMS_LIMIT = 100;

/** What the tracking issue remembers of the default branch's last report. */
export interface ReportState {
  v: 1;
  sha: string;
  ref: string;
  verdict: Verdict;
  items: Record<string, ItemStatus>;
}

/** What the pull-request comment remembers: the changes it currently shows. */
export interface PullRequestState {
  v: 1;
  changes: string[];
}

const reportStateSchema = z.object({
  v: z.literal(1),
  sha: z.string().max(64),
  ref: z.string().max(REF_LIMIT),
  verdict: z.enum(VERDICTS),
  items: z
    .record(z.string().max(ITEM_ID_LIMIT), z.enum(ITEM_STATUSES))
    .refine((items) => Object.keys(items).length <= ITEMS_LIMIT),
});

const pullRequestStateSchema = z.object({
  v: z.literal(1),
  changes: z.array(z.string().max(2 * ITEM_ID_LIMIT)).max(2 * ITEMS_LIMIT),
});

/** The state of a report on one commit of one branch. */
export function reportState(report: CheckReport, sha: string, ref: string): ReportState {
  const items: Record<string, ItemStatus> = {};
  for (const item of report.items) items[item.id] = item.status;
  return { v: 1, sha, ref: ref.slice(0, REF_LIMIT), verdict: report.verdict, items };
}

/** Serialises state into a hidden HTML comment. `<` and `>` are escaped so no value can close the comment. */
export function embedState(state: ReportState | PullRequestState): string {
  const json = JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${STATE_OPEN}${json}${STATE_CLOSE}`;
}

function readRawState(body: string | null | undefined): unknown {
  if (!body) return null;
  const start = body.lastIndexOf(STATE_OPEN);
  if (start < 0) return null;
  const end = body.indexOf(STATE_CLOSE, start + STATE_OPEN.length);
  if (end < 0) return null;
  try {
    return JSON.parse(body.slice(start + STATE_OPEN.length, end));
  } catch {
    return null;
  }
}

/** The report state hidden in a tracking issue body, or null when absent or malformed. */
export function readReportState(body: string | null | undefined): ReportState | null {
  const parsed = reportStateSchema.safeParse(readRawState(body));
  return parsed.success ? (parsed.data as ReportState) : null;
}

/** The state hidden in a pull-request comment body, or null when absent or malformed. */
export function readPullRequestState(body: string | null | undefined): PullRequestState | null {
  const parsed = pullRequestStateSchema.safeParse(readRawState(body));
  return parsed.success ? (parsed.data as PullRequestState) : null;
}
