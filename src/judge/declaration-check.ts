/**
 * footprint.yml against the paper and against the code, field by field. The declaration is the highest
 * authority (src/select/authority.ts): its values are the ones reported; a paper or a code that says otherwise
 * is an inconsistency the authors must resolve, shown with both evidences (the declaration's file and line, the
 * paper's page or line and quote, the code's file and line).
 *
 * Against the paper: numbers within 5 % (the declaration is the exact figure; a paper rounds it to two significant
 * figures at most 5 % off, "about 36 hours" for 37.5), hardware by family, places by their catalog entry.
 * Against the code, the cross-check's own rules run with the declaration in the paper's seat, so its innocent
 * explanations (a job's time limit, devices per node, a value set on the main run's path) hold here too.
 */
import {
  hardwareFamily,
  lookupCloudProvider,
  lookupComputingCentre,
  lookupCountry,
} from "../catalog/index.js";
import { chosen, type ChosenFacts, type Fact, type FactField, type FactValue } from "../domain/facts.js";
import { paperFact, type Selection } from "../select/selection.js";
import { crosscheck, withinRelative } from "./crosscheck.js";
import type { CrosscheckSide } from "./types.js";

export interface DeclarationCheckEntry {
  field: FactField;
  /** What the declaration is compared with. */
  against: "paper" | "code";
  status: "match" | "mismatch" | "needs_human";
  declared: CrosscheckSide;
  other: CrosscheckSide;
  /** How the other side's value was obtained, or why a difference is tolerated. */
  note?: string;
}

/** Fields a paper can state as the declaration does. */
const AGAINST_PAPER: readonly FactField[] = [
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "runs",
  "params",
  "energy_kwh",
  "co2e_kg",
  "country",
  "cloud_provider",
  "region",
  "computing_centre",
];

const RELATIVE_TOLERANCE = 0.05;

/** A place or provider as its catalog entry, so "France" and "FR", "Jean Zay" and "jean-zay" compare equal. */
function placeKey(field: FactField, value: FactValue): string {
  const text = String(value).trim();
  const entry =
    field === "country"
      ? lookupCountry(text)?.name
      : field === "cloud_provider"
        ? lookupCloudProvider(text)?.id
        : field === "computing_centre"
          ? lookupComputingCentre(text)?.id
          : undefined;
  return (entry ?? text).toLowerCase();
}

/** Whether the declaration and the paper agree on a field. */
function sameStatement(field: FactField, a: FactValue, b: FactValue): boolean {
  if (field === "hardware") return hardwareFamily(String(a)) === hardwareFamily(String(b));
  const x = typeof a === "number" ? a : Number.NaN;
  const y = typeof b === "number" ? b : Number.NaN;
  if (Number.isFinite(x) && Number.isFinite(y)) return withinRelative(x, y, RELATIVE_TOLERANCE);
  return placeKey(field, a) === placeKey(field, b);
}

/** The paper's statement of a field; for accelerator-hours, the paper's count × hours when it states no total. */
function paperStatement(selection: Selection, field: FactField): { fact: Fact; note?: string } | null {
  const stated = paperFact(selection, field);
  if (stated) return { fact: stated };
  if (field !== "gpu_hours") return null;
  const count = paperFact(selection, "accelerator_count");
  const hours = paperFact(selection, "training_time_hours");
  if (!count || !hours || typeof count.value !== "number" || typeof hours.value !== "number") return null;
  const product = Math.round(count.value * hours.value * 1e6) / 1e6;
  const note = `the paper's ${count.value} × ${hours.value} h`;
  return { fact: { ...count, field: "gpu_hours", value: product, raw: note, note }, note };
}

/**
 * Compares every declared value with the paper's and the code's statement of it. Pure.
 *
 * @example
 *   checkDeclaration(selectFacts(sources)).filter((e) => e.status === "mismatch");
 */
export function checkDeclaration(selection: Selection): DeclarationCheckEntry[] {
  if (!selection.declaredFacts.length) return [];
  const entries: DeclarationCheckEntry[] = [];
  const declaredChosen: ChosenFacts = {};
  for (const fact of selection.declaredFacts) declaredChosen[fact.field] ??= chosen(fact);

  for (const field of AGAINST_PAPER) {
    const declared = declaredChosen[field]?.fact;
    const paper = declared ? paperStatement(selection, field) : null;
    if (!declared || !paper) continue;
    entries.push({
      field,
      against: "paper",
      status: sameStatement(field, declared.value, paper.fact.value) ? "match" : "mismatch",
      declared: { value: declared.value, evidence: declared.evidence },
      other: { value: paper.fact.value, evidence: paper.fact.evidence },
      ...(paper.note ? { note: paper.note } : {}),
    });
  }

  if (selection.hasCode) {
    // The cross-check with footprint.yml in the paper's seat: the same rules decide what the code sets.
    const againstCode = crosscheck({
      paperFacts: selection.declaredFacts,
      paperChosen: declaredChosen,
      codeFacts: selection.codeFacts,
      codeChosen: selection.codeChosen,
      mainEntryPoint: selection.mainEntryPoint,
    });
    for (const entry of againstCode) {
      if (entry.status !== "match" && entry.status !== "mismatch" && entry.status !== "needs_human") continue;
      if (!entry.paper || !entry.code) continue;
      entries.push({
        field: entry.field as FactField,
        against: "code",
        status: entry.status,
        declared: entry.paper,
        other: entry.code,
        ...(entry.note ? { note: entry.note } : {}),
      });
    }
  }
  return entries;
}
