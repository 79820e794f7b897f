/**
 * Three ready-to-paste blocks filled with what was found, with clear [PLACEHOLDERS] for the rest: a compute
 * disclosure paragraph for the paper, a footprint.yml, and a Hugging Face model-card co2_eq_emissions block
 * (whose `emissions` is in grams). Values from the repository are made one clean line (`cleanText`) before they
 * go in, and YAML values are quoted, so a value cannot add lines or keys; the renderers put each block in a
 * fence longer than any backtick run inside it.
 */
import { listComputingCentres, lookupCloudProvider, lookupCountry } from "../catalog/index.js";
import type { FactField, FactValue, Summary } from "../domain/facts.js";
import type { FootprintEstimate } from "../estimate/types.js";
import { strongest } from "../select/selection.js";
import type { CheckContext } from "./context.js";
import { hardwareDisplayName } from "./items/describe.js";
import { cleanText } from "../domain/text.js";

const round = (value: number, digits = 2): string => {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
};

/** The strongest value of a field, a string made one clean line. */
function value(context: CheckContext, field: FactField): FactValue | null {
  const found = strongest(context, field)?.fact.value ?? null;
  return typeof found === "string" ? cleanText(found) : found;
}

function hardwareName(id: FactValue | null): string | null {
  return id === null ? null : cleanText(hardwareDisplayName(id));
}

/** The project's total GPU-hours: declared, or stated in the paper as a project-wide figure. */
function projectTotal(context: CheckContext): number | null {
  if (context.declaration.total_gpu_hours) return context.declaration.total_gpu_hours;
  const stated = context.paperFacts.find(
    (f) => f.field === "gpu_hours" && f.context === "training" && f.tags?.includes("project_total"),
  );
  return stated ? Number(stated.value) : null;
}

function placeText(context: CheckContext): string | null {
  const centre = value(context, "computing_centre");
  const region = value(context, "region");
  const provider = value(context, "cloud_provider");
  const country = value(context, "country");
  const countryName = country ? cleanText(lookupCountry(String(country))?.name ?? String(country)) : null;
  const providerName = provider
    ? cleanText(lookupCloudProvider(String(provider))?.name ?? String(provider))
    : null;
  if (providerName && region) return `on ${providerName} in region ${region}`;
  if (centre) {
    const name = cleanText(listComputingCentres().find((c) => c.id === centre)?.name ?? String(centre));
    return `on ${name}${countryName ? ` (${countryName})` : ""}`;
  }
  if (providerName) return `on ${providerName}${countryName ? ` in ${countryName}` : " in [REGION]"}`;
  if (countryName) return `in ${countryName}`;
  return null;
}

