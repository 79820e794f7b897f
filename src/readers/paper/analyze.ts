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
import { judgeSentence } from "./context.js";
import { evidenceAt, type PaperDocument, type Sentence } from "./document.js";
import { DEFAULT_EXTRACTORS, type Extractor, type SentenceView } from "./extractors/index.js";
import { summarizePaperFacts } from "./summary.js";

export interface PaperAnalysis {
  facts: Fact[];
  /** The fact chosen for each field, once (see summary.ts). */
  chosen: ChosenFacts;
  summary: Summary;
  /** Fields whose facts were cut at MAX_FACTS_PER_FIELD (a generated or hostile text, not a paper). */
  truncatedFields: string[];
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
  const perField = new Map<string, number>();
  const truncated = new Set<string>();
  const paragraphs = new Map<number, string>();
  for (const sentence of document.sentences) {
    paragraphs.set(sentence.paragraph, `${paragraphs.get(sentence.paragraph) ?? ""} ${sentence.text}`);
  }
  for (const sentence of document.sentences) {
    const view = viewOf(document, sentence, paragraphs.get(sentence.paragraph) ?? sentence.text);
    if (view.section === "references") continue;
    let judgement: ReturnType<typeof judgeSentence> | null = null;
    for (const extractor of extractors) {
      if (extractor.trigger && !extractor.trigger.test(view.text)) continue;
      for (const found of extractor.extract(view)) {
        const count = (perField.get(found.field) ?? 0) + 1;
        perField.set(found.field, count);
        if (count > MAX_FACTS_PER_FIELD) {
          truncated.add(found.field);
          continue;
        }
        judgement ??= judgeSentence(view);
        const start = sentence.start + found.start;
        const end = sentence.start + found.end;
        const evidence = evidenceAt(document, start, end, quoteOf(sentence, found.start, found.end));
        facts.push({
          field: found.field,
          value: found.value,
          raw: found.raw,
          confidence: clamp(found.confidence + judgement.confidenceShift),
          context: judgement.context,
          evidence,
          ...(found.tags?.length ? { tags: found.tags } : {}),
          ...(found.note ? { note: found.note } : {}),
        });
      }
    }
  }
  const { chosen, summary, derived } = summarizePaperFacts(facts);
  return { facts: [...facts, ...derived], chosen, summary, truncatedFields: [...truncated] };
}

function clamp(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
