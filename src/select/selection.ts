/**
 * Step 2 of the pipeline: what each source chose, and the value of each field resolved once in order of authority
 * (src/select/authority.ts: declaration, then measurements found in the repository, then the paper, then the
 * code), with the venue checklist answers. Built once per analysis; every later step only looks things up here.
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
import { resolveByAuthority, type FactSource, type ResolvedFacts, type SourcedFact } from "./authority.js";

export type { FactSource, ResolvedFacts, SourcedFact } from "./authority.js";

export interface Selection {
  hasPaper: boolean;
  /** The code reader ran (a repository was read), whatever it found. */
  codeRead: boolean;
  /** The code reader found training code (facts or entry points). */
  hasCode: boolean;
  /** Every fact of each source (items that look at all statements: project totals, inference, alternatives). */
  paperFacts: readonly Fact[];
  codeFacts: readonly Fact[];
  /** The paper's statements of values its selector did not choose (the cross-check reads them). */
  paperAlternatives?: ReadonlyArray<{ fact: Fact; probability: number }>;
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
  /**
   * Each field's value by authority, made consistent (`resolveFacts`): what the estimate and the ready-to-paste
   * blocks use, and what an item reports as the value.
   */
  resolved: ResolvedFacts;
}

/** The paper's statement of a field: the fact its reader chose. */
export function paperFact(context: Omit<Selection, "resolved">, field: FactField): Fact | null {
  return context.paperChosen[field]?.fact ?? null;
}

/** What the code sets for a field: the fact its reader chose, unless that is a measurement. */
export function codeFact(context: Omit<Selection, "resolved">, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact && !fact.measured ? fact : null;
}

/** What a measurement in the repository (CodeCarbon, a model card) says: the code reader's choice when measured. */
export function measuredFact(context: Omit<Selection, "resolved">, field: FactField): Fact | null {
  const fact = context.codeChosen[field]?.fact;
  return fact?.measured ? fact : null;
}

export function declaredFact(context: Omit<Selection, "resolved">, field: FactField): Fact | null {
  return context.declaredFacts.find((f) => f.field === field) ?? null;
}

/** The most authoritative statement of a field, with where it comes from: resolved once, by `selectFacts`. */
export function strongest(context: Selection, field: FactField): SourcedFact | null {
  return context.resolved[field] ?? null;
}

/** What each source states, for the ranking of src/select/authority.ts. */
const STATEMENT: Record<FactSource, (context: Omit<Selection, "resolved">, field: FactField) => Fact | null> =
  {
    declared: declaredFact,
    measured: measuredFact,
    paper: paperFact,
    code: codeFact,
  };

/** Every field's value by authority; `selectFacts` calls it once (tests building a selection by hand too). */
export function resolveFacts(context: Omit<Selection, "resolved">): ResolvedFacts {
  return resolveByAuthority((source, field) => STATEMENT[source](context, field));
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
  const selection: Omit<Selection, "resolved"> = {
    hasPaper: sources.paper !== null,
    codeRead: sources.code !== null,
    hasCode: sources.code !== null && (sources.code.facts.length > 0 || sources.code.entry_points.length > 0),
    paperFacts: rebaseEvidence(sources.paper?.facts ?? [], sources.paperPath),
    codeFacts: sources.code?.facts ?? [],
    paperAlternatives: (sources.paper?.alternatives ?? []).map((a) => ({
      ...a,
      fact: rebaseOne(a.fact, sources.paperPath),
    })),
    paperChosen: rebaseChosen(sources.paper?.chosen ?? {}, sources.paperPath),
    codeChosen: sources.code?.chosen ?? {},
    declaredFacts: sources.declaration?.facts ?? [],
    declaration: sources.declaration?.declaration ?? {},
    declarationFile: sources.declaration?.file ?? null,
    declarationLines: sources.declaration?.lines ?? {},
    venueAnswers: rebaseEvidence(sources.paper?.venue_answers ?? [], sources.paperPath),
    mainEntryPoint: sources.code?.entry_points.find((e) => (e as { main?: boolean }).main)?.file ?? null,
  };
  return { ...selection, resolved: resolveFacts(selection) };
}
