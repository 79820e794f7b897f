/**
 * Paper against code, field by field: `match`, `mismatch` (both values, both evidences), `paper_only`,
 * `code_only`, or `needs_human` when a difference has an innocent explanation we cannot rule out.
 *
 * Tolerances are explicit:
 * - numbers match within 10 % (rounding in prose: "about 36 hours");
 * - a paper value matches when it equals any value the main training code sets (several configs, an override on
 *   a launch command and the script's default are all read);
 * - hardware matches by family (an "A100" paper and an "A100 80GB" job match);
 * - a batch size off by an integer factor may be per-device vs global (devices × accumulation): needs a human;
 * - a wall-clock time within a scheduler's time limit (`#SBATCH --time`) is consistent with it;
 * - parameter counts differ legitimately (a pre-trained backbone vs the trained part): needs a human.
 */
import { CONFIDENCE_BAR } from "../domain/confidence.js";
import { hardwareFamily } from "../catalog/index.js";
import type { Fact, FactValue, Summary } from "../domain/facts.js";
import type { CrosscheckEntry, CrosscheckSide } from "./types.js";

export const CROSSCHECK_FIELDS = [
  "hardware",
  "accelerator_count",
  "epochs",
  "steps",
  "batch_size",
  "params",
  "training_time_hours",
] as const;

type CrosscheckField = (typeof CROSSCHECK_FIELDS)[number];

/** Paper facts below this are not the paper's statement; code facts below this are not the code's. */
const PAPER_MIN_CONFIDENCE = CONFIDENCE_BAR.paperStatement;
const CODE_MIN_CONFIDENCE = CONFIDENCE_BAR.codeSetting;
const RELATIVE_TOLERANCE = 0.1;
/** Vendored third-party code: its settings are not the authors' experiment. */
const VENDORED =
  /(^|\/)(3rdparty|third[_-]?party|thirdparty|external|vendor|vendored|deps|submodules?|site-packages|node_modules)\//i;
/** Tags of code facts that the run's own files set: launch commands, schedulers, configuration files. */
const DIRECT_TAGS = new Set([
  "launch",
  "override",
  "scheduler",
  "slurm",
  "yaml",
  "json",
  "toml",
  "ini",
  "hydra",
  "deepspeed",
  "accelerate",
  "effective",
]);
const DOCUMENTATION = /\.(md|markdown|rst|txt)$/i;
const FINE_TUNING = /fine[-_ ]?tun|finetun|\bsft\b|(^|[/_])sft|lora|dpo|rlhf|instruction[-_ ]tun/i;

export interface CrosscheckInput {
  paperFacts: readonly Fact[];
  paperSummary: Summary;
  codeFacts: readonly Fact[];
  codeSummary: Summary;
  /** The main training entry point of the code, when the code reader found one. */
  mainEntryPoint?: string | null;
}

function sameValue(field: CrosscheckField, a: FactValue, b: FactValue): boolean {
  if (field === "hardware") return hardwareFamily(String(a)) === hardwareFamily(String(b));
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return String(a) === String(b);
  return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)) + 1e-9;
}

function side(fact: Fact | undefined): CrosscheckSide | null {
  return fact ? { value: fact.value, evidence: fact.evidence } : null;
}

function best(facts: readonly Fact[], value: FactValue | null): Fact | undefined {
  const pool = value === null ? facts : facts.filter((f) => String(f.value) === String(value));
  return [...(pool.length ? pool : facts)].sort((a, b) => b.confidence - a.confidence)[0];
}

function integerRatio(a: number, b: number): number | null {
  if (a <= 0 || b <= 0) return null;
  const ratio = Math.max(a, b) / Math.min(a, b);
  return Math.abs(ratio - Math.round(ratio)) < 1e-6 ? Math.round(ratio) : null;
}

