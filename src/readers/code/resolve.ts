/**
 * Resolution: per-file findings → facts that know their entry point.
 * 1. Launch commands are bound to the scripts they start; each argument that sets a script parameter becomes an
 *    `override` fact, and the parameter's own default stays as a `default` fact (tagged `overridden`).
 * 2. Entry points are ranked (started by launch files/READMEs, named like training scripts, training signals).
 * 3. Each entry point gets a scope: its launch commands and the launch files that run them (rank 0), the configs it
 *    loads (Hydra tree, `--config x.yaml`, config paths in its source; rank 1), its own source (rank 2), and the
 *    modules it imports (ranks 3 and 4). The summary reads the main entry point's scope in that order.
 */
import type { FactTag } from "../../domain/tags.js";
import type { Fact } from "../../domain/facts.js";
import { inferredConfigs, weakenInferred } from "./config/link.js";
import { CONFIDENCE, codeFact } from "./evidence.js";
import { combineMeasurements } from "./measured/combine.js";
import { interpretValue, isNonTrainingHelp, meaningOfName } from "./names.js";
import { folderOf, joinPath, normalizePath, RepoIndex } from "./repo-index.js";
import { contextForPath, trainingNameScore } from "./roles.js";
import type { EntryPoint, FileFindings, ScriptInvocation, ScriptParameter } from "./types.js";

/** A fact with where it sits relative to the main entry point: 0 (launch) … 5 (imported three times removed), 9 outside. */
export interface RankedFact {
  fact: Fact;
  rank: number;
  /** True when the fact belongs to some entry point's scope (used to keep unrelated scripts out of fallbacks). */
  bound: boolean;
}

export interface Resolution {
  facts: RankedFact[];
  entryPoints: EntryPoint[];
  main: string | null;
}

const OUTSIDE = 9;
const MAX_ENTRY_POINTS = 10;
const IMPORT_DEPTH = 3;
const HYDRA_DEPTH = 3;
const CONFIG_KINDS = new Set(["yaml", "json", "toml", "ini", "argfile"]);
/** Python modules that are configuration (`configs/default.py`, `config.py`, `train_config.py`). */
const CONFIG_MODULE =
  /(?:^|\/)(?:configs?|conf|cfg|settings|hparams|hyperparams?|params|options|opts)(?:\/|\.py$)|[_-](?:config|conf|cfg|settings|hparams|params)\.py$/i;

interface Origin {
  fact: Fact;
  /** File whose content the fact was read from (for invocation facts: the launch file). */
  file: string;
  /** Set for facts of a launch command: the script it starts (resolved path) or null. */
  invocationTarget?: string | null;
}

