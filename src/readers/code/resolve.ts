/**
 * Resolution: per-file findings → facts that know their entry point.
 * 1. Launch commands are bound to the scripts they start; each argument that sets a script parameter becomes an
 *    `override` fact, and the parameter's own default stays as a `default` fact (tagged `overridden`).
 * 2. Entry points are ranked (started by launch files/READMEs, named like training scripts, training signals).
 * 3. Each entry point gets a scope: its launch commands and the launch files that run them (rank 0), the configs it
 *    loads (Hydra tree, `--config x.yaml`, config paths in its source; rank 1), its own source (rank 2), and the
 *    modules it imports (ranks 3 and 4). The summary reads the main entry point's scope in that order.
 */
import { distinctiveWords } from "../../domain/name-words.js";
import type { FactTag } from "../../domain/tags.js";
import type { Fact } from "../../domain/facts.js";
import { inferredConfigs, OUTPUT_FOLDER, weakenInferred } from "./config/link.js";
import { CONFIDENCE, codeFact } from "./evidence.js";
import { combineMeasurements } from "./measured/combine.js";
import { interpretValue, isNonTrainingHelp, meaningOfName } from "./names.js";
import { analyzeLaunchLines } from "./launch/shell.js";
import { abbreviatedFlag } from "./launch/flags.js";
import { isStaleLaunch } from "./launch/stale.js";
import { LOOP_BOUND_CONFIDENCE } from "./python/loops.js";
import { folderOf, joinPath, normalizePath, RepoIndex } from "./repo-index.js";
import {
  baseNameWithoutExtension,
  contextForPath,
  inOtherDirectory,
  launchFileContext,
  trainingNameScore,
} from "./roles.js";
import type {
  EntryPoint,
  FileFindings,
  LinearForm,
  OpenBound,
  ScriptInvocation,
  ScriptParameter,
} from "./types.js";

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
  /** A variant launch (an example, a fast target, a resumed run) of a script that also has a plain launch. */
  shadowed?: boolean;
}

