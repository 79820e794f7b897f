/**
 * Cheap line-level scans of Python source that need no syntax tree: imports, entry-point signals, config
 * paths, and the prefilter that decides whether a file is worth parsing at all (most helper modules are not).
 */
import { lineIndex } from "../evidence.js";
import { meaningOfName } from "../names.js";
import type { EntryTraits } from "../types.js";

/** Calls and names the analyzer reads whatever the line looks like. */
const API_NAMES = new Set([
  "add_argument",
  "option",
  "typer",
  "from_pretrained",
  "dataparallel",
  "distributeddataparallel",
  "fullyshardeddataparallel",
  "fsdp",
  "ddp",
  "devices",
  "local_devices",
  "device_count",
  "local_device_count",
  "pmap",
  "hydra",
  "compose",
  "cuda_visible_devices",
  "resources_per_trial",
  "with_resources",
]);
const IDENTIFIER = /[A-Za-z_][\w-]*/g;

/**
 * True when a line could hold a setting: a known name used as a key, keyword, assignment target or flag
 * (`epochs=`, `"batch_size":`, `'--lr-epochs'`, `EPOCHS = 3`), or a call the analyzer reads (argparse, absl,
 * click, typer, checkpoints, devices, Hydra). A hand scan rather than one big case-insensitive regex: it is
 * called on every line of every Python file.
 */
export function isCandidateLine(line: string): boolean {
  if (line.includes("device(") || line.includes(".batch(")) return true; // torch.device("cuda:2"), tf.data .batch(64)
  for (const match of line.matchAll(IDENTIFIER)) {
    const word = match[0];
    const lower = word.toLowerCase();
    if (lower.startsWith("define_") || API_NAMES.has(lower)) return true;
    const name = lower.replace(/-/g, "_");
    if (!meaningOfName(name) && !meaningOfName(name.replace(/^_+/, ""))) continue;
    const start = match.index ?? 0;
    let before = start - 1;
    while (before >= 0 && line[before] === "-") before -= 1;
    if (before >= 0 && (line[before] === '"' || line[before] === "'")) return true;
    let after = start + word.length;
    if (line[after] === '"' || line[after] === "'") after += 1;
    while (after < line.length && (line[after] === " " || line[after] === "\t")) after += 1;
    if (line[after] === ":" || (line[after] === "=" && line[after + 1] !== "=")) return true;
    if (line[after] === "," && UNPACKING.test(line)) return true; // `EPOCHS, BATCH_SIZE = 100, 64`
  }
  return false;
}

/** Names assigned together: `EPOCHS, BATCH_SIZE = 100, 64`, `(a, b) = (1, 2)`. */
const UNPACKING = /^\s*\(?\s*[A-Za-z_][\w.]*\s*(?:,\s*[A-Za-z_][\w.]*\s*)+\)?\s*=(?!=)/;

/**
 * Substrings every known name and call contains (a test checks this against the name table). One pass of this
 * regex over a lower-cased file finds the few lines worth the finer `isCandidateLine` check.
 */
export const NAME_STEMS =
  /epoch|batch|bs|mb_size|step|iter|updat|gpu|devic|node|process|machin|world|accum|freq|precis|fp16|bf16|amp|half|model|pretrain|name_or|hf_name|run|rep|trial|time|add_argument|define_|option|typer|parallel|fsdp|ddp|pmap|hydra|compose/g;

/** 0-based rows of the lines that could hold a setting, in order. */
export function candidateRows(source: string): number[] {
  const lower = source.toLowerCase();
  const rowOf = lineIndex(source);
  const rows: number[] = [];
  let lastChecked = -1;
  for (const match of lower.matchAll(NAME_STEMS)) {
    const row = rowOf(match.index ?? 0) - 1;
    if (row === lastChecked) continue;
    lastChecked = row;
    const start = source.lastIndexOf("\n", (match.index ?? 0) - 1) + 1;
    let end = source.indexOf("\n", match.index ?? 0);
    if (end < 0) end = source.length;
    if (isCandidateLine(source.slice(start, end))) rows.push(row);
  }
  return rows;
}

const IMPORT_LINE =
  /^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([\w, \t]*)|import[ \t]+([\w.][\w., \t]*))/gm;

/**
 * Modules imported, dotted; relative imports keep their leading dots (`from .utils import x` → `.utils`).
 * `from pkg import a, b` also lists `pkg.a` and `pkg.b`, which are submodules when such files exist.
 */
export function readImports(source: string): string[] {
  const modules = new Set<string>();
  for (const match of source.matchAll(IMPORT_LINE)) {
    if (match[1] !== undefined) {
      const from = match[1];
      if (from !== "" && !/^\.+$/.test(from)) modules.add(from);
      for (const part of (match[2] ?? "").split(",")) {
        const name = part.trim().split(/[ \t]+/)[0];
        if (name && /^\w+$/.test(name)) modules.add(/\.$/.test(from) ? `${from}${name}` : `${from}.${name}`);
      }
      continue;
    }
    for (const part of (match[3] ?? "").split(",")) {
      const name = part.trim().split(/[ \t]+/)[0];
      if (name && /^[\w.]+$/.test(name)) modules.add(name);
    }
  }
  return [...modules];
}

const MAIN_GUARD = /^if[ \t]+__name__[ \t]*==[ \t]*["']__main__["'][ \t]*:/m;
const TRAINING_SIGNALS = [
  /\.backward\(/,
  /(?:optimizer|optim|opt)\w*\.step\(/,
  /\.fit\(/,
  /\btrainer\.(?:train|fit)\(/i,
  /\bfor[ \t]+\w+[ \t]+in[ \t]+(?:range|tqdm|trange)\([^)\n]*epoch/i,
  /GradientTape/,
  /\b(?:pl\.|L\.)?Trainer\(/,
  /\bTrainingArguments\(/,
  /apply_gradients|optax\./,
];

/** `HfArgumentParser(...)` called outside a comment: the script's flags are its dataclasses' fields. */
const DATACLASS_PARSER = /^[^#\n]*\bHfArgumentParser[ \t]*\(/m;
/** Unless it keeps unknown flags (or the file is the parser's own definition, a vendored copy of the library). */
const LENIENT_PARSE =
  /return_remaining_strings[ \t]*=[ \t]*True|parse_known_args|class[ \t]+HfArgumentParser\b/;

/** Entry-point signals from the source text; Hydra and parallelism are filled in by the parse. */
export function readTraits(source: string): EntryTraits {
  return {
    hasMainGuard: MAIN_GUARD.test(source),
    trainingSignals: TRAINING_SIGNALS.filter((signal) => signal.test(source)).length,
    hydra: null,
    parallelism: [],
    ...(DATACLASS_PARSER.test(source) && !LENIENT_PARSE.test(source) ? { dataclassArguments: true } : {}),
  };
}

const CONFIG_PATH = /["']([^"'\s]*[\w-]\.(?:ya?ml|json|toml|cfg|ini))["']/g;

/** String literals that name a config file (`"configs/train.yaml"`), with their 1-based line. */
export function readConfigReferences(source: string): { path: string; line: number }[] {
  const lineOf = lineIndex(source);
  const references: { path: string; line: number }[] = [];
  for (const match of source.matchAll(CONFIG_PATH)) {
    references.push({ path: match[1]!, line: lineOf(match.index ?? 0) });
  }
  return references;
}
