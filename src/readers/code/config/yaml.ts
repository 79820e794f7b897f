/**
 * YAML and JSON configs (JSON is read with the YAML parser, which keeps source positions): Hydra/OmegaConf
 * trees with their defaults lists, DeepSpeed and Accelerate configs, Hugging Face `config.json` and
 * `training_args.json`. `${…}` interpolations are kept as written and never resolved, so they give no value.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import type { FileFindings, FileKind } from "../types.js";
import { launcherFacts, mayHoldLauncher } from "./launcher.js";
import { factsFromLeaves, type ConfigLeaf } from "./leaves.js";
import { CONFIG_PREFILTER } from "./prefilter.js";

const MAX_DEPTH = 32;
const MAX_LEAVES = 20_000;

/** Reads a YAML or JSON config file. Malformed files give a warning naming the file, never an exception. */
export function analyzeYamlOrJson(path: string, content: string, kind: FileKind): FileFindings {
  const findings = emptyFindings(path, kind);
  const launcher = mayHoldLauncher(path, content);
  if (!launcher && !CONFIG_PREFILTER.test(content)) return findings;
  const lineCounter = new LineCounter();
  let document;
  try {
    document = parseDocument(content, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    findings.warnings.push({ code: "config_unreadable", message: (error as Error).message, file: path });
    return findings;
  }
  if (document.errors.length > 0) {
    findings.warnings.push({
      code: "config_unreadable",
      message: `${kind.toUpperCase()} does not parse: ${document.errors[0]!.message.split("\n")[0]}`,
      file: path,
    });
    return findings;
  }
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const leaves: ConfigLeaf[] = [];
  collectLeaves(document.contents as YamlNode | null, [], leaves, lineOf, 0);
  const lines = splitLines(content);
  if (launcher) {
    const request = launcherFacts(path, leaves, lines);
    const rest = leaves.filter((leaf) => !request.used.has(leaf));
    findings.facts = [...factsFromLeaves(rest, { file: path, lines, format: kind }), ...request.facts];
  } else {
    findings.facts = factsFromLeaves(leaves, { file: path, lines, format: kind });
  }
  findings.hydraDefaults = readHydraDefaults(document.contents as YamlNode | null, lineOf);
  return findings;
}

function collectLeaves(
  node: YamlNode | null,
  path: string[],
  leaves: ConfigLeaf[],
  lineOf: (offset: number) => number,
  depth: number,
): void {
  if (!node || depth > MAX_DEPTH || leaves.length >= MAX_LEAVES) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) continue;
      let value = pair.value as YamlNode | null;
      const wrapped = wandbValue(value);
      if (wrapped) value = wrapped;
      if (isScalar(value)) {
        const offset =
          (wrapped ? value.range?.[0] : (pair.key as YamlNode).range?.[0]) ?? value.range?.[0] ?? 0;
        leaves.push({ path: [...path, key], raw: scalarText(value), line: lineOf(offset) });
      } else if (isSeq(value) && value.items.every((item) => isScalar(item))) {
        // A list of scalars is one value (device ids: [0, 1, 2, 3]).
        const offset = (wrapped ? value.range?.[0] : (pair.key as YamlNode).range?.[0]) ?? 0;
        const raw = `[${value.items.map((item) => scalarText(item as YamlNode)).join(", ")}]`;
        leaves.push({ path: [...path, key], raw, line: lineOf(offset) });
      } else {
        collectLeaves(value, [...path, key], leaves, lineOf, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) =>
      collectLeaves(item as YamlNode | null, [...path, String(index)], leaves, lineOf, depth + 1),
    );
  }
}

/** Keys of a Weights & Biases config entry: `epochs: {desc: Number of epochs, value: 20}`. */
const WANDB_KEYS = new Set(["desc", "value"]);

/** The `value` of a W&B-style `{desc, value}` entry, read under the entry's own key; null for other maps. */
function wandbValue(node: YamlNode | null): YamlNode | null {
  if (!isMap(node) || node.items.length === 0) return null;
  let value: YamlNode | null = null;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null || !WANDB_KEYS.has(key)) return null;
    if (key === "value") value = pair.value as YamlNode | null;
  }
  return isScalar(value) || (isSeq(value) && value.items.every((item) => isScalar(item))) ? value : null;
}

/** The scalar as written when the source is available (`2E5`), else its value. */
function scalarText(node: YamlNode): string {
  if (!isScalar(node)) return "";
  if (typeof node.source === "string" && node.source !== "") {
    return typeof node.value === "string" ? JSON.stringify(node.value) : node.source;
  }
  return typeof node.value === "string" ? JSON.stringify(node.value) : String(node.value);
}

/** Hydra defaults list: `defaults: [_self_, {model: resnet}, {override trainer: gpu}]`. */
function readHydraDefaults(
  root: YamlNode | null,
  lineOf: (offset: number) => number,
): { group: string | null; option: string; line: number }[] {
  if (!isMap(root)) return [];
  const defaults = root.items.find((pair) => isScalar(pair.key) && pair.key.value === "defaults")?.value;
  if (!isSeq(defaults)) return [];
  const entries: { group: string | null; option: string; line: number }[] = [];
  for (const item of defaults.items as YamlNode[]) {
    if (isScalar(item) && typeof item.value === "string") {
      entries.push({ group: null, option: item.value, line: lineOf(item.range?.[0] ?? 0) });
    } else if (isMap(item)) {
      for (const pair of item.items) {
        if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
        const group = String(pair.key.value)
          .replace(/^(?:override|optional)\s+/, "")
          .replace(/@.*$/, "");
        const option = pair.value.value;
        if (typeof option !== "string" || option === "null") continue;
        entries.push({ group, option, line: lineOf((pair.key as YamlNode).range?.[0] ?? 0) });
      }
    }
  }
  return entries;
}