export function resolveRepository(findings: FileFindings[], paperWords: readonly string[] = []): Resolution {
  const index = new RepoIndex(findings);
  const imports = new ImportGraph(index);
  const consoleScripts = new Map(
    findings.flatMap((f) => f.consoleScripts.map((c) => [c.name, c.module] as const)),
  );
  const origins: Origin[] = [];
  const overridden = new Set<ScriptParameter>();
  /** Open loop bounds a launch sets an option of (`--niter_decay 10`): their defaults did not run. */
  const launchedBounds = new Set<OpenBound>();
  /** Per file: the dataclass fields a launch sets (`--num_train_epochs 5` on an HfArgumentParser script). */
  const launchedFields = new Map<string, Set<string>>();

  for (const file of findings) {
    // Facts are copied: resolution adds entry points and tags without touching the analyzers' findings.
    for (const fact of file.facts) origins.push({ fact: { ...fact }, file: file.path });
  }
  const launches = collectLaunches(findings, index, consoleScripts);
  markStaleLaunches(launches.list, index, imports);
  const trainedByLaunch = launchedToTrain(launches, index, imports);
  /** What a file's path says of its role, unless its own launches train it (see `launchedToTrain`). */
  const contextOf = (path: string): Fact["context"] =>
    trainedByLaunch.has(path) ? "training" : contextForPath(path);
  // Loop bounds over options an imported module defines, each resolved once (launches and defaults read them).
  const resolvedBounds = new Map<OpenBound, ResolvedBound | null>(
    findings.flatMap((file) =>
      (file.openBounds ?? []).map(
        (open) => [open, resolveOpenBound(open, file.path, imports, index)] as const,
      ),
    ),
  );
  const invocationsByTarget = new Map<string, Launch[]>();
  for (const launch of launches.list) {
    if (!launch.target) continue;
    const list = invocationsByTarget.get(launch.target);
    if (list) list.push(launch);
    else invocationsByTarget.set(launch.target, [launch]);
  }
  const documentedTargets = new Set(
    launches.list
      .filter((l) => l.target && !l.variant && launches.documented.has(l.invocation.file))
      .map((l) => l.target!),
  );
  const plainTargets = new Set(
    launches.list
      .filter((l) => l.target && !l.variant && contextForPath(l.invocation.file) !== "other")
      .map((l) => l.target!),
  );
  for (const launch of launches.list) {
    const { invocation } = launch;
    // A stale launch's facts stay, unbound: the script cannot run that line (launch/stale.ts).
    const target = launch.stale ? null : launch.target;
    // A README example or a `train-fast` target says less than the plain launch of the same script: it stays a
    // fact of that script but outside the summary's ranks.
    const shadowed = launch.variant !== null && target !== null && plainTargets.has(target);
    // A launch from tests, docs or vendored code is about nothing we summarise, one from an evaluation script
    // (`eval.sh`) evaluates; otherwise the script decides.
    const context = launchFileContext(invocation.file) ?? contextOf(target ?? invocation.target);
    const weight = launchWeight(launch, launches, index, documentedTargets);
    for (const fact of invocation.facts) {
      origins.push({
        fact: weighted(withContext(fact, context), weight, launch),
        file: invocation.file,
        invocationTarget: target,
        shadowed,
      });
    }
    const closure = target ? imports.closure(target) : [];
    const parameters = closure.flatMap(([path]) => index.byPath.get(path)?.parameters ?? []);
    const abbreviations = !closure.some(([path]) => index.byPath.get(path)?.noAbbreviations);
    const dataclassArguments = closure.some(([path]) => index.byPath.get(path)?.traits?.dataclassArguments);
    if (dataclassArguments && !shadowed) {
      const names = invocation.args.flatMap((a) =>
        a.name?.startsWith("--") && a.value !== null ? [a.name.slice(2)] : [],
      );
      for (const [path] of closure) {
        const set = launchedFields.get(path) ?? new Set<string>();
        for (const name of names) set.add(name);
        launchedFields.set(path, set);
      }
    }
    // Training loops of the launched script's files bounded by options an imported module defines.
    const bounds = closure.flatMap(([path]) =>
      (index.byPath.get(path)?.openBounds ?? []).flatMap((open) => resolvedBounds.get(open) ?? []),
    );
    const replacedNames = launch.replaced?.names ?? new Set<string>();
    const own = {
      ...invocation,
      args: invocation.args.filter((a) => a.name === null || !replacedNames.has(a.name)),
    };
    const fallback = {
      ...invocation,
      args: invocation.args.filter((a) => a.name !== null && replacedNames.has(a.name)),
    };
    for (const [part, outside] of [
      [own, shadowed],
      [fallback, true],
    ] as const) {
      const superseded = new Set<ScriptParameter>();
      for (const bound of bounds) {
        const set = boundOptionsSet(bound, part);
        if (set === null) continue;
        // The defaults' reading of the bound did not run; a value we cannot read (`$DECAY`) leaves only that.
        if (!outside) launchedBounds.add(bound.open);
        // A forwarded command carries only the caller's arguments, not the rest of the script's line.
        const fact = launch.forwarded
          ? null
          : launchedBoundFact(bound, part, set, superseded, bound.file === target);
        if (fact)
          origins.push({
            fact: weighted(withContext(fact, context), weight, launch),
            file: invocation.file,
            invocationTarget: target,
            shadowed: outside,
          });
      }
      for (const fact of argumentFacts(
        part,
        parameters,
        outside ? new Set() : overridden,
        dataclassArguments,
        superseded,
        abbreviations,
      )) {
        origins.push({
          fact: weighted(withContext(fact, context), weight, launch),
          file: invocation.file,
          invocationTarget: target,
          shadowed: outside,
        });
      }
    }
  }
  const entryPoints = rankEntryPoints(
    findings,
    invocationsByTarget,
    launches,
    index,
    imports,
    new Set(paperWords),
    contextOf,
  );
  const scopes = entryPoints.map((entry) =>
    scopeOf(entry.file, index, imports, invocationsByTarget, launches),
  );
  const main = entryPoints[0]?.main ? entryPoints[0].file : null;
  const namedAtLaunch = modulesNamedAtLaunch(main ? (invocationsByTarget.get(main) ?? []) : []);
  addArgumentFileOverrides(scopes, index, overridden);
  for (const [open, bound] of resolvedBounds) {
    const fact = bound && defaultBoundFact(bound, launchedBounds.has(open), overridden);
    if (fact) origins.push({ fact, file: bound.file });
  }
  for (const file of findings) {
    for (const parameter of file.parameters) {
      const fact = defaultFact(parameter, overridden.has(parameter));
      if (fact) origins.push({ fact, file: file.path });
    }
  }
  // The settings of a script its launches train (its own facts, its defaults) are training's, whatever its name.
  for (const origin of origins)
    if (origin.fact.context === "inference" && trainedByLaunch.has(origin.file))
      origin.fact.context = "training";
  // A loop bound read from a command-line default (tag `key:<dest>`) is stale when a launch overrides that flag.
  const overriddenKeys = new Set([...overridden].map((p) => `${p.file}\u0000key:${p.dest}`));
  for (const origin of origins) {
    const tags = origin.fact.tags ?? [];
    if (!tags.includes("loop_bound") || tags.includes("overridden")) continue;
    if (tags.some((t) => overriddenKeys.has(`${origin.file}\u0000${t}`)))
      origin.fact.tags = [...tags, "overridden"];
  }
  // A dataclass field's default (`num_train_epochs: int = 3`) does not run when the launch sets that field.
  for (const origin of origins) {
    const tags = origin.fact.tags ?? [];
    if (!tags.includes("class_field") || tags.includes("overridden")) continue;
    const name = classFieldName(origin.fact, { annotated: true });
    if (name && launchedFields.get(origin.file)?.has(name)) origin.fact.tags = [...tags, "overridden"];
  }
  // Nor where the main run builds the class with that field (`TrainConfig(epochs=args.epochs)` in the main script or
  // a module it imports, helpers included, outside a debug or evaluation branch or function): the value passed
  // runs, whatever it is. A plotting, evaluation or test script that builds the same class says nothing of the run.
  const mainFiles = main ? scopes[0]!.files : new Map<string, number>();
  const constructed = new Set(
    findings.flatMap((file) =>
      mainFiles.has(file.path) && !inOtherDirectory(file.path) && contextOf(file.path) !== "inference"
        ? (file.constructorKeywords ?? [])
        : [],
    ),
  );
  // Within one file, whatever the entry point: a default the file's own call passes that keyword to (`def
  // train_model(num_epochs=10)` called as `train_model(num_epochs=20)`, outside a debug or evaluation branch) did not
  // run there either. The analyzer leaves side runs' keywords out.
  const calledInFile = new Map(
    findings.flatMap((file) =>
      file.constructorKeywords && contextOf(file.path) !== "inference"
        ? [[file.path, new Set(file.constructorKeywords)] as const]
        : [],
    ),
  );
  // Nor in a module that is no script of its own (no `__main__` guard), where a training file importing it calls the
  // function with that keyword (`trainer.train(loader, n_epochs=1000)` in a notebook over `def train(self,
  // n_epochs=100)` in model_training/Trainer.py): a library's default runs only for callers that leave it out. Not
  // for a helper of another main run: there the main run's own calls (above) say which defaults run, and a second
  // command-line tool passing the keyword says nothing of it.
  const calledByImporters = new Map<string, Set<string>>();
  for (const file of findings) {
    if (!file.constructorKeywords || inOtherDirectory(file.path) || contextOf(file.path) === "inference")
      continue;
    // A sanity check's or a smoke test's call (`quick_sanity_check.py` passing `n_epochs=1`) says nothing of the run.
    if (pathWords(file.path).some((w) => CHECK_IMPORTER_WORDS.has(w))) continue;
    for (const target of imports.direct(file.path)) {
      if (index.byPath.get(target)?.traits?.hasMainGuard !== false) continue;
      if (target !== main && mainFiles.has(target)) continue;
      const keys = calledByImporters.get(target) ?? new Set<string>();
      for (const key of file.constructorKeywords) keys.add(key);
      calledByImporters.set(target, keys);
    }
  }
  if (constructed.size > 0 || calledInFile.size > 0 || calledByImporters.size > 0)
    for (const origin of origins) {
      const tags = origin.fact.tags ?? [];
      if (tags.includes("built_with")) continue;
      // A function's or constructor's default, where the main run calls it with that keyword: `def:ConvNet.epoch`.
      const ownDefault = tags.find((t) => t.startsWith("def:"))?.slice("def:".length);
      const owner = tags.find((t) => t.startsWith("class:"))?.slice("class:".length);
      const name = owner ? classFieldName(origin.fact, { annotated: false }) : null;
      const key = ownDefault ?? (owner && name ? `${owner}.${name}` : null);
      const calledWith = (calls: Map<string, Set<string>>) =>
        !!ownDefault && calls.get(origin.file)?.has(key!);
      if (key && (constructed.has(key) || calledWith(calledInFile) || calledWith(calledByImporters)))
        origin.fact.tags = [
          ...tags,
          ...(tags.includes("overridden") ? [] : ["overridden" as const]),
          "built_with",
        ];
    }
  const measurement = combineMeasurements(findings);
  for (const origin of origins) {
    const extra = measurement.tagged.get(origin.file);
    if (extra && origin.fact.measured) origin.fact.tags = [...(origin.fact.tags ?? []), ...extra];
  }
  for (const fact of measurement.derived) {
    origins.push({ fact: { ...fact }, file: fact.evidence.kind === "code" ? fact.evidence.file : "" });
  }

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
    if (main && origin.fact.entry_point === main && isNamedAtLaunch(origin, namedAtLaunch))
      origin.fact.tags = [...(origin.fact.tags ?? []), "launch_named"];
    return { fact: origin.fact, rank, bound };
  });
  return { facts, entryPoints, main };
}

/**
 * Scripts named like inference or evaluation (`server.py` of a federated simulation, `dti_predictor.py`) that the
 * authors' own plain launches (a script's or the README's, not an example, a test or doc, or an evaluation launch
 * file) run with a positive training length (`--max_step 250`, `--num_epochs 200`), and whose code, or a module it
 * imports however deep, trains: what the launch asks of a script says more than a word of its name. Not `--epoch 300` (the
 * singular picks a checkpoint), not a length read under an auxiliary or debug name (`--eval_steps`), and not a
 * sampler's `--num_steps 50` in a script that does not train.
 */
