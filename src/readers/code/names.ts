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

/**
 * `--Num-Train-Epochs` → `num_train_epochs`; `trainer.max_epochs` → `max_epochs`; `TRAIN.BATCH_SIZE` → `batch_size`;
 * camelCase split at its humps: `trainingEpochs` → `training_epochs`, `numGPUs` → `num_gpus`.
 */
export function normalizeParameterName(name: string, splitCamelCase = true): string {
  const bare = name
    .trim()
    .replace(/^[+]{1,2}/, "")
    .replace(/^-{1,2}/, "");
  const lastSegment = bare.slice(bare.lastIndexOf(".") + 1);
  return (splitCamelCase ? lastSegment.replace(/([a-z0-9])([A-Z])/g, "$1_$2") : lastSegment)
    .replace(/-/g, "_")
    .toLowerCase();
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

/**
 * Step, epoch and batch names spelled in ways the table does not list, read by their parts: a count prefix
 * (`n_`, `num_`, `nb_`, `number_of_`, `total_`, `max_`, glued `n`), an optional `train_`/`training_` infix, and a
 * stem in singular or plural (`n_update`, `n_train_iters`, `num_train_iter`, `nsteps`, `max_time_steps`). A bare
 * stem (`steps`, `update`, `epoch`) is not read: alone it is too often a loop variable or a rollout length.
 */
const COUNT_PREFIX = "(?:n_?|num_|nb_|number_of_|total_|max_|max_num_|total_num_)";
const TRAIN_INFIX = "(?:train(?:ing)?_)";
const GENERIC_NAMES: { pattern: RegExp; field: FactField; weight: number; tags: FactTag[] }[] = [
  // Reinforcement learning's environment steps. Not `num_timesteps`/`num_train_timesteps`: in diffusion models
  // those are noise-schedule lengths.
  {
    pattern:
      /^(?:total|max)_?(?:env_|environment_)?time_?steps?$|^(?:n|num|nb|total|max)_(?:env|environment)_steps?$/,
    field: "steps",
    weight: 0.8,
    tags: ["env_steps"],
  },
  {
    pattern: new RegExp(
      `^(?:${COUNT_PREFIX}${TRAIN_INFIX}?|${TRAIN_INFIX}${COUNT_PREFIX})(?:steps?|updates?|iters?|iterations?|gradient_steps?|optim(?:ization|isation)?_steps?)$`,
    ),
    field: "steps",
    weight: 0.7,
    tags: [],
  },
  // Bilevel and meta-learning's outer loop is the training run (`outer_steps`, `num_meta_iters`); its `inner_*`
  // loop is each update's own solver and stays unread.
  {
    // Plural only: a singular `meta_step` or `outer_step` is a step size (Reptile's `--meta-step 0.1`).
    pattern: new RegExp(`^${COUNT_PREFIX}?(?:outer|meta)_(?:loop_)?(?:steps|iters|iterations|updates)$`),
    field: "steps",
    weight: 0.7,
    tags: [],
  },
  {
    pattern: new RegExp(`^(?:${COUNT_PREFIX}${TRAIN_INFIX}?|${TRAIN_INFIX}${COUNT_PREFIX})epochs?$`),
    field: "epochs",
    weight: 0.8,
    tags: [],
  },
  // The cap written after the stem (`epoch_lim = 300`, `epochs_limit`): the number of epochs the loop runs to.
  {
    pattern: new RegExp(`^(?:${TRAIN_INFIX})?epochs?_(?:lim|limit)$`),
    field: "epochs",
    weight: 0.8,
    tags: [],
  },
  // What one batch holds, counted: `games_per_batch`, `episodes_per_batch`, `num_samples_per_batch`.
  {
    pattern:
      /^(?:n_|num_)?(?:games|episodes|samples|examples|sequences|images|items|trajectories)_per_batch$/,
    field: "batch_size",
    weight: 0.8,
    tags: [],
  },
];
/**
 * A run-length or batch name qualified by the model part or stage it trains (`num_epochs_classifier`,
 * `batch_size_generator`, `epochs_pretrain`, `n_iters_stage2`): the same setting of one part of the run, weighed a
 * little less. Only these words: `batch_size_eval` or `epochs_per_eval` are other settings.
 */
const PART_SUFFIX =
  /_(?:classifier|explainer|explanation|generator|discriminator|gen|disc|encoder|decoder|actor|critic|policy|student|teacher|vae|gan|autoencoder|ae|model|net|main|pretrain(?:ing)?|finetun(?:e|ing)|ft|stage_?\d|phase_?\d|per_(?:task|stage|phase|expansion))$/;
/**
 * The same parts or stages named first (`gan_epochs`, `classifier_batch_size`, `bc_epochs`, `sft_batch_size`,
 * `stage2_epochs`): the epochs or batch of one part or stage of the model's run. Not steps, and not reinforcement learning's or a GAN's inner loops (`policy_epochs`, `critic_iters`,
 * `disc_iters`: per update), nor `gen_` (`gen_batch_size` is as often a data generation's batch as a generator's).
 */
const PART_PREFIX =
  /^(?:classifier|clf|explainer|generator|encoder|decoder|student|teacher|vae|gan|autoencoder|ae|bc|sft|dpo|pretrain(?:ing)?|pt|ft|finetun(?:e|ing)|distill(?:ation)?|stage_?\d|phase_?\d)_/;
const PREFIXED_FIELDS: ReadonlySet<FactField> = new Set(["epochs", "batch_size"]);
const PART_WEIGHT = 0.8;
/** n-step returns in reinforcement learning (`n_step=3`): a horizon, not a count of updates. */
const NOT_STEP_COUNTS = new Set(["n_step", "nstep"]);
/** `default_max_steps`, `def_batch_size`: a default of the setting is the setting. */
const DEFAULT_PREFIX = /^(?:default|def|dflt)_/;
/** Id-list names with a qualifier (`cuda_device_ids`, `train_gpu_ids`). */
const ID_LIST_SUFFIX = /^[a-z0-9_]*_(?:device_ids|gpu_ids|gpu_list)$/;
/**
 * Keys nested under an inner solver, planner or sampler (`dcem.params.n_iter`, `mpc.n_iters`, `inner.max_iter`):
 * their iterations are the inner loop's, not the training run's. Not `solver`/`optimizer`: Detectron2's
 * `SOLVER.MAX_ITER` and Caffe's solver `max_iter` are the training length.
 */
const INNER_SOLVER_KEY =
  /(?:^|_)(?:inner|ctrl|controller|planner|mpc|lbfgs|line_search|linesearch|newton|admm|sinkhorn|sampler|sampling|decoder|decoding|generation|beam)(?:_|$)|cem(?:_|$)/;
const INNER_SOLVER_WEIGHT = 0.6;
/**
 * The names of a debug, dry-run or smoke-test switch (`debug`, `dry_run`, `smoke_test`, `fast_dev_run`), lower case:
 * one list for the config sections here and the `if args.debug:` branches of Python code (python/analyze.ts).
 */
export const DEBUG_SWITCH_NAMES = String.raw`debug\w*|dry_?run|smoke(?:_?test)?|fast_dev_run|quick_?test|sanity(?:_check)?`;
/**
 * A switch for a debug, dry-run or smoke-test run in code (`args.debug`, `self.dry_run`, `cfg.smoke_test`): the names a
 * debug config section has, and the conditions only code writes (`args.quick`, `test_run`, `overfit_batches`).
 */
export const DEBUG_CONDITION = new RegExp(
  String.raw`\b(?:\w+\.)?(?:${DEBUG_SWITCH_NAMES}|quick(?:_run)?|test_run|overfit\w*)\b`,
  "i",
);
/** Config sections for debug, dry or smoke runs (`debug: {epochs: 1}`): not the configured run. */
const DEBUG_KEY = new RegExp(`^(?:${DEBUG_SWITCH_NAMES})$`);
/** A value of a debug section is kept as a candidate but trusted half as much. */
export const DEBUG_WEIGHT = 0.5;

/**
 * The fact a parameter/key/constant name sets, or null when the name is not a compute setting. `parents` are the
 * keys above a config leaf or dict entry (outermost first): values under a debug/dry-run/smoke section weigh half
 * and are tagged `debug`; steps nested under an inner solver's options weigh less and are tagged `auxiliary`.
 */
export function meaningOfName(name: string, parents: readonly string[] = []): NameMeaning | null {
  const normalized = normalizeParameterName(name);
  // Glued camelCase the table lists whole (`bSize` → `bsize`) when its humps name nothing (`b_size`).
  const glued = normalizeParameterName(name, false);
  // A private attribute or constant (`self._batch_size`, `_EPOCHS`) names the same setting, unless the underscore
  // is part of a known name (`_name_or_path`).
  const meaning =
    baseMeaning(normalized) ??
    (/^_+[a-z]/.test(normalized) ? baseMeaning(normalized.replace(/^_+/, "")) : null) ??
    (glued !== normalized ? baseMeaning(glued) : null);
  if (!meaning || parents.length === 0) return meaning;
  if (parents.some((key) => DEBUG_KEY.test(normalizeParameterName(key)))) {
    return { ...meaning, weight: meaning.weight * DEBUG_WEIGHT, tags: [...meaning.tags, "debug"] };
  }
  if (meaning.field !== "steps") return meaning;
  const inner = parents.some((key) => INNER_SOLVER_KEY.test(normalizeParameterName(key)));
  return inner
    ? { ...meaning, weight: meaning.weight * INNER_SOLVER_WEIGHT, tags: [...meaning.tags, "auxiliary"] }
    : meaning;
}

/** A common misspelling of the plural (`epoches`, `max_epoches`, absl's `FLAGS.epoches`): read as `epochs`. */
const MISSPELT_EPOCHS = /epoches/;

function baseMeaning(spelt: string): NameMeaning | null {
  const normalized = spelt.replace(MISSPELT_EPOCHS, "epochs");
  const known = MEANINGS.get(normalized);
  if (known) return known;
  const bare = normalized.replace(DEFAULT_PREFIX, "");
  if (bare !== normalized && MEANINGS.has(bare)) return MEANINGS.get(bare)!;
  if (ID_LIST_SUFFIX.test(bare)) {
    return { ...MEANINGS.get("gpu_ids")!, name: bare };
  }
  if (NOT_STEP_COUNTS.has(bare)) return null;
  for (const generic of GENERIC_NAMES) {
    if (generic.pattern.test(bare)) {
      return {
        field: generic.field,
        semantics: "number",
        weight: generic.weight,
        tags: generic.tags,
        name: bare,
      };
    }
  }
  const part = PART_SUFFIX.exec(bare);
  const prefix = part ? null : PART_PREFIX.exec(bare);
  const rest = part ? bare.slice(0, part.index) : prefix ? bare.slice(prefix[0].length) : null;
  if (rest) {
    const whole = baseMeaning(rest);
    const fields = prefix ? PREFIXED_FIELDS : RUN_LENGTH_OR_BATCH;
    if (whole && fields.has(whole.field)) return { ...whole, weight: whole.weight * PART_WEIGHT, name: bare };
  }
  return null;
}
const RUN_LENGTH_OR_BATCH: ReadonlySet<FactField> = new Set(["epochs", "steps", "batch_size"]);

/**
 * What a field's help text says when the name is the field's but the setting is something else: CPU processes or
 * environments counted under `--num-processes`; a rollout's forward steps under `--num-steps` (A2C/PPO).
 */
const NOT_THE_FIELD_HELP: Partial<Record<FactField, { says: RegExp; unless: RegExp }>> = {
  accelerator_count: {
    says: /\b(?:CPUs?|environments?|envs?|actors?|data ?load\w*)\b/i,
    unless:
      /\b(?:GPUs?|TPUs?|devices?|accelerators?|nodes?|cuda|distributed|world)\b|\bprocess(?:es)? per (?:node|machine)\b/i,
  },
  steps: {
    says: /\bforward steps\b|\bsteps? (?:per|in each|of each|in a|of a) (?:update|rollout|episode|environment|env)\b|\b(?:rollout|horizon|unroll)\b/i,
    unless: /\btotal\b|\bnumber of (?:training|gradient|optimi[sz]ation) (?:steps|updates)\b/i,
  },
};

/**
 * True when a parameter's help text says it is about evaluation, episodes, warm-up... rather than training, or (given
 * the field its name sets) about something else than that field.
 */
export function isNonTrainingHelp(help: string | null, field?: FactField): boolean {
  if (!help) return false;
  const other = field ? NOT_THE_FIELD_HELP[field] : undefined;
  if (other && other.says.test(help) && !other.unless.test(help)) return true;
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
