/**
 * The trained selector, run with onnxruntime-node on the CPU: models/paper-selector.onnx (the weights) and
 * models/paper-selector.json (the feature version it was trained with, the thresholds chosen on
 * cross-validation, its card's figures). Loaded once per process (or worker thread); a missing, unreadable or
 * stale model is a clear error, never a silent fallback to rules.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { InputError } from "../../../domain/errors.js";
import type { Thresholds } from "./choose.js";
import { FEATURE_VERSION, HASH_SIZE } from "./features.js";
import { SELECTED_FIELDS } from "./fields.js";

const MODEL_FILE = fileURLToPath(new URL("../../../../models/paper-selector.onnx", import.meta.url));
const CONFIG_FILE = fileURLToPath(new URL("../../../../models/paper-selector.json", import.meta.url));

const ConfigSchema = z.object({
  feature_version: z.number().int(),
  hash_size: z.number().int(),
  thresholds: z.object({
    report: z.number().min(0).max(1),
    confirmed: z.number().min(0).max(1),
    confirmedByField: z.partialRecord(z.enum(SELECTED_FIELDS), z.number().min(0).max(1)).optional(),
  }),
});

export type SelectorConfig = z.infer<typeof ConfigSchema>;

/** A loaded model: scores candidates' feature indices. */
export interface Selector {
  config: SelectorConfig;
  /** Probabilities, one per candidate (feature index lists, each at most MAX_FEATURES long). */
  score(features: readonly (readonly number[])[]): Promise<Float32Array>;
}

interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
}

const loaded = new Map<string, Promise<Selector>>();

/**
 * Loads the selector (once per file per process).
 *
 * @example
 *   const selector = await loadSelector();
 *   const probabilities = await selector.score([[12, 345], [67]]);
 * @throws InputError `model_missing`, `model_invalid` or `model_stale`
 */
export function loadSelector(files: { model?: string; config?: string } = {}): Promise<Selector> {
  const model = files.model ?? MODEL_FILE;
  const config = files.config ?? CONFIG_FILE;
  const key = `${model}\n${config}`;
  let selector = loaded.get(key);
  if (!selector) {
    selector = open(model, config);
    loaded.set(key, selector);
    // A failed load is not cached: the next call says what is wrong again (and sees a fixed file).
    selector.catch(() => loaded.delete(key));
  }
  return selector;
}

async function open(modelFile: string, configFile: string): Promise<Selector> {
  for (const file of [modelFile, configFile])
    if (!existsSync(file))
      throw new InputError(
        "model_missing",
        `the paper selector's ${file.endsWith(".onnx") ? "model" : "configuration"} (${file}) is missing: run \`npm run train\`, or restore models/ from git`,
        file,
      );
  let config: SelectorConfig;
  try {
    config = ConfigSchema.parse(JSON.parse(readFileSync(configFile, "utf8")));
  } catch (error) {
    throw new InputError(
      "model_invalid",
      `the paper selector's configuration (${configFile}) is not valid: ${(error as Error).message.split("\n")[0]}`,
      configFile,
    );
  }
  if (config.feature_version !== FEATURE_VERSION || config.hash_size !== HASH_SIZE)
    throw new InputError(
      "model_stale",
      `the paper selector was trained on features of version ${config.feature_version} (${config.hash_size}); this reader computes version ${FEATURE_VERSION} (${HASH_SIZE}): run \`npm run train\``,
      configFile,
    );
  const ort = await import("onnxruntime-node");
  let session: OrtSession;
  try {
    session = (await ort.InferenceSession.create(modelFile)) as unknown as OrtSession;
  } catch (error) {
    throw new InputError(
      "model_invalid",
      `the paper selector's model (${modelFile}) cannot be loaded: ${(error as Error).message.split("\n")[0]}`,
      modelFile,
    );
  }
  // Another ONNX model in its place loads but cannot answer: say so now, not at the first paper.
  if (!session.inputNames.includes("features") || !session.outputNames.includes("probability"))
    throw new InputError(
      "model_invalid",
      `the paper selector's model (${modelFile}) takes ${session.inputNames.join(", ")} and gives ${session.outputNames.join(", ")}, not features → probability: run \`npm run train\``,
      modelFile,
    );
  return {
    config,
    async score(features) {
      if (features.length === 0) return new Float32Array(0);
      const width = Math.max(1, ...features.map((f) => f.length));
      const indices = new BigInt64Array(features.length * width);
      features.forEach((list, row) => {
        list.forEach((index, column) => {
          indices[row * width + column] = BigInt(index);
        });
      });
      const tensor = new ort.Tensor("int64", indices, [features.length, width]);
      const output = await session.run({ features: tensor });
      return output.probability!.data as Float32Array;
    },
  };
}

export type { Thresholds };