function launchedToTrain(launches: Launches, index: RepoIndex, imports: ImportGraph): Set<string> {
  // The training may sit a few imports away (`server.py` → `simulator.py` → `node.py`, where the loss falls).
  const trains = (path: string) =>
    imports.closure(path).some(([p]) => (index.byPath.get(p)?.traits?.trainingSignals ?? 0) > 0);
  const trained = new Set<string>();
  for (const { target, variant, invocation } of launches.list) {
    if (!target || variant !== null || launchFileContext(invocation.file) !== null) continue;
    if (contextForPath(target) !== "inference" || trained.has(target)) continue;
    const length = invocation.args.some((a) => {
      if (a.name === null || a.value === null || /^-*epoch$/i.test(a.name)) return false;
      const meaning = meaningOfName(a.name);
      if (!meaning || (meaning.field !== "epochs" && meaning.field !== "steps")) return false;
      if (meaning.tags.some((t) => t === "auxiliary" || t === "debug")) return false;
      const value = interpretValue(meaning, a.value);
      return typeof value === "number" && value > 0;
    });
    if (length && trains(target)) trained.add(target);
  }
  return trained;
}

/** A class-like name (`nnUNetTrainerV2`, `MyTrainer`): mixed case, so not a plain word, a path or a value. */
const CLASS_NAME = /^(?=[A-Za-z_]*[a-z])(?=[A-Za-z_\d]*[A-Z])[A-Za-z_][A-Za-z_\d]{3,}$/;

/**
 * Python modules named, by a class-like file name, as a positional word of the main script's plain training
 * launches (`nnUNet_train 3d_fullres nnUNetTrainerV2 TASK FOLD` loads the trainer class of nnUNetTrainerV2.py
 * by name): the launch chose them. Not an example, a variant, or an evaluation or test launch file.
 */
function modulesNamedAtLaunch(launches: readonly Launch[]): Set<string> {
  return new Set(
    launches
      .filter((launch) => launch.variant === null && launchFileContext(launch.invocation.file) === null)
      .flatMap((launch) => launch.invocation.args)
      .flatMap((argument) =>
        argument.name === null && argument.value !== null && CLASS_NAME.test(argument.value)
          ? [argument.value]
          : [],
      ),
  );
}

/**
 * A class attribute of a module the launch named (`self.max_num_epochs = 1000` in its trainer class), bound to
 * the main run: the run's setting (`launch_named`), not a helper module's. A function's default there is not.
 */
function isNamedAtLaunch(origin: Origin, named: ReadonlySet<string>): boolean {
  if (named.size === 0) return false;
  const stem = /(?:^|\/)([^/]+)\.py$/.exec(origin.file)?.[1];
  const tags = origin.fact.tags ?? [];
  return (
    stem !== undefined && named.has(stem) && (tags.includes("attribute") || tags.includes("class_field"))
  );
}

/**
 * An argument file bound to an entry point (`python train.py @configs/run.args`) is part of its command line: a
 * script parameter whose flag the file sets (`--batch-size 128` in the file, under a `[section]` or not) is
 * overridden like one a launch line sets, so its default and the loop bounds read from it do not run.
 */
function addArgumentFileOverrides(scopes: Scope[], index: RepoIndex, overridden: Set<ScriptParameter>): void {
  for (const scope of scopes) {
    const flags = new Set<string>();
    for (const path of scope.files.keys()) {
      const file = index.byPath.get(path);
      if (file?.kind !== "argfile") continue;
      for (const fact of file.facts)
        for (const tag of fact.tags ?? []) {
          // `key:--epochs`, or `key:training.--epochs` under an INI-like `[training]` header.
          const flag = /^key:(?:.*?\.)?(-.*)$/.exec(tag)?.[1];
          if (flag) flags.add(flag);
        }
    }
    if (flags.size === 0) continue;
    for (const path of scope.files.keys())
      for (const parameter of index.byPath.get(path)?.parameters ?? [])
        if (parameter.flags.some((flag) => flags.has(flag))) overridden.add(parameter);
  }
}

/** A launch command with the script it starts (resolved) and why it is not the plain run, if it is not. */
interface Launch {
  invocation: ScriptInvocation;
  /** The Python script or notebook it starts, resolved in the repository, or null. */
  target: string | null;
  variant: string | null;
  /** Read again with a caller's arguments (written at the caller's line). */
  forwarded: boolean;
  /** Arguments (and config paths) of this command that callers replace with their own. */
  replaced?: Replaced;
  /** None of its options is one the script's fully read parser declares (launch/stale.ts): it binds nothing. */
  stale?: boolean;
}

/** What callers' arguments replace in a shell script's own reading of a command. */
interface Replaced {
  names: Set<string>;
  configs: boolean;
}

interface Launches {
  list: Launch[];
  /** Shell script → files that start it (`bash scripts/train.sh` in README.md). */
  callers: Map<string, Set<string>>;
  /** Launch files a README, a doc page or a notebook names as the way to run (directly or through a chain). */
  documented: Set<string>;
}

const MAX_CHAIN = 4;
const MAX_DERIVED = 2000;
/** Argument names of a launch that continues or reloads a run instead of training from scratch. */
const RESUME_ARGUMENT =
  /^-*(?:resume(?:[_-]?from)?(?:[_-]?(?:ckpt|checkpoint|path))?|load[_-]?(?:ckpt|checkpoint|model|weights)|restore(?:[_-]?from)?|ckpt[_-]?path|checkpoint[_-]?path|from[_-]?checkpoint|continue[_-]?train(?:ing)?)$/i;
/** Words of an importing file's path that mark a check of the code rather than a run. */
const CHECK_IMPORTER_WORDS = new Set(["sanity", "smoke", "debug", "quick", "dry", "check", "test", "tests"]);
/** Words of a launch file's path (or a Makefile target) that mark a run other than the main one. */
const VARIANT_WORDS = new Set([
  "fast",
  "quick",
  "debug",
  "smoke",
  "tiny",
  "toy",
  "demo",
  "sweep",
  "sweeps",
  "search",
  "grid",
  "tune",
  "tuning",
  "hparam",
  "hparams",
  "hpo",
  "ablation",
  "ablations",
  "baseline",
  "baselines",
  "preliminary",
  "rebuttal",
  "test",
  "tests",
  "dry",
]);
/**
 * Words of a candidate script's path that mark a secondary run: a baseline, a demo, a rebuttal experiment, an
 * oracle (the upper bound a method is compared with), a prototype.
 */
const SECONDARY_WORDS = new Set([
  "baseline",
  "baselines",
  "oracle",
  "prototype",
  "prototypes",
  "demo",
  "demos",
  "example",
  "examples",
  "toy",
  "debug",
  "preliminary",
  "rebuttal",
  "rebuttals",
  "test",
  "tests",
  "sweep",
  "sweeps",
  "search",
  "fast",
  "quick",
  "smoke",
  "tiny",
  "scratch",
  "draft",
  "playground",
  "sandbox",
  "tutorial",
  "tutorials",
  "ablation",
  "ablations",
  "supplementary",
  "archive",
  "reference",
  "references",
]);

/**
 * Secondary words that can be a paper's subject: `search.py` of an architecture-search paper, `train_oracle.py` of a
 * paper on oracles, is its main run when the paper's opening says so.
 */
const SUBJECT_WORDS = new Set(["oracle", "search"]);

/** `experiments/run_fast-debug.sh` → ["experiments", "run", "fast", "debug", "sh"]. */
function pathWords(path: string): string[] {
  return path
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s/_.-]+/)
    .filter((w) => w !== "");
}

