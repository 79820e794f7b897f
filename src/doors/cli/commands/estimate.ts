import type { Command } from "commander";
import {
  lookupCloudProvider,
  lookupCountry,
  lookupHardware,
  PRECISIONS,
  type Precision,
} from "../../../catalog/index.js";
import { InputError } from "../../../domain/errors.js";
import { estimateFootprint, findLocationConflict, resolveLocation } from "../../../estimate/index.js";
import type { FootprintEstimate, FootprintInput, Range } from "../../../estimate/types.js";
import { formatNumber, parseNumber, roundSignificant } from "../../../domain/numbers.js";
import { formatEnergy, formatMass, toHours } from "../../../domain/units.js";
import { jsonDocument } from "../../../render/json.js";
import { exitCodesHelp } from "../exit-codes.js";

interface EstimateOptions {
  hardware?: string;
  count?: string;
  hours?: string;
  days?: string;
  gpuHours?: string;
  flops?: string;
  params?: string;
  tokens?: string;
  precision?: string;
  mfu?: string;
  powerW?: string;
  totalPowerW?: string;
  utilisation?: string;
  cpuModel?: string;
  cpuCores?: string;
  memoryGb?: string;
  pue?: string;
  carbonIntensity?: string;
  region?: string;
  country?: string;
  provider?: string;
  centre?: string;
  personal?: boolean;
  year?: string;
  energyKwh?: string;
  co2eKg?: string;
  embodied?: boolean;
  json?: boolean;
}

/** A numeric option as people type it ("8", "1.2k", "3.5e22", "1,000"); a clear error otherwise. */
function numberOption(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = parseNumber(value, { words: false });
  if (n === null) throw new InputError("usage", `${flag} must be a number, got "${value}"`);
  return n;
}

/** The flag that sets each location input, for messages. */
const LOCATION_FLAGS: Partial<Record<keyof FootprintInput, string>> = {
  region: "--region",
  country: "--country",
  computing_centre: "--centre",
};

/** Turns command-line options into estimator input; unknown names are errors here, not silent fallbacks. */
export function estimateInputFromOptions(o: EstimateOptions): FootprintInput {
  const assumptions: string[] = [];
  if (o.hardware && !lookupHardware(o.hardware)) {
    throw new InputError(
      "unknown_hardware",
      `unknown hardware "${o.hardware}"; try e.g. "A100 80GB", "V100", "RTX 3090", "TPU v3"`,
    );
  }
  if (o.provider && !lookupCloudProvider(o.provider)) {
    throw new InputError(
      "unknown_location",
      `unknown cloud provider "${o.provider}"; try aws, gcp, azure, ovh, lambda`,
    );
  }
  if (o.country && !lookupCountry(o.country)) {
    throw new InputError(
      "unknown_location",
      `unknown country "${o.country}"; give a name or ISO code (e.g. France, FR)`,
    );
  }
  if (o.precision && !(PRECISIONS as readonly string[]).includes(o.precision)) {
    throw new InputError("usage", `--precision must be one of ${PRECISIONS.join(", ")}`);
  }
  const hours = numberOption("--hours", o.hours);
  const days = numberOption("--days", o.days);
  if (hours !== null && days !== null) throw new InputError("usage", "give --hours or --days, not both");
  let count = numberOption("--count", o.count);
  const gpuHours = numberOption("--gpu-hours", o.gpuHours);
  const sliceChips = o.hardware ? lookupHardware(o.hardware)?.slice_chips : undefined;
  if (count === null && !sliceChips && (hours !== null || days !== null) && gpuHours === null) {
    count = 1;
    assumptions.push("1 device assumed (--count not given)");
  }
  const input: FootprintInput = {
    hardware: o.hardware ?? null,
    accelerator_count: count,
    training_time_hours: hours ?? (days !== null ? toHours(days, "day") : null),
    training_time_as_written: days !== null ? { amount: days, unit: "day" } : null,
    gpu_hours: gpuHours,
    flops: numberOption("--flops", o.flops),
    params: numberOption("--params", o.params),
    tokens: numberOption("--tokens", o.tokens),
    precision: (o.precision as Precision | undefined) ?? null,
    mfu: numberOption("--mfu", o.mfu),
    power_w: numberOption("--power-w", o.powerW),
    total_power_w: numberOption("--total-power-w", o.totalPowerW),
    utilisation: numberOption("--utilisation", o.utilisation),
    cpu_model: o.cpuModel ?? null,
    cpu_cores: numberOption("--cpu-cores", o.cpuCores),
    memory_gb: numberOption("--memory-gb", o.memoryGb),
    pue: numberOption("--pue", o.pue),
    carbon_intensity: numberOption("--carbon-intensity", o.carbonIntensity),
    cloud_provider: o.provider ?? null,
    region: o.region ?? null,
    country: o.country ?? null,
    computing_centre: o.centre ?? null,
    personal_machine: o.personal ?? false,
    year: numberOption("--year", o.year),
    energy_kwh: numberOption("--energy-kwh", o.energyKwh),
    co2e_kg: numberOption("--co2e-kg", o.co2eKg),
    include_embodied: o.embodied ?? false,
    assumptions,
  };
  const conflict = findLocationConflict(input);
  if (conflict) {
    const [a, b] = conflict.fields.map((f) => LOCATION_FLAGS[f] ?? f);
    throw new InputError(
      "usage",
      `${a} and ${b} name different places (${conflict.detail}); give one of them`,
    );
  }
  const location = resolveLocation(input);
  if (location.unresolved.length > 0) {
    throw new InputError(
      "unknown_location",
      `${location.unresolved[0]}; give a cloud region code (e.g. us-east-1, europe-west4, eastus), a computing centre or a country`,
    );
  }
  return input;
}

