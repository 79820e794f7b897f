/**
 * Facts as the readers produce them, built by hand for the judge's tests: a paper statement with its quote, a
 * code setting with its file and line. Not a test file itself (no `.test.ts`), so Jest does not run it.
 */
import type { CodeEvidence, Fact, FactField, FactValue, PaperEvidence } from "../../src/domain/facts.js";

/** What both readers give a fact of the authors' own training: the value as written, confidence 0.9. */
const ownTraining = (field: FactField, value: FactValue) =>
  ({ field, value, raw: String(value), confidence: 0.9, context: "training" }) as const;

/** A paper's statement of `field` (own training, confidence 0.9), quoted on page 3 of "Experiments". */
export function paperFact(
  field: FactField,
  value: FactValue,
  quote: string,
  evidence: Partial<Omit<PaperEvidence, "kind" | "quote">> = {},
  extra: Partial<Fact> = {},
): Fact {
  const start = evidence.start ?? 0;
  return {
    ...ownTraining(field, value),
    evidence: {
      kind: "paper",
      page: 3,
      section: "Experiments",
      quote,
      start,
      end: start + quote.length,
      ...evidence,
    },
    ...extra,
  };
}

/** A repository's setting of `field` (training, confidence 0.9) at `file:line`, its snippet `field = value`. */
export function codeFact(
  field: FactField,
  value: FactValue,
  file: string,
  line: number,
  extra: Partial<Fact> = {},
  snippet: CodeEvidence["snippet"] = `${field} = ${value}`,
): Fact {
  return {
    ...ownTraining(field, value),
    evidence: { kind: "code", file, line, snippet },
    ...extra,
  };
}
