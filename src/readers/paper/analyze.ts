/**
 * Document → facts → summary. Pure: no file system, no clock, so it runs in worker threads and queues.
 *
 * 1. Each sentence outside the references is shown to every extractor, which proposes candidates.
 * 2. Each candidate is judged in its sentence's context (own training, inference, someone else's) and its
 *    confidence adjusted by the section and wording.
 * 3. Candidates become facts with evidence (page or file:line, section, quoted sentence, offsets).
 * 4. The summary picks one value per field for the main training setup, or null.
 */
import type { ChosenFacts, Fact, Summary } from "../../domain/facts.js";
import { judgeSentence, valueContexts } from "./context.js";
import { evidenceAt, type PaperDocument, type Sentence } from "./document.js";
import { tableCells } from "./extractors/broad.js";
import { DEFAULT_EXTRACTORS, type Candidate, type Extractor, type SentenceView } from "./extractors/index.js";
import type { CandidateInContext } from "./selector/features.js";
import { ownNames } from "./selector/own-names.js";
import { summarizePaperFacts } from "./summary.js";

export interface PaperAnalysis {
  facts: Fact[];
  /** Every fact read from a sentence, with that sentence: what the trained selector's features look at. */
  candidates: CandidateInContext[];
  /** The fact chosen for each field, once (see summary.ts). */
  chosen: ChosenFacts;
  summary: Summary;
  /** Fields whose facts were cut at MAX_FACTS_PER_FIELD (a generated or hostile text, not a paper). */
  truncatedFields: string[];
  /** The names the paper coins for its own model in its opening (the selector's features look for them). */
  ownNames: string[];
}

const MAX_QUOTE = 400;
/** Facts kept per field: real papers state a field a few dozen times at most; memory stays bounded. */
const MAX_FACTS_PER_FIELD = 500;

