/**
 * The survey's records and summary (issue 15): the interface shared by the survey runner (src/survey/run.ts) and
 * the HTML report (src/survey/report/). Kept identical on both branches; change it in one commit on both.
 */
export const SURVEY_SCHEMA_VERSION = 1;

/** One line of papers.jsonl. */
export interface SurveyPaperRecord {
  schema_version: number;
  id: string; // manifest id, else the path relative to the PATH it was found under
  path: string; // as given / found
  sha256: string; // of the paper file's bytes
  title: string | null;
  venue: string | null;
  year: number | null;
  repo: string | null; // repository path when the manifest names one
  status: "read" | "failed";
  error: string | null; // one line, when failed
  summary: Record<string, number | string | null> | null; // exactly analyze --json's summary for the file
  estimate: {
    energy_kwh: { low: number; central: number; high: number } | null;
    co2e_kg: { low: number; central: number; high: number } | null;
    device_hours: number | null;
    hardware_family: string | null; // e.g. "NVIDIA A100", "TPU v4", null
  } | null;
  evidence: Array<{ field: string; value: number | string; page: number | null; quote: string }>; // summary facts
  warnings: Array<{ code: string; message: string; file: string }>;
  reader_version: string; // changes whenever reading could change: package version + model hashes
  seconds: number; // CPU-side time spent on this paper
}

/** Wilson 95 % interval of a proportion. */
export interface Rate {
  disclosed: number;
  total: number;
  rate: number;
  low: number;
  high: number;
}

/** summary.json */
export interface SurveySummary {
  schema_version: number;
  generated_at: string; // ISO time
  reader_version: string;
  papers: { read: number; failed: number; cached: number };
  disclosure: Record<string, Rate>; // per summary field (hardware, accelerator_count, training_time_hours, gpu_hours, energy_kwh, co2e_kg, ...)
  by_venue: Record<string, Record<string, Rate>>; // venue → field → rate (only when venues known)
  by_year: Record<string, Record<string, Rate>>; // "2023" → field → rate (only when years known)
  energy_kwh: Distribution | null; // over papers with an estimate (central values)
  co2e_kg: Distribution | null;
  total: {
    energy_kwh: { low: number; central: number; high: number };
    co2e_kg: { low: number; central: number; high: number };
    papers_estimated: number;
  };
  hardware_families: Record<string, number>; // family → paper count
  largest: Array<{
    id: string;
    title: string | null;
    co2e_kg: number;
    energy_kwh: number;
    evidence: SurveyPaperRecord["evidence"];
  }>; // top 10 by central co2e
  cost: { cpu_s: number; wall_s: number; energy_wh: number; workers: number; text_engine: string };
}
export interface Distribution {
  count: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}
