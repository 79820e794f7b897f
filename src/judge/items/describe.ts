/** Shared wording for items: values as a reader writes them, evidence as a short location. */
import {
  getHardware,
  listComputingCentres,
  lookupCloudProvider,
  lookupCountry,
} from "../../catalog/index.js";
import type { Evidence, FactField, FactValue } from "../../domain/facts.js";
import { formatFlop, formatHumanNumber } from "../../domain/number-format.js";

/** A hardware name for people: the catalog's name without its notes ("NVIDIA V100", not "... (SXM2 figures)"). */
export function hardwareDisplayName(id: FactValue): string {
  const name = getHardware(String(id))?.name ?? String(id);
  return name.replace(/\s*\([^)]*\)\s*$/, "");
}

export function describeValue(field: FactField, value: FactValue): string {
  if (field === "hardware") return hardwareDisplayName(value);
  if (field === "computing_centre")
    return listComputingCentres().find((c) => c.id === value)?.name ?? String(value);
  if (field === "country") return lookupCountry(String(value))?.name ?? String(value);
  if (field === "cloud_provider") return lookupCloudProvider(String(value))?.name ?? String(value);
  if (typeof value !== "number") return String(value);
  // Numbers in the one human format of every report (48M, 2.0B, 1,200, 3.1e23 FLOP).
  const round = formatHumanNumber;
  switch (field) {
    case "params":
      return `${round(value)} parameters`;
    case "training_time_hours":
      return `${round(value)} h`;
    case "gpu_hours":
      return `${round(value)} accelerator-hours`;
    case "energy_kwh":
      return `${round(value)} kWh`;
    case "co2e_kg":
      return `${round(value)} kgCO2e`;
    case "gpu_memory_gb":
      return `${round(value)} GB`;
    case "flops":
      return formatFlop(value);
    default:
      return round(value);
  }
}

/** "p. 4", "paper/main.tex:120", "scripts/train.sh:3". */
export function whereOf(evidence: Evidence): string {
  if (evidence.kind !== "paper") return `${evidence.file}:${evidence.line}`;
  // A LaTeX source's line is optional: without it the file alone, never "main.tex:undefined".
  if (evidence.file) return evidence.line !== undefined ? `${evidence.file}:${evidence.line}` : evidence.file;
  return evidence.page !== null ? `p. ${evidence.page}` : (evidence.section ?? "the paper");
}

/** The same evidence cited twice (two facts of one sentence) is shown once. */
export function uniqueEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key =
      e.kind !== "paper" ? `${e.file}:${e.line}` : `${e.file ?? ""}:${e.line ?? ""}:${e.page}:${e.quote}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Where a cross-checked value comes from, with what it overrides: "scripts/train.slurm:9, over 100 at train.py:13".
 */
export function chainOf(side: {
  evidence: Evidence;
  overrides?: Array<{ value: unknown; evidence: Evidence }>;
}): string {
  const over = (side.overrides ?? []).map((o) => `over ${String(o.value)} at ${whereOf(o.evidence)}`);
  return [whereOf(side.evidence), ...over].join(", ");
}
