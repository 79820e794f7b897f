/**
 * Broad candidates: every number that stands near a field's word, in prose or in a table (under a column header,
 * or on a row labelled with the field). The precise extractors recognise the sentences they were written for;
 * this one proposes what they miss ("the batch size is held fixed at 256", "batch=32", "N samples in batch | 64",
 * "Eff. batch 64"), with a low confidence. It never decides: the trained selector scores every candidate with
 * its features (the words around it, the table header and row label, the section, who did it) and keeps what
 * is the main training run's value.
 */
import type { FactField } from "../../../domain/facts.js";
import {
  isOneNumberInWords,
  parseNumber as parseWritten,
  parseNumberWords,
  roundTo,
  scaleOf,
} from "../../../domain/numbers.js";
import { parseDuration, parseDurationUnit, toHours } from "../../../domain/units.js";
import type { FactTag } from "../../../domain/tags.js";
import {
  COUNT,
  DECIMAL,
  NUMBER_WORD,
  OTHER_PASS,
  OTHER_PASS_BEFORE,
  SCALE,
  cardsAreDevices,
  devicesAreDataSources,
  countedList,
  isEpochMoment,
  isRatePerData,
  isStartOfSchedule,
} from "../quantities.js";
import type { Candidate, Extractor, SentenceView } from "./types.js";

