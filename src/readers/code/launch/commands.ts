/**
 * One launch command → the script it starts, the arguments it passes, and the devices its launcher starts:
 * `python train.py`, `python -m pkg.train`, `torchrun`/`python -m torch.distributed.launch|run`,
 * `accelerate launch`, `deepspeed`, `mpirun -np`, `horovodrun -np`, `srun [options]`, wrappers such as `nohup`,
 * and `VAR=value` prefixes (CUDA_VISIBLE_DEVICES).
 */
import { countDeviceIds, parsePositiveNumber } from "../values.js";
import type { InvocationArgument, LaunchDevices } from "../types.js";
import { readSchedulerOptionsCounted, type SchedulerOption } from "./scheduler.js";
import { splitCommands, tokenizeShell } from "./words.js";

export interface ParsedCommand {
  target: string;
  targetIsModule: boolean;
  launcher: string;
  args: InvocationArgument[];
  devices: LaunchDevices;
  /** Where each device figure came from, for evidence ("--nproc_per_node=8", "CUDA_VISIBLE_DEVICES=0,1"). */
  deviceSource: string | null;
  /** The launcher's own precision switch (`accelerate launch --mixed_precision fp16`). */
  precision: string | null;
  /** Config files the launcher reads (`accelerate launch --config_file x.yaml`). */
  launcherConfigs: string[];
  /** For a shell script started by this command (`bash run.sh a b`): the words after the script. */
  argWords?: string[];
  /** `VAR=value` words written before the command on the same line (`CUDA_VISIBLE_DEVICES=0 bash x.sh`). */
  prefixEnv?: Record<string, string>;
}

export interface CommandParse {
  command: ParsedCommand | null;
  /** srun/sbatch/qsub/bsub options on the command line. */
  schedulerOptions: SchedulerOption[];
  /** Started through srun, so a launcher without --nnodes runs once per allocated node. */
  underSrun?: boolean;
}

const WRAPPERS = new Set([
  "nohup",
  "time",
  "exec",
  "env",
  "sudo",
  "stdbuf",
  "nice",
  "ionice",
  "xvfb-run",
  "unbuffer",
  "command",
]);
/**
 * Environment managers that run a command inside their environment: `uv run python train.py`, `poetry run ...`,
 * `conda run -n env python ...`. Each maps to its options that take a value (the rest are switches).
 */
const ENVIRONMENT_RUNNERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    "uv",
    new Set([
      "--with",
      "--python",
      "-p",
      "--project",
      "--directory",
      "--env-file",
      "--extra",
      "--group",
      "--package",
      "--index",
      "--with-requirements",
      "--with-editable",
      "--python-preference",
      "--index-url",
      "--extra-index-url",
    ]),
  ],
  ["poetry", new Set(["-C", "--directory", "-P", "--project"])],
  ["pipenv", new Set<string>()],
  ["pdm", new Set(["-p", "--project"])],
  ["hatch", new Set<string>()],
  ["rye", new Set<string>()],
  ["conda", new Set(["-n", "--name", "-p", "--prefix", "--cwd"])],
  ["mamba", new Set(["-n", "--name", "-p", "--prefix", "--cwd"])],
  ["micromamba", new Set(["-n", "--name", "-p", "--prefix", "--cwd"])],
]);
/** The environment managers' names, for readers that spot a command before parsing it (markdown.ts). */
export const ENVIRONMENT_RUNNER_NAMES: readonly string[] = [...ENVIRONMENT_RUNNERS.keys()];
const PYTHON = /^(?:python[\d.]*|py|pypy3?)$/;
const PYTHON_SWITCHES = new Set([
  "-u",
  "-O",
  "-OO",
  "-B",
  "-s",
  "-S",
  "-E",
  "-I",
  "-b",
  "-bb",
  "-q",
  "-v",
  "-d",
  "-i",
]);
const LAUNCHER_SWITCHES = new Set([
  "standalone",
  "no_python",
  "no-python",
  "run_path",
  "run-path",
  "multi_gpu",
  "multi-gpu",
  "cpu",
  "tpu",
  "use_deepspeed",
  "use_fsdp",
  "use_megatron_lm",
  "debug",
  "quiet",
  "q",
  "same_network",
  "no_local_rank",
  "force_multi",
  "bind_cores_to_rank",
  "save_pid",
  "elastic_training",
  "use_env",
  "use-env",
]);
const COMMON_TOOLS = new Set([
  "cd",
  ".",
  "ml",
  "pip",
  "pip3",
  "conda",
  "git",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "ls",
  "cat",
  "echo",
  "wget",
  "curl",
  "tar",
  "unzip",
  "export",
  "source",
  "chmod",
  "tensorboard",
  "wandb",
  "make",
  "apt",
  "apt-get",
  "brew",
  "docker",
  "ln",
  "touch",
  "printf",
  "sleep",
  "wait",
  "set",
  "module",
  "npm",
  "yarn",
  "huggingface-cli",
  "gdown",
  "bash",
  "sh",
  "zsh",
  "sed",
  "awk",
  "grep",
  "find",
  "xargs",
  "kill",
  "ps",
  "nvidia-smi",
  "scp",
  "ssh",
  "rsync",
  "jupyter",
  "sbatch",
  "squeue",
  "scancel",
  "true",
  "false",
  "test",
  "exit",
  "return",
  "shift",
  "read",
  "eval",
  "local",
  "done",
  "fi",
  "esac",
  "poetry",
  "pytest",
  "black",
  "flake8",
  "ruff",
  "mypy",
  "pre-commit",
]);
const TORCH_LAUNCH_MODULES = new Set(["torch.distributed.launch", "torch.distributed.run"]);

