/**
 * Python analyzer: compute settings in training code, read statically with tree-sitter. It reports
 * - command-line parameters (argparse, click, typer, absl) as parameters, so launch commands can override them;
 * - constants, class fields, attribute assignments, dict entries and keyword arguments whose names set a fact
 *   (`EPOCHS = 200`, `Trainer(max_epochs=…)`, `{"batch_size": 128}`), with names bound to module constants resolved;
 * - device use (`DataParallel(device_ids=…)`, `torch.device("cuda:2")`, `jax.devices()`), checkpoints
 *   (`from_pretrained("bert-base-uncased")`), Hydra entry points, imports, config paths and training signals.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Node, QueryMatch } from "web-tree-sitter";
import type { Fact, FactValue } from "../../../domain/facts.js";
import { withCheckpointParams } from "../checkpoints.js";
import { CONFIDENCE, codeFact, splitLines } from "../evidence.js";
import { countDeviceIds } from "../values.js";
import { emptyFindings } from "../findings.js";
import {
  DEBUG_CONDITION,
  DEBUG_WEIGHT,
  interpretValue,
  isEvaluationName,
  meaningOfName,
  normalizeParameterName,
  type NameMeaning,
} from "../names.js";
import type { EntryTraits, FileFindings, FileKind, ScriptParameter } from "../types.js";
import { DOCOPT_CALL, docoptParameters } from "./docopt.js";
import {
  debugBranches,
  evaluateLiteral,
  literalText,
  stringValue,
  type LiteralValue,
  type NameResolver,
} from "./literals.js";
import type { PythonParser } from "./parser.js";
import { loopFacts } from "./loops.js";
import { candidateRows, readConfigReferences, readImports, readTraits } from "./scan.js";

export interface PythonAnalysisOptions {
  parseTimeoutMs: number;
  /** Maps a 1-based line of `source` to the line reported as evidence (notebooks map to the .ipynb line). */
  lineMap?: (line: number) => number;
  kind?: FileKind;
}

/** Calls whose keyword arguments describe evaluation or data preprocessing, not training. */
const EVALUATION_CALLS = new Set([
  "map",
  "filter",
  "encode",
  "batch_encode_plus",
  "embed",
  "evaluate",
  "predict",
  "predict_on_batch",
  "test",
  "validate",
  "eval",
  "generate",
  "inference",
  "infer",
  "evaluate_generator",
  "predict_generator",
]);
const EVALUATION_NAME =
  /(?:^|[_.\b])(?:val|valid|validation|test|testing|eval|evaluation|dev|inference)(?:[_\d]|$)/i;
const EVALUATION_FUNCTION =
  /^(?:eval|evaluate|evaluation|test|validate|validation|predict|infer|inference)(?:_|$)/i;
const PARALLEL_WRAPPERS = new Set([
  "DataParallel",
  "DistributedDataParallel",
  "FullyShardedDataParallel",
  "FSDP",
  "DDP",
]);
/**
 * Calls into image-processing and numerics libraries, under their usual aliases too (`cv.dilate`, `sp.ndimage`):
 * their `iterations=` or `batch_size=` is no training setting; so are morphology routines imported bare.
 */
const NUMERIC_LIBRARY_CALL =
  /^(?:cv2?|scipy|sp|ndimage|ndi|skimage|ski|numpy|np|PIL|imageio|pd|pandas)\.|^(?:binary_(?:dilation|erosion|opening|closing|fill_holes)|grey_(?:dilation|erosion|opening|closing)|morphologyEx|dilate|erode)$/;
/**
 * Environment constructors and factories (`Wave1Env(...)`, `CartPoleEnvironment(...)`, `gym.make(...)`,
 * `make_vec_env(...)`, `TimeLimit(...)`): their `max_steps` is an episode's length, never the training run's.
 */
const ENVIRONMENT_CALLEE = /^(?:\w*Env|\w*Environment|make_\w*envs?|TimeLimit)$/;
const ENVIRONMENT_FACTORY = /(?:^|\.)(?:gym|gymnasium)\.make$/;
/**
 * Config classes of a run that is not training, by their name's words (`GenerationConfig`, `EvalArgs`,
 * `InferenceParams`, `sampling_config`): their fields are generation, sampling or evaluation settings. Only with a
 * config-like last word: `Generator`, `Decoder` or `Evaluator` alone name model parts and training helpers; a
 * `PredictionConfig` or `TrainTestConfig` names a task or a split and trains.
 */
const SIDE_RUN_CONFIG_CLASS =
  /(?:^|_)(?:generation|generate|inference|infer|sampling|sampler|decoding|decode|eval|evaluation|evaluate)_(?:config|cfg|conf|args|arguments|params|parameters|settings|options)$/;
/** Keras-style training calls that take the batch size themselves (`model.fit(x, y, batch_size=…)`). */
const KERAS_FIT = /^fit(?:_generator)?$/;
/** Reinforcement-learning constructors whose `n_steps` is the rollout length (Stable-Baselines3 style). */
const RL_ROLLOUT_CALLS = /^(?:PPO\d?|A2C|ACKTR|TRPO|RecurrentPPO|MaskablePPO|ACER)$/;
/**
 * Estimators and solvers whose iteration counts are their own, not the model's training (scikit-learn, SciPy,
 * inner optimisers): tagged `auxiliary` and trusted less.
 */
const AUXILIARY_ESTIMATOR =
  /(?:Regressor|Classifier|Regression|KMeans|MiniBatchKMeans|TSNE|PCA|SVC|SVR|LinearSVC|GaussianMixture|NMF|LatentDirichletAllocation|Lasso|Ridge|ElasticNet|Perceptron|minimize|fmin\w*|least_squares|LBFGS|lbfgs|solve\w*)$/;
const AUXILIARY_WEIGHT = 0.6;
/**
 * A call on or for a baseline (`baselineModel.fit(..., epochs=5)`, `baseline_model.train(...)`,
 * `train_baseline(...)`): the comparison a paper beats, not its model's run. Kept, as auxiliary, and trusted less.
 */
const BASELINE_CALL = /(?:^|[._]|[a-z](?=B))(?:baselines?|Baselines?)(?=$|[._A-Z0-9])/;
/** OpenAI's `baselines` and `stable_baselines(3)` packages as a call's module path, not a baseline model. */
const RL_BASELINES_MODULE = /(?:^|(?<=\.))(?:stable_)?baselines\d*\./g;
/**
 * True when `node` sits in the branch taken under a debug switch (`if args.debug:`, `elif cfg.smoke_test:`); the
 * `else` branch and a negated switch (`if not args.debug:`) are the real run. The search stops at the enclosing
 * function or class: a debug branch around a whole definition says nothing about the values inside it.
 */
function inDebugBranch(node: Node): boolean {
  for (let current: Node | null = node.parent; current; current = current.parent) {
    if (takenUnder(current, node, DEBUG_CONDITION, false)) return true;
    if (current.type === "function_definition" || current.type === "class_definition") return false;
  }
  return false;
}

/**
 * True when `current` is an `if`/`elif` (or, with `expressions`, a conditional expression `A if cond else B`) whose
 * branch taken under a condition matching `switchWords` holds `node`; a negated switch (`if not args.debug:`) is the
 * real run.
 */
