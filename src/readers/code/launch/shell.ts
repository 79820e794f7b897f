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
import { logicalLines, splitCommands, tokenizeShell, type LogicalLine, type ShellToken } from "./words.js";

export interface LaunchLinesOptions {
  file: string;
  kind: FileKind;
  /** Folder relative paths in the commands are resolved against (the file's own folder). */
  baseDir: string;
  /** Read `#SBATCH`-style directives (launch scripts yes, README blocks yes, notebooks no). */
  readDirectives: boolean;
}

export interface LaunchLinesResult {
  facts: Fact[];
  invocations: ScriptInvocation[];
}

/** Config files passed on a command line; Python files count when they sit in a configs folder (mmcv, ml_collections). */
const CONFIG_FILE = /\.(?:ya?ml|json|toml|cfg|ini)$|(?:^|\/)(?:configs?|conf)\/[^\s]*\.py$/i;
const SHELL_KEYWORDS = new Set(["do", "then", "else", "elif", "{", "(", "!"]);
const MAX_VARIABLES = 500;
const MAX_VARIABLE_LENGTH = 4096;

/** Shell scripts and job files. */
export function analyzeShellScript(path: string, content: string, kind: FileKind = "shell"): FileFindings {
  const findings = emptyFindings(path, kind);
  const lines = splitLines(content).map((text, index) => ({ line: index + 1, text }));
  const result = analyzeLaunchLines(lines, {
    file: path,
    kind,
    baseDir: folderOf(path),
    readDirectives: true,
  });
  findings.facts = result.facts;
  findings.invocations = result.invocations;
  return findings;
}

/** Makefiles: variable definitions become assignments, recipe lines become commands. */
export function analyzeMakefile(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "makefile");
  const lines: { line: number; text: string }[] = [];
  splitLines(content).forEach((raw, index) => {
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
  for (const logical of joinLines(physical)) {
    if (/^\s*#/.test(logical.text) || logical.text.trim() === "") continue;
    const tokens = tokenizeShell(logical.text).flatMap((t) => expandWord(t, variables));
    for (const rawWords of splitCommands(tokens)) {
      const words = dropShellKeywords(rawWords);
      if (words.length === 0) continue;
      if (recordAssignments(words, variables)) continue;
      const parsed = parseLaunchCommand(words, variables, logical.line, logical.text);
      const invocationFacts: Fact[] = [];
      if (parsed.schedulerOptions.length > 0) {
        invocationFacts.push(
          ...schedulerFacts(summarizeRequest(parsed.schedulerOptions), options.file, ["srun"]),
        );
      }
      if (!parsed.command) {
        facts.push(...invocationFacts);
        continue;
      }
      const nodesFromScheduler = parsed.underSrun ? request.nodes?.count : undefined;
      invocationFacts.push(...launcherFacts(parsed.command, nodesFromScheduler, options.file, logical));
      invocations.push({
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
      });
    }
  }
  return { facts, invocations };
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
  nodesFromScheduler: number | undefined,
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
        tags: [...base.tags, ...(nodeCount > 1 && !total ? (["multiplied"] as FactTag[]) : [])],
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
function expandWord(token: ShellToken, variables: ReadonlyMap<string, string>): ShellToken[] {
  if (token.kind !== "word") return [token];
  const text = substitute(token.text, variables);
  if (text !== token.text && /^\$\{?[A-Za-z_]\w*\}?$/.test(token.text) && /\s/.test(text.trim())) {
    return text
      .trim()
      .split(/\s+/)
      .map((word) => ({ kind: "word" as const, text: word }));
  }
  return [{ kind: "word", text }];
}

/** `${A:-x}`, `${A}`, `$A` → value when known; unknown references stay as written. */
export function substitute(word: string, variables: ReadonlyMap<string, string>): string {
  if (!word.includes("$")) return word;
  return word
    .replace(/\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}/g, (whole, name: string, fallback: string | undefined) => {
      const value = variables.get(name);
      return value ?? (fallback !== undefined ? fallback : whole);
    })
    .replace(/\$([A-Za-z_]\w*)/g, (whole, name: string) => variables.get(name) ?? whole);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function quoteForShell(value: string): string {
  return /[\s"'$]/.test(value) && !/^["'].*["']$/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}