const sig = (v: number) => roundSignificant(v, 6);
const rounded = (r: Range | null) =>
  r ? { low: sig(r.low), central: sig(r.central), high: sig(r.high) } : null;

/** The JSON the issue specifies, plus the intermediate figures; numbers rounded to 6 significant digits. */
export function estimateToJson(e: FootprintEstimate): Record<string, unknown> {
  return {
    energy_kwh: rounded(e.energy_kwh),
    co2e_kg: rounded(e.co2e_kg),
    assumptions: e.assumptions,
    sources: e.sources,
    derivation: e.derivation,
    method: e.method,
    measured: e.measured,
    device_hours: rounded(e.device_hours),
    hardware: e.hardware,
    power_w: rounded(e.power_w),
    pue: rounded(e.pue),
    carbon_intensity_g_per_kwh: e.carbon_intensity
      ? { ...rounded(e.carbon_intensity), year: e.carbon_intensity.year, zone: e.carbon_intensity.zone }
      : null,
    embodied_co2e_kg: rounded(e.embodied_co2e_kg),
  };
}

const rangeText = (r: Range, format: (v: number) => string) =>
  r.low === r.high ? format(r.central) : `${format(r.central)}  (range ${format(r.low)} – ${format(r.high)})`;

/** A calculator-style result for people. */
export function formatEstimate(e: FootprintEstimate): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(16)}${value}`);
  lines.push(`Footprint estimate (${e.method.replace(/_/g, " ")})`);
  if (e.hardware)
    row(
      "Hardware",
      `${e.hardware.name} [${e.hardware.id}]${e.hardware.tdp_w ? `, TDP ${e.hardware.tdp_w} W` : ""}`,
    );
  if (e.device_hours)
    row(
      "Device time",
      rangeText(e.device_hours, (v) => `${formatNumber(roundSignificant(v, 4))} device-h`),
    );
  if (e.power_w)
    row(
      "Power/device",
      rangeText(e.power_w, (v) => `${formatNumber(roundSignificant(v, 3))} W`),
    );
  if (e.pue)
    row(
      "PUE",
      rangeText(e.pue, (v) => formatNumber(roundSignificant(v, 3))),
    );
  if (e.carbon_intensity) {
    row(
      "Grid intensity",
      `${rangeText(e.carbon_intensity, (v) => `${formatNumber(roundSignificant(v, 3))} gCO2e/kWh`)}  [${e.carbon_intensity.zone}${e.carbon_intensity.year ? `, ${e.carbon_intensity.year}` : ""}]`,
    );
  }
  if (e.energy_kwh)
    row(
      "Energy",
      `${rangeText(e.energy_kwh, (v) => formatEnergy(v))}${e.measured.energy_kwh ? "  [measured]" : ""}`,
    );
  row(
    "Emissions",
    `${rangeText(e.co2e_kg, (v) => formatMass(v))}${e.measured.co2e_kg ? "  [measured]" : ""}`,
  );
  if (e.embodied_co2e_kg)
    row(
      "Embodied",
      `${rangeText(e.embodied_co2e_kg, (v) => formatMass(v))}  (manufacturing share, not in the total above)`,
    );
  lines.push("", "Derivation", `  ${e.derivation}`);
  if (e.assumptions.length > 0) lines.push("", "Assumptions", ...e.assumptions.map((a) => `  - ${a}`));
  lines.push("", "Sources", ...e.sources.map((s) => `  - ${s}`));
  return lines.join("\n");
}

export function registerEstimate(program: Command): void {
  program
    .command("estimate")
    .description("estimate the energy and emissions of a training run, with a range, assumptions and sources")
    .option(
      "--hardware <name>",
      'accelerator or CPU, any spelling ("A100 80GB", "V100", "TPU v3-32", "RTX 3090")',
    )
    .option("--count <n>", "number of devices")
    .option("--hours <h>", "wall-clock training time in hours")
    .option("--days <d>", "wall-clock training time in days")
    .option("--gpu-hours <h>", "device-hours (instead of --count × --hours)")
    .option("--flops <n>", "total training compute in FLOP (when the time is unknown)")
    .option("--params <n>", "parameters (with --tokens: FLOPs = 6 × params × tokens)")
    .option("--tokens <n>", "training tokens")
    .option("--precision <p>", `precision for the peak FLOP/s (${PRECISIONS.join(", ")})`)
    .option("--mfu <f>", "model FLOPs utilisation, 0-1 (default range 0.2-0.5)")
    .option("--power-w <W>", "measured average power per device, in W (replaces TDP × utilisation)")
    .option("--total-power-w <W>", "measured power of the whole job (all devices and host), in W")
    .option("--utilisation <f>", "average draw as a fraction of TDP (default range 0.4-1.0)")
    .option("--cpu-model <name>", "host CPU model, for the CPU share")
    .option("--cpu-cores <n>", "host CPU cores allocated (adds the CPU share)")
    .option("--memory-gb <GB>", "host memory allocated (adds the memory share)")
    .option("--pue <p>", "data-centre PUE")
    .option("--carbon-intensity <g>", "grid carbon intensity in gCO2e/kWh")
    .option(
      "--region <code>",
      "cloud region (us-east-1, europe-west4, eastus), zone (US-CA) or computing centre",
    )
    .option("--country <name>", "country name or ISO code")
    .option("--provider <name>", "cloud provider (aws, gcp, azure, ...)")
    .option("--centre <name>", "computing centre (Jean Zay, JUWELS, Summit, ...)")
    .option("--personal", "trained on a personal computer (PUE 1)")
    .option("--year <y>", "year of the training, for that year's grid intensity")
    .option("--energy-kwh <kWh>", "measured energy (used as such)")
    .option("--co2e-kg <kg>", "measured emissions (used as such)")
    .option("--embodied", "also estimate embodied emissions of the hardware (shown apart)")
    .option("--json", "print one JSON object")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        '  ml-footprint estimate --hardware "A100 80GB" --count 8 --hours 72 --region us-east-1',
        "  ml-footprint estimate --hardware V100 --gpu-hours 5000 --country France --year 2021 --json",
        '  ml-footprint estimate --hardware "TPU v4" --params 7e9 --tokens 1e12 --provider gcp',
      ].join("\n"),
    )
    .addHelpText("after", exitCodesHelp(null))
    .action((options: EstimateOptions) => {
      const estimate = estimateFootprint(estimateInputFromOptions(options));
      console.log(
        options.json
          ? JSON.stringify(jsonDocument(estimateToJson(estimate)), null, 2)
          : formatEstimate(estimate),
      );
    });
}
