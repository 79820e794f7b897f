/**
 * The footprint estimator: energy and operational emissions of a training run with a low/central/high range,
 * the assumptions made, the source of every constant, and a one-line derivation.
 *
 *   energy (kWh) = device-hours × power per device × PUE / 1000   (+ host CPU and memory when known)
 *   power        = measured/stated average, else TDP × utilisation (range)
 *   device-hours = GPU-hours, else count × wall-clock hours, else FLOPs / (peak FLOP/s × MFU) / 3600,
 *                  with FLOPs = 6 · params · tokens when only those are known
 *   CO2e (kg)    = energy × carbon intensity of the place and year / 1000
 *
 * Measured values win: a reported energy or CO2e is used as such and marked measured. The derivation keeps
 * every step an author can check: a converted time ("3 days = 72 h"), how the device-hours were obtained
 * ("8 devices × 72 h = 576 device-h", "1,000 device-h (stated)", "FLOPs ÷ (peak × MFU)"), then power, PUE and
 * carbon intensity.
 */
import {
  carbonIntensity,
  cpuPowerPerCoreW,
  lookupHardware,
  pueFor,
  type HardwareEntry,
  type HardwareMatch,
  type Precision,
} from "../catalog/index.js";
import { InputError } from "../domain/errors.js";
import { formatNumber, roundSignificant } from "../domain/numbers.js";
import { formatDurationAs, formatEnergy, formatMass, sameHours, toHours } from "../domain/units.js";
import { checkFootprintInput } from "./check-input.js";
import { estimationConstants } from "./constants.js";
import { embodiedEmissions } from "./embodied.js";
import { resolveLocation, type ResolvedLocation } from "./location.js";
import { add, div, exact, fromTriple, isPoint, mul, roundedToLastDigit, scale } from "./range.js";
import type { EstimateMethod, FootprintEstimate, FootprintInput, Range, RoundedField } from "./types.js";

/** Precisions tried for the peak FLOP/s when the input does not say: mixed precision first. */
const PEAK_PRECEDENCE: readonly Precision[] = ["bf16", "fp16", "tf32", "fp32"];

/** Collects assumptions and sources while the estimate is built. */
class Notebook {
  readonly assumptions: string[] = [];
  readonly sources = new Set<string>();
  readonly steps: string[] = [];
  /** Adds a step once: the time conversion is shown before the first step that uses the hours. */
  step(text: string) {
    if (!this.steps.includes(text)) this.steps.push(text);
  }
  assume(text: string) {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }
  cite(...sources: string[]) {
    for (const s of sources) this.sources.add(s);
  }
}

/**
 * Estimates the energy and emissions of one training run. Throws InputError (one clear line) for impossible
 * numbers, unknown hardware or places that the estimate needs, and inputs too incomplete to estimate from.
 *
 * @example estimateFootprint({ hardware: "A100 80GB", accelerator_count: 8, training_time_hours: 72, region: "us-east-1" })
 */