function takenUnder(current: Node, node: Node, switchWords: RegExp, expressions: boolean): boolean {
  let branch: Node | null = null;
  let condition: Node | null = null;
  if (current.type === "if_statement" || current.type === "elif_clause") {
    branch = current.childForFieldName("consequence");
    condition = current.childForFieldName("condition");
  } else if (expressions && current.type === "conditional_expression") {
    branch = current.namedChild(0);
    condition = current.namedChild(1);
  }
  return (
    branch !== null &&
    condition !== null &&
    node.startIndex >= branch.startIndex &&
    node.endIndex <= branch.endIndex &&
    switchWords.test(condition.text) &&
    !/\bnot\b/.test(condition.text)
  );
}

/** A switch or a function name for a run that is not the training run: debug, smoke, evaluation, test. */
const SIDE_RUN_WORDS = /(?:\b|_)(?:debug|smoke|tiny|toy|quick|dry|sanity|overfit|eval|test|infer|predict)/i;

/** Whether a call reaches the file's own definition: see `bindPositionalArguments`. */
function reachesOwnDefinition(
  functionText: string,
  method: boolean,
  classes: ReadonlySet<string>,
  source: string,
): boolean {
  const dot = functionText.lastIndexOf(".");
  if (!method) return dot < 0;
  if (dot < 0) return false;
  const object = functionText.slice(0, dot);
  if (object === "self" || object === "cls") return true;
  if (!/^[A-Za-z_]\w*$/.test(object)) return false;
  const built = new RegExp(`(?:^|[^\\w.])${object}\\s*=\\s*([A-Za-z_]\\w*)\\s*\\(`, "gm");
  for (const m of source.matchAll(built)) if (classes.has(m[1] as string)) return true;
  return false;
}

/**
 * What a call's callee makes of a setting passed to it, by keyword or by position: no run setting (an image or
 * numerics routine's `iterations=1`, an SB3-style constructor's rollout `n_steps`, a warm-up scheduler's length,
 * an evaluation call, an argument declaration), an auxiliary estimator's own iterations, or null for a setting.
 */
function calleeVerdict(
  functionText: string,
  callee: string,
  meaning: NameMeaning,
): "not_a_run_setting" | "auxiliary" | null {
  const length = meaning.field === "epochs" || meaning.field === "steps";
  if (NUMERIC_LIBRARY_CALL.test(functionText)) return "not_a_run_setting";
  if (RL_ROLLOUT_CALLS.test(callee) && meaning.field === "steps" && /^n_?steps$/.test(meaning.name))
    return "not_a_run_setting";
  if (
    meaning.field === "steps" &&
    (ENVIRONMENT_CALLEE.test(callee) || ENVIRONMENT_FACTORY.test(functionText))
  )
    return "not_a_run_setting";
  if (length && /warm_?up/i.test(callee)) return "not_a_run_setting";
  if (meaning.field === "steps" && AUXILIARY_ESTIMATOR.test(callee)) return "auxiliary";
  // `stable_baselines3.PPO(...)`, `baselines.ppo2.learn(...)`: the RL library of that name trains the paper's own agent.
  if (BASELINE_CALL.test(functionText.replace(RL_BASELINES_MODULE, ""))) return "auxiliary";
  if (EVALUATION_CALLS.has(callee) || callee === "add_argument" || /^DEFINE_/.test(callee))
    return "not_a_run_setting";
  if (/^(?:option|Option|argument|Argument)$/.test(callee)) return "not_a_run_setting";
  return null;
}

/** A definition with a parameter named like a run's length or batch, for the file prefilter. */
const POSITIONAL_PARAMETER_TEXT = /^\s*def\s+\w+\s*\([^)]*(?:epoch|batch|step|iter)/im;
/** Fields a literal passed by position may set: a run's length and batch. */
const POSITIONAL_FIELDS: ReadonlySet<string> = new Set(["epochs", "steps", "batch_size"]);
/** A collate function that unwraps a batch of one: `lambda x: x[0]`, `lambda batch: batch[0]`. */
const PASS_THROUGH_COLLATE = /^lambda\s+(\w+)\s*:\s*\1\s*\[\s*0\s*\]$/;

/** True when `node` is in a config class of generation, sampling or evaluation (see SIDE_RUN_CONFIG_CLASS). */
function inSideRunConfigClass(node: Node): boolean {
  const name = enclosingName(node, "class_definition");
  return name !== null && SIDE_RUN_CONFIG_CLASS.test(normalizeParameterName(name));
}

/** The name of the class a method is defined in, or "". */
function enclosingClassName(node: Node): string {
  for (let current: Node | null = node.parent; current; current = current.parent)
    if (current.type === "class_definition") return current.childForFieldName("name")?.text ?? "";
  return "";
}

/**
 * True when `node` is built only for a side run: in the branch or the conditional expression taken under a debug,
 * evaluation or test switch (`if args.eval_only:`, `A if args.debug else B`), or in a function named for one
 * (`def debug_config():`, a helper nested in `evaluate()`).
 */
function inSideRun(node: Node): boolean {
  if (inDebugBranch(node)) return true;
  for (let current: Node | null = node.parent; current; current = current.parent) {
    if (takenUnder(current, node, SIDE_RUN_WORDS, true)) return true;
    if (
      current.type === "function_definition" &&
      SIDE_RUN_WORDS.test(current.childForFieldName("name")?.text ?? "")
    )
      return true;
  }
  return false;
}

/**
 * A literal that overwrites a value the same function read earlier from its config or arguments
 * (`num_epochs = cfg["epochs"]` … `num_epochs = 1`): a left-over debug override, not the configured run.
 */
function overridesLookup(assign: Node, left: Node): boolean {
  if (left.type !== "identifier") return false;
  let fn: Node | null = assign.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  if (!fn) return false;
  for (const earlier of fn.descendantsOfType("assignment")) {
    if (!earlier || earlier.startIndex >= assign.startIndex) break;
    if (earlier.childForFieldName("left")?.text !== left.text) continue;
    // Only a read that always runs before the literal: not the other branch of an `if config: … else: …`.
    const block = earlier.parent?.parent;
    if (!block || assign.startIndex < block.startIndex || assign.endIndex > block.endIndex) continue;
    const right = earlier.childForFieldName("right");
    if (right && (right.type === "subscript" || right.type === "attribute")) return true;
  }
  return false;
}