export function resolveRepository(findings: FileFindings[]): Resolution {
  const index = new RepoIndex(findings);
  const imports = new ImportGraph(index);
  const invocationsByTarget = new Map<string, ScriptInvocation[]>();
  const consoleScripts = new Map(
    findings.flatMap((f) => f.consoleScripts.map((c) => [c.name, c.module] as const)),
  );
  const origins: Origin[] = [];
  const overridden = new Set<ScriptParameter>();

  for (const file of findings) {
    // Facts are copied: resolution adds entry points and tags without touching the analyzers' findings.
    for (const fact of file.facts) origins.push({ fact: { ...fact }, file: file.path });
    for (const invocation of file.invocations) {
      const target = resolveTarget(index, invocation, consoleScripts);
      if (!target && invocation.launcher === "console") continue;
      if (target) {
        const list = invocationsByTarget.get(target);
        if (list) list.push(invocation);
        else invocationsByTarget.set(target, [invocation]);
      }
      // A launch from tests, docs or vendored code is about nothing we summarise; otherwise the script decides.
      const context =
        contextForPath(invocation.file) === "other" ? "other" : contextForPath(target ?? invocation.target);
      for (const fact of invocation.facts) {
        origins.push({ fact: withContext(fact, context), file: invocation.file, invocationTarget: target });
      }
      const parameters = target
        ? imports.closure(target).flatMap(([path]) => index.byPath.get(path)?.parameters ?? [])
        : [];
      for (const fact of argumentFacts(invocation, parameters, overridden)) {
        origins.push({ fact: withContext(fact, context), file: invocation.file, invocationTarget: target });
      }
    }
  }
  for (const file of findings) {
    for (const parameter of file.parameters) {
      const fact = defaultFact(parameter, overridden.has(parameter));
      if (fact) origins.push({ fact, file: file.path });
    }
  }
  const measurement = combineMeasurements(findings);
  for (const origin of origins) {
    const extra = measurement.tagged.get(origin.file);
    if (extra && origin.fact.measured) origin.fact.tags = [...(origin.fact.tags ?? []), ...extra];
  }
  for (const fact of measurement.derived) {
    origins.push({ fact: { ...fact }, file: fact.evidence.kind === "code" ? fact.evidence.file : "" });
  }

  const entryPoints = rankEntryPoints(findings, invocationsByTarget);
  const scopes = entryPoints.map((entry) => scopeOf(entry.file, index, imports, invocationsByTarget));
  const main = entryPoints[0]?.main ? entryPoints[0].file : null;

  const facts: RankedFact[] = origins.map((origin) => {
    let rank = OUTSIDE;
    let bound = false;
    scopes.forEach((scope, position) => {
      const r = rankInScope(origin, scope);
      if (r === null) return;
      if (!bound) {
        origin.fact.entry_point ??= entryPoints[position]!.file;
        bound = true;
        if (scope.weak.has(origin.file)) origin.fact = weakenInferred(origin.fact);
      }
      if (position === 0 && main) rank = r;
    });
    if (!bound && origin.invocationTarget) {
      origin.fact.entry_point ??= origin.invocationTarget;
      bound = true;
    }
    return { fact: origin.fact, rank, bound };
  });
  return { facts, entryPoints, main };
}

function withContext(fact: Fact, context: Fact["context"]): Fact {
  return { ...fact, context };
}

function resolveTarget(
  index: RepoIndex,
  invocation: ScriptInvocation,
  consoleScripts: ReadonlyMap<string, string>,
): string | null {
  if (invocation.launcher === "console") {
    const module = consoleScripts.get(invocation.target);
    return module ? index.resolveModule(module, "__launch__.py") : null;
  }
  if (invocation.targetIsModule) {
    const path = index.resolveModule(invocation.target, joinPath(invocation.baseDir, "__launch__.py"));
    return path && path.endsWith("/__init__.py")
      ? index.has(path.replace(/__init__\.py$/, "__main__.py"))
        ? path.replace(/__init__\.py$/, "__main__.py")
        : null
      : path;
  }
  if (!/\.(?:py|ipynb)$/.test(invocation.target)) return null;
  return index.resolvePath(invocation.target, invocation.baseDir);
}

/**
 * Facts set by a command's arguments. An argument that matches a parameter of the script (or of a module it
 * imports) reads under that parameter's name and type; other named arguments read under their own name.
 */
