/**
 * Step 2 of the pipeline: what each source chose, in one place and in order of authority (declaration, then
 * measurements found in the repository, then the paper, then the code), with the venue checklist answers. Built
 * once per analysis; every later step only looks things up here.
 */
import {
  SUMMARY_FIELDS,
  type ChosenFact,
  type ChosenFacts,
  type Evidence,
  type Fact,
  type FactField,
  type Summary,
} from "../domain/facts.js";
import type { VenueAnswer } from "../readers/paper/venue-checklist.js";
import type { Declaration } from "../readers/declaration.js";
import path from "node:path";
import type { Sources } from "../readers/sources.js";

export type FactSource = "declared" | "measured" | "paper" | "code";

export interface SourcedFact {
  source: FactSource;
  fact: Fact;
}

export interface Selection {
  hasPaper: boolean;
  /** The code reader ran (a repository was read), whatever it found. */
  codeRead: boolean;
  /** The code reader found training code (facts or entry points). */
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
  venueAnswers: readonly VenueAnswer[];
  /** The main training entry point the code reader found, when it found one. */
  mainEntryPoint: string | null;
}

/** The paper's statement of a field: the fact its reader chose. */
export function paperFact(context: Selection, field: FactField): Fact | null {
  return context.paperChosen[field]?.fact ?? null;
}

/** What the code sets for a field: the fact its reader chose, unless that is a measurement. */
export function codeFact(context: Selection, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact && !fact.measured ? fact : null;
}

/** What a measurement in the repository (CodeCarbon, a model card) says: the code reader's choice when measured. */
export function measuredFact(context: Selection, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact?.measured ? fact : null;
}

export function declaredFact(context: Selection, field: FactField): Fact | null {
  return context.declaredFacts.find((f) => f.field === field) ?? null;
}

/** The most authoritative statement of a field, with where it comes from. */
export function strongest(context: Selection, field: FactField): SourcedFact | null {
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
export function mergedSummary(context: Selection): Partial<Summary> {
  const merged: Partial<Summary> = {};
  for (const field of SUMMARY_FIELDS) {
    const found = strongest(context, field);
    (merged as Record<string, unknown>)[field] = found ? found.fact.value : null;
  }
  return merged;
}

/**
 * LaTeX evidence cites files relative to the main file; inside a repository, authors and annotations need them
 * relative to the repository root ("paper/sections/setup.tex:12").
 */
function rebaseEvidence<T extends { evidence: Evidence }>(
  items: readonly T[],
  paperPath: string | null,
): T[] {
  return items.map((item) => rebaseOne(item, paperPath));
}

function rebaseOne<T extends { evidence: Evidence }>(item: T, paperPath: string | null): T {
  const dir = paperPath === null ? "." : path.posix.dirname(paperPath);
  if (dir === "." || item.evidence.kind !== "paper" || !item.evidence.file) return item;
  return { ...item, evidence: { ...item.evidence, file: path.posix.join(dir, item.evidence.file) } };
}

/** The paper's chosen facts with their evidence rebased like its facts. */
function rebaseChosen(choices: ChosenFacts, paperPath: string | null): ChosenFacts {
  const out: ChosenFacts = {};
  for (const [field, choice] of Object.entries(choices) as Array<[FactField, ChosenFact]>)
    out[field] = { ...choice, fact: rebaseOne(choice.fact, paperPath) };
  return out;
}

/**
 * Selects: the readers' choices (the paper's evidence rebased to the repository), the declaration, what the
 * code's main run is. Pure.
 */
export function selectFacts(sources: Sources): Selection {
  return {
    hasPaper: sources.paper !== null,
    codeRead: sources.code !== null,
    hasCode: sources.code !== null && (sources.code.facts.length > 0 || sources.code.entry_points.length > 0),
    paperFacts: rebaseEvidence(sources.paper?.facts ?? [], sources.paperPath),
    codeFacts: sources.code?.facts ?? [],
    paperChosen: rebaseChosen(sources.paper?.chosen ?? {}, sources.paperPath),
    codeChosen: sources.code?.chosen ?? {},
    declaredFacts: sources.declaration?.facts ?? [],
    declaration: sources.declaration?.declaration ?? {},
    declarationFile: sources.declaration?.file ?? null,
    declarationLines: sources.declaration?.lines ?? {},
    venueAnswers: rebaseEvidence(sources.paper?.venue_answers ?? [], sources.paperPath),
    mainEntryPoint: sources.code?.entry_points.find((e) => (e as { main?: boolean }).main)?.file ?? null,
  };
}
