/**
 * From scored candidates to one value per field: the value whose best candidate the model trusts most, kept
 * when its probability reaches the report threshold (chosen on cross-validation), else the field is left
 * unsaid. Values computed from chosen ones follow exact rules: a training time = the rules' time per epoch × the
 * chosen epochs when no time is chosen; GPU-hours = devices × wall-clock hours when the paper states both
 * but not the product.
 */
import { hardwareFamily, isProcessor } from "../../../catalog/index.js";
import { roundTo } from "../../../domain/numbers.js";
import type { ChosenFacts } from "../../../domain/facts.js";
import type { SelectedField } from "./fields.js";

export interface Thresholds {
  /** At or above: the value is reported (the summary's value). */
  report: number;
  /** At or above: reported as found; between `report` and this: "found, please confirm". */
  confirmed: number;
  /** Per field, where cross-validation measured one (fields differ: a GPU name is easier than a batch size). */
  confirmedByField?: Partial<Record<SelectedField, number>>;
}

const confirmBar = (thresholds: Thresholds, field: SelectedField) =>
  thresholds.confirmedByField?.[field] ?? thresholds.confirmed;

export interface Scored {
  field: SelectedField;
  value: number | string;
  probability: number;
  /** Index of the candidate (into the paper's candidates, or the stored list). */
  index: number;
  /** The sentence (or table row) that states it; absent: no run coherence check. */
  sentence?: number;
}

export interface Choice {
  value: number | string;
  probability: number;
  /** The candidate the value was taken from; -1 for a value computed from other choices. */
  index: number;
  /** How a computed value was obtained ("8 devices × 72 h"). */
  note?: string;
  /** The probability is below the `confirmed` threshold: found, but the authors should confirm it. */
  confirm: boolean;
}

/** A training time the rules computed from a time per epoch: its value and the epoch count it multiplied. */
export interface PerEpochTime {
  hours: number;
  epochs: number;
}

/** The rules' training time when they computed it from a time per epoch (summary.ts notes "1.5 h per epoch × 11 epochs"). */
export function perEpochTimeOf(rules: ChosenFacts): PerEpochTime | null {
  const time = rules.training_time_hours;
  const epochs = time?.fact.note ? /per epoch × ([\d.]+) epochs/.exec(time.fact.note)?.[1] : undefined;
  return time && epochs !== undefined && typeof time.value === "number"
    ? { hours: time.value, epochs: Number(epochs) }
    : null;
}

/** Candidates of one value support each other: the value's key (hardware by family, numbers rounded). */
function keyOf(field: SelectedField, value: number | string): string {
  if (field === "hardware") return hardwareFamily(String(value));
  if (typeof value === "number") return String(roundTo(value, 6));
  return String(value).toLowerCase();
}

/**
 * @example
 *   chooseValues([{ field: "epochs", value: 100, probability: 0.91, index: 3 }], { report: 0.5, confirmed: 0.8 });
 *   // Map { "epochs" => { value: 100, probability: 0.91, index: 3, confirm: false } }
 */
