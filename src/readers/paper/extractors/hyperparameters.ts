/**
 * Epochs, optimisation steps and batch size: the figures that turn a per-step cost into a training cost.
 * A number of epochs is read only where it counts a training run ("trained for 100 epochs"), not where it marks
 * a moment ("after 10 epochs", "decayed at epoch 30", "every 5 epochs", "10 warm-up epochs").
 */
import type { FactTag } from "../../../domain/tags.js";
import { scaleOf } from "../../../domain/numbers.js";
import {
  COUNT,
  DECIMAL,
  NAME_DECIMAL_POINT,
  SCALE,
  OTHER_PASS,
  OTHER_PASS_BEFORE,
  countedList,
  isEpochMoment,
  parseNumber,
} from "../quantities.js";
import { candidate, matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

const TRAIN_VERB = String.raw`(?:train(?:ed|ing|s)?|pre-?train(?:ed|ing|s)?|fine-?tun(?:ed|ing|es?)|optimi[sz](?:ed|ing|es?)|ran|run(?:s|ning)?|learn(?:ed|ing|s)?|converge[sd]?)`;
const MODIFIER = String.raw`(?:a total of|total of|up to|about|approximately|around|roughly|only|just|at most|a maximum of|maximum of|max(?:imum)?|over|another|an additional|additional|further)`;

/**
 * A "key=value" setting read only where a list of settings is written: after a colon, a comma or a semicolon, at the
 * start, or after "use"/"set"/"with" ("settings: epoch=5, batch=32"); "at epoch=5", "when epoch=30", "(epoch=37)"
 * are moments of a run.
 */
const SETTINGS_LIST_START = String.raw`(?<=(?:^|[:,;]|\b(?:use|uses|used|set|with|settings?|hyper-?parameters?))\s{0,3})`;

const EPOCH_PATTERNS: Array<{ pattern: RegExp; confidence: number }> = [
  // "trained for 100 epochs", "we fine-tune the model for three epochs", "training runs for 50 epochs"
  {
    pattern: new RegExp(
      String.raw`\b${TRAIN_VERB}\b(?:[^.;]|${NAME_DECIMAL_POINT}){0,60}?\b(?:for|over|with|during|in)\s+(?:${MODIFIER}\s+)*(${COUNT})\s+(?:training\s+|full\s+|total\s+)?epochs\b`,
      "gi",
    ),
    confidence: 0.85,
  },
  // "100 training epochs", "for 200 epochs" without a verb nearby
  {
    pattern: new RegExp(
      String.raw`\b(?:for|over)\s+(?:${MODIFIER}\s+)*(${COUNT})\s+(?:training\s+)?epochs\b`,
      "gi",
    ),
    confidence: 0.7,
  },
  // "number of epochs is 30", "maximum epoch number of 200", "epochs = 50", "epochs: 50", "epochs limit was 300"
  {
    pattern: new RegExp(
      String.raw`\b(?:(?:total |maximum |max\.? |max )?(?:number|no\.|num|#)\s*(?:of\s+)?(?:training\s+)?epochs?|(?:maximum |max\.? |total )?epochs?\s+(?:number|limit|budget|cap)|(?:training\s+)?epochs|(?=epoch\s*=)${SETTINGS_LIST_START}epoch)\s*(?:is|was|were|of|to|=|:|\||set to|equals|equal to|fixed to|fixed at)\s*(?:set to\s+)?(\d[\d,]*)\b`,
      "gi",
    ),
    confidence: 0.8,
  },
  // "the number of epochs for the fine-tuning was 30", "number of training epochs during pre-training is 10"
  {
    pattern: new RegExp(
      String.raw`\b(?:total |maximum |max )?(?:number|num|#)\s*of\s+(?:training\s+)?epochs?\s+(?:for|in|during)\s+(?:the\s+)?(?:(?:pre-?|fine-?)?(?:training|tuning)|finetuning)(?:\s+(?:stage|phase))?\s*(?:is|was|were|=|:|set to)\s*(\d[\d,]*)\b`,
      "gi",
    ),
    confidence: 0.8,
  },
  // "all experiments have 13 epochs", "every model runs for 100 epochs"
  {
    pattern: new RegExp(
      String.raw`\b(?:experiments?|models?|runs?|networks?)\s+(?:have|has|use|uses|last|lasts|(?:(?:were|are|is|was)\s+)?run\s+for|runs?\s+for|ran\s+for)\s+(?:${MODIFIER}\s+)*(${COUNT})\s+(?:training\s+)?epochs\b(?!\s+(?:fewer|more|less|between|per|each|of|before|after|than)\b)`,
      "gi",
    ),
    confidence: 0.8,
  },
  // "3 epochs for training", "50 epochs of fine-tuning"
  {
    pattern: new RegExp(
      String.raw`(?<![\w.])(${COUNT})\s+epochs\s+(?:for|of)\s+(?:pre-?|fine-?)?(?:training|tuning|optimi[sz]ation)\b`,
      "gi",
    ),
    confidence: 0.8,
  },
  // "trained for one epoch over the corpus", "fine-tuned for 1 epoch": the singular counts only one (the plural
  // patterns above need "epochs", so "for one epoch" was never proposed); not "one epoch of warm-up", "per epoch", a
  // time per epoch ("training for one epoch on ImageNet takes 3 hours", "the time to train for one epoch", "training
  // time is measured for one epoch"), nor a window ("training stops when the loss stopped decreasing over one full
  // epoch of size 8192", "for one epoch of 4096 samples").
  {
    pattern: new RegExp(
      String.raw`(?<!\b(?:time|cost|long|needed|required|takes?|took)\s+to\s+)\b${TRAIN_VERB}\b(?:(?!\b(?:time|measured|timed|speed|throughput)\b)(?:[^.;]|${NAME_DECIMAL_POINT})){0,60}?\bfor\s+(?:only\s+|just\s+)?(one|1)\s+(?:full\s+|complete\s+|single\s+)?epoch\b(?!\s+(?:of\s+(?:warm|linear|size|\d)|per)\b)(?![^.;]{0,40}\b(?:takes?|took|requires?|required|lasts?|lasted|costs?|needs?|needed)\b)`,
      "gi",
    ),
    confidence: 0.8,
  },
  // "(COUNT) epochs" anywhere else: weak on its own
  {
    pattern: new RegExp(String.raw`(?<![\w.])(${COUNT})\s+(?:training\s+)?epochs\b`, "gi"),
    confidence: 0.5,
  },
];
const STEP_PATTERN = new RegExp(
  String.raw`(?<![\w.])(${DECIMAL})(${SCALE})?\s+(?:total\s+|training\s+|optimi[sz]ation\s+|gradient\s+|update\s+|SGD\s+|Adam\s+)?(?:steps|iterations|updates)\b`,
  "gi",
);
const STEP_KEY_VALUE = new RegExp(
  String.raw`\b(?:(?:total |max(?:imum)? |number of |# ?)?(?:training )?(?:steps|iterations|updates))\s*(?:is|was|of|to|=|:|\||set to)\s*(${DECIMAL})(${SCALE})?`,
  "gi",
);
const STEP_MOMENT_BEFORE =
  /\b(?:after|every|each|first|last|initial|within|per|warm-?up(?: of| for)?|for the first|decay(?:ed)? (?:at|after)|at)\s+(?:the\s+)?(?:first\s+)?$/i;
const STEP_MOMENT_AFTER = /^\s*(?:of\s+)?(?:warm-?up|linear warm|learning rate warm|per\b)/i;

const BATCH_PATTERNS: Array<{ pattern: RegExp; confidence: number }> = [
  {
    pattern: new RegExp(
      String.raw`\b((?:global|effective|total|per[- ](?:device|gpu|GPU|core|worker|replica)|local|training|mini-?|micro-?)?\s*-?\s*batch[-_ ]?sizes?)\b(?:\s*\([^)]{0,20}\)|(?<=\(\s*(?:[\w-]+\s*)?batch[-_ ]?sizes?)\)(?=\s*[:=]))?(?:\s+\$?[A-Za-z](?:_\{?\w+\}?)?\$?(?=\s*(?:=|is\b|of\b)))?(?:\s*(?:is|was|were|of|to|=|:|\||set to|equal to|equals|fixed (?:to|at)|of size|as|being))*\s*(${DECIMAL})(?![\d]|[.,]\d)(${SCALE})?(?!\s*[-/×x]\s*\d)(\s*(?:k?\s*tokens|sequences|images|samples|examples|per (?:GPU|device|core|worker|replica)))?`,
      "gi",
    ),
    confidence: 0.85,
  },
  {
    pattern: new RegExp(
      String.raw`\b((?:mini-?)?batch(?:es)?) of (?:size\s+)?(${DECIMAL})(?![\d]|[.,]\d)(${SCALE})?(?!\s*[-/×x]\s*\d)(\s*(?:k?\s*tokens|sequences|images|samples|examples))?`,
      "gi",
    ),
    confidence: 0.75,
  },
  // "mini-batches of size sixty-four": a size in words, not followed by more of the number or a bound
  {
    pattern: new RegExp(
      String.raw`\b((?:mini-?)?batch(?:es)?) of size (${COUNT})(?![\w-]|\s+(?:and|or|hundred|thousand|more|less|to)\b)()()`,
      "gi",
    ),
    confidence: 0.75,
  },
  // "mini-batches are of size S = 100", "the size of the data mini-batch is 20", "batch=32" in a settings list
  {
    pattern: new RegExp(
      String.raw`\b((?:mini-?)?batch(?:es)?)\s+(?:are|is|were|was)\s+of\s+size\s+(?:[A-Za-z]\s*=\s*)?(${DECIMAL})(?![\d]|[.,]\d)(${SCALE})?(\s*per (?:GPU|device|core|worker|replica))?`,
      "gi",
    ),
    confidence: 0.75,
  },
  {
    pattern: new RegExp(
      String.raw`\bsize of (?:the|each|a)\s+(?:data\s+|training\s+)?((?:mini-?)?batch(?:es)?)\s+(?:is|was|=)\s+(${DECIMAL})(?![\d]|[.,]\d|\s*(?:\^|×|times\b))(${SCALE})?(\s*per (?:GPU|device|core|worker|replica))?`,
      "gi",
    ),
    confidence: 0.75,
  },
  {
    pattern: new RegExp(
      String.raw`(?=batch\s*=)${SETTINGS_LIST_START}\b(batch)\s*=\s*(${DECIMAL})(?![\d]|[.,]\d)(${SCALE})?(\s*per (?:GPU|device|core|worker|replica))?`,
      "gi",
    ),
    confidence: 0.7,
  },
];

/** "train for 100 and 200 epochs on MNIST and CIFAR, respectively": one value per dataset, all stated. */
const EPOCH_LIST = new RegExp(
  String.raw`\b(?:for|over)\s+((?:${COUNT})(?:\s*(?:,|and|or|\/)\s*(?:${COUNT}))+)\s+(?:training\s+)?epochs\b`,
  "gi",
);

/** One value of a list of epochs ("100 and 200 epochs", "two epochs (10 and 20)"), pointing at its number. */
function listedEpochs(value: number, start: number, end: number, raw: string, confidence: number): Candidate {
  return { field: "epochs", value, raw, start, end, confidence, tags: ["list"] };
}

function epochCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const seen = new Set<number>();
  const trainingWord = new RegExp(String.raw`\b${TRAIN_VERB}\b`, "i").test(text);
  for (const match of matchesOf(EPOCH_LIST, text)) {
    const list = match[1] as string;
    const listStart = match.index + match[0].indexOf(list);
    for (const item of list.matchAll(new RegExp(String.raw`${COUNT}`, "gi"))) {
      const value = parseNumber(item[0]);
      if (value === null || value <= 0 || !Number.isInteger(value)) continue;
      const start = listStart + (item.index ?? 0);
      seen.add(start);
      out.push(
        listedEpochs(value, start, start + item[0].length, match[0].trim(), trainingWord ? 0.75 : 0.6),
      );
    }
  }
  for (const { pattern, confidence } of EPOCH_PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      const numberStart = match.index + match[0].lastIndexOf(match[1] as string);
      if (
        seen.has(numberStart) ||
        [...seen].some((s) => s > match.index && s < match.index + match[0].length)
      )
        continue;
      const value = parseNumber(match[1] as string);
      if (value === null || value <= 0 || value > 1e6 || !Number.isInteger(value)) continue;
      if (isEpochMoment(text, numberStart, match.index + match[0].length)) continue;
      seen.add(numberStart);
      const rowConfidence = sentence.kind === "table_row" ? confidence - 0.15 : confidence;
      // "trained with two epochs (10 and 20)": the count announces the settings listed after it.
      const listed = countedList(text, match.index + match[0].length, value);
      if (listed) {
        for (const item of listed)
          if (item.value > 0 && !seen.has(item.start)) {
            seen.add(item.start);
            out.push(
              listedEpochs(item.value, item.start, item.end, text.slice(item.start, item.end), rowConfidence),
            );
          }
        continue;
      }
      out.push(candidate("epochs", value, match, rowConfidence));
    }
  }
  return out;
}

function stepCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const trainingWord = new RegExp(String.raw`\b${TRAIN_VERB}\b`, "i").test(text);
  for (const [pattern, base] of [
    [STEP_PATTERN, trainingWord ? 0.75 : 0.5],
    [STEP_KEY_VALUE, 0.75],
  ] as const) {
    for (const match of matchesOf(pattern, text)) {
      const value = parseNumber(match[1] as string);
      if (value === null) continue;
      const steps = value * scaleOf(match[2]);
      if (steps < 10 || steps > 1e9 || !Number.isInteger(Math.round(steps))) continue;
      if (STEP_MOMENT_BEFORE.test(text.slice(Math.max(0, match.index - 30), match.index))) continue;
      if (STEP_MOMENT_AFTER.test(text.slice(match.index + match[0].length))) continue;
      out.push(
        candidate("steps", Math.round(steps), match, sentence.kind === "table_row" ? base - 0.1 : base),
      );
    }
  }
  return out;
}

function batchCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const seen = new Set<number>();
  for (const { pattern, confidence } of BATCH_PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      const value = parseNumber(match[2] as string);
      if (value === null || value <= 0) continue;
      const size = value * scaleOf(match[3]);
      const numberStart = match.index + match[0].indexOf(match[2] as string, (match[1] as string).length);
      if (seen.has(numberStart)) continue;
      seen.add(numberStart);
      if (OTHER_PASS_BEFORE.test(text.slice(Math.max(0, match.index - 25), match.index))) continue;
      // "Evaluation is performed with batch=1": a setting of another pass named earlier in the clause.
      if (/=/.test(match[0]) && OTHER_PASS.test(text.slice(Math.max(0, match.index - 40), match.index)))
        continue;
      const qualifier = `${match[1]} ${match[4] ?? ""}`.toLowerCase();
      const tags: FactTag[] = [];
      if (/global|effective|total/.test(qualifier)) tags.push("global");
      if (/per[- ]|local|micro/.test(qualifier)) tags.push("per_device");
      if (/token/.test(qualifier)) tags.push("tokens");
      if (!Number.isInteger(size) || size > 1e8) continue;
      out.push(
        candidate("batch_size", size, match, sentence.kind === "table_row" ? confidence - 0.05 : confidence, {
          tags,
        }),
      );
    }
  }
  return out;
}

export const hyperparameterExtractor: Extractor = {
  name: "hyperparameters",
  fields: ["epochs", "steps", "batch_size"],
  trigger: /epoch|step|iteration|update|batch/i,
  extract(sentence) {
    return [...epochCandidates(sentence), ...stepCandidates(sentence), ...batchCandidates(sentence)];
  },
};
