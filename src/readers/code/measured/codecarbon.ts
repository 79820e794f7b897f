/**
 * CodeCarbon measurements: `emissions.csv` (one row per tracked run; `emissions` in kg CO2e, `energy_consumed`
 * in kWh, `duration` in seconds) and the same record saved as JSON. A file's runs are summed into one total per
 * quantity; the machine columns (country, cloud, GPU model and count) are reported when every row agrees.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Fact } from "../../../domain/facts.js";
import { CONFIDENCE, codeFact, splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import { resolveHardwareName } from "../hardware.js";
import type { FileFindings } from "../types.js";
import { toHours } from "../../../domain/units.js";
import { roundTo } from "../values.js";

const MAX_ROWS = 200_000;

/** Splits one CSV record (RFC 4180 quotes; no embedded newlines, which CodeCarbon never writes). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

export interface CodeCarbonRun {
  line: number;
  snippet: string;
  values: Record<string, string>;
}

/** Reads a CodeCarbon CSV; a CSV without CodeCarbon's columns gives no facts and no warning. */
export function analyzeCodeCarbonCsv(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "codecarbon_csv");
  const lines = splitLines(content);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.toLowerCase());
  if (!header.includes("emissions") || !header.includes("energy_consumed")) return findings;
  const runs: CodeCarbonRun[] = [];
  for (let i = 1; i < lines.length && runs.length < MAX_ROWS; i += 1) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const cells = splitCsvLine(line);
    const values: Record<string, string> = {};
    header.forEach((name, index) => (values[name] = cells[index] ?? ""));
    runs.push({ line: i + 1, snippet: line, values });
  }
  const skipped =
    runs.length === 0 ? 0 : runs.filter((r) => !Number.isFinite(Number(r.values.emissions))).length;
  if (skipped > 0) {
    findings.warnings.push({
      code: "measurement_rows_unreadable",
      message: `${skipped} rows without a numeric emissions value were left out of the totals`,
      file: path,
    });
  }
  findings.facts = codeCarbonFacts(path, runs, "csv");
  findings.measurementRuns = runs.map((r) => r.values.run_id ?? "").filter((id) => id !== "");
  return findings;
}

/** CodeCarbon's record saved as JSON: one object, or a list of objects, with `emissions` and `energy_consumed`. */
export function codeCarbonJsonRuns(content: string): CodeCarbonRun[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  const records = Array.isArray(parsed) ? parsed : [parsed];
  const runs: CodeCarbonRun[] = [];
  for (const record of records.slice(0, MAX_ROWS)) {
    if (!record || typeof record !== "object") continue;
    const object = record as Record<string, unknown>;
    if (!("emissions" in object) || !("energy_consumed" in object)) continue;
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(object))
      values[key.toLowerCase()] = value === null ? "" : String(value);
    const needle = `"energy_consumed"`;
    const offset = content.indexOf(needle);
    const line = offset < 0 ? 1 : content.slice(0, offset).split("\n").length;
    runs.push({ line, snippet: splitLines(content)[line - 1] ?? "", values });
  }
  return runs.length > 0 ? runs : null;
}

export function codeCarbonFacts(path: string, runs: CodeCarbonRun[], format: "csv" | "json"): Fact[] {
  const valid = runs.filter((r) => Number.isFinite(Number(r.values.emissions)) && r.values.emissions !== "");
  if (valid.length === 0) return [];
  const first = valid[0]!;
  const tags: FactTag[] = ["codecarbon", format, "total", `runs:${valid.length}`];
  const sum = (column: string) => valid.reduce((total, r) => total + (Number(r.values[column]) || 0), 0);
  const facts: Fact[] = [];
  const make = (field: Fact["field"], value: number | string, raw: string, extra: FactTag[] = []) =>
    facts.push(
      codeFact({
        field,
        value,
        raw,
        confidence: CONFIDENCE.measured,
        file: path,
        line: first.line,
        snippet: first.snippet,
        tags: [...tags, ...extra],
        context: "training",
        measured: true,
      }),
    );
  const rows = valid.length === 1 ? "1 run" : `${valid.length} runs`;
  make("energy_kwh", roundTo(sum("energy_consumed"), 6), `sum of energy_consumed over ${rows} (kWh)`);
  make("co2e_kg", roundTo(sum("emissions"), 6), `sum of emissions over ${rows} (kg)`);
  const seconds = sum("duration");
  if (seconds > 0) {
    make("training_time_hours", roundTo(toHours(seconds, "s"), 4), `sum of duration over ${rows} (s)`, [
      "tracked_duration",
    ]);
  }
  const country = agreed(valid, "country_iso_code") ?? agreed(valid, "country_name");
  if (country) make("country", country, country);
  const provider = agreed(valid, "cloud_provider");
  if (provider) make("cloud_provider", provider, provider);
  const region = agreed(valid, "cloud_region");
  if (region) make("region", region, region);
  const gpuModel = agreed(valid, "gpu_model");
  const hardware = gpuModel ? resolveHardwareName(gpuModel.replace(/^\d+\s*x\s*/i, "")) : null;
  if (hardware && gpuModel) make("hardware", hardware.id, gpuModel);
  const gpuCount = agreed(valid, "gpu_count");
  const count = gpuCount !== null ? Number(gpuCount) : NaN;
  if (Number.isInteger(count) && count > 0) make("accelerator_count", count, gpuCount!);
  return facts;
}

/** The column's value when all rows agree on one non-empty value, else null. */
function agreed(runs: CodeCarbonRun[], column: string): string | null {
  const values = new Set(runs.map((r) => (r.values[column] ?? "").trim()));
  if (values.size !== 1) return null;
  const [value] = values;
  return value && value !== "nan" && value !== "None" ? value : null;
}