export function chooseValues(
  scored: readonly Scored[],
  thresholds: Thresholds,
  perEpochTime: PerEpochTime | null = null,
): Map<SelectedField, Choice> {
  const byValue = new Map<SelectedField, Map<string, Scored[]>>();
  for (const s of scored) {
    const values = byValue.get(s.field) ?? new Map<string, Scored[]>();
    const key = keyOf(s.field, s.value);
    values.set(key, [...(values.get(key) ?? []), s]);
    byValue.set(s.field, values);
  }
  const chosen = new Map<SelectedField, Choice>();
  /** Per chosen field: the sentences whose trusted candidates state the chosen value. */
  const support = new Map<SelectedField, Set<number>>();
  for (const [field, values] of byValue) {
    // A value is as trusted as its most trusted candidate.
    const ranked = [...values.values()]
      .map((list) => ({ list, probability: Math.max(...list.map((s) => s.probability)) }))
      .sort((a, b) => b.probability - a.probability || a.list[0]!.index - b.list[0]!.index);
    const top = ranked[0];
    if (!top || top.probability < thresholds.report) continue;
    // Its evidence is its first statement the model trusts (a paper describes its setup before it tabulates
    // it); within a hardware family, that statement's spelling is reported.
    const trusted = top.list.filter((s) => s.probability >= thresholds.report);
    const evidence = trusted.reduce((a, b) => (b.index >= 0 && (a.index < 0 || b.index < a.index) ? b : a));
    chosen.set(field, {
      value: evidence.value,
      probability: top.probability,
      index: evidence.index,
      confirm: top.probability < confirmBar(thresholds, field),
    });
    support.set(field, new Set(trusted.map((s) => s.sentence ?? -1)));
  }
  for (const field of otherRunOnly(scored, chosen, support)) chosen.delete(field);
  // The rules' per-epoch time × epochs stands when no time is chosen and the epochs it multiplied are the
  // chosen ones: it is as trustworthy as those epochs.
  const epochs = chosen.get("epochs");
  if (!chosen.has("training_time_hours") && perEpochTime && epochs && perEpochTime.epochs === epochs.value)
    chosen.set("training_time_hours", {
      value: perEpochTime.hours,
      probability: epochs.probability,
      index: -1,
      confirm: epochs.confirm,
    });
  const count = chosen.get("accelerator_count");
  const hours = chosen.get("training_time_hours");
  if (
    !chosen.has("gpu_hours") &&
    // A processor is not an accelerator: "8 hours on a single CPU core" has no GPU-hours.
    !isProcessor(String(chosen.get("hardware")?.value ?? "")) &&
    count &&
    hours &&
    typeof count.value === "number" &&
    typeof hours.value === "number"
  ) {
    const probability = Math.min(count.probability, hours.probability);
    chosen.set("gpu_hours", {
      value: roundTo(count.value * hours.value, 3),
      probability,
      index: -1,
      note: `${count.value} devices × ${hours.value} h`,
      confirm: probability < confirmBar(thresholds, "gpu_hours"),
    });
  }
  return chosen;
}

/** The fields that describe one training run: the summary takes them from one run, never a mix. */
const RUN_FIELDS: ReadonlySet<SelectedField> = new Set([
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "epochs",
  "batch_size",
  "params",
]);

/**
 * Conflicting fields that make a sentence another run's. One is not enough: a per-device batch or a count of
 * nodes beside the chosen values is common in the main run's own sentence (measured on the corpus' out-of-fold
 * probabilities: one conflict cost 0.01 micro-F1, two gained 0.002 and removed the traps of the tests).
 */
const OTHER_RUN_CONFLICTS = 2;

/**
 * Run coherence: a sentence that states, for other run fields, values other than the chosen ones (and not the
 * chosen ones as well) describes another run: a baseline, prior work, a fine-tuning. A run field chosen only from
 * such sentences is that run's, not the main one's, and is left unsaid: "we also train a ResNet-50 baseline for
 * 90 epochs with a batch size of 256" gives no epochs to a main run trained with a batch size of 512.
 */
function otherRunOnly(
  scored: readonly Scored[],
  chosen: ReadonlyMap<SelectedField, Choice>,
  support: ReadonlyMap<SelectedField, ReadonlySet<number>>,
): SelectedField[] {
  const statedIn = new Map<number, Map<SelectedField, Set<string>>>();
  for (const s of scored) {
    if (s.sentence === undefined || !RUN_FIELDS.has(s.field)) continue;
    const fields = statedIn.get(s.sentence) ?? new Map<SelectedField, Set<string>>();
    fields.set(s.field, (fields.get(s.field) ?? new Set()).add(keyOf(s.field, s.value)));
    statedIn.set(s.sentence, fields);
  }
  const otherRun = (sentence: number, own: SelectedField): boolean => {
    let conflicts = 0;
    for (const [field, keys] of statedIn.get(sentence) ?? []) {
      const choice = chosen.get(field);
      if (field === own || !choice) continue;
      if (!keys.has(keyOf(field, choice.value))) conflicts += 1;
    }
    return conflicts >= OTHER_RUN_CONFLICTS;
  };
  const out: SelectedField[] = [];
  for (const [field, sentences] of support) {
    if (!RUN_FIELDS.has(field) || sentences.has(-1)) continue;
    if ([...sentences].every((sentence) => otherRun(sentence, field))) out.push(field);
  }
  return out;
}