function argumentFacts(
  invocation: ScriptInvocation,
  parameters: ScriptParameter[],
  overridden: Set<ScriptParameter>,
): Fact[] {
  const byFlag = new Map<string, ScriptParameter>();
  for (const parameter of parameters) {
    for (const flag of parameter.flags) if (!byFlag.has(flag)) byFlag.set(flag, parameter);
  }
  const facts: Fact[] = [];
  for (const arg of invocation.args) {
    if (arg.name === null) continue;
    const parameter =
      byFlag.get(arg.name) ?? (arg.name.startsWith("-") ? undefined : byFlag.get(`--${arg.name}`));
    const hydra = !arg.name.startsWith("-");
    let raw = arg.value;
    if (parameter?.isSwitch) raw = parameter.defaultValue === true ? "false" : "true";
    if (raw === null) {
      if (!parameter && /fp16|bf16|amp|half/.test(arg.name)) raw = "true";
      else continue;
    }
    const meaning =
      (parameter &&
        (meaningOfName(parameter.dest) ?? parameter.flags.map((f) => meaningOfName(f)).find((m) => m))) ??
      (parameter ? null : meaningOfName(arg.name));
    if (!meaning) continue;
    if (parameter && isNonTrainingHelp(parameter.help)) continue;
    const value = interpretValue(meaning, raw);
    if (value === null) continue;
    if (parameter) overridden.add(parameter);
    const tags: FactTag[] = [
      ...meaning.tags,
      "override",
      hydra ? "hydra_override" : "launch",
      `launcher:${invocation.launcher}`,
    ];
    if (!parameter && !hydra) tags.push("unmatched_argument");
    facts.push(
      codeFact({
        field: meaning.field,
        value,
        raw: arg.value === null ? arg.name : `${arg.name} ${arg.value}`,
        confidence:
          (parameter || hydra ? CONFIDENCE.launchOverride : CONFIDENCE.callKeyword) * meaning.weight,
        file: invocation.file,
        line: invocation.line,
        snippet: invocation.snippet,
        tags,
      }),
    );
  }
  return facts;
}

function defaultFact(parameter: ScriptParameter, isOverridden: boolean): Fact | null {
  if (parameter.defaultValue === null || parameter.defaultRaw === null) return null;
  if (isNonTrainingHelp(parameter.help)) return null;
  const meaning =
    meaningOfName(parameter.dest) ?? parameter.flags.map((f) => meaningOfName(f)).find((m) => m) ?? null;
  if (!meaning) return null;
  const raw =
    typeof parameter.defaultValue === "string"
      ? JSON.stringify(parameter.defaultValue)
      : String(parameter.defaultValue);
  const value = interpretValue(meaning, raw);
  if (value === null) return null;
  const tags: FactTag[] = [...meaning.tags, "default", parameter.source];
  if (isOverridden) tags.push("overridden");
  if (parameter.choices) tags.push(`choices:${parameter.choices.join("|")}`);
  return codeFact({
    field: meaning.field,
    value,
    raw: `${parameter.flags[0] ?? parameter.dest} default=${parameter.defaultRaw}`,
    confidence: CONFIDENCE.argparseDefault * meaning.weight,
    file: parameter.file,
    line: parameter.line,
    snippet: parameter.snippet,
    tags,
  });
}

/** Modules a file imports, transitively, with their distance (1 = imported directly). */
class ImportGraph {
  private readonly memo = new Map<string, [string, number][]>();
  constructor(private readonly index: RepoIndex) {}

  direct(path: string): string[] {
    const findings = this.index.byPath.get(path);
    if (!findings) return [];
    const resolved = new Set<string>();
    for (const module of findings.imports) {
      const target = this.index.resolveModule(module, path);
      if (target && target !== path) resolved.add(target);
    }
    return [...resolved];
  }

  /** [path, distance] for the file itself (0) and its imports up to IMPORT_DEPTH. */
  closure(path: string): [string, number][] {
    const cached = this.memo.get(path);
    if (cached) return cached;
    const seen = new Map<string, number>([[path, 0]]);
    let frontier = [path];
    for (let depth = 1; depth <= IMPORT_DEPTH; depth += 1) {
      const next: string[] = [];
      for (const file of frontier) {
        for (const target of this.direct(file)) {
          if (!seen.has(target)) {
            seen.set(target, depth);
            next.push(target);
          }
        }
      }
      frontier = next;
    }
    const result = [...seen.entries()];
    this.memo.set(path, result);
    return result;
  }
}