/**
 * Parses one simple command (words after shell splitting and variable substitution).
 * `env` holds variables visible to it (exported earlier in the script).
 */
export function parseLaunchCommand(
  words: string[],
  env: ReadonlyMap<string, string>,
  line: number,
  snippet: string,
): CommandParse {
  const local = new Map(env);
  const prefixEnv: Record<string, string> = {};
  const schedulerOptions: SchedulerOption[] = [];
  let i = 0;
  let underSrun = false;
  let total: { value: number; raw: string } | null = null;
  while (i < words.length) {
    const word = words[i]!;
    const assignment = /^([A-Za-z_]\w*)=(.*)$/.exec(word);
    if (assignment) {
      local.set(assignment[1]!, assignment[2]!);
      prefixEnv[assignment[1]!] = assignment[2]!;
      i += 1;
      continue;
    }
    const base = word.slice(word.lastIndexOf("/") + 1);
    if (WRAPPERS.has(base)) {
      i += 1;
      while (i < words.length && words[i]!.startsWith("-")) i += 1;
      continue;
    }
    const runnerOptions = ENVIRONMENT_RUNNERS.get(base);
    if (runnerOptions && words[i + 1] === "run") {
      i += 2;
      while (i < words.length && words[i]!.startsWith("-")) {
        // `uv run -m pkg.train`: the runner's Python runs the module.
        if (words[i] === "-m" || words[i] === "--module") {
          words = ["python", "-m", ...words.slice(i + 1)];
          i = 0;
          break;
        }
        i += runnerOptions.has(words[i]!) && !words[i]!.includes("=") ? 2 : 1;
      }
      continue;
    }
    if (base === "srun" || base === "salloc" || base === "sbatch" || base === "bsub") {
      const read = readSchedulerOptionsCounted(
        base === "bsub" ? "lsf" : "slurm",
        words.slice(i + 1),
        line,
        snippet,
      );
      schedulerOptions.push(...read.options);
      // `sbatch job.sh` submits a job file, read as its own script; `sbatch --wrap="python train.py"` and
      // `bsub -n 4 python train.py` (or one quoted command) submit the command itself.
      const wrapped = read.options.find((o) => o.name === "wrap")?.value;
      const rest = base === "sbatch" ? (wrapped ? [wrapped] : []) : words.slice(i + 1 + read.used);
      if (base === "sbatch" || base === "bsub") {
        const command = rest.length === 1 ? submittedCommand(rest[0]!) : rest;
        if (command.length === 0) return { command: null, schedulerOptions };
        words = command;
        i = 0;
      } else i += 1 + read.used;
      underSrun = true;
      continue;
    }
    if (base === "qsub") {
      schedulerOptions.push(...readSchedulerOptionsCounted("pbs", words.slice(i + 1), line, snippet).options);
      return { command: null, schedulerOptions };
    }
    if (base === "mpirun" || base === "mpiexec" || base === "horovodrun") {
      i += 1;
      while (i < words.length && words[i]!.startsWith("-")) {
        const option = words[i]!;
        const [name, inline] = option.includes("=") ? option.split("=", 2) : [option, undefined];
        const value = inline ?? words[i + 1];
        if ((name === "-np" || name === "-n" || name === "--np") && value) {
          const n = parsePositiveNumber(value);
          if (n !== null) total = { value: n, raw: `${base} ${name} ${value}` };
        }
        i += inline === undefined && name !== "--allow-run-as-root" && name !== "--oversubscribe" ? 2 : 1;
      }
      continue;
    }
    break;
  }
  const command = parseLauncher(words.slice(i));
  if (command?.launcher === "shell") {
    if (Object.keys(prefixEnv).length > 0) command.prefixEnv = prefixEnv;
    return { command, schedulerOptions, underSrun };
  }
  if (command?.devices.oneNode && nodesFromVariables(snippet, local)) command.devices.oneNode = false;
  if (command) {
    if (total && !command.devices.total) {
      command.devices.total = total;
      command.deviceSource = total.raw;
    }
    applyVisibleDevices(command, local);
  }
  return { command, schedulerOptions, underSrun };
}

