/** Builds estimator input from the pipeline's one-value summary of facts read from a paper and its code. */
import type { FactValue, Summary } from "../domain/facts.js";
import type { FootprintInput } from "./types.js";
import { parseNumber } from "../domain/numbers.js";

const asNumber = (v: FactValue | null | undefined): number | null =>
  typeof v === "number" ? v : typeof v === "string" ? parseNumber(v, { words: false }) : null;
const asText = (v: FactValue | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/**
 * Maps Summary fields onto FootprintInput (reported energy and CO2e become measured values); `extra` adds facts
 * the summary does not carry (year, PUE, carbon intensity, computing centre, power).
 */
export function footprintInputFromSummary(
  summary: Partial<Summary>,
  extra: Partial<FootprintInput> = {},
): FootprintInput {
  return {
    hardware: asText(summary.hardware),
    accelerator_count: asNumber(summary.accelerator_count),
    training_time_hours: asNumber(summary.training_time_hours),
    gpu_hours: asNumber(summary.gpu_hours),
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