export function estimateFootprint(input: FootprintInput): FootprintEstimate {
  checkFootprintInput(input);
  const book = new Notebook();
  for (const a of input.assumptions ?? []) book.assume(a);
  if (input.rounded?.length)
    book.assume(`taken as rounded to their last written digit: ${input.rounded.join(", ")}`);

  const hardware = resolveHardware(input, book);
  const location = resolveLocation(input);
  const needsPlace = input.carbon_intensity == null || (input.pue == null && !input.personal_machine);
  if (location.unresolved.length > 0) {
    if (needsPlace && input.co2e_kg == null) {
      throw new InputError(
        "unknown_location",
        `${location.unresolved[0]}; give a cloud region code (e.g. us-east-1), a country, or --carbon-intensity and --pue`,
      );
    }
    for (const u of location.unresolved) book.assume(`${u}: ignored`);
  }

  const energy = estimateEnergy(input, hardware?.entry ?? null, hardware, location, book);
  const ci = energy && input.co2e_kg == null ? resolveCarbonIntensity(input, location, book) : null;

  let co2e: Range;
  if (input.co2e_kg != null) {
    co2e = exact(input.co2e_kg);
    book.steps.push(`reported ${formatMass(input.co2e_kg)} used as such`);
    book.cite("reported in the input");
  } else if (energy && ci) {
    co2e = scale(mul(energy.energy, ci.range), 1 / 1000);
    book.steps.push(`× ${fmt(ci.range.central)} gCO2e/kWh (${ci.label}) = ${formatMass(co2e.central)}`);
  } else {
    throw new InputError(
      "insufficient_input",
      "not enough to estimate: give GPU-hours, count and hours, FLOPs, params and tokens, or a measured energy",
    );
  }

  const embodied =
    input.include_embodied && energy?.deviceHours ? embodiedEmissions(energy.deviceHours, book) : null;
  if (input.include_embodied && !embodied)
    book.assume("embodied emissions not estimated: device-hours unknown");

  return {
    method: energy?.method ?? "measured_co2e",
    energy_kwh: energy?.energy ?? null,
    co2e_kg: co2e,
    measured: { energy_kwh: input.energy_kwh != null, co2e_kg: input.co2e_kg != null },
    device_hours: energy?.deviceHours ?? null,
    hardware: hardware
      ? { id: hardware.entry.id, name: hardware.entry.name, tdp_w: hardware.entry.tdp_w }
      : null,
    power_w: energy?.power ?? null,
    pue: energy?.pue ?? null,
    carbon_intensity: ci ? { ...ci.range, year: ci.year, zone: ci.zone } : null,
    embodied_co2e_kg: embodied,
    assumptions: book.assumptions,
    sources: [...book.sources],
    derivation: book.steps.join(" "),
  };
}

function resolveHardware(input: FootprintInput, book: Notebook): HardwareMatch | null {
  if (!input.hardware) return null;
  const match = lookupHardware(input.hardware);
  if (match) return match;
  const needed =
    input.power_w == null && input.total_power_w == null && input.energy_kwh == null && input.co2e_kg == null;
  if (needed) {
    throw new InputError(
      "unknown_hardware",
      `unknown hardware "${input.hardware}"; give a catalog name (e.g. "A100 80GB", "V100", "TPU v3") or --power-w`,
    );
  }
  book.assume(
    `hardware "${input.hardware}" is not in the catalog; not needed since power or energy was given`,
  );
  return null;
}

interface EnergyResult {
  method: EstimateMethod;
  energy: Range;
  deviceHours: Range | null;
  power: Range | null;
  pue: Range | null;
}

function estimateEnergy(
  input: FootprintInput,
  entry: HardwareEntry | null,
  match: HardwareMatch | null,
  location: ResolvedLocation,
  book: Notebook,
): EnergyResult | null {
  if (input.energy_kwh != null) {
    book.steps.push(`reported energy ${formatEnergy(input.energy_kwh)} used as such (no PUE added)`);
    book.cite("reported in the input");
    book.assume("reported energy used as measured; PUE not added on top");
    return {
      method: "measured_energy",
      energy: exact(input.energy_kwh),
      deviceHours: null,
      power: null,
      pue: null,
    };
  }
  const count = input.accelerator_count ?? match?.slice_chips ?? null;
  if (input.accelerator_count == null && match?.slice_chips) {
    book.assume(
      `${match.slice_chips} chips from the slice name "${match.raw}" (${match.slice_cores} TensorCores)`,
    );
  }

  if (input.total_power_w != null) {
    const hours = wallClockHours(input, count);
    if (input.training_time_hours != null) noteTimeConversion(input, book);
    if (!hours)
      throw new InputError(
        "insufficient_input",
        "total power needs the training time (--hours, or --gpu-hours with --count)",
      );
    const power = given(input, "total_power_w");
    const it = scale(mul(hours, power), 1 / 1000);
    const pue = resolvePue(input, location, book);
    const energy = mul(it, pue);
    book.cite("total power stated in the input");
    book.steps.push(
      `${fmt(hours.central)} h × ${fmt(power.central)} W (whole job, stated) = ${formatEnergy(it.central)}; ${pueStep(pue, energy)};`,
    );
    return {
      method: "total_power",
      energy,
      deviceHours: count ? scale(hours, count) : null,
      power: scale(power, 1 / (count ?? 1)),
      pue,
    };
  }

  const time = deviceHours(input, entry, count, book);
  if (!time) return null;
  const power = powerPerDevice(input, entry, book);
  const deviceEnergy = scale(mul(time.deviceHours, power.range), 1 / 1000);
  book.steps.push(`${time.label} × ${power.label} = ${formatEnergy(deviceEnergy.central)};`);
  const host = hostEnergy(input, time.deviceHours, count, book);
  const it = host ? add(deviceEnergy, host) : deviceEnergy;
  const pue = resolvePue(input, location, book);
  const energy = mul(it, pue);
  book.steps.push(`${pueStep(pue, energy)};`);
  return { method: time.method, energy, deviceHours: time.deviceHours, power: power.range, pue };
}