/**
 * The job a quoted submitted command runs (`bsub "cd src && module load cuda && python train.py --epochs 50"`): its
 * first simple command that launches something (not one of the common tools that set up the environment). Later
 * commands of the string are not read.
 */
function submittedCommand(text: string): string[] {
  return splitCommands(tokenizeShell(text)).find((words) => parseLauncher(words) !== null) ?? [];
}

function parseLauncher(words: string[]): ParsedCommand | null {
  const first = words[0];
  if (!first) return null;
  const base = first.slice(first.lastIndexOf("/") + 1);
  if (PYTHON.test(base)) return parsePython(words.slice(1));
  const script = shellScriptCommand(words);
  if (script) return script;
  if (base === "torchrun") return parseLauncherOptions("torchrun", words.slice(1));
  if (base === "accelerate" && words[1] === "launch")
    return parseLauncherOptions("accelerate", words.slice(2));
  if (base === "deepspeed") return parseLauncherOptions("deepspeed", words.slice(1));
  if (/\.py$/.test(first)) return scriptCommand("script", first, false, words.slice(1));
  // Maybe a console command a package in the repository declares; resolution keeps it only if one does.
  if (/^[a-z][\w-]*$/.test(first) && !COMMON_TOOLS.has(first))
    return scriptCommand("console", first, false, words.slice(1));
  return null;
}

function parsePython(words: string[]): ParsedCommand | null {
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (PYTHON_SWITCHES.has(word)) {
      i += 1;
    } else if (word === "-W" || word === "-X") {
      i += 2;
    } else if (word === "-c") {
      return null;
    } else if (word === "-m") {
      const module = words[i + 1];
      if (!module) return null;
      if (TORCH_LAUNCH_MODULES.has(module))
        return parseLauncherOptions("torch.distributed", words.slice(i + 2));
      if (module === "accelerate.commands.launch")
        return parseLauncherOptions("accelerate", words.slice(i + 2));
      if (module === "deepspeed" || module === "deepspeed.launcher.runner") {
        return parseLauncherOptions("deepspeed", words.slice(i + 2));
      }
      if (!/^[A-Za-z_][\w.]*$/.test(module)) return null;
      return scriptCommand("python", module, true, words.slice(i + 2));
    } else if (word.startsWith("-")) {
      i += 1;
    } else {
      return scriptCommand("python", word, false, words.slice(i + 1));
    }
  }
  return null;
}

