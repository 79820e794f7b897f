/**
 * The code ranker's view of a repository: each candidate value of a decided field with its hashed features, in
 * the plain form the corpus stores and the model reads (no code).
 */
import type { Fact, FactField } from "../../../domain/facts.js";
import { CONFIDENCE_BAR } from "../../../domain/confidence.js";
import { folderOf, joinPath, normalizePath } from "../repo-index.js";
import { OUTSIDE } from "../resolve.js";
import { NOT_A_RUN_SETTING } from "../summarize.js";
import type { EntryPoint } from "../types.js";
import {
  codeFeatureIndices,
  indexRepositoryCandidates,
  trustBeforeDebug,
  type CodeCandidateInContext,
} from "./features.js";
import { isCodeSelectedField, type CodeSelectedField } from "./fields.js";

export interface CodeScoredCandidate {
  field: CodeSelectedField;
  value: number | string;
  features: number[];
  /** The fact (absent in stored corpus features). */
  fact: Fact;
}

/**
 * Not a run's setting whatever the model thinks: what the summary never uses either. A one-line statement in a
 * language we do not parse (`'MaxEpochs', 5` in MATLAB) is a candidate like any other, with its `other_language`
 * tag as a feature: the model learnt when such a line is the run's value (+0.015 mean code F1 over 5 assignments).
 * Except a device count: it feeds the energy estimate, so a stray `#define NUM_GPUS 8` must not become one.
 */
function neverACandidate(fact: Fact): boolean {
  return (fact.tags ?? []).some(
    (t) =>
      NOT_A_RUN_SETTING.has(t) ||
      t === "overridden" ||
      (t === "other_language" && fact.field === "accelerator_count"),
  );
}

/**
 * Candidates well below the reader's bar are noise to the model (a number near a name in a comment); a debug
 * value is judged at its trust before the debug halving, so that the model sees it with its `debug` tag.
 */
const MIN_CONFIDENCE = CONFIDENCE_BAR.codeSetting - 0.2;

/**
 * @example
 *   codeCandidates(ranked, entryPoints, ruleChosen).length; // every candidate of a decided field
 */
export function codeCandidates(
  ranked: readonly CodeCandidateInContext[],
  entryPoints: readonly EntryPoint[],
  ruleChoice: Partial<Record<FactField, Fact>>,
): CodeScoredCandidate[] {
  const hydraOverrides = launchOverrides(ranked, entryPoints.find((e) => e.main)?.file);
  const eligible = ranked.filter(
    (r) =>
      isCodeSelectedField(r.fact.field) &&
      r.fact.context === "training" &&
      trustBeforeDebug(r.fact) >= MIN_CONFIDENCE &&
      typeof r.fact.value === "number" &&
      // Exact rules stay rules: a default the launch command overrides is not what runs.
      !neverACandidate(r.fact) &&
      !overriddenByHydra(r.fact, hydraOverrides),
  );
  const repo = indexRepositoryCandidates(eligible, entryPoints, ruleChoice);
  return eligible.map((r) => ({
    field: r.fact.field as CodeSelectedField,
    value: r.fact.value,
    features: codeFeatureIndices(r, repo),
    fact: r.fact,
  }));
}

/**
 * A command-line override (`trainer.max_epochs=50`, `SOLVER.MAX_ITER 720000`): its dotted name as written, and
 * which config files its launch line runs. A bare name reaches every config file.
 */
export type ConfigOverride =
  | string
  | {
      name: string;
      /** Whether the override applies in `file`, whose Hydra config root would be `root` (below its group). */
      reaches: (file: string, root: string) => boolean;
    };

/**
 * A config value a Hydra command-line override replaces (`trainer.max_epochs=50` over `max_epochs: 100` in
 * conf/trainer/gpu.yaml, or `data.batch_size` in the primary config): the override's dotted name ends with the
 * value's key path, and its group prefix names the config's folder or the start of the key path; and the config
 * is one the override's own launch line runs (`launchOverrides`).
 */
export function overriddenByHydra(fact: Fact, overrides: readonly ConfigOverride[]): boolean {
  if (fact.evidence.kind !== "code" || !/\.ya?ml$/i.test(fact.evidence.file)) return false;
  const file = fact.evidence.file;
  const key = fact.tags?.find((t) => t.startsWith("key:"))?.slice(4);
  if (!key) return false;
  const folders = file.split("/").slice(0, -1);
  return overrides.some((override) => {
    const name = typeof override === "string" ? override : override.name;
    const reaches = typeof override === "string" ? () => true : override.reaches;
    const path = name.replace(/^\+{1,2}/, "");
    if (path === key) return reaches(file, folderOf(file));
    if (!path.endsWith(`.${key}`)) return false;
    const group = path.slice(0, -key.length - 1).split(".");
    const start = folders.length - group.length;
    return (
      group.every((g, i) => folders[start + i] === g) && reaches(file, folders.slice(0, start).join("/"))
    );
  });
}

