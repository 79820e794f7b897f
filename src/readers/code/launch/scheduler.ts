/**
 * Batch scheduler requests: SLURM (`#SBATCH`, and srun/sbatch options), SGE (`#$`), PBS (`#PBS`) and LSF
 * (`#BSUB`). A request says how many devices of which kind a job asked for, for how long at most, and how many
 * array tasks it runs. The time is a limit, not a duration: it is reported with the tag `time_limit` and a low
 * confidence, and the summary does not use it.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Fact } from "../../../domain/facts.js";
import { CONFIDENCE, codeFact } from "../evidence.js";
import { constraintArchitecture } from "../../../catalog/index.js";
import { resolveHardwareName } from "../hardware.js";
import { parseTimeLimitHours } from "../values.js";
import { tokenizeShellWords } from "./words.js";

export type Scheduler = "slurm" | "sge" | "pbs" | "lsf";

export interface SchedulerOption {
  scheduler: Scheduler;
  /** Option without leading dashes, long form for SLURM short options (`-N` → `nodes`). */
  name: string;
  value: string | null;
  line: number;
  snippet: string;
}

const DIRECTIVE = /^\s*#(SBATCH|PBS|\$|BSUB)\s+(.*)$/;
const SCHEDULER_OF: Record<string, Scheduler> = { SBATCH: "slurm", PBS: "pbs", $: "sge", BSUB: "lsf" };

const SLURM_SHORT: Record<string, string> = {
  N: "nodes",
  n: "ntasks",
  t: "time",
  p: "partition",
  C: "constraint",
  a: "array",
  G: "gpus",
  J: "job-name",
  c: "cpus-per-task",
  o: "output",
  e: "error",
  A: "account",
  q: "qos",
  w: "nodelist",
  x: "exclude",
  D: "chdir",
  d: "dependency",
  m: "distribution",
};
/** LSF options that take no value: `bsub -I python train.py` runs `python train.py` interactively. */
const LSF_SWITCHES = new Set([
  "I",
  "Ip",
  "Is",
  "IS",
  "ISp",
  "ISs",
  "IX",
  "K",
  "B",
  "N",
  "H",
  "x",
  "r",
  "rn",
  "ul",
  "tty",
  "Ne",
  "hl",
  "ar",
  "ti",
  "XF",
]);
const SLURM_SWITCHES = new Set([
  "exclusive",
  "requeue",
  "no-requeue",
  "overcommit",
  "O",
  "contiguous",
  "hold",
  "H",
  "test-only",
  "spread-job",
  "use-min-nodes",
  "parsable",
  "wait",
  "W",
  "pty",
  "u",
  "unbuffered",
  "export-file",
  "v",
  "verbose",
  "quiet",
  "Q",
  "l",
  "label",
  "K",
  "kill-on-bad-exit",
]);

/** Options of one directive line (`#SBATCH --gres=gpu:2 -N 1`), or [] when the line is not a directive. */
export function readDirective(text: string, line: number): SchedulerOption[] {
  const match = DIRECTIVE.exec(text);
  if (!match) return [];
  const scheduler = SCHEDULER_OF[match[1]!]!;
  return readSchedulerOptions(scheduler, tokenizeShellWords(match[2]!), line, text);
}

/**
 * Reads scheduler options from words (a directive's words, or srun's options on a command line).
 * Stops at the first word that is not an option; returns the options and how many words they used.
 */
export function readSchedulerOptions(
  scheduler: Scheduler,
  words: string[],
  line: number,
  snippet: string,
): SchedulerOption[] {
  return readSchedulerOptionsCounted(scheduler, words, line, snippet).options;
}