/** torchrun / torch.distributed.launch / accelerate launch / deepspeed options, then the script and its args. */
function parseLauncherOptions(launcher: string, words: string[]): ParsedCommand | null {
  const options = new Map<string, { value: string | null; raw: string }>();
  let module = false;
  let i = 0;
  for (; i < words.length; i += 1) {
    const word = words[i]!;
    if (!word.startsWith("-")) break;
    const eq = word.indexOf("=");
    const name = (eq > 0 ? word.slice(0, eq) : word).replace(/^-+/, "");
    if (name === "m" || name === "module") {
      module = true;
      continue;
    }
    let value: string | null = eq > 0 ? word.slice(eq + 1) : null;
    if (
      value === null &&
      !LAUNCHER_SWITCHES.has(name) &&
      i + 1 < words.length &&
      !words[i + 1]!.startsWith("-")
    ) {
      value = words[i + 1]!;
      i += 1;
    }
    options.set(name.replace(/-/g, "_"), {
      value,
      raw: value === null ? word : `${word.split("=")[0]}=${value}`,
    });
  }
  const target = words[i];
  if (!target) return null;
  if (!module && (target === "python" || /^python[\d.]*$/.test(target))) {
    // --no_python launchers: `torchrun --no_python python train.py`
    return parsePython(words.slice(i + 1));
  }
  const command = scriptCommand(launcher, target, module, words.slice(i + 1));
  readLauncherDevices(launcher, options, command);
  return command;
}

/**
 * Whether the line's node count comes from a variable (`--nnodes=$NNODES`, substituted before parsing, fallback
 * included) or torchrun's PET_* environment (set on the line or exported before it): several nodes, maybe.
 */