/** A quick test for a training step before loops are read (see loops.ts). */
const TRAINING_STEP_TEXT =
  /\.backward\(|\.step\(|train_\w*step|train_on_batch|apply_gradients|\.minimize\(|train\w*epoch|\.optimize_parameters\(/;
/** Calls and keywords that hold Ray's per-trial resources. */
const RAY_RESOURCES = /^(?:resources_per_trial|resources|with_resources|PlacementGroupFactory)$/;

/**
 * Signs that a file puts its work on one CUDA/GPU device: `.cuda()`, `"cuda"`, `"cuda:0"`, `f"cuda:{i}"`,
 * `"cuda:%d"`, TensorFlow's `"/GPU:0"`, `set_visible_devices(gpus[0])`, `OneDeviceStrategy`,
 * `device_map={"": 0}`, `torch.cuda.set_device(...)`.
 */
const CUDA_SIGN =
  /\.cuda\(\s*\d*\s*\)|\bf["']cuda:\{|["']\/(?:device:)?gpu:\d+["']|set_visible_devices\(\s*\w+\[\s*\d+\s*\]|OneDeviceStrategy\(|device_map\s*=\s*\{\s*["']{2}\s*:\s*\d+\s*\}|torch\.cuda\.set_device\(/i;
/**
 * Signs that a file may run on several devices: data/model-parallel wrappers, distributed strategies and
 * launch helpers, process groups, device queries used as counts, Lightning/Accelerate/DeepSpeed settings.
 */
const MULTI_DEVICE_SIGN =
  /DataParallel|\bDDP\b|\bFSDP\b|MirroredStrategy|TPUStrategy|ParameterServerStrategy|CentralStorageStrategy|\bhorovod\b|\bhvd\.|\bdeepspeed\b|\baccelerate\b|\bAccelerator\(|init_process_group|torch\.distributed|\bmp\.spawn\(|multiprocessing\.spawn|\bnproc|world_size|local_rank|device_count\(\)|device_map\s*=\s*["']auto|\bpmap\(|\bxmp\.|strategy\s*=\s*["'](?:ddp|deepspeed|fsdp|horovod|dp)\w*["']|\b(?:devices|gpus)\s*=\s*(?:-1\b|["'](?:auto|-1)["'])|\bray\.(?:train|util\.sgd)\b|ScalingConfig\(/i;
/** A string literal that is exactly a CUDA device: `"cuda"`, `'cuda:0'`. */
const CUDA_DEVICE = /^cuda(?::\d+|:%d)?$/i;
/** A test of a device rather than a use: `device not in {'cpu', 'cuda'}`, `device == 'cuda'`. */
const DEVICE_TEST = /\bin\s*[[{(][^\])}]*["']cuda["']|[=!]=\s*["']cuda["']|["']cuda["']\s*[=!]=/i;
/**
 * An option's list of the values it accepts (`choices=["cpu", "cuda"]`): offering the GPU is no use of it; the
 * option's default or the launch's value is, where the code uses it.
 */
const CHOICES_LIST = /\bchoices\s*=\s*[[{(][^\])}]*[\])}]?/gi;

/**
 * One line of Python read as Python reads its quotes: the code before a comment, and the string literals ("it's"
 * is one literal, so "Device 'cuda' isn't available" is not the literal 'cuda'; a `#` inside a string is no
 * comment). Prefixed literals (f"cuda:{i}") are left out of `literals`.
 */
function scanLine(line: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (ch === "#") return { code: line.slice(0, i).trim(), literals };
    if (ch !== '"' && ch !== "'") continue;
    const prefixed = /[A-Za-z]/.test(line[i - 1] ?? "");
    let j = i + 1;
    while (j < line.length && line[j] !== ch) j += line[j] === "\\" ? 2 : 1;
    if (!prefixed) literals.push(line.slice(i + 1, j));
    i = j;
  }
  return { code: line.trim(), literals };
}

/** A use of a CUDA device on this line: `.cuda()` and its kin, or a literal "cuda" that is not only tested. */
function usesCuda(code: string): boolean {
  if (CUDA_SIGN.test(code)) return true;
  const used = code.replace(CHOICES_LIST, "");
  return scanLine(used).literals.some((literal) => CUDA_DEVICE.test(literal)) && !DEVICE_TEST.test(used);
}

/** An implied single device is the weakest device evidence: below a configured setting, above a device index. */
export const IMPLICIT_SINGLE_CONFIDENCE = 0.5;

/**
 * One accelerator, implied: the file moves work to a CUDA/GPU device, sets no device count of its own (no count
 * fact, no count option) and shows no sign of running on several devices. The fact points at the first CUDA line
 * and is tagged `implicit_single`; an explicit count anywhere in the entry point's scope should outrank it.
 */
function implicitSingleDevice(
  path: string,
  lines: string[],
  mapLine: (line: number) => number,
  facts: Fact[],
  parameters: ScriptParameter[],
  traits: EntryTraits | null,
): Fact | null {
  if ((traits?.parallelism.length ?? 0) > 0) return null;
  if (facts.some((f) => f.field === "accelerator_count" && !(f.tags ?? []).includes("device_index")))
    return null;
  const countOption = parameters.some((p) => {
    const meaning = meaningOfName(p.dest) ?? p.flags.map((f) => meaningOfName(f)).find((m) => m);
    return meaning?.field === "accelerator_count" && meaning.semantics === "count";
  });
  if (countOption) return null;
  let first = -1;
  for (let row = 0; row < lines.length; row += 1) {
    const code = codePart(lines[row]!);
    if (code === "") continue;
    if (MULTI_DEVICE_SIGN.test(code)) return null;
    if (first < 0 && usesCuda(code)) first = row;
  }
  if (first < 0) return null;
  const snippet = lines[first]!;
  return codeFact({
    field: "accelerator_count",
    value: 1,
    raw: `${(CUDA_SIGN.exec(codePart(snippet)) ?? ['"cuda"'])[0]} with no multi-device sign in the file`,
    confidence: IMPLICIT_SINGLE_CONFIDENCE,
    file: path,
    line: mapLine(first + 1),
    snippet,
    tags: ["implicit_single"],
  });
}

/** A line without its comment (a `#` outside quotes ends the code). */
function codePart(line: string): string {
  return scanLine(line).code;
}

/** Names read only on a command line (see FileContext.meaning). */
const CLI_ONLY_NAMES = new Set(["device", "cuda_devices"]);
/** `.batch(n)` is read positionally and is also used for evaluation pipelines: trusted a little less. */
const DATASET_BATCH_WEIGHT = 0.8;
/** Device-count names that already count every node (never multiplied by a node count). */
const TOTAL_DEVICE_NAMES = new Set(["num_processes", "world_size", "gpu_count"]);
const NODE_KEYWORDS = ["num_nodes", "nnodes", "num_machines", "nodes"];
const JAX_DEVICE_CALLS = new Set([
  "jax.devices",
  "jax.local_devices",
  "jax.device_count",
  "jax.local_device_count",
]);
const ABSL_TYPES: Record<string, string> = {
  integer: "int",
  float: "float",
  string: "str",
  bool: "bool",
  boolean: "bool",
  enum: "str",
  list: "str",
};

/**
 * Analyzes one Python source. Never throws on bad input: a parse that times out becomes a warning naming the file.
 *
 * @example
 *   const findings = analyzePython("train.py", "EPOCHS = 200\n", await loadPythonParser(), { parseTimeoutMs: 2000 });
 *   findings.facts[0]; // { field: "epochs", value: 200, evidence: { file: "train.py", line: 1, ... }, ... }
 */
export function analyzePython(
  path: string,
  source: string,
  parser: PythonParser,
  options: PythonAnalysisOptions,
): FileFindings {
  const findings = emptyFindings(path, options.kind ?? "python");
  const mapLine = options.lineMap ?? ((line: number) => line);
  const lines = splitLines(source);
  findings.imports = readImports(source);
  findings.traits = readTraits(source);
  findings.configReferences = readConfigReferences(source).map((r) => ({ ...r, line: mapLine(r.line) }));
  const rows = candidateRows(source);
  const hasTrainingStep = TRAINING_STEP_TEXT.test(source);
  // A run setting may also be a parameter without a default, set by position at a call (`run_training(net, 100)`).
  if (rows.length === 0 && !hasTrainingStep && !POSITIONAL_PARAMETER_TEXT.test(source)) {
    const implicit = implicitSingleDevice(path, lines, mapLine, [], [], findings.traits);
    if (implicit) findings.facts = [implicit];
    return findings;
  }

  const tree = parser.parse(source, options.parseTimeoutMs);
  if (!tree) {
    findings.warnings.push({
      code: "parse_timeout",
      message: `Python parse needed more than its work budget (${options.parseTimeoutMs} ms of one core) and was stopped; file not analysed`,
      file: path,
    });
    return findings;
  }
  try {
    if (tree.rootNode.hasError) {
      findings.warnings.push({
        code: "python_syntax_error",
        message: "file does not parse as Python 3 everywhere; settings were read from the parts that do",
        file: path,
      });
    }
    const context = new FileContext(path, lines, mapLine, findings.traits!);
    for (const match of parser.constantsQuery.matches(tree.rootNode)) context.collectConstant(match);
    // Only the lines that can hold a setting are queried: most of a file is model code the reader skips.
    const seen = new Set<string>();
    for (const [first, last] of mergeRows(rows)) {
      const range = { startPosition: { row: first, column: 0 }, endPosition: { row: last + 1, column: 0 } };
      for (const match of parser.query.matches(tree.rootNode, range)) {
        const node = match.captures[0]?.node;
        const key = `${match.patternIndex}:${node?.startIndex}:${node?.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        context.visit(match);
      }
    }
    context.bindPositionalArguments(tree.rootNode);
    if (source.includes("docopt") && lines.some((line) => !/^\s*#/.test(line) && DOCOPT_CALL.test(line)))
      context.parameters.push(...docoptParameters(path, lines, mapLine));
    findings.parameters = context.parameters;
    context.demoteLoadersBesideFit();
    if (context.constructorKeywords.size > 0) findings.constructorKeywords = [...context.constructorKeywords];
    if (hasTrainingStep) {
      const loops = loopFacts(tree.rootNode, {
        path,
        lines,
        mapLine,
        parameters: context.parameters,
        resolve: context.resolve,
      });
      context.facts.push(...loops.facts);
      if (loops.open.length > 0) findings.openBounds = loops.open;
    }
    const implicit = implicitSingleDevice(
      path,
      lines,
      mapLine,
      context.facts,
      context.parameters,
      findings.traits,
    );
    findings.facts = withCheckpointParams(implicit ? [...context.facts, implicit] : context.facts);
  } catch (error) {
    findings.warnings.push({
      code: "python_analysis_failed",
      message: `Python analysis stopped: ${(error as Error).message}`,
      file: path,
    });
  } finally {
    tree.delete();
  }
  return findings;
}

type Captures = Map<string, Node>;

const ROW_GAP = 3;

/** Candidate rows merged into ranges [first, last] when close together (fewer, larger queries). */
function mergeRows(rows: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const row of rows) {
    const last = ranges[ranges.length - 1];
    if (last && row - last[1] <= ROW_GAP) last[1] = row;
    else ranges.push([row, row]);
  }
  return ranges;
}

function capturesOf(match: QueryMatch): Captures {
  const map: Captures = new Map();
  for (const capture of match.captures) map.set(capture.name, capture.node);
  return map;
}

/** The option Typer makes of a parameter: `batch_size` → `--batch-size`. */
const typerFlag = (name: string) => `--${name.replace(/_/g, "-")}`;

/** State while walking one file's query matches. */
class FileContext {
  readonly facts: Fact[] = [];
  readonly parameters: ScriptParameter[] = [];
  /** `TrainConfig.epochs` for `TrainConfig(epochs=…)` (any callee: resolution matches it to a class): FileFindings.constructorKeywords. */
  readonly constructorKeywords = new Set<string>();
  /** Each module-level name's literal bindings, in source order, with where each assignment starts. */
  private readonly constants = new Map<string, { start: number; value: LiteralValue }[]>();
  /**
   * A module-level use reads the binding in force there, the last assignment above it, as Python runs a module
   * (a notebook sets `EPOCHS = 100` for three experiments and `EPOCHS = 50` for a fourth: each `fit(epochs=EPOCHS)`
   * has its own); so does a class body, which runs as the module reaches it. A use inside a function runs when it is
   * called, after the module has run: the last binding.
   */
  readonly resolve: NameResolver = (name, at) => {
    const bindings = this.constants.get(name);
    if (!bindings) return undefined;
    const above =
      at && scopeOf(at) !== "function" ? bindings.filter((b) => b.start < at.startIndex) : bindings;
    const pool = above.length > 0 ? above : bindings;
    return pool[pool.length - 1]!.value;
  };
  /** A Keras-style `model.fit(..., batch_size=…)` trains in this file (see `demoteLoadersBesideFit`). */
  private fitsWithBatch = false;
  /** When the file imports typer: the functions it gives to `typer.run` (null: no typer; computed when needed). */
  private typer: Set<string> | null | undefined;

  constructor(
    private readonly path: string,
    private readonly lines: string[],
    private readonly mapLine: (line: number) => number,
    private readonly traits: EntryTraits,
  ) {}

  /** First pass: module-level literal constants (also those under `if __name__ == "__main__":`). */
  collectConstant(match: QueryMatch): void {
    const captures = capturesOf(match);
    const left = captures.get("assign.left");
    const right = captures.get("assign.right");
    if (!left || !right) return;
    // Every value is read before any name is bound: `A, B = B, A` swaps.
    const values = unpacked(left, right).map(
      ([name, node]) => [name, evaluateLiteral(node, this.resolve)] as const,
    );
    for (const [name, value] of values)
      if (name.type === "identifier" && value !== undefined) {
        const bindings = this.constants.get(name.text) ?? [];
        bindings.push({ start: name.startIndex, value });
        this.constants.set(name.text, bindings);
      }
  }

  visit(match: QueryMatch): void {
    const captures = capturesOf(match);
    if (captures.has("assign")) this.visitAssignment(captures);
    else if (captures.has("kwarg")) this.visitKeywordArgument(captures);
    else if (captures.has("pair")) this.visitPair(captures);
    else if (captures.has("param")) this.visitDefaultParameter(captures);
    else if (captures.has("call")) this.visitCall(captures);
  }

  private visitAssignment(captures: Captures): void {
    const assign = captures.get("assign")!;
    for (const [left, right] of unpacked(captures.get("assign.left")!, captures.get("assign.right")!))
      this.visitOneAssignment(assign, left, right);
  }

  private visitOneAssignment(assign: Node, left: Node, right: Node): void {
    const name = assignedName(left);
    if (!name) return;
    if (name === "CUDA_VISIBLE_DEVICES") {
      this.noteVisibleDevices(right);
      return;
    }
    const meaning = this.meaning(name, targetOwners(left));
    if (!meaning) return;
    const scope = scopeOf(assign);
    const valueNode = dataclassDefault(right) ?? right;
    const base =
      left.type !== "identifier"
        ? CONFIDENCE.attributeAssignment
        : scope === "module"
          ? CONFIDENCE.moduleConstant
          : scope === "class"
            ? CONFIDENCE.classField
            : CONFIDENCE.localAssignment;
    if (scope === "function" && EVALUATION_FUNCTION.test(enclosingFunctionName(assign) ?? "")) return;
    if (inSideRunConfigClass(assign)) return;
    const tag: FactTag =
      left.type !== "identifier"
        ? "attribute"
        : scope === "class"
          ? "class_field"
          : `${scope as "module" | "function"}_constant`;
    const owner = tag === "class_field" ? enclosingName(assign, "class_definition") : null;
    const tags: FactTag[] = owner ? [tag, `class:${owner}`] : [tag];
    if (overridesLookup(assign, left)) {
      this.addFact(meaning, valueNode, base * DEBUG_WEIGHT, [...tags, "debug"]);
      return;
    }
    this.addFact(meaning, valueNode, base, tags);
  }

  private visitKeywordArgument(captures: Captures): void {
    const nameNode = captures.get("kwarg.name")!;
    const call = captures.get("kwarg")!.parent?.parent;
    if (!call || call.type !== "call") return;
    const functionText = call.childForFieldName("function")?.text ?? "";
    const callee = lastSegment(functionText);
    if (
      KERAS_FIT.test(callee) &&
      functionText.includes(".") &&
      nameNode.text === "batch_size" &&
      !inSideRun(call)
    )
      this.fitsWithBatch = true;
    const meaning = this.meaning(nameNode.text, [callee]);
    if (!meaning) return;
    const verdict = calleeVerdict(functionText, callee, meaning);
    if (verdict === "not_a_run_setting") return;
    if (verdict === "auxiliary") {
      const auxiliary = { ...meaning, weight: meaning.weight * AUXILIARY_WEIGHT };
      this.addFact(auxiliary, captures.get("kwarg.value")!, CONFIDENCE.callKeyword, [
        `call:${callee}`,
        "auxiliary",
      ]);
      return;
    }
    if (looksLikeEvaluationCall(call)) return;
    if (isEvaluationName(enclosingFunctionName(call) ?? "")) return;
    // The class this call may build gets that field from it, whatever the value, unless a side run builds it.
    if (!inSideRun(call)) this.constructorKeywords.add(`${callee}.${nameNode.text}`);
    const args = call.childForFieldName("arguments");
    const value = captures.get("kwarg.value")!;
    // A loader that passes ready batches through (`batch_size=1, collate_fn=lambda x: x[0]`): the dataset batches.
    if (
      meaning.field === "batch_size" &&
      /^(?:1|None)$/.test(value.text) &&
      args !== null &&
      PASS_THROUGH_COLLATE.test(keywordText(args, "collate_fn") ?? "")
    )
      return;
    if (meaning.field === "accelerator_count" && args) {
      if (keywordText(args, "accelerator")?.includes("cpu")) return;
      const nodes = TOTAL_DEVICE_NAMES.has(meaning.name) ? undefined : nodesOf(args, this.resolve);
      if (nodes !== undefined && nodes > 1) {
        this.addFact(meaning, value, CONFIDENCE.callKeyword, [`call:${callee}`, "multiplied"], nodes);
        return;
      }
    }
    this.addFact(meaning, value, CONFIDENCE.callKeyword, [`call:${callee}`]);
  }

  private visitPair(captures: Captures): void {
    const key = stringValue(captures.get("pair.key")!);
    if (key === undefined) return;
    if (key.toLowerCase() === "gpu" && ownerKeys(captures.get("pair")!).some((k) => RAY_RESOURCES.test(k))) {
      this.noteRayGpus(captures.get("pair.value")!);
      return;
    }
    const meaning = this.meaning(key, ownerKeys(captures.get("pair")!));
    if (!meaning) return;
    this.addFact(meaning, captures.get("pair.value")!, CONFIDENCE.dictEntry, ["dict_entry"]);
  }

  private visitDefaultParameter(captures: Captures): void {
    const name = captures.get("param.name")!.text;
    const value = captures.get("param.value")!;
    const param = captures.get("param")!;
    if (
      value.type === "call" &&
      /(?:^|\.)(?:Option|Argument)$/.test(value.childForFieldName("function")?.text ?? "")
    ) {
      this.addTyperParameter(name, param, value);
      return;
    }
    const functionNode = param.parent?.parent;
    // An evaluation function's defaults are not the training run's, whether or not it is a command.
    if (EVALUATION_FUNCTION.test(functionNode?.childForFieldName("name")?.text ?? "")) return;
    if (functionNode && this.isTyperCommand(functionNode)) {
      this.addTyperDefault(name, param, value);
      return;
    }
    const meaning = this.meaning(name);
    if (!meaning) return;
    // Who the default belongs to, as a call names it: the class for `__init__` (`ConvNet(epoch=10)`), else the
    // function (`train(epochs=5)`); the resolution marks it overridden where the main run passes that keyword.
    const functionName = functionNode?.childForFieldName("name")?.text ?? "";
    const owner = functionName === "__init__" ? enclosingClassName(functionNode!) : functionName;
    if (functionNode && inSideRunConfigClass(functionNode)) return;
    // An environment's own constructor default (`class Wave1Env: def __init__(self, max_steps=600)`) is an
    // episode's length, as when a call passes it.
    if (meaning.field === "steps" && ENVIRONMENT_CALLEE.test(owner)) return;
    this.addFact(meaning, value, CONFIDENCE.functionDefault, [
      "function_default",
      ...(owner ? [`def:${owner}.${name}` as const] : []),
    ]);
  }

  private visitCall(captures: Captures): void {
    const call = captures.get("call")!;
    const functionText = captures.get("call.function")!.text;
    const args = captures.get("call.arguments")!;
    const callee = lastSegment(functionText);
    if (callee === "add_argument") this.addArgparseParameter(call, args);
    else if (/^DEFINE_\w+$/.test(callee)) this.addAbslParameter(call, args, callee);
    else if (callee === "option" && (functionText === "click.option" || call.parent?.type === "decorator")) {
      this.addClickParameter(call, args);
    } else if (PARALLEL_WRAPPERS.has(callee)) this.noteParallelWrapper(callee);
    else if (functionText === "torch.device" || functionText === "device") this.noteTorchDevice(call, args);
    else if (JAX_DEVICE_CALLS.has(functionText)) addOnce(this.traits.parallelism, "jax.devices");
    else if (functionText === "jax.pmap" || functionText === "pmap")
      addOnce(this.traits.parallelism, "jax.pmap");
    else if (callee === "from_pretrained") this.noteCheckpoint(call, args);
    else if (callee === "batch" && functionText.includes("."))
      this.noteDatasetBatch(call, args, functionText);
    else if (
      /(?:^|\.)hydra\.main$/.test(functionText) ||
      (callee === "main" && functionText.includes("hydra"))
    ) {
      this.noteHydra(args);
    } else if ((callee === "compose" || callee === "initialize") && keywordNode(args, "config_name")) {
      this.noteHydra(args);
    }
  }

  /**
   * Literals passed by position to a function or class this file defines (`run_training(net, pairs, 100)` for
   * `def run_training(model, mapping_pairs, num_epochs)`, `alex.train(40, batch_size=100)` for
   * `def train(self, epochs, batch_size)`): read under the parameter's name, as a keyword would be. Only names
   * defined once in the file, and not in a debug, evaluation or side run.
   */
  bindPositionalArguments(root: Node): void {
    const signatures = new Map<string, { params: string[]; method: boolean } | null>();
    const classes = new Set(
      root.descendantsOfType("class_definition").map((c) => c.childForFieldName("name")?.text ?? ""),
    );
    for (const def of root.descendantsOfType("function_definition")) {
      const name = def.childForFieldName("name")?.text ?? "";
      if (!name || EVALUATION_FUNCTION.test(name)) continue;
      const params = (def.childForFieldName("parameters")?.namedChildren ?? []).map((p) =>
        p.type === "identifier"
          ? p.text
          : /splat|separator/.test(p.type)
            ? "*"
            : ((p.childForFieldName("name") ?? p.namedChildren[0])?.text ?? "*"),
      );
      const inClass = enclosingName(def, "class_definition") !== null;
      const owner = name === "__init__" ? (enclosingName(def, "class_definition") ?? "") : name;
      if (!owner) continue;
      // A method is reached through an object (`alex.train(40)`); a constructor or a function by its bare name.
      const method = inClass && name !== "__init__" && (params[0] === "self" || params[0] === "cls");
      const signature = {
        params: inClass && /^(?:self|cls)$/.test(params[0] ?? "") ? params.slice(1) : params,
        method,
      };
      // A name defined twice (two classes' `train`) is not bound: which one a call reaches is unknown.
      signatures.set(owner, signatures.has(owner) ? null : signature);
    }
    const wanted = [...signatures.entries()].filter(
      ([, s]) => s && s.params.some((p) => this.positionalMeaning(p) !== null),
    );
    if (wanted.length === 0) return;
    const bySignature = new Map(wanted);
    const source = root.text;
    for (const call of root.descendantsOfType("call")) {
      const functionText = call.childForFieldName("function")?.text ?? "";
      const callee = lastSegment(functionText);
      const signature = bySignature.get(callee);
      if (!signature) continue;
      // `random.sample(range(9), 64)` is not the file's `def sample(model, num_steps)`: a function is called by its
      // bare name, a method on `self`/`cls` or on an object the file builds from one of its classes.
      if (!reachesOwnDefinition(functionText, signature.method, classes, source)) continue;
      if (
        inSideRun(call) ||
        looksLikeEvaluationCall(call) ||
        isEvaluationName(enclosingFunctionName(call) ?? "")
      )
        continue;
      const args = call.childForFieldName("arguments")?.namedChildren ?? [];
      for (let i = 0; i < args.length && i < signature.params.length; i += 1) {
        const arg = args[i]!;
        const param = signature.params[i]!;
        if (arg.type === "keyword_argument" || /^\*/.test(param) || arg.type.includes("splat")) break;
        const meaning = this.positionalMeaning(param);
        // The keywords' callee rules, with an auxiliary estimator's setting left out rather than weighed down.
        if (!meaning || calleeVerdict(functionText, callee, meaning) !== null) continue;
        this.constructorKeywords.add(`${callee}.${param}`);
        this.addFact(meaning, arg, CONFIDENCE.callKeyword, [`call:${callee}`]);
      }
    }
  }

  /**
   * A file whose `model.fit(..., batch_size=…)` trains uses a PyTorch DataLoader only to load data (often a whole
   * split in one batch, `batch_size=15000, shuffle=False`): the loader's batch is kept, tagged auxiliary and
   * trusted less, below the batch the fit is given.
   */
  demoteLoadersBesideFit(): void {
    if (!this.fitsWithBatch) return;
    for (const fact of this.facts) {
      const tags = fact.tags ?? [];
      if (fact.field !== "batch_size" || !tags.includes("call:DataLoader") || tags.includes("auxiliary"))
        continue;
      fact.tags = [...tags, "auxiliary"];
      fact.confidence *= AUXILIARY_WEIGHT;
    }
  }

  private positionalMeaning(param: string): NameMeaning | null {
    const meaning = this.meaning(param);
    return meaning && POSITIONAL_FIELDS.has(meaning.field) ? meaning : null;
  }

  /**
   * The meaning of a name read in Python source. `device` is read only as a command-line option (`--device 0,1`):
   * in code, `device=0` is which GPU a tensor goes to, not how many GPUs run.
   */
  private meaning(name: string, parents: readonly string[] = []): NameMeaning | null {
    const meaning = meaningOfName(name, parents);
    return meaning && !CLI_ONLY_NAMES.has(meaning.name) ? meaning : null;
  }

  /** Reads `valueNode` under `meaning`; `multiplier` turns devices per node into devices in total. */
  private addFact(
    meaning: NameMeaning,
    valueNode: Node,
    base: number,
    tags: FactTag[],
    multiplier = 1,
  ): void {
    // `32 if args.quick else 256`: the real run's value, and the debug run's kept as a candidate trusted half as much.
    const split = debugBranches(valueNode);
    if (split) {
      this.addFact(meaning, split.real, base, tags, multiplier);
      if (!tags.includes("debug"))
        this.addFact(meaning, split.debug, base * DEBUG_WEIGHT, [...tags, "debug"], multiplier);
      return;
    }
    const literal = evaluateLiteral(valueNode, this.resolve);
    if (literal === undefined || literal === null) return;
    const raw = rawForInterpretation(literal);
    const value = interpretValue(meaning, raw);
    if (value === null) return;
    const text = literalText(literal);
    const allTags = [...meaning.tags, ...tags];
    if (multiplier > 1 && typeof value === "number") {
      const rawText = `${meaning.name}=${text} × nodes=${multiplier}`;
      this.pushFact(meaning.field, value * multiplier, valueNode, base * meaning.weight, allTags, rawText);
      return;
    }
    this.pushFact(meaning.field, value, valueNode, base * meaning.weight, allTags, text);
  }

  private pushFact(
    field: Fact["field"],
    value: FactValue,
    node: Node,
    confidence: number,
    tags: FactTag[],
    raw: string,
  ): void {
    const row = node.startPosition.row;
    // A value of a debug branch stays a candidate, trusted half as much (unless already marked as debug).
    if (!tags.includes("debug") && inDebugBranch(node)) {
      tags = [...tags, "debug"];
      confidence *= DEBUG_WEIGHT;
    }
    this.facts.push(
      codeFact({
        field,
        value,
        raw,
        confidence,
        file: this.path,
        line: this.mapLine(row + 1),
        snippet: this.lines[row] ?? "",
        tags,
      }),
    );
  }

  private addArgparseParameter(call: Node, args: Node): void {
    const positional = positionalArguments(args);
    const strings = positional.map((node) => stringValue(node)).filter((s): s is string => s !== undefined);
    const flags = strings.filter((s) => s.startsWith("-"));
    const positionalName = flags.length === 0 ? strings[0] : undefined;
    const destNode = keywordNode(args, "dest");
    const dest = (destNode && stringValue(destNode)) ?? positionalName ?? destFromFlags(flags);
    if (!dest) return;
    const action = stringOf(keywordNode(args, "action")) ?? "";
    const isSwitch = action === "store_true" || action === "store_false";
    const defaultNode = keywordNode(args, "default");
    let defaultValue: LiteralValue | undefined = defaultNode
      ? evaluateLiteral(defaultNode, this.resolve)
      : undefined;
    if (defaultValue === undefined && isSwitch && !defaultNode) defaultValue = action === "store_false";
    this.parameters.push(
      this.parameter(call, defaultNode, {
        flags,
        dest,
        defaultValue,
        type: keywordNode(args, "type")?.text ?? (isSwitch ? "bool" : null),
        choices: choicesOf(keywordNode(args, "choices"), this.resolve),
        help: helpText(keywordNode(args, "help")),
        isSwitch,
        source: "argparse",
      }),
    );
  }

  private addAbslParameter(call: Node, args: Node, callee: string): void {
    const positional = positionalArguments(args);
    const nameNode = keywordNode(args, "name") ?? positional[0];
    const name = nameNode ? stringValue(nameNode) : undefined;
    if (!name) return;
    const defaultNode = keywordNode(args, "default") ?? positional[1];
    const helpNode = keywordNode(args, "help") ?? positional[2];
    const kind = callee.replace(/^DEFINE_(?:multi_)?/, "");
    this.parameters.push(
      this.parameter(call, defaultNode ?? null, {
        flags: [`--${name}`],
        dest: name,
        defaultValue: defaultNode ? evaluateLiteral(defaultNode, this.resolve) : undefined,
        type: ABSL_TYPES[kind] ?? null,
        choices: choicesOf(
          keywordNode(args, "enum_values") ?? (kind === "enum" ? positional[2] : undefined),
          this.resolve,
        ),
        help: helpText(kind === "enum" ? (keywordNode(args, "help") ?? positional[3]) : helpNode),
        isSwitch: false,
        source: "absl",
      }),
    );
  }

  private addClickParameter(call: Node, args: Node): void {
    const strings = positionalArguments(args)
      .map((node) => stringValue(node))
      .filter((s): s is string => s !== undefined);
    const flags = strings.filter((s) => s.startsWith("-")).flatMap((s) => s.split("/"));
    const named = strings.find((s) => !s.startsWith("-"));
    const dest = named ?? destFromFlags(flags);
    if (!dest) return;
    const defaultNode = keywordNode(args, "default");
    const isSwitch = keywordNode(args, "is_flag")?.text === "True";
    this.parameters.push(
      this.parameter(call, defaultNode, {
        flags,
        dest,
        defaultValue: defaultNode ? evaluateLiteral(defaultNode, this.resolve) : isSwitch ? false : undefined,
        type: keywordNode(args, "type")?.text ?? (isSwitch ? "bool" : null),
        choices: null,
        help: helpText(keywordNode(args, "help")),
        isSwitch,
        source: "click",
      }),
    );
  }

  /**
   * A Typer command (`@app.command()` in a file that imports typer, or the function given to `typer.run`): each
   * parameter with a plain default is an option `--name` (underscores as dashes) that a launch line may set.
   */
  private isTyperCommand(fn: Node): boolean {
    if (fn.type !== "function_definition") return false;
    if (this.typer === undefined) {
      const text = this.lines.join("\n");
      this.typer = /^[ \t]*(?:import[ \t]+typer\b|from[ \t]+typer[ \t]+import\b)/m.test(text)
        ? new Set([...text.matchAll(/\btyper\.run\(\s*(\w+)\s*\)/g)].map((m) => m[1]!))
        : null;
    }
    if (this.typer === null) return false;
    const decorated = fn.parent?.type === "decorated_definition" ? fn.parent : null;
    if (decorated?.children.some((d) => d.type === "decorator" && /^@[\w.]+\.command\b/.test(d.text)))
      return true;
    return this.typer.has(fn.childForFieldName("name")?.text ?? "");
  }

  private addTyperDefault(name: string, param: Node, value: Node): void {
    const type = param.childForFieldName("type")?.text ?? null;
    this.parameters.push(
      this.parameter(param, value, {
        flags: [typerFlag(name)],
        dest: name,
        defaultValue: evaluateLiteral(value, this.resolve),
        type,
        choices: null,
        help: null,
        // `fp16: bool = False` is the switch `--fp16` (Typer adds `--no-fp16`).
        isSwitch: type === "bool",
        source: "typer",
      }),
    );
  }

  private addTyperParameter(name: string, param: Node, option: Node): void {
    const args = option.childForFieldName("arguments");
    if (!args) return;
    const positional = positionalArguments(args);
    const first = positional[0];
    const defaultNode =
      keywordNode(args, "default") ??
      (first && first.type !== "ellipsis" && stringValue(first)?.startsWith("-") !== true ? first : null);
    const flags = positional
      .map((node) => stringValue(node))
      .filter((s): s is string => s !== undefined && s.startsWith("-"));
    this.parameters.push(
      this.parameter(param, defaultNode ?? null, {
        flags: flags.length > 0 ? flags : [typerFlag(name)],
        dest: name,
        defaultValue: defaultNode ? evaluateLiteral(defaultNode, this.resolve) : undefined,
        type: param.childForFieldName("type")?.text ?? null,
        choices: null,
        help: helpText(keywordNode(args, "help")),
        isSwitch: false,
        source: "typer",
      }),
    );
  }

  private parameter(
    anchor: Node,
    defaultNode: Node | null,
    spec: Omit<ScriptParameter, "file" | "line" | "snippet" | "defaultRaw" | "defaultValue"> & {
      defaultValue: LiteralValue | undefined;
    },
  ): ScriptParameter {
    const row = anchor.startPosition.row;
    const defaultRow = defaultNode?.startPosition.row ?? row;
    const snippet =
      defaultRow === row
        ? (this.lines[row] ?? "")
        : `${(this.lines[row] ?? "").trim()} … ${(this.lines[defaultRow] ?? "").trim()}`;
    const value = spec.defaultValue;
    return {
      ...spec,
      file: this.path,
      line: this.mapLine(row + 1),
      snippet,
      defaultRaw: defaultNode ? defaultNode.text : value === false ? "False" : null,
      defaultValue: value === undefined || Array.isArray(value) ? null : value,
    };
  }

  /** Data-parallel wrappers are a trait; their `device_ids=[…]` is read as a keyword argument like any other. */
  private noteParallelWrapper(callee: string): void {
    const name =
      callee === "FSDP" ? "FullyShardedDataParallel" : callee === "DDP" ? "DistributedDataParallel" : callee;
    addOnce(this.traits.parallelism, name);
  }

  private noteTorchDevice(call: Node, args: Node): void {
    const first = positionalArguments(args)[0];
    const text = first ? stringValue(first) : undefined;
    const match = text ? /^cuda:(\d+)$/.exec(text) : null;
    if (!match) return;
    this.pushFact("accelerator_count", 1, call, CONFIDENCE.deviceIndex, ["device_index"], text!);
  }

  /** `os.environ["CUDA_VISIBLE_DEVICES"] = "0,1,2"`: the devices this process sees, as in a shell prefix. */
  private noteVisibleDevices(valueNode: Node): void {
    const literal = evaluateLiteral(valueNode, this.resolve);
    if (literal === undefined || literal === null || Array.isArray(literal)) return;
    const text = String(literal);
    const count = countDeviceIds(text);
    if (count === null) return;
    this.pushFact(
      "accelerator_count",
      count,
      valueNode,
      CONFIDENCE.cudaVisibleDevices,
      ["cuda_visible_devices"],
      `CUDA_VISIBLE_DEVICES=${text}`,
    );
  }

  /** Ray Tune's per-trial resources (`resources_per_trial={"cpu": 8, "gpu": 1}`): the GPUs one trial trains on. */
  private noteRayGpus(valueNode: Node): void {
    const literal = evaluateLiteral(valueNode, this.resolve);
    if (typeof literal !== "number" || !Number.isInteger(literal) || literal < 1) return;
    this.pushFact(
      "accelerator_count",
      literal,
      valueNode,
      CONFIDENCE.dictEntry,
      ["dict_entry"],
      `"gpu": ${literal}`,
    );
  }

  /** tf.data: `dataset.shuffle(1000).batch(BATCH_SIZE)` sets the batch size positionally. */
  private noteDatasetBatch(call: Node, args: Node, functionText: string): void {
    const positional = positionalArguments(args);
    if (positional.length !== 1 || keywordNode(args, "batch_size")) return;
    const receiver = functionText.slice(0, functionText.lastIndexOf("."));
    if (isEvaluationName(receiver.split(/[.(]/)[0] ?? "") || looksLikeEvaluationCall(call)) return;
    const meaning = meaningOfName("batch_size")!;
    this.addFact(meaning, positional[0]!, CONFIDENCE.callKeyword * DATASET_BATCH_WEIGHT, ["call:batch"]);
  }

  private noteCheckpoint(call: Node, args: Node): void {
    const first = keywordNode(args, "pretrained_model_name_or_path") ?? positionalArguments(args)[0];
    if (!first) return;
    const literal = evaluateLiteral(first, this.resolve);
    if (typeof literal !== "string") return;
    const meaning = meaningOfName("model_name_or_path")!;
    const value = interpretValue(meaning, JSON.stringify(literal));
    if (value === null) return;
    this.pushFact("model_name", value, call, CONFIDENCE.callKeyword, ["from_pretrained"], literal);
  }

  private noteHydra(args: Node): void {
    const positional = positionalArguments(args);
    const configPath = stringOf(keywordNode(args, "config_path")) ?? stringOf(positional[0]) ?? null;
    const configName = stringOf(keywordNode(args, "config_name")) ?? stringOf(positional[1]) ?? null;
    this.traits.hydra = {
      configPath: configPath ?? this.traits.hydra?.configPath ?? null,
      configName: configName ?? this.traits.hydra?.configName ?? null,
    };
  }
}

type Scope = "module" | "class" | "function";

/** Where an assignment lives; statements under `if __name__ == "__main__":` count as module level. */
function scopeOf(node: Node): Scope {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === "function_definition" || current.type === "lambda") return "function";
    if (current.type === "class_definition") return "class";
    if (current.type === "module") return "module";
  }
  return "module";
}

/** The name of the nearest enclosing definition of that kind: the function a call is in, the class of a field. */
function enclosingName(node: Node, kind: "function_definition" | "class_definition"): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === kind) return current.childForFieldName("name")?.text ?? null;
  }
  return null;
}

const enclosingFunctionName = (node: Node): string | null => enclosingName(node, "function_definition");

/**
 * The target and value pairs of an assignment: `EPOCHS, BATCH = 100, 64` unpacks into two (only when both sides
 * list as many items; `a, b = f()` pairs nothing a literal could give); any other assignment is its own pair.
 */
function unpacked(left: Node, right: Node): Array<[Node, Node]> {
  const lists =
    ["pattern_list", "tuple_pattern"].includes(left.type) &&
    ["expression_list", "tuple"].includes(right.type);
  if (!lists) return [[left, right]];
  const targets = left.namedChildren.filter((n): n is Node => n !== null);
  const values = right.namedChildren.filter((n): n is Node => n !== null && n.type !== "comment");
  if (targets.length !== values.length) return [];
  return targets.map((target, i) => [target, values[i]!]);
}

/** `epochs`, `cfg.TRAIN.EPOCHS` → `EPOCHS`, `config["batch_size"]` → `batch_size`; null for other targets. */
function assignedName(left: Node): string | null {
  if (left.type === "identifier") return left.text;
  if (left.type === "attribute") return left.childForFieldName("attribute")?.text ?? null;
  if (left.type === "subscript") {
    const index = left.childForFieldName("subscript");
    return index ? (stringValue(index) ?? null) : null;
  }
  return null;
}

/**
 * The names a value sits under, outermost first: the keys of enclosing dicts, the variable a dict is assigned to,
 * the call it is passed to (`cem_opts = {"n_iter": 10}` → ["cem_opts"]; `cfg.solver.max_iter` → ["cfg", "solver"]).
 */
function ownerKeys(node: Node): string[] {
  const keys: string[] = [];
  let current: Node | null = node.parent;
  for (let depth = 0; current && depth < 12; depth += 1, current = current.parent) {
    if (current.type === "pair") {
      const key = current.childForFieldName("key");
      const text = key ? stringValue(key) : undefined;
      if (text) keys.unshift(text);
    } else if (current.type === "keyword_argument") {
      keys.unshift(current.childForFieldName("name")?.text ?? "");
    } else if (current.type === "call") {
      keys.unshift(lastSegment(current.childForFieldName("function")?.text ?? ""));
    } else if (current.type === "assignment") {
      const left = current.childForFieldName("left");
      if (left) keys.unshift(...targetOwners(left), assignedName(left) ?? "");
      break;
    } else if (!CONTAINERS.has(current.type)) {
      break;
    }
  }
  return keys.filter((key) => key !== "");
}

const CONTAINERS = new Set(["dictionary", "argument_list", "list", "tuple", "parenthesized_expression"]);

/** The objects above an assignment target: `cfg.solver.max_iter` → ["cfg", "solver"]; a bare name has none. */
function targetOwners(left: Node): string[] {
  if (left.type === "attribute") {
    const object = left.childForFieldName("object");
    return object ? object.text.split(".").map((part) => part.replace(/\W.*$/, "")) : [];
  }
  if (left.type === "subscript") {
    const value = left.childForFieldName("value");
    if (!value) return [];
    if (value.type === "subscript") {
      const index = value.childForFieldName("subscript");
      const key = index ? stringValue(index) : undefined;
      return [...targetOwners(value), ...(key ? [key] : [])];
    }
    return value.text.split(".").map((part) => part.replace(/\W.*$/, ""));
  }
  return [];
}

/** `field(default=32)` in a dataclass body → the `32` node. */
function dataclassDefault(right: Node): Node | null {
  if (right.type !== "call") return null;
  const fn = right.childForFieldName("function")?.text;
  if (fn !== "field" && fn !== "dataclasses.field") return null;
  const args = right.childForFieldName("arguments");
  return args ? keywordNode(args, "default") : null;
}

/**
 * True when the call is clearly about evaluation data: its first positional argument or the variable it is
 * assigned to is named like a validation/test split (`DataLoader(val_set, batch_size=…)`).
 */
function looksLikeEvaluationCall(call: Node): boolean {
  const args = call.childForFieldName("arguments");
  const first = args ? positionalArguments(args)[0] : undefined;
  if (
    first &&
    (first.type === "identifier" || first.type === "attribute") &&
    EVALUATION_NAME.test(first.text)
  ) {
    return true;
  }
  const parent = call.parent;
  if (parent?.type === "assignment") {
    const target = parent.childForFieldName("left")?.text ?? "";
    if (EVALUATION_NAME.test(target)) return true;
  }
  return false;
}

function positionalArguments(args: Node): Node[] {
  return args.namedChildren.filter(
    (child): child is Node =>
      !!child &&
      child.type !== "keyword_argument" &&
      child.type !== "comment" &&
      child.type !== "list_splat" &&
      child.type !== "dictionary_splat",
  );
}

function keywordNode(args: Node, name: string): Node | null {
  for (const child of args.namedChildren) {
    if (child?.type === "keyword_argument" && child.childForFieldName("name")?.text === name) {
      return child.childForFieldName("value");
    }
  }
  return null;
}

/** A literal node count among a call's keyword arguments (`num_nodes=2`). */
function nodesOf(args: Node, resolve: NameResolver): number | undefined {
  for (const name of NODE_KEYWORDS) {
    const node = keywordNode(args, name);
    const value = node ? evaluateLiteral(node, resolve) : undefined;
    if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}

function keywordText(args: Node, name: string): string | null {
  return keywordNode(args, name)?.text ?? null;
}

function stringOf(node: Node | null | undefined): string | undefined {
  return node ? stringValue(node) : undefined;
}

function helpText(node: Node | null | undefined): string | null {
  if (!node) return null;
  const literal = evaluateLiteral(node);
  return typeof literal === "string" ? literal : node.text;
}

function choicesOf(node: Node | null | undefined, resolve: NameResolver): string[] | null {
  if (!node) return null;
  const literal = evaluateLiteral(node, resolve);
  return Array.isArray(literal) ? literal.map((v) => literalText(v)) : null;
}

/** argparse's rule: the first long option (`--batch-size` → `batch_size`), else the first short one. */
export function destFromFlags(flags: string[]): string | undefined {
  const long = flags.find((f) => f.startsWith("--")) ?? flags[0];
  return long?.replace(/^-+/, "").replace(/-/g, "_");
}

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf(".") + 1);
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** Literal → text that `interpretValue` reads (strings quoted so device-id strings stay distinguishable). */
function rawForInterpretation(value: LiteralValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => rawForInterpretation(v)).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