/**
 * The command-line overrides of the repository's launch lines, each scoped to the config files its line runs:
 * a config the line names (`--config-file configs/a.yaml`, `--config-name big`), the configs under the launch
 * file's own folder (a vendored library's README and its configs), and, when the line names no config file, the
 * configs bound to its entry point (its Hydra tree) and the group folders beside them (`conf/trainer/*.yaml`
 * for `trainer.max_epochs`). A library's `train_net.py ... --config-file configs/x.yaml SOLVER.MAX_ITER 720000`
 * does not replace the project's own `SOLVER.MAX_ITER` in configs/own.yaml.
 */
function launchOverrides(
  ranked: readonly CodeCandidateInContext[],
  main: string | undefined,
): ConfigOverride[] {
  const files = new Set<string>();
  /** Per entry point: the folders of the config files bound to it (its Hydra tree among them). */
  const configFolders = new Map<string, Set<string>>();
  const bind = (entry: string, file: string) => {
    const set = configFolders.get(entry) ?? new Set<string>();
    configFolders.set(entry, set.add(folderOf(file)));
  };
  for (const { fact, rank } of ranked) {
    if (fact.evidence.kind !== "code") continue;
    const file = fact.evidence.file;
    files.add(file);
    if (!YAML_FILE.test(file)) continue;
    if (fact.entry_point) bind(fact.entry_point, file);
    if (main && rank < OUTSIDE) bind(main, file);
  }
  /** A config in a folder of the entry point's configs, or in a group folder below their root. */
  const inEntryTree = (entry: string, file: string, root: string) =>
    [...(configFolders.get(entry) ?? [])].some(
      (folder) =>
        folder === folderOf(file) || folder === root || (root !== "" && folder.startsWith(`${root}/`)),
    );
  return ranked.flatMap(({ fact }): ConfigOverride[] => {
    if (!fact.tags?.includes("hydra_override") || fact.evidence.kind !== "code") return [];
    const dir = folderOf(fact.evidence.file);
    const named = namedConfigs(fact.evidence.snippet);
    const isNamed = (file: string) =>
      named.files.some((written) => namesFile(written, file, dir, files)) ||
      named.hydra.some((name) => {
        const stem = file.replace(YAML_FILE, "");
        return stem === name || stem.endsWith(`/${name}`);
      });
    const entry = fact.entry_point;
    return [
      {
        name: fact.raw.split(/\s+/)[0] ?? "",
        reaches: (file: string, root: string) =>
          isNamed(file) ||
          (dir !== "" && file.startsWith(`${dir}/`)) ||
          (named.files.length === 0 && (entry ? inEntryTree(entry, file, root) : dir === "")),
      },
    ];
  });
}

const CONFIG_FLAG = /^--?(?:config|cfg)(?:[-_]?file)?$/;
const HYDRA_NAME_FLAG = /^(?:--config[-_]name|-cn|config_name)$/;
const YAML_FILE = /\.ya?ml$/i;
const namesConfig = (flag: string) => CONFIG_FLAG.test(flag) || HYDRA_NAME_FLAG.test(flag);

/**
 * The configs a command line names: files (`--config-file configs/a.yaml`, `--cfg=x.yaml`, a positional
 * `configs/a.yaml`) and Hydra primary config names (`--config-name big`, `-cn experiment/big`). A path written
 * through a variable (`$CFG`) names nothing we can tell.
 */
function namedConfigs(snippet: string): { files: string[]; hydra: string[] } {
  const words = snippet
    .replace(/…$/, "")
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["']$/g, ""));
  const files: string[] = [];
  const hydra: string[] = [];
  words.forEach((word, i) => {
    const eq = word.indexOf("=");
    const [flag, value] = eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, words[i + 1]];
    if (value && HYDRA_NAME_FLAG.test(flag)) hydra.push(value.replace(YAML_FILE, ""));
    else if (value && CONFIG_FLAG.test(flag)) files.push(value);
    else if (eq < 0 && YAML_FILE.test(word) && !namesConfig(words[i - 1] ?? "")) files.push(word);
  });
  return { files: files.filter((f) => !/\$|^$/.test(f.slice(f.lastIndexOf("/") + 1))), hydra };
}

/**
 * Whether a config path written on a launch line in `dir` is `file`: relative to that folder or to the
 * repository's root, else (an absolute path, one through a variable) the one known file it ends with.
 */
function namesFile(written: string, file: string, dir: string, known: ReadonlySet<string>): boolean {
  const exact = [normalizePath(joinPath(dir, written)), normalizePath(written)];
  if (exact.includes(file)) return true;
  if (exact.some((path) => path !== null && known.has(path))) return false;
  const segments = written.split("/");
  const plain = segments.slice(segments.findLastIndex((s) => s.includes("$")) + 1);
  const rest = plain.filter((s) => s !== "" && s !== "." && s !== ".." && s !== "~").join("/");
  if (rest === "") return false;
  const matches = [...known].filter((path) => path === rest || path.endsWith(`/${rest}`));
  return matches.length === 1 && matches[0] === file;
}
