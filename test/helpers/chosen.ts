/**
 * Tests state what a reader's summary holds (a value per field) next to its facts; the pipeline now carries the
 * chosen fact itself. This builds the choices a reader would have made: for each summary value, the most
 * confident fact stating it.
 */
import type { ChosenFacts, Fact, FactField, FactValue } from "../../src/domain/facts.js";

export function chosenFrom(
  facts: readonly Fact[],
  summary: Partial<Record<FactField, FactValue | null>>,
): ChosenFacts {
  const out: ChosenFacts = {};
  for (const [field, value] of Object.entries(summary) as Array<[FactField, FactValue | null]>) {
    if (value === null || value === undefined) continue;
    const fact = [...facts]
      .filter((f) => f.field === field && String(f.value) === String(value))
      .sort((a, b) => b.confidence - a.confidence)[0];
    if (fact) out[field] = { value: fact.value, fact };
  }
  return out;
}
