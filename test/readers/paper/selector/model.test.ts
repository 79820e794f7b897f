import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadSelector } from "../../../../src/readers/paper/selector/model.js";
import { FEATURE_VERSION, HASH_SIZE } from "../../../../src/readers/paper/selector/features.js";

const dir = mkdtempSync(path.join(tmpdir(), "selector-model-"));
const shippedConfig = JSON.parse(readFileSync("models/paper-selector.json", "utf8"));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};
const config = write("config.json", JSON.stringify(shippedConfig));

describe("loading the paper selector", () => {
  it("loads the shipped ONNX model and scores candidates as probabilities, one per candidate", async () => {
    const selector = await loadSelector();
    expect(selector.config.feature_version).toBe(FEATURE_VERSION);
    const probabilities = await selector.score([[1, 2, 3], [40_000], []]);
    expect(probabilities).toHaveLength(3);
    for (const p of probabilities) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    // Different features, different scores: the weights were read, not zeros.
    expect(probabilities[0]).not.toBeCloseTo(probabilities[1]!, 6);
    expect(await selector.score([])).toHaveLength(0);
  });

  it("the shipped model stays small (the issue's budget is 2 MB)", () => {
    expect(readFileSync("models/paper-selector.onnx").length).toBeLessThan(2 * 1024 * 1024);
  });

  it("a missing model file is a clear error that says how to get it back", async () => {
    await expect(loadSelector({ model: path.join(dir, "absent.onnx"), config })).rejects.toMatchObject({
      code: "model_missing",
      message: expect.stringContaining("npm run train"),
    });
  });

  it("a file that is not ONNX is refused as invalid", async () => {
    const model = write("garbage.onnx", Buffer.from("this is not a protobuf"));
    await expect(loadSelector({ model, config })).rejects.toMatchObject({ code: "model_invalid" });
  });

  it("another ONNX model in its place is refused at load, not at the first paper", async () => {
    await expect(loadSelector({ model: "fixtures/models/identity.onnx", config })).rejects.toMatchObject({
      code: "model_invalid",
      message: expect.stringContaining("not features → probability"),
    });
  });

  it("a model trained on other features is stale", async () => {
    const stale = write(
      "stale.json",
      JSON.stringify({ ...shippedConfig, feature_version: FEATURE_VERSION - 1 }),
    );
    await expect(loadSelector({ model: "models/paper-selector.onnx", config: stale })).rejects.toMatchObject({
      code: "model_stale",
    });
    const resized = write("resized.json", JSON.stringify({ ...shippedConfig, hash_size: HASH_SIZE * 2 }));
    await expect(
      loadSelector({ model: "models/paper-selector.onnx", config: resized }),
    ).rejects.toMatchObject({
      code: "model_stale",
    });
  });

  it("a configuration that is not the selector's is invalid", async () => {
    const bad = write("bad.json", JSON.stringify({ thresholds: { report: 2 } }));
    await expect(loadSelector({ model: "models/paper-selector.onnx", config: bad })).rejects.toMatchObject({
      code: "model_invalid",
    });
  });

  it("a failed load is not remembered: the fixed file loads on the next call", async () => {
    const file = path.join(dir, "later.onnx");
    await expect(loadSelector({ model: file, config })).rejects.toMatchObject({ code: "model_missing" });
    writeFileSync(file, readFileSync("models/paper-selector.onnx"));
    await expect(loadSelector({ model: file, config })).resolves.toHaveProperty("score");
  });
});
