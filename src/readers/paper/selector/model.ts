/**
 * The paper selector: models/paper-selector.onnx and models/paper-selector.json, loaded with the shared ranker
 * loader (../../ranking/model.ts): a missing, unreadable or stale model is a clear error, never a silent
 * fallback to rules.
 */
import { fileURLToPath } from "node:url";
import { loadRanker, type Ranker, type RankerConfig } from "../../ranking/model.js";
import type { Thresholds } from "./choose.js";
import { FEATURE_VERSION } from "./features.js";

const MODEL_FILE = fileURLToPath(new URL("../../../../models/paper-selector.onnx", import.meta.url));
const CONFIG_FILE = fileURLToPath(new URL("../../../../models/paper-selector.json", import.meta.url));

export type SelectorConfig = RankerConfig;
export type Selector = Ranker;

/**
 * Loads the selector (once per file per process).
 *
 * @example
 *   const selector = await loadSelector();
 *   const probabilities = await selector.score([[12, 345], [67]]);
 * @throws InputError `model_missing`, `model_invalid` or `model_stale`
 */
export function loadSelector(files: { model?: string; config?: string } = {}): Promise<Selector> {
  return loadRanker({
    model: files.model ?? MODEL_FILE,
    config: files.config ?? CONFIG_FILE,
    featureVersion: FEATURE_VERSION,
    name: "the paper selector",
  });
}

export type { Thresholds };
