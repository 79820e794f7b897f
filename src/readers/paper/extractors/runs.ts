/**
 * How many times the training was run: seeds, repetitions, and hyper-parameter search trials. These multiply
 * the footprint of one run into the footprint of the project.
 */
import { COUNT, parseNumber } from "../quantities.js";
import { candidate, matchesOf, type Candidate, type Extractor } from "./types.js";

const SEEDS = new RegExp(
  String.raw`\b(${COUNT})\s+(?:different\s+|random\s+|independent\s+)*(?:random\s+)?seeds\b`,
  "gi",
);
const RUNS = new RegExp(
  String.raw`\b(?:(${COUNT})\s+(?:independent\s+|separate\s+|different\s+|random\s+|training\s+|repeated\s+)*(?:runs|repetitions|replicates|trials)\b|repeat(?:ed|s)?\s+(?:each\s+\w+\s+|every\s+\w+\s+|all\s+\w+\s+|the\s+\w+\s+|it\s+)?(${COUNT})\s+times|averaged?\s+(?:over|across)\s+(${COUNT})\s+(?:runs|seeds|trials))`,
  "gi",
);
const SEARCH = new RegExp(
  String.raw`\b(${COUNT})\s+(?:\w+\s+)?(?:hyper-?parameter\s+)?(?:trials|configurations|settings|combinations|runs)\b[^.;]{0,60}?\b(?:search|sweep|tuning|Optuna|Bayesian|grid|random)|(?:search|sweep|tuning)[^.;]{0,60}?\b(${COUNT})\s+(?:trials|configurations|combinations|runs|evaluations)\b`,
  "gi",
);

/** Hyper-parameter tuning named in the sentence: its "trials" are search trials, not repeated runs. */
const TUNING =
  /\b(search|sweep|tuning|tuned|Optuna|hyperopt|Ray Tune|HPO|hyper-?parameter|Bayesian optimi[sz]ation)\b/i;

export const runsExtractor: Extractor = {
  name: "runs",
  fields: ["seeds", "runs", "hp_trials"],
  trigger: /seed|run|trial|repeat|repetition|replicate|averag|search|sweep|configuration|tuning/i,
  extract(sentence) {
    const { text } = sentence;
    const out: Candidate[] = [];
    for (const match of matchesOf(SEEDS, text)) {
      const value = parseNumber(match[1] as string);
      if (value && Number.isInteger(value) && value < 10000) out.push(candidate("seeds", value, match, 0.75));
    }
    for (const match of matchesOf(SEARCH, text)) {
      const value = parseNumber((match[1] ?? match[2]) as string);
      if (value && Number.isInteger(value) && value < 1e6)
        out.push(candidate("hp_trials", value, match, 0.7));
    }
    for (const match of matchesOf(RUNS, text)) {
      const value = parseNumber((match[1] ?? match[2] ?? match[3]) as string);
      if (!value || !Number.isInteger(value) || value > 10000) continue;
      if (TUNING.test(text) && /trials|configurations/i.test(match[0])) {
        const end = match.index + match[0].length;
        if (!out.some((c) => c.field === "hp_trials" && c.start < end && c.end > match.index))
          out.push(candidate("hp_trials", value, match, 0.7));
        continue;
      }
      out.push(candidate("runs", value, match, 0.65));
    }
    return out;
  },
};
