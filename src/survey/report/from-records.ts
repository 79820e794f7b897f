/**
 * A survey summary rebuilt from paper records alone, for callers that have records but no `summary.json`: the
 * review platform's venue report, which holds records in its store rather than a papers.jsonl (the CLI's survey
 * aggregates papers.jsonl as it streams, src/survey/summarize.ts). The interval is the survey's (wilson.ts).
 */
import {
  SURVEY_SCHEMA_VERSION,
  type Distribution,
  type Rate,
  type SurveyPaperRecord,
  type SurveySummary,
} from "../types.js";

// One Wilson interval for the CLI's survey and the platform's report.
import { wilsonRate } from "../wilson.js";
export { wilsonRate };

/** Quantile of sorted values by linear interpolation (R type 7, numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function distributionOf(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0]!,
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
  };
}

/** Per summary field, the share of `records` (read, with a summary) that state it. */
function disclosureOf(records: readonly SurveyPaperRecord[]): Record<string, Rate> {
  const withSummary = records.filter((r) => r.status === "read" && r.summary !== null);
  const fields = [...new Set(withSummary.flatMap((r) => Object.keys(r.summary!)))];
  return Object.fromEntries(
    fields.map((field) => [
      field,
      wilsonRate(
        withSummary.filter((r) => r.summary![field] !== null && r.summary![field] !== undefined).length,
        withSummary.length,
      ),
    ]),
  );
}

function groupedDisclosure(
  records: readonly SurveyPaperRecord[],
  keyOf: (record: SurveyPaperRecord) => string | null,
): Record<string, Record<string, Rate>> {
  const groups = new Map<string, SurveyPaperRecord[]>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === null) continue;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return Object.fromEntries([...groups.keys()].sort().map((key) => [key, disclosureOf(groups.get(key)!)]));
}

export interface SummarizeOptions {
  generatedAt: Date;
  readerVersion?: string;
  cost?: SurveySummary["cost"];
}

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
  const read = records.filter((r) => r.status === "read");
  const estimated = read.filter((r) => r.estimate?.co2e_kg || r.estimate?.energy_kwh);
  const sum = (pick: (r: SurveyPaperRecord) => { low: number; central: number; high: number } | null) => {
    const ranges = estimated.map(pick).filter((x) => x !== null);
    return {
      low: ranges.reduce((s, x) => s + x.low, 0),
      central: ranges.reduce((s, x) => s + x.central, 0),
      high: ranges.reduce((s, x) => s + x.high, 0),
    };
  };
  const families: Record<string, number> = {};
  for (const record of read) {
    const family = record.estimate?.hardware_family;
    if (family) families[family] = (families[family] ?? 0) + 1;
  }
  const largest = estimated
    .filter((r) => r.estimate!.co2e_kg !== null)
    .sort((a, b) => b.estimate!.co2e_kg!.central - a.estimate!.co2e_kg!.central || a.id.localeCompare(b.id))
    .slice(0, 10)
    .map((r) => ({
      id: r.id,
      title: r.title,
      co2e_kg: r.estimate!.co2e_kg!.central,
      energy_kwh: r.estimate!.energy_kwh?.central ?? 0,
      evidence: r.evidence,
    }));
  return {
    schema_version: SURVEY_SCHEMA_VERSION,
    generated_at: options.generatedAt.toISOString(),
    reader_version: options.readerVersion ?? read[0]?.reader_version ?? "",
    papers: { read: read.length, failed: records.length - read.length, cached: 0 },
    disclosure: disclosureOf(records),
    by_venue: groupedDisclosure(records, (r) => r.venue),
    by_year: groupedDisclosure(records, (r) => (r.year === null ? null : String(r.year))),
    energy_kwh: distributionOf(
      estimated.flatMap((r) => (r.estimate!.energy_kwh ? [r.estimate!.energy_kwh.central] : [])),
    ),
    co2e_kg: distributionOf(
      estimated.flatMap((r) => (r.estimate!.co2e_kg ? [r.estimate!.co2e_kg.central] : [])),
    ),
    total: {
      energy_kwh: sum((r) => r.estimate!.energy_kwh),
      co2e_kg: sum((r) => r.estimate!.co2e_kg),
      papers_estimated: estimated.length,
    },
    hardware_families: families,
    largest,
    cost: options.cost ?? NO_COST,
  };
}
