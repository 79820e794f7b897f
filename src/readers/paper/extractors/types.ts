/**
 * The contract between the paper reader and its extractors. An extractor looks at one sentence and proposes
 * candidates; it never decides whether a candidate describes the paper's own training (that is `context.ts`)
 * nor which candidate wins (that is `summary.ts`). Adding an extractor is one module and one registry line.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { FactField, FactValue } from "../../../domain/facts.js";
import type { CanonicalSection } from "../sections.js";
import type { SentenceKind } from "../document.js";

export interface SentenceView {
  /** Sentence text, offsets relative to the sentence start. */
  text: string;
  kind: SentenceKind;
  section: CanonicalSection | null;
  sectionTitle: string | null;
  appendix: boolean;
  /** The whole paragraph (or table) the sentence belongs to, for context that spans sentences. */
  paragraph: string;
  /** A table row: the table's header cells (null when the table has no header row) and the row's index. */
  table?: { header: string[] | null; row: number };
}

export interface Candidate {
  field: FactField;
  value: FactValue;
  raw: string;
  /** Offsets of `raw` in the sentence. */
  start: number;
  end: number;
  /** How strong the pattern is, before context and section adjust it. */
  confidence: number;
  tags?: FactTag[];
  /** Why this is a derived value (e.g. "1.5 h per epoch × 11 epochs"). */
  note?: string;
}

export interface Extractor {
  name: string;
  fields: FactField[];
  /**
   * A cheap test a sentence must pass before `extract` runs: most sentences of a paper say nothing about
   * compute, and skipping them keeps fact extraction within milliseconds.
   */
  trigger?: RegExp;
  extract(sentence: SentenceView): Candidate[];
}

/** Finds every match of `pattern` (which must have the g flag) with its offsets. */
export function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex++;
    yield match;
  }
}

export function candidate(
  field: FactField,
  value: FactValue,
  match: RegExpExecArray,
  confidence: number,
  extra: Partial<Candidate> = {},
): Candidate {
  // Evidence spans cover exactly `raw`: no surrounding spaces.
  const leading = match[0].length - match[0].trimStart().length;
  const raw = match[0].trim();
  return {
    field,
    value,
    raw,
    start: match.index + leading,
    end: match.index + leading + raw.length,
    confidence,
    ...extra,
  };
}
