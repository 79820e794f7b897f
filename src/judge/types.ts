/**
 * The checklist's data model: what `check` computes and every front door renders (CLI, GitHub check run,
 * tracking issue, pull-request comment, review-platform report).
 */
import type { Evidence, FactValue, Warning } from "../domain/facts.js";
import type { FootprintEstimate } from "../estimate/types.js";

/** Statuses of a checklist item, best first, worst last. */
export const ITEM_STATUSES = [
  "disclosed",
  "not_applicable",
  "partial",
  "inferred",
  "missing",
  "inconsistent",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ChecklistItemResult {
  /** Stable id of the item module ("hardware", "accelerator_count", "training_time", ...). */
  id: string;
  /** The venue profile's wording of the item. */
  title: string;
  /** Venue checklist items it serves ("neurips.8", "acl.C1", "aaai.computing_infrastructure"). */
  venueRefs: string[];
  required: boolean;
  status: ItemStatus;
  /** One sentence: what was found, or exactly what to add. */
  message: string;
  /** Values as each source states them. */
  values: { declared?: FactValue | null; paper?: FactValue | null; code?: FactValue | null };
  evidence: Evidence[];
  /** Disclosed from statements the paper selector chose: its least probability, "confirm" below the bar. */
  found?: ItemConfidence;
}

export interface ItemConfidence {
  probability: number;
  status: "found" | "confirm";
}

export type CrosscheckStatus = "match" | "mismatch" | "paper_only" | "code_only" | "needs_human";

export interface CrosscheckSide {
  value: FactValue;
  evidence: Evidence;
  /**
   * Code: how the value reaches the run, after `evidence` (the effective setting): the settings it overrides,
   * e.g. the launch line's `--epochs 300` over the script's `default=100`. Absent when there is nothing under it.
   */
  overrides?: Array<{ value: FactValue; evidence: Evidence }>;
  /** The trained selector's probability that this is the main run's value, when a model chose it. */
  probability?: number;
}

export interface CrosscheckEntry {
  field: string;
  status: CrosscheckStatus;
  paper: CrosscheckSide | null;
  code: CrosscheckSide | null;
  /** Why a difference is tolerated or needs a human ("effective batch 8 × 32 = 256"). */
  note?: string;
}

export type { DeclarationError } from "../readers/declaration.js";
import type { DeclarationError } from "../readers/declaration.js";

/** An annotation on a code line, for a GitHub check run. */
export interface CheckAnnotation {
  path: string;
  line: number;
  level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export const VERDICTS = ["complete", "incomplete", "inconsistent"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface CheckReport {
  profile: string;
  verdict: Verdict;
  /** One line a program chair reads first. */
  headline: string;
  items: ChecklistItemResult[];
  crosscheck: CrosscheckEntry[];
  estimate: FootprintEstimate | null;
  /** Why no estimate could be made (what is missing), when `estimate` is null. */
  estimateMissing: string[];
  declaration: { file: string; errors: DeclarationError[] } | null;
  paper: { file: string; format: string } | null;
  code: { files: number; frameworks: string[] } | null;
  warnings: Warning[];
  annotations: CheckAnnotation[];
  /** Ready-to-paste blocks: a disclosure paragraph, a footprint.yml, a model-card co2_eq_emissions block. */
  snippets: { paragraph: string; footprintYml: string; modelCard: string };
}
