/**
 * A trained ranker run with onnxruntime-node on the CPU: an ONNX file (the weights; input `features`, int64
 * [N, K] padded feature indices, output `probability`, float [N]) and a JSON file (the feature version it was
 * trained with, the thresholds chosen on cross-validation, its card's figures). Loaded once per process (or
 * worker thread); a missing, unreadable or stale model is a clear error, never a silent fallback to rules.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../../domain/errors.js";
import { HASH_SIZE } from "./hash.js";

const ConfigSchema = z.object({
  feature_version: z.number().int(),
  hash_size: z.number().int(),
  thresholds: z.object({
    report: z.number().min(0).max(1),
    confirmed: z.number().min(0).max(1),
    confirmedByField: z.record(z.string(), z.number().min(0).max(1)).optional(),
  }),
});

export type RankerConfig = z.infer<typeof ConfigSchema>;

/** A loaded model: scores candidates' feature indices. */
export interface Ranker {
  config: RankerConfig;
  /** Probabilities, one per candidate (feature index lists). */
  score(features: readonly (readonly number[])[]): Promise<Float32Array>;
}

export interface RankerFiles {
  model: string;
  config: string;
  /** The feature version this build computes: a model trained on another is stale. */
  featureVersion: number;
  /** What the model is, for messages ("the paper selector"). */
  name: string;
}

interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
}

const loaded = new Map<string, Promise<Ranker>>();

/**
 * Loads a ranker (once per file pair per process).
 *
 * @throws InputError `model_missing`, `model_invalid` or `model_stale`
 */
export function loadRanker(files: RankerFiles): Promise<Ranker> {
  const key = `${files.model}\n${files.config}\n${files.featureVersion}`;
  let ranker = loaded.get(key);
  if (!ranker) {
    ranker = open(files);
    loaded.set(key, ranker);
    // A failed load is not cached: the next call says what is wrong again (and sees a fixed file).
    ranker.catch(() => loaded.delete(key));
  }
  return ranker;
}

async function open({
  model: modelFile,
  config: configFile,
  featureVersion,
  name,
}: RankerFiles): Promise<Ranker> {
  for (const file of [modelFile, configFile])
    if (!existsSync(file))
      throw new InputError(
        "model_missing",
        `${name}'s ${file.endsWith(".onnx") ? "model" : "configuration"} (${file}) is missing: run \`npm run train\`, or restore models/ from git`,
        file,
      );
  let config: RankerConfig;
  try {
    config = ConfigSchema.parse(JSON.parse(readFileSync(configFile, "utf8")));
  } catch (error) {
    throw new InputError(
      "model_invalid",
      `${name}'s configuration (${configFile}) is not valid: ${(error as Error).message.split("\n")[0]}`,
      configFile,
    );
  }
  if (config.feature_version !== featureVersion || config.hash_size !== HASH_SIZE)
    throw new InputError(
      "model_stale",
      `${name} was trained on features of version ${config.feature_version} (${config.hash_size}); this reader computes version ${featureVersion} (${HASH_SIZE}): run \`npm run train\``,
      configFile,
    );
  const ort = await import("onnxruntime-node");
  let session: OrtSession;
  try {
    session = (await ort.InferenceSession.create(modelFile)) as unknown as OrtSession;
  } catch (error) {
    throw new InputError(
      "model_invalid",
      `${name}'s model (${modelFile}) cannot be loaded: ${(error as Error).message.split("\n")[0]}`,
      modelFile,
    );
  }
  // Another ONNX model in its place loads but cannot answer: say so now, not at the first input.
  if (!session.inputNames.includes("features") || !session.outputNames.includes("probability"))
    throw new InputError(
      "model_invalid",
      `${name}'s model (${modelFile}) takes ${session.inputNames.join(", ")} and gives ${session.outputNames.join(", ")}, not features → probability: run \`npm run train\``,
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
