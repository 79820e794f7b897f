/**
 * Paper against code, field by field: `match`, `mismatch` (both values, both evidences), `paper_only`,
 * `code_only`, or `needs_human` when a difference has an innocent explanation we cannot rule out.
 *
 * Tolerances are explicit:
 * - numbers match within 10 % (rounding in prose: "about 36 hours");
 * - a paper value matches when it equals a value the main run's code sets (its script, the launch command, its
 *   configs: several are read); a value set elsewhere (a test script, another model's trainer) does not count;
 * - a code value the paper also states (another sentence, or a value of a table its selector did not choose) makes a
 *   difference a question of which run each describes: needs a human; so does a paper's run length or batch that a
 *   configuration file of the code sets for one of the several models or experiments it configures;
 * - training scripts that set different values of a field leave the code without one answer: needs a human; so
 *   does one main script its documentation runs with different values (a README's several experiments);
 * - hardware matches by family (an "A100" paper and an "A100 80GB" job match); a scheduler constraint naming an
 *   architecture (`volta`) against another GPU of it, or another training launch asking for the paper's GPU:
 *   needs a human;
 * - a line of a language the reader does not parse is compared only when every such line, and the parsed code,
 *   agree on one value and neither side's value is stated by the other: else needs a human;
 * - a batch size off by an integer factor may be per-device vs global (devices × accumulation): needs a human,
 *   unless the code states one device and no accumulation for its main run and the paper's batch is the larger;
 * - a launcher's per-node device count may be one node of several: needs a human, unless it runs on one node;
 * - a wall-clock time within a scheduler's time limit (`#SBATCH --time`) is consistent with it;
 * - parameter counts differ legitimately (a pre-trained backbone vs the trained part): needs a human;
 * - a mismatch is asserted only between values each trained selector gives at least even odds, whole numbers for
 *   counts, not a few code epochs against many more in the paper (a quick-test default), not a code length of
 *   nines above the paper's (`epochs = 999`: until stopped), and not a paper length stated as a cap ("up to 300
 *   epochs", or with early stopping): needs a human. A paper value the checklist asks the
 *   authors to confirm is held against the code like any other: over the four labelled sets we read (with the
 *   shipped models, trained on two of them), 7 of the 9 disagreements built on one were real, and one of the two
 *   innocent ones was such a sentinel; cross-validated, mismatches went from 5 to 9 of 16, none false.
 */
import { CONFIDENCE_BAR } from "../domain/confidence.js";
import { constraintArchitectureOf, hardwareFamily } from "../catalog/index.js";
import type { ChosenFacts, Fact, FactValue } from "../domain/facts.js";
import type { FactTag } from "../domain/tags.js";
import type { CrosscheckEntry, CrosscheckSide } from "./types.js";
import { whereOf } from "./items/describe.js";
import { trainingNameScore } from "../readers/code/roles.js";

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
/** How close two values must be to match, per field: numbers within 10 % (prose rounds), hardware by family. */
const TOLERANCE: Record<CrosscheckField, "family" | number> = {
  hardware: "family",
  accelerator_count: 0.1,
  epochs: 0.1,
  steps: 0.1,
  batch_size: 0.1,
  params: 0.1,
  training_time_hours: 0.1,
};
/** Fields that count things: their values are whole numbers. */
const COUNT_FIELDS = new Set<CrosscheckField>(["accelerator_count", "epochs", "steps", "batch_size"]);
/** A code run of at most this many epochs, against a paper stating this many times more, may be a quick test. */
const QUICK_TEST_EPOCHS = 5;
const QUICK_TEST_RATIO = 5;
/** A value the paper's selector did not choose, with its probability of being the main run's. */
export interface PaperAlternative {
  fact: Fact;
  probability: number;
}
/**
 * Unchosen paper values below this probability are noise (a figure's "Device 0 ... Device 23" at 0.006): they do not
 * make a disagreement a question. It is low on purpose: a settings list the selector doubted ("... Epochs 15
 * Dropout 0.2", 0.06) still states the code's value, and a false "your paper and code disagree" costs more than a
 * question. A caption listing several lengths can therefore hide a real disagreement.
 */
const ALTERNATIVE_MIN_PROBABILITY = 0.02;
/**
 * An unchosen paper value at least this probable contests the chosen one: a disagreement built on either is a
 * question. Even odds: the selector would have reported it had it been alone.
 */
const CONTESTED_PROBABILITY = 0.5;
/** How many such values make the paper's run a question (one is a second model or stage, common and harmless). */
const CONTESTING_VALUES = 2;

/** The first alternative of each distinct value, in the given order. */
function distinctValues(field: CrosscheckField, alternatives: PaperAlternative[]): PaperAlternative[] {
  const out: PaperAlternative[] = [];
  for (const a of alternatives)
    if (!out.some((o) => sameValue(field, o.fact.value, a.fact.value))) out.push(a);
  return out;
}
/** Below this probability a chosen value is not asserted against the other side. */
const MISMATCH_MIN_PROBABILITY = 0.5;
/**
 * A disagreement claims both values at once, and a false one costs the authors' trust more than a missed one costs
 * them: it is asserted only when both values are right with a probability of at least 0.6, the bar at which a false
 * claim costing one and a half times a miss breaks even. Cross-validated, the disagreements found had products of
 * 0.67 to 0.99; the false one of the eighth held-out set, read, had 0.54 (a paper's "1" epoch from "R@1").
 */