function nodesFromVariables(snippet: string, env: ReadonlyMap<string, string>): boolean {
  return (
    /--nnodes(?:=|\s+)["']?\$/.test(snippet) ||
    TORCHRUN_NODE_ENV.some((name) => env.has(name) || snippet.includes(name))
  );
}
const TORCHRUN_NODE_ENV = ["PET_NNODES", "PET_NODE_RANK", "PET_MASTER_ADDR", "PET_RDZV_ENDPOINT"];

/** torchrun options that place a run on more than one node (or may: `--nnodes=$N`, a rendezvous). */
const MULTI_NODE_OPTIONS = ["nnodes", "node_rank", "master_addr", "rdzv_endpoint", "rdzv_backend", "rdzv_id"];

function readLauncherDevices(
  launcher: string,
  options: Map<string, { value: string | null; raw: string }>,
  command: ParsedCommand,
): void {
  const number = (name: string) => {
    const option = options.get(name);
    const value = option?.value ? parsePositiveNumber(option.value) : null;
    return value !== null && Number.isInteger(value) && option ? { value, raw: option.raw } : null;
  };
  const sources: string[] = [];
  if (launcher === "torchrun" || launcher === "torch.distributed") {
    command.devices.perNode = number("nproc_per_node");
    command.devices.nodes = number("nnodes");
    command.devices.oneNode =
      options.has("standalone") ||
      command.devices.nodes?.value === 1 ||
      !MULTI_NODE_OPTIONS.some((name) => options.has(name));
  } else if (launcher === "accelerate") {
    command.devices.total = number("num_processes");
    command.devices.nodes = number("num_machines");
    const ids = options.get("gpu_ids");
    const idCount = ids?.value ? countDeviceIds(ids.value) : null;
    if (!command.devices.total && idCount !== null && ids)
      command.devices.perNode = { value: idCount, raw: ids.raw };
    const precision = options.get("mixed_precision")?.value;
    if (precision && precision !== "no") command.precision = precision;
    const config = options.get("config_file")?.value;
    if (config) command.launcherConfigs.push(config);
  } else if (launcher === "deepspeed") {
    command.devices.perNode = number("num_gpus");
    command.devices.nodes = number("num_nodes");
    const include = options.get("include");
    const ids = include?.value ? /^[\w.-]+:([\d,]+)$/.exec(include.value) : null;
    if (!command.devices.perNode && ids && include) {
      const count = countDeviceIds(ids[1]!);
      if (count !== null) command.devices.perNode = { value: count, raw: include.raw };
    }
  }
  for (const part of [command.devices.total, command.devices.perNode, command.devices.nodes]) {
    if (part) sources.push(part.raw);
  }
  command.deviceSource = sources.length > 0 ? sources.join(" ") : null;
}

/** Without a launcher count, CUDA_VISIBLE_DEVICES says how many devices one process sees. */
function applyVisibleDevices(command: ParsedCommand, env: ReadonlyMap<string, string>): void {
  if (command.devices.total || command.devices.perNode) return;
  const visible = env.get("CUDA_VISIBLE_DEVICES");
  if (visible === undefined) return;
  const count = countDeviceIds(visible);
  if (count === null) return;
  command.devices.perNode = { value: count, raw: `CUDA_VISIBLE_DEVICES=${visible}` };
  command.deviceSource = `CUDA_VISIBLE_DEVICES=${visible}`;
}

const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh"]);
const SHELL_SCRIPT = /\.(?:sh|bash|zsh)$/;

/**
 * Another shell script started by this one (`bash scripts/train.sh a b`, `sh -x run.sh`, `./run.sh a`): kept so
 * that resolution can follow the chain to the Python script it starts and carry the arguments along.
 */
function shellScriptCommand(words: string[]): ParsedCommand | null {
  const first = words[0]!;
  const base = first.slice(first.lastIndexOf("/") + 1);
  let i = 0;
  if (SHELLS.has(base)) {
    i = 1;
    while (i < words.length && /^-[a-z]+$/i.test(words[i]!)) i += 1;
    if (words[i] === "-c") return null;
  }
  const target = words[i];
  if (!target || !SHELL_SCRIPT.test(target)) return null;
  const rest = words.slice(i + 1);
  const command = scriptCommand("shell", target, false, rest);
  const argWords: string[] = [];
  for (let j = 0; j < rest.length; j += 1) {
    const word = rest[j]!;
    if (REDIRECTION.test(word)) {
      if (/^(?:\d?>>?|&>>?|<)$/.test(word)) j += 1;
      continue;
    }
    argWords.push(word);
  }
  command.argWords = argWords;
  return command;
}

function scriptCommand(launcher: string, target: string, isModule: boolean, rest: string[]): ParsedCommand {
  return {
    target,
    targetIsModule: isModule,
    launcher,
    args: parseScriptArguments(rest),
    devices: { perNode: null, nodes: null, total: null },
    deviceSource: null,
    precision: null,
    launcherConfigs: [],
  };
}

const REDIRECTION = /^(?:\d?>>?|&>>?|<|\d?>&\d?)/;
const NEGATIVE_NUMBER = /^-\d/;
/** A yacs config key given as a positional pair (`SOLVER.IMS_PER_BATCH 16`). */
const YACS_KEY = /^[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+$/;
/** `trainer.max_epochs=10`, `+experiment=big`, `~logger`: a Hydra override, never a flag's value. */
const HYDRA_OVERRIDE = /^[+~]{0,2}([A-Za-z_][\w.@/-]*)=(.*)$/;

/**
 * Arguments after the script: `--name value`, `--name=value`, `--switch`, Hydra `key=value` (with `+`/`++`/`~`),
 * positionals. Redirections (`> log 2>&1`) are dropped. Whether `--switch value` was a switch followed by a
 * positional is decided later, when the script's own parameter definitions are known.
 */
export function parseScriptArguments(words: string[]): InvocationArgument[] {
  const args: InvocationArgument[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (REDIRECTION.test(word)) {
      if (/^(?:\d?>>?|&>>?|<)$/.test(word)) i += 1;
      continue;
    }
    if (word.startsWith("-") && word !== "-" && word !== "--" && !NEGATIVE_NUMBER.test(word)) {
      const eq = word.indexOf("=");
      if (eq > 0) {
        args.push({ name: word.slice(0, eq), value: word.slice(eq + 1) });
        continue;
      }
      const next = words[i + 1];
      if (
        next !== undefined &&
        !REDIRECTION.test(next) &&
        !HYDRA_OVERRIDE.test(next) &&
        (!next.startsWith("-") || NEGATIVE_NUMBER.test(next))
      ) {
        args.push({ name: word, value: next });
        i += 1;
      } else {
        args.push({ name: word, value: null });
      }
      continue;
    }
    const hydra = HYDRA_OVERRIDE.exec(word);
    if (hydra) {
      args.push({ name: hydra[1]!, value: hydra[2]! });
      continue;
    }
    const next = words[i + 1];
    if (YACS_KEY.test(word) && next !== undefined && !next.startsWith("-") && !REDIRECTION.test(next)) {
      args.push({ name: word, value: next }); // Detectron2/yacs: `SOLVER.MAX_ITER 90000` after the options
      i += 1;
      continue;
    }
    args.push({ name: null, value: word });
  }
  return args;
}
