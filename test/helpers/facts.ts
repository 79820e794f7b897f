/**
 * Facts as the readers produce them, built by hand for the judge's tests: a paper statement with its quote, a
 * code setting with its file and line. Not a test file itself (no `.test.ts`), so Jest does not run it.
 */
import type { CodeEvidence, Fact, FactField, FactValue, PaperEvidence } from "../../src/domain/facts.js";

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
    field,
    value,
    raw: String(value),
    confidence: 0.9,
    context: "training",
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
    field,
    value,
    raw: String(value),
    confidence: 0.9,
    context: "training",
    evidence: { kind: "code", file, line, snippet },
    ...extra,
  };
}
