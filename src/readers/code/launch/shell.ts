/**
 * Launch files: shell scripts (with SLURM/SGE/PBS/LSF directives), Makefile recipes, and the command lines of
 * READMEs and notebooks all go through `analyzeLaunchLines`. It tracks simple variable assignments
 * (`EPOCHS=30` then `--epochs $EPOCHS`, `export CUDA_VISIBLE_DEVICES=0,1`), never runs anything, and turns each
 * command that starts a script into an invocation carrying its own device/precision facts.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Fact } from "../../../domain/facts.js";
import { CONFIDENCE, codeFact, splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import type { FileFindings, FileKind, ScriptInvocation } from "../types.js";
import { parsePrecision } from "../values.js";
import { parseLaunchCommand, type ParsedCommand } from "./commands.js";
import { readDirective, schedulerFacts, summarizeRequest, type SchedulerOption } from "./scheduler.js";
import { logicalLines, tokenizeShell, type LogicalLine, type ShellToken } from "./words.js";

export interface LaunchLinesOptions {
  file: string;
  kind: FileKind;
  /** Folder relative paths in the commands are resolved against (the file's own folder). */
  baseDir: string;
  /** Read `#SBATCH`-style directives (launch scripts yes, README blocks yes, notebooks no). */
  readDirectives: boolean;
  /** The script's positional parameters, when a caller's arguments are known (`bash run.sh a b` → ["a","b"]). */
  positional?: string[];
  /** Variables the caller sets for the script (`CUDA_VISIBLE_DEVICES=0 bash run.sh`). */
  env?: Record<string, string>;
  /** Launch lines in Makefile recipes: the target each line belongs to. */
  targets?: Map<number, string>;
  /** How a target is run, for the variant's reason (`make train-fast`, `spacy project run train-debug`). */
  targetRunner?: string;
}

export interface LaunchLinesResult {
  facts: Fact[];
  invocations: ScriptInvocation[];
  /** True when the lines read positional parameters (`$1`, `${2:-x}`, `"$@"`). */
  readsPositional: boolean;
}

/** `$1`, `${3:-x}`, `"$@"`, `$*`: a script that reads its own arguments. */
const POSITIONAL_REFERENCE = /\$(?:[1-9@*]|\{[1-9@*](?:[:}]|-))/;
/** Makefile targets that are not the plain run (`train-fast`, `debug`, `smoke_test`). */
const VARIANT_TARGET =
  /(?:^|[_-])(?:fast|quick|debug|test|tests|smoke|tiny|small|mini|toy|demo|example|dev|dry|profile|sweep|search|tune)(?:$|[_-])/i;

/**
 * A launch that is a check, not the run: a comment just above it says so ("# smoke test", "# quick sanity run"),
 * or it passes a toy or debug variable or flag (`$TOY_TRAIN_FLAGS`, `--smoke-test`, `--fast_dev_run`).
 */
const CHECK_COMMENT =
  /\b(?:smoke|sanity|toy|debug(?:ging)?|dry[- ]?run|quick(?:ly)?\s+(?:test|check|run)|test\s+run)\b/i;
