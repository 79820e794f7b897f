/**
 * The one reader of written numbers. Papers write "1,024", "3.14 × 10^23", "eight", "a dozen", "1.3B"; configs
 * and command lines write `100_000`, `2E5`; people type "1.2k" into the CLI. Every reader and the estimator
 * convert through here, so that "1,200" or "two dozen" means the same number wherever it was read. Finding a
 * number in prose (the regular expressions around it) stays with each reader; turning the found text into a
 * value does not.
 */

/**
 * How a number is written. Prose groups thousands with commas or (thin) spaces and may write a power of ten as
 * "× 10^23"; code groups digits with underscores, and a comma there separates values (`1,000` is a tuple).
 */
export type Notation = "prose" | "code";

/** What a caller accepts besides digits. */
export interface NumberSyntax {
  /** Default "prose". */
  notation?: Notation;
  /** Number words: "eight", "twenty-four", "a dozen", "one and a half". Default: true in prose, never in code. */
  words?: boolean;
  /** A scale suffix or word after the number: "1.2k", "7B", "3.5 million". Default true in prose, never in code. */
  scale?: boolean;
}

const POWER_OF_TEN = String.raw`10\s*\^\s*\{?([+-]?\d+)\}?`;
/** "3.14 × 10^23", "6x10^{21}": a mantissa times a power of ten. */
const TIMES_POWER = new RegExp(String.raw`^(.+?)\s*[×x*·]\s*${POWER_OF_TEN}$`, "i");
const BARE_POWER = new RegExp(`^${POWER_OF_TEN}$`);
/** One separator throughout: "1,082,990", "1 082 990" (space, no-break or thin space); groups of three. */
const GROUPED = /^[+-]?\d{1,3}([,\u00a0\u202f ])\d{3}(?:\1\d{3})*(?:\.\d+)?$/;
const PROSE_PLAIN = /^[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
/** Python/YAML/shell: `100_000`, `2E5`, `.5`, `+3`. */
const CODE_PLAIN = /^[+-]?(?:\d[\d_]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Digits as written, with no words and no scale: "1,287", "1 082 990", "3.5e22", "3.14 × 10^23", "10^21" in
 * prose; "100_000", "2E5" in code. Null when the text is not exactly one such number.
 */
export function parseNumeral(text: string, notation: Notation = "prose"): number | null {
  const t = text.trim();
  if (notation === "code") {
    if (!CODE_PLAIN.test(t) || !/\d/.test(t)) return null;
    return finite(Number(t.replace(/_/g, "")));
  }
  const bare = BARE_POWER.exec(t);
  if (bare) return finite(10 ** Number(bare[1]));
  const times = TIMES_POWER.exec(t);
  if (times) {
    const mantissa = parseNumeral(times[1] as string);
    return mantissa === null ? null : finite(mantissa * 10 ** Number(times[2]));
  }
  if (GROUPED.test(t)) return finite(Number(t.replace(/[,\u00a0\u202f ]/g, "")));
  return PROSE_PLAIN.test(t) ? finite(Number(t)) : null;
}

/** Words for numbers; "single" is one ("a single GPU"), "dozen" and "hundred" multiply what precedes them. */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
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
/** Words that multiply the count before them ("two dozen", "three hundred") instead of adding to it. */
const MULTIPLIERS = new Set(["hundred", "dozen"]);

/** The number words read by `parseNumberWords`, for readers that build patterns from them. */
export const NUMBER_WORD_LIST: readonly string[] = Object.keys(NUMBER_WORDS);

/**
 * A number written in words: "eight", "Sixteen", "twenty-four", "thirty two", "two thousand five hundred",
 * "a dozen", "two dozen", "a single", "one and a half". A lone article ("an hour", "a GPU") is one. Null for
 * anything else ("several", "many").
 */
export function parseNumberWords(text: string): number | null {
  let t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (t === "a" || t === "an") return 1;
  let half = 0;
  const andAHalf = /^(.+?) and a half$/.exec(t);
  if (andAHalf) {
    t = andAHalf[1] as string;
    half = 0.5;
  }
  const words = t
    .replace(/^(?:a|an) /, "")
    .split(/[- ]+/)
    .filter((w) => w !== "and");
  if (words.length === 0 || words[0] === "") return null;
  let total = 0;
  let current = 0;
  for (const word of words) {
    const value = NUMBER_WORDS[word];
    if (value === undefined) return null;
    if (word === "thousand") {
      total += (current || 1) * value;
      current = 0;
    } else if (MULTIPLIERS.has(word)) {
      current = (current || 1) * value;
    } else {
      current += value;
    }
  }
  return total + current + half;
}

const UNIT_WORDS = new Set(Object.keys(NUMBER_WORDS).filter((w) => NUMBER_WORDS[w]! < 20));
const TENS_WORDS = new Set(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]);

/**
 * True when number words are written as one number ("twenty-four", "two thousand five hundred", "a dozen"), not
 * a run of several ("one two three", "fifty-fifty"), which `parseNumberWords` would add up.
 */
export function isOneNumberInWords(text: string): boolean {
  const words = text
    .trim()
    .toLowerCase()
    .replace(/ and a half$/, "")
    .split(/[- ]+/)
    .filter((w) => w !== "a" && w !== "an");
  for (let i = 1; i < words.length; i++) {
    const [before, word] = [words[i - 1]!, words[i]!];
    const multiplies = MULTIPLIERS.has(word) || word === "thousand";
    const tensThenUnit = TENS_WORDS.has(before) && UNIT_WORDS.has(word) && NUMBER_WORDS[word]! < 10;
    const afterMultiplier = MULTIPLIERS.has(before) || before === "thousand";
    if (!multiplies && !tensThenUnit && !afterMultiplier) return false;
  }
  return true;
}

/** Scale suffixes and words: "1.2k", "110M", "1.3B", "2T", "1.3 billion", "5 bn". Lower-cased keys. */
const SCALES: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  thousands: 1e3,
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
const SCALE_SUFFIX = new RegExp(
  String.raw`^(.*?\S)\s*(${Object.keys(SCALES)
    .sort((a, b) => b.length - a.length)
    .join("|")})$`,
  "i",
);

/** The multiplier of a scale suffix or word (k, M, B, T, thousand, million, billion, trillion); 1 when none. */
export function scaleOf(suffix: string | undefined): number {
  if (!suffix) return 1;
  return SCALES[suffix.trim().toLowerCase()] ?? 1;
}

/**
 * One number as written, in the caller's syntax (see NumberSyntax): digits, words, and a scale after either
 * ("1.2k", "two million"). Null when the text is not one number.
 */
export function parseNumber(text: string, syntax: NumberSyntax = {}): number | null {
  const notation = syntax.notation ?? "prose";
  const words = notation === "prose" && (syntax.words ?? true);
  const scaled = notation === "prose" && (syntax.scale ?? true);
  const unscaled = (t: string) => parseNumeral(t, notation) ?? (words ? parseNumberWords(t) : null);
  const whole = unscaled(text);
  if (whole !== null || !scaled) return whole;
  const suffixed = SCALE_SUFFIX.exec(text.trim());
  if (!suffixed) return null;
  const base = unscaled(suffixed[1] as string);
  return base === null ? null : finite(base * scaleOf(suffixed[2]));
}

export interface NumberRange {
  low: number;
  high: number;
}

/**
 * A range as written, "15-18", "15–18", "15 to 18", "two to three": low and high, low ≤ high. A single number
 * is a range of one value. Null otherwise.
 */
export function parseRange(text: string, syntax: NumberSyntax = {}): NumberRange | null {
  const t = text.trim();
  const single = parseNumber(t, syntax);
  if (single !== null) return { low: single, high: single };
  // Every dash or "to" is a candidate: in "twenty-four to thirty" the first dash is inside a number.
  for (const separator of t.matchAll(/\s*(?:[-–—]|\bto\b)\s*/gi)) {
    const low = parseNumber(t.slice(0, separator.index), syntax);
    const high = parseNumber(t.slice(separator.index + separator[0].length), syntax);
    if (low !== null && high !== null && low <= high) return { low, high };
  }
  return null;
}

/** Rounds to a number of decimal places (for stored values; display uses `roundSignificant`). */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Rounds to `digits` significant digits for display (never for computation). */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

/** Thousands separators, no exponent below 1e15 (and none above 1e-3). */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-3)) return value.toExponential(2);
  return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