/** Marks the launches of Python scripts that could not run as written (launch/stale.ts). */
function markStaleLaunches(list: readonly Launch[], index: RepoIndex, imports: ImportGraph): void {
  for (const launch of list) {
    if (!launch.target?.endsWith(".py")) continue;
    const closure = imports.closure(launch.target).map(([path]) => index.byPath.get(path));
    const parameters = closure.flatMap((f) => f?.parameters ?? []);
    const own = index.byPath.get(launch.target);
    const lenient =
      closure.some((f) => f?.keepsUnknownFlags) || !!own?.traits?.hydra || !!own?.traits?.dataclassArguments;
    const abbreviations = !closure.some((f) => f?.noAbbreviations);
    const target = { ownParameters: own?.parameters ?? [], parameters, abbreviations };
    if (isStaleLaunch(launch.invocation, target, lenient)) launch.stale = true;
  }
}

/**
 * Every launch command, with shell-to-shell chains followed: `bash scripts/train.sh a b` in a README makes the
 * README a caller of scripts/train.sh, and when that script reads its arguments (`"$@"`, `${2:-x}`) the commands it
 * starts are read again with the caller's words, as launches written at the caller's line.
 */
function collectLaunches(
  findings: FileFindings[],
  index: RepoIndex,
  consoleScripts: ReadonlyMap<string, string>,
): Launches {
  const list: Launch[] = [];
  const callers = new Map<string, Set<string>>();
  const queue: { invocation: ScriptInvocation; depth: number }[] = findings.flatMap((f) =>
    f.invocations.map((invocation) => ({ invocation, depth: 0 })),
  );
  let derived = 0;
  const replaced = new Map<ScriptInvocation, Replaced>();
  for (let i = 0; i < queue.length; i += 1) {
    const { invocation, depth } = queue[i]!;
    if (invocation.launcher === "shell") {
      const script = index.resolvePath(invocation.target, invocation.baseDir);
      const findingsOfScript = script ? index.byPath.get(script) : undefined;
      if (!script || findingsOfScript?.kind !== "shell" || script === invocation.file) continue;
      const set = callers.get(script) ?? new Set<string>();
      set.add(invocation.file);
      callers.set(script, set);
      const forwarded = forwardedInvocations(invocation, findingsOfScript, replaced);
      if (depth < MAX_CHAIN && derived + forwarded.length <= MAX_DERIVED) {
        derived += forwarded.length;
        for (const next of forwarded) queue.push({ invocation: next, depth: depth + 1 });
      }
      continue;
    }
    const target = resolveTarget(index, invocation, consoleScripts);
    if (!target && invocation.launcher === "console") continue;
    list.push({ invocation, target, variant: variantOf(invocation, target), forwarded: depth > 0 });
  }
  for (const launch of list) {
    const entry = replaced.get(launch.invocation);
    if (entry) launch.replaced = entry;
  }
  const documented = new Set<string>();
  const visit = (file: string, seen: Set<string>): boolean => {
    if (seen.has(file)) return false;
    seen.add(file);
    const kind = index.byPath.get(file)?.kind;
    if (kind === "markdown" || kind === "notebook") return true;
    return [...(callers.get(file) ?? [])].some((caller) => visit(caller, seen));
  };
  for (const script of callers.keys()) if (visit(script, new Set())) documented.add(script);
  return { list, callers, documented };
}

/**
 * The commands a called shell script starts, read again with the caller's arguments and variables; only the
 * arguments and devices that the caller's words change are kept, written at the caller's line (the script's own
 * reading already gives the rest).
 */
function forwardedInvocations(
  caller: ScriptInvocation,
  script: FileFindings,
  replaced: Map<ScriptInvocation, Replaced>,
): ScriptInvocation[] {
  const words = caller.argWords ?? [];
  const env = caller.env ?? {};
  if (!script.positionalLines || (words.length === 0 && Object.keys(env).length === 0)) {
    return Object.keys(env).length === 0 ? [] : withCallerEnv(caller, script, env);
  }
  const reread = analyzeLaunchLines(script.positionalLines, {
    file: script.path,
    kind: "shell",
    baseDir: folderOf(script.path),
    readDirectives: false,
    positional: words,
    env,
  });
  return reread.invocations.flatMap((again) => {
    const own = script.invocations.find((i) => i.line === again.line && i.target === again.target);
    const key = (a: { name: string | null; value: string | null }) => `${a.name}\u0000${a.value}`;
    const ownArgs = new Set((own?.args ?? []).map(key));
    const ownConfigs = new Set(own?.configs ?? []);
    const ownFacts = new Set((own?.facts ?? []).map((f) => `${f.field}=${String(f.value)}`));
    const args = again.args.filter((a) => !ownArgs.has(key(a)));
    const configs = again.configs.filter((c) => !ownConfigs.has(c));
    const facts = again.facts
      .filter((f) => !ownFacts.has(`${f.field}=${String(f.value)}`))
      .map((f) => ({
        ...f,
        tags: [...(f.tags ?? []), "forwarded" as const],
        evidence: { kind: "code" as const, file: caller.file, line: caller.line, snippet: caller.snippet },
      }));
    const changed = args.length > 0 || configs.length > 0 || facts.length > 0 || again.target !== own?.target;
    if (!changed && again.launcher !== "shell") return [];
    if (own && again.launcher !== "shell") {
      // The script's own reading of these arguments was only its fallback (`${1:-16}`): a caller replaces it.
      const entry = replaced.get(own) ?? { names: new Set<string>(), configs: false };
      for (const arg of args) if (arg.name !== null) entry.names.add(arg.name);
      if (configs.length > 0) entry.configs = true;
      replaced.set(own, entry);
    }
    const result: ScriptInvocation = {
      ...again,
      file: caller.file,
      line: caller.line,
      snippet: caller.snippet,
      args: again.launcher === "shell" ? again.args : args,
      configs,
      facts,
    };
    if (caller.variant) result.variant = caller.variant;
    return [result];
  });
}

/** A caller that only sets variables (`CUDA_VISIBLE_DEVICES=0 bash run.sh`) and a script that reads none. */
function withCallerEnv(
  caller: ScriptInvocation,
  script: FileFindings,
  env: Record<string, string>,
): ScriptInvocation[] {
  if (!("CUDA_VISIBLE_DEVICES" in env)) return [];
  return script.invocations
    .filter((i) => i.launcher !== "shell" && !i.devices.perNode && !i.devices.total)
    .flatMap((own) => {
      const again = analyzeLaunchLines([{ line: own.line, text: own.snippet }], {
        file: script.path,
        kind: "shell",
        baseDir: folderOf(script.path),
        readDirectives: false,
        env,
      }).invocations[0];
      if (!again || again.facts.length === 0) return [];
      return [
        {
          ...again,
          file: caller.file,
          line: caller.line,
          snippet: caller.snippet,
          args: [],
          configs: [],
          facts: again.facts.map((f) => ({
            ...f,
            evidence: {
              kind: "code" as const,
              file: caller.file,
              line: caller.line,
              snippet: caller.snippet,
            },
          })),
        },
      ];
    });
}

/**
 * Why a launch is not the plain run: set by the reader of its file, a resumed run, its file's name, or a
 * fine-tuning launch of a pretraining script.
 */
