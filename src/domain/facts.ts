/**
 * The shared vocabulary of the pipeline: a fact is one normalised compute figure with the evidence behind it.
 * The paper reader and the code reader both produce facts in these fields and units, so that the cross-check,
 * the estimator and the checklist never need to know where a fact came from.
 */

/** Fields a fact can carry. The first fourteen are the `summary` keys of `analyze --json`. */
import type { FactTag } from "./tags.js";

export const SUMMARY_FIELDS = [
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "epochs",
  "steps",
  "batch_size",
  "params",
  "flops",
  "cloud_provider",
  "region",
  "country",
  "energy_kwh",
  "co2e_kg",
] as const;

export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** Facts that are read but not part of the one-value summary. */
export const EXTRA_FIELDS = [
  "gpu_memory_gb",
  "computing_centre",
  "runs",
  "seeds",
  "hp_trials",
  "pue",
  "carbon_intensity",
  "nodes",
  "precision",
  "gradient_accumulation",
  "model_name",
  "time_per_epoch_hours",
] as const;

export type ExtraField = (typeof EXTRA_FIELDS)[number];
export type FactField = SummaryField | ExtraField;

/**
 * Units are fixed per field so that a number never needs its unit to be read:
 * hours, kWh, kgCO2e, FLOPs (total operations), parameters (count), GB, gCO2e/kWh.
 */
export const FIELD_UNITS: Partial<Record<FactField, string>> = {
  training_time_hours: "h",
  gpu_hours: "device-h",
  time_per_epoch_hours: "h",
  params: "parameters",
  flops: "FLOP",
  energy_kwh: "kWh",
  co2e_kg: "kgCO2e",
  gpu_memory_gb: "GB",
  carbon_intensity: "gCO2e/kWh",
};

/** Whom a sentence speaks about: our own training, our inference/deployment, or something else entirely. */
export type FactContext = "training" | "inference" | "other";

/**
 * Where in a paper a fact was read. Offsets are into the document's full text (`PaperDocument.text`).
 * A PDF has pages; LaTeX has no pages but has a source file and line, which authors can jump to.
 */
export interface PaperEvidence {
  kind: "paper";
  page: number | null;
  section: string | null;
  quote: string;
  start: number;
  end: number;
  file?: string;
  line?: number;
}

/** Where in a repository a fact was read. `line` is 1-based. */
export interface CodeEvidence {
  kind: "code";
  file: string;
  line: number;
  snippet: string;
}

/**
 * A value the authors declared in `footprint.yml`: the highest authority (src/select/authority.ts), cited by its
 * file and line like code, but never mistaken for what the code sets.
 */
export interface DeclarationEvidence {
  kind: "declaration";
  file: string;
  line: number;
  snippet: string;
}

/** Where a fact was read: the paper, the code (or a measurement file such as CodeCarbon's CSV), footprint.yml. */
export type Evidence = PaperEvidence | CodeEvidence | DeclarationEvidence;

export type FactValue = number | string;

export interface Fact {
  field: FactField;
  value: FactValue;
  /** The text the value was read from, as written ("eight", "1.2k", "--gres=gpu:a100:4"). */
  raw: string;
  /** 0..1: how sure the extractor is that this is the value of this field for the described setup. */
  confidence: number;
  context: FactContext;
  evidence: Evidence;
  /** Qualifiers of how the value was stated or configured (src/domain/tags.ts). */
  tags?: FactTag[];
  /** Code facts: the entry point (training script) the fact belongs to, when known. */
  entry_point?: string;
  /** Set when the fact was measured (energy meters, CodeCarbon) rather than stated or configured. */
  measured?: boolean;
  /** How a derived value was obtained ("1.5 h per epoch × 11 epochs"); its evidence is the main input's. */
  note?: string;
}

export type Summary = Record<SummaryField, FactValue | null>;

/**
 * The value a reader chose for a field, with the fact it chose: selection happens once, in the reader, and every
 * later step (merging, cross-check, items, estimate, rendering) receives the choice itself, never a value to
 * look up again.
 */
export interface ChosenFact {
  value: FactValue;
  fact: Fact;
  /** The trained selector's probability that this is the main run's value, when a model chose it. */
  probability?: number;
  /** Found, but below the threshold at which the selector is right 95 % of the time: the authors should confirm. */
  confirm?: boolean;
}

/** A reader's choices, field by field (absent: the reader abstains). */
export type ChosenFacts = Partial<Record<FactField, ChosenFact>>;

/** A chosen fact from a fact (a rule's choice, no probability). */
export function chosen(fact: Fact, value: FactValue = fact.value): ChosenFact {
  return { value, fact };
}

/** The plain summary of a reader's choices: what `analyze --json` prints as `summary`. */
export function summaryOf(choices: ChosenFacts): Summary {
  const summary = emptySummary();
  for (const field of SUMMARY_FIELDS) summary[field] = choices[field]?.value ?? null;
  return summary;
}

export function emptySummary(): Summary {
  return Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, null])) as Summary;
}

/** A problem with an input that did not stop the analysis; reported to the user, never thrown. */
export interface Warning {
  code: string;
  message: string;
  file?: string;
}
