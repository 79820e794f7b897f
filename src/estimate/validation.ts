/**
 * Reproduces published training footprints (data/validation-cases.json) with the estimator: for each case the
 * reported energy and CO2e next to ours, their ratio, and whether our low-high range contains the reported value.
 */
import { z } from "zod";
import { once, readDataJson } from "../catalog/data-files.js";
import { estimateFootprint } from "./estimate.js";
import type { FootprintEstimate, FootprintInput, Range } from "./types.js";

const caseSchema = z.object({
  id: z.string(),
  status: z.enum(["verified", "partially_verified", "unverified"]),
  unverified_fields: z.array(z.string()),
  paper: z.string(),
  read_at: z.string(),
  reported: z.object({
    energy_kwh: z.number().positive().nullable(),
    co2e_kg: z.number().positive().nullable(),
  }),
  mode: z.enum(["reproduce", "range", "skip"]),
  why: z.string().nullable(),
  input: z
    .record(
      z.string(),
      z.union([
        z.string(),
        z.number(),
        z.boolean(),
        z.array(z.string()),
        z.object({ amount: z.number(), unit: z.string() }),
      ]),
    )
    .nullable(),
  notes: z.string(),
});
const fileSchema = z.object({ source: z.string(), cases: z.array(caseSchema).min(1) });

export type ValidationCase = z.infer<typeof caseSchema>;

export interface MetricCheck {
  reported: number;
  ours: Range;
  /** ours.central ÷ reported */
  ratio: number;
  /** reported within ours.low … ours.high */
  in_range: boolean;
}

export interface ValidationRow {
  id: string;
  status: ValidationCase["status"];
  mode: ValidationCase["mode"];
  energy: MetricCheck | null;
  co2e: MetricCheck | null;
  /** reproduce: every reported metric within 10 % and in range; range: every reported metric in range. */
  pass: boolean | null;
  estimate: FootprintEstimate | null;
  why: string | null;
  error?: string;
}

/** Largest accepted |ratio − 1| for a reproduced case. */
export const REPRODUCE_TOLERANCE = 0.1;

export const loadValidationCases = once(() => readDataJson("validation-cases.json", fileSchema).cases);

function check(reported: number | null, ours: Range | null): MetricCheck | null {
  if (reported === null || ours === null) return null;
  return {
    reported,
    ours,
    ratio: ours.central / reported,
    in_range: ours.low <= reported && reported <= ours.high,
  };
}

/** Runs every case that has inputs; skipped cases come back with pass = null. */
export function runValidationCases(
  cases: readonly ValidationCase[] = loadValidationCases(),
): ValidationRow[] {
  return cases.map((c) => {
    const base = { id: c.id, status: c.status, mode: c.mode, why: c.why };
    if (c.mode === "skip" || !c.input)
      return { ...base, energy: null, co2e: null, pass: null, estimate: null };
    try {
      const estimate = estimateFootprint(c.input as FootprintInput);
      const energy = check(c.reported.energy_kwh, estimate.energy_kwh);
      const co2e = check(c.reported.co2e_kg, estimate.co2e_kg);
      const metrics = [energy, co2e].filter((m): m is MetricCheck => m !== null);
      const pass =
        metrics.length > 0 &&
        metrics.every((m) =>
          c.mode === "range" ? m.in_range : m.in_range && Math.abs(m.ratio - 1) <= REPRODUCE_TOLERANCE,
        );
      return { ...base, energy, co2e, pass, estimate };
    } catch (error) {
      return { ...base, energy: null, co2e: null, pass: false, estimate: null, error: String(error) };
    }
  });
}
