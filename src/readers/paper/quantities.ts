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

/**
 * A decimal point between digits ("12.5 %", "lr 0.001"): inside a clause, unlike a full stop. Checks that keep a
 * value out (a difference, a pace, a price before it) let it through, `(?:[^.;]|${DECIMAL_POINT})`, so that a
 * decimal does not hide what they look for.
 */
export const DECIMAL_POINT = String.raw`(?<=\d)\.(?=\d)`;
/**
 * A decimal point inside a model's name or size ("the 1.5B model", "GPT-2.5", "Llama-3.1", "v1.5"). Patterns that
 * join a training word to its value let only this one through: another decimal between them ("lr 0.001",
 * "2.25 GHz CPUs") is usually another setting, and the old stop at its point kept them from joining the two.
 */
export const NAME_DECIMAL_POINT = String.raw`(?:(?<=\d)\.(?=\d+\s?[kKMBT]\b)|(?<=\b[A-Za-z][\w]*-?\d+)\.(?=\d))`;
/** Any number a count can be written as: digits, or a word ("eight", "twenty-four"). */
// A number word ends its word: "tends" holds no "ten", "ones" no "one".
export const COUNT = String.raw`(?:${DECIMAL}|(?:${NUMBER_WORD})(?![a-z])(?:[- ](?:${NUMBER_WORD})(?![a-z]))?)`;

/** Regular-expression source of a scale suffix, as in "1.3B", "110M", "1.2k", "1.3 billion". */
export const SCALE = String.raw`(?:\s*(?:thousands?|millions?|billions?|trillions?|bn|mn)\b|[kKMBT](?![A-Za-z]))`;

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

const RATE_PER_DATA =
  /\b(?:per|each|every)\s+(?:one\s+|a\s+|1\s*)?(?:trillion|billion|million|\d+(?:\.\d+)?\s*[TBMK])\s+(?:tokens|samples|images|examples)\b/i;
const CLAUSE_BREAK = /[,;]|\.\s/;

/**
 * Device-hours per amount of data are a rate, not a run's total: "training on each trillion tokens requires only
 * 180K GPU hours", "180K GPU hours per trillion tokens". The rate must stand in the figure's own clause: in
 * "2.788M GPU hours, i.e., 180K GPU hours per trillion tokens" the first figure is the total.
 */
export function isRatePerData(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 120), start);
  const after = text.slice(end, end + 120);
  const breakAfter = after.search(CLAUSE_BREAK);
  const clauseBefore = before.split(CLAUSE_BREAK).pop() ?? "";
  return (
    RATE_PER_DATA.test(clauseBefore) ||
    RATE_PER_DATA.test(breakAfter < 0 ? after : after.slice(0, breakAfter))
  );
}

/** Words naming a pass that is not the run's training: a test, an evaluation, inference, a rollout. */
const OTHER_PASS_WORDS = String.raw`test(?:ing)?|eval(?:uation)?|validation|val|inference|forward|rollout`;
/** The batch of another stage or pass: "a test batch of 100 images", "forward_batch_size is 16". */
export const OTHER_PASS_BEFORE = new RegExp(String.raw`\b(?:${OTHER_PASS_WORDS}|repulsion)[\s_-]*$`, "i");
/** Another pass named anywhere in a name or a clause: "the evaluation batch size", "for inference we use". */
export const OTHER_PASS = new RegExp(String.raw`\b(?:${OTHER_PASS_WORDS}|evaluat\w*)\b`, "i");

/** Words that make a bare "card" a compute device: graphics hardware, or training run on it. */
const CARD_CONTEXT =
  /\b(?:graphics|video|GPUs?|NVIDIA|GeForce|RTX|GTX|Radeon|Quadro|Tesla|Titan|CUDA|VRAM|train(?:ed|ing)?|experiments?)\b/i;
/** Cards that are not devices: "credit card transactions", a game's "three cards" of a set. */
const NOT_A_DEVICE_CARD = /\b(?:credit|debit|card\s+transactions?|playing|game|set)\b/i;

/** A bare "cards" in this sentence counts devices: it speaks of compute and not of games or payments. */
export function cardsAreDevices(sentence: string): boolean {
  return CARD_CONTEXT.test(sentence) && !NOT_A_DEVICE_CARD.test(sentence);
}

/** Data gathered from devices: "30 million samples from 387 devices" counts phones or sensors, not accelerators. */
const DATA_WORD =
  /\b(?:samples?|data(?![-\s]parallel)|recordings?|readings?|measurements?|signals?|logs?|users?|participants?|subjects?)\b/i;

/** "from 387 devices" in a sentence about data: the devices the data came from, not the ones that trained. */
export function devicesAreDataSources(sentence: string, countStart: number, noun: string): boolean {
  return (
    /^devices?$/i.test(noun.trim()) &&
    /\bfrom\s+$/i.test(sentence.slice(Math.max(0, countStart - 8), countStart)) &&
    DATA_WORD.test(sentence)
  );
}

