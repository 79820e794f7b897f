/**
 * Reading numbers as papers write them: "1,024", "1.2k", "3.14e23", "3.14 × 10^23", "10^21", "eight",
 * "a single", "two dozen". Regular-expression sources are exported so extractors compose them.
 */

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1000,
  dozen: 12,
  single: 1,
};

/** Number words, longest first so "sixteen" wins over "six". */
export const NUMBER_WORD = Object.keys(SMALL_NUMBERS)
  .sort((a, b) => b.length - a.length)
  .join("|");

/** A plain decimal: 8, 1,024, 0.5, 10 000 is handled by the cleaner before this point. */
export const DECIMAL = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;

/** A decimal with an optional power of ten: 3.14e23, 3.14 × 10^23, 10^21. */
export const SCIENTIFIC = String.raw`(?:${DECIMAL}(?:\s*(?:[eE][+-]?\d+|[×x*·]\s*10\s*\^\s*\{?[+-]?\d+\}?))?|10\s*\^\s*\{?[+-]?\d+\}?)`;

/** Any number a count can be written as: digits, or a word ("eight", "twenty-four"). */
export const COUNT = String.raw`(?:${DECIMAL}|(?:${NUMBER_WORD})(?:[- ](?:${NUMBER_WORD}))?)`;

const SCALE_WORDS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
  t: 1e12,
  trillion: 1e12,
  trillions: 1e12,
};

/** Parses one number as written; returns null for anything else. */
export function parseNumber(written: string): number | null {
  const text = written.trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return null;
  const power = /^10\s*\^\s*\{?([+-]?\d+)\}?$/.exec(text);
  if (power) return 10 ** Number(power[1]);
  const times = /^([\d.,]+)\s*[×x*·]\s*10\s*\^\s*\{?([+-]?\d+)\}?$/.exec(text);
  if (times) {
    const mantissa = parseNumber(times[1] as string);
    return mantissa === null ? null : mantissa * 10 ** Number(times[2]);
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ""));
  if (/^\d+(\.\d+)?(e[+-]?\d+)?$/.test(text)) return Number(text);
  const words = text
    .replace(/^(a|an)\s+/, "")
    .split(/[- ]+/)
    .filter((w) => w !== "and");
  // "two thousand five hundred" = 2500, "two dozen" = 24: multipliers scale what came before them.
  let total = 0;
  let current = 0;
  for (const word of words) {
    const value = SMALL_NUMBERS[word];
    if (value === undefined) return null;
    if (value === 1000) {
      total += (current || 1) * 1000;
      current = 0;
    } else if (value === 100 || value === 12) {
      current = (current || 1) * value;
    } else {
      current += value;
    }
  }
  return total + current;
}

/** The multiplier of a scale word or suffix (k, M, B, T, thousand, million, billion, trillion); 1 when none. */
export function scaleOf(suffix: string | undefined): number {
  if (!suffix) return 1;
  return SCALE_WORDS[suffix.trim().toLowerCase()] ?? 1;
}

/** Regular-expression source of a scale suffix, as in "1.3B", "110M", "1.2k", "1.3 billion". */
export const SCALE = String.raw`(?:\s*(?:thousand|millions?|billions?|trillions?|bn|mn)\b|[kKMBT](?![A-Za-z]))`;

const HOURS_PER_UNIT: Array<[RegExp, number]> = [
  [/^(s|secs?|seconds?)$/i, 1 / 3600],
  [/^(m|mins?|minutes?)$/i, 1 / 60],
  [/^(h|hrs?|hours?)$/i, 1],
  [/^(d|days?)$/i, 24],
  [/^(w|wks?|weeks?)$/i, 24 * 7],
  [/^(months?)$/i, 730],
  [/^(years?|yrs?)$/i, 8760],
];

/** Hours in one of a duration unit, or null. */
export function hoursPerUnit(unit: string): number | null {
  for (const [pattern, hours] of HOURS_PER_UNIT) if (pattern.test(unit.trim())) return hours;
  return null;
}
