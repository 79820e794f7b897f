/**
 * The paper reader: a paper file in, compute facts with evidence and a one-value-per-field summary out.
 *
 * 1. Load: detect the format, extract text (PDF engine in a bounded worker; LaTeX flattened), clean it.
 * 2. Structure: pages, sections, sentences (`document.ts`).
 * 3. Extract, judge context, summarise (`analyze.ts`, pure).
 */
import type { ChosenFacts, Fact, Summary, Warning } from "../../domain/facts.js";
import { analyzePaperDocument } from "./analyze.js";
import type { PaperFormat } from "./document.js";
import { loadPaper, type LoadOptions } from "./load.js";
import { readVenueAnswers, type VenueAnswer } from "./venue-checklist.js";

export interface PaperReport {
  paper: { file: string; format: PaperFormat; pages: number; characters: number; sentences: number };
  facts: Fact[];
  /** The fact the reader chose for each field it found (the summary's values, with their evidence). */
  chosen: ChosenFacts;
  summary: Summary;
  /** Compute-resources answers of the venue checklist printed in the paper (NeurIPS, ACL). */
  venue_answers: VenueAnswer[];
  warnings: Warning[];
  timings: { extract_ms: number; analyze_ms: number };
}

export type ReadPaperOptions = LoadOptions;

/**
 * Reads one paper. Throws an InputError (one clear line) when the file cannot be read at all; problems that
 * still leave text to read (a page limit, a missing \input) are warnings in the report.
 *
 * @example
 *   const report = await readPaper("paper/main.tex");
 *   report.summary.hardware; // e.g. "nvidia-v100-32gb"
 */
export async function readPaper(file: string, options: ReadPaperOptions = {}): Promise<PaperReport> {
  const loaded = await loadPaper(file, options);
  const started = performance.now();
  const { facts, chosen, summary, truncatedFields } = analyzePaperDocument(loaded.document);
  const venueAnswers = readVenueAnswers(loaded.document);
  const analyzeMs = performance.now() - started;
  return {
    paper: {
      file,
      format: loaded.document.format,
      pages: loaded.document.format === "pdf" ? loaded.document.pages.length : 0,
      characters: loaded.document.text.length,
      sentences: loaded.document.sentences.length,
    },
    facts,
    chosen,
    summary,
    venue_answers: venueAnswers,
    warnings: [
      ...loaded.warnings,
      ...truncatedFields.map((field) => ({
        code: "facts_truncated",
        message: `${file}: more than 500 ${field} facts; only the first 500 were kept`,
        file,
      })),
    ],
    timings: { extract_ms: round(loaded.extractMs), analyze_ms: round(analyzeMs) },
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
