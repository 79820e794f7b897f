/**
 * Rejects inputs no real training has: negative or zero quantities, NaN, and magnitudes far beyond any known
 * run (the largest clusters hold ~1e5 accelerators; no training has lasted a decade). One clear message each.
 */
import { InputError } from "../domain/errors.js";
import type { FootprintInput } from "./types.js";

interface Limit {
  /** Smallest accepted value (inclusive unless `exclusiveMin`). */
  min: number;
  max: number;
  exclusiveMin?: boolean;
  label: string;
}

type NumericField = {
  [K in keyof FootprintInput]-?: NonNullable<FootprintInput[K]> extends number ? K : never;
}[keyof FootprintInput];

/** Sanity bounds, generous by orders of magnitude; a value outside them is a typo or a unit mistake. */
export const INPUT_LIMITS: Record<NumericField, Limit> = {
  accelerator_count: { min: 1, max: 1e6, label: "accelerator count" },
  training_time_hours: {
    min: 0,
    max: 87_660,
    exclusiveMin: true,
    label: "training time (hours; at most 10 years)",
  },
  gpu_hours: { min: 0, max: 1e10, exclusiveMin: true, label: "device-hours" },
  flops: { min: 0, max: 1e30, exclusiveMin: true, label: "FLOPs" },
  params: { min: 0, max: 1e15, exclusiveMin: true, label: "parameters" },
  tokens: { min: 0, max: 1e16, exclusiveMin: true, label: "tokens" },
  mfu: { min: 0, max: 1, exclusiveMin: true, label: "MFU (a fraction, 0-1)" },
  power_w: { min: 0, max: 10_000, exclusiveMin: true, label: "power per device (W)" },
  total_power_w: { min: 0, max: 1e9, exclusiveMin: true, label: "total power (W)" },
  utilisation: { min: 0, max: 1.5, exclusiveMin: true, label: "utilisation (a fraction of TDP)" },
  cpu_cores: { min: 1, max: 1e7, label: "CPU cores" },
  memory_gb: { min: 0, max: 1e8, exclusiveMin: true, label: "memory (GB)" },
  pue: { min: 1, max: 3, label: "PUE (1.0-3.0)" },
  carbon_intensity: { min: 0, max: 2000, label: "carbon intensity (gCO2e/kWh, 0-2000)" },
  year: { min: 1990, max: 2100, label: "year" },
  energy_kwh: { min: 0, max: 1e10, label: "energy (kWh)" },
  co2e_kg: { min: 0, max: 1e11, label: "emissions (kgCO2e)" },
};

/** Throws InputError (code `bad_input`) naming the first field out of bounds. */
export function checkFootprintInput(input: FootprintInput): void {
  for (const [field, limit] of Object.entries(INPUT_LIMITS) as Array<[NumericField, Limit]>) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InputError("bad_input", `${limit.label} must be a number, got ${String(value)}`);
    }
    const tooSmall = limit.exclusiveMin ? value <= limit.min : value < limit.min;
    if (tooSmall) {
      throw new InputError(
        "bad_input",
        `${limit.label} must be ${limit.exclusiveMin ? "above" : "at least"} ${limit.min}, got ${value}`,
      );
    }
    if (value > limit.max) {
      throw new InputError(
        "bad_input",
        `${limit.label} of ${value} is beyond any real training (at most ${limit.max})`,
      );
    }
  }
  if (
    input.accelerator_count !== undefined &&
    input.accelerator_count !== null &&
    !Number.isInteger(input.accelerator_count)
  ) {
    throw new InputError(
      "bad_input",
      `accelerator count must be a whole number, got ${input.accelerator_count}`,
    );
  }
  const hours = input.training_time_hours;
  const count = input.accelerator_count;
  if (hours && count && hours * count > INPUT_LIMITS.gpu_hours.max) {
    throw new InputError("bad_input", `${count} devices × ${hours} h is beyond any real training`);
  }
}
