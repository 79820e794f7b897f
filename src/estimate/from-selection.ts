/**
 * Step 4 of the pipeline: the footprint of the selected facts (the most authoritative value of each field, the
 * declaration's year, PUE and grid intensity, the operator's defaults for the place).
 */
import { isInputError } from "../domain/errors.js";
import { mergedSummary, strongest, type Selection } from "../select/selection.js";
import { estimateFootprint } from "./estimate.js";
import { footprintInputFromSummary } from "./summary-input.js";
import type { FootprintEstimate } from "./types.js";

/** Where training ran when neither the paper nor the code says (an operator's or a venue's setting). */
export interface EstimateDefaults {
  region?: string;
  country?: string;
  pue?: number;
}

export interface SelectionEstimate {
  estimate: FootprintEstimate | null;
  /** Why no estimate could be made (what is missing), when `estimate` is null. */
  missing: string[];
}

/**
 * @example
 *   estimateFromSelection(selection, { country: "FR" }).estimate?.co2e_kg.central;
 */
export function estimateFromSelection(
  context: Selection,
  defaults: EstimateDefaults | undefined,
): SelectionEstimate {
  const summary = mergedSummary(context);
  const missing: string[] = [];
  const hasMeasure = summary.energy_kwh !== null || summary.co2e_kg !== null;
  if (!hasMeasure) {
    if (summary.hardware === null) missing.push("the hardware model");
    if (summary.gpu_hours === null && summary.training_time_hours === null && summary.flops === null)
      missing.push("the training time or GPU-hours");
  }
  if (missing.length) return { estimate: null, missing };
  const place = summary.region === null && summary.country === null && summary.cloud_provider === null;
  const centre = strongest(context, "computing_centre")?.fact.value;
  // The time as the source wrote it ("3 days"), so the derivation shows the conversion step.
  const time = strongest(context, "training_time_hours")?.fact;
  const written = time && !time.note ? { training_time_hours: time.raw } : {};
  const input = footprintInputFromSummary(
    summary,
    {
      ...(context.declaration.year ? { year: context.declaration.year } : {}),
      ...(context.declaration.pue
        ? { pue: context.declaration.pue }
        : defaults?.pue
          ? { pue: defaults.pue }
          : {}),
      ...(context.declaration.carbon_intensity_g_per_kwh
        ? { carbon_intensity: context.declaration.carbon_intensity_g_per_kwh }
        : {}),
      ...(centre ? { computing_centre: String(centre) } : {}),
      ...(place && defaults?.region ? { region: defaults.region } : {}),
      ...(place && defaults?.country ? { country: defaults.country } : {}),
      // A time from the paper with no device count is for one device only when the paper says so.
      ...(summary.accelerator_count === null && summary.gpu_hours === null
        ? { accelerator_count: 1, assumptions: ["one accelerator (the count is not stated)"] }
        : {}),
    },
    written,
  );
  try {
    return { estimate: estimateFootprint(input), missing: [] };
  } catch (error) {
    if (isInputError(error)) return { estimate: null, missing: [error.message] };
    throw error;
  }
}