/** "3 days = 72 h;" before the steps that use the training time, when it was written in another unit. */
function noteTimeConversion(input: FootprintInput, book: Notebook): void {
  const written = input.training_time_as_written;
  const hours = input.training_time_hours;
  if (!written || hours == null || written.unit === "h") return;
  // A written form that does not give these hours belongs to another figure: showing it would be false.
  if (!sameHours(toHours(written.amount, written.unit), hours)) return;
  book.step(`${formatDurationAs(written.amount, written.unit)} = ${fmt(hours)} h;`);
}

/**
 * An input as a range: exact unless the input declares it rounded (`rounded`), then the interval its last
 * written digit leaves; a training time written in days is rounded in days ("3.1 days" = 73.2-75.6 h).
 */
function given(input: FootprintInput, field: RoundedField, min = 0): Range {
  const value = input[field] as number;
  if (!input.rounded?.includes(field)) return exact(value);
  const written = input.training_time_as_written;
  if (field === "training_time_hours" && written && sameHours(toHours(written.amount, written.unit), value)) {
    return scale(roundedToLastDigit(written.amount), value / written.amount);
  }
  return roundedToLastDigit(value, min);
}

const devices = (count: number) => `${fmt(count)} device${count === 1 ? "" : "s"}`;

function wallClockHours(input: FootprintInput, count: number | null): Range | null {
  if (input.training_time_hours != null) return given(input, "training_time_hours");
  if (input.gpu_hours != null && count) return scale(given(input, "gpu_hours"), 1 / count);
  return null;
}

interface DeviceHours {
  deviceHours: Range;
  method: EstimateMethod;
  label: string;
}

