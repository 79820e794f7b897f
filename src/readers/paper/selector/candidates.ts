/**
 * The selector's view of a paper: each candidate of a selected field with its hashed features, in the plain
 * form the corpus stores and the model reads (no text).
 */
import type { PaperAnalysis } from "../analyze.js";
import { featureIndices, indexCandidates, type CandidateInContext } from "./features.js";
import { isSelectedField, type SelectedField } from "./fields.js";

export interface ScoredCandidate {
  field: SelectedField;
  value: number | string;
  /** Hashed feature indices (features.ts). */
  features: number[];
  /** Index into the analysis' candidates (for the fact and its evidence); -1 in stored corpus features. */
  index: number;
  /** The sentence (or table row) that states it: values stated together describe one run (choose.ts). */
  sentence: number;
}

/**
 * Fields that measure a training run's cost: a sentence about inference, deployment or generation speed ("runs at
 * 45 frames per second on a Titan X", "inference on 4 L4 GPUs") states the cost of a use, never the training's.
 * Parameters and epochs stay: a model's size is the same in any sentence.
 */
const TRAINING_COST_FIELDS: ReadonlySet<SelectedField> = new Set([
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "batch_size",
  "cloud_provider",
  "energy_kwh",
  "co2e_kg",
]);

/**
 * A word of training itself. Narrower than the context's training cues: "batch size", "converge" or "was run" also
 * describe a deployment ("deployed on 4 L4 GPUs with a batch size of 32"). LoRA and QLoRA are fine-tuning methods:
 * "on one RTX 5070 with QLoRA 4-bit quantization" trains.
 */
const TRAINING_WORD = /\b(?:train(?:ed|ing|s)?|pre-?train\w*|fine-?tun\w*|epochs?)\b/i;
/** LoRA as written (not LoRa radio), and not serving adapters ("S-LoRA serves 2,000 adapters"). */
const LORA_TRAINING = /(?<![\w-])Q?LoRA\b/;
const SERVING = /\b(?:serv\w*|deploy\w*|inference)\b/i;
const isTrainingSentence = (text: string): boolean =>
  TRAINING_WORD.test(text) || (LORA_TRAINING.test(text) && !SERVING.test(text));

/**
 * @example
 *   selectorCandidates(analyzePaperDocument(document)).length; // every candidate of a selected field
 */
export function selectorCandidates(
  analysis: Pick<PaperAnalysis, "candidates" | "chosen"> & Partial<Pick<PaperAnalysis, "ownNames">>,
): ScoredCandidate[] {
  const paper = indexCandidates(analysis.candidates, analysis.chosen, new Set(analysis.ownNames));
  const out: ScoredCandidate[] = [];
  analysis.candidates.forEach((c: CandidateInContext, index) => {
    if (!isSelectedField(c.fact.field)) return;
    // A project-wide total (search and failed runs included) is the "total compute" item's, not the run's.
    if (c.fact.field === "gpu_hours" && c.fact.tags?.includes("project_total")) return;
    // Only a sentence with no word of training: "trained on 8 A100s and deployed on one T4" keeps its values.
    if (
      c.fact.context === "inference" &&
      TRAINING_COST_FIELDS.has(c.fact.field) &&
      !isTrainingSentence(c.view.text)
    )
      return;
    out.push({
      field: c.fact.field,
      value: c.fact.value,
      features: featureIndices(c, paper),
      index,
      sentence: c.sentence,
    });
  });
  return out;
}