export function readSchedulerOptionsCounted(
  scheduler: Scheduler,
  words: string[],
  line: number,
  snippet: string,
): { options: SchedulerOption[]; used: number } {
  const options: SchedulerOption[] = [];
  let i = 0;
  for (; i < words.length; i += 1) {
    const word = words[i]!;
    // `bsub -gpu -`: LSF's default GPU request is the value "-".
    if (
      scheduler === "lsf" &&
      word === "-" &&
      options.at(-1)?.name === "gpu" &&
      options.at(-1)?.value === null
    ) {
      options.at(-1)!.value = "-";
      continue;
    }
    if (!word.startsWith("-") || word === "-" || word === "--") break;
    let name: string;
    let value: string | null = null;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      name = eq > 0 ? word.slice(2, eq) : word.slice(2);
      if (eq > 0) value = word.slice(eq + 1);
    } else {
      name = word.slice(1, 2);
      if (word.length > 2) value = word.slice(2).replace(/^=/, "");
      if (scheduler !== "slurm" && word.length > 2) {
        name = word.slice(1); // PBS/SGE/LSF options are words (-pe, -gpu, -l)
        value = null;
      }
    }
    if (scheduler === "slurm" && name.length === 1) name = SLURM_SHORT[name] ?? name;
    const switchOption =
      (scheduler === "slurm" && SLURM_SWITCHES.has(name)) || (scheduler === "lsf" && LSF_SWITCHES.has(name));
    if (value === null && !switchOption && i + 1 < words.length && !words[i + 1]!.startsWith("-")) {
      value = words[i + 1]!;
      i += 1;
      if (scheduler === "sge" && name === "pe" && i + 1 < words.length && /^\d+$/.test(words[i + 1]!)) {
        value = `${value} ${words[i + 1]}`;
        i += 1;
      }
    }
    options.push({ scheduler, name, value, line, snippet });
  }
  return { options, used: i };
}

interface Found {
  value: string;
  option: SchedulerOption;
}

/** What one job asks for, in common terms. */
export interface SchedulerRequest {
  gpusPerNode: { count: number; option: SchedulerOption } | null;
  gpusTotal: { count: number; option: SchedulerOption } | null;
  nodes: { count: number; option: SchedulerOption } | null;
  gpuType: Found | null;
  partition: Found | null;
  constraint: Found | null;
  time: { hours: number; option: SchedulerOption } | null;
  array: { tasks: number; option: SchedulerOption } | null;
}

/** Combines a job's options (the last occurrence of an option wins, as in SLURM). */
export function summarizeRequest(options: SchedulerOption[]): SchedulerRequest {
  const request: SchedulerRequest = {
    gpusPerNode: null,
    gpusTotal: null,
    nodes: null,
    gpuType: null,
    partition: null,
    constraint: null,
    time: null,
    array: null,
  };
  let perTask: { count: number; option: SchedulerOption } | null = null;
  let tasksPerNode: number | null = null;
  let tasks: number | null = null;
  for (const option of options) {
    const value = option.value ?? "";
    switch (option.scheduler) {
      case "slurm":
        readSlurmOption(
          option,
          value,
          request,
          (count) => (perTask = { count, option }),
          (n) => (tasksPerNode = n),
          (n) => (tasks = n),
        );
        break;
      case "pbs":
        readPbsOption(option, value, request);
        break;
      case "sge":
        readSgeOption(option, value, request);
        break;
      case "lsf":
        readLsfOption(option, value, request);
        break;
    }
  }
  // LSF's `rusage[ngpus_excl_p=N]` counts per slot or per host as the site configures it: with several slots
  // (`-n 4`), the job's GPUs are N or 4N, so no count is read.
  const lsfSlots = options
    .filter((o) => o.scheduler === "lsf" && o.name === "n")
    .map((o) => Number(o.value))
    .at(-1);
  if (request.gpusPerNode?.option.name === "R" && lsfSlots !== undefined && lsfSlots > 1)
    request.gpusPerNode = null;
  const task = perTask as { count: number; option: SchedulerOption } | null;
  const allTasks = tasks as number | null;
  // GPUs per task times the tasks: per node (--ntasks-per-node), or in all (--ntasks, over however many nodes).
  if (!request.gpusPerNode && !request.gpusTotal && task) {
    if (tasksPerNode === null && allTasks !== null)
      request.gpusTotal = { count: task.count * allTasks, option: task.option };
    else request.gpusPerNode = { count: task.count * (tasksPerNode ?? 1), option: task.option };
  }
  return request;
}

