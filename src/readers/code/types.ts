/**
 * Plain data passed between the code reader's steps: collector → per-file analyzers → resolution → summary.
 * Everything here is JSON-serialisable so that analysis can move to worker threads without changes.
 */
import type { ChosenFacts, Fact, Summary, Warning } from "../../domain/facts.js";

/** One file read from the repository. `path` is repo-relative with forward slashes. */
export interface RepoFile {
  path: string;
  content: string;
}

/** How a file is read; decided from its name alone (content sniffing happens in the collector). */
export type FileKind =
  | "python"
  | "notebook"
  | "yaml"
  | "json"
  | "toml"
  | "ini"
  | "argfile"
  | "shell"
  | "makefile"
  | "markdown"
  | "requirements"
  | "codecarbon_csv"
  | "log"
  | "other_language";

/**
 * A command-line parameter a script defines (argparse, click, typer, absl). Kept apart from facts because a
 * launch command can override it: resolution turns parameters plus invocations into facts.
 */
export interface ScriptParameter {
  file: string;
  line: number;
  snippet: string;
  /** Flag spellings as written, e.g. ["-b", "--batch-size"]; absl/typer names get a "--" prefix. */
  flags: string[];
  /** Destination name (argparse `dest`, or derived from the longest flag). */
  dest: string;
  /** Literal default as written, null when the parameter has none (or it cannot be read statically). */
  defaultRaw: string | null;
  defaultValue: number | string | boolean | null;
  /** "int", "float", "str", "bool" when known. */
  type: string | null;
  choices: string[] | null;
  help: string | null;
  /** argparse `store_true`/`store_false`, click `is_flag`. */
  isSwitch: boolean;
  source: "argparse" | "click" | "typer" | "absl" | "docopt";
}

/**
 * A training loop's bound written over options the file reads but does not define: `for epoch in
 * range(opt.epoch_count, opt.niter + opt.niter_decay + 1)` with the parser in an options module the script
 * imports. Kept as linear forms (stop: niter + niter_decay + 1; start: epoch_count) for the repository's
 * resolution, which sees every module's parameters.
 */
export interface OpenBound {
  field: "epochs" | "steps";
  line: number;
  snippet: string;
  /** The range's arguments as written. */
  raw: string;
  stop: LinearForm;
  /** Null when the start is not a sum of numbers and options (`range(start_epoch, ...)` of a resumed run). */
  start: LinearForm | null;
  /** The start when `start` is null or cannot be resolved: a resume point, 0, or 1 when the stop is `N + 1`. */
  startFallback: number;
}

/** A constant plus option name → coefficient. */
export interface LinearForm {
  constant: number;
  options: Record<string, number>;
}

/** One argument on a launch command line: `--epochs 30`, `--fp16`, `trainer.max_epochs=10`, or a positional. */
export interface InvocationArgument {
  /** Flag as written (`--epochs`), a Hydra-style key (`trainer.max_epochs`), or null for a positional. */
  name: string | null;
  value: string | null;
}

/** A script started by a launch file, a README command, a Makefile recipe or a notebook shell escape. */
export interface ScriptInvocation {
  file: string;
  line: number;
  snippet: string;
  /** Script path as written (`train.py`, `./src/train.py`), or the module for `python -m pkg.mod`. */
  target: string;
  targetIsModule: boolean;
  /** Directory the command was written in (repo-relative), to resolve relative paths. */
  baseDir: string;
  args: InvocationArgument[];
  /** Launcher that started the script: python, torchrun, accelerate, deepspeed, mpirun, srun... */
  launcher: string;
  /** Devices the launcher itself starts (nproc_per_node × nnodes, --num_gpus, CUDA_VISIBLE_DEVICES...). */
  devices: LaunchDevices;
  /** Facts of this command line itself (launcher device counts, srun options, launcher precision). */
  facts: Fact[];
  /** Config files the command passes (`--config x.yaml`, `accelerate launch --config_file`, positionals). */
  configs: string[];
  /**
   * Set when the command is not the plain run: a README "for example" block, a `train-fast`/`debug` Makefile
   * target, a sweep script, a resumed run. Its settings count for less than the plain run's (see resolve.ts).
   */
  variant?: string;
  /** For a shell script started by this command (`bash run.sh eurosat 1`): its words after the script name. */
  argWords?: string[];
  /** Variables the command line sets for the script it starts (`CUDA_VISIBLE_DEVICES=0 bash run.sh`). */
  env?: Record<string, string>;
}