function variantOf(invocation: ScriptInvocation, target: string | null): string | null {
  if (invocation.variant) return invocation.variant;
  const resume = invocation.args.find(
    (a) => a.name !== null && RESUME_ARGUMENT.test(a.name) && a.value !== "false" && a.value !== "None",
  );
  if (resume) return `resumes (${resume.name})`;
  // `--dry_run`, `dryrun=true`, `--fast_dev_run 1`: a check that the run starts, not the run.
  const check = invocation.args.find(
    (a) =>
      a.name !== null &&
      CHECK_SWITCH.test(a.name.replace(/^-+/, "").split(".").pop()!) &&
      !/^(?:false|0|none|null|no|n|off)$/i.test(a.value ?? ""),
  );
  if (check) return `check run (${check.name})`;
  const words = pathWords(invocation.file);
  const word = words.find((w) => VARIANT_WORDS.has(w));
  if (word) return `launch file named ${word}`;
  // A fine-tuning launch of a pretraining script (`pretrain_gpt.py` started by `pretrain_gpt_sft.sh`): the paper's
  // main run is the pretraining.
  if (
    target &&
    pathWords(baseNameWithoutExtension(target)).some((w) => w === "pretrain" || w === "pretraining")
  ) {
    const stage = words.find((w) => FINETUNE_WORDS.has(w));
    if (stage) return `${stage} launch of a pretraining script`;
  }
  return null;
}

/**
 * A launch argument that makes the run a check (`--debug`, `--debug_run`, `--dry-run`, `smoke_test=true`,
 * `--fast_dev_run`, `--sanity-check`, `--quick-test`; not a bare `--quick`, which often picks a faster setting of
 * the real run), or any setting of debugging (`--debug_interval 500`, `--debug_dir logs/`): a launch that tunes its
 * debugging is taken for a debugging launch. That is the cautious side: its values count less than a plain launch's
 * and are never held against the paper as the run's.
 */
const CHECK_SWITCH =
  /^(?:debug\w*|dry[_-]?run|smoke(?:[_-]?test)?|fast[_-]dev[_-]run|quick[_-]?test|sanity(?:[_-]?check)?)$/i;

/** Words of a launch file's path that name a fine-tuning stage. */
const FINETUNE_WORDS = new Set(["sft", "finetune", "finetuning", "ft", "instruct", "rlhf", "dpo"]);

/**
 * How much a launch's settings are trusted relative to the other launches of the same script: a variant (an
 * example, a fast target, a sweep, a resumed run) counts for less, and when a README or doc page names a launch
 * script for a target, the target's other, undocumented launch scripts count slightly less.
 */
function launchWeight(
  launch: Launch,
  launches: Launches,
  index: RepoIndex,
  documentedTargets: ReadonlySet<string>,
): number {
  if (launch.variant) return VARIANT_WEIGHT;
  const kind = index.byPath.get(launch.invocation.file)?.kind;
  if (
    launch.target &&
    documentedTargets.has(launch.target) &&
    (kind === "shell" || kind === "makefile") &&
    !launches.documented.has(launch.invocation.file)
  ) {
    return UNDOCUMENTED_WEIGHT;
  }
  return 1;
}

const VARIANT_WEIGHT = 0.9;
const UNDOCUMENTED_WEIGHT = 0.95;

function weighted(fact: Fact, weight: number, launch: Launch): Fact {
  if (launch.forwarded && !fact.tags?.includes("forwarded")) {
    fact = { ...fact, tags: [...(fact.tags ?? []), "forwarded"] };
  }
  if (weight === 1) return fact;
  const tags: FactTag[] = [...(fact.tags ?? [])];
  if (launch.variant && !tags.includes("variant")) tags.push("variant");
  return { ...fact, confidence: Math.round(fact.confidence * weight * 100) / 100, tags };
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
  return index.resolvePath(invocation.target, invocation.baseDir, { launch: true });
}

/**
 * Facts set by a command's arguments. An argument that matches a parameter of the script (or of a module it
 * imports) reads under that parameter's name and type; other named arguments read under their own name, and are
 * guesses unless the script parses its flags into dataclasses (`dataclassArguments`), which accept only their
 * fields' names.
 */