function readSlurmOption(
  option: SchedulerOption,
  value: string,
  request: SchedulerRequest,
  setPerTask: (count: number) => void,
  setTasksPerNode: (count: number) => void,
  setTasks: (count: number) => void,
): void {
  switch (option.name) {
    case "gres": {
      const gpu = parseGres(value);
      if (gpu) {
        request.gpusPerNode = { count: gpu.count, option };
        if (gpu.type) request.gpuType = { value: gpu.type, option };
      }
      break;
    }
    case "gpus":
    case "gpus-per-node":
    case "gpus-per-task": {
      const gpu = parseTypedCount(value);
      if (!gpu) break;
      if (gpu.type) request.gpuType = { value: gpu.type, option };
      if (option.name === "gpus") request.gpusTotal = { count: gpu.count, option };
      else if (option.name === "gpus-per-node") request.gpusPerNode = { count: gpu.count, option };
      else setPerTask(gpu.count);
      break;
    }
    case "ntasks-per-node":
    case "ntasks": {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) break;
      if (option.name === "ntasks") setTasks(n);
      else setTasksPerNode(n);
      break;
    }
    case "nodes": {
      const n = /^\d+$/.test(value)
        ? Number(value)
        : /^(\d+)-\1$/.test(value)
          ? Number(value.split("-")[0])
          : NaN;
      if (Number.isInteger(n) && n > 0) request.nodes = { count: n, option };
      break;
    }
    case "time": {
      const hours = parseTimeLimitHours(value, "slurm");
      if (hours !== null) request.time = { hours, option };
      break;
    }
    case "partition":
      if (value) request.partition = { value, option };
      break;
    case "constraint":
      if (value) request.constraint = { value, option };
      break;
    case "array": {
      const tasks = countArrayTasks(value);
      if (tasks !== null) request.array = { tasks, option };
      break;
    }
  }
}

function readPbsOption(option: SchedulerOption, value: string, request: SchedulerRequest): void {
  if (option.name === "l") {
    for (const resource of value.split(",")) readPbsResource(resource, option, request);
  } else if (option.name === "q" && value) {
    request.partition = { value, option };
  } else if (option.name === "J") {
    const tasks = countArrayTasks(value);
    if (tasks !== null) request.array = { tasks, option };
  }
}

function readPbsResource(resource: string, option: SchedulerOption, request: SchedulerRequest): void {
  // select=2:ncpus=8:ngpus=4:gpu_model=a100, nodes=2:ppn=8:gpus=4, walltime=48:00:00, ngpus=4
  const chunks = resource.split(":");
  const first = /^(\w+)=(.+)$/.exec(chunks[0] ?? "");
  if (!first) return;
  const [, key, value] = first;
  if (key === "walltime") {
    const hours = parseTimeLimitHours(resource.slice(resource.indexOf("=") + 1), "hh:mm:ss");
    if (hours !== null) request.time = { hours, option };
    return;
  }
  if (key === "ngpus" && chunks.length === 1) {
    const n = Number(value);
    if (Number.isInteger(n) && n > 0) request.gpusTotal = { count: n, option };
    return;
  }
  if (key === "select" || key === "nodes") {
    const n = Number(value);
    if (Number.isInteger(n) && n > 0) request.nodes = { count: n, option };
    for (const chunk of chunks.slice(1)) {
      const pair = /^(\w+)=(.+)$/.exec(chunk);
      if (!pair) continue;
      if (pair[1] === "ngpus" || pair[1] === "gpus") {
        const g = Number(pair[2]);
        if (Number.isInteger(g) && g > 0) request.gpusPerNode = { count: g, option };
      } else if (pair[1] === "gpu_model" || pair[1] === "gpu_type") {
        request.gpuType = { value: pair[2]!, option };
      }
    }
  }
}

function readSgeOption(option: SchedulerOption, value: string, request: SchedulerRequest): void {
  if (option.name === "l") {
    for (const resource of value.split(",")) {
      const pair = /^([\w.]+)=(.+)$/.exec(resource.trim());
      if (!pair) continue;
      const [, key, v] = pair;
      if (key === "h_rt" || key === "s_rt") {
        const hours = parseTimeLimitHours(v!, "hh:mm:ss");
        if (hours !== null) request.time = { hours, option };
      } else if (key === "gpu" || key === "gpus" || key === "ngpus") {
        const n = Number(v);
        if (Number.isInteger(n) && n > 0) request.gpusPerNode = { count: n, option };
      } else if (key === "gpu_type" || key === "gpu_model") {
        request.gpuType = { value: v!, option };
      }
    }
  } else if (option.name === "q" && value) {
    request.partition = { value, option };
  } else if (option.name === "t") {
    const tasks = countArrayTasks(value);
    if (tasks !== null) request.array = { tasks, option };
  }
}