export interface LaunchDevices {
  /** Processes/devices per node, from the launcher or CUDA_VISIBLE_DEVICES. */
  perNode: { value: number; raw: string } | null;
  nodes: { value: number; raw: string } | null;
  /** A total given directly (accelerate --num_processes counts all machines). */
  total: { value: number; raw: string } | null;
  /**
   * torchrun on one node: `--standalone`, a written `--nnodes=1`, or no multi-node option at all (--nnodes,
   * --node_rank, --master_addr, --rdzv_*, nor their PET_* variables), whose default is one node. Its per-node
   * count is then the run's total. A node count from a variable (`--nnodes=$NNODES`, even one that falls back to 1)
   * is not this.
   */
  oneNode?: boolean;
}

/** Signals that make a file look like a training entry point. */
export interface EntryTraits {
  hasMainGuard: boolean;
  /** Count of training signals: backward(), optimizer.step(), .fit(, Trainer(...).train, training loops. */
  trainingSignals: number;
  /** Hydra `@hydra.main(config_path=, config_name=)`, when present. */
  hydra: { configPath: string | null; configName: string | null } | null;
  /** Distributed wrappers seen: DataParallel, DistributedDataParallel, FSDP, jax.pmap, jax.devices... */
  parallelism: string[];
  /**
   * Its arguments are parsed into dataclasses (`HfArgumentParser`): every `--name` a launch passes is a field of
   * them (the parser rejects unknown ones; a file that keeps them, with `return_remaining_strings=True` or
   * `parse_known_args`, is not marked), even a field inherited from a library class we cannot read
   * (`TrainingArguments.num_train_epochs`).
   */
  dataclassArguments?: boolean;
}

/** What one analyzer found in one file. */
export interface FileFindings {
  path: string;
  kind: FileKind;
  facts: Fact[];
  parameters: ScriptParameter[];
  invocations: ScriptInvocation[];
  /** Python modules imported (dotted, relative ones resolved to dotted form with leading dots kept). */
  imports: string[];
  /** String literals that look like config paths (`configs/train.yaml`), for binding configs to scripts. */
  configReferences: { path: string; line: number }[];
  /** Package names from requirements-style files, or import roots, for framework detection. */
  packages: string[];
  /** Console commands a package declares (`[project.scripts]`, setup.py `console_scripts`): name → module. */
  consoleScripts: { name: string; module: string }[];
  /** Hydra defaults list of a config file: `- model: resnet` → {group: "model", option: "resnet"}. */
  hydraDefaults: { group: string | null; option: string; line: number }[];
  traits: EntryTraits | null;
  /**
   * Names a Python file reads off objects (`cfg.train_pipeline`, not method calls) and string keys it looks up
   * (`cfg['epochs']`, `.get("lr")`), to tell which config files a script reads when no path names them.
   */
  keysRead?: { attributes: string[]; strings: string[] };
  /** Code in a language the reader does not analyse (languages.ts): which, and whether it looks like training. */
  language?: { name: string; training: boolean };
  /** Measurement files: the run ids they cover, to tell a subset file from an independent one. */
  measurementRuns: string[] | null;
  /** Training loop bounds that name options this file does not define (resolved across imports). */
  openBounds?: OpenBound[];
  /**
   * Shell scripts that read positional parameters (`$1`, `${3:-x}`, `"$@"`): their lines, so that a caller's
   * arguments can be carried into the commands they start (`bash run.sh eurosat 1` → `--dataset eurosat`).
   */
  positionalLines?: { line: number; text: string }[];
  /**
   * Keywords passed to a class-like call (`TrainConfig(epochs=args.epochs)`), as `TrainConfig.epochs`, whatever the
   * value: that class's field default (`epochs: int = 10`) does not run where the class is built with it.
   */
  constructorKeywords?: string[];
  /** A Python file that keeps flags its parser does not declare (`parse_known_args`, `sys.argv[1]`; launch/stale.ts). */
  keepsUnknownFlags?: boolean;
  /** A Python file whose parser is built with `allow_abbrev=False`: no option may be shortened (launch/flags.ts). */
  noAbbreviations?: boolean;
  warnings: Warning[];
}

/** A script the reader considers an entry point, best first. */
export interface EntryPoint {
  file: string;
  /** "python" | "notebook" */
  kind: string;
  /** Launch files and READMEs that start it. */
  invoked_by: string[];
  /** Rank score used to choose the main entry point; higher is more likely the training script. */
  score: number;
  /** True for the entry point whose facts fill the summary. */
  main: boolean;
}

export interface CodeReport {
  facts: Fact[];
  /** The fact the reader chose for each field (the summary's values, with their evidence), once. */
  chosen: ChosenFacts;
  summary: Summary;
  frameworks: string[];
  entry_points: EntryPoint[];
  warnings: Warning[];
  stats: { files_read: number; bytes_read: number; files_skipped: number; elapsed_ms: number };
}
