/**
 * One paper of a survey, start to end: its bytes hashed, read by the same function as `analyze` (so the record's
 * summary is `analyze --json`'s), its footprint estimated, and everything a survey needs in one record. Any
 * process can call it: a worker thread of this machine's pool, or a queue worker on another machine. A paper that
 * cannot be read is a record with status `failed` and its reason, never an exception.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { getHardware } from "../catalog/index.js";
import { SUMMARY_FIELDS, type Summary } from "../domain/facts.js";
import { estimateFromSelection } from "../estimate/from-selection.js";
import { runAnalysis } from "../pipeline.js";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";
import { mergedSummary, selectFacts } from "../select/selection.js";
import type { SurveyJob } from "./inputs.js";
import { SURVEY_SCHEMA_VERSION, type SurveyPaperRecord } from "./types.js";

export interface SurveyPaperOptions {
  pdfEngine: PdfEngine;
  readerVersion: string;
  /** The PDF extractor's own bound, below the survey's per-paper bound so that it stops first, cleanly. */
  pdfTimeoutMs?: number;
}

const MAX_QUOTE = 300;
const MAX_WARNINGS = 20;

/** The SHA-256 of a file's bytes, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** "NVIDIA A100", "Google TPU v4": a catalog id's vendor and family, the way people name a device generation. */
export function hardwareFamilyLabel(id: string | null): string | null {
  if (id === null) return null;
  const entry = getHardware(id);
  if (!entry) return id;
  const family = entry.kind === "tpu" ? entry.family.replace(/^tpu/i, "TPU ") : entry.family.toUpperCase();
  return `${entry.vendor} ${family}`;
}

/** One line, bounded: what a failed record says. */
export function oneLine(message: string): string {
  const line = message.replace(/\s+/g, " ").trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

/** The record of a paper that could not be read (also built by the pool for a timeout or a crashed worker). */
export function failedRecord(
  job: SurveyJob,
  sha256: string,
  error: string,
  readerVersion: string,
  seconds: number,
): SurveyPaperRecord {
  return {
    schema_version: SURVEY_SCHEMA_VERSION,
    ...jobMetadata(job),
    sha256,
    status: "failed",
    error: oneLine(error),
    summary: null,
    estimate: null,
    evidence: [],
    warnings: [],
    reader_version: readerVersion,
    seconds: round3(seconds),
  };
}

/** The fields of a record that come from the manifest, not from reading the paper. */
export function jobMetadata(
  job: SurveyJob,
): Pick<SurveyPaperRecord, "id" | "path" | "title" | "venue" | "year" | "repo"> {
  return { id: job.id, path: job.path, title: job.title, venue: job.venue, year: job.year, repo: job.repo };
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Surveys one paper.
 *
 * @example
 *   const record = await surveyPaper({ id: "a.pdf", path: "a.pdf", title: null, venue: null, year: null, repo: null },
 *     { pdfEngine: "pdftotext", readerVersion: readerVersion("pdftotext") });
 *   record.summary?.hardware; // "nvidia-a100-80gb"
 */
export async function surveyPaper(job: SurveyJob, options: SurveyPaperOptions): Promise<SurveyPaperRecord> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let sha256 = job.sha256 ?? "";
  try {
    if (!sha256) sha256 = await sha256File(job.path);
    const { paper, code } = await runAnalysis({
      paper: job.path,
      ...(job.repo ? { repo: job.repo } : {}),
      pdfEngine: options.pdfEngine,
      ...(options.pdfTimeoutMs ? { pdfLimits: { timeoutMs: options.pdfTimeoutMs } } : {}),
    });
    if (!paper) throw new Error("no paper was read");
    const selection = selectFacts({ paper, paperPath: null, code, declaration: null, warnings: [] });
    const { estimate } = estimateFromSelection(selection, undefined);
    const family = hardwareFamilyLabel(
      (mergedSummary(selection).hardware as string | null | undefined) ?? null,
    );
    return {
      schema_version: SURVEY_SCHEMA_VERSION,
      ...jobMetadata(job),
      sha256,
      status: "read",
      error: null,
      summary: { ...(paper.summary as Summary) },
      estimate:
        estimate || family
          ? {
              energy_kwh: estimate?.energy_kwh ? { ...estimate.energy_kwh } : null,
              co2e_kg: estimate ? { ...estimate.co2e_kg } : null,
              device_hours: estimate?.device_hours?.central ?? null,
              hardware_family: family,
            }
          : null,
      evidence: SUMMARY_FIELDS.flatMap((field) => {
        const choice = paper.chosen[field];
        if (!choice || choice.fact.evidence.kind !== "paper") return [];
        const { page, quote } = choice.fact.evidence;
        return [
          {
            field,
            value: choice.value,
            page,
            quote: quote.length > MAX_QUOTE ? `${quote.slice(0, MAX_QUOTE - 3)}...` : quote,
          },
        ];
      }),
      warnings: [...paper.warnings, ...(code?.warnings ?? [])]
        .slice(0, MAX_WARNINGS)
        .map((w) => ({ code: w.code, message: w.message, file: w.file ?? job.path })),
      reader_version: options.readerVersion,
      seconds: round3(seconds()),
    };
  } catch (error) {
    if (!sha256) sha256 = "";
    return failedRecord(
      job,
      sha256,
      error instanceof Error ? error.message : String(error),
      options.readerVersion,
      seconds(),
    );
  }
}