function readLsfOption(option: SchedulerOption, value: string, request: SchedulerRequest): void {
  if (option.name === "gpu") {
    const num = /(?:^|:)num=(\d+)/.exec(value);
    if (num) request.gpusPerNode = { count: Number(num[1]), option };
    const model = /(?:^|:)gmodel=([\w-]+)/.exec(value);
    if (model) request.gpuType = { value: model[1]!, option };
  } else if (option.name === "R") {
    // The resource string of clusters that predate `-gpu` (ETH Euler among them):
    // `-R "rusage[ngpus_excl_p=2]" -R "select[gpu_model0==NVIDIAGeForceRTX2080Ti]"`.
    const count = /\bngpus_excl_p\s*=\s*(\d+)/.exec(value);
    if (count && Number(count[1]) > 0) request.gpusPerNode = { count: Number(count[1]), option };
    const model = /\bgpu_model0\s*==\s*([\w-]+)/.exec(value);
    if (model) request.gpuType = { value: model[1]!, option };
  } else if (option.name === "W") {
    const hours = parseTimeLimitHours(value, "hh:mm");
    if (hours !== null) request.time = { hours, option };
  } else if (option.name === "q" && value) {
    request.partition = { value, option };
  } else if (option.name === "J") {
    const array = /\[([^\]]+)\]/.exec(value);
    const tasks = array ? countArrayTasks(array[1]!) : null;
    if (tasks !== null) request.array = { tasks, option };
  }
}

/** `gpu:v100:8`, `gpu:2`, `gpu`, `gpu:tesla_v100:4(S:0-1),shard:2` → {type, count}; null without a GPU gres. */
export function parseGres(value: string): { type: string | null; count: number } | null {
  for (const item of value.split(",")) {
    const clean = item.replace(/\(.*\)$/, "").trim();
    if (!/^gpu(?::|$)/.test(clean)) continue;
    const parts = clean.split(":").slice(1);
    const last = parts[parts.length - 1];
    const count = last !== undefined && /^\d+$/.test(last) ? Number(last) : 1;
    const typeParts = last !== undefined && /^\d+$/.test(last) ? parts.slice(0, -1) : parts;
    if (count <= 0) return null;
    return { type: typeParts.length > 0 ? typeParts.join(":") : null, count };
  }
  return null;
}

/** `4`, `a100:4` → {type, count}. */
function parseTypedCount(value: string): { type: string | null; count: number } | null {
  const match = /^(?:([\w.-]+):)?(\d+)$/.exec(value.trim());
  if (!match) return null;
  const count = Number(match[2]);
  return count > 0 ? { type: match[1] ?? null, count } : null;
}

/** Array tasks in `1-64%17` (64), `0-9` (10), `1,3,5` (3), `1-10:2` (5); null when unreadable. */
export function countArrayTasks(value: string): number | null {
  const spec = value.replace(/%\d+$/, "").trim();
  if (!/^[\d,:-]+$/.test(spec)) return null;
  let total = 0;
  for (const part of spec.split(",")) {
    const range = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part);
    if (!range) return null;
    const start = Number(range[1]);
    const end = range[2] !== undefined ? Number(range[2]) : start;
    const step = range[3] !== undefined ? Number(range[3]) : 1;
    if (end < start || step <= 0) return null;
    total += Math.floor((end - start) / step) + 1;
  }
  return total > 0 ? total : null;
}

/**
 * Facts of one job request: devices (gpus per node × nodes, or the job's total), nodes, hardware (GPU type,
 * else a single-valued constraint, else a partition named after a GPU), time limit, array tasks.
 */