function deviceHours(
  input: FootprintInput,
  entry: HardwareEntry | null,
  count: number | null,
  book: Notebook,
): DeviceHours | null {
  if (input.gpu_hours != null) {
    const hours = input.training_time_hours;
    const product =
      input.gpu_hours_from === "count_x_hours" &&
      count &&
      hours != null &&
      sameHours(count * hours, input.gpu_hours);
    if (product) noteTimeConversion(input, book);
    return {
      deviceHours: given(input, "gpu_hours"),
      method: "device_hours",
      label: product
        ? `${devices(count)} × ${fmt(hours)} h = ${fmt(input.gpu_hours)} device-h`
        : `${fmt(input.gpu_hours)} device-h (stated)`,
    };
  }
  if (input.training_time_hours != null) {
    if (!count) {
      throw new InputError(
        "insufficient_input",
        "training time given without the number of devices (--count)",
      );
    }
    noteTimeConversion(input, book);
    const dh = scale(given(input, "training_time_hours"), count);
    return {
      deviceHours: dh,
      method: "device_hours",
      label: `${devices(count)} × ${fmt(input.training_time_hours)} h = ${fmt(dh.central)} device-h`,
    };
  }
  let flops: Range | null = null;
  let method: EstimateMethod = "flops";
  let flopsLabel = "";
  const c = estimationConstants();
  if (input.flops != null) {
    flops = given(input, "flops");
    flopsLabel = `${input.flops.toExponential(2)} FLOP`;
  } else if (input.params != null && input.tokens != null) {
    const k = c.flops_per_param_token;
    flops = scale(mul(given(input, "params"), given(input, "tokens")), k.value);
    method = "params_tokens";
    flopsLabel = `${k.value} × ${input.params.toExponential(2)} params × ${input.tokens.toExponential(2)} tokens = ${flops.central.toExponential(2)} FLOP`;
    book.cite(`FLOPs = ${k.value}·N·D: ${k.source}`);
    book.assume(`dense-transformer training compute ${k.value}·params·tokens`);
  }
  if (!flops) return null;
  if (!entry)
    throw new InputError(
      "insufficient_input",
      "the FLOPs path needs the hardware (--hardware) for its peak FLOP/s",
    );
  const peak = peakFlops(input, entry, book);
  const mfu = input.mfu != null ? given(input, "mfu") : fromTriple(c.mfu);
  if (input.mfu == null) {
    book.assume(`MFU ${c.mfu.central.value} (range ${c.mfu.low.value}-${c.mfu.high.value})`);
    book.cite(
      `MFU low: ${c.mfu.low.source}`,
      `MFU central: ${c.mfu.central.source}`,
      `MFU high: ${c.mfu.high.source}`,
    );
  } else {
    book.cite("MFU stated in the input");
  }
  // FLOP ÷ FLOP/s is seconds of one device.
  const dh = scale(div(flops, mul(exact(peak.value), mfu)), toHours(1, "s"));
  return {
    deviceHours: dh,
    method,
    label: `${flopsLabel} ÷ (${fmt(peak.value / 1e12)} TFLOP/s ${peak.precision} × MFU ${fmt(mfu.central)}) = ${fmt(dh.central)} device-h`,
  };
}

function peakFlops(
  input: FootprintInput,
  entry: HardwareEntry,
  book: Notebook,
): { value: number; precision: Precision } {
  const order = input.precision ? [input.precision] : PEAK_PRECEDENCE;
  for (const precision of order) {
    const value = entry.peak_flops[precision];
    if (value) {
      book.cite(`${entry.name} peak ${precision}: ${entry.sources[`peak_flops.${precision}`] ?? "catalog"}`);
      if (!input.precision) book.assume(`peak FLOP/s at ${precision} (precision not stated)`);
      return { value, precision };
    }
  }
  throw new InputError(
    "insufficient_input",
    `no peak FLOP/s for ${entry.name}${input.precision ? ` at ${input.precision}` : ""} in the catalog`,
  );
}

function powerPerDevice(
  input: FootprintInput,
  entry: HardwareEntry | null,
  book: Notebook,
): { range: Range; label: string } {
  if (input.power_w != null) {
    book.cite("average power per device stated in the input");
    return { range: given(input, "power_w"), label: `${fmt(input.power_w)} W (stated average per device)` };
  }
  if (!entry)
    throw new InputError(
      "insufficient_input",
      "need the hardware (--hardware) or the power per device (--power-w)",
    );
  if (!entry.tdp_w) {
    throw new InputError(
      "insufficient_input",
      `no TDP for ${entry.name} in the catalog; give the power per device (--power-w)`,
    );
  }
  book.cite(`${entry.name} TDP ${entry.tdp_w} W: ${entry.sources.tdp_w ?? "catalog"}`);
  const c = estimationConstants();
  if (input.utilisation != null) {
    book.cite("utilisation stated in the input");
    const range = scale(given(input, "utilisation"), entry.tdp_w);
    return { range, label: `${entry.tdp_w} W TDP × ${fmt(input.utilisation)} (stated utilisation)` };
  }
  const u = fromTriple(c.utilisation);
  book.assume(`average draw ${u.central} × TDP (range ${u.low}-${u.high}); no measured power`);
  book.cite(
    `utilisation low: ${c.utilisation.low.source}`,
    `utilisation central: ${c.utilisation.central.source}`,
    `utilisation high: ${c.utilisation.high.source}`,
  );
  return {
    range: scale(u, entry.tdp_w),
    label: `${entry.tdp_w} W TDP × ${u.central} utilisation (${u.low}-${u.high})`,
  };
}

