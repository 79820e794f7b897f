/**
 * The one unit table: durations, energy, mass, power and amounts of compute, with every spelling the readers
 * meet. Canonical units follow src/domain/facts.ts: hours, kWh, kgCO2e, W, FLOP. The paper reader, the code
 * reader and the estimator all convert here, so "3 months" is the same number of hours wherever it was read.
 */
import { formatNumber, parseRange, roundSignificant } from "./numbers.js";

export type DurationUnit = "s" | "min" | "h" | "day" | "week" | "month" | "year";
export type MassUnit = "mg" | "g" | "kg" | "t" | "kt" | "Mt" | "lbs";
export type EnergyUnit = "Wh" | "kWh" | "MWh" | "GWh" | "TWh";
export type PowerUnit = "W" | "kW" | "MW";
/** Amounts of computation (not rates); a petaFLOP/s-day is 10^15 FLOP/s sustained for a day. */
export type FlopUnit = "FLOP" | "GFLOP" | "TFLOP" | "PFLOP" | "EFLOP" | "ZFLOP" | "PF-day";

export const SECONDS_PER_HOUR = 3600;
/**
 * The mean Gregorian year, 365.2425 days (97 leap days every 400 years), and a month as a twelfth of it:
 * 730.485 h. A paper's "3 months" or "a year" names no particular calendar months, so the mean is the unbiased
 * reading; a 365-day year (8,760 h, 730 h a month) would undercount every such figure by 0.066 %.
 */
export const HOURS_PER_YEAR = 365.2425 * 24;
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;
/** Exact: the international avoirdupois pound. */
export const KG_PER_LB = 0.45359237;

const HOURS_PER: Record<DurationUnit, number> = {
  s: 1 / SECONDS_PER_HOUR,
  min: 1 / 60,
  h: 1,
  day: 24,
  week: 24 * 7,
  month: HOURS_PER_MONTH,
  year: HOURS_PER_YEAR,
};
const KG_PER: Record<MassUnit, number> = {
  mg: 1e-6,
  g: 1e-3,
  kg: 1,
  t: 1e3,
  kt: 1e6,
  Mt: 1e9,
  lbs: KG_PER_LB,
};
const KWH_PER: Record<EnergyUnit, number> = { Wh: 1e-3, kWh: 1, MWh: 1e3, GWh: 1e6, TWh: 1e9 };
const W_PER: Record<PowerUnit, number> = { W: 1, kW: 1e3, MW: 1e6 };
const FLOP_PER: Record<FlopUnit, number> = {
  FLOP: 1,
  GFLOP: 1e9,
  TFLOP: 1e12,
  PFLOP: 1e15,
  EFLOP: 1e18,
  ZFLOP: 1e21,
  "PF-day": 1e15 * HOURS_PER.day * SECONDS_PER_HOUR,
};

export const toHours = (value: number, unit: DurationUnit) => value * HOURS_PER[unit];
export const fromHours = (hours: number, unit: DurationUnit) => hours / HOURS_PER[unit];
export const toKg = (value: number, unit: MassUnit) => value * KG_PER[unit];
export const fromKg = (kg: number, unit: MassUnit) => kg / KG_PER[unit];
export const toKwh = (value: number, unit: EnergyUnit) => value * KWH_PER[unit];
export const fromKwh = (kwh: number, unit: EnergyUnit) => kwh / KWH_PER[unit];
export const toWatts = (value: number, unit: PowerUnit) => value * W_PER[unit];
export const toFlop = (value: number, unit: FlopUnit) => value * FLOP_PER[unit];

/** Energy drawn at constant power: watts × hours → kWh. */
export const wattHoursToKwh = (watts: number, hours: number) => (watts * hours) / 1000;
/** Emissions of an energy use: kWh × gCO2e/kWh → kgCO2e. */
export const emissionsKg = (kwh: number, gramsPerKwh: number) => (kwh * gramsPerKwh) / 1000;
/** A carbon intensity in any mass per any energy ("0.4 kg/kWh", "954 lbs/MWh") → gCO2e/kWh. */
export const toGramsPerKwh = (value: number, mass: MassUnit, energy: EnergyUnit) =>
  value * (KG_PER[mass] * 1000) * (1 / KWH_PER[energy]);