function compareField(field: CrosscheckField, input: CrosscheckInput): CrosscheckEntry | null {
  const paperValue = input.paperSummary[field];
  const codeValue = input.codeSummary[field];
  const paperFacts = input.paperFacts.filter(
    (f) => f.field === field && f.context === "training" && f.confidence >= PAPER_MIN_CONFIDENCE,
  );
  const main = input.mainEntryPoint;
  // What the training code runs: a default overridden on the launch command does not run; an effective batch
  // size (per device × devices × accumulation) does; vendored third-party code is not the authors'.
  const runnable = input.codeFacts.filter(
    (f) =>
      f.field === field &&
      f.confidence >= CODE_MIN_CONFIDENCE &&
      !f.tags?.includes("overridden") &&
      (!f.tags?.includes("derived") || f.tags.includes("effective")) &&
      !(f.evidence.kind === "code" && VENDORED.test(f.evidence.file)),
  );
  const codeFacts = runnable.filter((f) => !main || f.entry_point === main);
  if (paperValue === null && codeValue === null) return null;
  // Only vendored code sets the value: as far as the authors' code goes, it is not set.
  if (codeValue !== null && runnable.length === 0 && input.codeFacts.some((f) => f.field === field))
    return paperValue === null
      ? null
      : { field, status: "paper_only", paper: side(best(paperFacts, paperValue)), code: null };
  if (field === "training_time_hours" && codeValue === null && paperValue !== null) {
    const limit = input.codeFacts.find((f) => f.field === field && f.tags?.includes("time_limit"));
    if (limit) {
      const within = Number(paperValue) <= Number(limit.value);
      return {
        field,
        status: within ? "match" : "needs_human",
        paper: side(best(paperFacts, paperValue)),
        code: side(limit),
        note: within
          ? "within the job's time limit"
          : `the paper's ${paperValue} h exceed the job's ${limit.value} h time limit: several jobs?`,
      };
    }
  }
  if (codeValue === null)
    return { field, status: "paper_only", paper: side(best(paperFacts, paperValue)), code: null };
  if (paperValue === null)
    return { field, status: "code_only", paper: null, code: side(best(codeFacts, codeValue)) };

  const paperValues = paperFacts.length ? paperFacts.map((f) => f.value) : [paperValue];
  const codeValues = runnable.length ? runnable.map((f) => f.value) : [codeValue];
  for (const p of paperValues) {
    for (const c of codeValues) {
      if (sameValue(field, p, c)) {
        return {
          field,
          status: "match",
          paper: side(best(paperFacts, p)),
          code: side(best(runnable, c)),
          ...(String(c) !== String(codeValue) || String(p) !== String(paperValue)
            ? { note: `the paper's ${p} matches a value the code sets` }
            : {}),
        };
      }
    }
  }

  const paperSide = side(best(paperFacts, paperValue));
  const codeFact = best(codeFacts, codeValue);
  const codeSide = side(codeFact);
  const needsHuman = (note: string): CrosscheckEntry => ({
    field,
    status: "needs_human",
    paper: paperSide,
    code: codeSide,
    note,
  });

  if (main && codeFacts.length === 0)
    return needsHuman(`the code sets ${codeValue} outside the main training script (${main})`);
  // A value deep in an imported helper module ("num_epochs=1" in a dataset utility) is not the run's setting.
  const direct = codeFacts.filter(
    (f) =>
      (f.evidence.kind === "code" && f.evidence.file === main) ||
      f.tags?.some((t) => DIRECT_TAGS.has(t) || t.startsWith("launcher:")),
  );
  if (main && direct.length === 0)
    return needsHuman(
      `the code's value is set in a helper module, not by the training script or its launch files`,
    );
  // A command in a README is a usage example, often not the configuration behind the paper.
  if (codeFacts.every((f) => f.evidence.kind === "code" && DOCUMENTATION.test(f.evidence.file)))
    return needsHuman("the code's value comes from a usage example in the documentation");
  // Several training scripts setting different values: which one is the paper's is a question for a human.
  const perEntry = new Set(runnable.filter((f) => f.entry_point).map((f) => String(f.value)));
  if (perEntry.size > 1)
    return needsHuman(
      `the repository's training scripts set different values (${[...perEntry].slice(0, 5).join(", ")})`,
    );
  // A fine-tuning recipe in the repository is not the paper's pre-training.
  const paperQuote = paperSide?.evidence.kind === "paper" ? paperSide.evidence.quote : "";
  if (main && FINE_TUNING.test(main) && !FINE_TUNING.test(paperQuote))
    return needsHuman(
      `the repository's training code (${main}) is a fine-tuning recipe, not necessarily the paper's run`,
    );
  if (field === "accelerator_count" && codeFact?.tags?.some((t) => t.startsWith("launcher:"))) {
    const ratio = integerRatio(Number(paperValue), Number(codeValue));
    if (ratio !== null && Number(paperValue) > Number(codeValue))
      return needsHuman(
        `the launcher sets ${codeValue} devices per node; ${paperValue} = ${ratio} nodes × ${codeValue}?`,
      );
  }
  if (field === "batch_size") {
    const ratio = integerRatio(Number(paperValue), Number(codeValue));
    if (ratio !== null)
      return needsHuman(
        `${paperValue} vs ${codeValue}: a factor of ${ratio} can be devices × gradient accumulation (per-device vs global batch)`,
      );
  }
  if (field === "training_time_hours" && codeFact?.tags?.includes("time_limit")) {
    if (Number(paperValue) <= Number(codeValue))
      return {
        field,
        status: "match",
        paper: paperSide,
        code: codeSide,
        note: "within the job's time limit",
      };
    return needsHuman(
      `the paper's ${paperValue} h exceed the job's ${codeValue} h time limit: several jobs?`,
    );
  }
  if (field === "params")
    return needsHuman(
      "parameter counts differ: the code may load a pre-trained model larger than the trained part",
    );
  if (field === "hardware" && (codeFact?.confidence ?? 0) < CONFIDENCE_BAR.strongCodeHardware)
    return needsHuman("the code's hardware comes from a weak hint (a partition name or a README line)");
  if (field === "accelerator_count" && codeFacts.every((f) => f.tags?.includes("default")))
    return needsHuman("the code's device count is a default that a launch command may override");
  return { field, status: "mismatch", paper: paperSide, code: codeSide };
}

/**
 * Cross-checks the paper's facts against the code's.
 *
 * @example
 *   crosscheck({ paperFacts, paperSummary, codeFacts, codeSummary, mainEntryPoint: "train.py" })
 *     .filter((e) => e.status === "mismatch"); // [{ field: "epochs", paper: {value: 100, ...}, code: {value: 300, ...} }]
 */
export function crosscheck(input: CrosscheckInput): CrosscheckEntry[] {
  return CROSSCHECK_FIELDS.map((field) => compareField(field, input)).filter(
    (e): e is CrosscheckEntry => e !== null,
  );
}
