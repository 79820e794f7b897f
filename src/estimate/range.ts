/** Arithmetic on low/central/high triples of positive quantities. */
import type { Range } from "./types.js";
import type { SourcedTriple } from "./constants.js";

export const exact = (v: number): Range => ({ low: v, central: v, high: v });

export const fromTriple = (t: SourcedTriple): Range => ({
  low: t.low.value,
  central: t.central.value,
  high: t.high.value,
});

/**
 * A figure its source wrote rounded to its last digit, as the interval that rounding leaves: "310" W covers
 * 309.5–310.5, "1.12" covers 1.115–1.125, "3.1" days covers 3.05–3.15. Only for inputs declared rounded (a
 * publication's table); a figure typed on the command line is exact. `min` clamps the low end (PUE ≥ 1).
 */
export function roundedToLastDigit(v: number, min = 0): Range {
  const text = String(v);
  const [mantissa = text, exponent] = text.split("e");
  const decimals = mantissa.split(".")[1]?.length ?? 0;
  const half = 0.5 * 10 ** ((exponent ? Number(exponent) : 0) - decimals);
  return { low: Math.max(min, v - half), central: v, high: v + half };
}

/** Product of non-negative ranges: extremes multiply with extremes (a deliberately conservative bound). */
export function mul(...ranges: Range[]): Range {
  return ranges.reduce(
    (acc, r) => ({ low: acc.low * r.low, central: acc.central * r.central, high: acc.high * r.high }),
    exact(1),
  );
}

export function add(a: Range, b: Range): Range {
  return { low: a.low + b.low, central: a.central + b.central, high: a.high + b.high };
}

export const scale = (r: Range, k: number): Range => ({
  low: r.low * k,
  central: r.central * k,
  high: r.high * k,
});

/** a ÷ b for positive ranges: the low quotient divides by the high divisor. */
export function div(a: Range, b: Range): Range {
  return { low: a.low / b.high, central: a.central / b.central, high: a.high / b.low };
}

export const isPoint = (r: Range) => r.low === r.central && r.central === r.high;
