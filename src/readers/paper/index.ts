/**
 * The paper reader: a paper file in, compute facts with evidence and a one-value-per-field summary out.
 *
 * 1. Load: detect the format, extract text (PDF engine in a bounded worker; LaTeX flattened), clean it.
 * 2. Structure: pages, sections, sentences (`document.ts`).
 * 3. Extract candidates and judge their context (`analyze.ts`, pure).
 * 4. Select one value per field with the trained selector (`selector/`), each with its probability.
 */
import { summaryOf, type ChosenFacts, type Fact, type Summary, type Warning } from "../../domain/facts.js";
import { openingWords } from "../../domain/name-words.js";
import { analyzePaperDocument } from "./analyze.js";
import { selectPaperFacts, type Alternative } from "./selector/index.js";
import { loadSelector } from "./selector/model.js";

export type { Alternative } from "./selector/index.js";
import type { PaperFormat } from "./document.js";
import { loadPaper, type LoadOptions } from "./load.js";
import { readVenueAnswers, type VenueAnswer } from "./venue-checklist.js";

export interface PaperReport {
  paper: { file: string; format: PaperFormat; pages: number; characters: number; sentences: number };
  facts: Fact[];
  /** The fact the reader chose for each field it found (the summary's values, with their evidence). */
  chosen: ChosenFacts;
  summary: Summary;
  /**
   * Beside the summary: the selector's probability of each value it reports, and whether it is "found" or
   * "found, please confirm" (below the threshold at which the selector is right 95 % of the time).
   */
  summary_confidence: Partial<Record<keyof Summary, { probability: number; status: "found" | "confirm" }>>;
  /**
   * Beside the summary: the other values the paper states for the selector's fields, each at its most probable
   * statement, with the selector's probability that it is the main run's (the cross-check reads them).
   */
  alternatives?: Alternative[];
  /** Compute-resources answers of the venue checklist printed in the paper (NeurIPS, ACL). */
  venue_answers: VenueAnswer[];
  /**
   * The distinctive words of the paper's opening (title and abstract): the code reader tells the experiment the
   * paper reports from the repository's others by them (never by the paper's values, so the cross-check stays fair).
   */
  opening_words?: string[];
  warnings: Warning[];
  timings: { extract_ms: number; analyze_ms: number };
}

export interface ReadPaperOptions extends LoadOptions {
  /** Another selector model and configuration (tests, cross-validation); the shipped one by default. */
  selector?: { model: string; config: string };
}

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
  const analysis = analyzePaperDocument(loaded.document);
  const { chosen, derived, alternatives } = await selectPaperFacts(
    analysis,
    await loadSelector(options.selector ?? {}),
  );
  // Broad candidates (a number near a field's word) are facts only when the selector chose one.
  const chosenFacts = new Set(Object.values(chosen).map((c) => c.fact));
  const facts = [
    ...analysis.facts.filter((f) => !f.tags?.includes("broad") || chosenFacts.has(f)),
    ...derived.filter((f) => !analysis.facts.includes(f)),
  ];
  const summary = summaryOf(chosen);
  const { truncatedFields } = analysis;
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
    summary_confidence: confidenceOf(chosen),
    alternatives,
    venue_answers: venueAnswers,
    opening_words: openingWords(loaded.document.text),
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

function confidenceOf(chosen: ChosenFacts): PaperReport["summary_confidence"] {
  const out: PaperReport["summary_confidence"] = {};
  for (const [field, choice] of Object.entries(chosen))
    if (choice?.probability !== undefined && field in summaryOf({}))
      out[field as keyof Summary] = {
        probability: choice.probability,
        status: choice.confirm ? "confirm" : "found",
      };
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
