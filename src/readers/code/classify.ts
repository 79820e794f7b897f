/**
 * Which files the code reader reads, decided from the path alone. Everything else in a repository (data, images,
 * checkpoints, sources in other languages) is never opened, which keeps huge data folders cheap to walk.
 */
import roles from "./data/file-roles.json" with { type: "json" };
import { otherLanguageOf } from "./languages.js";
import type { FileKind } from "./types.js";

const OTHER_DIRECTORIES = new RegExp(roles.other_directories, "i");

const EXTENSION_KINDS: Record<string, FileKind> = {
  py: "python",
  ipynb: "notebook",
  yaml: "yaml",
  yml: "yaml",
  json: "json",
  toml: "toml",
  cfg: "ini",
  ini: "ini",
  // `.conf` holds INI, YAML (`num_epochs: 500`), HOCON or a server's settings: read as YAML or INI when written as one,
  // else not read (analyze-file.ts).
  conf: "ini",
  args: "argfile",
  flags: "argfile",
  flagfile: "argfile",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  slurm: "shell",
  sbatch: "shell",
  pbs: "shell",
  qsub: "shell",
  job: "shell",
  lsf: "shell",
  sge: "shell",
  // Job files named for their scheduler: `train.sl` (SLURM at several national centres), `job.slrm`, `run.bsub`.
  sl: "shell",
  slrm: "shell",
  bsub: "shell",
  // Windows batch files, read as shell through batchLineAsShell.
  bat: "shell",
  cmd: "shell",
  // PowerShell launch files, read as shell through powershellLineAsShell.
  ps1: "shell",
  mk: "makefile",
  md: "markdown",
  markdown: "markdown",
  log: "log",
};

const MAKEFILE_NAMES = new Set(["makefile", "gnumakefile"]);
const ARGFILE_NAME = /(?:^|[_.-])(?:args|arguments|flags|options|opts)\.txt$/i;
/**
 * Folders whose plain-text and extension-less files may be argument files (`configs/ae.txt`, `params/run1`);
 * they are read and kept only when their content is `--flag value` lines (decided by the analyzer).
 */
const CONFIG_FOLDER =
  /(?:^|\/)(?:configs?|confs?|cfgs?|params|parameters|hparams|hyperparams?|hyperparameters|args|arguments|flags|options|opts|settings|experiments?|exps?)\/[^/]+$/i;
const REQUIREMENTS_NAME = /^requirements(?:[_.-][\w.-]*)?\.(?:txt|in)$/i;
const README_NAME = /^readme(?:\.txt)?$/i;
const EMISSIONS_CSV = /emission[\w.-]*\.csv$/i;

/** Directories never entered: dependencies, VCS metadata, caches, virtual environments, experiment trackers. */
export const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "__pycache__",
  ".venv",
  "venv",
  "site-packages",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".ipynb_checkpoints",
  ".eggs",
  "wandb",
  "mlruns",
  ".cache",
  ".idea",
  ".vscode",
  "conda-meta",
]);

/** Returns how to read the file at `path` (repo-relative), or null when the reader ignores it. */
export function classifyFile(path: string): FileKind | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const lower = base.toLowerCase();
  if (MAKEFILE_NAMES.has(lower)) return "makefile";
  if (README_NAME.test(base)) return "markdown";
  if (REQUIREMENTS_NAME.test(base)) return "requirements";
  if (EMISSIONS_CSV.test(base)) return "codecarbon_csv";
  if (ARGFILE_NAME.test(base)) return "argfile";
  const dot = lower.lastIndexOf(".");
  if (CONFIG_FOLDER.test(path) && (dot < 0 || (dot > 0 && lower.endsWith(".txt")))) return "argfile";
  if (dot <= 0) return null;
  const kind = EXTENSION_KINDS[lower.slice(dot + 1)];
  if (kind) return kind;
  // Code in other languages is only recognised (to say it was not read), never in vendored or test folders.
  return otherLanguageOf(path) && !OTHER_DIRECTORIES.test(path) ? "other_language" : null;
}

/** True when the name alone says argument file (`train.args`, `train_args.txt`), whatever the content. */
export function isArgumentFileByName(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = base.lastIndexOf(".");
  return ARGFILE_NAME.test(base) || (dot > 0 && EXTENSION_KINDS[base.slice(dot + 1)] === "argfile");
}

/** True for directory names the collector never enters (besides virtual environments found by content). */
export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.endsWith(".egg-info");
}