/** "after 10 epochs", "every 5 epochs", "first 3 epochs", "10 warm-up epochs" are moments, not budgets. */
const EPOCH_MOMENT_BEFORE =
  /\b(?:after|every|each|first|last|initial|final|within|past|previous|next|per|at|warm-?up(?: of)?|for the first|during the first|in the first|until)\s+(?:the\s+)?(?:first\s+|last\s+)?$/i;
/**
 * "warmed up over 30 epochs", "does not improve for 5 epochs", "doesn't improve in 3 epochs", "has stopped
 * increasing for 10 epochs", "patience of 10 epochs": a pace, not a budget.
 */
const EPOCH_PACE_BEFORE = new RegExp(
  String.raw`\b(?:warm(?:ed|s)?[- ]?up|(?:not|no|without|\w+n['’]t|stop(?:s|ped)?|no longer|ceas(?:es|ed)?\s+to)\s+(?:\w+\s+)?(?:improv\w*|increas\w*|decreas\w*|progress|gain)|patience|plateau\w*|stagnat\w*)\b(?:(?!\band\b)(?:[^.;,]|${DECIMAL_POINT})){0,40}$`,
  "i",
);
const EPOCH_MOMENT_AFTER =
  /^\s*(?:of\s+)?(?:warm-?up|linear warm|learning rate warm|patience|without improvement|of no improvement|(?:there\s+(?:is|was|has been|had been)\s+)?(?:no|without\s+any)\s+(?:\w+\s+)?improvement)/i;

/** A parenthesis right after a unit, up to 78 characters, without nested parentheses. */
const PARENTHESIS_AFTER = /^\s*\((?<inside>[^()]{1,78})\)/;
/**
 * What separates the items of a listed parenthesis: a comma or semicolon followed by a space (a comma without one
 * may be a thousands separator: "(64,128)" is not read), optionally "and"/"or", or "and"/"or" alone. Each item
 * between separators must then be a whole number: the split is linear, nothing backtracks.
 */
const LIST_SEPARATOR = /\s*[,;]\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+/g;

/**
 * The numbers listed right after a count's unit when the count says how many they are: "trained with two epochs
 * (10 and 20)" states the settings 10 and 20, not a run of 2 epochs. Null when nothing of the kind follows: the
 * parenthesis must hold whole numbers only ("(about 10 minutes)", "(0.5 and 1)" are not lists; "(64,128)" reads
 * as one thousands number, too few), as many as the count. A numeric citation of as many references ("2 epochs
 * (12, 13)") reads as a list: rare in ML.
 *
 * @example
 *   countedList("two epochs (10 and 20)", 10, 2); // [{ value: 10, start: 12, end: 14 }, { value: 20, start: 19, end: 21 }]
 *   countedList("two epochs (10 and 20)", 10, 3); // null: three announced, two listed
 */
export function countedList(
  text: string,
  afterUnit: number,
  count: number,
): Array<{ value: number; start: number; end: number }> | null {
  if (!Number.isInteger(count) || count < 2) return null;
  const window = text.slice(afterUnit, afterUnit + 82);
  const match = PARENTHESIS_AFTER.exec(window);
  const inside = match?.groups?.inside;
  if (!match || inside === undefined) return null;
  const insideStart = afterUnit + match[0].length - 1 - inside.length;
  const items: Array<{ value: number; start: number; end: number }> = [];
  let from = 0;
  const take = (end: number): boolean => {
    const raw = inside.slice(from, end);
    const trimmed = raw.trim();
    // "1,024" between separators is a thousands number; "64,128" alone is one too, and then too few items.
    if (!/^(?:[1-9]\d{0,2}(?:,\d{3})+|\d{1,9})$/.test(trimmed)) return false;
    const start = insideStart + from + raw.indexOf(trimmed);
    const value = parseNumber(trimmed);
    if (value === null) return false;
    items.push({ value, start, end: start + trimmed.length });
    return true;
  };
  LIST_SEPARATOR.lastIndex = 0;
  for (let m = LIST_SEPARATOR.exec(inside); m; m = LIST_SEPARATOR.exec(inside)) {
    if (!take(m.index)) return null;
    from = m.index + m[0].length;
  }
  if (!take(inside.length)) return null;
  return items.length === count ? items : null;
}

/**
 * An epoch count that marks a moment or paces a run rather than sizing it. `numberStart` is where the count
 * starts, `afterWord` where the text after "epochs" starts.
 */
export function isEpochMoment(text: string, numberStart: number, afterWord: number): boolean {
  return (
    EPOCH_MOMENT_BEFORE.test(text.slice(Math.max(0, numberStart - 30), numberStart)) ||
    EPOCH_PACE_BEFORE.test(text.slice(Math.max(0, numberStart - 50), numberStart)) ||
    EPOCH_MOMENT_AFTER.test(text.slice(afterWord))
  );
}