/** CPU and memory of the host, only when the input gives cores or memory; needs wall-clock hours. */
function hostEnergy(input: FootprintInput, dh: Range, count: number | null, book: Notebook): Range | null {
  if (input.cpu_cores == null && input.memory_gb == null) return null;
  const hours =
    input.training_time_hours != null
      ? given(input, "training_time_hours")
      : count
        ? scale(dh, 1 / count)
        : null;
  if (!hours) {
    book.assume("host CPU/memory not counted: wall-clock time unknown");
    return null;
  }
  if (input.training_time_hours != null) noteTimeConversion(input, book);
  const c = estimationConstants();
  let watts = exact(0);
  if (input.cpu_cores != null) {
    const perCore = cpuPowerPerCoreW(input.cpu_model ?? undefined);
    book.cite(`CPU power per core: ${perCore.source}`);
    if (perCore.assumed) book.assume(`CPU at ${perCore.watts} W per core (model unknown)`);
    watts = add(watts, scale(fromTriple(c.utilisation), perCore.watts * input.cpu_cores));
  }
  if (input.memory_gb != null) {
    book.cite(`memory power: ${c.memory_w_per_gb.source}`);
    watts = add(watts, exact(input.memory_gb * c.memory_w_per_gb.value));
  }
  const energy = scale(mul(hours, watts), 1 / 1000);
  book.steps.push(
    `+ host ${fmt(watts.central)} W × ${fmt(hours.central)} h = ${formatEnergy(energy.central)};`,
  );
  return energy;
}

function resolvePue(input: FootprintInput, location: ResolvedLocation, book: Notebook): Range {
  if (input.pue != null) {
    book.cite("PUE stated in the input");
    return given(input, "pue", 1);
  }
  const pue = pueFor({
    region: location.region,
    centre: location.centre,
    provider: location.provider?.id ?? null,
    personal: input.personal_machine ?? false,
  });
  book.cite(...pue.sources.map((s) => `PUE: ${s}`));
  const where = pue.level === "unknown" ? "data centre unknown or on-premise" : pue.level;
  book.assume(`PUE ${pue.central} (${where}${pue.low !== pue.high ? `; range ${pue.low}-${pue.high}` : ""})`);
  return { low: pue.low, central: pue.central, high: pue.high };
}

function pueStep(pue: Range, energy: Range): string {
  return `× PUE ${fmt(pue.central)}${isPoint(pue) ? "" : ` (${fmt(pue.low)}-${fmt(pue.high)})`} = ${formatEnergy(energy.central)}`;
}

interface ResolvedIntensity {
  range: Range;
  year: number | null;
  zone: string;
  label: string;
}

function resolveCarbonIntensity(
  input: FootprintInput,
  location: ResolvedLocation,
  book: Notebook,
): ResolvedIntensity {
  if (input.carbon_intensity != null) {
    book.cite("carbon intensity stated in the input");
    return {
      range: given(input, "carbon_intensity"),
      year: input.year ?? null,
      zone: location.zone ?? "stated",
      label: "stated",
    };
  }
  const ci = carbonIntensity({
    region: location.region,
    zone: location.zone,
    country: location.country,
    year: input.year ?? null,
    placeKnown: location.centre !== null || location.region !== null,
  });
  book.cite(...ci.sources.map((s) => `carbon intensity: ${s}`));
  for (const n of ci.notes) book.assume(n);
  if (ci.level === "world")
    book.assume(
      `location unknown: world average ${ci.central} gCO2e/kWh (range ${fmt(ci.low)}-${fmt(ci.high)})`,
    );
  return {
    range: { low: ci.low, central: ci.central, high: ci.high },
    year: ci.year,
    zone: ci.zone,
    label: `${ci.level === "world" ? "world average" : location.description}, ${ci.year}`,
  };
}

const fmt = (v: number) => formatNumber(roundSignificant(v, 6));