/** The sentence, whitespace collapsed, cut around the match when it is long. */
function quoteOf(sentence: Sentence, start: number, end: number): string {
  const text = sentence.text;
  if (text.length <= MAX_QUOTE) return text.replace(/\s+/g, " ").trim();
  const from = Math.max(0, Math.min(start - 150, text.length - MAX_QUOTE));
  const to = Math.min(text.length, Math.max(from + MAX_QUOTE, end + 50));
  return `${from > 0 ? "…" : ""}${text.slice(from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}

/**
 * Table rows of the document with their table's header: a run of table rows of one paragraph whose first row is
 * mostly words (not numbers) has that row as its header.
 */
function tableRows(document: PaperDocument): Map<number, { header: string[] | null; row: number }> {
  const rows = new Map<number, { header: string[] | null; row: number }>();
  let header: string[] | null = null;
  let paragraph = -1;
  let row = 0;
  document.sentences.forEach((sentence, index) => {
    if (sentence.kind !== "table_row") {
      paragraph = -1;
      return;
    }
    const cells = tableCells(sentence.text);
    if (sentence.paragraph !== paragraph) {
      paragraph = sentence.paragraph;
      row = 0;
      const numeric = cells.filter((c) => /^[-+~≈]?\d/.test(c)).length;
      header = cells.length >= 2 && numeric <= cells.length / 3 ? cells : null;
      if (header) {
        rows.set(index, { header: null, row: 0 });
        return;
      }
    }
    row += 1;
    rows.set(index, { header, row });
  });
  return rows;
}

function viewOf(document: PaperDocument, sentence: Sentence, paragraph: string): SentenceView {
  const section = sentence.section === null ? null : document.sections[sentence.section];
  return {
    text: sentence.text,
    kind: sentence.kind,
    section: section
      ? section.appendix && section.canonical === "other"
        ? "appendix"
        : section.canonical
      : null,
    sectionTitle: section?.title ?? null,
    appendix: section?.appendix ?? false,
    paragraph,
  };
}

/**
 * Extracts every compute fact of a document and summarises the main training setup.
 *
 * @example
 *   const doc = buildDocument({ format: "markdown", pages: ["# Setup\n\nWe train on 8 A100 GPUs for 3 days."] });
 *   analyzePaperDocument(doc).summary.accelerator_count; // 8
 */
export function analyzePaperDocument(
  document: PaperDocument,
  extractors: readonly Extractor[] = DEFAULT_EXTRACTORS,
): PaperAnalysis {
  const facts: Fact[] = [];
  const candidates: CandidateInContext[] = [];
  const tables = tableRows(document);
  const textLength = Math.max(1, document.text.length);
  const perField = new Map<string, number>();
  const truncated = new Set<string>();
  const paragraphs = new Map<number, string>();
  for (const sentence of document.sentences) {
    paragraphs.set(sentence.paragraph, `${paragraphs.get(sentence.paragraph) ?? ""} ${sentence.text}`);
  }
  document.sentences.forEach((sentence, sentenceIndex) => {
    const table = tables.get(sentenceIndex);
    const view: SentenceView = {
      ...viewOf(document, sentence, paragraphs.get(sentence.paragraph) ?? sentence.text),
      ...(table ? { table } : {}),
    };
    if (view.section === "references") return;
    let judgement: ReturnType<typeof judgeSentence> | null = null;
    let contextAt: ReturnType<typeof valueContexts> | null = null;
    const proposed = extractors.flatMap((extractor) =>
      extractor.trigger && !extractor.trigger.test(view.text) ? [] : extractor.extract(view),
    );
    for (const found of withoutSpreads(view.text, withoutBroadDuplicates(proposed))) {
      const count = (perField.get(found.field) ?? 0) + 1;
      perField.set(found.field, count);
      if (count > MAX_FACTS_PER_FIELD) {
        truncated.add(found.field);
        continue;
      }
      judgement ??= judgeSentence(view);
      contextAt ??= valueContexts(view.text, judgement);
      const start = sentence.start + found.start;
      const end = sentence.start + found.end;
      const evidence = evidenceAt(document, start, end, quoteOf(sentence, found.start, found.end));
      const fact: Fact = {
        field: found.field,
        value: found.value,
        raw: found.raw,
        confidence: clamp(found.confidence + judgement.confidenceShift),
        // The value's clause, not only its sentence: "Although [24] ran 300 epochs, we ran 30".
        context: contextAt(found.start, found.end),
        evidence,
        ...(found.tags?.length ? { tags: found.tags } : {}),
        ...(found.note ? { note: found.note } : {}),
      };
      facts.push(fact);
      candidates.push({
        fact,
        view,
        start: found.start,
        end: found.end,
        sentence: sentenceIndex,
        paragraph: sentence.paragraph,
        position: sentence.start / textLength,
      });
    }
  });
  const { chosen, summary, derived } = summarizePaperFacts(facts);
  return {
    facts: [...facts, ...derived],
    candidates,
    chosen,
    summary,
    truncatedFields: [...truncated],
    ownNames: [...ownNames(document.text)],
  };
}

/** A broad candidate that a precise extractor also found in the sentence (same field and value) adds nothing. */
function withoutBroadDuplicates(found: readonly Candidate[]): Candidate[] {
  const precise = new Set(
    found.filter((c) => !c.tags?.includes("broad")).map((c) => `${c.field}=${Number(c.value) || c.value}`),
  );
  return found.filter(
    (c) => !c.tags?.includes("broad") || !precise.has(`${c.field}=${Number(c.value) || c.value}`),
  );
}

/**
 * "5036.9 ± 1122.4 MWh", "42 +/- 3 epochs", "12.3 (±0.4) hours": the number after a plus-minus sign that follows a
 * number is a spread, never a value ("trained for ±100 epochs" uses the sign for "about": kept).
 */
const SPREAD_BEFORE = /\d\s*%?\s*\(?\s*(?:±|∓|\+\s*\/?\s*-)\s*$/;
function withoutSpreads(text: string, found: readonly Candidate[]): Candidate[] {
  return found.filter((c) => !SPREAD_BEFORE.test(text.slice(Math.max(0, c.start - 12), c.start)));
}

function clamp(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
