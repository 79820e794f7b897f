/**
 * Hydra launcher configs (hydra-submitit-launcher): `hydra/launcher/slurm.yaml` with `gres: gpu:1`,
 * `gpus_per_node: 4`, `nodes: 2`, `partition:`, `timeout_min:`, or the same keys under `hydra.launcher` in a
 * primary config. They are SLURM job requests written as YAML, so they are read as one: devices per node × nodes,
 * the GPU type, and the time limit (a limit, not a duration), with the scheduler's own confidences.
 */
import type { Fact } from "../../../domain/facts.js";
import { schedulerFacts, summarizeRequest, type SchedulerOption } from "../launch/scheduler.js";
import { unquote } from "../values.js";
import type { ConfigLeaf } from "./leaves.js";

/** submitit launcher parameter → the SLURM option it becomes. */
const SUBMITIT_OPTIONS: Record<string, string> = {
  gres: "gres",
  gpus_per_node: "gpus-per-node",
  gpus_per_task: "gpus-per-task",
  tasks_per_node: "ntasks-per-node",
  nodes: "nodes",
  partition: "partition",
  constraint: "constraint",
  timeout_min: "time",
};

const LAUNCHER_FILE = /(?:^|\/)hydra\/launcher\/[^/]+\.ya?ml$/i;

/** True when the file is, or embeds, a Hydra launcher config (so its scheduler keys must be read). */
export function mayHoldLauncher(path: string, content: string): boolean {
  return LAUNCHER_FILE.test(path) || /submitit|SlurmLauncher/.test(content);
}

/**
 * The scheduler request in a file's launcher leaves, and the leaves it consumed (their generic readings, such as
 * `nodes: 1` as a node count, are replaced by the request's).
 */
export function launcherFacts(
  path: string,
  leaves: ConfigLeaf[],
  lines: string[],
): { facts: Fact[]; used: Set<ConfigLeaf> } {
  const wholeFile =
    LAUNCHER_FILE.test(path) ||
    leaves.some(
      (leaf) => leaf.path.length === 1 && leaf.path[0] === "_target_" && /submitit/i.test(leaf.raw),
    );
  const options: SchedulerOption[] = [];
  const used = new Set<ConfigLeaf>();
  for (const leaf of leaves) {
    const key = leaf.path[leaf.path.length - 1] ?? "";
    const name = SUBMITIT_OPTIONS[key];
    const inLauncher = wholeFile ? leaf.path.length === 1 : isLauncherPath(leaf.path.slice(0, -1));
    if (!name || !inLauncher) continue;
    const value = unquote(leaf.raw.trim());
    if (value === "" || value === "null" || /\$\{/.test(value)) continue;
    used.add(leaf);
    options.push({ scheduler: "slurm", name, value, line: leaf.line, snippet: lines[leaf.line - 1] ?? "" });
  }
  if (options.length === 0) return { facts: [], used };
  return { facts: schedulerFacts(summarizeRequest(options), path, ["yaml", "hydra"]), used };
}

/** `hydra.launcher` (a primary config's own launcher block). */
function isLauncherPath(parents: string[]): boolean {
  return parents.length === 2 && parents[0] === "hydra" && parents[1] === "launcher";
}
