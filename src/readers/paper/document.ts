/**
 * The paper as structure: full text, pages, sections with canonical names, and sentences with their page,
 * section and character offsets. Pure: built from text already extracted, so it runs anywhere (worker, queue).
 */
import type { PaperEvidence } from "../../domain/facts.js";
import { canonicalSectionName, type CanonicalSection } from "./sections.js";

export type PaperFormat = "pdf" | "latex" | "markdown" | "text";

export interface Page {
  number: number;
  start: number;
  end: number;
}

export interface Section {
  title: string;
  canonical: CanonicalSection;
  level: number;
  start: number;
  end: number;
  /** In an appendix (after an "Appendix" heading, or after the references of a PDF). */
  appendix: boolean;
}

export type SentenceKind = "prose" | "table_row";

export interface Sentence {
  /** Offsets into `PaperDocument.text`. */
  start: number;
  end: number;
  /** The sentence with line breaks read as spaces (same length as the slice, so offsets map one to one). */
  text: string;
  page: number | null;
  section: number | null;
  /** Sentences of one paragraph (or one table) share this number. */
  paragraph: number;
  kind: SentenceKind;
}

export interface SourceLocation {
  file: string;
  line: number;
}

export interface PaperDocument {
  format: PaperFormat;
  text: string;
  pages: Page[];
  sections: Section[];
  sentences: Sentence[];
  /** LaTeX only: where in the sources an offset of `text` comes from. */
  locate?: (offset: number) => SourceLocation | null;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

const MARKDOWN_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const NUMBERED_HEADING = /^((?:\d{1,2}|[A-H])(?:\.\d{1,2}){0,3})\.?\s+([A-Z][A-Za-z0-9&,:'()\-/ ]{1,80})$/;
const BARE_HEADING =
  /^(abstract|acknowledg(?:e)?ments?|references|bibliography|appendix|appendices|supplementary materials?|related work|introduction|conclusions?|broader impacts?|limitations|(?:neurips )?paper checklist|checklist|experiments|experimental (?:setup|details|settings)|implementation details|training details|reproducibility(?: statement)?|compute resources|ethics statement)\s*:?$/i;
const ABBREVIATIONS =
  /(?:\b(?:e\.g|i\.e|et al|etc|Fig|Figs|Eq|Eqs|Sec|Secs|Tab|Tabs|Ref|Refs|vs|cf|approx|resp|No|Nos|Dr|Mr|Ms|Inc|Ltd|Corp|Jr|St|al|ca|viz|w\.r\.t|a\.k\.a|Proc|Vol|pp|Alg|Thm|Def|Lem|Prop|Appx|App|Ch)|\b[A-Z])$/;
const MAX_SENTENCE = 1200;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      lines.push({ start, end: i, text: text.slice(start, i) });
      start = i + 1;
    }
  }
  return lines;
}

function headingOf(line: string, format: PaperFormat): { title: string; level: number } | null {
  const trimmed = line.trim();
  if (!trimmed || trimmed.length > 90) return null;
  const markdown = MARKDOWN_HEADING.exec(trimmed);
  if (markdown && format !== "pdf")
    return { title: markdown[2] as string, level: (markdown[1] as string).length };
  if (format === "latex") return null;
  if (BARE_HEADING.test(trimmed)) return { title: trimmed.replace(/:$/, ""), level: 1 };
  if (format !== "pdf") return null;
  const numbered = NUMBERED_HEADING.exec(trimmed);
  if (!numbered) return null;
  const title = (numbered[2] as string).trim();
  const words = title.split(/\s+/);
  // A heading is short, has no sentence punctuation, and is not a table row or a list of numbers.
  if (words.length > 10 || /[.;]$/.test(title) || /\d{2,}/.test(title) || /\t/.test(line)) return null;
  if (
    words.length > 1 &&
    words.filter((w) => /^[a-z]/.test(w)).length > words.length * 0.6 &&
    !/^\d+$/.test(numbered[1] as string)
  )
    return null;
  return { title, level: (numbered[1] as string).split(".").length };
}

/** A table row: cells separated by tabs or pipes, or a line that is mostly numbers. */
function isTableRow(line: string): boolean {
  if (/\t/.test(line) || / \| /.test(line)) return true;
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 3) return false;
  const numeric = tokens.filter((t) => /^[-+±~≈]?\d[\d.,]*[%×xkKMB]?$/.test(t)).length;
  return numeric >= 3 && numeric / tokens.length >= 0.4;
}

/** Lines that repeat at the top or bottom of many pages (running heads, page numbers) are not content. */
function runningLines(pageTexts: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of pageTexts) {
    const lines = page
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const edge = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => l.replace(/\d+/g, "#")));
    for (const key of edge) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pageTexts.length * 0.3));
  const running = new Set<string>();
  for (const [key, count] of counts) if (count >= threshold || /^#?$|^page #/i.test(key)) running.add(key);
  return running;
}

