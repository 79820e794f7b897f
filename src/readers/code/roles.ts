/**
 * What a file's path says about its role: training code, evaluation/inference code, or something else (tests,
 * plotting, data preparation). Patterns live in `data/file-roles.json`.
 */
import { z } from "zod";
import type { FactContext } from "../../domain/facts.js";
import roles from "./data/file-roles.json" with { type: "json" };

const Roles = z.object({
  other_directories: z.string(),
  other_basenames: z.string(),
  inference_words: z.array(z.string()),
  /** Words of a launch file's name that make its runs evaluations (`eval.sh`, `run_inference.sh`, `predict.sh`). */
  evaluation_launch_words: z.array(z.string()),
  training_words: z.array(z.string()),
  training_basenames: z.string(),
  strong_training_basenames: z.string(),
});
const parsed = Roles.parse(roles);
const OTHER_DIRECTORIES = new RegExp(parsed.other_directories, "i");
const OTHER_BASENAMES = new RegExp(parsed.other_basenames, "i");
const INFERENCE_WORDS = new Set(parsed.inference_words);
const EVALUATION_LAUNCH_WORDS = new Set(parsed.evaluation_launch_words);
const TRAINING_WORDS = new Set(parsed.training_words);
const TRAINING_BASENAMES = new RegExp(parsed.training_basenames, "i");
const STRONG_TRAINING_BASENAMES = new RegExp(parsed.strong_training_basenames, "i");

/** `src/train_cls.py` → `train_cls`. */
export function baseNameWithoutExtension(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/** `evalModel_v2` → ["eval", "model", "v2"]; `evalSemEval` → ["eval", "semeval"] (a venue, not an evaluation). */
function wordsOf(base: string): string[] {
  return base
    .replace(/semeval/gi, "_semeval_")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter((w) => w !== "");
}

/**
 * The context facts read from this file get: settings in eval/inference scripts describe inference; tests,
 * docs, plotting, data preparation and vendored third-party code describe nothing about this training.
 */
export function contextForPath(path: string): FactContext {
  if (OTHER_DIRECTORIES.test(path)) return "other";
  const base = baseNameWithoutExtension(path);
  const words = wordsOf(base);
  const training = words.some((w) => TRAINING_WORDS.has(w));
  if (!training && words.some((w) => INFERENCE_WORDS.has(w))) return "inference";
  if (!training && OTHER_BASENAMES.test(base)) return "other";
  return "training";
}

/** Tests, docs, vendored and other folders whose code runs nothing we summarise (`tests/`, `third_party/`). */
export function inOtherDirectory(path: string): boolean {
  return OTHER_DIRECTORIES.test(path);
}

/**
 * The context of the runs a launch file starts: "other" for tests, docs and vendored code; "inference" for a file
 * named for evaluation with no training word (`eval.sh` running `main.py --eval`); else null, and the launched
 * script decides.
 */
export function launchFileContext(path: string): FactContext | null {
  if (contextForPath(path) === "other") return "other";
  const words = wordsOf(baseNameWithoutExtension(path));
  if (words.some((w) => TRAINING_WORDS.has(w))) return null;
  return words.some((w) => EVALUATION_LAUNCH_WORDS.has(w)) ? "inference" : null;
}

/** How strongly the name says "training script": 2 for train*.py/finetune*.py, 1 for main.py/run_*.py, else 0. */
export function trainingNameScore(path: string): number {
  const base = baseNameWithoutExtension(path);
  if (STRONG_TRAINING_BASENAMES.test(base)) return 2;
  if (TRAINING_BASENAMES.test(base)) return 1;
  return 0;
}
