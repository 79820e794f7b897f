/**
 * Disclosure rates with their uncertainty. A survey compares venues and years on a few dozen to a few thousand
 * papers, often with rates near 0 or 1, where the textbook normal interval leaves [0, 1] or collapses to a point;
 * Wilson's score interval stays inside [0, 1] and keeps its coverage on small samples (Brown, Cai & DasGupta
 * 2001, "Interval Estimation for a Binomial Proportion").
 */
import type { Rate } from "./types.js";

/** The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * The share of `total` papers that disclose, with its Wilson 95 % interval, rounded to 4 decimals. No paper
 * at all tells nothing: rate 0 with the whole [0, 1] as its interval.
 *
 * @example
 *   wilsonRate(5, 10); // { disclosed: 5, total: 10, rate: 0.5, low: 0.2366, high: 0.7634 }
 */
export function wilsonRate(disclosed: number, total: number): Rate {
  if (!Number.isInteger(disclosed) || !Number.isInteger(total) || disclosed < 0 || disclosed > total)
    throw new RangeError(`a rate needs 0 <= disclosed <= total, integers; got ${disclosed}/${total}`);
  if (total === 0) return { disclosed, total, rate: 0, low: 0, high: 1 };
  const p = disclosed / total;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return {
    disclosed,
    total,
    rate: round4(p),
    low: round4(Math.max(0, centre - half)),
    high: round4(Math.min(1, centre + half)),
  };
}
