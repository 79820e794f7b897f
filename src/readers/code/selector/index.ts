/**
 * The trained ranker in the code reader: every candidate value of a decided field (epochs, steps, batch size,
 * device count) is scored by the model, one value per field is chosen, and the choice replaces the rule
 * summary's for those fields. The rules stay where they are exact (parsing, binding launch lines to scripts,
 * overrides over defaults, derived batches) and their choice is one of the model's features.
 */
import { chosen as choose, type ChosenFacts, type Fact, type FactField } from "../../../domain/facts.js";
import type { Ranker } from "../../ranking/model.js";
import type { EntryPoint } from "../types.js";
import { codeCandidates } from "./candidates.js";
import { chooseCodeValues } from "./choose.js";
import type { CodeCandidateInContext } from "./features.js";
import { CODE_SELECTED_FIELDS } from "./fields.js";

/**
 * @example
 *   const chosen = await rankCodeFacts(ranked, entryPoints, ruleChosen, await loadCodeRanker());
 *   chosen.epochs; // { value: 30, fact: {... evidence: run.sh:4 }, probability: 0.91 }
 */
export async function rankCodeFacts(
  ranked: readonly CodeCandidateInContext[],
  entryPoints: readonly EntryPoint[],
  ruleChosen: ChosenFacts,
  ranker: Ranker,
): Promise<ChosenFacts> {
  const ruleChoice: Partial<Record<FactField, Fact>> = {};
  for (const [field, c] of Object.entries(ruleChosen)) if (c) ruleChoice[field as FactField] = c.fact;
  const candidates = codeCandidates(ranked, entryPoints, ruleChoice);
  const probabilities = await ranker.score(candidates.map((c) => c.features));
  const choices = chooseCodeValues(
    candidates.map((c, index) => ({
      field: c.field,
      value: c.value,
      probability: probabilities[index] ?? 0,
      index,
    })),
    ranker.config.thresholds.report,
  );
  const out: ChosenFacts = { ...ruleChosen };
  for (const field of CODE_SELECTED_FIELDS) {
    delete out[field];
    const choice = choices.get(field);
    if (!choice) continue;
    out[field] = {
      ...choose(candidates[choice.index]!.fact),
      probability: Math.round(choice.probability * 1000) / 1000,
    };
  }
  return out;
}
