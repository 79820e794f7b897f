/**
 * The code ranker: models/code-ranker.onnx and models/code-ranker.json, loaded with the shared ranker loader:
 * a missing, unreadable or stale model is a clear error, never a silent fallback to rules.
 */
import { fileURLToPath } from "node:url";
import { loadRanker, type Ranker } from "../../ranking/model.js";
import { CODE_FEATURE_VERSION } from "./features.js";

const MODEL_FILE = fileURLToPath(new URL("../../../../models/code-ranker.onnx", import.meta.url));
const CONFIG_FILE = fileURLToPath(new URL("../../../../models/code-ranker.json", import.meta.url));

export interface CodeRankerFiles {
  model?: string;
  config?: string;
}

/** @throws InputError `model_missing`, `model_invalid` or `model_stale` */
export function loadCodeRanker(files: CodeRankerFiles = {}): Promise<Ranker> {
  return loadRanker({
    model: files.model ?? MODEL_FILE,
    config: files.config ?? CONFIG_FILE,
    featureVersion: CODE_FEATURE_VERSION,
    name: "the code ranker",
  });
}