/** Splits a paragraph (absolute offsets) into sentences at `. ! ?` followed by a capital, unless abbreviated. */
function splitSentences(text: string, start: number, end: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let sentenceStart = start;
  // The pattern runs on the paragraph alone: run on the whole text, a paragraph without a boundary would make
  // every search scan to the end of the document (quadratic on a text of many short paragraphs).
  const paragraph = text.slice(start, end);
  const boundary = /[.!?]["')\]]?\s+(?=["'([]?[A-Z0-9•])|\s•\s/g;
  for (let match = boundary.exec(paragraph); match; match = boundary.exec(paragraph)) {
    const index = start + match.index;
    const before = text.slice(Math.max(sentenceStart, index - 12), index);
    if (match[0].startsWith(".") && ABBREVIATIONS.test(before)) continue;
    const cut = index + (match[0].trim() === "•" ? 0 : match[0].trimEnd().length);
    if (cut > sentenceStart) spans.push([sentenceStart, cut]);
    sentenceStart = index + match[0].length - (match[0].trim() === "•" ? 2 : 0);
  }
  if (end > sentenceStart) spans.push([sentenceStart, end]);
  // Bound the length of a sentence: a run-on (a reference list, a flattened table) is cut at spaces.
  const bounded: Array<[number, number]> = [];
  for (const [s, e] of spans) {
    let from = s;
    while (e - from > MAX_SENTENCE) {
      // Look back for a space only as far as `from`: lastIndexOf would scan to the start of the text.
      let cut = from + MAX_SENTENCE;
      while (cut > from && text[cut] !== " ") cut--;
      if (cut === from) cut = from + MAX_SENTENCE;
      bounded.push([from, cut]);
      from = cut;
    }
    bounded.push([from, e]);
  }
  return bounded.map(([s, e]) => {
    while (s < e && /\s/.test(text[s] as string)) s++;
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    return [s, e] as [number, number];
  });
}

export interface BuildInput {
  format: PaperFormat;
  /** PDF: one text per page; other formats: a single text. */
  pages: string[];
  locate?: (offset: number) => SourceLocation | null;
}

/**
 * Builds the document structure. Offsets of pages, sections and sentences all point into the returned `text`.
 *
 * @example
 *   const doc = buildDocument({ format: "markdown", pages: ["# Experiments\n\nWe train on 8 GPUs."] });
 *   doc.sentences[0].text; // "We train on 8 GPUs."
 */
export function buildDocument(input: BuildInput): PaperDocument {
  const running =
    input.format === "pdf" && input.pages.length >= 3 ? runningLines(input.pages) : new Set<string>();
  let text = "";
  const pages: Page[] = [];
  input.pages.forEach((pageText, index) => {
    if (index > 0) text += "\n\n";
    const start = text.length;
    text += pageText;
    pages.push({ number: index + 1, start, end: text.length });
  });

  const sections: Section[] = [];
  const sentences: Sentence[] = [];
  let inAppendix = false;
  let afterReferences = false;
  let paragraph: Line[] = [];
  let paragraphNumber = 0;
  let inTable = false;
  let pageIndex = 0;
  const pageAt = (offset: number): number | null => {
    if (input.format !== "pdf") return null;
    while (pageIndex < pages.length - 1 && offset > (pages[pageIndex] as Page).end) pageIndex++;
    return (pages[pageIndex] as Page).number;
  };
  const currentSection = (): number | null => (sections.length ? sections.length - 1 : null);
  const pushSentence = (start: number, end: number, kind: SentenceKind): void => {
    if (end <= start) return;
    sentences.push({
      start,
      end,
      text: text.slice(start, end).replace(/[\n\t]/g, " "),
      page: pageAt(start),
      section: currentSection(),
      paragraph: paragraphNumber,
      kind,
    });
  };
  const flushParagraph = (): void => {
    inTable = false;
    if (!paragraph.length) return;
    paragraphNumber++;
    const start = (paragraph[0] as Line).start;
    const end = (paragraph[paragraph.length - 1] as Line).end;
    for (const [s, e] of splitSentences(text, start, end)) pushSentence(s, e, "prose");
    paragraph = [];
  };

  for (const line of splitLines(text)) {
    const trimmed = line.text.trim();
    if (!trimmed) {
      flushParagraph();
      continue;
    }
    if (running.has(trimmed.replace(/\d+/g, "#"))) {
      flushParagraph();
      continue;
    }
    const heading = headingOf(line.text, input.format);
    if (heading) {
      flushParagraph();
      const canonical = canonicalSectionName(heading.title);
      if (canonical === "appendix") inAppendix = true;
      if (canonical === "references") afterReferences = true;
      else if (afterReferences && input.format === "pdf" && heading.level === 1) inAppendix = true;
      const previous = sections[sections.length - 1];
      if (previous) previous.end = line.start;
      sections.push({
        title: heading.title,
        canonical,
        level: heading.level,
        start: line.start,
        end: text.length,
        appendix: inAppendix && canonical !== "references",
      });
      continue;
    }
    if (isTableRow(line.text)) {
      if (!inTable) {
        flushParagraph();
        paragraphNumber++;
        inTable = true;
      }
      pushSentence(line.start + (line.text.length - line.text.trimStart().length), line.end, "table_row");
      continue;
    }
    inTable = false;
    // A LaTeX line is a whole paragraph already; PDF and text lines are visual lines of one paragraph.
    if (input.format === "latex") {
      paragraph.push(line);
      flushParagraph();
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  return {
    format: input.format,
    text,
    pages,
    sections,
    sentences,
    ...(input.locate ? { locate: input.locate } : {}),
  };
}

/**
 * Evidence for a span of a document: page (PDF), section, the quoted text, offsets, and for LaTeX the source
 * file and line.
 */
export function evidenceAt(
  document: PaperDocument,
  start: number,
  end: number,
  quote: string,
): PaperEvidence {
  const page =
    document.format === "pdf"
      ? (document.pages.find((p) => start >= p.start && start <= p.end)?.number ?? null)
      : null;
  const section = [...document.sections].reverse().find((s) => s.start <= start);
  const evidence: PaperEvidence = { kind: "paper", page, section: section?.title ?? null, quote, start, end };
  const location = document.locate?.(start);
  if (location) {
    evidence.file = location.file;
    evidence.line = location.line;
  }
  return evidence;
}
