/**
 * The `check` pipeline (issue 5). Placeholder with the final signatures while the checklist is written: it
 * reports every item as missing.
 */
import type { CheckReport } from "./types.js";

export interface CheckOptions {
  /** Repository folder (already on disk; never executed). */
  dir: string;
  /** Paper file; found in `dir` when not given. */
  paper?: string;
  /** Venue profile: generic, neurips, acl, aaai, pineau. */
  profile?: string;
  /** Glob patterns where the paper may be, relative to `dir` (app config `paper`). */
  paperGlobs?: string[];
  /** Item ids the venue requires (app config `required_items`); the profile's defaults otherwise. */
  requiredItems?: string[];
  /** Defaults when neither paper nor code says where the training ran. */
  defaults?: { region?: string; country?: string; pue?: number };
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  return {
    profile: options.profile ?? "generic",
    verdict: "incomplete",
    headline: "Compute disclosure incomplete (checklist not implemented yet)",
    items: [],
    crosscheck: [],
    estimate: null,
    estimateMissing: [],
    declaration: null,
    paper: null,
    code: null,
    warnings: [],
    annotations: [],
    snippets: { paragraph: "", footprintYml: "", modelCard: "" },
  };
}

/** The Markdown the app posts (one verdict line, items, estimate, evidence, snippets). */
export function renderCheckMarkdown(report: CheckReport): string {
  return `**${report.headline}**\n`;
}
