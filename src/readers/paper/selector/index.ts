/**
 * The trained selector in the paper reader: every candidate of a selected field is scored by the model, one
 * value per field is chosen (choose.ts), and the choice is handed on as the fact itself with its probability.
 * Fields the model does not decide keep the rule summary's choice.
 */
import type { ChosenFacts, Fact } from "../../../domain/facts.js";
import type { PaperAnalysis } from "../analyze.js";
import { selectorCandidates } from "./candidates.js";
import { chooseValues, perEpochTimeOf } from "./choose.js";
import { SELECTED_FIELDS } from "./fields.js";
import type { Selector } from "./model.js";

export interface Selection {
  chosen: ChosenFacts;
  /** Facts computed from chosen ones (GPU-hours from devices × hours), with a note. */
  derived: Fact[];
  /** The values the selector did not choose, one per field and value (its most probable statement). */
  alternatives: Alternative[];
}

/** A value the paper also states for a field, with the selector's probability that it is the main run's. */
export interface Alternative {
  fact: Fact;
  probability: number;
}

/**
 * @example
 *   const { chosen } = await selectPaperFacts(analyzePaperDocument(document), await loadSelector());
 *   chosen.epochs; // { value: 100, fact: {...}, probability: 0.93 }
 */
export async function selectPaperFacts(analysis: PaperAnalysis, selector: Selector): Promise<Selection> {
  const candidates = selectorCandidates(analysis);
  const probabilities = await selector.score(candidates.map((c) => c.features));
  const scoredCandidates = candidates.map((c, i) => ({ candidate: c, probability: probabilities[i] ?? 0 }));
  const choices = chooseValues(
    candidates.map((c, i) => ({
      field: c.field,
      value: c.value,
      probability: probabilities[i] ?? 0,
      index: c.index,
      sentence: c.sentence,
    })),
    selector.config.thresholds,
    perEpochTimeOf(analysis.chosen),
  );
  const chosen: ChosenFacts = { ...analysis.chosen };
  const derived: Fact[] = [];
  for (const field of SELECTED_FIELDS) {
    delete chosen[field];
    const choice = choices.get(field);
    if (!choice) continue;
    let fact: Fact;
    if (choice.index >= 0) fact = analysis.candidates[choice.index]!.fact;
    else if (field === "training_time_hours" && analysis.chosen.training_time_hours)
      fact = analysis.chosen.training_time_hours.fact;
    else {
      // A computed value cites the statement of the time it was computed from (as the rule summary does).
      const base = chosen.training_time_hours?.fact ?? chosen.accelerator_count?.fact;
      if (!base) continue;
      fact = {
        ...base,
        field,
        value: choice.value,
        raw: choice.note ?? String(choice.value),
        tags: [...new Set([...(base.tags ?? []), "derived" as const])],
        ...(choice.note ? { note: choice.note } : {}),
      };
      derived.push(fact);
    }
    chosen[field] = {
      value: choice.value,
      fact,
      probability: Math.round(choice.probability * 1000) / 1000,
      ...(choice.confirm ? { confirm: true } : {}),
    };
  }
  return { chosen, derived, alternatives: alternativesOf(analysis, scoredCandidates, chosen) };
}

/**
 * Every other value a field's candidates state, at its most probable statement, most probable first. The
 * cross-check reads them: a code value the paper also states somewhere (a hyper-parameter table the selector
 * doubted) is a question for a human, not a disagreement.
 */
function alternativesOf(
  analysis: PaperAnalysis,
  scored: ReadonlyArray<{
    candidate: { field: string; value: number | string; index: number };
    probability: number;
  }>,
  chosen: ChosenFacts,
): Alternative[] {
  const best = new Map<string, Alternative>();
  // The chosen statements: another field's chosen value read again inside its own statement is that field's ("100"
  // of "for 100 epochs with a batch size of 256" is no batch size); another number there ("32" of "with a batch size
  // of 32 for 50 epochs") stays.
  const taken = Object.entries(chosen).flatMap(([field, choice]) =>
    choice?.fact.evidence.kind === "paper"
      ? [
          {
            field,
            value: String(choice.value),
            start: choice.fact.evidence.start,
            end: choice.fact.evidence.end,
          },
        ]
      : [],
  );
  for (const { candidate, probability } of scored) {
    const field = candidate.field as keyof ChosenFacts;
    if (String(chosen[field]?.value) === String(candidate.value)) continue;
    const evidence = analysis.candidates[candidate.index]!.fact.evidence;
    if (
      evidence.kind === "paper" &&
      taken.some(
        (t) =>
          t.field !== field &&
          t.value === String(candidate.value) &&
          evidence.start < t.end &&
          t.start < evidence.end,
      )
    )
      continue;
    const key = `${candidate.field}\u0000${String(candidate.value)}`;
    const seen = best.get(key);
    if (!seen || probability > seen.probability)
      best.set(key, {
        fact: analysis.candidates[candidate.index]!.fact,
        probability: Math.round(probability * 1000) / 1000,
      });
  }
  return [...best.values()].sort((a, b) => b.probability - a.probability);
}
