/**
 * The fields the trained selector decides: the ones the labelled corpus has labels for. The others (steps,
 * FLOPs, region, the extra fields) keep the rule summary of summary.ts until they have labels of their own.
 */
import type { SummaryField } from "../../../domain/facts.js";

export const SELECTED_FIELDS = [
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "epochs",
  "batch_size",
  "params",
  "cloud_provider",
  "country",
  "energy_kwh",
  "co2e_kg",
] as const satisfies readonly SummaryField[];

export type SelectedField = (typeof SELECTED_FIELDS)[number];

export function isSelectedField(field: string): field is SelectedField {
  return (SELECTED_FIELDS as readonly string[]).includes(field);
}