function rankEntryPoints(
  findings: FileFindings[],
  invocationsByTarget: Map<string, ScriptInvocation[]>,
): EntryPoint[] {
  const kinds = new Map(findings.map((f) => [f.path, f.kind]));
  const candidates: EntryPoint[] = [];
  for (const file of findings) {
    if ((file.kind !== "python" && file.kind !== "notebook") || !file.traits) continue;
    const invocations = invocationsByTarget.get(file.path) ?? [];
    const traits = file.traits;
    const nameScore = trainingNameScore(file.path);
    if (invocations.length === 0 && traits.trainingSignals === 0 && nameScore === 0) continue;
    // (a script only launched from tests or docs still counts as a candidate, without the launch bonus)
    if (
      invocations.length === 0 &&
      !traits.hasMainGuard &&
      !traits.hydra &&
      file.kind === "python" &&
      nameScore === 0
    ) {
      continue; // a library module with a training loop, not something one runs
    }
    // Launches from tests, docs and vendored code say nothing about the project's own training.
    const ownInvocations = invocations.filter((i) => contextForPath(i.file) !== "other");
    const launchFiles = new Set(ownInvocations.map((i) => i.file));
    const fromScripts = [...launchFiles].some((f) => kinds.get(f) === "shell" || kinds.get(f) === "makefile");
    const fromRootReadme = [...launchFiles].some((f) => !f.includes("/") && kinds.get(f) === "markdown");
    let launched = 0;
    if (launchFiles.size > 0) launched += fromScripts ? 4 : 3;
    if (fromRootReadme) launched += 1.5; // the project's front page names its own entry points
    launched += Math.max(0, Math.min(launchFiles.size - 1, 4)) * 0.75;
    launched += Math.max(0, Math.min(ownInvocations.length - launchFiles.size, 4)) * 0.25;
    // A script that is launched but neither named nor written like training is a tool (a converter, a sweep
    // generator): being launched counts for less.
    let score = traits.trainingSignals === 0 && nameScore === 0 ? Math.min(launched, 2) : launched;
    score += nameScore * 2;
    score += Math.min(traits.trainingSignals, 3);
    if (traits.hasMainGuard || traits.hydra) score += 1;
    if (file.parameters.length > 0) score += 1;
    const context = contextForPath(file.path);
    if (context === "inference") score -= 4;
    if (context === "other") score -= 6;
    if (file.kind === "notebook") score -= 1;
    score -= 0.5 * (file.path.split("/").length - 1);
    candidates.push({
      file: file.path,
      kind: file.kind,
      invoked_by: [...launchFiles].sort(),
      score: Math.round(score * 100) / 100,
      main: false,
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.file.length - b.file.length || (a.file < b.file ? -1 : 1));
  const top = candidates.slice(0, MAX_ENTRY_POINTS);
  // Candidates are already started by a launch command, named like training, or showing training signals;
  // the main one must also not be an evaluation, test or third-party script.
  if (top[0] && contextForPath(top[0].file) === "training") top[0].main = true;
  return top;
}

interface Scope {
  entry: string;
  /** path → rank for files whose own facts belong to the entry point. */
  files: Map<string, number>;
  /** Configs linked by inference (config/link.ts), not by a written path: their facts are weakened. */
  weak: Set<string>;
}

function scopeOf(
  entry: string,
  index: RepoIndex,
  imports: ImportGraph,
  invocationsByTarget: Map<string, ScriptInvocation[]>,
): Scope {
  const files = new Map<string, number>();
  const set = (path: string, rank: number) => {
    const current = files.get(path);
    if (current === undefined || rank < current) files.set(path, rank);
  };
  for (const [path, distance] of imports.closure(entry)) {
    set(path, distance === 0 ? 2 : CONFIG_MODULE.test(path) ? 1 : 2 + distance);
  }
  const invocations = invocationsByTarget.get(entry) ?? [];
  for (const invocation of invocations) {
    const launch = index.byPath.get(invocation.file);
    if (launch && (launch.kind === "shell" || launch.kind === "makefile")) set(invocation.file, 0);
  }
  const bound = boundConfigs(entry, index, invocations);
  for (const config of bound) set(config, 1);
  const closure = imports.closure(entry).map(([path]) => path);
  const inferred = inferredConfigs({ entry, index, invocations, closure, bound });
  for (const link of inferred) set(link.path, 1);
  return { entry, files, weak: new Set(inferred.filter((l) => l.weak).map((l) => l.path)) };
}

/** Configs an entry point loads: passed on its launch lines, named in its source, or composed by Hydra. */
function boundConfigs(entry: string, index: RepoIndex, invocations: ScriptInvocation[]): string[] {
  const configs = new Set<string>();
  const addIfConfig = (path: string | null) => {
    const kind = path ? index.byPath.get(path)?.kind : undefined;
    if (path && kind && (CONFIG_KINDS.has(kind) || (kind === "python" && CONFIG_MODULE.test(path))))
      configs.add(path);
  };
  for (const invocation of invocations) {
    for (const written of invocation.configs) addIfConfig(index.resolvePath(written, invocation.baseDir));
    for (const arg of invocation.args) {
      const value = arg.value ?? "";
      if (value.startsWith("@")) addIfConfig(index.resolvePath(value.slice(1), invocation.baseDir));
      if (arg.name === "--flagfile") addIfConfig(index.resolvePath(value, invocation.baseDir));
    }
  }
  const findings = index.byPath.get(entry);
  for (const reference of findings?.configReferences ?? []) {
    const local = normalizePath(joinPath(folderOf(entry), reference.path));
    addIfConfig(
      local && index.has(local)
        ? local
        : index.resolvePath(reference.path, folderOf(entry), { unique: true }),
    );
  }
  const hydra = findings?.traits?.hydra;
  if (hydra) {
    for (const path of hydraTree(entry, hydra, index, invocations)) configs.add(path);
  }
  return [...configs];
}

/** The Hydra primary config, the options its defaults list selects (recursively), and CLI group overrides. */
function hydraTree(
  entry: string,
  hydra: { configPath: string | null; configName: string | null },
  index: RepoIndex,
  invocations: ScriptInvocation[],
): string[] {
  const configPath = hydra.configPath ?? "";
  const pointsAtFile = /\.ya?ml$/.test(configPath);
  const root =
    normalizePath(joinPath(folderOf(entry), pointsAtFile ? folderOf(configPath) : configPath)) ?? "";
  const yamlFile = (dir: string, name: string) => {
    for (const ext of ["", ".yaml", ".yml"]) {
      const path = normalizePath(joinPath(dir, `${name}${ext}`));
      if (path && index.byPath.get(path)?.kind === "yaml") return path;
    }
    return null;
  };
  const primary = pointsAtFile
    ? yamlFile(root, configPath.slice(configPath.lastIndexOf("/") + 1))
    : hydra.configName
      ? yamlFile(root, hydra.configName)
      : null;
  const cliGroups = new Map<string, string>();
  for (const invocation of invocations) {
    for (const arg of invocation.args) {
      if (
        arg.name &&
        arg.value &&
        !arg.name.startsWith("-") &&
        yamlFile(joinPath(root, arg.name), arg.value)
      ) {
        cliGroups.set(arg.name, arg.value);
      }
    }
  }
  const result: string[] = [];
  const visit = (path: string, depth: number) => {
    if (result.includes(path) || depth > HYDRA_DEPTH) return;
    result.push(path);
    for (const item of index.byPath.get(path)?.hydraDefaults ?? []) {
      if (item.option === "_self_") continue;
      const option = item.group ? (cliGroups.get(item.group) ?? item.option) : item.option;
      const groupDir = item.group ? joinPath(root, item.group) : root;
      const nested = item.group ? joinPath(folderOf(path), item.group) : folderOf(path);
      const found = yamlFile(nested, option) ?? yamlFile(groupDir, option);
      if (found) visit(found, depth + 1);
    }
  };
  if (primary) visit(primary, 0);
  for (const [group, option] of cliGroups) {
    const found = yamlFile(joinPath(root, group), option);
    if (found) visit(found, 1);
  }
  return result;
}

function rankInScope(origin: Origin, scope: Scope): number | null {
  if (origin.invocationTarget !== undefined) {
    if (origin.invocationTarget === scope.entry) return 0;
    return null;
  }
  return scope.files.get(origin.file) ?? null;
}