/** `--debug` alone or set on, not `--debug False` or `--debug-level 0`; no `$TINY_…` (Tiny-ImageNet is data). */
const CHECK_ON_LINE =
  /\$\{?(?:TOY|DEBUG|SMOKE|QUICK)_\w*|\s--?(?:smoke[-_]?test|smoke|dry[-_]run|fast[-_]dev[-_]run|debug)(?![-\w])(?!\s*=?\s*(?:false|0|no|off)\b)/i;
/** A launch file named for a check (`rbpo_diagnostics.ipynb`, `smoke_test.sh`, `debug_run.sh`): its runs are checks. */
const CHECK_FILE =
  /(?:^|[_\-.])(?:diagnostics?|smoke|sanity|debug|dry[_-]?run|quick[_-]?(?:test|check))(?:$|[_\-.])/i;
/** Scheduler and shell directives are comments to the shell, not to the reader. */
const DIRECTIVE = /^\s*#(?:SBATCH|PBS|BSUB|COBALT|PJM|FLUX|\$|!)/;
/** How far above its command a comment may stand to introduce it (one blank line between). */
const INTRODUCTION_LINES = 2;

/** Config files passed on a command line; Python files count when they sit in a configs folder (mmcv, ml_collections). */
const CONFIG_FILE = /\.(?:ya?ml|json|toml|cfg|ini|conf)$|(?:^|\/)(?:configs?|conf)\/[^\s]*\.py$/i;
const SHELL_KEYWORDS = new Set(["do", "then", "else", "elif", "{", "(", "!"]);
const MAX_VARIABLES = 500;
const MAX_VARIABLE_LENGTH = 4096;

/** Shell scripts and job files. */
export function analyzeShellScript(path: string, content: string, kind: FileKind = "shell"): FileFindings {
  const findings = emptyFindings(path, kind);
  const windows = /\.(?:bat|cmd)$/i.test(path);
  const powershell = /\.ps1$/i.test(path);
  const lines = splitLines(content).map((text, index) => ({
    line: index + 1,
    text: windows ? batchLineAsShell(text) : powershell ? powershellLineAsShell(text) : text,
  }));
  const result = analyzeLaunchLines(lines, {
    file: path,
    kind,
    baseDir: folderOf(path),
    readDirectives: true,
  });
  findings.facts = result.facts;
  findings.invocations = result.invocations;
  if (result.readsPositional) findings.positionalLines = lines;
  return findings;
}

/**
 * A Windows batch line in shell terms: `REM`/`::` comments and `echo` lines dropped, `set A=1`, `%A%`, `%1`, `%*`,
 * a trailing `^` continuation, and the wrappers `start ["title"] [/b] cmd /k "…"`, `call` and `@` removed, so that
 * `start cmd /k "activate env && python client.py"` reads as `activate env && python client.py`.
 */
export function batchLineAsShell(text: string): string {
  let line = text.trim().replace(/^@/, "");
  if (/^(?:rem\b|::)/i.test(line) || /^echo\b/i.test(line)) return "";
  for (let i = 0; i < 3; i += 1) {
    const before = line;
    line = line
      .replace(/^start\s+(?:"[^"]*"\s+)?(?:\/\w+\s+)*/i, "")
      .replace(/^cmd(?:\.exe)?\s+\/[kc]\s+/i, "")
      .replace(/^call\s+/i, "");
    if (/^"[^"]*"$/.test(line)) line = line.slice(1, -1);
    if (line === before) break;
  }
  const set = /^set\s+"?([A-Za-z_]\w*)=([^"]*)"?$/i.exec(line);
  if (set) return `${set[1]}=${quoteForShell(set[2]!)}`;
  return line
    .replace(/%([A-Za-z_]\w*)%/g, "${$1}")
    .replace(/%~?([1-9])/g, "$$$1")
    .replace(/%\*/g, "$$@")
    .replace(/\^$/, "\\");
}

/**
 * A PowerShell line in shell terms: a trailing backtick continues the command on the next line (`python
 * train.py \`` then `--batch_size 32 \``), `$env:NAME = "v"` and `$name = v` set variables, `$env:NAME`,
 * `${env:NAME}` and `$name` read one, and `Write-Host`/`echo` lines are dropped. Windows users launch their runs this
 * way as others do with `run.sh`.
 */
