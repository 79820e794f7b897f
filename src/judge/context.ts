/**
 * What the checklist items read: every source's facts, merged in order of authority (declaration, then
 * measurements found in the repository, then the paper, then the code), plus the cross-check and the venue
 * checklist answers. Built once per check; items only look things up.
 */
import {
  SUMMARY_FIELDS,
  type ChosenFacts,
  type Fact,
  type FactField,
  type Summary,
} from "../domain/facts.js";
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
  /** Every fact of each source (items that look at all statements: project totals, inference, alternatives). */
  paperFacts: readonly Fact[];
  codeFacts: readonly Fact[];
  /** What each reader chose, field by field: the only place a value of a source is looked up. */
  paperChosen: ChosenFacts;
  codeChosen: ChosenFacts;
  declaredFacts: readonly Fact[];
  declaration: Declaration;
  /** The declaration file and the line of each of its properties, for evidence. */
  declarationFile: string | null;
  declarationLines: Record<string, number>;
  crosscheck: readonly CrosscheckEntry[];
  venueAnswers: readonly VenueAnswer[];
}

/** The paper's statement of a field: the fact its reader chose. */
export function paperFact(context: CheckContext, field: FactField): Fact | null {
  return context.paperChosen[field]?.fact ?? null;
}

/** What the code sets for a field: the fact its reader chose, unless that is a measurement. */
export function codeFact(context: CheckContext, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact && !fact.measured ? fact : null;
}

/** What a measurement in the repository (CodeCarbon, a model card) says: the code reader's choice when measured. */
export function measuredFact(context: CheckContext, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact?.measured ? fact : null;
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