// Spellings, keyed as `unitKey` folds them: lower case, no spaces, dots, dashes or underscores, "₂" as "2".
const DURATION_ALIASES: Record<string, DurationUnit> = {
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  min: "min",
  mins: "min",
  minute: "min",
  minutes: "min",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "day",
  day: "day",
  days: "day",
  w: "week",
  wk: "week",
  wks: "week",
  week: "week",
  weeks: "week",
  month: "month",
  months: "month",
  y: "year",
  yr: "year",
  yrs: "year",
  year: "year",
  years: "year",
};

const MASS_ALIASES: Record<string, MassUnit> = {
  mg: "mg",
  milligram: "mg",
  milligrams: "mg",
  g: "g",
  gr: "g",
  gram: "g",
  grams: "g",
  gco2: "g",
  gco2e: "g",
  gco2eq: "g",
  kg: "kg",
  kgs: "kg",
  kilo: "kg",
  kilos: "kg",
  kilogram: "kg",
  kilograms: "kg",
  kgco2: "kg",
  kgco2e: "kg",
  kgco2eq: "kg",
  t: "t",
  ton: "t",
  tons: "t",
  tonne: "t",
  tonnes: "t",
  metricton: "t",
  metrictons: "t",
  metrictonne: "t",
  metrictonnes: "t",
  tco2: "t",
  tco2e: "t",
  tco2eq: "t",
  kt: "kt",
  kilotonne: "kt",
  kilotonnes: "kt",
  // "Mt" is a megatonne: emissions are never written in metric tons abbreviated "mt".
  mt: "Mt",
  megatonne: "Mt",
  megatonnes: "Mt",
  lb: "lbs",
  lbs: "lbs",
  pound: "lbs",
  pounds: "lbs",
  lbsco2: "lbs",
  lbsco2e: "lbs",
  lbco2e: "lbs",
};

const ENERGY_ALIASES: Record<string, EnergyUnit> = {
  wh: "Wh",
  kwh: "kWh",
  mwh: "MWh",
  gwh: "GWh",
  twh: "TWh",
  watthour: "Wh",
  watthours: "Wh",
  kilowatthour: "kWh",
  kilowatthours: "kWh",
  megawatthour: "MWh",
  megawatthours: "MWh",
  gigawatthour: "GWh",
  gigawatthours: "GWh",
  terawatthour: "TWh",
  terawatthours: "TWh",
};

/** FLOP amounts are spelt too many ways for a table ("PF-days", "petaflop/s-days", "ZFLOPs"); first match wins. */
const FLOP_SPELLINGS: Array<[RegExp, FlopUnit]> = [
  [/^p(?:eta)?f(?:lop)?(?:\/s)?[- ]?s?[- ]?days?$|^pfs?[- ]days?$|^petaflop(?:\/s)?[- ]days?$/i, "PF-day"],
  [/^z(?:etta)?flops?$/i, "ZFLOP"],
  [/^e(?:xa)?flops?$/i, "EFLOP"],
  [/^p(?:eta)?flops?$/i, "PFLOP"],
  [/^t(?:era)?flops?$/i, "TFLOP"],
  [/^g(?:iga)?flops?$/i, "GFLOP"],
  [/^(?:flops?|floating[- ]point operations)$/i, "FLOP"],
];

const unitKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/₂/g, "2")
    .replace(/[\s.\-_]/g, "");

/** "hrs", "days", "wk" → canonical duration unit, or null. */
export function parseDurationUnit(text: string): DurationUnit | null {
  return DURATION_ALIASES[unitKey(text)] ?? null;
}

/** "tCO2e", "tonnes", "lbs", "kg CO2eq", "Mt" → canonical mass unit, or null. */
export function parseMassUnit(text: string): MassUnit | null {
  return MASS_ALIASES[unitKey(text)] ?? null;
}

/** "MWh", "kilowatt-hours" → canonical energy unit, or null. */
export function parseEnergyUnit(text: string): EnergyUnit | null {
  return ENERGY_ALIASES[unitKey(text)] ?? null;
}

/** "PF-days", "petaflop/s-days", "ZFLOPs", "floating point operations" → canonical FLOP unit, or null. */
export function parseFlopUnit(text: string): FlopUnit | null {
  const t = text.trim();
  return FLOP_SPELLINGS.find(([pattern]) => pattern.test(t))?.[1] ?? null;
}

/** A value in an energy unit as written ("MWh", "kilowatt-hours") → kWh; null when the unit is not one. */
export function kwhFrom(value: number, writtenUnit: string): number | null {
  const unit = parseEnergyUnit(writtenUnit);
  return unit === null ? null : toKwh(value, unit);
}

