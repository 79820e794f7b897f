/**
 * Three ready-to-paste blocks filled with what was found, with clear [PLACEHOLDERS] for the rest: a compute
 * disclosure paragraph for the paper, a footprint.yml, and a Hugging Face model-card co2_eq_emissions block
 * (whose `emissions` is in grams). The three are written from ONE set of values (`pasteValues`): the fields as
 * resolved by authority (src/select/authority.ts, footprint.yml first, count × hours = GPU-hours kept
 * consistent) and the estimate made from those same fields, so that no block can say 16 GPUs while another, or
 * the estimate, counts 8. Values from the repository are made one clean line (`cleanText`) before they
 * go in, and YAML values are quoted, so a value cannot add lines or keys; the renderers put each block in a
 * fence longer than any backtick run inside it.
 */
import type { FactField, FactValue } from "../domain/facts.js";
import type { FootprintEstimate } from "../estimate/types.js";
import { strongest } from "../select/selection.js";
import type { CheckContext } from "./context.js";
import { describeValue, hardwareDisplayName } from "./items/describe.js";
import { cleanText } from "../domain/text.js";

const round = (value: number, digits = 2): string => {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
};

/** The value of a field as resolved by authority, a string made one clean line. */
function value(context: CheckContext, field: FactField): FactValue | null {
  const found = strongest(context, field)?.fact.value ?? null;
  return typeof found === "string" ? cleanText(found) : found;
}

const asNumber = (found: FactValue | null): number | null => {
  if (found === null) return null;
  const n = Number(found);
  return Number.isFinite(n) ? n : null;
};

/** The project's total GPU-hours: declared, or stated in the paper as a project-wide figure. */
function projectTotal(context: CheckContext): number | null {
  if (context.declaration.total_gpu_hours) return context.declaration.total_gpu_hours;
  const stated = context.paperFacts.find(
    (f) => f.field === "gpu_hours" && f.context === "training" && f.tags?.includes("project_total"),
  );
  return stated ? Number(stated.value) : null;
}

/** Where training ran, as the blocks write it (catalog names, one clean line each). */
export interface PastePlace {
  country: string | null;
  countryName: string | null;
  cloudProvider: string | null;
  cloudProviderName: string | null;
  region: string | null;
  computingCentreName: string | null;
}

/** Low, central and high of an estimated quantity. */
export interface PasteRange {
  low: number;
  central: number;
  high: number;
}

/** The one set of values the three blocks are written from; null where nothing is known. */
export interface PasteValues {
  /** The accelerator's display name ("NVIDIA A100 SXM4 80 GB"). */
  hardware: string | null;
  accelerator_count: number | null;
  training_time_hours: number | null;
  gpu_hours: number | null;
  /** Runs (or seeds) behind the reported results. */
  runs: number | null;
  total_gpu_hours: number | null;
  place: PastePlace;
  /** Energy and emissions as reported (declared, measured in the repository, or stated in the paper). */
  reported: { energy_kwh: number | null; co2e_kg: number | null; measured_by: string | null };
  /** The estimate made from the same fields, when one could be made. */
  estimated: { energy_kwh: PasteRange | null; co2e_kg: PasteRange } | null;
  year: number | null;
}

/**
 * The values of the three blocks, read once.
 *
 * @example
 *   pasteValues(context, estimate).accelerator_count; // 16 when footprint.yml declares 16
 */
