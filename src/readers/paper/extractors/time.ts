/**
 * Wall-clock training time, time per epoch, and accelerator-hours ("200 GPU hours", "1.2k A100-hours",
 * "50 TPU-days"). Vague durations ("a few hours", "several days") are not numbers and are left alone.
 */
import { findHardwareMentions } from "../../../catalog/index.js";
import { roundTo, scaleOf } from "../../../domain/numbers.js";
import { parseDurationUnit, toHours } from "../../../domain/units.js";
import {
  DECIMAL,
  NAME_DECIMAL_POINT,
  NUMBER_WORD,
  SCALE,
  isRatePerData,
  parseNumber,
} from "../quantities.js";
import { matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

const APPROX = String.raw`(?:about|around|approximately|approx\.?|roughly|nearly|almost|~|≈|∼|less than|under|over|more than|up to|just over|just under|close to|a total of|total of|in total)`;
/** An approximation word right before an amount: part of the quoted duration. */
const APPROX_BEFORE = new RegExp(String.raw`(?:${APPROX})\s*$`, "i");
/** A number starts a word: "instead" holds no "a d", "and" no "an d", "3D" is not three days. */
const AMOUNT = String.raw`(?<![\w.])(?:${DECIMAL}|(?:${NUMBER_WORD}|an?|one and a half)(?=\s))`;
/** One-letter units ("36h", "1000 s") only right after digits. */
const UNIT = String.raw`(?:seconds?|secs?|(?<=\d\s?)s|minutes?|mins?|hours?|hrs?|(?<=\d\s?)h|days?|weeks?|wks?|months?)`;
/** "36h", "~ 3 days", "1.5 hours", "15-18 hours", "2 days and 6 hours". */
const DURATION = String.raw`(?:${APPROX}\s*)?(${AMOUNT})(?:\s*(?:-{1,2}|–|to)\s*(${DECIMAL}))?\s*-?\s*(${UNIT})\b(?:\s*(?:and\s+)?(${DECIMAL})\s*(hours?|hrs?|h|minutes?|mins?)\b)?`;

/** A character of the clause: a decimal point ("the 1.5B model") does not end it. */
const SAME_CLAUSE = String.raw`(?:[^.;:]|${NAME_DECIMAL_POINT})`;
const TRAINING_WORDS = String.raw`(?:train(?:ing|ed|s)?|pre-?train(?:ing|ed)?|fine-?tun(?:ing|ed|e)|optimi[sz]ation|learning|run|runs|experiments?|computation|the (?:whole|entire|full|complete) (?:process|pipeline|procedure))`;
const TIME_VERBS = String.raw`(?:takes?|took|taking|lasts?|lasted|lasting|requires?|required|requiring|needs?|needed|consumed|spent|used|was|were|is|of|in|for|within|under|completes?|completed|converges?|converged|finished)`;

/** A duration on named hardware: "takes 15 hours on a 4×2080Ti GPU", "took 3 hours of a single Tesla T4". */
const ON_HARDWARE = new RegExp(
  String.raw`\b(?:takes?|took|taking|requires?|required|needs?|needed|ran|runs?|lasted)\s+(?:${APPROX}\s+)?${DURATION}\s+(?:to\s+converge\s+)?(?:on|of|with|using)\s+(?:an?\s+|one\s+|a\s+single\s+|single\s+)?(?:\d+\s*[×x]\s*|\d+\s+)?(?:(?:NVIDIA|Nvidia|Tesla|GeForce|RTX|GTX|Quadro|AMD|Google|Cloud)\s+)*(?:(?:[A-Z]{1,4}-?\d{1,4}\w*|\d{3,4}\s?Ti)(?:\s+GPUs?)?|GPUs?|TPUs?|graphics\s+cards?|cards?|nodes?)\b`,
  "gd",
);
/**
 * Work that is not training, in its exact forms: "evaluation", "to sample", "decoding". Not the trained thing named
 * with the same stem ("the generator", "the decoder", "1M samples", "the preprocessed data", "the renderer").
 */
const OTHER_WORK = String.raw`(?:evaluat(?:e|es|ed|ing|ion)|validat(?:e|es|ed|ing|ion)|eval|sampl(?:e|ing)|generat(?:e|es|ing|ion)|inference|test(?:s|ed|ing)?|decod(?:e|es|ing)|render(?:s|ing)?|pre-?process(?:es|ing)?|benchmark(?:s|ing)?|annotat(?:e|es|ed|ing|ion)|data\s+(?:collection|processing|preparation|loading))`;
/** Other work said before a duration: "Sampling 50k images takes 2 hours on 8 GPUs". */
const OTHER_WORK_BEFORE = new RegExp(String.raw`\b${OTHER_WORK}\b`, "i");
/**
 * Other work joined to the training word by a clause link ("We train with a large batch, and evaluation takes 2
 * hours", "then sampling ran for 3 hours"): the duration is that work's.
 */
const OTHER_WORK_JOINED = new RegExp(
  String.raw`(?:,|;|\band\b|\bthen\b|\bwhile\b|\bwhereas\b)\s+(?:the\s+|its\s+|our\s+)?${OTHER_WORK}\b`,
  "i",
);
/** Other work done on the trained model, said just before the training word: "Sampling from the trained model". */
const OTHER_WORK_ON_TRAINED = new RegExp(
  String.raw`\b${OTHER_WORK}\s+(?:of|from|with|on|using)\s+(?:the|our|a|an|each|every|all)?\s*(?:\w+\s+)?$`,
  "i",
);
/** The duration is on hardware (a GPU word or a catalog device, not a dataset such as "WMT14") for this run's work. */
function onHardware(matched: string, before: string): boolean {
  if (OTHER_WORK_BEFORE.test(before)) return false;
  return /\b(?:GPUs?|TPUs?|cards?|nodes?)\b/i.test(matched) || findHardwareMentions(matched).length > 0;
}

/**
 * `joins`: the pattern joins a training word to a duration said up to 60 characters later, so other work named
 * between them ("We train with lr 2e-4, and evaluation takes 2 hours") is what the duration belongs to.
 */
const TRAINING_TIME_PATTERNS: Array<{ pattern: RegExp; confidence: number; joins?: true }> = [
  // "training takes about 3 days", "the total training time took 2 hours", "pre-training lasted 39 days"
  {
    pattern: new RegExp(
      String.raw`\b${TRAINING_WORDS}\b(?:\s+(?:time|duration|process|run|phase|stage|procedure))?${SAME_CLAUSE}{0,50}?\b${TIME_VERBS}\s+(?:${APPROX}\s+)?${DURATION}`,
      "gid",
    ),
    confidence: 0.8,
    joins: true,
  },
  // "trained for 3 days", "we train the model for 36h"
  {
    pattern: new RegExp(
      String.raw`\b${TRAINING_WORDS}\b${SAME_CLAUSE}{0,60}?\bfor\s+(?:${APPROX}\s+)?${DURATION}`,
      "gid",
    ),
    confidence: 0.8,
    joins: true,
  },
  // "training time: 36 h", "wall-clock time of 2 days"
  {
    pattern: new RegExp(
      String.raw`\b(?:training|run(?:ning)?|wall[- ]?clock|total)\s+time\b(?:\s*(?::|=|\|)|\s+(?:was|is|of|took|amounts? to|(?:down\s+)?to))*\s*(?:${APPROX}\s+)?${DURATION}`,
      "gid",
    ),
    confidence: 0.8,
  },
  // "3 days of training", "36 hours to train", "two weeks on 8 GPUs" (the last needs a training word nearby)
  {
    pattern: new RegExp(
      String.raw`(?:${APPROX}\s+)?${DURATION}\s+(?:of\s+(?:pre-?|fine-?)?training|to\s+(?:pre-?|fine-?)?train|for\s+(?:pre-?|fine-?)?training|of\s+(?:GPU\s+)?(?:compute|computation|wall[- ]?clock))`,
      "gid",
    ),
    confidence: 0.8,
  },
  // "takes 15 hours on a 4×2080Ti GPU", "took 3.3 hours of a single Tesla T4", "20 hrs to converge on a single
  // card": a duration on named hardware ("500 hours of GPU training" is left alone: GPU-hours or wall-clock?)
  {
    pattern: ON_HARDWARE,
    confidence: 0.7,
  },
  // "took a total of 39 days", "finished in 12 hours" in a sentence about training
  {
    pattern: new RegExp(
      String.raw`\b(?:took|takes|lasted|complet(?:ed|es|ing) in|finish(?:ed|es|ing) in|in a total of)\s+(?:${APPROX}\s+)?${DURATION}`,
      "gid",
    ),
    confidence: 0.6,
  },
];

const PER_EPOCH = new RegExp(
  String.raw`(?:(?:each|every|one|per|an?)\s+(?:training\s+)?epoch\s+(?:takes?|took|taking|lasts?|lasted|requires?|required|of)\s+(?:${APPROX}\s+)?${DURATION}|${DURATION}\s+(?:per|for each|for one|for every|an?)\s+(?:training\s+)?epoch\b)`,
  "gi",
);
const PER_OTHER =
  /^\s*(?:per|each|for each|an?|\/)\s*(?:image|sample|example|step|iteration|batch|token|query|prompt|forward|instance|run|trial|seed|configuration|frame|episode|item|prediction|inference|case|subject|patient|volume|scan|video|song|game|task)(?:e?s)?\b/i;
const NOT_TRAINING_TIME =
  /\b(inference|latency|test(?:ing)? time|evaluation time|per (?:image|sample|query)|budget|cap(?:ped|s)?|limited to|limit of|timeout|time limit|deadline|every|interval|checkpoint(?:s|ed)? every|wall[- ]?time limit|ago|later|earlier|years? of|months? of data|hours? of (?:audio|video|speech|recordings?|data|footage)|days? of (?:data|logs?))\b/i;

/** A figure for the whole project (search, failed runs included), not for the main training run. */
const PROJECT_TOTAL =
  /\b(?:whole|entire|full) (?:project|study|research)|including (?:the )?(?:hyper-?parameter|preliminary|failed|all)|all (?:our |the )?experiments|development process|hyper-?parameter (?:search|tuning|sweep)|total (?:compute|computational budget)/i;

const VAGUE_DURATION =
  /\b(?:a few|several|many|some|multiple|a couple of|tens of|hundreds of)\s+(?:seconds|minutes|hours|days|weeks|months)\b/i;

function countDurations(text: string): number {
  // DURATION reads "2 days and 6 hours" as one duration.
  return [...text.matchAll(new RegExp(DURATION, "gi"))].length;
}

const DEVICE_HOURS = new RegExp(
  String.raw`(?:${APPROX}\s+)?(?<![\w.])(${DECIMAL})(?![\d,])(${SCALE})?\s*(?:[A-Za-z0-9]+[- ])?(?:GPU|TPU|TPUv\d|TPU\s?v\d|accelerator|chip|device|node|core|A100|V100|H100|H800|A800|P100|TPU-?core|IPU)s?[- ](hours?|hrs?|h|days?|years?)\b`,
  "gi",
);

/** Hours of one written duration; null for units we do not read. */
function durationHours(
  match: RegExpExecArray,
  offset: number,
): { hours: number; low?: number; high?: number } | null {
  const amount = match[offset] as string;
  const rangeHigh = match[offset + 1];
  const unit = match[offset + 2] as string;
  const extra = match[offset + 3];
  const extraUnit = match[offset + 4];
  const durationUnit = parseDurationUnit(unit);
  // "an hour", "one and a half days": the shared parser reads articles and halves as numbers.
  const value = parseNumber(amount);
  if (durationUnit === null || value === null) return null;
  let hours = toHours(value, durationUnit);
  const extraHours = extra && extraUnit ? extraDuration(extra, extraUnit) : 0;
  hours += extraHours;
  const high = rangeHigh ? parseNumber(rangeHigh) : null;
  if (high !== null) {
    const highHours = toHours(high, durationUnit) + extraHours;
    return { hours: (hours + highHours) / 2, low: hours, high: highHours };
  }
  return { hours };
}

/** The "6 hours" of "2 days and 6 hours"; 0 when it cannot be read. */
function extraDuration(amount: string, unit: string): number {
  const value = parseNumber(amount);
  const durationUnit = parseDurationUnit(unit);
  return value === null || durationUnit === null ? 0 : toHours(value, durationUnit);
}

function timeCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const hasTrainingWord = new RegExp(String.raw`\b${TRAINING_WORDS}\b`, "i").test(text);

  for (const match of matchesOf(PER_EPOCH, text)) {
    const firstGroup = match[1] !== undefined ? 1 : 6;
    const duration = durationHours(match, firstGroup);
    if (!duration) continue;
    out.push({
      field: "time_per_epoch_hours",
      value: round(duration.hours),
      raw: match[0].trim(),
      start: match.index,
      end: match.index + match[0].length,
      confidence: 0.8,
    });
    taken.push([match.index, match.index + match[0].length]);
  }

  for (const { pattern, confidence, joins } of TRAINING_TIME_PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      // The evidence starts at the duration that was read (group 1, with its "about" or "~"), not at the first
      // duration of the match: "Training with 1.5 s per step took 3 days" quotes "3 days".
      const amountStart = match.indices?.[1]?.[0] ?? match.index;
      const approx = APPROX_BEFORE.exec(text.slice(match.index, amountStart));
      const durationStart = approx ? match.index + approx.index : amountStart;
      const end = match.index + match[0].length;
      if (overlaps(durationStart, end)) continue;
      const duration = durationHours(match, 1);
      if (!duration || duration.hours <= 0) continue;
      const following = text.slice(end, end + 30);
      if (PER_OTHER.test(following)) continue;
      const window = text.slice(Math.max(0, match.index - 40), Math.min(text.length, end + 30));
      if (NOT_TRAINING_TIME.test(window)) continue;
      if (pattern === ON_HARDWARE && !onHardware(match[0], text.slice(0, match.index))) continue;
      // "Evaluation of the trained model takes 2 hours": the training word names the thing the work is done on.
      if (joins && OTHER_WORK_ON_TRAINED.test(text.slice(Math.max(0, match.index - 40), match.index)))
        continue;
      if (joins && OTHER_WORK_JOINED.test(text.slice(match.index, durationStart))) {
        // Another training phrase may start inside the rejected span: "We train the decoder and training takes 3 days".
        pattern.lastIndex = match.index + 1;
        continue;
      }
      // "data preprocessing finishes in 3 hours, and the model is then trained": the weak pattern's verb belongs
      // to the work named just before it.
      if (confidence < 0.7 && OTHER_WORK_BEFORE.test(text.slice(Math.max(0, match.index - 40), match.index)))
        continue;
      // A lone "took 2 hours" counts only in a sentence about training.
      if (confidence < 0.7 && !hasTrainingWord) continue;
      // Seconds-long "training" is a step or a toy; minutes are kept (small models train in minutes).
      if (duration.hours < toHours(1, "min")) continue;
      taken.push([durationStart, end]);
      // Two durations in one sentence ("MNIST trains within 2 minutes while the continuous model takes a few
      // hours") describe different runs; a bound ("within", "under") is not the time itself.
      let penalty = 0;
      if (VAGUE_DURATION.test(text) || countDurations(text) > 1) penalty += 0.2;
      if (
        /\b(within|under|less than|up to|at most|below)\s*$/i.test(
          text.slice(Math.max(0, durationStart - 15), durationStart + 1).replace(/\S+$/, ""),
        )
      )
        penalty += 0.1;
      out.push({
        field: "training_time_hours",
        value: round(duration.hours),
        raw: text.slice(durationStart, end).trim(),
        start: durationStart,
        end,
        confidence: (sentence.kind === "table_row" ? confidence - 0.2 : confidence) - penalty,
        ...(duration.low !== undefined
          ? { note: `range ${round(duration.low)}-${round(duration.high ?? 0)} h` }
          : {}),
      });
    }
  }

  for (const match of matchesOf(DEVICE_HOURS, text)) {
    const value = parseNumber(match[1] as string);
    const unit = parseDurationUnit(match[3] as string);
    if (value === null || unit === null) continue;
    const following = text.slice(match.index + match[0].length, match.index + match[0].length + 25);
    if (PER_OTHER.test(following) || isRatePerData(text, match.index, match.index + match[0].length))
      continue;
    out.push({
      field: "gpu_hours",
      ...(PROJECT_TOTAL.test(text) ? { tags: ["project_total"] } : {}),
      value: round(toHours(value * scaleOf(match[2]), unit)),
      raw: match[0].trim(),
      start: match.index,
      end: match.index + match[0].length,
      confidence: 0.85,
    });
  }
  return out;
}

/** Hours to three decimals (3.6 s): finer than any paper states. */
const round = (value: number): number => roundTo(value, 3);

export const timeExtractor: Extractor = {
  name: "time",
  fields: ["training_time_hours", "time_per_epoch_hours", "gpu_hours"],
  trigger: /hour|hrs?\b|day|week|month|minute|mins?\b|second|secs?\b|\d\s?[hs]\b/i,
  extract: timeCandidates,
};