const MISMATCH_MIN_JOINT_PROBABILITY = 0.6;
/** Vendored third-party code: its settings are not the authors' experiment. */
const VENDORED =
  /(^|\/)(3rdparty|third[_-]?party|thirdparty|external|vendor|vendored|deps|submodules?|site-packages|node_modules)\//i;
/** Tags of code facts that the run's own files set: launch commands, schedulers, configuration files. */
const DIRECT_TAGS = new Set<FactTag>([
  "launch",
  "override",
  "scheduler",
  "slurm",
  "yaml",
  "json",
  "toml",
  "ini",
  "argfile",
  "hydra",
  "deepspeed",
  "accelerate",
  "effective",
]);
const DOCUMENTATION = /\.(md|markdown|rst|txt)$/i;
/** Tags of values read from configuration files (not code, not a launch line). */
const CONFIG_FILE_TAGS = new Set<FactTag>(["yaml", "json", "toml", "ini", "argfile", "hydra"]);
/** A run's length and batch: the settings a configuration file holds per model or experiment. */
const RUN_SETTINGS = new Set<CrosscheckField>(["epochs", "steps", "batch_size"]);
const FINE_TUNING = /fine[-_ ]?tun|finetun|\bsft\b|(^|[/_])sft|lora|dpo|rlhf|instruction[-_ ]tun/i;

export interface CrosscheckInput {
  /** The paper's facts (for alternative statements of a field) and its chosen facts. */
  paperFacts: readonly Fact[];
  paperChosen: ChosenFacts;
  /**
   * The paper's statements of values its selector did not choose (a number in a hyper-parameter table it doubted):
   * a code value among them is no disagreement we can assert.
   */
  paperAlternatives?: ReadonlyArray<PaperAlternative>;
  /** The code's facts (for where a value is set) and its chosen facts. */
  codeFacts: readonly Fact[];
  codeChosen: ChosenFacts;
  /** The main training entry point of the code, when the code reader found one. */
  mainEntryPoint?: string | null;
}

/** Whether two numbers differ by at most `tolerance` of the larger (0.1: within 10 %). */
export function withinRelative(x: number, y: number, tolerance: number): boolean {
  return Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y)) + 1e-9;
}

function sameValue(field: CrosscheckField, a: FactValue, b: FactValue): boolean {
  const tolerance = TOLERANCE[field];
  if (tolerance === "family") return hardwareFamily(String(a)) === hardwareFamily(String(b));
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return String(a) === String(b);
  return withinRelative(x, y, tolerance);
}

function side(
  fact: Fact | null | undefined,
  codeFacts: readonly Fact[] = [],
  probability?: number,
): CrosscheckSide | null {
  if (!fact) return null;
  // The chain of a code value: what it overrides in the same run (a launch flag over the script's default).
  // A computed value (the effective batch) overrides nothing itself; a repeated default is no news.
  const overrides =
    fact.evidence.kind === "code" && !fact.tags?.includes("derived")
      ? codeFacts
          .filter(
            (f) =>
              f !== fact &&
              f.field === fact.field &&
              f.tags?.includes("overridden") &&
              f.entry_point === fact.entry_point &&
              String(f.value) !== String(fact.value),
          )
          .slice(0, 3)
          .map((f) => ({ value: f.value, evidence: f.evidence }))
      : [];
  return {
    value: fact.value,
    evidence: fact.evidence,
    ...(overrides.length ? { overrides } : {}),
    ...(probability !== undefined ? { probability } : {}),
  };
}

