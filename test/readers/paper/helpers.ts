/**
 * Small helpers for the paper reader's tests: build a document from text we write, analyse it, and read facts
 * and their evidence back. Not a test file itself (no `.test.ts`), so Jest does not run it.
 */
import type { Fact, FactField, FactValue, PaperEvidence, Summary } from "../../../src/domain/facts.js";
import { analyzePaperDocument } from "../../../src/readers/paper/analyze.js";
import { buildDocument, type PaperDocument, type PaperFormat } from "../../../src/readers/paper/document.js";
import type { Candidate, Extractor, SentenceView } from "../../../src/readers/paper/extractors/types.js";

export interface ReadPaper {
  doc: PaperDocument;
  facts: Fact[];
  summary: Summary;
}

/**
 * Builds a one-page document (or one page per entry for PDFs) and analyses it with the precise extractors and
 * the rule summary: the broad candidates (a number near a field's word) are the selector's to judge, and its
 * tests read them through `readPaper` (test/readers/paper/selector*.test.ts).
 */
export function readText(text: string | string[], format: PaperFormat = "markdown"): ReadPaper {
  const doc = buildDocument({ format, pages: Array.isArray(text) ? text : [text] });
  const { facts, summary } = analyzePaperDocument(doc);
  return { doc, facts: facts.filter((f) => !f.tags?.includes("broad")), summary };
}

/** A Markdown paper with one section: `## heading` then the body. */
export function readSection(heading: string, body: string): ReadPaper {
  return readText(`## ${heading}\n\n${body}\n`);
}

export function factsOf(paper: ReadPaper, field: FactField): Fact[] {
  return paper.facts.filter((f) => f.field === field);
}

export function valuesOf(paper: ReadPaper, field: FactField): FactValue[] {
  return factsOf(paper, field).map((f) => f.value);
}

/** The only fact of a field; fails the test when there is none or several. */
export function onlyFact(paper: ReadPaper, field: FactField): Fact {
  const found = factsOf(paper, field);
  if (found.length !== 1)
    throw new Error(`expected one ${field} fact, got ${found.length}: ${JSON.stringify(found)}`);
  return found[0] as Fact;
}

export function paperEvidence(fact: Fact): PaperEvidence {
  if (fact.evidence.kind !== "paper") throw new Error(`not paper evidence: ${JSON.stringify(fact.evidence)}`);
  return fact.evidence;
}

/** The document text the fact's evidence offsets point at. */
export function evidenceText(paper: ReadPaper, fact: Fact): string {
  const evidence = paperEvidence(fact);
  return paper.doc.text.slice(evidence.start, evidence.end);
}

/** A sentence as an extractor sees it; by default prose in an "Implementation details" section. */
export function sentenceView(text: string, overrides: Partial<SentenceView> = {}): SentenceView {
  return {
    text,
    kind: "prose",
    section: "implementation",
    sectionTitle: "Implementation details",
    appendix: false,
    paragraph: text,
    ...overrides,
  };
}

/** Runs one extractor on one sentence and keeps the candidates of one field. */
export function candidatesOf(
  extractor: Extractor,
  text: string,
  field: FactField,
  overrides: Partial<SentenceView> = {},
): Candidate[] {
  return extractor.extract(sentenceView(text, overrides)).filter((c) => c.field === field);
}

/** `value` and the sentence slice its offsets point at, for compact exact assertions. */
export function valueAndSpan(text: string, found: Candidate): [FactValue, string] {
  return [found.value, text.slice(found.start, found.end)];
}
