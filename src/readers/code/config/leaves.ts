/**
 * Config files of every format are reduced to leaves (`trainer.max_epochs = 300` at line 12) and read the same
 * way: the last key names the fact, evaluation subtrees (`val:`, `test_dataloader:`) are skipped, and a few
 * known layouts (DeepSpeed's global `train_batch_size`, `fp16: {enabled: true}`) get their meaning.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Fact } from "../../../domain/facts.js";
import { withCheckpointParams } from "../checkpoints.js";
import { CONFIDENCE, codeFact } from "../evidence.js";
import { interpretValue, isEvaluationName, meaningOfName } from "../names.js";

export interface ConfigLeaf {
  /** Keys from the root, e.g. ["trainer", "max_epochs"]. */
  path: string[];
  /** The value as written in the file (`2E5`, `"auto"`, `[0, 1]`). */
  raw: string;
  line: number;
}

export interface LeafReadingOptions {
  file: string;
  lines: string[];
  /** Tag naming the format: "yaml", "json", "toml", "ini", "argfile". */
  format: string;
  confidence?: number;
}

/** Layout hints from the whole file that change how some keys read. */
interface Layout {
  deepspeed: boolean;
}

/** Reads facts from config leaves. */
export function factsFromLeaves(leaves: ConfigLeaf[], options: LeafReadingOptions): Fact[] {
  const layout: Layout = {
    deepspeed: leaves.some(
      (leaf) => leaf.path[0] === "zero_optimization" || leaf.path[0] === "train_micro_batch_size_per_gpu",
    ),
  };
  const facts: Fact[] = [];
  const logs = options.format === "json" ? recordLogs(leaves) : new Set<string>();
  for (const leaf of leaves) {
    if (leaf.path.slice(0, -1).some((key) => isEvaluationName(key))) continue;
    if (logs.size > 0 && underLog(leaf.path, logs)) continue;
    const key = effectiveKey(leaf.path);
    if (!key || isEvaluationName(key)) continue;
    const meaning = meaningOfName(key, leaf.path.slice(0, -1));
    if (!meaning) continue;
    const value = interpretValue(meaning, leaf.raw);
    if (value === null) continue;
    const tags: FactTag[] = [...meaning.tags, options.format as FactTag, `key:${leaf.path.join(".")}`];
    let reading: { value: typeof value; raw: string } = { value, raw: leaf.raw };
    if (
      meaning.field === "accelerator_count" &&
      typeof value === "number" &&
      !TOTAL_DEVICE_KEYS.has(meaning.name)
    ) {
      const nodes = siblingNodeCount(leaves, leaf);
      if (nodes && nodes.count > 1) {
        reading = { value: value * nodes.count, raw: `${key}: ${leaf.raw} × ${nodes.key}: ${nodes.count}` };
        tags.push("multiplied");
      }
    }
    if (layout.deepspeed && leaf.path.length === 1 && leaf.path[0] === "train_batch_size") {
      tags.splice(tags.indexOf("per_device"), 1, "global");
    }
    if (layout.deepspeed) tags.push("deepspeed");
    facts.push(
      codeFact({
        field: meaning.field,
        value: reading.value,
        raw: reading.raw,
        confidence: (options.confidence ?? CONFIDENCE.config) * meaning.weight,
        file: options.file,
        line: leaf.line,
        snippet: options.lines[leaf.line - 1] ?? "",
        tags,
      }),
    );
  }
  return withCheckpointParams(facts);
}

/** Keys that number a record of a run's progress (`{"epoch": 3, "loss": 0.2}`). */
const COUNTER_KEYS = new Set(["epoch", "step", "iter", "iteration", "global_step"]);

/**
 * JSON arrays of run records (`history: [{epoch: 1, ...}, {epoch: 2, ...}]`): two or more items, each numbered by a
 * counter key. Such an array is a log a run wrote, one item per epoch or step, and gives no settings. Keyed by the
 * array's path (`history`).
 */
function recordLogs(leaves: ConfigLeaf[]): Set<string> {
  const items = new Map<string, Set<string>>();
  for (const leaf of leaves) {
    const n = leaf.path.length;
    if (n < 2 || !COUNTER_KEYS.has(leaf.path[n - 1]!) || !/^\d+$/.test(leaf.path[n - 2]!)) continue;
    const array = leaf.path.slice(0, n - 2).join("\u0000");
    const set = items.get(array) ?? new Set<string>();
    set.add(leaf.path[n - 2]!);
    items.set(array, set);
  }
  return new Set([...items].filter(([, set]) => set.size >= 2).map(([array]) => array));
}

/** True when the leaf sits inside an item of one of the `logs` arrays. */
function underLog(path: string[], logs: ReadonlySet<string>): boolean {
  for (let i = 0; i < path.length - 1; i += 1)
    if (/^\d+$/.test(path[i]!) && logs.has(path.slice(0, i).join("\u0000"))) return true;
  return false;
}

/** Device-count keys that already count every node. */
const TOTAL_DEVICE_KEYS = new Set(["num_processes", "world_size", "gpu_count"]);
const NODE_KEYS = new Set(["num_nodes", "nnodes", "nodes", "n_nodes", "num_machines"]);

/** A node count stated next to a device count (`trainer: {devices: 4, num_nodes: 2}`). */
function siblingNodeCount(leaves: ConfigLeaf[], leaf: ConfigLeaf): { key: string; count: number } | null {
  const parent = leaf.path.slice(0, -1).join(".");
  for (const other of leaves) {
    const key = other.path[other.path.length - 1] ?? "";
    if (other === leaf || other.path.slice(0, -1).join(".") !== parent || !NODE_KEYS.has(key)) continue;
    const count = Number(other.raw);
    if (Number.isInteger(count) && count > 0) return { key, count };
  }
  return null;
}

/** `fp16: {enabled: true}` reads as `fp16: true`; otherwise the last key. */
function effectiveKey(path: string[]): string | undefined {
  const last = path[path.length - 1];
  if (last === "enabled" && path.length >= 2) return path[path.length - 2];
  return last;
}
