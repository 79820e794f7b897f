/**
 * The "Footprint checklist" check run: pure builders of what is sent to
 * `POST/PATCH /repos/{owner}/{repo}/check-runs`. A report becomes one or more updates, because GitHub takes
 * at most 50 annotations per request; the last update carries the conclusion. Titles and annotations are
 * plain text on GitHub, the summary is Markdown: repository strings go through `check/render/escape.ts` for
 * the one or the other.
 */
import { cleanText, codeSpan, markdownText, plainText, truncateMarkdown } from "../../render/escape.js";
import type { CheckAnnotation, CheckReport } from "../../judge/types.js";
import type { AppConfig, ConfigProblem } from "../config/schema.js";
import { ANNOTATIONS_PER_REQUEST, GITHUB_TEXT_LIMIT, MAX_ANNOTATIONS, TITLE_LIMIT } from "./limits.js";

export const CHECK_NAME = "Footprint checklist";

export type CheckConclusion = "neutral" | "action_required" | "failure" | "cancelled";

/** An annotation as the check-runs API takes it. */
export interface GitHubAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  annotations?: GitHubAnnotation[];
}

/** The body of one `PATCH /repos/{owner}/{repo}/check-runs/{id}`. */
export interface CheckRunUpdate {
  status?: "completed";
  conclusion?: CheckConclusion;
  completed_at?: string;
  details_url?: string;
  output: CheckRunOutput;
}

/** Annotation messages are one sentence; a longer one is a quote that the summary shows anyway. */
const ANNOTATION_MESSAGE_LIMIT = 2_000;

const TRUNCATED_NOTE = "\n\n… (cut to fit GitHub's limit; the tracking issue has the whole checklist)\n";

const title = (text: string): string => plainText(text, TITLE_LIMIT);

/** `neutral` for a complete checklist; the configured conclusion otherwise. */
export function conclusionFor(
  report: CheckReport,
  config: Pick<AppConfig, "incomplete_conclusion">,
): CheckConclusion {
  return report.verdict === "complete" ? "neutral" : config.incomplete_conclusion;
}

/** Maps the checklist's annotations to GitHub's shape; paths are repository-relative. */
export function toGitHubAnnotation(annotation: CheckAnnotation): GitHubAnnotation {
  const line = Math.max(1, Math.floor(annotation.line));
  return {
    // The path must name the file as it is in the commit, so it is only cleaned of control characters.
    path: cleanText(annotation.path, GITHUB_TEXT_LIMIT).replace(/^\.\//, "").replace(/^\/+/, ""),
    start_line: line,
    end_line: line,
    annotation_level: annotation.level,
    title: title(annotation.title),
    message: plainText(annotation.message, ANNOTATION_MESSAGE_LIMIT),
  };
}

/**
 * The updates that complete a check run with `report`: annotations in batches of at most 50, the
 * conclusion on the last one.
 *
 * @example
 * const updates = reportCheckRunUpdates(report, renderCheckMarkdown(report), { conclusion: "neutral", completedAt });
 * for (const update of updates) await octokit.rest.checks.update({ owner, repo, check_run_id, ...update });
 */
export function reportCheckRunUpdates(
  report: CheckReport,
  markdown: string,
  options: { conclusion: CheckConclusion; completedAt: string; detailsUrl?: string },
): CheckRunUpdate[] {
  const all = report.annotations.map(toGitHubAnnotation);
  const sent = all.slice(0, MAX_ANNOTATIONS);
  const omitted =
    all.length > sent.length ? `\n\n${all.length - sent.length} further annotations are not shown.\n` : "";
  const summary = truncateMarkdown(markdown + omitted, GITHUB_TEXT_LIMIT, TRUNCATED_NOTE);
  const output = { title: title(report.headline), summary };
  const batches: GitHubAnnotation[][] = [];
  for (let i = 0; i < sent.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(sent.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  return batches.map((annotations, index): CheckRunUpdate => {
    const update: CheckRunUpdate = {
      output: annotations.length > 0 ? { ...output, annotations } : { ...output },
    };
    if (index === batches.length - 1) {
      update.status = "completed";
      update.conclusion = options.conclusion;
      update.completed_at = options.completedAt;
      if (options.detailsUrl) update.details_url = options.detailsUrl;
    }
    return update;
  });
}

/** A Markdown Property | Error table of configuration problems. */
export function configProblemTable(problems: readonly ConfigProblem[]): string {
  const rows = problems.map(
    (p) => `| ${codeSpan(p.property, { inTable: true })} | ${markdownText(p.error)} |`,
  );
  return ["| Property | Error |", "| --- | --- |", ...rows].join("\n");
}

/** Completes the check run of a commit whose configuration is invalid: nothing was analysed. */
export function configErrorCheckRun(
  problems: readonly ConfigProblem[],
  sources: readonly string[],
  completedAt: string,
): CheckRunUpdate {
  const from =
    sources.length > 0
      ? `Configuration read from ${sources.map((s) => codeSpan(s)).join(", then ")}.`
      : "The configuration file could not be read.";
  const summary = [
    "The configuration is not valid, so this commit was not analysed. Fix the properties below and push again.",
    "",
    configProblemTable(problems),
    "",
    from,
    "The accepted properties are described in `schemas/app-config.schema.json` of ml-footprint.",
    "",
  ].join("\n");
  return {
    status: "completed",
    conclusion: "action_required",
    completed_at: completedAt,
    output: {
      title: title(
        `Invalid .github/ml-footprint.yml (${problems.length} problem${problems.length === 1 ? "" : "s"})`,
      ),
      summary: truncateMarkdown(summary, GITHUB_TEXT_LIMIT, TRUNCATED_NOTE),
    },
  };
}

/**
 * Completes, as neutral, the check run of a commit whose checklist was not computed: our failure or an
 * interruption, never the authors'. The reason is quoted line by line as escaped text (it can name files of the
 * repository).
 */
export function unfinishedCheckRun(
  what: { title: string; lead: string; reason: string },
  completedAt: string,
): CheckRunUpdate {
  const quoted = cleanText(what.reason, 2_000, { multiline: true })
    .split("\n")
    .map((line) => `> ${markdownText(line, 2_000)}`)
    .join("\n");
  const summary = [
    `${what.lead} This says nothing about the repository's disclosures.`,
    "",
    quoted,
    "",
    "Use “Re-run” on this check, or comment `/footprint recheck` on the pull request or the tracking issue, to try again.",
    "",
  ].join("\n");
  return {
    status: "completed",
    conclusion: "neutral",
    completed_at: completedAt,
    output: {
      title: title(what.title),
      summary: truncateMarkdown(summary, GITHUB_TEXT_LIMIT, TRUNCATED_NOTE),
    },
  };
}

/** Completes the check run of a commit the app could not analyse. */
export function failureCheckRun(reason: string, completedAt: string): CheckRunUpdate {
  return unfinishedCheckRun(
    {
      title: "Footprint checklist could not be computed",
      lead: "The footprint checklist could not be computed for this commit.",
      reason,
    },
    completedAt,
  );
}

/** Completes the check run of a commit whose analysis was overtaken by a newer commit. */
export function supersededCheckRun(completedAt: string): CheckRunUpdate {
  return {
    status: "completed",
    conclusion: "cancelled",
    completed_at: completedAt,
    output: {
      title: "Superseded by a newer commit",
      summary:
        "A newer commit arrived while this one was being analysed; the checklist is on the newer commit.\n",
    },
  };
}
