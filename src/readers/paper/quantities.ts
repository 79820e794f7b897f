/**
 * Finding numbers as papers write them: "1,024", "3.14e23", "3.14 × 10^23", "10^21", "eight", "a single",
 * "two dozen", "1.3B". Regular-expression sources are exported so extractors compose them; the text they find
 * is turned into a value by the shared parser (src/domain/numbers.ts), units by src/domain/units.ts.
 */
import { NUMBER_WORD_LIST, parseNumber as parseWrittenNumber } from "../../domain/numbers.js";

/** Number words, longest first so "sixteen" wins over "six". */
export const NUMBER_WORD = [...NUMBER_WORD_LIST].sort((a, b) => b.length - a.length).join("|");

/** A plain decimal: 8, 1,024, 0.5, 10 000 is handled by the cleaner before this point. */
export const DECIMAL = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;

/** A decimal with an optional power of ten: 3.14e23, 3.14 × 10^23, 10^21. */
export const SCIENTIFIC = String.raw`(?:${DECIMAL}(?:\s*(?:[eE][+-]?\d+|[×x*·]\s*10\s*\^\s*\{?[+-]?\d+\}?))?|10\s*\^\s*\{?[+-]?\d+\}?)`;

/** Any number a count can be written as: digits, or a word ("eight", "twenty-four"). */
export const COUNT = String.raw`(?:${DECIMAL}|(?:${NUMBER_WORD})(?:[- ](?:${NUMBER_WORD}))?)`;

/** Regular-expression source of a scale suffix, as in "1.3B", "110M", "1.2k", "1.3 billion". */
export const SCALE = String.raw`(?:\s*(?:thousand|millions?|billions?|trillions?|bn|mn)\b|[kKMBT](?![A-Za-z]))`;

/**
 * One number as a paper writes it, digits or words; null for anything else. The extractors capture a scale
 * suffix apart (`SCALE`) and apply it with `scaleOf`, so a suffix here is not read: "1.2k" is null.
 */
export function parseNumber(written: string): number | null {
  return parseWrittenNumber(written, { scale: false });
}

/** "increased from 2304 to 9216": the first value of a schedule is not the batch the run trains with. */
export function isStartOfSchedule(text: string, numberStart: number): boolean {
  return (
    /\bfrom\s*$/i.test(text.slice(Math.max(0, numberStart - 8), numberStart)) &&
    /^\d[\d,.]*\s*[kKM]?\s+(?:\w+\s+)?to\s+\d/.test(text.slice(numberStart, numberStart + 30))
  );
}

/** The batch of another stage or pass: "a test batch of 100 images", "forward_batch_size is 16". */
export const OTHER_PASS_BEFORE =
  /\b(?:test(?:ing)?|eval(?:uation)?|validation|val|inference|forward|rollout|repulsion)[\s_-]*$/i;
