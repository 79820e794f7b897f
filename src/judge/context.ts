/**
 * What the checklist items read: every source's facts, merged in order of authority (declaration, then
 * measurements found in the repository, then the paper, then the code), plus the cross-check and the venue
 * checklist answers. Built once per check; items only look things up.
 */
import { CONFIDENCE_BAR } from "../domain/confidence.js";
import { SUMMARY_FIELDS, type Fact, type FactField, type Summary } from "../domain/facts.js";
import type { VenueAnswer } from "../readers/paper/venue-checklist.js";
import type { Declaration } from "../readers/declaration.js";
import type { CrosscheckEntry } from "./types.js";

export type FactSource = "declared" | "measured" | "paper" | "code";

export interface SourcedFact {
  source: FactSource;
  fact: Fact;
}

export interface CheckContext {
  hasPaper: boolean;
  hasCode: boolean;
  paperFacts: readonly Fact[];
  paperSummary: Summary | null;
  codeFacts: readonly Fact[];
  codeSummary: Summary | null;
  declaredFacts: readonly Fact[];
  declaration: Declaration;
  /** The declaration file and the line of each of its properties, for evidence. */
  declarationFile: string | null;
  declarationLines: Record<string, number>;
  crosscheck: readonly CrosscheckEntry[];
  venueAnswers: readonly VenueAnswer[];
}

/** The fact behind a summary value (the most confident one stating that value). */
export function factForValue(facts: readonly Fact[], field: FactField, value: unknown): Fact | null {
  if (value === null || value === undefined) return null;
  return (
    [...facts]
      .filter((f) => f.field === field && String(f.value) === String(value))
      .sort((a, b) => b.confidence - a.confidence)[0] ?? null
  );
}

/** The paper's statement of a field: its summary value and the fact behind it. */
export function paperFact(context: CheckContext, field: FactField): Fact | null {
  const value = context.paperSummary?.[field as keyof Summary];
  if (value !== undefined && value !== null) return factForValue(context.paperFacts, field, value);
  // Fields outside the summary (memory, runs, seeds): the best own-training fact above the bar.
  return (
    [...context.paperFacts]
      .filter(
        (f) => f.field === field && f.context === "training" && f.confidence >= CONFIDENCE_BAR.paperStatement,
      )
      .sort((a, b) => b.confidence - a.confidence)[0] ?? null
  );
}

/** What the code sets for a field (not its measurements). */
export function codeFact(context: CheckContext, field: FactField): Fact | null {
  const value = context.codeSummary?.[field as keyof Summary];
  if (value !== undefined && value !== null)
    return factForValue(
      context.codeFacts.filter((f) => !f.measured),
      field,
      value,
    );
  return (
    [...context.codeFacts]
      .filter((f) => f.field === field && !f.measured && f.confidence >= CONFIDENCE_BAR.codeSetting)
      .sort((a, b) => b.confidence - a.confidence)[0] ?? null
  );
}

/** What a measurement in the repository (CodeCarbon, a model card) says. */
export function measuredFact(context: CheckContext, field: FactField): Fact | null {
  return (
    [...context.codeFacts]
      .filter((f) => f.field === field && f.measured)
      .sort((a, b) => b.confidence - a.confidence)[0] ?? null
  );
}

export function declaredFact(context: CheckContext, field: FactField): Fact | null {
  return context.declaredFacts.find((f) => f.field === field) ?? null;
}

/** The most authoritative statement of a field, with where it comes from. */
export function strongest(context: CheckContext, field: FactField): SourcedFact | null {
  const declared = declaredFact(context, field);
  if (declared) return { source: "declared", fact: declared };
  const measured = measuredFact(context, field);
  if (measured) return { source: "measured", fact: measured };
  const paper = paperFact(context, field);
  if (paper) return { source: "paper", fact: paper };
  const code = codeFact(context, field);
  if (code) return { source: "code", fact: code };
  return null;
}

/** The merged one-value-per-field view used for the estimate. */
export function mergedSummary(context: CheckContext): Partial<Summary> {
  const merged: Partial<Summary> = {};
  for (const field of SUMMARY_FIELDS) {
    const found = strongest(context, field);
    (merged as Record<string, unknown>)[field] = found ? found.fact.value : null;
  }
  return merged;
}
