/** Builds estimator input from the pipeline's one-value summary of facts read from a paper and its code. */
import type { FactValue, Summary, SummaryField } from "../domain/facts.js";
import { parseNumber } from "../domain/numbers.js";
import { parseDuration, sameHours, type Duration } from "../domain/units.js";
import type { DeviceHoursOrigin, FootprintInput } from "./types.js";

const asNumber = (v: FactValue | null | undefined): number | null =>
  typeof v === "number" ? v : typeof v === "string" ? parseNumber(v, { words: false }) : null;
const asText = (v: FactValue | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/**
 * Maps Summary fields onto FootprintInput (reported energy and CO2e become measured values); `extra` adds facts
 * the summary does not carry (year, PUE, carbon intensity, computing centre, power). `written` gives, when the
 * caller has it, the text each summary value was read from ("about 3 days"), so that the derivation can show
 * the conversion ("3 days = 72 h").
 */
export function footprintInputFromSummary(
  summary: Partial<Summary>,
  extra: Partial<FootprintInput> = {},
  written: Partial<Record<SummaryField, string>> = {},
): FootprintInput {
  const count = asNumber(summary.accelerator_count);
  const hours = asNumber(summary.training_time_hours);
  const gpuHours = asNumber(summary.gpu_hours);
  return {
    hardware: asText(summary.hardware),
    accelerator_count: count,
    training_time_hours: hours,
    training_time_as_written: writtenDuration(written.training_time_hours, hours),
    gpu_hours: gpuHours,
    gpu_hours_from: deviceHoursOrigin(count, hours, gpuHours),
    params: asNumber(summary.params),
    flops: asNumber(summary.flops),
    cloud_provider: asText(summary.cloud_provider),
    region: asText(summary.region),
    country: asText(summary.country),
    energy_kwh: asNumber(summary.energy_kwh),
    co2e_kg: asNumber(summary.co2e_kg),
    ...extra,
  };
}

/**
 * The summary derives GPU-hours as count × hours when the paper gives both; such GPU-hours are that product, and
 * the count and hours go through with them so the derivation keeps the step. Other GPU-hours were stated.
 */
function deviceHoursOrigin(
  count: number | null,
  hours: number | null,
  gpuHours: number | null,
): DeviceHoursOrigin | null {
  if (gpuHours === null) return null;
  return count !== null && hours !== null && sameHours(count * hours, gpuHours) ? "count_x_hours" : "stated";
}

/** The written duration of the training time, when it is one and gives these hours. */
function writtenDuration(text: string | undefined, hours: number | null): Duration | null {
  if (text === undefined || hours === null) return null;
  const duration = parseDuration(text);
  return duration && sameHours(duration.hours, hours)
    ? { amount: duration.amount, unit: duration.unit }
    : null;
}