export function pasteValues(context: CheckContext, estimate: FootprintEstimate | null): PasteValues {
  const country = value(context, "country");
  const provider = value(context, "cloud_provider");
  const centre = value(context, "computing_centre");
  const hardware = value(context, "hardware");
  const range = (r: PasteRange) => ({ low: r.low, central: r.central, high: r.high });
  return {
    hardware: hardware === null ? null : cleanText(hardwareDisplayName(hardware)),
    accelerator_count: asNumber(value(context, "accelerator_count")),
    training_time_hours: asNumber(value(context, "training_time_hours")),
    gpu_hours: asNumber(value(context, "gpu_hours")),
    runs: asNumber(value(context, "runs") ?? value(context, "seeds")),
    total_gpu_hours: projectTotal(context),
    place: {
      country: country === null ? null : String(country),
      countryName: country ? cleanText(describeValue("country", country)) : null,
      cloudProvider: provider === null ? null : String(provider),
      cloudProviderName: provider ? cleanText(describeValue("cloud_provider", provider)) : null,
      region: value(context, "region") === null ? null : String(value(context, "region")),
      computingCentreName: centre ? cleanText(describeValue("computing_centre", centre)) : null,
    },
    reported: {
      energy_kwh: asNumber(value(context, "energy_kwh")),
      co2e_kg: asNumber(value(context, "co2e_kg")),
      measured_by: context.declaration.measured_by ? cleanText(context.declaration.measured_by) : null,
    },
    estimated: estimate
      ? {
          energy_kwh: estimate.energy_kwh ? range(estimate.energy_kwh) : null,
          co2e_kg: range(estimate.co2e_kg),
        }
      : null,
    year: context.declaration.year ?? null,
  };
}

function placeText(place: PastePlace): string | null {
  const { countryName, cloudProviderName, region, computingCentreName } = place;
  if (cloudProviderName && region) return `on ${cloudProviderName} in region ${region}`;
  if (computingCentreName) return `on ${computingCentreName}${countryName ? ` (${countryName})` : ""}`;
  if (cloudProviderName)
    return `on ${cloudProviderName}${countryName ? ` in ${countryName}` : " in [REGION]"}`;
  if (countryName) return `in ${countryName}`;
  return null;
}

/** The disclosure paragraph: only stated or estimated numbers, placeholders elsewhere. */
export function disclosureParagraph(values: PasteValues): string {
  const count = values.accelerator_count;
  const hours = values.training_time_hours;
  const place = placeText(values.place) ?? "in [COUNTRY, OR CLOUD PROVIDER AND REGION]";
  const sentences: string[] = [];
  sentences.push(
    `Each training run of our main model used ${count ?? "[NUMBER OF]"} ${values.hardware ?? "[GPU MODEL]"} ${count === 1 ? "accelerator" : "accelerators"} for ${hours !== null ? `${round(hours)} hours` : "[HOURS]"} of wall-clock time (${values.gpu_hours !== null ? round(values.gpu_hours) : "[GPU-HOURS]"} GPU-hours), ${place}.`,
  );
  sentences.push(
    `The results come from ${values.runs ?? "[NUMBER OF]"} runs; the whole project, including hyper-parameter search, preliminary and failed runs, used about ${values.total_gpu_hours !== null ? round(values.total_gpu_hours) : "[TOTAL]"} GPU-hours.`,
  );
  const { energy_kwh: energy, co2e_kg: co2, measured_by: measuredBy } = values.reported;
  if (energy !== null || co2 !== null) {
    sentences.push(
      `Training consumed ${energy !== null ? `${round(energy)} kWh` : "[ENERGY] kWh"} and emitted ${co2 !== null ? `${round(co2)} kgCO2e` : "[EMISSIONS] kgCO2e"}${measuredBy ? ` (measured with ${measuredBy})` : ""}.`,
    );
  } else if (values.estimated) {
    const e = values.estimated.energy_kwh;
    const c = values.estimated.co2e_kg;
    sentences.push(
      `${e ? `We estimate the energy of one training run at ${round(e.central)} kWh (range ${round(e.low)}-${round(e.high)} kWh)` : "We estimate the emissions of one training run"} and its emissions at ${round(c.central)} kgCO2e (range ${round(c.low)}-${round(c.high)}), from the hardware's power, the data centre's PUE and the grid's carbon intensity (estimated with ml-footprint).`,
    );
  } else {
    sentences.push(
      "Training consumed about [ENERGY] kWh and emitted about [EMISSIONS] kgCO2e ([MEASURED WITH / ESTIMATED WITH]).",
    );
  }
  return sentences.join(" ");
}

/**
 * One line of the footprint.yml snippet. An unknown value is a commented-out line with a TODO, so the pasted
 * file validates as it is and each line can be filled in and uncommented.
 */