/** A value in a mass unit as written ("tCO2e", "lbs") → kg; null when the unit is not one. */
export function kgFrom(value: number, writtenUnit: string): number | null {
  const unit = parseMassUnit(writtenUnit);
  return unit === null ? null : toKg(value, unit);
}

/** Hours in one of a duration unit as written ("days", "hrs"), or null for a unit that is not a duration. */
export function hoursPerUnit(text: string): number | null {
  const unit = parseDurationUnit(text);
  return unit === null ? null : HOURS_PER[unit];
}

/**
 * Whether two figures in hours are the same figure: the readers keep hours to three decimals (3.6 s), so
 * "8 devices × 0.3333 h" and a stated 2.666 device-h may differ in the last kept digit.
 */
export function sameHours(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-3 + 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/** A duration as its source wrote it: 3 days, 1.5 h. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** A duration read from text, with its hours (a range's middle) and the range in hours. */
export interface WrittenDuration extends Duration {
  hours: number;
  lowHours: number;
  highHours: number;
}

const HEDGE = /^(?:~|≈|∼|about|around|approx\.?|approximately|roughly|nearly|almost)\s*/i;

/**
 * A duration as written: "3 days", "about 36h", "3-day", "15-18 hours", "one and a half days", "2 days and
 * 6 hours". The amount is given in the first unit written (2.25 days for the last one; the middle of a range).
 * Null when the text is anything else ("3 days on 8 GPUs", "--time=2-00:00:00").
 */
export function parseDuration(text: string): WrittenDuration | null {
  const parts = text
    .trim()
    .replace(HEDGE, "")
    .split(/\s*(?:,|\band\b)\s*(?=\d)/i);
  let low = 0;
  let high = 0;
  let first: DurationUnit | null = null;
  for (const [index, part] of parts.entries()) {
    const written = /^(.+?)\s*-?\s*([a-z]+)$/i.exec(part);
    if (!written) return null;
    const unit = parseDurationUnit(written[2] as string);
    const amount = parseRange(written[1] as string, { scale: false });
    // Only the first part may be a range: "2-3 days and 6 hours", never "2 days and 5-6 hours".
    if (unit === null || amount === null || (index > 0 && amount.low !== amount.high)) return null;
    low += toHours(amount.low, unit);
    high += toHours(amount.high, unit);
    first ??= unit;
  }
  if (first === null) return null;
  const hours = (low + high) / 2;
  return { amount: fromHours(hours, first), unit: first, hours, lowHours: low, highHours: high };
}

const DURATION_NAMES: Record<DurationUnit, [one: string, many: string]> = {
  s: ["s", "s"],
  min: ["min", "min"],
  h: ["h", "h"],
  day: ["day", "days"],
  week: ["week", "weeks"],
  month: ["month", "months"],
  year: ["year", "years"],
};

/** "3 days", "1 day", "1.5 h": an amount in a duration unit, for derivations. */
export function formatDurationAs(amount: number, unit: DurationUnit, digits = 6): string {
  const [one, many] = DURATION_NAMES[unit];
  const shown = roundSignificant(amount, digits);
  return `${formatNumber(shown)} ${shown === 1 ? one : many}`;
}

/** Readable duration: hours below 72 h, then days, then years. */
export function formatDuration(hours: number, digits = 3): string {
  if (hours < 72) return formatDurationAs(hours, "h", digits);
  if (hours < 2 * HOURS_PER_YEAR) return formatDurationAs(fromHours(hours, "day"), "day", digits);
  return formatDurationAs(fromHours(hours, "year"), "year", digits);
}

/** Readable energy: picks Wh, kWh, MWh or GWh so the number stays between 1 and 1000. */
export function formatEnergy(kwh: number, digits = 3): string {
  const unit: EnergyUnit = kwh >= 1e6 ? "GWh" : kwh >= 1e3 ? "MWh" : kwh >= 1 ? "kWh" : "Wh";
  return `${formatNumber(roundSignificant(fromKwh(kwh, unit), digits))} ${unit}`;
}

/** Readable mass of CO2e: g, kg or t. */
export function formatMass(kg: number, digits = 3): string {
  const unit: MassUnit = kg >= 1e3 ? "t" : kg >= 1 ? "kg" : "g";
  return `${formatNumber(roundSignificant(fromKg(kg, unit), digits))} ${unit}CO2e`;
}
