/**
 * Which parameter names set which compute fact, from `data/parameter-names.json`, and how their values read.
 * The table is loaded and validated once; code asks `meaningOfName("--num-train-epochs")`.
 */
import { FACT_TAGS, type FactTag } from "../../domain/tags.js";
import { z } from "zod";
import type { FactField, FactValue } from "../../domain/facts.js";
import { lookupCheckpoint } from "./checkpoints.js";
import table from "./data/parameter-names.json" with { type: "json" };
import {
  countDeviceIds,
  parseDeviceCount,
  parsePositiveNumber,
  parsePrecision,
  parseTimeLimitHours,
  unquote,
} from "./values.js";

const Semantics = z.enum(["number", "count", "id_list", "precision", "model", "duration"]);
export type NameSemantics = z.infer<typeof Semantics>;

const Table = z.object({
  entries: z.array(
    z.object({
      field: z.string(),
      semantics: Semantics,
      weight: z.number().min(0).max(1).optional(),
      tags: z.array(z.enum(FACT_TAGS)).optional(),
      names: z.array(z.string().regex(/^[a-z0-9_]+$/)),
    }),
  ),
  eval_only_help: z.string(),
  training_help: z.string(),
});

export interface NameMeaning {
  field: FactField;
  semantics: NameSemantics;
  /** Multiplies the confidence of facts read under this name (ambiguous spellings weigh less). */
  weight: number;
  tags: FactTag[];
  /** The normalised name that matched. */
  name: string;
}

const parsed = Table.parse(table);
const MEANINGS = new Map<string, NameMeaning>();
for (const entry of parsed.entries) {
  for (const name of entry.names) {
    MEANINGS.set(name, {
      field: entry.field as FactField,
      semantics: entry.semantics,
      weight: entry.weight ?? 1,
      tags: entry.tags ?? [],
      name,
    });
  }
}
const EVAL_ONLY_HELP = new RegExp(parsed.eval_only_help, "i");
const TRAINING_HELP = new RegExp(parsed.training_help, "i");

/** `--Num-Train-Epochs` → `num_train_epochs`; `trainer.max_epochs` → `max_epochs`; `TRAIN.BATCH_SIZE` → `batch_size`. */
export function normalizeParameterName(name: string): string {
  const bare = name
    .trim()
    .replace(/^[+]{1,2}/, "")
    .replace(/^-{1,2}/, "");
  const lastSegment = bare.slice(bare.lastIndexOf(".") + 1);
  return lastSegment.replace(/-/g, "_").toLowerCase();
}

const MODEL_FAMILY =
  /^(?:bert|roberta|distil|gpt|t5|bart|xlm|albert|electra|deberta|llama|mistral|opt|bloom|pythia|vit|clip|whisper|wav2vec|mt5|flan|falcon|phi|qwen)[\w.-]*$/i;

/**
 * A model checkpoint name, or null: accepted when it is catalogued, written as a Hub id (`org/name`), or named
 * after a well-known model family. Local paths and arbitrary labels (`spandetect`) are not model identities.
 */
export function checkpointName(value: string): string | null {
  if (lookupCheckpoint(value)) return value;
  if (/\.(?:py|json|ya?ml|txt|pt|pth|ckpt|bin|safetensors|h5)$/i.test(value) || /^[./~]/.test(value))
    return null;
  if (
    /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(value) &&
    !/^(?:data|models?|outputs?|checkpoints?|configs?|runs?|logs?)\//i.test(value)
  ) {
    return value;
  }
  return MODEL_FAMILY.test(value) ? value : null;
}

const EVALUATION_KEY =
  /(?:^|_)(?:val|valid|validation|test|testing|eval|evaluation|dev|inference|infer|predict|prediction)(?:_|\d|$)/i;

/** True for config keys and variable names about evaluation data (`val_dataloader`, `test`, `eval_args`). */
export function isEvaluationName(name: string): boolean {
  return EVALUATION_KEY.test(name.replace(/-/g, "_"));
}

/** The fact a parameter/key/constant name sets, or null when the name is not a compute setting. */
export function meaningOfName(name: string): NameMeaning | null {
  return MEANINGS.get(normalizeParameterName(name)) ?? null;
}

/** True when a parameter's help text says it is about evaluation, episodes, warm-up... rather than training. */
export function isNonTrainingHelp(help: string | null): boolean {
  if (!help) return false;
  return EVAL_ONLY_HELP.test(help) && !TRAINING_HELP.test(help);
}

/**
 * Reads a raw value (literal text as written) under a name's semantics; null when the value is not a usable
 * setting (zero, -1, "auto", a device index where a count is needed, an interpolation).
 */
export function interpretValue(meaning: NameMeaning, raw: string): FactValue | null {
  const text = raw.trim();
  if (text === "" || /\$\{|\$\(|^\$/.test(text)) return null;
  switch (meaning.semantics) {
    case "number": {
      const value = parsePositiveNumber(unquote(text));
      return value;
    }
    case "count":
      return /^[[(]/.test(text) || text.includes(",")
        ? countDeviceIds(text)
        : parseDeviceCount(unquote(text));
    case "id_list":
      return countDeviceIds(text);
    case "precision":
      return parsePrecision(meaning.name, text);
    case "model":
      return checkpointName(unquote(text));
    case "duration":
      return parseTimeLimitHours(unquote(text), "dd:hh:mm:ss");
  }
}