export function schedulerFacts(request: SchedulerRequest, file: string, tags: FactTag[] = []): Fact[] {
  const facts: Fact[] = [];
  const make = (
    field: Fact["field"],
    value: number | string,
    option: SchedulerOption,
    confidence: number,
    extraTags: FactTag[],
    raw?: string,
  ) =>
    facts.push(
      codeFact({
        field,
        value,
        raw: raw ?? optionText(option),
        confidence,
        file,
        line: option.line,
        snippet: option.snippet,
        tags: ["scheduler", option.scheduler, ...extraTags, ...tags],
      }),
    );
  if (request.gpusTotal) {
    make(
      "accelerator_count",
      request.gpusTotal.count,
      request.gpusTotal.option,
      CONFIDENCE.schedulerDevices,
      ["total"],
    );
  } else if (request.gpusPerNode) {
    const nodes = request.nodes?.count ?? 1;
    const raw = request.nodes
      ? `${optionText(request.gpusPerNode.option)} × ${optionText(request.nodes.option)}`
      : optionText(request.gpusPerNode.option);
    make(
      "accelerator_count",
      request.gpusPerNode.count * nodes,
      request.gpusPerNode.option,
      CONFIDENCE.schedulerDevices,
      nodes > 1 ? ["total", "multiplied"] : ["total"],
      raw,
    );
  }
  if (request.nodes)
    make("nodes", request.nodes.count, request.nodes.option, CONFIDENCE.schedulerDevices, []);
  const hardware = schedulerHardware(request);
  if (hardware) {
    make(
      "hardware",
      hardware.id,
      hardware.option,
      hardware.confidence,
      [hardware.tag],
      optionText(hardware.option),
    );
  }
  if (request.time) {
    make("training_time_hours", request.time.hours, request.time.option, CONFIDENCE.timeLimit, [
      "time_limit",
    ]);
  }
  if (request.array)
    make("runs", request.array.tasks, request.array.option, CONFIDENCE.schedulerDevices, ["array_job"]);
  return facts;
}

function schedulerHardware(
  request: SchedulerRequest,
): { id: string; option: SchedulerOption; confidence: number; tag: FactTag } | null {
  const constraint = request.constraint && isOneFeature(request.constraint) ? request.constraint : null;
  const architecture = constraint ? constraintArchitecture(constraint.value) : null;
  const partition = request.partition && !request.partition.value.includes(",") ? request.partition : null;
  // By authority: the GPU type asked for; a constraint, a node feature the job requires (so the GPU it names, or
  // its architecture's data-centre part, is the job's); a partition named after a GPU, a weak hint.
  const readings: Array<[found: Found | null, name: string | undefined, confidence: number, tag: FactTag]> = [
    [request.gpuType, request.gpuType?.value, CONFIDENCE.schedulerHardware, "gpu_type"],
    [constraint, constraint?.value, CONFIDENCE.schedulerHardware, "constraint"],
    [constraint, architecture?.part, CONFIDENCE.schedulerHardware, "architecture"],
    [partition, partition?.value, CONFIDENCE.partitionHardware, "partition"],
  ];
  for (const [found, name, confidence, tag] of readings) {
    const resolved = found && name ? resolveHardwareName(name) : null;
    if (found && resolved) return { id: resolved.id, option: found.option, confidence, tag };
  }
  return null;
}

/** Characters of SLURM's feature expressions: "or", "and", counts, brackets, negation. */
const FEATURE_OPERATOR = /[|&,;[\]()!*]/;

/**
 * True when a constraint names one feature. The shell-word tokenizer splits an unquoted `#SBATCH
 * --constraint=v100|a100` at the `|` (sbatch reads that line itself, so it is legal), so the line's text around the
 * value is checked too.
 */
function isOneFeature(found: Found): boolean {
  if (FEATURE_OPERATOR.test(found.value)) return false;
  const at = found.option.snippet.indexOf(found.value);
  const around = at < 0 ? "" : found.option.snippet.slice(Math.max(0, at - 1), at + found.value.length + 1);
  return !FEATURE_OPERATOR.test(around);
}

function optionText(option: SchedulerOption): string {
  const dash = option.name.length === 1 || option.scheduler !== "slurm" ? "-" : "--";
  return option.value === null ? `${dash}${option.name}` : `${dash}${option.name}=${option.value}`;
}
