/**
 * Energy (kWh), emissions (kgCO2e), PUE and grid carbon intensity as papers state them. Prices ("0.20 €/kWh")
 * and rates ("gCO2/kWh" is an intensity, not an amount) are told apart from amounts.
 */
import type { FactTag } from "../../../domain/tags.js";
import {
  kgFrom,
  kwhFrom,
  parseEnergyUnit,
  parseMassUnit,
  toGramsPerKwh,
  type EnergyUnit,
  type MassUnit,
} from "../../../domain/units.js";
import { DECIMAL, DECIMAL_POINT, SCIENTIFIC, parseNumber } from "../quantities.js";
import { candidate, matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

const ENERGY_PATTERN = new RegExp(
  String.raw`(?<![/\w.])(${SCIENTIFIC})\s*(kWh|MWh|GWh|Wh|TWh|kilowatt[- ]hours?|megawatt[- ]hours?|watt[- ]hours?)\b(?!\s*(?:\/|per\b))`,
  "gi",
);
const CO2 = String.raw`(?:CO\s?_?\s?2|CO₂)\s*[-_]?\s*(?:e(?:q(?:uivalents?)?)?|equivalents?)?`;
const EMISSIONS_PATTERN = new RegExp(
  String.raw`(?<![/\w.])(${SCIENTIFIC})\s*(Mt|kt|t|tonnes?|tons?|metric tons?|metric tonnes?|kg|kilograms?|g|grams?|mg|lbs?|pounds?)\s*(?:of\s+)?(?:${CO2}|carbon(?:\s+dioxide)?(?:\s+equivalents?)?|GHG|greenhouse gas(?:es)?)(?![A-Za-z₂])(?:\s+emissions?)?(?!\s*(?:\/|per\b))`,
  "gi",
);
const INTENSITY_PATTERN = new RegExp(
  String.raw`(${DECIMAL})\s*(g|kg|t)\s*(?:${CO2})?\s*(?:\/|per)\s*(kWh|MWh)`,
  "gi",
);
const PUE_PATTERN = new RegExp(String.raw`\bPUE\b[^.\d]{0,30}?(1(?:\.\d+)?|2(?:\.\d+)?)\b`, "gi");
const PER_THING =
  /^\s*(?:per|\/|each|for each|for every|for one|for a single)\s*(?:image|sample|example|token|query|prompt|inference|prediction|request|hour|day|epoch|step|iteration|run|model|user|second|generation)/i;
/** Definitions and analogies ("1 Wh equals 3,600 J", "equivalent to 20 Wh") are not measurements. */
const DEFINITION_AFTER = /^\s*(?:equals?|is equal|is defined|corresponds? to|=|is the energy)/i;
const ANALOGY_BEFORE =
  /\b(?:equivalent to|equals|comparable to|as much as|the same as|roughly what)\s*(?:approximately\s+|about\s+|roughly\s+)?$/i;
const TOTAL =
  /\b(?:total|overall|cumulative(?:ly)?|in total|altogether|in sum|entire (?:study|project|thesis|work)|all (?:experiments|runs|models|trainings)|(?:this|the) (?:study|project|thesis|paper|work) (?:consumed|emitted|used|required))\b/i;
/** A difference between two footprints ("a gap of 208 g", "saves 2 kWh") is not a footprint; a decimal before it
 * ("saves 12.5 %, or 3 kWh") does not end the clause. */
const DIFFERENCE_BEFORE = new RegExp(
  String.raw`\b(?:gap|difference|saving|savings|saves?|saved|reduction|reduces?|reduced|increase[sd]?|additional|extra|overhead|less|more|lower|higher|fewer)\b(?:[^.;]|${DECIMAL_POINT}){0,70}$`,
  "i",
);
const MEASURED_VERB =
  /\b(?:consumed|consumption|emitted|used|required|measured|logged|tracked|recorded|amounts? to|totall?ing|footprint)\b/i;
const PRICE_BEFORE = new RegExp(
  String.raw`[$€£]\s*$|\b(?:USD|EUR|cost|price|costs)\b(?:[^.]|${DECIMAL_POINT}){0,15}$`,
  "i",
);

function amountConfidence(text: string, index: number): number {
  let confidence = 0.75;
  if (MEASURED_VERB.test(text)) confidence += 0.05;
  if (DIFFERENCE_BEFORE.test(text.slice(Math.max(0, index - 90), index))) confidence -= 0.25;
  return confidence;
}

function totalTag(text: string): FactTag[] {
  return TOTAL.test(text) ? ["total"] : [];
}

/** Amounts of energy and emissions: the pattern, the conversion of its written unit, and whether a price can
 * stand before it ("$0.20 kWh" is a price, a mass never is). */
const AMOUNTS: Array<{
  pattern: RegExp;
  field: "energy_kwh" | "co2e_kg";
  inCanonicalUnit: (value: number, writtenUnit: string) => number | null;
  price: boolean;
}> = [
  { pattern: ENERGY_PATTERN, field: "energy_kwh", inCanonicalUnit: kwhFrom, price: true },
  { pattern: EMISSIONS_PATTERN, field: "co2e_kg", inCanonicalUnit: kgFrom, price: false },
];

/**
 * Whether a matched energy or mass is an amount used, not a rate ("per image"), a definition ("1 Wh equals"),
 * an analogy ("equivalent to 20 Wh") or, for energy, a price ("$0.20 kWh").
 */
function isAmount(text: string, match: RegExpExecArray, { price }: { price: boolean }): boolean {
  const end = match.index + match[0].length;
  const following = text.slice(end, end + 25);
  const before = (chars: number) => text.slice(Math.max(0, match.index - chars), match.index);
  if (PER_THING.test(following) || DEFINITION_AFTER.test(following)) return false;
  if (price && PRICE_BEFORE.test(before(20))) return false;
  return !ANALOGY_BEFORE.test(before(40));
}

function energyCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  for (const { pattern, field, inCanonicalUnit, price } of AMOUNTS) {
    for (const match of matchesOf(pattern, text)) {
      const value = parseNumber(match[1] as string);
      const amount = value === null ? null : inCanonicalUnit(value, match[2] as string);
      if (amount === null || !isAmount(text, match, { price })) continue;
      out.push(
        candidate(field, amount, match, amountConfidence(text, match.index), { tags: totalTag(text) }),
      );
    }
  }
  for (const match of matchesOf(INTENSITY_PATTERN, text)) {
    const value = parseNumber(match[1] as string);
    if (value === null) continue;
    // The pattern admits only g, kg or t per kWh or MWh, each a unit of the table.
    const mass = parseMassUnit(match[2] as string) as MassUnit;
    const energy = parseEnergyUnit(match[3] as string) as EnergyUnit;
    out.push(candidate("carbon_intensity", toGramsPerKwh(value, mass, energy), match, 0.7));
  }
  for (const match of matchesOf(PUE_PATTERN, text)) {
    const value = Number(match[1]);
    if (value >= 1 && value <= 3) out.push(candidate("pue", value, match, 0.75));
  }
  return out;
}

export const energyExtractor: Extractor = {
  name: "energy",
  fields: ["energy_kwh", "co2e_kg", "carbon_intensity", "pue"],
  trigger: /wh\b|watt|co\s?_?\s?2|co₂|carbon|ghg|greenhouse|pue\b|emission/i,
  extract: energyCandidates,
};