/** A field's words, as they appear in prose, tables and key=value lists. */
const FIELD_WORDS: ReadonlyArray<{ field: FactField; words: RegExp }> = [
  { field: "epochs", words: /\b(?:n_?|num_?|max_?|training\s+|train\s+)?epochs?\b/gi },
  {
    field: "batch_size",
    words:
      /\b(?:global\s+|effective\s+|eff\.\s*|total\s+|per[-\s](?:gpu|device)\s+)?(?:mini-?)?batch(?:[\s_-]*sizes?)?(?:es)?\b(?![\s-]*norm)|\bbs\b|\bbatchsize\b/gi,
  },
  {
    field: "params",
    // "number of parameter updates" counts steps, not weights.
    words:
      /\b(?:parameters?|params?|#\s*params?|trainable\s+weights|model\s+size)\b(?!\s+updates?\b)|#\s*param/gi,
  },
  { field: "steps", words: /\b(?:training\s+)?(?:steps|iterations|updates|iters)\b/gi },
];

/** A number as papers write it: digits (with a scale: 7B, 110M, 1.2k), or words ("eight"). */
const NUMBER = new RegExp(
  // Neither the base nor the exponent of a power ("ccp_α=10^-4" counts neither 10 nor 4), nor a metric's cut-off
  // ("R@1", "Hits@10").
  String.raw`(?<![\w.^@])(?<!\^\s*\{?\s*[-+−]?\s*)(${COUNT})(${SCALE})?(?![\w.]*\d)(?!(?:st|nd|rd|th|mu|pt|em)\b)(?!\s*\^)`,
  "gi",
);
/** A multiplier: "ten times as many", "ten-fold more", "2x more", "3× longer", "5x the number of". */
const RATIO_AFTER =
  /^\s*(?:-?\s*(?:times|fold)\b|[x×]\s*(?:more|fewer|less|as|the|faster|slower|longer|larger|smaller|bigger)\b)/i;
/** Words that make a number something else: a reference, a year, a dimension. */
const NOT_A_VALUE_BEFORE =
  /\b(?:table|tab\.|figure|fig\.|section|sec\.|eq\.|equation|appendix|app\.|line|page|p\.|version|v|layer|layers|top|rank|u?id\s*:)\s*$/i;
/** A duration, or a range of one ("8 to 12 hours", "12-20 h": parseDuration keeps both ends). */
const DURATION = new RegExp(
  String.raw`(?<![\w.])(${DECIMAL}(?:\s*(?:-{1,2}|–|to)\s*${DECIMAL})?)\s*-?\s*(seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?)(?![A-Za-z])`,
  "gi",
);
/** "increased training time from 8 to 12 hours": a change between two durations, not a range of one. */
const CHANGE_BEFORE =
  /\b(?:increas|decreas|reduc|cut|shorten|lengthen|extend|grew|grow|went|go(?:es)?\b|drop|fell|rose|improv|sped|speed|slow)\w*\b[^.;]{0,40}$/i;
/**
 * A duration with its amount in words: "approximately three hours", "twenty-four hours", "two and a half days".
 * Not the end of a vaguer or longer amount ("a few hundred hours", "one hundred and twenty hours"), and at most
 * four words, so a long run of number words costs one try.
 */
const DURATION_IN_WORDS = new RegExp(
  String.raw`\b((?:${NUMBER_WORD})(?:[- ](?:${NUMBER_WORD})){0,3}(?: and a half)?)\s+(seconds?|minutes?|hours?|days?|weeks?|months?)(?![A-Za-z])`,
  "gi",
);
/** What may not stand just before such an amount (checked on a match, not at every word of the text). */
const VAGUER_AMOUNT_BEFORE = new RegExp(
  String.raw`(?:-|\b(?:${NUMBER_WORD}|few|several|many|some|hundred and|thousand and)[- ])$`,
  "i",
);
const DEVICE_HOURS = new RegExp(
  String.raw`(?<![\w.])(${DECIMAL})(${SCALE})?\s*(?:k\s*)?(?:[A-Z]?\d{2,4}\s*)?(gpu|tpu|npu|ipu|device|chip|node|accelerator|core|card)[\s-]*(hours?|hrs?|h|days?)(?![A-Za-z])`,
  "gi",
);
/**
 * A count before a device word, with up to five words between: names ("NVIDIA GeForce RTX"), model numbers
 * ("3090", "A100", "2080 Ti") and memory ("24G", "40GB"): "two 24G NVIDIA GeForce RTX 3090 GPUs".
 */
const DEVICE_COUNT = new RegExp(
  String.raw`(?<![\w.])(${COUNT})(?!\d)(?!\s?(?:Gi?B|G)\b)\s*(?:[×x]\s*)?(?:(?:(?:RTX|GTX|Tesla|Quadro|Titan|TITAN|GeForce|Ascend|Gaudi|Radeon|Instinct)\s+\d{2,4}(?:\s?Ti)?|[A-Za-z]+-?\d{1,4}[A-Za-z]*|\d{2,4}[A-Za-z]+|[A-Za-z]+|\d+\s?Gi?B?|\(\d+\s?Gi?B\))\s+){0,5}?(gpus?|tpus?|npus?|ipus?|graphics\s+cards?|cards?|accelerators?|devices?|chips?|cores?)\b`,
  "gi",
);
/** The number is a device's model number, not a count: "RTX 3090 GPUs", "GTX 2080 Ti GPU", "Tesla P-100 GPU". */
const MODEL_NUMBER_BEFORE =
  /(?:\b(?:rtx|gtx|geforce|tesla|quadro|titan|radeon|instinct|mi|arc|nvidia|ascend|gaudi|iphone|pixel|galaxy)\s*|[A-Za-z]-)$/i;
/** Words between a number and a device word that make the number count something else: "100 epochs on 16 GPUs". */
const COUNTED_BETWEEN =
  /\b(?:epochs?|hours?|days?|minutes?|steps?|iterations?|on|using|with|for|of|per|and|across|seeds?|models?|runs?|stages?|baselines?|times?)\b/i;
/** A model's size in its name: "Llama-2-7B", "Qwen2.5-VL-7B", "OPT 1.3B" (not in parentheses, "GPT-2 (124M)"). */
// Not the base of a power: "g_T_2B^2" in a flattened equation.
const NAME_SIZE =
  /(?<=[A-Za-z][\w.]*[-_ (]|[A-Za-z]-\d+(?:\.\d+)?-)(\d+(?:\.\d+)?)\s?([MB])(?=\b|[-_)])(?!\^)/g;
/** The word before a size joined by a space must look like a name ("OPT 1.3B"), not prose ("the first 1M"). */
const PROSE_WORD_BEFORE = /(?:^|[^\w.-])[a-z]+\s$/;
/** A numbered item of the document or the study, not a model: "Experiment 3B", "Table 2B", "Setting 1B". */
const ITEM_BEFORE =
  /\b(?:experiments?|exp|tables?|tab|figures?|fig|subfig(?:ure)?s?|panels?|sections?|sec|appendix|eqs?|equations?|algorithms?|alg|steps?|stages?|phases?|parts?|settings?|setups?|configs?|configurations?|variants?|blocks?|cases?|rows?|lines?|chapters?|tasks?|items?|questions?|runs?|trials?|stud(?:y|ies)|ablations?|scenarios?|conditions?|groups?)\.?\s$/i;
/**
 * A course's department before its number: "Lecture CSE 251B", "CS 330M" name a course, not a model of 251 billion
 * parameters (course reports are a good share of what a venue's code-submission org receives).
 */
const COURSE_BEFORE =
  /\b(?:CS|CSE|CSC|CSCI|CPSC|CMSC|COSC|COMP|COMS|CMPT|ECE|EECS|EE|ESE|ENGR|STATS?|MATH|DSC|DS|IFT|INFO?|APS|CIS|ISYE)\s?$/;
/** A size followed by what it counts is a count of data, steps or pixels, not of a model's parameters. */
const COUNTED_AFTER =
  /^[-\s]*(?:(?!(?:on|in|of|for|to|with|from|at|by|and|or|our|the|an?|its|their|is|was|are|were)\b)[a-z]+\s+){0,2}?(?:sets?|tokens?|images?|samples?|examples?|steps?|iterations?|updates?|frames?|regions?|pixels?|transactions?|events?|ratings?|sentences?|words?|documents?|pairs?|interactions?|instances?|episodes?|videos?|clips?|hours?|queries|questions?|users?|clients?|purchases?|records?|rows?|points?|molecules?|structures?|sequences?|reads?|dataset|data|corpus|subset|split|benchmark|entries|labels?|annotations?|captions?|texts?|cache|memory|ram|vram)\b/i;
/** What a number counts, unless the word has its own number after it ("Parameters 7B Tokens 2T": a flattened row). */
const COUNTED_AFTER_WITHOUT_ITS_NUMBER = new RegExp(
  String.raw`${COUNTED_AFTER.source}(?!\s*[:=|]?\s*\d)`,
  "i",
);
/** Datasets named with their size, which are not models: "JFT-300M", "LAION-5B", "MovieLens 1M". */
const DATASET_NAMES =
  /\b(?:jft|laion|movielens|ml|yfcc|youtube|yt|pile|coyo|datacomp|ig|wit|cc|conceptual\s+captions|imagenet|sa|commonpool|howto|webvid|hd-vila|c4|redpajama|train|test|val|valid|dev|data|split|subset|sample|top)[-_\s]?$/i;
/** A column or row of settings: "Hyper-parameters", "Hyperparameter". */
const HYPER_PARAMETERS = /\bhyper[-\s]?param/i;
/** A header that measures something of a field rather than counting it: "Epoch speedup", "Time per epoch". */
const MEASURE_HEADER =
  /\b(?:speed-?ups?|times?|throughput|accuracy|acc\.?|loss|per|rate|latency|memory|cost|score|error)\b/i;
/** A table header's unit: "Params (M)", "#Params [B]", "Size (million)". */
const HEADER_SCALE = /[([]\s*(k|K|M|B|million|billion|thousand)\s*[)\]]/;
/** Farthest a value may stand from its word, in characters: after it ("batch size is held fixed at 256"), before. */
const AFTER_WINDOW = 48;
const BEFORE_WINDOW = 24;
const CLAUSE_END = /[;:!?]|\.\s|\(|\)/;
/** Another setting begins: "Batch_size is 128, and forward_batch_size is 16" (the 16 is not the batch's). */
const NEXT_KEY = /,\s*(?:and\s+)?[A-Za-z]+_\w+\s*(?:is|was|=|:)/;
/** A number followed by a unit measures time, memory or a share, not a count: "each batch takes 142 ms". */
const UNIT_AFTER =
  /^\s*(?:%|ms\b|milliseconds?\b|s\b(?!\.t)|secs?\b|seconds?\b|minutes?\b|mins?\b|hours?\b|hrs?\b|h\b|days?\b|[KMGT]i?B\b|px\b|pixels?\b)/i;
const MODEL_AFTER = /^\s*-?\s*(?:models?|parameters?|params?)\b/i;
/** A size glued to the word with a hyphen is a name: "BS-17K", a dataset. */
const NAME_AFTER_WORD = /^-\d+(?:\.\d+)?[KMB]\b/;

function numberValue(digits: string, scale: string | undefined): number | null {
  const value = parseWritten(digits, { scale: false });
  if (value === null || !Number.isFinite(value)) return null;
  return value * scaleOf(scale);
}

/** A table row's cells (LaTeX rows are joined with " | "; PDF rows by runs of spaces). */
export function tableCells(text: string): string[] {
  // A Markdown row is fenced with pipes ("| Training epochs | 90 |"): the fences are not cells.
  if (/^\s*\|.*\|\s*$/.test(text)) return tableCells(text.trim().slice(1, -1).trim());
  // A LaTeX row that opens with an empty cell ("& PPO clip ratio & 0.20", under a multirow) starts with "| ": the
  // empty cell keeps its column, so the value stays under its own header.
  if (/^\s*\|/.test(text)) return ["", ...tableCells(text.replace(/^\s*\|\s*/, ""))];
  if (text.includes(" | ")) return text.split(" | ").map((c) => c.trim());
  return text.split(/\t+|\s{2,}/).map((c) => c.trim());
}

/** Words that name a field only as a table's column header or row label ("#GPUs | 8", "GPU number | 3"). */
const TABLE_WORDS: ReadonlyArray<{ field: FactField; words: RegExp }> = [
  {
    field: "accelerator_count",
    words:
      /^\s*(?:(?:#\s*|num(?:ber)?\.?\s+of\s+|no\.\s+of\s+)(?:gpus?|tpus?|npus?|devices?|accelerators?|chips?)|(?:gpus|tpus|npus|devices|accelerators|chips)|(?:gpus?|tpus?|npus?|devices?)\s+(?:number|count|used))\s*$/gi,
  },
];

function fieldOfWords(text: string): FactField | null {
  for (const { field, words } of [...FIELD_WORDS, ...TABLE_WORDS]) {
    words.lastIndex = 0;
    if (words.test(text)) return field;
  }
  return null;
}

function push(
  out: Candidate[],
  seen: Set<string>,
  field: FactField,
  value: number,
  raw: string,
  start: number,
  tags: FactTag[],
): void {
  if (!Number.isFinite(value) || value <= 0) return;
  // "it has only ten learnable parameters", "we tune 64 parameters", "0.2" (a rate): under a thousand, a layer's, a
  // formula's or a search's, as the precise extractor already holds (model-size.ts). Of the 170 papers with a
  // labelled model size (dev, our corpus, held-out sets 1 to 8), three state one this small (a Gaussian process of
  // 53, quantum circuits of 720 and 855); out of fold, nine of the selector's eighteen false sizes were (one
  // assignment, read with a one-off script).
  if (field === "params" && value < 1000) return;
  const key = `${field}:${start}`;
  if (seen.has(key)) return;
  seen.add(key);
  out.push({ field, value, raw, start, end: start + raw.length, confidence: 0.3, tags: ["broad", ...tags] });
}

/** A result stated before "after N epochs": the count is how long the run was, not a moment within it. */
const RESULT_BEFORE =
  /\b(?:achiev\w*|reach\w*|obtain\w*|attain\w*|accuracy|score|loss|converge\w*)\b(?:(?!\band\b)[^,;]){0,40}$/i;

/** A listed value: a comma inside it groups thousands ("1,000"); a comma between values has a space after it. */
const LISTED_VALUE = String.raw`(?:about\s+|around\s+|~\s*)?\d(?:[^\s,;]|,(?=\d))*(?:\s*[kKMB]\b)?`;
const RESPECTIVELY = new RegExp(
  String.raw`(?:\b(?:are|were|is|was|as|to|of|be)|:)\s+(?:(?:set|fixed|chosen|selected|configured)\s+(?:to|at|as)\s+)?((?:${LISTED_VALUE}\s*,\s+)*${LISTED_VALUE}(?:\s*,)?\s+and\s+${LISTED_VALUE}),?\s+respectively\b`,
  "i",
);
const LIST_SEPARATOR = /\s*,\s*(?:and\s+)?|\s+and\s+/;
const PLAIN_VALUE = new RegExp(String.raw`^(?:about\s+|around\s+|~\s*)?(${DECIMAL})\s*([kKMB])?$`);
/** Other settings' names, which a list of settings may hold: "image size", "learning rate", "weight decay". */
const SETTING_NAME =
  /\b(?:size|rate|lr|decay|dropout|momentum|resolution|length|dim(?:ension)?s?|temperature|ratio|coefficient|factor)\s*$/i;
/** A moment of the schedule named as a setting: "warm-up epochs", "patience". */
const SCHEDULE_SETTING = /\b(?:warm-?up|patience)\b/i;
/** Longest name of a setting, in words: a longer one is a clause ("We train for 100 epochs with a learning rate"). */
const NAME_WORDS_MAX = 5;

/** A listed setting's name: a few words naming a field, a schedule's moment or another setting, no number. */
function isSettingName(name: string): boolean {
  return (
    !/\d/.test(name) &&
    name.split(/\s+/).length <= NAME_WORDS_MAX &&
    !OTHER_PASS.test(name) &&
    (SCHEDULE_SETTING.test(name) || fieldOfWords(name) !== null || SETTING_NAME.test(name))
  );
}

/**
 * Listed names and values paired in order, the last names with the values: null unless every paired name is a
 * setting's and every field's value is a plain number. A schedule's moment ("warm-up epochs", "patience") takes its
 * value out of the list without giving it to a field.
 */
function pairSettings(
  names: readonly string[],
  values: readonly string[],
): Array<{ field: FactField; value: number; raw: string }> | null {
  if (values.length < 2 || names.length < values.length) return null;
  const paired = names.slice(names.length - values.length);
  if (!paired.every(isSettingName)) return null;
  const pairs: Array<{ field: FactField; value: number; raw: string }> = [];
  for (const [i, name] of paired.entries()) {
    const field = SCHEDULE_SETTING.test(name) ? null : fieldOfWords(name);
    if (field === null) continue;
    const raw = values[i] as string;
    const v = PLAIN_VALUE.exec(raw);
    const value = v ? numberValue(v[1] as string, v[2]) : null;
    if (value === null) return null;
    pairs.push({ field, value, raw });
  }
  return pairs;
}

/**
 * "the image size, batch size, and number of epochs are set to 320×384, 6, and 100, respectively": names and values
 * paired in order, the last names with the values (the list may open with a subject). Only when every paired name
 * is a setting's own name of a few words and every field's value is a plain number; otherwise ("for the base and
 * large models, ... 32 and 64", "pre-training and fine-tuning epochs") nothing is paired and the words around the
 * values decide, as in any sentence. Returns the fields it paired.
 */
function respectively(text: string, out: Candidate[], seen: Set<string>): Set<FactField> {
  const none = new Set<FactField>();
  const m = /respectively/i.test(text) ? RESPECTIVELY.exec(text) : null;
  if (!m) return none;
  const values = (m[1] as string).split(LIST_SEPARATOR).map((v) => v.trim());
  // A list of settings' names fits in 200 characters before its verb.
  const names = text
    .slice(Math.max(0, m.index - 200), m.index)
    .replace(/^.*[;:]/, "")
    .split(LIST_SEPARATOR)
    .map((n) => n.trim());
  const pairs = pairSettings(names, values);
  if (!pairs) return none;
  let from = m.index + m[0].indexOf(m[1] as string);
  for (const { field, value, raw } of pairs) {
    const at = text.indexOf(raw, from);
    if (at < 0) return none;
    from = at + raw.length;
    push(out, seen, field, value, raw, at, ["respectively"]);
  }
  return new Set(pairs.map((p) => p.field));
}

/** "one" as a pronoun around it: "each one being cleared", "one of the batches", "one by one", "no one". */
const PRONOUN_ONE = /\b(?:each|every|any|no|which)\s+one\b|\bone\s+(?:of|by|another|after)\b/i;
/** A count's word right before a number: "epoch 160", "step 2000", "layer 12", "batch 3". */
// Lower case and singular: "at epoch 160"; a flattened header ("Epochs Batch 100 32") names columns, not a moment.
const COUNTED_WORD_BEFORE = /\b(epoch|step|iteration|iter|layer|round|episode|batch)\s*(?:#|no\.)?\s*$/;
/**
 * A count's word right after a number: "30 epochs", "1000 steps". Lower case: in a flattened table "Batch size 1 4
 * Epochs per cycle 5 5" the capital starts the next row's label.
 */
// Not a label followed by its own value ("batch size 32 epochs 100": a flattened table's next key).
const COUNTED_WORD_AFTER = /^\s*(epochs?|steps?|iterations?|iters?)\b(?!\s*[:=]?\s*\d)/;
/** The upper end of a range right after its lower one: "12-13", "12 to 13". */
// LaTeX writes the en dash of "8--12 hours" as two hyphens.
const RANGE_END = /^\s*(?:-{1,2}|–|to)\s*\d+(?:\.\d+)?/;
/**
 * A moment's preposition right before a singular "epoch": "at epoch 19", "after only epoch 3". Not "until" or "by":
 * "we train the network until epoch 300" states the run's length.
 */
const EPOCH_INDEX_BEFORE =
  /\b(?:at|after|since|before|from)\s+(?:only\s+|just\s+|the\s+|about\s+|around\s+)?$/i;
function fieldOfCountWord(word: string): FactField | null {
  if (/^epoch/i.test(word)) return "epochs";
  if (/^(?:step|iter)/i.test(word)) return "steps";
  if (/^batch/i.test(word)) return "batch_size";
  return null;
}

/** Numbers near a field's word in one sentence (or one table row read as text). */
function nearWords(text: string, out: Candidate[], seen: Set<string>, skip: ReadonlySet<FactField>): void {
  for (const { field, words } of FIELD_WORDS) {
    if (skip.has(field)) continue;
    words.lastIndex = 0;
    for (let word = words.exec(text); word; word = words.exec(text)) {
      if (
        field === "batch_size" &&
        OTHER_PASS_BEFORE.test(text.slice(Math.max(0, word.index - 25), word.index))
      )
        continue;
      const wordEnd = word.index + word[0].length;
      const after = text.slice(wordEnd, wordEnd + AFTER_WINDOW);
      const clause = after.search(CLAUSE_END);
      const clauseText = clause >= 0 ? after.slice(0, clause + (after[clause] === ":" ? 1 : 0)) : after;
      const nextKey = clauseText.search(NEXT_KEY);
      const afterText = NAME_AFTER_WORD.test(after)
        ? ""
        : nextKey >= 0
          ? clauseText.slice(0, nextKey)
          : clauseText;
      const before = text.slice(Math.max(0, word.index - BEFORE_WINDOW), word.index);
      // "reached its best loss at only epoch 19": the index of one epoch, a moment within the run, not its length.
      const epochIndex = /^epoch$/.test(word[0]) && EPOCH_INDEX_BEFORE.test(before);
      for (const [segment, offset, tag] of [
        [afterText.replace(/^:/, " "), wordEnd, "value_after_word"],
        [before, Math.max(0, word.index - BEFORE_WINDOW), "value_before_word"],
      ] as const) {
        if (epochIndex && tag === "value_after_word") continue;
        NUMBER.lastIndex = 0;
        for (let n = NUMBER.exec(segment); n; n = NUMBER.exec(segment)) {
          const start = offset + n.index;
          if (NOT_A_VALUE_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
          // "each one", "one of", "one by one": the pronoun, not a count.
          if (
            /^one$/i.test((n[1] as string).trim()) &&
            PRONOUN_ONE.test(text.slice(Math.max(0, start - 12), start + 12))
          )
            continue;
          // "batch updates, stopping around epoch 160": a number right after another count's word is that count.
          const counted = COUNTED_WORD_BEFORE.exec(text.slice(Math.max(0, start - 16), start));
          if (counted && fieldOfCountWord(counted[1] as string) !== field) continue;
          // The window cut a token: "GTX-2080-Ti", "ResNet-50", "v2" are names, not values.
          if (/(?:[\w.]|[A-Za-z]-)$/.test(text.slice(Math.max(0, start - 2), start))) continue;
          // "a 500-epoch run on a dual RTX 4090": a device's model number.
          if (MODEL_NUMBER_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
          const value = numberValue(n[1] as string, n[2]);
          if (value === null) continue;
          if (isStartOfSchedule(text, start)) continue;
          const rest = segment.slice(n.index + n[0].length);
          if (UNIT_AFTER.test(rest)) continue;
          // "12-13 hours": a range's lower end takes the unit after its upper end.
          const rangeEnd = RANGE_END.exec(rest);
          if (rangeEnd && UNIT_AFTER.test(rest.slice(rangeEnd[0].length))) continue;
          // "batch scaling at rank 8, 30 epochs": a number right before another count's word is that count.
          const countedAfter = COUNTED_WORD_AFTER.exec(rest);
          if (countedAfter && fieldOfCountWord(countedAfter[1] as string) !== field) continue;
          // "ten times as many epochs", "2x more steps": a ratio between two runs, not a count.
          if (RATIO_AFTER.test(rest)) continue;
          // "the batch size for the 200B model": a model's size is not another field's value.
          if (field !== "params" && MODEL_AFTER.test(rest)) continue;
          // "parameters learnt from only 700 samples": a number before what it counts counts that, not parameters.
          if (field === "params" && COUNTED_AFTER_WITHOUT_ITS_NUMBER.test(rest)) continue;
          // "two epochs (10 and 20)", "3 batch sizes (16, 32, 64)": a count of the settings listed after the word,
          // which are the values (the clause ends at the parenthesis, so the word does not reach them otherwise).
          const listed = tag === "value_before_word" ? countedList(text, wordEnd, value) : null;
          if (listed) {
            for (const item of listed)
              push(out, seen, field, item.value, text.slice(item.start, item.end), item.start, ["list"]);
            continue;
          }
          if (field === "epochs" && tag === "value_before_word" && isEpochMoment(text, start, wordEnd)) {
            // "reaches 65.5 % accuracy after 350 epochs": a result at the end of the run states its length.
            const upToCount = text.slice(0, start);
            if (!(/\bafter\s+$/i.test(upToCount) && RESULT_BEFORE.test(upToCount))) continue;
          }
          push(out, seen, field, value, n[0].trim(), start, [tag]);
        }
      }
    }
  }
}

/** Durations, device-hours and device counts anywhere: the selector tells training time from the rest. */
function quantities(text: string, out: Candidate[], seen: Set<string>): void {
  DEVICE_HOURS.lastIndex = 0;
  const deviceHourSpans: Array<[number, number]> = [];
  for (let m = DEVICE_HOURS.exec(text); m; m = DEVICE_HOURS.exec(text)) {
    const amount = numberValue(m[1] as string, m[2]);
    const perUnit = /^d/i.test(m[4] as string) ? 24 : 1;
    if (amount === null) continue;
    deviceHourSpans.push([m.index, m.index + m[0].length]);
    if (isRatePerData(text, m.index, m.index + m[0].length)) continue;
    push(out, seen, "gpu_hours", amount * perUnit, m[0], m.index, ["device_hours_unit"]);
  }
  DURATION.lastIndex = 0;
  for (let m = DURATION.exec(text); m; m = DURATION.exec(text)) {
    if (deviceHourSpans.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
    // "3D", "2D": a dimension, not days; "^1H", "1H NMR": a hydrogen isotope, not an hour.
    if (m[2] === "D" || m[2] === "H" || (m[2] === "d" && !/\s/.test(m[0]))) continue;
    // "the 1960s", "since the 2010s": a decade, not seconds ("1800 s", "took 1980s of wall-clock" stay durations).
    if (
      m[2] === "s" &&
      /^(?:1[5-9]|20)\d0$/.test(m[1] as string) &&
      !/\s/.test(m[0]) &&
      /\b(?:the|early|late|mid-?|since|in)\s+$/i.test(text.slice(Math.max(0, m.index - 8), m.index))
    )
      continue;
    // "+1h", "t+24h": a forecast's lead time, not how long anything ran.
    if (/(?:^|[\s(|,])\+$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    // A change between two durations reads as before: the one next to the unit.
    const range = /^(\S+)\s*to\s*(\S+)$/.exec(m[1] as string);
    const changed = range !== null && CHANGE_BEFORE.test(text.slice(Math.max(0, m.index - 60), m.index));
    const duration = parseDuration(`${changed ? range[2] : m[1]} ${m[2]}`);
    if (!duration) continue;
    const at = changed ? m.index + m[0].indexOf(range[2] as string, (range[1] as string).length) : m.index;
    const raw = changed ? text.slice(at, m.index + m[0].length) : m[0];
    push(out, seen, "training_time_hours", duration.hours, raw, at, ["duration_unit"]);
  }
  DURATION_IN_WORDS.lastIndex = 0;
  for (let m = DURATION_IN_WORDS.exec(text); m; m = DURATION_IN_WORDS.exec(text)) {
    if (VAGUER_AMOUNT_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
    if (!isOneNumberInWords(m[1] as string)) continue;
    const amount = parseNumberWords(m[1] as string);
    const unit = parseDurationUnit(m[2] as string);
    if (amount === null || unit === null) continue;
    push(out, seen, "training_time_hours", toHours(amount, unit), m[0], m.index, ["duration_unit"]);
  }
  DEVICE_COUNT.lastIndex = 0;
  for (let m = DEVICE_COUNT.exec(text); m; m = DEVICE_COUNT.exec(text)) {
    // Matches may nest ("100 epochs on 16 GPUs"): the next search starts right after this count.
    DEVICE_COUNT.lastIndex = m.index + (m[1] as string).length;
    // "~400 GPU-hours": an amount of device time, not a count of devices.
    if (deviceHourSpans.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
    const count = numberValue(m[1] as string, undefined) ?? parseWritten(m[1] as string);
    if (count === null || !Number.isInteger(count) || count > 100_000) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (NOT_A_VALUE_BEFORE.test(before) || MODEL_NUMBER_BEFORE.test(before)) continue;
    const rest = m[0].slice((m[1] as string).length);
    if (COUNTED_BETWEEN.test(rest) || /^\s*Ti\b/i.test(rest)) continue;
    // "105B tokens Model GPUs": a number glued to a word is a size or a name, unless the word is the device.
    if (
      /^[A-WYZa-wyz]/.test(rest) &&
      !/^(?:gpus?|tpus?|npus?|ipus?|cards?|chips?|cores?|devices?)\b/i.test(rest)
    )
      continue;
    if (/^cards?$/i.test(m[2] as string) && !cardsAreDevices(text)) continue;
    if (devicesAreDataSources(text, m.index, m[2] as string)) continue;
    push(out, seen, "accelerator_count", count, (m[1] as string).trim(), m.index, ["device_word"]);
  }
}

/**
 * One device named with an article: "an NVIDIA GTX 2080 Ti GPU", "a Tesla T4 GPU" (not "a GPU cluster", "a
 * GPU-based method", "a GPU with 24 GB").
 */
const ONE_DEVICE =
  /\b(?:[Aa]n?|[Oo]ne)\s+(?:single\s+)?(?:(?!\d+[x×])(?:[A-Z][\w-]*|[A-Za-z]*\d[\w-]*|[Tt]i|\d+\s?Gi?B)\s+){1,5}?(?:GPU|gpu|TPU|[Gg]raphics\s+[Cc]ard|[Aa]ccelerator)\b(?![-\w]|\s+(?:cluster|server|node|machine|memory|hours?|days?|instance|pod|slice|v\d)s?\b)/g;

function oneDevice(text: string, out: Candidate[], seen: Set<string>): void {
  ONE_DEVICE.lastIndex = 0;
  for (let m = ONE_DEVICE.exec(text); m; m = ONE_DEVICE.exec(text))
    push(out, seen, "accelerator_count", 1, m[0], m.index, ["device_word", "article"]);
}

/** Model names that carry their size. */
function namedSizes(text: string, out: Candidate[], seen: Set<string>): void {
  NAME_SIZE.lastIndex = 0;
  for (let m = NAME_SIZE.exec(text); m; m = NAME_SIZE.exec(text)) {
    const value = Number(m[1]) * scaleOf(m[2]);
    if (!Number.isFinite(value) || value < 1e6) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    if (DATASET_NAMES.test(before)) continue;
    if (PROSE_WORD_BEFORE.test(before) || ITEM_BEFORE.test(before)) continue;
    if (COURSE_BEFORE.test(before) && /^\d{3,4}$/.test(m[1] as string)) continue;
    if (COUNTED_AFTER.test(after.replace(/^\s*\[cite\]/, ""))) continue;
    // "CA^i-1B" in a formula: an exponent's index, not a name.
    if (before.slice(-4).includes("^")) continue;
    // One digit spaced on both sides ("Raspberry Pi 4 B", "RPi 3 B+") is a model letter, not billions ("Llama 7B",
    // "OPT 1.3B", "LLaMA 65 B on 8 GPUs" are sizes); "76 B Pretraining Hyperparameters" and "83 B.1" are a table of
    // contents' page number before an appendix's letter.
    if (
      /\s/.test(m[0]) &&
      /\s$/.test(before) &&
      (/^\d\s/.test(m[0]) || after.startsWith("+") || /^\s+[A-Z][a-z]/.test(after))
    )
      continue;
    if (/^\.\d/.test(after)) continue;
    push(out, seen, "params", value, m[0], m.index, ["model_name_size"]);
  }
}

/** A column of durations: "Time (h)", "Training time [min]", "GPU hours", "Train. (days)". */
const TIME_HEADER =
  /\b(?:(?:train(?:ing)?\.?|wall[- ]?clock|run(?:ning)?|total|compute)\s*)?(?:run-?time|time|duration|cost)\b[^|]*?[([]\s*(h|hrs?|hours?|min|mins?|minutes?|s|secs?|seconds?|d|days?)\s*[)\]]|^\s*train(?:ing)?\s+(hours|days)\s*$/i;
const NOT_TRAINING_COLUMN =
  /\b(?:inference|test(?:ing)?|eval(?:uation)?|latency|sampling|generation|decoding|per|preprocess\w*|response|query|step|epoch|iteration)\b|\/\s*(?:img|image|sample|step|iter|epoch|batch)/i;
const DEVICE_TIME_HEADER =
  /\b(?:gpu|tpu|npu|device|accelerator|a100|v100|h100)[\s-]*(hours?|hrs?|h|days?)\b/i;

/** The field and hours per unit of a header naming a duration, or null. */
function durationColumn(header: string): { field: FactField; hoursPerUnit: number } | null {
  if (NOT_TRAINING_COLUMN.test(header)) return null;
  const device = DEVICE_TIME_HEADER.exec(header);
  const unit =
    device?.[1] ??
    (() => {
      const m = TIME_HEADER.exec(header);
      return m ? (m[1] ?? m[2]) : undefined;
    })();
  const parsed = unit ? parseDurationUnit(unit) : null;
  if (!parsed) return null;
  return { field: device ? "gpu_hours" : "training_time_hours", hoursPerUnit: toHours(1, parsed) };
}

/**
 * "Sequential models | batch size, max epochs, patience | 64, 80, 10": a cell listing values, as many as the names
 * listed by the cell before it or by its column's header, pairs them in order. Returns the fields it paired.
 */
function pairedCell(
  cell: string,
  at: number,
  namings: ReadonlyArray<string | undefined>,
  out: Candidate[],
  seen: Set<string>,
): FactField[] {
  // "1,024" is one number, not a list of 1 and 24: a comma before three digits lists nothing here.
  if (/\d,\d{3}(?!\d)/.test(cell)) return [];
  const values = cell.split(LIST_SEPARATOR).map((v) => v.trim());
  if (values.length < 2) return [];
  for (const naming of namings) {
    const names = naming?.split(LIST_SEPARATOR).map((n) => n.trim());
    if (names?.length !== values.length) continue;
    const pairs = pairSettings(names, values);
    if (!pairs?.length) continue;
    let from = 0;
    for (const { field, value, raw } of pairs) {
      const start = cell.indexOf(raw, from);
      if (start < 0) return [];
      from = start + raw.length;
      push(out, seen, field, value, raw, at + start, ["respectively"]);
    }
    return pairs.map((p) => p.field);
  }
  return [];
}

/**
 * Numbers of a table row under a header naming a field, or on a row whose label names one. Returns the fields of
 * listed cells it paired (pairedCell), which the words around the values then leave alone.
 */
function tableCellsOf(sentence: SentenceView, out: Candidate[], seen: Set<string>): Set<FactField> {
  const paired = new Set<FactField>();
  const table = sentence.table;
  if (!table) return paired;
  const cells = tableCells(sentence.text);
  const rowField = fieldOfWords(cells[0] ?? "");
  let cursor = 0;
  cells.forEach((cell, column) => {
    const at = sentence.text.indexOf(cell, cursor);
    if (at >= 0) cursor = at + cell.length;
    if (column === 0 || at < 0) return;
    const pairedFields = pairedCell(cell, at, [cells[column - 1], table.header?.[column]], out, seen);
    if (pairedFields.length) {
      for (const field of pairedFields) paired.add(field);
      return;
    }
    const header = table.header?.[column] ?? null;
    const duration = header ? durationColumn(header) : null;
    if (duration) {
      // A plain number under a duration header: the header's unit ("1.13" under "Time (h)").
      const plain = /^[~≈]?\s*(\d+(?:\.\d+)?)\s*$/.exec(cell);
      if (plain) {
        const start = at + cell.indexOf(plain[1] as string);
        const hours = roundTo(Number(plain[1]) * duration.hoursPerUnit, 3);
        push(out, seen, duration.field, hours, plain[1] as string, start, ["table_header"]);
      }
      return;
    }
    // A header that measures something of the field ("Epoch speedup", "Time per epoch") does not count it.
    const headerField = header && !MEASURE_HEADER.test(header) ? fieldOfWords(header) : null;
    // A row and a column naming two fields ("Batch size" under "Epochs") leave the cell's field unknown.
    if (headerField && rowField && headerField !== rowField) return;
    const field = headerField ?? rowField;
    if (!field) return;
    // A column or row of "Hyper-parameters" holds settings (rates, slopes, sizes of other things), not a model size.
    if (field === "params" && HYPER_PARAMETERS.test((headerField ? header : cells[0]) ?? "")) return;
    // A device count is a plain number ("8"), not a model number or a memory size ("RTX 3090", "A100 40GB").
    if (field === "accelerator_count" && !/^\s*\d{1,6}\s*$/.test(cell)) return;
    NUMBER.lastIndex = 0;
    const n = NUMBER.exec(cell);
    if (!n) return;
    const scaled = n[2] ? undefined : header ? HEADER_SCALE.exec(header)?.[1] : undefined;
    const value = numberValue(n[1] as string, n[2] ?? scaled);
    if (value === null) return;
    push(out, seen, field, value, n[0].trim(), at + n.index, [
      headerField ? "table_header" : "table_row_label",
    ]);
  });
  return paired;
}

export const broadExtractor: Extractor = {
  name: "broad",
  fields: [
    "epochs",
    "batch_size",
    "params",
    "steps",
    "training_time_hours",
    "gpu_hours",
    "accelerator_count",
  ],
  extract(sentence: SentenceView): Candidate[] {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const paired = tableCellsOf(sentence, out, seen);
    for (const field of respectively(sentence.text, out, seen)) paired.add(field);
    nearWords(sentence.text, out, seen, paired);
    quantities(sentence.text, out, seen);
    namedSizes(sentence.text, out, seen);
    oneDevice(sentence.text, out, seen);
    return out;
  },
};
