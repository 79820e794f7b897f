/**
 * Config files an entry point reads although no path to them resolves:
 * - a launch argument naming a config without its extension (`run.py params/stage1` → `params/stage1.ini`);
 * - a config path in the source whose file is not committed (`'../yaml/gnn.yaml'`), when the folder it points
 *   into holds configs with keys the script reads;
 * - a config option with no usable default and no launch line giving it (`--config`, required, "Path to yaml
 *   experiment file"), when one folder holds the configs whose keys the script and its imports read.
 * The last two are inferences: they are `weak` (the resolver lowers their facts' confidence and tags them), and
 * evaluation, debug, test and sweep configs are left out, so the value the remaining configs agree on is read.
 */
import type { Fact } from "../../../domain/facts.js";
import type { FileFindings, ScriptInvocation, ScriptParameter } from "../types.js";
import { folderOf, joinPath, normalizePath, type RepoIndex } from "../repo-index.js";
import { baseNameWithoutExtension, contextForPath } from "../roles.js";

export interface ConfigLink {
  path: string;
  /** True for an inference from keys and folders (no path written anywhere names the file). */
  weak: boolean;
}

export interface LinkInput {
  entry: string;
  index: RepoIndex;
  /** Launch commands that start the entry point. */
  invocations: ScriptInvocation[];
  /** The entry point and the modules it imports (paths). */
  closure: string[];
  /** Configs already bound by a written path (launch line, source, Hydra). */
  bound: string[];
}

const CONFIG_KINDS = new Set(["yaml", "json", "toml", "ini", "argfile"]);
const CONFIG_EXTENSIONS = [".yaml", ".yml", ".json", ".toml", ".ini", ".cfg"];
/** Options whose value is a config file. */
const CONFIG_OPTION =
  /^(?:c|cfg|conf|config|configs|config_?file|config_?path|config_?name|cfg_?file|cfg_?path|conf_?file|exp_?config|experiment|experiment_?config|experiment_?file|hparams|hparams_?file|hparams_?path|params|params?_?file|yaml|yaml_?file|yaml_?path|settings|settings_?file)$/i;
/** Words in a config's name that say it is not the training run. */
const NOT_THE_RUN = new Set([
  "eval",
  "evaluate",
  "evaluation",
  "val",
  "valid",
  "validation",
  "test",
  "tests",
  "testing",
  "debug",
  "smoke",
  "tiny",
  "toy",
  "dummy",
  "sanity",
  "quick",
  "fast",
  "sweep",
  "search",
  "grid",
  "hp",
  "hpo",
  "hparam",
  "tune",
  "tuning",
  "infer",
  "inference",
  "predict",
  "prediction",
  "demo",
]);
/** Folders of outputs rather than inputs. */
export const OUTPUT_FOLDER =
  /(?:^|\/)(?:results?|outputs?|logs?|runs|checkpoints?|ckpts?|wandb|mlruns|lightning_logs|exp_results?)(?:\/|$)/i;
/** Key segments too common to say which config a script reads. */
const GENERIC_SEGMENTS = new Set([
  "kwargs",
  "args",
  "params",
  "config",
  "cfg",
  "conf",
  "settings",
  "options",
  "opts",
  "default",
  "defaults",
  "value",
]);
/** Fields whose facts make a file worth linking (hyperparameters only come from an entry point's scope). */
const HYPERPARAMETERS = new Set(["epochs", "steps", "batch_size", "gradient_accumulation"]);