export function powershellLineAsShell(text: string): string {
  const line = text.trim();
  if (/^(?:write-host|write-output|echo)\b/i.test(line)) return "";
  // PowerShell's own variables are case-insensitive (`$Epochs = 45` sets what `$epochs` reads): they are lower-cased.
  // Environment variables keep their case, as the readers of CUDA_VISIBLE_DEVICES expect it.
  const set = /^\$(env:)?([A-Za-z_]\w*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/i.exec(line);
  if (set) {
    const name = set[1] ? set[2]! : set[2]!.toLowerCase();
    return `${name}=${quoteForShell(set[3] ?? set[4] ?? set[5] ?? "")}`;
  }
  return line
    .replace(/(?<!`)\$\{?(env:)?([A-Za-z_]\w*)\}?/gi, (_, env?: string, name?: string) =>
      env ? `\${${name}}` : `\${${(name ?? "").toLowerCase()}}`,
    )
    .replace(/\s*`$/, " \\");
}

/** Makefiles: variable definitions become assignments, recipe lines become commands. */
export function analyzeMakefile(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "makefile");
  const lines: { line: number; text: string }[] = [];
  const targets = new Map<number, string>();
  let target = "";
  splitLines(content).forEach((raw, index) => {
    const rule = /^([A-Za-z0-9_.%/-]+(?:\s+[A-Za-z0-9_.%/-]+)*)\s*::?(?!=)/.exec(raw);
    if (rule && !/^\t/.test(raw)) target = rule[1]!.trim();
    if (/^\t/.test(raw)) targets.set(index + 1, target);
    const variable = /^([A-Za-z_]\w*)\s*[:?+]?=\s*(.*)$/.exec(raw);
    if (variable) {
      const value = variable[2]!.trim().replace(/\$\(([A-Za-z_]\w*)\)/g, "${$1}");
      lines.push({ line: index + 1, text: `${variable[1]}=${quoteForShell(value)}` });
    } else if (/^\t/.test(raw)) {
      lines.push({
        line: index + 1,
        text: raw.replace(/^\t[@+-]*/, "").replace(/\$\(([A-Za-z_]\w*)\)/g, "${$1}"),
      });
    } else {
      lines.push({ line: index + 1, text: "" });
    }
  });
  const result = analyzeLaunchLines(lines, {
    file: path,
    kind: "makefile",
    baseDir: folderOf(path),
    readDirectives: false,
    targets,
  });
  findings.facts = result.facts;
  findings.invocations = result.invocations;
  return findings;
}

/**
 * Reads command lines given with their 1-based line numbers (consecutive entries may continue each other with
 * a trailing backslash).
 */
export function analyzeLaunchLines(
  physical: { line: number; text: string }[],
  options: LaunchLinesOptions,
): LaunchLinesResult {
  const facts: Fact[] = [];
  const invocations: ScriptInvocation[] = [];
  const variables = new Map<string, string>();
  const directiveOptions: SchedulerOption[] = [];
  if (options.readDirectives) {
    for (const { line, text } of physical) directiveOptions.push(...readDirective(text, line));
  }
  const request = summarizeRequest(directiveOptions);
  if (directiveOptions.length > 0) {
    facts.push(...schedulerFacts(request, options.file, ["directive"]));
    if (request.nodes) {
      variables.set("SLURM_NNODES", String(request.nodes.count));
      variables.set("SLURM_JOB_NUM_NODES", String(request.nodes.count));
    }
    if (request.gpusPerNode) {
      variables.set("SLURM_GPUS_ON_NODE", String(request.gpusPerNode.count));
      variables.set("SLURM_GPUS_PER_NODE", String(request.gpusPerNode.count));
    }
  }
  for (const [name, value] of Object.entries(options.env ?? {})) variables.set(name, value);
  const positional = options.positional;
  let readsPositional = false;
  let cases: CaseState[] = [];
  let lastComment: LogicalLine | null = null;
  for (const logical of joinLines(physical)) {
    if (/^\s*#/.test(logical.text)) {
      if (!DIRECTIVE.test(logical.text)) lastComment = logical;
      continue;
    }
    if (logical.text.trim() === "") continue;
    // A comment introduces the first command of the line right after it, not the rest of the script.
    let introducedAsCheck =
      lastComment !== null &&
      logical.line - lastComment.line <= INTRODUCTION_LINES &&
      CHECK_COMMENT.test(lastComment.text);
    lastComment = null;
    if (POSITIONAL_REFERENCE.test(logical.text)) readsPositional = true;
    const tokens = tokenizeShell(logical.text).flatMap((t) => expandWord(t, variables, positional));
    for (const { words: rawWords, end } of splitCommandsWithEnd(tokens)) {
      const caseStep = followCase(rawWords, variables, cases);
      cases = caseStep.cases;
      const words = dropShellKeywords(caseStep.words);
      if (words.length > 0 && !recordAssignments(words, variables)) {
        if (launchCommand(words, logical, introducedAsCheck)) introducedAsCheck = false;
      }
      if (end === ";;") endCaseArm(variables, cases);
    }
  }
  return { facts, invocations, readsPositional };

  /** Reads one command; true when it launches a script (an invocation). */
  function launchCommand(words: string[], logical: LogicalLine, introducedAsCheck: boolean): boolean {
    const parsed = parseLaunchCommand(words, variables, logical.line, logical.text);
    const invocationFacts: Fact[] = [];
    if (parsed.schedulerOptions.length > 0) {
      invocationFacts.push(
        ...schedulerFacts(summarizeRequest(parsed.schedulerOptions), options.file, ["srun"]),
      );
    }
    if (!parsed.command) {
      facts.push(...invocationFacts);
      return false;
    }
    invocationFacts.push(
      ...launcherFacts(
        parsed.command,
        { requested: request.nodes?.count, underSrun: parsed.underSrun ?? false },
        options.file,
        logical,
      ),
    );
    const target = options.targets?.get(logical.line);
    const invocation: ScriptInvocation = {
      file: options.file,
      line: logical.line,
      snippet: logical.text.trim(),
      target: parsed.command.target,
      targetIsModule: parsed.command.targetIsModule,
      baseDir: options.baseDir,
      args: parsed.command.args,
      launcher: parsed.command.launcher,
      devices: parsed.command.devices,
      facts: invocationFacts,
      configs: [
        ...parsed.command.launcherConfigs,
        ...parsed.command.args.map((a) => a.value ?? "").filter((v) => CONFIG_FILE.test(v)),
      ],
    };
    if (target && VARIANT_TARGET.test(target))
      invocation.variant = `${options.targetRunner ?? "make"} ${target}`;
    else if (CHECK_ON_LINE.test(logical.text)) invocation.variant = "a check run (toy or debug settings)";
    else if (introducedAsCheck) invocation.variant = "a check run (introduced as one)";
    else if (CHECK_FILE.test(options.file.slice(options.file.lastIndexOf("/") + 1)))
      invocation.variant = "a check run (its file is named for one)";
    if (parsed.command.argWords) invocation.argWords = parsed.command.argWords;
    if (parsed.command.prefixEnv) invocation.env = parsed.command.prefixEnv;
    invocations.push(invocation);
    return true;
  }
}

/** A `case WORD in … esac` being read: the word it tests and the variables each arm leaves behind. */
interface CaseState {
  word: string;
  before: Map<string, string>;
  arms: { patterns: string[]; variables: Map<string, string> }[];
  current: string[] | null;
}

/**
 * Shell `case`: each arm starts from the variables set before `case`; after `esac` the variables are those of the
 * arm the tested word selects (a caller's literal argument), else of the `*)` default arm, else only what every
 * arm agrees on (an assignment that depends on the branch is dropped: abstain rather than guess).
 */
function followCase(
  words: string[],
  variables: Map<string, string>,
  cases: CaseState[],
): { words: string[]; cases: CaseState[] } {
  if (words[0] === "case" && words[words.length - 1] === "in" && words.length === 3) {
    return {
      words: [],
      cases: [...cases, { word: words[1]!, before: new Map(variables), arms: [], current: null }],
    };
  }
  const state = cases[cases.length - 1];
  if (!state) return { words, cases };
  if (words[0] === "esac") {
    if (state.current) endCaseArm(variables, cases);
    const chosen =
      state.arms.find(
        (arm) => !state.word.includes("$") && arm.patterns.some((p) => globMatches(p, state.word)),
      ) ?? state.arms.find((arm) => arm.patterns.includes("*"));
    variables.clear();
    if (chosen) {
      for (const [k, v] of chosen.variables) variables.set(k, v);
    } else {
      for (const [k, v] of state.before) variables.set(k, v);
      const names = new Set(state.arms.flatMap((arm) => [...arm.variables.keys()]));
      for (const name of names) {
        const values = new Set(state.arms.map((arm) => arm.variables.get(name)));
        const only = [...values][0];
        if (values.size === 1 && only !== undefined) variables.set(name, only);
        else variables.delete(name);
      }
    }
    return { words: words.slice(1), cases: cases.slice(0, -1) };
  }
  if (state.current === null) {
    const pattern = /^\(?([^()]*)\)$/.exec(words[0] ?? "");
    const glued = pattern ? null : /^\(?([^()]*)\)(.+)$/.exec(words[0] ?? "");
    if (pattern || glued) {
      state.current = (pattern ?? glued)![1]!.split("|").map((p) => p.trim());
      variables.clear();
      for (const [k, v] of state.before) variables.set(k, v);
      const rest = glued ? [glued[2]!, ...words.slice(1)] : words.slice(1);
      return { words: rest, cases };
    }
  }
  return { words, cases };
}

function endCaseArm(variables: Map<string, string>, cases: CaseState[]): void {
  const state = cases[cases.length - 1];
  if (!state?.current) return;
  state.arms.push({ patterns: state.current, variables: new Map(variables) });
  state.current = null;
}

function globMatches(pattern: string, word: string): boolean {
  const unquoted = pattern.replace(/^["']|["']$/g, "");
  if (unquoted === "*") return true;
  const source = unquoted
    .replace(/[.+^${}()[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(word);
}

/** Simple commands with the operator that ends each (`;;` ends a case arm). */
function splitCommandsWithEnd(tokens: ShellToken[]): { words: string[]; end: string | null }[] {
  const result: { words: string[]; end: string | null }[] = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token.kind === "operator") {
      result.push({ words: current, end: token.text });
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) result.push({ words: current, end: null });
  return result;
}

function joinLines(physical: { line: number; text: string }[]): LogicalLine[] {
  const result: LogicalLine[] = [];
  let group: { line: number; text: string }[] = [];
  const flush = () => {
    if (group.length === 0) return;
    for (const entry of logicalLines(group.map((g) => g.text))) {
      result.push({ line: group[entry.line - 1]?.line ?? group[0]!.line, text: entry.text });
    }
    group = [];
  };
  for (let i = 0; i < physical.length; i += 1) {
    const entry = physical[i]!;
    const previous = physical[i - 1];
    if (previous && entry.line !== previous.line + 1) flush();
    group.push(entry);
  }
  flush();
  return result;
}

/** Device, node and precision facts of one launch command. */
function launcherFacts(
  command: ParsedCommand,
  scheduler: { requested: number | undefined; underSrun: boolean },
  file: string,
  logical: LogicalLine,
): Fact[] {
  const facts: Fact[] = [];
  const { perNode, nodes, total } = command.devices;
  const visible = command.deviceSource?.startsWith("CUDA_VISIBLE_DEVICES") ?? false;
  const base: { file: string; line: number; snippet: string; tags: FactTag[] } = {
    file,
    line: logical.line,
    snippet: logical.text,
    tags: [visible ? "cuda_visible_devices" : `launcher:${command.launcher}`],
  };
  // srun starts the launcher once per allocated node; without srun, it runs on the node the job starts on.
  const nodesFromScheduler = scheduler.underSrun ? scheduler.requested : undefined;
  // One node's count is the run's total only where nothing else may spread the run: not a device count read from
  // CUDA_VISIBLE_DEVICES, nor under srun, nor in a job file that asks the scheduler for several nodes.
  const oneNode =
    command.devices.oneNode && !visible && !total && !scheduler.underSrun && (scheduler.requested ?? 1) <= 1;
  if (total || perNode) {
    const nodeCount = nodes?.value ?? nodesFromScheduler ?? 1;
    const value = total ? total.value : perNode!.value * nodeCount;
    facts.push(
      codeFact({
        ...base,
        field: "accelerator_count",
        value,
        raw: command.deviceSource ?? "",
        confidence: visible ? CONFIDENCE.cudaVisibleDevices : CONFIDENCE.launcherDevices,
        tags: [
          ...base.tags,
          ...(nodeCount > 1 && !total ? (["multiplied"] as FactTag[]) : []),
          ...(oneNode ? (["one_node"] as FactTag[]) : []),
        ],
      }),
    );
  }
  if (nodes) {
    facts.push(
      codeFact({
        ...base,
        field: "nodes",
        value: nodes.value,
        raw: nodes.raw,
        confidence: CONFIDENCE.launcherDevices,
      }),
    );
  }
  const precision = command.precision ? parsePrecision("mixed_precision", command.precision) : null;
  if (precision) {
    facts.push(
      codeFact({
        ...base,
        field: "precision",
        value: precision,
        raw: command.precision!,
        confidence: CONFIDENCE.launcherDevices,
      }),
    );
  }
  return facts;
}

/** `A=1`, `export A=1 B=2`, `declare -x A=1`: records and returns true when the command only assigns. */
function recordAssignments(words: string[], variables: Map<string, string>): boolean {
  let rest = words;
  if (rest[0] === "export" || rest[0] === "declare" || rest[0] === "local" || rest[0] === "readonly") {
    rest = rest.slice(1).filter((w) => !w.startsWith("-"));
  }
  if (rest.length === 0 || !rest.every((w) => /^[A-Za-z_]\w*=/.test(w))) return rest.length === 0;
  for (const word of rest) {
    const eq = word.indexOf("=");
    // Bounded: `A=$A$A` repeated would otherwise double a string until memory runs out.
    if (word.length - eq - 1 > MAX_VARIABLE_LENGTH) continue;
    if (variables.size < MAX_VARIABLES || variables.has(word.slice(0, eq))) {
      variables.set(word.slice(0, eq), word.slice(eq + 1));
    }
  }
  return true;
}

function dropShellKeywords(words: string[]): string[] {
  let start = 0;
  while (start < words.length && SHELL_KEYWORDS.has(words[start]!)) start += 1;
  const first = words[start];
  if (
    first === "for" ||
    first === "while" ||
    first === "until" ||
    first === "if" ||
    first === "case" ||
    first === "function"
  ) {
    return [];
  }
  return words.slice(start);
}

/**
 * Substitutes known variables in a word. A word that is only a variable reference (`$DISTRIBUTED_ARGS`) is split
 * at whitespace, as the shell splits an unquoted expansion into several arguments.
 */
function expandWord(
  token: ShellToken,
  variables: ReadonlyMap<string, string>,
  positional?: string[],
): ShellToken[] {
  if (token.kind !== "word") return [token];
  if (positional && /^\$(?:@|\*|\{@\}|\{\*\})$/.test(token.text)) {
    return positional.map((word) => ({ kind: "word" as const, text: word }));
  }
  const text = substitute(token.text, variables, positional);
  if (text !== token.text && /^\$\{?[A-Za-z_]\w*\}?$/.test(token.text) && /\s/.test(text.trim())) {
    return text
      .trim()
      .split(/\s+/)
      .map((word) => ({ kind: "word" as const, text: word }));
  }
  return [{ kind: "word", text }];
}

/**
 * `${A:-x}`, `${A:=x}`, `${A}`, `$A` → value when known; positional `$1`, `${3:-x}` → the caller's argument when
 * known, else the default written; unknown references stay as written.
 */
export function substitute(
  word: string,
  variables: ReadonlyMap<string, string>,
  positional?: readonly string[],
): string {
  if (!word.includes("$")) return word;
  const lookup = (name: string) =>
    /^\d$/.test(name) ? (positional?.[Number(name) - 1] ?? undefined) : variables.get(name);
  return word
    .replace(
      /\$\{([A-Za-z_]\w*|[1-9])(?::?[-=]([^}]*))?\}/g,
      (whole, name: string, fallback: string | undefined) => {
        const value = lookup(name);
        return value ?? (fallback !== undefined ? fallback : whole);
      },
    )
    .replace(/\$([A-Za-z_]\w*|[1-9])/g, (whole, name: string) => lookup(name) ?? whole);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function quoteForShell(value: string): string {
  return /[\s"'$]/.test(value) && !/^["'].*["']$/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}