function argumentFacts(
  invocation: ScriptInvocation,
  parameters: ScriptParameter[],
  overridden: Set<ScriptParameter>,
  dataclassArguments = false,
  /** Options a loop bound adds to others (`--n_epochs 50` of n_epochs + n_epochs_decay): not the run's length. */
  superseded: ReadonlySet<ScriptParameter> = new Set(),
  /** argparse's unique prefixes (`-e 25` for `-epochs`), unless a parser forbids them (launch/flags.ts). */
  abbreviations = false,
): Fact[] {
  const byFlag = new Map<string, ScriptParameter>();
  for (const parameter of parameters) {
    for (const flag of parameter.flags) if (!byFlag.has(flag)) byFlag.set(flag, parameter);
  }
  const argparseFlags = parameters.filter((p) => p.source === "argparse").flatMap((p) => p.flags);
  const abbreviated = (name: string) => {
    const flag = abbreviations ? abbreviatedFlag(name, argparseFlags) : null;
    return flag === null ? undefined : byFlag.get(flag);
  };
  const facts: Fact[] = [];
  for (const arg of invocation.args) {
    if (arg.name === null) continue;
    const parameter =
      byFlag.get(arg.name) ??
      (arg.name.startsWith("-") ? abbreviated(arg.name) : byFlag.get(`--${arg.name}`));
    const hydra = !arg.name.startsWith("-");
    const field = !parameter && !hydra && dataclassArguments;
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
    if (parameter && isNonTrainingHelp(parameter.help, meaning.field)) continue;
    const value = interpretValue(meaning, raw);
    if (value === null) continue;
    if (parameter) overridden.add(parameter);
    const tags: FactTag[] = [
      ...meaning.tags,
      "override",
      hydra ? "hydra_override" : "launch",
      `launcher:${invocation.launcher}`,
    ];
    if (!parameter && !hydra && !field) tags.push("unmatched_argument");
    if (parameter && superseded.has(parameter)) tags.push("overridden");
    facts.push(
      codeFact({
        field: meaning.field,
        value,
        raw: arg.value === null ? arg.name : `${arg.name} ${arg.value}`,
        confidence:
          (parameter || hydra || field ? CONFIDENCE.launchOverride : CONFIDENCE.callKeyword) * meaning.weight,
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
  const meaning =
    meaningOfName(parameter.dest) ?? parameter.flags.map((f) => meaningOfName(f)).find((m) => m) ?? null;
  if (!meaning) return null;
  if (isNonTrainingHelp(parameter.help, meaning.field)) return null;
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

/** An open loop bound with each option it names found: the nearest imported module's parameter. */
interface ResolvedBound {
  open: OpenBound;
  file: string;
  parameters: Map<string, ScriptParameter>;
  /** False when the start names an option no module defines: the loop then starts at `startFallback`. */
  startResolved: boolean;
}

/**
 * Finds the options of a loop bound (`range(opt.epoch_count, opt.niter + opt.niter_decay + 1)`) among the
 * parameters of the modules its file imports, the nearest first. Null when a stop option is not found or two
 * equally near modules give it different defaults.
 */
function resolveOpenBound(
  open: OpenBound,
  file: string,
  imports: ImportGraph,
  index: RepoIndex,
): ResolvedBound | null {
  const closure = imports.closure(file);
  const find = (name: string): ScriptParameter | null => {
    let found: ScriptParameter | null = null;
    let foundAt = Infinity;
    // The closure lists modules nearest first.
    for (const [module, distance] of closure) {
      if (distance > foundAt) break;
      for (const parameter of index.byPath.get(module)?.parameters ?? []) {
        if (parameter.dest !== name || typeof parameter.defaultValue !== "number") continue;
        if (found && found.defaultValue !== parameter.defaultValue) return null;
        found ??= parameter;
        foundAt = distance;
      }
    }
    return found;
  };
  const parameters = new Map<string, ScriptParameter>();
  for (const name of Object.keys(open.stop.options)) {
    const parameter = find(name);
    if (!parameter) return null;
    parameters.set(name, parameter);
  }
  const startNames = Object.keys(open.start?.options ?? {});
  const startParameters = startNames.map(find);
  const startResolved = open.start !== null && startParameters.every((p) => p !== null);
  if (startResolved) startNames.forEach((name, i) => parameters.set(name, startParameters[i]!));
  return { open, file, parameters, startResolved };
}

/** The bound's value with each option's value (`valueOf`), and the sum written out for the evidence. */
function evaluateBound(
  bound: ResolvedBound,
  valueOf: (parameter: ScriptParameter) => number,
): { value: number; formula: string } | null {
  const terms: string[] = [];
  const signed = (k: number, text: string) => terms.push(`${k < 0 ? "- " : "+ "}${text}`);
  // Adds `form` × `sign` to the sum: its options first, then its constant, each written as a term.
  const evaluate = (form: LinearForm, sign: 1 | -1) => {
    let value = form.constant;
    for (const [name, coefficient] of Object.entries(form.options)) {
      const v = valueOf(bound.parameters.get(name)!);
      value += coefficient * v;
      const k = sign * coefficient;
      signed(k, `${Math.abs(k) === 1 ? "" : `${Math.abs(k)} × `}${name} ${v}`);
    }
    if (form.constant !== 0) signed(sign * form.constant, String(Math.abs(form.constant)));
    return value;
  };
  const stop = evaluate(bound.open.stop, 1);
  const start = evaluate(
    bound.startResolved ? bound.open.start! : { constant: bound.open.startFallback, options: {} },
    -1,
  );
  const value = stop - start;
  if (!(value > 0) || !Number.isInteger(value)) return null;
  return { value, formula: `${terms.join(" ").replace(/^\+ /, "")} = ${value}` };
}

/** A parameter named for the bound's own field whose value is the bound's (the loop is `range(opt.epochs)`). */
function statedUnderItsName(
  bound: ResolvedBound,
  value: number,
  valueOf: (p: ScriptParameter) => number,
): ScriptParameter | undefined {
  return [...bound.parameters.values()].find((parameter) => {
    const meaning = meaningOfName(parameter.dest);
    return meaning?.field === bound.open.field && meaning.weight >= 1 && valueOf(parameter) === value;
  });
}

/** The bound's options named like a training length (`n_epochs` of n_epochs + n_epochs_decay): not the run's. */
function lengthOptions(bound: ResolvedBound): ScriptParameter[] {
  return [...bound.parameters.values()].filter((parameter) => {
    const field = meaningOfName(parameter.dest)?.field;
    return field === "epochs" || field === "steps";
  });
}

/**
 * The bound with the options' defaults, citing where each is defined. Null when an option named for the field
 * already states the value (its default is that fact). Otherwise the options it sums that are named like a
 * training length (`--n_epochs 100` of `n_epochs + n_epochs_decay`) do not state the run's length alone: they
 * join `overridden`. Tagged overridden itself when a launch sets one of its options (`launched`).
 */
function defaultBoundFact(
  bound: ResolvedBound,
  launched: boolean,
  overridden: Set<ScriptParameter>,
): Fact | null {
  const valueOf = (parameter: ScriptParameter) => parameter.defaultValue as number;
  const evaluated = evaluateBound(bound, valueOf);
  if (!evaluated || statedUnderItsName(bound, evaluated.value, valueOf) !== undefined) return null;
  for (const parameter of lengthOptions(bound)) overridden.add(parameter);
  const used = [...bound.parameters.values()];
  const where = [...new Set(used.map((p) => p.file))]
    .map(
      (file) =>
        `${file}:${used
          .filter((p) => p.file === file)
          .map((p) => p.line)
          .join(",")}`,
    )
    .join(" ");
  const tags: FactTag[] = ["loop_bound", "default", ...new Set(used.map((p) => p.source))];
  if (launched) tags.push("overridden");
  return codeFact({
    field: bound.open.field,
    value: evaluated.value,
    raw: `${evaluated.formula} (defaults: ${where})`,
    confidence: LOOP_BOUND_CONFIDENCE,
    file: bound.file,
    line: bound.open.line,
    snippet: bound.open.snippet,
    tags,
  });
}

/**
 * The values a launch gives the bound's options (`--niter_decay 10`, `--niter_decay=10`): null when it sets none;
 * NaN for a value that is not a number (`$DECAY`).
 */
function boundOptionsSet(
  bound: ResolvedBound,
  invocation: ScriptInvocation,
): Map<ScriptParameter, number> | null {
  const set = new Map<ScriptParameter, number>();
  for (const arg of invocation.args) {
    if (arg.name === null) continue;
    for (const parameter of bound.parameters.values())
      if (parameter.flags.includes(arg.name))
        set.set(parameter, arg.value === null ? NaN : Number(arg.value));
  }
  return set.size > 0 ? set : null;
}

/**
 * The bound as a launch runs it: `python train.py --niter_decay 10` makes 100 + 10 epochs. Null when a value set
 * is not a number, or when the launch's own flag named for the field states the value (`--n_epochs 50` for
 * `range(opt.start, opt.n_epochs)`: its argument fact says it). When no option states the value alone and the
 * loop is the launched script's own (`ownLoop`), the launch's length-named options join `superseded`:
 * `--n_epochs 50` of n_epochs + n_epochs_decay is not the run's length. A helper's loop supersedes nothing.
 */
function launchedBoundFact(
  bound: ResolvedBound,
  invocation: ScriptInvocation,
  set: ReadonlyMap<ScriptParameter, number>,
  superseded: Set<ScriptParameter>,
  ownLoop: boolean,
): Fact | null {
  if ([...set.values()].some((value) => !Number.isFinite(value))) return null;
  const valueOf = (parameter: ScriptParameter) => set.get(parameter) ?? (parameter.defaultValue as number);
  const evaluated = evaluateBound(bound, valueOf);
  if (!evaluated) return null;
  const stated = statedUnderItsName(bound, evaluated.value, valueOf);
  if (stated && set.has(stated)) return null;
  if (!stated && ownLoop) for (const parameter of lengthOptions(bound)) superseded.add(parameter);
  return codeFact({
    field: bound.open.field,
    value: evaluated.value,
    raw: `${evaluated.formula} (the loop at ${bound.file}:${bound.open.line})`,
    confidence: LOOP_BOUND_CONFIDENCE,
    file: invocation.file,
    line: invocation.line,
    snippet: invocation.snippet,
    tags: ["loop_bound", "override", "launch", `launcher:${invocation.launcher}`],
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
  invocationsByTarget: Map<string, Launch[]>,
  launches: Launches,
  index: RepoIndex,
  imports: ImportGraph,
  paperWords: ReadonlySet<string>,
  contextOf: (path: string) => Fact["context"],
): EntryPoint[] {
  const kinds = new Map(findings.map((f) => [f.path, f.kind]));
  const isReadme = (f: string) => kinds.get(f) === "markdown";
  const isScript = (f: string) => kinds.get(f) === "shell" || kinds.get(f) === "makefile";
  /** Launch files and, through shell chains, the files that start them. */
  const launchersOf = (files: Iterable<string>): Set<string> => {
    const all = new Set<string>();
    const visit = (file: string, depth: number) => {
      if (all.has(file) || depth > MAX_CHAIN) return;
      all.add(file);
      for (const caller of launches.callers.get(file) ?? []) visit(caller, depth + 1);
    };
    for (const file of files) visit(file, 0);
    return all;
  };
  const signalsOf = (path: string): number => {
    const own = index.byPath.get(path)?.traits?.trainingSignals ?? 0;
    if (own > 0) return own;
    // The training loop may live in a helper the script imports and calls (`from trainer import train`).
    const inherited = Math.max(
      0,
      ...imports.direct(path).map((p) => index.byPath.get(p)?.traits?.trainingSignals ?? 0),
    );
    return Math.min(inherited, INHERITED_SIGNALS);
  };
  interface Candidate extends EntryPoint {
    signals: number;
    launchedOwn: boolean;
    importable: boolean;
    rootLaunched: boolean;
  }
  const candidates: Candidate[] = [];
  for (const file of findings) {
    if ((file.kind !== "python" && file.kind !== "notebook") || !file.traits) continue;
    const invocations = invocationsByTarget.get(file.path) ?? [];
    const traits = file.traits;
    const nameScore = trainingNameScore(file.path);
    const signals = signalsOf(file.path);
    if (invocations.length === 0 && signals === 0 && nameScore === 0) continue;
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
    const ownInvocations = invocations.filter((l) => contextForPath(l.invocation.file) !== "other");
    const direct = new Set(ownInvocations.map((l) => l.invocation.file));
    const launchFiles = launchersOf(direct);
    const fromScripts = [...launchFiles].some(isScript);
    const fromRootReadme = [...launchFiles].some((f) => !f.includes("/") && isReadme(f));
    const documented = [...direct].some((f) => isReadme(f) || launches.documented.has(f));
    // How often the authors run it from scratch: resumed runs, README examples and sweeps do not count.
    const plain = ownInvocations.filter((l) => !l.variant).length;
    let launched = 0;
    if (launchFiles.size > 0) launched += fromScripts ? 4 : 3;
    if (fromRootReadme) launched += 1.5; // the project's front page names its own entry points
    launched += Math.max(0, Math.min(launchFiles.size - 1, 4)) * 0.75;
    if (plain > 1) launched += Math.min(LAUNCH_FREQUENCY_CAP, 0.5 * Math.log2(plain));
    if (ownInvocations.length > 0 && plain === 0) launched -= 1; // only examples, sweeps or resumed runs
    if (documented) launched += 0.5;
    // A script that is launched but neither named nor written like training is a tool (a converter, a sweep
    // generator): being launched counts for less.
    let score = signals === 0 && nameScore === 0 ? Math.min(launched, 2) : launched;
    score += nameScore * 2;
    score += Math.min(signals, 3);
    if (traits.hasMainGuard || traits.hydra) score += 1;
    if (file.parameters.length > 0) score += 1;
    const context = contextOf(file.path);
    if (context === "inference") score -= 4;
    if (context === "other") score -= 6;
    if (file.kind === "notebook") score -= 1;
    const words = pathWords(file.path);
    if (words.some((w) => SECONDARY_WORDS.has(w) && !(SUBJECT_WORDS.has(w) && paperWords.has(w))))
      score -= SECONDARY_PENALTY;
    if (words.includes(FINAL_WORD)) score += FINAL_BONUS;
    // Only a script one runs (a main guard, Hydra, a notebook or a launch) is an experiment; a module of helpers named
    // like the paper's subject (`cart_pole.py` for a CartPole paper) is not.
    const runnable =
      traits.hasMainGuard || traits.hydra || file.kind === "notebook" || ownInvocations.length > 0;
    if (runnable) score += paperAffinity(file.path, paperWords);
    score -= 0.5 * (file.path.split("/").length - 1);
    candidates.push({
      file: file.path,
      kind: file.kind,
      invoked_by: [...launchFiles].sort(),
      score,
      main: false,
      signals,
      launchedOwn: ownInvocations.length > 0,
      importable: !traits.hasMainGuard && !traits.hydra && file.kind === "python",
      rootLaunched: [...launchFiles].some((f) => !f.includes("/")),
    });
  }
  const paths = new Set(candidates.map((c) => c.file));
  // A module another candidate imports is a part of that script's run, not a run of its own.
  const importedBy = new Map<string, string[]>();
  for (const candidate of candidates) {
    for (const [path, distance] of imports.closure(candidate.file)) {
      if (distance === 0 || !paths.has(path)) continue;
      const list = importedBy.get(path) ?? [];
      list.push(candidate.file);
      importedBy.set(path, list);
    }
  }
  const anyLaunchedTrainer = candidates.some((c) => c.launchedOwn && c.signals > 0);
  for (const candidate of candidates) {
    const importers = (importedBy.get(candidate.file) ?? []).filter(
      (importer) => !(importedBy.get(importer) ?? []).includes(candidate.file),
    );
    if (importers.length > 0 && candidate.importable) candidate.score -= IMPORTED_PENALTY;
    // Launched, but nothing in it or what it imports trains, while another launched script does: a demo or tool.
    if (candidate.signals === 0 && candidate.launchedOwn && anyLaunchedTrainer)
      candidate.score -= NO_TRAINING_PENALTY;
    candidate.score = Math.round(candidate.score * 100) / 100;
  }
  candidates.sort((a, b) => b.score - a.score || a.file.length - b.file.length || (a.file < b.file ? -1 : 1));
  const top = candidates.slice(0, MAX_ENTRY_POINTS);
  // Candidates are already started by a launch command, named like training, or showing training signals;
  // the main one must also not be an evaluation, test or third-party script, nor one of several independent
  // sub-projects that nothing tells apart.
  if (top[0] && contextOf(top[0].file) === "training" && !ambiguousSubprojects(top, index, imports)) {
    top[0].main = true;
  }
  return top.map(({ file, kind, invoked_by, score, main }) => ({ file, kind, invoked_by, score, main }));
}

/**
 * How much a script's name and folder share the paper's distinctive words (`run_scaling_nlhe.py` for a paper on
 * scaling in NLHE): one point per shared word, at most PAPER_AFFINITY_CAP, less than a documented launch adds (3 to
 * 5), so the authors' own launch still decides and the name breaks ties among scripts nothing launches.
 */
function paperAffinity(path: string, paperWords: ReadonlySet<string>): number {
  if (paperWords.size === 0) return 0;
  const near = path.split("/").slice(-2).join("/");
  let shared = 0;
  for (const word of distinctiveWords(near)) if (paperWords.has(word)) shared += 1;
  return Math.min(shared, PAPER_AFFINITY_CAP);
}
const PAPER_AFFINITY_CAP = 2;

const INHERITED_SIGNALS = 2;
const LAUNCH_FREQUENCY_CAP = 2;
const SECONDARY_PENALTY = 2;
/**
 * `framework_final.ipynb` beside `framework.ipynb`, `final_models/` beside drafts: the authors' final version. Less
 * than any launch adds (3 to 5), so it breaks ties among scripts nothing launches, the commonest case in a folder of
 * notebooks, and no more.
 */
const FINAL_WORD = "final";
const FINAL_BONUS = 1;
const IMPORTED_PENALTY = 3;
const NO_TRAINING_PENALTY = 2;
/** In a repository of at least MONOREPO_PROJECTS sub-projects, candidates this close to the best are not told apart. */
const TIE_MARGIN = 2;
const MONOREPO_PROJECTS = 3;
/** Elsewhere only an exact tie between two sub-projects is. */
const EXACT_TIE = 0.25;

/**
 * True when the best candidates belong to different sub-projects (top-level folders with their own README) and
 * no launch from the repository's root picks one: a monorepo of independent projects, where choosing one by
 * score would be a guess.
 */
function ambiguousSubprojects(
  top: { file: string; score: number; rootLaunched: boolean }[],
  index: RepoIndex,
  imports: ImportGraph,
): boolean {
  const best = top[0]!;
  if (best.rootLaunched) return false;
  const subproject = (file: string): string | null => {
    const parts = file.split("/");
    for (let depth = parts.length - 1; depth >= 1; depth -= 1) {
      const folder = parts.slice(0, depth).join("/");
      if (hasReadme(folder, index)) return folder;
    }
    return null;
  };
  const mine = subproject(best.file);
  if (!mine) return false;
  // Sub-projects that import shared code from outside every sub-project (a root package) are parts of one project.
  const selfContained = (file: string) => imports.closure(file).every(([path]) => subproject(path) !== null);
  const independentOf = (file: string) => {
    const theirs = subproject(file);
    return (
      theirs !== null && theirs !== mine && !theirs.startsWith(`${mine}/`) && !mine.startsWith(`${theirs}/`)
    );
  };
  // An exact tie between two sub-projects' scripts: choosing one would be a guess.
  if (
    top.some((other) => other !== best && best.score - other.score < EXACT_TIE && independentOf(other.file))
  ) {
    return true;
  }
  // Many self-contained sub-projects (a lab's collection of papers' code): a small lead decides nothing.
  const projects = new Set(top.map((c) => subproject(c.file)).filter((p) => p !== null));
  if (projects.size < MONOREPO_PROJECTS || !selfContained(best.file)) return false;
  return top.some(
    (other) =>
      other !== best &&
      best.score - other.score < TIE_MARGIN &&
      independentOf(other.file) &&
      selfContained(other.file),
  );
}

function hasReadme(folder: string, index: RepoIndex): boolean {
  return ["README.md", "readme.md", "Readme.md", "README.MD", "README.rst", "README"].some((name) =>
    index.has(`${folder}/${name}`),
  );
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
  launchesByTarget: Map<string, Launch[]>,
  launches: Launches,
): Scope {
  const files = new Map<string, number>();
  const set = (path: string, rank: number) => {
    const current = files.get(path);
    if (current === undefined || rank < current) files.set(path, rank);
  };
  for (const [path, distance] of imports.closure(entry)) {
    set(path, distance === 0 ? 2 : CONFIG_MODULE.test(path) ? 1 : 2 + distance);
  }
  const invocations = (launchesByTarget.get(entry) ?? []).filter((l) => !l.stale).map((l) => l.invocation);
  // Launch scripts that start it, and the job scripts that start those (`sbatch job.sh` → `bash train.sh`): their
  // scheduler directives describe the same run.
  const seen = new Set<string>();
  const addLaunchFile = (file: string, depth: number) => {
    if (seen.has(file) || depth > MAX_CHAIN) return;
    seen.add(file);
    const launch = index.byPath.get(file);
    if (launch && (launch.kind === "shell" || launch.kind === "makefile")) set(file, 0);
    for (const caller of launches.callers.get(file) ?? []) addLaunchFile(caller, depth + 1);
  };
  for (const invocation of invocations) addLaunchFile(invocation.file, 0);
  const bound = boundConfigs(entry, index, launchesByTarget.get(entry) ?? []);
  for (const [config, rank] of bound) set(config, rank);
  const closure = imports.closure(entry).map(([path]) => path);
  const inferred = inferredConfigs({ entry, index, invocations, closure, bound: [...bound.keys()] });
  for (const link of inferred) set(link.path, 1);
  return { entry, files, weak: new Set(inferred.filter((l) => l.weak).map((l) => l.path)) };
}

/**
 * Configs an entry point loads: passed on its launch lines, named in its source, or composed by Hydra; with their
 * rank. A config passed on a plain launch replaces the default path written in the source and the configs of
 * example or debug launches, which then rank with the script's own source (2).
 */
function boundConfigs(entry: string, index: RepoIndex, launches: Launch[]): Map<string, number> {
  const configs = new Map<string, number>();
  const addIfConfig = (path: string | null, rank: number) => {
    const kind = path ? index.byPath.get(path)?.kind : undefined;
    if (path && kind && (CONFIG_KINDS.has(kind) || (kind === "python" && CONFIG_MODULE.test(path)))) {
      configs.set(path, Math.min(rank, configs.get(path) ?? rank));
    }
  };
  const launched = (launch: Launch): (string | null)[] => {
    const { invocation } = launch;
    if (launch.stale) return []; // a line the script cannot run (launch/stale.ts)
    if (launch.replaced?.configs) return []; // a fallback config (`${1:-configs/smoke.yaml}`) callers replace
    const paths = invocation.configs.map((written) => index.resolvePath(written, invocation.baseDir));
    for (const arg of invocation.args) {
      const value = arg.value ?? "";
      if (value.startsWith("@")) paths.push(index.resolvePath(value.slice(1), invocation.baseDir));
      if (arg.name === "--flagfile") paths.push(index.resolvePath(value, invocation.baseDir));
    }
    return paths;
  };
  const plainConfigs = launches
    .filter((l) => !l.variant)
    .flatMap(launched)
    .filter((p) => p !== null);
  const secondary = plainConfigs.length > 0 ? 2 : 1;
  for (const launch of launches)
    for (const path of launched(launch)) addIfConfig(path, launch.variant ? secondary : 1);
  const findings = index.byPath.get(entry);
  for (const reference of findings?.configReferences ?? []) {
    const local = normalizePath(joinPath(folderOf(entry), reference.path));
    const path =
      local && index.has(local)
        ? local
        : index.resolvePath(reference.path, folderOf(entry), { unique: true });
    // A path the source names under an output folder (`results/run/metrics.json`) is a record a run wrote.
    if (path && OUTPUT_FOLDER.test(path)) continue;
    addIfConfig(path, secondary);
  }
  const hydra = findings?.traits?.hydra;
  if (hydra) {
    for (const path of hydraTree(
      entry,
      hydra,
      index,
      launches.map((l) => l.invocation),
    ))
      addIfConfig(path, 1);
  }
  return configs;
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
    if (origin.invocationTarget === scope.entry) return origin.shadowed ? OUTSIDE : 0;
    return null;
  }
  return scope.files.get(origin.file) ?? null;
}

/**
 * The field a class-body fact sets, from its line: `epochs: int = 10` (annotated, a dataclass field) or, unless
 * `annotated`, also `epochs = 10` (a plain class attribute a constructor may set).
 */
function classFieldName(fact: Fact, { annotated }: { annotated: boolean }): string | null {
  const snippet = fact.evidence.kind === "code" ? fact.evidence.snippet : "";
  const pattern = annotated ? /^\s*(\w+)\s*:/ : /^\s*(\w+)\s*[:=]/;
  return pattern.exec(snippet)?.[1] ?? null;
}