export function inferredConfigs(input: LinkInput): ConfigLink[] {
  const { index } = input;
  const links: ConfigLink[] = [];
  const isConfig = (path: string | null): path is string =>
    !!path && CONFIG_KINDS.has(index.byPath.get(path)?.kind ?? "");
  for (const path of extensionlessLaunchConfigs(input)) {
    if (!input.bound.includes(path)) links.push({ path, weak: false });
  }
  if (input.bound.some((path) => isConfig(path)) || links.length > 0) return links;
  const keys = keysReadBy(input.closure, index);
  const missing = missingReferenceFolders(input);
  if (missing.length > 0) {
    for (const folder of missing) {
      for (const [path, findings] of index.byPath) {
        if (folderOf(path) === folder && isCandidate(path, findings) && readsKeysOf(findings, keys, true)) {
          links.push({ path, weak: true });
        }
      }
    }
    return links;
  }
  if (!hasOpenConfigOption(input)) return links;
  const byFolder = new Map<string, string[]>();
  for (const [path, findings] of index.byPath) {
    if (!isCandidate(path, findings) || !readsKeysOf(findings, keys, false)) continue;
    const folder = folderOf(path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
  }
  const folders = [...byFolder.values()].sort((a, b) => b.length - a.length);
  // Two folders of matching configs, equally large: which one the run used is a guess, so nothing is linked.
  if (folders.length === 0 || (folders.length > 1 && folders[1]!.length === folders[0]!.length)) return links;
  return folders[0]!.map((path) => ({ path, weak: true }));
}

/** `run.py params/stage1` or `--config configs/base`: a config file once an extension is added. */
function extensionlessLaunchConfigs(input: LinkInput): string[] {
  const found = new Set<string>();
  for (const invocation of input.invocations) {
    for (const arg of invocation.args) {
      const flag = arg.name?.replace(/^-+/, "").replace(/-/g, "_") ?? null;
      if (arg.name !== null && (!arg.name.startsWith("-") || !CONFIG_OPTION.test(flag ?? ""))) continue;
      const value = (arg.value ?? "").trim();
      const base = value.slice(value.lastIndexOf("/") + 1);
      if (!/^[\w./-]+$/.test(value) || value.startsWith("-") || base.includes(".") || base === "") continue;
      for (const extension of CONFIG_EXTENSIONS) {
        const relative = normalizePath(joinPath(invocation.baseDir, `${value}${extension}`));
        const path =
          relative && input.index.has(relative)
            ? relative
            : value.includes("/")
              ? input.index.resolvePath(`${value}${extension}`, invocation.baseDir, { unique: true })
              : null;
        if (path && CONFIG_KINDS.has(input.index.byPath.get(path)?.kind ?? "")) {
          found.add(path);
          break;
        }
      }
    }
  }
  return [...found];
}

/**
 * Folders that config paths point into when the file itself is absent: paths written in the entry point's source,
 * and config files a launch names (`--config ./config-files/config.yaml` in a README that means "pick one of these",
 * a run.sh naming a config renamed since). Only folders that exist: their configs are the candidates.
 */
function missingReferenceFolders(input: LinkInput): string[] {
  const findings = input.index.byPath.get(input.entry);
  const folders = new Set<string>();
  const add = (written: string, base: string, launched: boolean) => {
    const local = normalizePath(joinPath(base, written));
    if (!local || input.index.has(local)) return;
    if (input.index.resolvePath(written, base, { unique: true })) return;
    const folder = folderOf(local);
    if (OUTPUT_FOLDER.test(`${folder}/`)) return;
    if (launched && ![...input.index.byPath.keys()].some((path) => folderOf(path) === folder)) return;
    folders.add(folder);
  };
  for (const reference of findings?.configReferences ?? [])
    add(reference.path.replace(/^@/, ""), folderOf(input.entry), false);
  for (const invocation of input.invocations)
    for (const arg of invocation.args) {
      const value = arg.value ?? "";
      const flag = arg.name?.replace(/^-+/, "").replace(/-/g, "_") ?? null;
      const named = flag !== null && arg.name!.startsWith("-") && CONFIG_OPTION.test(flag);
      if ((arg.name === null || named) && CONFIG_FILE.test(value)) add(value, invocation.baseDir, true);
    }
  return [...folders];
}
/** A config file's path, as a launch writes it. */
const CONFIG_FILE = /^[\w./-]+\.(?:ya?ml|json|toml|ini|cfg|conf)$/i;

/** A config option (`--config`, positional `config`) that nothing fills: no default file, no launch value. */
function hasOpenConfigOption(input: LinkInput): boolean {
  const parameters: ScriptParameter[] = input.closure.flatMap(
    (path) => input.index.byPath.get(path)?.parameters ?? [],
  );
  return parameters.some((parameter) => {
    const names = [parameter.dest, ...parameter.flags.map((f) => f.replace(/^-+/, "").replace(/-/g, "_"))];
    if (!names.some((name) => CONFIG_OPTION.test(name)) || parameter.isSwitch) return false;
    const fallback = typeof parameter.defaultValue === "string" ? parameter.defaultValue : null;
    return (
      fallback === null || fallback === "" || !input.index.resolvePath(fallback, folderOf(parameter.file))
    );
  });
}

function isCandidate(path: string, findings: FileFindings): boolean {
  if (!CONFIG_KINDS.has(findings.kind) || OUTPUT_FOLDER.test(path)) return false;
  if (contextForPath(path) !== "training") return false;
  const words = baseNameWithoutExtension(path)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_.-]+/);
  if (words.some((word) => NOT_THE_RUN.has(word))) return false;
  return findings.facts.some((fact) => HYPERPARAMETERS.has(fact.field) && fact.context === "training");
}

interface KeysRead {
  attributes: Set<string>;
  strings: Set<string>;
}

function keysReadBy(closure: string[], index: RepoIndex): KeysRead {
  const keys: KeysRead = { attributes: new Set(), strings: new Set() };
  for (const path of closure) {
    const read = index.byPath.get(path)?.keysRead;
    for (const name of read?.attributes ?? []) keys.attributes.add(name);
    for (const name of read?.strings ?? []) keys.strings.add(name);
  }
  return keys;
}

/**
 * True when the script reads this config's keys: a section holding a hyperparameter is read by name
 * (`config.train_pipeline`), or the hyperparameter's own key is looked up as a string (`cfg['epochs']`), or,
 * when `attributesOfLeaves`, read as an attribute (`config.epochs`).
 */
function readsKeysOf(findings: FileFindings, keys: KeysRead, attributesOfLeaves: boolean): boolean {
  for (const fact of findings.facts) {
    if (!HYPERPARAMETERS.has(fact.field)) continue;
    const key = fact.tags?.find((tag) => tag.startsWith("key:"))?.slice(4);
    if (!key) continue;
    const segments = key.split(".").map((s) => s.replace(/^-+/, ""));
    const leaf = segments[segments.length - 1]!;
    const sections = segments.slice(0, -1).filter((s) => !/^\d+$/.test(s) && !GENERIC_SEGMENTS.has(s));
    if (sections.some((s) => keys.attributes.has(s) || keys.strings.has(s))) return true;
    if (keys.strings.has(leaf) || (attributesOfLeaves && keys.attributes.has(leaf))) return true;
  }
  return false;
}

/** Confidence kept by facts of an inferred config (a config named by a written path keeps all of it). */
const INFERRED_CONFIDENCE = 0.8;

/** A fact read from a config linked by inference: lower confidence, tagged so the link can be told apart. */
export function weakenInferred(fact: Fact): Fact {
  return {
    ...fact,
    confidence: Math.round(fact.confidence * INFERRED_CONFIDENCE * 100) / 100,
    tags: [...(fact.tags ?? []), "config_inferred"],
  };
}
