/**
 * summary.json from the records, one record at a time (memory: a few numbers per estimated paper, not the
 * records): disclosure rates per field of the records' summaries (analyze's SUMMARY_FIELDS for a survey's
 * records) with Wilson 95 % intervals, by venue and by year when known;
 * distributions and totals of the estimated energy and emissions; hardware families; the largest footprints
 * with their evidence; and the survey's own cost.
 */
import { readPapersFile } from "./papers-file.js";
import {
  SURVEY_SCHEMA_VERSION,
  type Distribution,
  type Rate,
  type SurveyPaperRecord,
  type SurveySummary,
} from "./types.js";
import { wilsonRate } from "./wilson.js";

/** What the records do not say: the run's own facts. */
export interface SummaryRunFacts {
  readerVersion: string;
  cached: number;
  cost: SurveySummary["cost"];
  generatedAt?: string;
}

const LARGEST = 10;

type Counts = { total: number; disclosed: Record<string, number> };

const newCounts = (): Counts => ({ total: 0, disclosed: {} });

/** A rate per field the counted summaries carry: none when no paper was read, so no rate of 0 out of 0. */
function rates(counts: Counts): Record<string, Rate> {
  return Object.fromEntries(
    Object.entries(counts.disclosed).map(([field, disclosed]) => [
      field,
      wilsonRate(disclosed, counts.total),
    ]),
  );
}

const significant = (value: number): number => Number(value.toPrecision(6));

/** Quartiles by linear interpolation between order statistics (R's type 7, numpy's default). */
export function distributionOf(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.ceil(position);
    const low = sorted[below] as number;
    return significant(low + ((sorted[above] as number) - low) * (position - below));
  };
  return {
    count: sorted.length,
    min: significant(sorted[0] as number),
    p25: at(0.25),
    median: at(0.5),
    p75: at(0.75),
    max: significant(sorted[sorted.length - 1] as number),
  };
}

/** Adds records one by one, then builds the summary. */
export class SurveySummaryBuilder {
  private read = 0;
  private failed = 0;
  private readonly all = newCounts();
  private readonly byVenue = new Map<string, Counts>();
  private readonly byYear = new Map<string, Counts>();
  private readonly energy: number[] = [];
  private readonly co2e: number[] = [];
  private readonly totalEnergy = { low: 0, central: 0, high: 0 };
  private readonly totalCo2e = { low: 0, central: 0, high: 0 };
  private estimated = 0;
  private readonly families = new Map<string, number>();
  private largest: SurveySummary["largest"] = [];

  add(record: SurveyPaperRecord): void {
    if (record.status !== "read") {
      this.failed++;
      return;
    }
    this.read++;
    // A read record without a summary (the review platform's, src/doors/review-platform/venue-survey.ts) has
    // no fields to count: it adds to the footprints only.
    if (record.summary !== null) this.countDisclosure(record, record.summary);
    const estimate = record.estimate;
    if (estimate?.hardware_family)
      this.families.set(estimate.hardware_family, (this.families.get(estimate.hardware_family) ?? 0) + 1);
    if (estimate?.energy_kwh) {
      this.energy.push(estimate.energy_kwh.central);
      addRange(this.totalEnergy, estimate.energy_kwh);
    }
    if (estimate?.co2e_kg) {
      this.estimated++;
      this.co2e.push(estimate.co2e_kg.central);
      addRange(this.totalCo2e, estimate.co2e_kg);
      this.considerLargest(record, estimate.co2e_kg.central, estimate.energy_kwh?.central ?? 0);
    }
  }

  private countDisclosure(
    record: SurveyPaperRecord,
    summary: NonNullable<SurveyPaperRecord["summary"]>,
  ): void {
    const groups = [this.all];
    if (record.venue !== null) groups.push(getOrAdd(this.byVenue, record.venue));
    if (record.year !== null) groups.push(getOrAdd(this.byYear, String(record.year)));
    for (const counts of groups) {
      counts.total++;
      for (const [field, value] of Object.entries(summary))
        counts.disclosed[field] =
          (counts.disclosed[field] ?? 0) + (value === null || value === undefined ? 0 : 1);
    }
  }

  private considerLargest(record: SurveyPaperRecord, co2e: number, energy: number): void {
    if (this.largest.length === LARGEST && co2e <= (this.largest[LARGEST - 1]?.co2e_kg ?? 0)) return;
    this.largest.push({
      id: record.id,
      title: record.title,
      co2e_kg: co2e,
      energy_kwh: energy,
      evidence: record.evidence,
    });
    this.largest.sort((a, b) => b.co2e_kg - a.co2e_kg || (a.id < b.id ? -1 : 1));
    this.largest = this.largest.slice(0, LARGEST);
  }

  build(run: SummaryRunFacts): SurveySummary {
    const grouped = (groups: Map<string, Counts>): Record<string, Record<string, Rate>> =>
      Object.fromEntries([...groups.keys()].sort().map((key) => [key, rates(groups.get(key) as Counts)]));
    return {
      schema_version: SURVEY_SCHEMA_VERSION,
      generated_at: run.generatedAt ?? new Date().toISOString(),
      reader_version: run.readerVersion,
      papers: { read: this.read, failed: this.failed, cached: run.cached },
      disclosure: rates(this.all),
      by_venue: grouped(this.byVenue),
      by_year: grouped(this.byYear),
      energy_kwh: distributionOf(this.energy),
      co2e_kg: distributionOf(this.co2e),
      total: {
        energy_kwh: roundRange(this.totalEnergy),
        co2e_kg: roundRange(this.totalCo2e),
        papers_estimated: this.estimated,
      },
      hardware_families: Object.fromEntries(
        [...this.families.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      ),
      largest: this.largest,
      cost: run.cost,
    };
  }
}

function getOrAdd(map: Map<string, Counts>, key: string): Counts {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = newCounts()));
  return counts;
}

function addRange(total: { low: number; central: number; high: number }, range: typeof total): void {
  total.low += range.low;
  total.central += range.central;
  total.high += range.high;
}

const roundRange = (r: { low: number; central: number; high: number }): typeof r => ({
  low: significant(r.low),
  central: significant(r.central),
  high: significant(r.high),
});

/**
 * The summary of a papers.jsonl, read line by line.
 *
 * @example
 *   const summary = await summarizePapersFile("out/papers.jsonl", { readerVersion, cached: 0, cost });
 */
export async function summarizePapersFile(file: string, run: SummaryRunFacts): Promise<SurveySummary> {
  const builder = new SurveySummaryBuilder();
  for await (const record of readPapersFile(file)) builder.add(record);
  return builder.build(run);
}
