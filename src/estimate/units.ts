/**
 * Unit conversions for the quantities the pipeline reads and reports: mass of CO2e, energy, power and time.
 * Canonical units follow src/domain/facts.ts: kg (CO2e), kWh, W, hours.
 */

export type MassUnit = "g" | "kg" | "t" | "lbs";
export type EnergyUnit = "Wh" | "kWh" | "MWh" | "GWh";
export type PowerUnit = "W" | "kW" | "MW";
export type DurationUnit = "s" | "min" | "h" | "days" | "weeks" | "months" | "years";

/** Exact: the international avoirdupois pound. */
export const KG_PER_LB = 0.45359237;
/** Mean Gregorian month and year, for "3 months of training". */
export const HOURS_PER_YEAR = 365.2425 * 24;

const KG_PER: Record<MassUnit, number> = { g: 1e-3, kg: 1, t: 1e3, lbs: KG_PER_LB };
const KWH_PER: Record<EnergyUnit, number> = { Wh: 1e-3, kWh: 1, MWh: 1e3, GWh: 1e6 };
const W_PER: Record<PowerUnit, number> = { W: 1, kW: 1e3, MW: 1e6 };
const HOURS_PER: Record<DurationUnit, number> = {
  s: 1 / 3600,
  min: 1 / 60,
  h: 1,
  days: 24,
  weeks: 24 * 7,
  months: HOURS_PER_YEAR / 12,
  years: HOURS_PER_YEAR,
};

export const toKg = (value: number, unit: MassUnit) => value * KG_PER[unit];
export const fromKg = (kg: number, unit: MassUnit) => kg / KG_PER[unit];
export const toKwh = (value: number, unit: EnergyUnit) => value * KWH_PER[unit];
export const fromKwh = (kwh: number, unit: EnergyUnit) => kwh / KWH_PER[unit];
export const toWatts = (value: number, unit: PowerUnit) => value * W_PER[unit];
export const toHours = (value: number, unit: DurationUnit) => value * HOURS_PER[unit];
export const fromHours = (hours: number, unit: DurationUnit) => hours / HOURS_PER[unit];

/** Energy drawn at constant power: watts × hours → kWh. */
export const wattHoursToKwh = (watts: number, hours: number) => (watts * hours) / 1000;
/** Emissions of an energy use: kWh × gCO2e/kWh → kgCO2e. */
export const emissionsKg = (kwh: number, gramsPerKwh: number) => (kwh * gramsPerKwh) / 1000;
/** eGRID-style intensity in lbs/MWh → gCO2e/kWh. */
export const lbsPerMwhToGramsPerKwh = (lbsPerMwh: number) => lbsPerMwh * KG_PER_LB;

const MASS_ALIASES: Record<string, MassUnit> = {
  g: "g",
  gram: "g",
  grams: "g",
  gco2: "g",
  gco2e: "g",
  gco2eq: "g",
  kg: "kg",
  kgs: "kg",
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
  tco2: "t",
  tco2e: "t",
  tco2eq: "t",
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
  watthour: "Wh",
  watthours: "Wh",
  kilowatthour: "kWh",
  kilowatthours: "kWh",
  megawatthour: "MWh",
  megawatthours: "MWh",
  gigawatthour: "GWh",
  gigawatthours: "GWh",
};

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
  d: "days",
  day: "days",
  days: "days",
  w: "weeks",
  wk: "weeks",
  wks: "weeks",
  week: "weeks",
  weeks: "weeks",
  month: "months",
  months: "months",
  y: "years",
  yr: "years",
  yrs: "years",
  year: "years",
  years: "years",
};

const unitKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/₂/g, "2")
    .replace(/[\s.\-_]/g, "");

/** "tCO2e", "tonnes", "lbs", "kg CO2eq" → canonical mass unit, or null. */
export function parseMassUnit(text: string): MassUnit | null {
  return MASS_ALIASES[unitKey(text)] ?? null;
}

/** "MWh", "kilowatt-hours" → canonical energy unit, or null. */
export function parseEnergyUnit(text: string): EnergyUnit | null {
  return ENERGY_ALIASES[unitKey(text)] ?? null;
}

/** "hrs", "days", "wk" → canonical duration unit, or null. */
export function parseDurationUnit(text: string): DurationUnit | null {
  return DURATION_ALIASES[unitKey(text)] ?? null;
}

/** A number as people write it: "1,287", "1.2k", "3.5e22", "1 082 990". Null when it is not one number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)/g, "");
  const m = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kmbt]|thousand|million|billion|trillion)?$/i.exec(t);
  if (!m) return null;
  const scale: Record<string, number> = {
    k: 1e3,
    thousand: 1e3,
    m: 1e6,
    million: 1e6,
    b: 1e9,
    billion: 1e9,
    t: 1e12,
    trillion: 1e12,
  };
  const value = Number(m[1]) * (m[2] ? scale[m[2].toLowerCase()]! : 1);
  return Number.isFinite(value) ? value : null;
}

/** Rounds to `digits` significant digits for display (never for computation). */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
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

/** Readable duration: hours below 72 h, then days, then years. */
export function formatDuration(hours: number, digits = 3): string {
  if (hours < 72) return `${formatNumber(roundSignificant(hours, digits))} h`;
  if (hours < 2 * HOURS_PER_YEAR)
    return `${formatNumber(roundSignificant(fromHours(hours, "days"), digits))} days`;
  return `${formatNumber(roundSignificant(fromHours(hours, "years"), digits))} years`;
}

/** Thousands separators, no exponent below 1e21. */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-3)) return value.toExponential(2);
  return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
}
