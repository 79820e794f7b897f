/**
 * Scoring rules of `../shared/eval/score.py`, in TypeScript, so `ml-footprint eval` and the reference scorer
 * agree on the same input: text fields match when the prediction's lower-cased alphanumerics contain a gold
 * key; numbers match within 10 %; `{min, max}` ranges with 5 % slack; `"skip"` is not scored; a field missing
 * from the labels counts as not disclosed.
 */

export const SCORED_FIELDS = [
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "epochs",
  "batch_size",
  "params",
  "cloud_provider",
  "country",
  "energy_kwh",
  "co2e_kg",
] as const;

const TEXT_FIELDS = new Set(["hardware", "cloud_provider", "country"]);

export type GoldValue = number | string | { min: number; max: number };
export type Label = null | "skip" | GoldValue[];

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface ScoreError {
  kind: "FP" | "FN" | "WRONG";
  caseId: string;
  field: string;
  predicted?: unknown;
  expected?: unknown;
}

const norm = (value: unknown): string =>
  String(value)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

function asNumber(value: unknown): number | null {
  if (typeof value === "boolean") return null;
  if (typeof value === "number") return value;
  if (value && typeof value === "object" && "value" in value)
    return asNumber((value as { value: unknown }).value);
  const parsed = Number(String(value).replace(/,/g, ""));
  return Number.isFinite(parsed) && String(value).trim() !== "" ? parsed : null;
}

/** Does a prediction match one of the gold values of a field? */
export function matchesGold(field: string, predicted: unknown, gold: GoldValue[]): boolean {
  let value = predicted;
  if (value && typeof value === "object" && !Array.isArray(value) && "value" in value)
    value = (value as { value: unknown }).value;
  if (Array.isArray(value)) value = value[0] ?? null;
  if (value === null || value === undefined) return false;
  if (TEXT_FIELDS.has(field)) {
    const p = norm(value);
    return gold.some((g) => p.includes(norm(g)));
  }
  const v = asNumber(value);
  if (v === null) return false;
  return gold.some((g) =>
    typeof g === "object"
      ? g.min * 0.95 <= v && v <= g.max * 1.05
      : Math.abs(v - Number(g)) <= 0.1 * Math.abs(Number(g)) + 1e-9,
  );
}

/** Adds one prediction against one label to the counts; returns the error to report, if any. */
export function scoreField(
  counts: Counts,
  caseId: string,
  field: string,
  predicted: unknown,
  label: Label | undefined,
): ScoreError | null {
  if (label === "skip") return null;
  const value = Array.isArray(predicted) && predicted.length === 0 ? null : (predicted ?? null);
  if (label === null || label === undefined) {
    if (value !== null) {
      counts.fp++;
      return { kind: "FP", caseId, field, predicted: value };
    }
    return null;
  }
  if (value === null) {
    counts.fn++;
    return { kind: "FN", caseId, field, expected: label };
  }
  // "code.hardware" is scored as "hardware" (the reported name keeps the prefix).
  if (matchesGold(field.replace(/^code\./, ""), value, label)) {
    counts.tp++;
    return null;
  }
  counts.fp++;
  counts.fn++;
  return { kind: "WRONG", caseId, field, predicted: value, expected: label };
}

/** Counts added together: a micro figure over fields, or one field over folds. */
export function sumCounts(counts: Iterable<Counts>): Counts {
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const c of counts) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}

/** One field of a case's paper/code mismatch scoring. */
export interface MismatchOutcome {
  field: string;
  kind: "TP" | "FP" | "FN";
}

/**
 * score.py's mismatch scoring for one case: the cross-check's "mismatch" entries (scored fields only) against the
 * fields labelled as mismatches; adds to `counts` and returns one outcome per field either side names (labelled
 * fields first).
 */
export function scoreMismatches(
  counts: Counts,
  crosscheck: ReadonlyArray<{ field: string; status: string }> | null,
  labelled: readonly string[],
): MismatchOutcome[] {
  const flagged = new Set(
    (crosscheck ?? [])
      .filter((e) => e.status === "mismatch" && (SCORED_FIELDS as readonly string[]).includes(e.field))
      .map((e) => e.field),
  );
  const isLabelled = new Set(labelled);
  const outcomes: MismatchOutcome[] = [];
  for (const field of new Set([...labelled, ...flagged])) {
    const kind = flagged.has(field) ? (isLabelled.has(field) ? "TP" : "FP") : "FN";
    if (kind === "TP") counts.tp += 1;
    else if (kind === "FP") counts.fp += 1;
    else counts.fn += 1;
    outcomes.push({ field, kind });
  }
  return outcomes;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1, with score.py's convention that an empty denominator scores 1. */
export function prf({ tp, fp, fn }: Counts): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