/** The disclosure paragraph: only stated or estimated numbers, placeholders elsewhere. */
export function disclosureParagraph(context: CheckContext, estimate: FootprintEstimate | null): string {
  const hardware = hardwareName(value(context, "hardware")) ?? "[GPU MODEL]";
  const count = value(context, "accelerator_count");
  const hours = value(context, "training_time_hours");
  const gpuHours = value(context, "gpu_hours");
  const place = placeText(context) ?? "in [COUNTRY, OR CLOUD PROVIDER AND REGION]";
  const runs = value(context, "runs") ?? value(context, "seeds");
  const sentences: string[] = [];
  sentences.push(
    `Each training run of our main model used ${count ?? "[NUMBER OF]"} ${hardware} ${Number(count) === 1 ? "accelerator" : "accelerators"} for ${hours !== null ? `${round(Number(hours))} hours` : "[HOURS]"} of wall-clock time (${gpuHours !== null ? round(Number(gpuHours)) : "[GPU-HOURS]"} GPU-hours), ${place}.`,
  );
  sentences.push(
    `The results come from ${runs ?? "[NUMBER OF]"} runs; the whole project, including hyper-parameter search, preliminary and failed runs, used about ${projectTotal(context) !== null ? round(projectTotal(context) as number) : "[TOTAL]"} GPU-hours.`,
  );
  const energy = value(context, "energy_kwh");
  const co2 = value(context, "co2e_kg");
  if (energy !== null || co2 !== null) {
    sentences.push(
      `Training consumed ${energy !== null ? `${round(Number(energy))} kWh` : "[ENERGY] kWh"} and emitted ${co2 !== null ? `${round(Number(co2))} kgCO2e` : "[EMISSIONS] kgCO2e"}${context.declaration.measured_by ? ` (measured with ${cleanText(context.declaration.measured_by)})` : ""}.`,
    );
  } else if (estimate) {
    const e = estimate.energy_kwh;
    sentences.push(
      `${e ? `We estimate the energy of one training run at ${round(e.central)} kWh (range ${round(e.low)}-${round(e.high)} kWh)` : "We estimate the emissions of one training run"} and its emissions at ${round(estimate.co2e_kg.central)} kgCO2e (range ${round(estimate.co2e_kg.low)}-${round(estimate.co2e_kg.high)}), from the hardware's power, the data centre's PUE and the grid's carbon intensity (estimated with ml-footprint).`,
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
export function footprintYml(context: CheckContext, estimate: FootprintEstimate | null): string {
  const hardware = value(context, "hardware");
  const location = [
    yamlLine("  ", "country", value(context, "country"), 'ISO code, e.g. "FR"'),
    yamlLine("  ", "cloud_provider", value(context, "cloud_provider"), 'e.g. "aws"'),
    yamlLine("  ", "region", value(context, "region"), 'e.g. "us-east-1"'),
    ...(value(context, "computing_centre") !== null
      ? [
          yamlLine(
            "  ",
            "computing_centre",
            listComputingCentres().find((c) => c.id === value(context, "computing_centre"))?.name ??
              value(context, "computing_centre"),
            "",
          ),
        ]
      : []),
  ];
  const anyLocation = location.some((line) => !line.trimStart().startsWith("#"));
  return [
    "# footprint.yml: the compute behind this paper (schema: schemas/footprint.schema.json)",
    yamlLine("", "hardware", hardwareName(hardware), 'accelerator model, e.g. "NVIDIA A100 80GB"'),
    yamlLine("", "accelerator_count", value(context, "accelerator_count"), "accelerators per run"),
    yamlLine("", "training_time_hours", value(context, "training_time_hours"), "wall-clock hours of one run"),
    yamlLine("", "gpu_hours", value(context, "gpu_hours"), "accelerator-hours of one run"),
    yamlLine(
      "",
      "runs",
      value(context, "runs") ?? value(context, "seeds"),
      "runs behind the reported results",
    ),
    yamlLine("", "total_gpu_hours", projectTotal(context), "whole project, incl. search and failed runs"),
    anyLocation ? "location:" : "# location:",
    ...(anyLocation ? location : location.map((line) => line.replace(/^ {2}# /, "#   "))),
    yamlLine(
      "",
      "energy_kwh",
      value(context, "energy_kwh"),
      estimate?.energy_kwh
        ? `measured kWh (our estimate: ${round(estimate.energy_kwh.central)})`
        : "measured kWh, if any",
    ),
    yamlLine(
      "",
      "co2e_kg",
      value(context, "co2e_kg"),
      estimate
        ? `measured kgCO2e (our estimate: ${round(estimate.co2e_kg.central)})`
        : "measured kgCO2e, if any",
    ),
    yamlLine("", "year", context.declaration.year ?? null, "year of the training"),
  ].join("\n");
}

/** The Hugging Face model card block; `emissions` is in grams by the Hub's convention. */
export function modelCardBlock(
  context: CheckContext,
  estimate: FootprintEstimate | null,
  summary: Partial<Summary>,
): string {
  const measured = value(context, "co2e_kg");
  const grams =
    measured !== null ? Number(measured) * 1000 : estimate ? estimate.co2e_kg.central * 1000 : null;
  const hardware = hardwareName(summary.hardware ?? null);
  const count = summary.accelerator_count;
  const place = placeText(context)?.replace(/^(on|in) /, "") ?? null;
  return [
    "co2_eq_emissions:",
    `  emissions: ${grams !== null ? round(grams, 0).replace(/,/g, "") : "null  # TODO: grams of CO2e"}`,
    `  source: ${measured !== null ? '"reported by the authors"' : estimate ? '"ml-footprint estimate (see the paper\'s compute statement)"' : '"[SOURCE: CodeCarbon, paper, estimate]"'}`,
    '  training_type: "[pre-training or fine-tuning]"',
    `  geographical_location: ${place ? JSON.stringify(place) : '"[e.g. Paris, France]"'}`,
    `  hardware_used: ${hardware ? JSON.stringify(`${count ?? "[N]"} × ${hardware}`) : '"[e.g. 8 x NVIDIA A100 80GB]"'}`,
  ].join("\n");
}