/** The most confident of `facts` stating `value` (an alternative statement, not the chosen one). */
function stating(facts: readonly Fact[], value: FactValue): Fact | undefined {
  return [...facts.filter((f) => String(f.value) === String(value))].sort(
    (a, b) => b.confidence - a.confidence,
  )[0];
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

function integerRatio(a: number, b: number): number | null {
  if (a <= 0 || b <= 0) return null;
  const ratio = Math.max(a, b) / Math.min(a, b);
  return Math.abs(ratio - Math.round(ratio)) < 1e-6 ? Math.round(ratio) : null;
}

/** Scripts for a quick check rather than the experiment (`debug_train.py`, `smoke_test.py`, `toy_example.py`). */
const QUICK_SCRIPT = /(^|[/_.-])(debug|smoke|sanity|quick|toy|demo|example|dry[-_]?run)/i;

/**
 * Per training script, the values it sets itself: in its own file, its launch lines and its config files. A
 * helper's constant, a derived effective batch or a scheduler's time limit is no script's own answer, and a
 * debug or demo script is not an experiment.
 */
function valuesPerScript(c: Comparison): Map<string, FactValue[]> {
  const own = new Map<string, FactValue[]>();
  for (const f of c.runnable) {
    const script = f.entry_point;
    if (!script || f.context !== "training" || QUICK_SCRIPT.test(script)) continue;
    if (f.tags?.some((t) => t === "derived" || t === "effective" || t === "time_limit")) continue;
    const itself =
      (f.evidence.kind === "code" && f.evidence.file === script) ||
      f.tags?.some((t) => DIRECT_TAGS.has(t) || t.startsWith("launcher:"));
    if (!itself) continue;
    const values = own.get(script) ?? [];
    if (!values.some((v) => sameValue(c.field, v, f.value))) values.push(f.value);
    own.set(script, values);
  }
  return own;
}

/** Everything a rule may look at for one field. */
interface Comparison {
  field: CrosscheckField;
  /** The chosen facts (null: the source does not state the field). */
  paper: Fact | null;
  code: Fact | null;
  /**
   * The paper's own-training statements of the field above the bar, and every statement of the field it makes (its
   * facts and the values its selector did not choose).
   */
  paperStatements: Fact[];
  paperAll: Fact[];
  /** The values of the field the paper's selector did not choose, with their probabilities. */
  paperContested: ReadonlyArray<PaperAlternative>;
  /** Every code fact of the field, and those that run: not overridden, not vendored, above the bar. */
  codeAll: Fact[];
  runnable: Fact[];
  /** The runnable facts of the main training entry point (all runnable ones when there is none). */
  mainRun: Fact[];
  main: string | null;
  /** What the main run's code says of its devices, whatever the field compared (see `readSetup`). */
  setup: MainRunSetup;
  /** The selectors' probabilities of the chosen values, when models chose them. */
  paperProbability?: number;
  codeProbability?: number;
}

type Rule = (c: Comparison) => CrosscheckEntry | null;

/**
 * A cap stated at the value: "up to 300", "at most 300", "a maximum of 300", "max epochs of 300", "a budget of 300",
 * also as one of a list ("a maximum of 20 (MNIST) or 100 (CIFAR10)").
 */
const CAP_WORDS = [
  String.raw`up\s+to`,
  String.raw`at\s+most`,
  String.raw`budget(?:ed)?\s+of`,
  String.raw`limit\s+of`,
  String.raw`max(?:imum|\.)?(?:\s+number)?\s+of(?:\s+(?:training\s+)?(?:epochs|steps|iterations))?`,
  String.raw`max(?:imum)?\s+(?:training\s+)?(?:epochs|steps|iterations)`,
].join("|");
/** "... is set to", "=", ":" between the cap and its value. */
const SET_TO = String.raw`(?:\s+(?:is|was))?(?:\s+(?:set|fixed))?(?:\s+(?:to|at))?\s*[=:]?\s*`;
/** Earlier values of a list the cap covers: "20 (MNIST) or ". */
const EARLIER_ITEMS = String.raw`(?:~?\d[\d.,]*\s*(?:\([^()]{0,30}\))?\s*(?:,|or|and)\s+)*`;
const CAP_BEFORE = new RegExp(String.raw`\b(?:${CAP_WORDS})${SET_TO}${EARLIER_ITEMS}~?\s*$`, "i");
/** "300 epochs at most", "300 epochs maximum". */
const CAP_AFTER = /^\s*(?:epochs?|steps?|iterations?|updates?)?\s*(?:at\s+most|maximum|max)\b/i;
/** Early stopping or convergence in the sentence makes the length it states a cap. */
const EARLY_STOPPING = /\bearly[-\s]stop\w*|\buntil\s+(?:convergence|converged|it\s+converges)/i;

/** The paper states its run's length as a cap: at the value ("up to 300 epochs"), or with early stopping. */
function statedAsCap(fact: Fact): boolean {
  if (fact.evidence.kind !== "paper") return false;
  const quote = fact.evidence.quote;
  if (EARLY_STOPPING.test(quote)) return true;
  const at = quote.indexOf(fact.raw);
  if (at < 0) return false;
  const end = at + fact.raw.length;
  return CAP_BEFORE.test(quote.slice(Math.max(0, at - 50), at)) || CAP_AFTER.test(quote.slice(end, end + 30));
}

const entry = (
  c: Comparison,
  status: CrosscheckEntry["status"],
  paper: Fact | null | undefined,
  code: Fact | null | undefined,
  note?: string,
): CrosscheckEntry => ({
  field: c.field,
  status,
  paper: side(paper, [], paper === c.paper ? c.paperProbability : undefined),
  code: side(code, c.codeAll, code === c.code ? c.codeProbability : undefined),
  ...(note ? { note } : {}),
});

const needsHuman = (c: Comparison, note: string): CrosscheckEntry =>
  entry(c, "needs_human", c.paper, c.code, note);

/** A paper's training time against a job's time limit: within it is consistent; beyond it, several jobs? */
const againstTimeLimit = (c: Comparison, paper: Fact, limit: Fact): CrosscheckEntry =>
  Number(paper.value) <= Number(limit.value)
    ? entry(c, "match", paper, limit, "within the job's time limit")
    : entry(
        c,
        "needs_human",
        paper,
        limit,
        `the paper's ${paper.value} h exceed the job's ${limit.value} h time limit: several jobs?`,
      );

/**
 * The rules, in order: the first that applies decides. Each is one sentence of judgement; a new innocent
 * explanation of a difference is one more line here.
 */
const RULES: ReadonlyArray<{ name: string; decide: Rule }> = [
  {
    // A line of a language the reader does not parse (`#define BATCH_SIZE 32`, Lua's `cmd:option('-batch_size',
    // 4)`) can be the run's value (the code ranker chose it), but the reader follows no launch, loop or import of
    // that language. So it may disagree with the paper only when every such line of the repository that sets the
    // field says the same, and neither the code (any line, any language) nor another statement of the paper holds
    // the other side's value: then the rules below judge it like parsed code; else a human decides. First,
    // because such a line is below the rules' bar and the rules below would take the code for silent.
    name: "the code's value comes from a language the reader does not parse",
    decide: (c) => {
      const code = c.code;
      if (!code?.tags?.includes("other_language")) return null;
      // Vendored code is not the authors' run: the vendored rule below says so.
      if (isVendored(code)) return null;
      if (!c.paper) return entry(c, "code_only", null, code);
      if (sameValue(c.field, c.paper.value, code.value)) return entry(c, "match", c.paper, code);
      // The paper's value set by the parsed main run (or any runnable file, without one) is a match.
      const parsed = (c.main ? c.mainRun : c.runnable).find(
        (f) => !f.tags?.includes("other_language") && sameValue(c.field, c.paper!.value, f.value),
      );
      if (parsed)
        return entry(
          c,
          "match",
          c.paper,
          parsed,
          `the paper's ${c.paper.value} matches a value the code sets`,
        );
      // Every pair agrees (tolerance is not transitive: 91, 100 and 110 do not say one value), over the runnable
      // code, which here holds the unparsed lines too: a train.py setting another value leaves no one answer.
      const values = c.runnable.map((f) => f.value);
      const unanimous = values.every((a) => values.every((b) => sameValue(c.field, a, b)));
      const paperValueInCode = c.codeAll.some((f) => sameValue(c.field, f.value, c.paper!.value));
      const codeValueInPaper = c.paperAll.some((f) => sameValue(c.field, f.value, code.value));
      // The rules below then judge it with the unparsed lines counted as runnable code: a Python main script
      // elsewhere, a factor of devices, a quick test, a fine-tuning run still make it a question.
      if (unanimous && !paperValueInCode && !codeValueInPaper) return null;
      return needsHuman(
        c,
        `the code's ${code.value} is read from a line of a language the reader does not parse (${whereOf(code.evidence)})`,
      );
    },
  },
  {
    name: "only vendored code sets it: as far as the authors' code goes, it is not set",
    decide: (c) =>
      c.code && c.runnable.length === 0 && c.codeAll.length > 0
        ? c.paper
          ? entry(c, "paper_only", c.paper, null)
          : { field: c.field, status: "paper_only", paper: null, code: null }
        : null,
  },
  {
    name: "a training time within the job's time limit is consistent with it",
    decide: (c) => {
      if (c.field !== "training_time_hours" || c.code || !c.paper) return null;
      const limit = c.codeAll.find((f) => f.tags?.includes("time_limit"));
      return limit ? againstTimeLimit(c, c.paper, limit) : null;
    },
  },
  {
    name: "only the paper states it",
    decide: (c) => (c.code ? null : entry(c, "paper_only", c.paper, null)),
  },
  { name: "only the code sets it", decide: (c) => (c.paper ? null : entry(c, "code_only", null, c.code)) },
  {
    name: "the paper's value equals a value the main run's code sets (its script, its launch and config files)",
    decide: (c) => {
      // The chosen value first, then the paper's other statements of its own training.
      const paperValues = [c.paper!.value, ...c.paperStatements.map((f) => f.value)];
      // Only values on the main run's path count: the same number in a test script or another model's
      // trainer says nothing about this run (and would hide a real disagreement).
      const onPath = c.main ? c.mainRun : c.runnable;
      const codeValues = [c.code!.value, ...onPath.map((f) => f.value)];
      for (const p of paperValues)
        for (const v of codeValues)
          if (sameValue(c.field, p, v)) {
            const paper = String(p) === String(c.paper!.value) ? c.paper : stating(c.paperStatements, p);
            const code = String(v) === String(c.code!.value) ? c.code : stating(onPath, v);
            const alternative = String(v) !== String(c.code!.value) || String(p) !== String(c.paper!.value);
            return entry(
              c,
              "match",
              paper,
              code,
              alternative ? `the paper's ${p} matches a value the code sets` : undefined,
            );
          }
      return null;
    },
  },
  {
    // The paper also states the code's value (for a smaller model, an ablation, a table the reader placed in
    // another context): which run each number describes is for a human to say, not a disagreement we can assert.
    name: "the paper states the code's value elsewhere",
    decide: (c) => {
      const other = c.paperAll.find((f) => f !== c.paper && sameValue(c.field, f.value, c.code!.value));
      return other
        ? needsHuman(
            c,
            `the paper also states ${other.value} (${whereOf(other.evidence)}): which run does each value describe?`,
          )
        : null;
    },
  },
  {
    // The mirror of the rule above: a configuration file that gives several models or experiments their own values
    // (a results file's `selected_configs.LSTM.batch_size: 64` ... `selected_configs.FullST-GCN-COCO.batch_size:
    // 48`) sets the paper's value for one of them: the paper may describe that run, and which one it does is for a
    // human to say. Not a config setting the field once (`num_epochs: 3000` that the script ignores for its own
    // 800: a disagreement the labels call real), nor a test script's or another trainer's number.
    name: "a configuration file sets the paper's value for one of several runs",
    decide: (c) => {
      if (!RUN_SETTINGS.has(c.field)) return null;
      const fileOf = (f: Fact) => (f.evidence.kind === "code" ? f.evidence.file : null);
      const other = c.runnable.find(
        (f) =>
          f !== c.code &&
          f.context === "training" &&
          f.tags?.some((t) => CONFIG_FILE_TAGS.has(t)) &&
          sameValue(c.field, f.value, c.paper!.value) &&
          c.runnable.some((g) => fileOf(g) === fileOf(f) && !sameValue(c.field, g.value, f.value)),
      );
      return other
        ? needsHuman(
            c,
            `a configuration file of the code sets ${other.value} for one of several runs (${whereOf(other.evidence)}): which run does the paper describe?`,
          )
        : null;
    },
  },
  {
    // The paper's selector is as sure of two other values (a reproduction's "32 epochs", the original's "43" and a
    // side measurement's "2 epochs"): the paper describes several runs, and which one the code should match is for
    // a human to say. One other value is common (a second model, a fine-tuning stage) and leaves the rule below.
    name: "the paper states several other values with conviction",
    decide: (c) => {
      const others = distinctValues(
        c.field,
        c.paperContested
          .filter(
            (a) =>
              a.probability >= CONTESTED_PROBABILITY && !sameValue(c.field, a.fact.value, c.paper!.value),
          )
          .sort((a, b) => b.probability - a.probability),
      );
      return others.length >= CONTESTING_VALUES
        ? needsHuman(
            c,
            `the paper also states ${others
              .slice(0, CONTESTING_VALUES)
              .map(
                (a) =>
                  `${a.fact.value} (${whereOf(a.fact.evidence)}; probability ${a.probability.toFixed(2)})`,
              )
              .join(" and ")}: which is the run the code sets?`,
          )
        : null;
    },
  },
  {
    name: "the code sets it outside the main training script",
    decide: (c) =>
      c.main && c.mainRun.length === 0
        ? needsHuman(c, `the code sets ${c.code!.value} outside the main training script (${c.main})`)
        : null,
  },
  {
    name: "a value deep in an imported helper module is not the run's setting",
    decide: (c) => {
      if (!c.main) return null;
      const direct = c.mainRun.filter(
        (f) =>
          (f.evidence.kind === "code" &&
            (f.evidence.file === c.main || distributedVariantOf(f.evidence.file, c.main!))) ||
          f.tags?.some((t) => DIRECT_TAGS.has(t) || t.startsWith("launcher:")) ||
          // A class the launch named sets the compared value itself (not another value of its file).
          (c.code !== null && f.tags?.includes("launch_named") && sameStatement(f, c.code)),
      );
      return direct.length === 0
        ? needsHuman(
            c,
            "the code's value is set in a helper module, not by the training script or its launch files",
          )
        : null;
    },
  },
  {
    // The README's plain command for the main script is how the authors launch it (it is the launch when no
    // script does); an example, a quick or debug variant, or a number in the README's prose is not.
    name: "a README example or prose value is not the launched run",
    decide: (c) =>
      c.mainRun.every(
        (f) =>
          f.evidence.kind === "code" &&
          DOCUMENTATION.test(f.evidence.file) &&
          // Any value read off a README command is the launch's: a flag, a Hydra override (`trainer.devices=8`),
          // a launcher's device count (`torchrun --nproc_per_node=4`).
          (!(f.tags?.includes("launch") || f.tags?.some((t) => t.startsWith("launcher:"))) ||
            f.tags.includes("variant")),
      )
        ? needsHuman(c, "the code's value comes from a usage example in the documentation")
        : null,
  },
  {
    name: "a single device implied by GPU calls is a weak hint",
    decide: (c) =>
      c.field === "accelerator_count" && c.code?.tags?.includes("implicit_single")
        ? needsHuman(c, "the code names no device count: one device is only implied by its GPU calls")
        : null,
  },
  {
    name: "a fine-tuning recipe is not the paper's pre-training",
    decide: (c) => {
      const quote = c.paper?.evidence.kind === "paper" ? c.paper.evidence.quote : "";
      return c.main && FINE_TUNING.test(c.main) && !FINE_TUNING.test(quote)
        ? needsHuman(
            c,
            `the repository's training code (${c.main}) is a fine-tuning recipe, not necessarily the paper's run`,
          )
        : null;
    },
  },
  {
    // Unless the launcher runs on one node only (torchrun's default without a multi-node option): then its count
    // is the run's total, and a paper stating more devices disagrees with it.
    name: "a launcher's devices per node times nodes",
    decide: (c) => {
      if (
        c.field !== "accelerator_count" ||
        !c.code?.tags?.some((t) => t.startsWith("launcher:")) ||
        c.setup.launchedOnOneNode
      )
        return null;
      const ratio = integerRatio(Number(c.paper!.value), Number(c.code.value));
      return ratio !== null && Number(c.paper!.value) > Number(c.code.value)
        ? needsHuman(
            c,
            `the launcher sets ${c.code.value} devices per node; ${c.paper!.value} = ${ratio} nodes × ${c.code.value}?`,
          )
        : null;
    },
  },
  {
    // Unless the main run has nothing to multiply by: a larger paper batch (of examples, not tokens) against a
    // run the code places on one device and one node without gradient accumulation cannot be its global batch.
    name: "a batch size off by an integer factor: per-device vs global",
    decide: (c) => {
      if (c.field !== "batch_size") return null;
      const ratio = integerRatio(Number(c.paper!.value), Number(c.code!.value));
      const nothingToMultiply =
        Number(c.paper!.value) > Number(c.code!.value) &&
        !c.paper!.tags?.includes("tokens") &&
        c.setup.oneDeviceNoAccumulation;
      return ratio !== null && !nothingToMultiply
        ? needsHuman(
            c,
            `${c.paper!.value} vs ${c.code!.value}: a factor of ${ratio} can be devices × gradient accumulation (per-device vs global batch)`,
          )
        : null;
    },
  },
  {
    name: "a scheduler's time limit bounds the training time",
    decide: (c) => {
      if (c.field !== "training_time_hours" || !c.code?.tags?.includes("time_limit")) return null;
      return againstTimeLimit(c, c.paper!, c.code);
    },
  },
  {
    name: "parameter counts differ legitimately (a pre-trained backbone vs the trained part)",
    decide: (c) =>
      c.field === "params"
        ? needsHuman(
            c,
            "parameter counts differ: the code may load a pre-trained model larger than the trained part",
          )
        : null,
  },
  {
    // Launcher configs are swapped on the command line (`hydra/launcher=volta`): a job file the reader did not take
    // for the main run's may be the one that ran. Only training launches count (not an evaluation job, a
    // measurement), and a constraint naming the paper GPU's architecture counts as asking for it.
    name: "another launch file of the code asks for the paper's GPU",
    decide: (c) => {
      if (c.field !== "hardware") return null;
      const paperArchitecture = architectureOf(c.paper!.value);
      const asksForPaperGpu = (f: Fact) =>
        sameValue(c.field, f.value, c.paper!.value) ||
        (f.tags?.includes("architecture") === true &&
          paperArchitecture !== null &&
          architectureOf(f.value) === paperArchitecture);
      const other = c.runnable.find(
        (f) =>
          f !== c.code &&
          f.context === "training" &&
          f.confidence >= CONFIDENCE_BAR.strongCodeHardware &&
          (f.tags?.includes("scheduler") || f.tags?.some((t) => t.startsWith("launcher:"))) &&
          asksForPaperGpu(f),
      );
      return other
        ? needsHuman(
            c,
            `the code also asks for ${other.value} (${whereOf(other.evidence)}): which launch ran?`,
          )
        : null;
    },
  },
  {
    name: "the code's hardware is a weak hint",
    decide: (c) =>
      c.field === "hardware" && (c.code?.confidence ?? 0) < CONFIDENCE_BAR.strongCodeHardware
        ? needsHuman(c, "the code's hardware comes from a weak hint (a partition name or a README line)")
        : null,
  },
  {
    // `--constraint=volta` asks for the architecture; the V100 is its data-centre part, not its only one.
    name: "the code names the paper's GPU architecture",
    decide: (c) => {
      if (c.field !== "hardware" || !c.code?.tags?.includes("architecture")) return null;
      const paper = architectureOf(c.paper!.value);
      const code = architectureOf(c.code.value);
      return paper !== null && paper === code
        ? needsHuman(
            c,
            `the code asks for the ${code} architecture, which includes the paper's ${c.paper!.value}`,
          )
        : null;
    },
  },
  {
    name: "a default device count that a launch command may override",
    decide: (c) =>
      c.field === "accelerator_count" && c.mainRun.every((f) => f.tags?.includes("default"))
        ? needsHuman(c, "the code's device count is a default that a launch command may override")
        : null,
  },
  {
    name: "a count that is not a whole number is a misreading",
    decide: (c) =>
      COUNT_FIELDS.has(c.field) && [c.paper!.value, c.code!.value].some((v) => !Number.isInteger(Number(v)))
        ? needsHuman(c, "one of the values is not a whole number: a misreading rather than a setting")
        : null,
  },
  {
    // A handful of epochs in the code against many more in the paper is the shape of a quick-test default left
    // in the script (`--epochs 3`), not necessarily of the run the paper reports.
    name: "a few epochs in the code may be a quick test",
    decide: (c) => {
      if (c.field !== "epochs") return null;
      const code = Number(c.code!.value);
      const paper = Number(c.paper!.value);
      return code <= QUICK_TEST_EPOCHS && paper >= QUICK_TEST_RATIO * code
        ? needsHuman(c, `the code's ${code} epochs look like a quick test next to the paper's ${paper}`)
        : null;
    },
  },
  {
    // "A budget of 300 epochs with early stopping", "a maximum of 20 epochs": the paper's number is a cap, not how
    // long the run went, and a code cap of another size may stop at the same place. Both false "disagree"s of the
    // held-out sets we read were such caps.
    name: "the paper's length is an upper bound",
    decide: (c) => {
      if (c.field !== "epochs" && c.field !== "steps") return null;
      return c.paper && statedAsCap(c.paper)
        ? needsHuman(
            c,
            `the paper's ${c.paper.value} ${c.field} are an upper bound (a cap, or early stopping): the run may end before either cap`,
          )
        : null;
    },
  },
  {
    // Training scripts that disagree among themselves (two tasks, a small and a large model) leave the code
    // without one answer: whether or not one of them sets the paper's value, which the paper ran is for a human
    // to say. Asserting the main run's value here was the one false "disagree" of the labelled cases (a
    // repository training two tasks for 100 and 7 epochs, a paper stating 3 for a third model). Last before the
    // probabilities, so that a more specific explanation (a quick test, a time limit) speaks first.
    name: "the repository's training scripts set different values",
    decide: (c) => {
      const own = valuesPerScript(c);
      const scripts = [...own.keys()];
      const disagree = scripts.some((a, i) =>
        scripts
          .slice(i + 1)
          .some((b) => own.get(a)!.some((x) => own.get(b)!.some((y) => !sameValue(c.field, x, y)))),
      );
      if (!disagree) return null;
      const listed = scripts
        .slice(0, 4)
        .map((script) => `${script}: ${own.get(script)!.slice(0, 3).join(", ")}`)
        .join("; ");
      return needsHuman(c, `the repository's training scripts set different values (${listed})`);
    },
  },
  {
    // One script the documentation runs several ways (a README running `train_net.py --epochs 50`, `--epochs 1`,
    // `--epochs 300` for its several experiments) has no one answer either: which command the paper reports is
    // for a human to say. A forked repository's upstream README made the one false "disagree" of the eighth
    // held-out set so. Launch scripts are not counted: `single-cifar.sh` and `single-imagenet.sh` running 300 and
    // 500 epochs are the authors' own runs, and a paper's 350 disagrees with both (a labelled disagreement).
    name: "the main script's launches set different values",
    decide: (c) => {
      const launched = distinctValues(
        c.field,
        c.mainRun
          .filter((f) => f.context === "training" && isPlainLaunch(f) && inDocumentation(f))
          .map((fact) => ({ fact, probability: 1 })),
      );
      if (launched.length < 2) return null;
      const listed = launched
        .slice(0, 4)
        .map((a) => `${a.fact.value} (${whereOf(a.fact.evidence)})`)
        .join(", ");
      return needsHuman(c, `the documentation runs the main script with different values: ${listed}`);
    },
  },
  { name: "a reader unsure of its value asks a human", decide: (c) => unsureReader(c) },
  { name: "two values less likely than not both right ask a human", decide: (c) => jointlyUnlikely(c) },
  {
    // `epochs = 999` or `max_steps = 99999` is "until something else stops it" (early stopping, a time limit),
    // not a length the authors chose: the run's real length may not be in the code. Only as a cap above the
    // paper's value (a run stopped before a cap cannot have run longer than it) and with enough nines not to be a
    // debug setting (`99` steps). After the probability rules, whose notes say more when they apply.
    name: "a code length of nines above the paper's is a sentinel",
    decide: (c) => {
      if (c.field !== "epochs" && c.field !== "steps") return null;
      const code = Number(c.code!.value);
      const nines = c.field === "epochs" ? /^9{3,}$/ : /^9{4,}$/;
      return Number.isInteger(code) && nines.test(String(code)) && code > Number(c.paper!.value)
        ? needsHuman(
            c,
            `the code's ${code} ${c.field} look like "until stopped": early stopping or a time limit may end the run`,
          )
        : null;
    },
  },
  { name: "otherwise the paper and the code disagree", decide: (c) => entry(c, "mismatch", c.paper, c.code) },
];

/** A disagreement is asserted only between values each reader believes: below even odds, it is a question. */
function unsureReader(c: Comparison): CrosscheckEntry | null {
  const unsure = [
    ["paper", c.paperProbability],
    ["code", c.codeProbability],
  ].find(([, p]) => p !== undefined && (p as number) < MISMATCH_MIN_PROBABILITY);
  return unsure
    ? needsHuman(
        c,
        `the ${unsure[0]}'s value is uncertain (probability ${(unsure[1] as number).toFixed(2)}): please confirm it`,
      )
    : null;
}

/**
 * A disagreement claims both values at once: with 0.7 and 0.7 each side is likely right, but both only at 0.49,
 * so the claim itself is below even odds; with 0.58 and 0.93, at 0.54, under the bar a false claim's cost sets.
 */
function jointlyUnlikely(c: Comparison): CrosscheckEntry | null {
  if (c.paperProbability === undefined || c.codeProbability === undefined) return null;
  const both = c.paperProbability * c.codeProbability;
  return both < MISMATCH_MIN_JOINT_PROBABILITY
    ? needsHuman(
        c,
        `both values are right with a probability of only ${both.toFixed(2)} (paper ${c.paperProbability.toFixed(2)}, code ${c.codeProbability.toFixed(2)}): please confirm them`,
      )
    : null;
}

/**
 * A chosen line of a training file in a language the reader does not parse (`train.lua`), beside a Python main
 * script that is neither named for training nor sets anything the reader found (`scripts/make_style_dataset.py`):
 * the unparsed file is the likelier run, so the comparison has no Python main to hold it against. A constant of
 * `csrc/kernel.cu`, a line beside a `train.py`, `main.py` or `run_*.py`, or beside a script that sets any value
 * (`experiment.py` and its steps), keeps the main script.
 */
function unparsedTrainingFile(code: Fact | null, main: string | null, codeFacts: readonly Fact[]): boolean {
  return (
    main !== null &&
    code?.tags?.includes("other_language") === true &&
    code.evidence.kind === "code" &&
    trainingNameScore(code.evidence.file) === 2 &&
    trainingNameScore(main) === 0 &&
    !codeFacts.some((f) => f.entry_point === main)
  );
}

/** The GPU architecture a scheduler constraint may name that a hardware value belongs to (`volta`), or null. */
function architectureOf(value: FactValue): string | null {
  return constraintArchitectureOf(hardwareFamily(String(value)));
}

/** The authors' lines of languages the reader does not parse (not vendored). */
function unparsedOf(facts: readonly Fact[]): Fact[] {
  return facts.filter((f) => f.tags?.includes("other_language") && !isVendored(f));
}

/** The same statement of the code (the chosen fact may be a copy of the one in the facts). */
function sameStatement(a: Fact, b: Fact): boolean {
  return (
    a === b ||
    (a.value === b.value &&
      a.evidence.kind === "code" &&
      b.evidence.kind === "code" &&
      a.evidence.file === b.evidence.file &&
      a.evidence.line === b.evidence.line)
  );
}

/**
 * A value a launch line sets for its script (a flag, a launcher's count), as the authors run it: not an example or
 * sweep variant, and not a value computed from it (the effective batch).
 */
function isPlainLaunch(fact: Fact): boolean {
  const tags = fact.tags ?? [];
  return (
    (tags.includes("launch") || tags.some((t) => t.startsWith("launcher:"))) &&
    !tags.includes("variant") &&
    !tags.includes("derived")
  );
}

/** A value read off the documentation (a README command), not a launch script or config. */
function inDocumentation(fact: Fact): boolean {
  return fact.evidence.kind === "code" && DOCUMENTATION.test(fact.evidence.file);
}

function isVendored(fact: Fact): boolean {
  return fact.evidence.kind === "code" && VENDORED.test(fact.evidence.file);
}

/**
 * `train_ddp.py` beside `train.py`: the same training, launched on several devices. Its launch line says how the
 * main run is spread over devices, so its facts are the main run's.
 */
function distributedVariantOf(script: string, main: string): boolean {
  const stem = main.replace(/\.py$/, "");
  return (
    script !== main &&
    script.startsWith(`${stem}_`) &&
    DISTRIBUTED_SUFFIX.test(script.slice(stem.length + 1).replace(/\.py$/, ""))
  );
}
const DISTRIBUTED_SUFFIX =
  /^(?:ddp|dist|distributed|multi_?gpu|multi_?node|parallel|fsdp|deepspeed|accelerate)$/i;

/**
 * What the training code runs: a default overridden on the launch command does not run; an effective batch size
 * (per device × devices × accumulation) does; vendored third-party code is not the authors'.
 */
function runnableOf(facts: readonly Fact[]): Fact[] {
  return facts.filter(
    (f) =>
      f.confidence >= CODE_MIN_CONFIDENCE &&
      !f.tags?.includes("overridden") &&
      (!f.tags?.includes("derived") || f.tags.includes("effective")) &&
      !isVendored(f),
  );
}

/** The runnable facts of the main training entry point and its distributed variant (all, without one). */
function mainRunOf(runnable: Fact[], main: string | null): Fact[] {
  return runnable.filter(
    (f) => !main || f.entry_point === main || (!!f.entry_point && distributedVariantOf(f.entry_point, main)),
  );
}

/** What the main run's code says of how it spreads over devices and nodes. */
interface MainRunSetup {
  /**
   * One device, stated (a scheduler's `--gres gpu:1`, a launcher, a flag: not only implied by `.cuda()` calls or a
   * parser's default); every device and node count of the main run is 1; no gradient accumulation above 1 is set.
   */
  oneDeviceNoAccumulation: boolean;
  /** Every launcher count of the main run is one node's alone (`one_node`): none may be spread over several. */
  launchedOnOneNode: boolean;
}

/** Tags of a device count that only guesses: one device implied by GPU calls, a parser's default. */
const GUESSED_DEVICES = new Set<FactTag>(["implicit_single", "default"]);

function readSetup(codeFacts: readonly Fact[], main: string | null): MainRunSetup {
  const mainRunFacts = (field: Fact["field"]) =>
    mainRunOf(runnableOf(codeFacts.filter((f) => f.field === field)), main);
  const devices = mainRunFacts("accelerator_count");
  const launched = devices.filter((f) => f.tags?.some((t) => t.startsWith("launcher:")));
  return {
    oneDeviceNoAccumulation:
      main !== null &&
      devices.some((f) => !f.tags?.some((t) => GUESSED_DEVICES.has(t))) &&
      devices.every((f) => Number(f.value) === 1) &&
      mainRunFacts("nodes").every((f) => Number(f.value) === 1) &&
      mainRunFacts("gradient_accumulation").every((f) => Number(f.value) <= 1),
    launchedOnOneNode: launched.length > 0 && launched.every((f) => f.tags?.includes("one_node")),
  };
}

function compareField(
  field: CrosscheckField,
  input: CrosscheckInput,
  setup: MainRunSetup,
): CrosscheckEntry | null {
  const paper = input.paperChosen[field]?.fact ?? null;
  const code = input.codeChosen[field]?.fact ?? null;
  if (!paper && !code) return null;
  const codeAll = input.codeFacts.filter((f) => f.field === field);
  const givenMain = input.mainEntryPoint ?? null;
  const main = unparsedTrainingFile(code, givenMain, input.codeFacts) ? null : givenMain;
  // A chosen line of a language the reader does not parse (below the bar of runnable code) is compared with the
  // other such lines as the code's own, once the first rule has found them unanimous.
  const runnable = code?.tags?.includes("other_language")
    ? [...runnableOf(codeAll), ...unparsedOf(codeAll)]
    : runnableOf(codeAll);
  const comparison: Comparison = {
    field,
    paper,
    code,
    paperStatements: input.paperFacts.filter(
      (f) => f.field === field && f.context === "training" && f.confidence >= PAPER_MIN_CONFIDENCE,
    ),
    paperAll: [
      ...input.paperFacts,
      ...(input.paperAlternatives ?? [])
        .filter((a) => a.probability >= ALTERNATIVE_MIN_PROBABILITY)
        .map((a) => a.fact),
    ].filter((f) => f.field === field),
    paperContested: (input.paperAlternatives ?? []).filter((a) => a.fact.field === field),
    codeAll,
    runnable,
    mainRun: mainRunOf(runnable, main),
    main,
    // Without the Python main, the setup (devices, nodes, accumulation) is not that script's.
    setup: main === givenMain ? setup : readSetup(input.codeFacts, main),
    ...optional("paperProbability", input.paperChosen[field]?.probability),
    ...optional("codeProbability", input.codeChosen[field]?.probability),
  };
  for (const rule of RULES) {
    const decided = rule.decide(comparison);
    if (decided) return decided.paper || decided.code ? decided : null;
  }
  return null;
}

/**
 * Cross-checks the paper's chosen facts against the code's, field by field, with the rules above.
 *
 * @example
 *   crosscheck({ paperFacts, paperChosen, codeFacts, codeChosen, mainEntryPoint: "train.py" })
 *     .filter((e) => e.status === "mismatch"); // [{ field: "epochs", paper: {value: 100, ...}, code: {value: 300, ...} }]
 */
export function crosscheck(input: CrosscheckInput): CrosscheckEntry[] {
  const setup = readSetup(input.codeFacts, input.mainEntryPoint ?? null);
  return CROSSCHECK_FIELDS.map((field) => compareField(field, input, setup)).filter(
    (e): e is CrosscheckEntry => e !== null,
  );
}
