/**
 * A survey summary built from paper records in memory, for callers that have records but no papers.jsonl: the
 * review platform's venue report, which holds records in its store. The aggregation is the CLI survey's own
 * (src/survey/summarize.ts), so the two reports count the same way.
 */
import { SurveySummaryBuilder } from "../summarize.js";
import type { SurveyPaperRecord, SurveySummary } from "../types.js";

export interface SummarizeOptions {
  generatedAt: Date;
  readerVersion?: string;
  cost?: SurveySummary["cost"];
}

/** No survey run to account for: the report leaves its cost section out. */
const NO_COST: SurveySummary["cost"] = { cpu_s: 0, wall_s: 0, energy_wh: 0, workers: 0, text_engine: "none" };

/**
 * The survey summary of `records`: disclosure (a field counts as disclosed when the paper's summary gives it a
 * value) overall, by venue and by year; distributions and totals of the estimates' central values; hardware
 * families; the ten largest estimated emissions with their evidence.
 *
 * @example
 * summarizeRecords(papers, { generatedAt: new Date() }).disclosure.hardware // { disclosed: 12, total: 40, ... }
 */
export function summarizeRecords(
  records: readonly SurveyPaperRecord[],
  options: SummarizeOptions,
): SurveySummary {
  const builder = new SurveySummaryBuilder();
  for (const record of records) builder.add(record);
  return builder.build({
    readerVersion: options.readerVersion ?? records.find((r) => r.status === "read")?.reader_version ?? "",
    cached: 0,
    cost: options.cost ?? NO_COST,
    generatedAt: options.generatedAt.toISOString(),
  });
}