function yamlLine(indent: string, key: string, found: FactValue | null, todo: string): string {
  if (found === null) return `${indent}# ${key}:   # TODO: ${todo}`;
  return `${indent}${key}: ${typeof found === "number" ? String(found) : JSON.stringify(found)}`;
}

/** A footprint.yml with everything found, and commented TODO lines for the rest. */
export function footprintYml(values: PasteValues): string {
  const { place, estimated } = values;
  const location = [
    yamlLine("  ", "country", place.country, 'ISO code, e.g. "FR"'),
    yamlLine("  ", "cloud_provider", place.cloudProvider, 'e.g. "aws"'),
    yamlLine("  ", "region", place.region, 'e.g. "us-east-1"'),
    ...(place.computingCentreName !== null
      ? [yamlLine("  ", "computing_centre", place.computingCentreName, "")]
      : []),
  ];
  const anyLocation = location.some((line) => !line.trimStart().startsWith("#"));
  return [
    "# footprint.yml: the compute behind this paper (schema: schemas/footprint.schema.json)",
    yamlLine("", "hardware", values.hardware, 'accelerator model, e.g. "NVIDIA A100 80GB"'),
    yamlLine("", "accelerator_count", values.accelerator_count, "accelerators per run"),
    yamlLine("", "training_time_hours", values.training_time_hours, "wall-clock hours of one run"),
    yamlLine("", "gpu_hours", values.gpu_hours, "accelerator-hours of one run"),
    yamlLine("", "runs", values.runs, "runs behind the reported results"),
    yamlLine("", "total_gpu_hours", values.total_gpu_hours, "whole project, incl. search and failed runs"),
    anyLocation ? "location:" : "# location:",
    ...(anyLocation ? location : location.map((line) => line.replace(/^ {2}# /, "#   "))),
    yamlLine(
      "",
      "energy_kwh",
      values.reported.energy_kwh,
      estimated?.energy_kwh
        ? `measured kWh (our estimate: ${round(estimated.energy_kwh.central)})`
        : "measured kWh, if any",
    ),
    yamlLine(
      "",
      "co2e_kg",
      values.reported.co2e_kg,
      estimated
        ? `measured kgCO2e (our estimate: ${round(estimated.co2e_kg.central)})`
        : "measured kgCO2e, if any",
    ),
    yamlLine("", "year", values.year, "year of the training"),
  ].join("\n");
}

/** The Hugging Face model card block; `emissions` is in grams by the Hub's convention. */
export function modelCardBlock(values: PasteValues): string {
  const reported = values.reported.co2e_kg;
  const kg = reported ?? values.estimated?.co2e_kg.central ?? null;
  const grams = kg !== null ? kg * 1000 : null;
  const place = placeText(values.place)?.replace(/^(on|in) /, "") ?? null;
  return [
    "co2_eq_emissions:",
    `  emissions: ${grams !== null ? round(grams, 0).replace(/,/g, "") : "null  # TODO: grams of CO2e"}`,
    `  source: ${reported !== null ? '"reported by the authors"' : values.estimated ? '"ml-footprint estimate (see the paper\'s compute statement)"' : '"[SOURCE: CodeCarbon, paper, estimate]"'}`,
    '  training_type: "[pre-training or fine-tuning]"',
    `  geographical_location: ${place ? JSON.stringify(place) : '"[e.g. Paris, France]"'}`,
    `  hardware_used: ${values.hardware ? JSON.stringify(`${values.accelerator_count ?? "[N]"} × ${values.hardware}`) : '"[e.g. 8 x NVIDIA A100 80GB]"'}`,
  ].join("\n");
}

/**
 * The three blocks, from one set of values.
 *
 * @example
 *   const { paragraph, footprintYml, modelCard } = pasteBlocks(context, estimate);
 */
export function pasteBlocks(
  context: CheckContext,
  estimate: FootprintEstimate | null,
): { paragraph: string; footprintYml: string; modelCard: string } {
  const values = pasteValues(context, estimate);
  return {
    paragraph: disclosureParagraph(values),
    footprintYml: footprintYml(values),
    modelCard: modelCardBlock(values),
  };
}
