/**
 * Inputs and outputs of the footprint estimator. Field names follow the Summary fields of src/domain/facts.ts so
 * that the checklist can feed facts read from papers and code straight in (see `footprintInputFromSummary`).
 */
import type { Precision } from "../catalog/index.js";
import type { Duration } from "../domain/units.js";

/**
 * How the device-hours of an input were obtained: stated as such (a paper's "576 GPU-hours", `--gpu-hours`), or
 * the product of the device count and the wall-clock hours that the input also gives.
 */
export type DeviceHoursOrigin = "stated" | "count_x_hours";

/** Numeric inputs a source may have written rounded (see `FootprintInput.rounded`). */
export type RoundedField =
  | "training_time_hours"
  | "gpu_hours"
  | "flops"
  | "params"
  | "tokens"
  | "mfu"
  | "power_w"
  | "total_power_w"
  | "utilisation"
  | "pue"
  | "carbon_intensity";

/** A low / central / high triple; low ≤ central ≤ high. */
export interface Range {
  low: number;
  central: number;
  high: number;
}

export interface FootprintInput {
  /** Catalog id or any spelling ("A100 80GB", "nvidia-v100-32gb", "TPU v3-32"). */
  hardware?: string | null;
  /** Number of accelerators (or CPU packages when the hardware is a CPU). A TPU slice name supplies it. */
  accelerator_count?: number | null;
  /** Wall-clock training time in hours. */
  training_time_hours?: number | null;
  /** The training time as its source wrote it ("3 days"), shown in the derivation as "3 days = 72 h". */
  training_time_as_written?: Duration | null;
  /** Device-hours (GPU-hours, TPU chip-hours); replaces count × hours. */
  gpu_hours?: number | null;
  /**
   * How `gpu_hours` was obtained (default: stated). The value used is `gpu_hours` either way; for
   * "count_x_hours" the derivation shows "8 devices × 72 h = 576 device-h" when the count and hours agree.
   */
  gpu_hours_from?: DeviceHoursOrigin | null;
  /** Total training compute in FLOP. */
  flops?: number | null;
  /** Parameters (active parameters for mixture-of-experts), with `tokens`: FLOPs = 6 · params · tokens. */
  params?: number | null;
  tokens?: number | null;
  /** Precision whose peak FLOP/s applies (default: bf16/fp16 tensor rate, else fp32). */
  precision?: Precision | null;
  /** Model FLOPs utilisation, 0–1, when the paper states it. */
  mfu?: number | null;
  /** Average measured or stated power per device in W (replaces TDP × utilisation). */
  power_w?: number | null;
  /** Measured power of the whole job in W: all devices plus host (Strubell et al. style). */
  total_power_w?: number | null;
  /** Average draw as a fraction of TDP, when stated. */
  utilisation?: number | null;
  /** Host CPU model and total cores allocated, for the CPU share. */
  cpu_model?: string | null;
  cpu_cores?: number | null;
  /** Total host memory allocated (GB), for the memory share. */
  memory_gb?: number | null;
  /** Stated PUE. */
  pue?: number | null;
  /** Stated grid carbon intensity in gCO2e/kWh. */
  carbon_intensity?: number | null;
  /** Provider id or name ("aws", "Google Cloud Platform", "Colab"). */
  cloud_provider?: string | null;
  /** Cloud region code ("us-east-1"), computing centre ("Jean Zay"), zone ("US-CA") or country. */
  region?: string | null;
  /** Country name or ISO code. */
  country?: string | null;
  /** Named computing centre ("IDRIS", "JUWELS"). */
  computing_centre?: string | null;
  /** Trained on a laptop/desktop: PUE 1. */
  personal_machine?: boolean;
  /** Year of the training, to pick that year's grid intensity. */
  year?: number | null;
  /** Reported or measured energy (kWh): used as such. */
  energy_kwh?: number | null;
  /** Reported or measured emissions (kgCO2e): used as such. */
  co2e_kg?: number | null;
  /** Also estimate embodied (manufacturing) emissions, reported apart from operational emissions. */
  include_embodied?: boolean;
  /**
   * Inputs the source wrote rounded to their last digit (a publication's "310 W", "3.1 days"): their range is
   * the interval that rounding leaves (309.5–310.5 W; the training time is rounded as written, in days). Every
   * other input is exact and adds no range.
   */
  rounded?: RoundedField[] | null;
  /** Assumptions the caller made before calling (e.g. "1 GPU assumed"), carried into the result. */
  assumptions?: string[];
}

export type EstimateMethod =
  | "measured_energy"
  | "total_power"
  | "device_hours"
  | "flops"
  | "params_tokens"
  | "measured_co2e";

export interface FootprintEstimate {
  method: EstimateMethod;
  /** Facility energy (IT energy × PUE unless measured energy was given), kWh. Null when only CO2e was given. */
  energy_kwh: Range | null;
  /** Operational emissions, kgCO2e. */
  co2e_kg: Range;
  /** Which outputs are reported/measured values rather than estimates. */
  measured: { energy_kwh: boolean; co2e_kg: boolean };
  device_hours: Range | null;
  hardware: { id: string; name: string; tdp_w: number | null } | null;
  /** Average power per device used, W. */
  power_w: Range | null;
  pue: Range | null;
  /** gCO2e/kWh, and the year and place of the figure. */
  carbon_intensity: (Range & { year: number | null; zone: string }) | null;
  /** Embodied emissions of the hardware share used, kgCO2e; separate from co2e_kg. */
  embodied_co2e_kg: Range | null;
  /** Every assumed value, in words. */
  assumptions: string[];
  /** The source of every constant used. */
  sources: string[];
  /** One line: inputs × constants = result, with units. */
  derivation: string;
}
