import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Fact } from "../../../../src/domain/facts.js";
import { readRepository } from "../../../../src/readers/code/index.js";
import { codeCandidates, overriddenByHydra } from "../../../../src/readers/code/selector/candidates.js";
import {
  codeFeatureStrings,
  indexRepositoryCandidates,
} from "../../../../src/readers/code/selector/features.js";
import { chooseCodeValues } from "../../../../src/readers/code/selector/choose.js";
import { loadCodeRanker } from "../../../../src/readers/code/selector/model.js";

const yamlFact = (file: string, key: string): Fact => ({
  field: "epochs",
  value: 100,
  raw: `${key}: 100`,
  confidence: 0.75,
  context: "training",
  evidence: { kind: "code", file, line: 1, snippet: `${key}: 100` },
  tags: ["yaml", `key:${key}`],
});

describe("the code ranker", () => {
  it("loads the shipped model and scores candidates", async () => {
    const ranker = await loadCodeRanker();
    const p = await ranker.score([[1, 2], [3]]);
    expect(p).toHaveLength(2);
    expect(ranker.config.thresholds.report).toBeGreaterThan(0);
  });

  it("a missing model is a clear error, not a silent fallback to rules", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "code-ranker-"));
    const config = path.join(dir, "c.json");
    writeFileSync(
      config,
      JSON.stringify({ feature_version: 1, hash_size: 65536, thresholds: { report: 0.5, confirmed: 0.9 } }),
    );
    await expect(
      readRepository("fixtures/repos/argparse-override", {
        ranker: { model: path.join(dir, "none.onnx"), config },
      }),
    ).rejects.toMatchObject({
      code: "model_missing",
      message: expect.stringContaining("the code ranker"),
    });
  });

  it("gives the model a debug value with its debug tag, at the trust it had before the debug halving", () => {
    const plain: Fact = {
      ...yamlFact("train.py", "epochs"),
      value: 90,
      confidence: 0.44,
      tags: ["function_constant"],
    };
    const debug: Fact = { ...plain, value: 1, confidence: 0.22, tags: ["function_constant", "debug"] };
    const noise: Fact = { ...plain, value: 7, confidence: 0.22 };
    const ranked = [plain, debug, noise].map((fact) => ({ fact, rank: 2, bound: true }));
    const candidates = codeCandidates(ranked, [], {});
    expect(candidates.map((c) => c.value)).toEqual([90, 1]);
    const repo = indexRepositoryCandidates(ranked.slice(0, 2), [], {});
    const strings = codeFeatureStrings(ranked[1]!, repo);
    expect(strings).toContain("tag=debug");
    expect(strings.filter((s) => s.startsWith("conf="))).toEqual(
      codeFeatureStrings(ranked[0]!, repo).filter((s) => s.startsWith("conf=")),
    );
  });

  it("gives the model a class field's tag but not the class's name (which only serves the resolution)", () => {
    const field: Fact = {
      ...yamlFact("config.py", "epochs"),
      value: 10,
      confidence: 0.5,
      tags: ["class_field", "class:TrainConfig"],
    };
    const ranked = [{ fact: field, rank: 1, bound: true }];
    const strings = codeFeatureStrings(ranked[0]!, indexRepositoryCandidates(ranked, [], {}));
    expect(strings).toContain("tag=class_field");
    expect(strings.filter((s) => s.startsWith("tag=class:"))).toEqual([]);
  });

  it("chooses per field the value whose best candidate scores highest, above the report threshold", () => {
    const chosen = chooseCodeValues(
      [
        { field: "epochs", value: 30, probability: 0.6, index: 0 },
        { field: "epochs", value: 90, probability: 0.7, index: 1 },
        { field: "epochs", value: 30, probability: 0.8, index: 2 },
        { field: "batch_size", value: 64, probability: 0.2, index: 3 },
      ],
      0.5,
    );
    expect(chosen.get("epochs")).toEqual({ value: 30, probability: 0.8, index: 2 });
    expect(chosen.has("batch_size")).toBe(false);
  });

  it("keeps the rules' exact override: a Hydra command-line value replaces the config value it names", () => {
    expect(overriddenByHydra(yamlFact("conf/trainer/gpu.yaml", "max_epochs"), ["trainer.max_epochs"])).toBe(
      true,
    );
    expect(
      overriddenByHydra(yamlFact("conf/config.yaml", "trainer.max_epochs"), ["trainer.max_epochs"]),
    ).toBe(true);
    expect(overriddenByHydra(yamlFact("conf/trainer/gpu.yaml", "max_epochs"), ["+trainer.max_epochs"])).toBe(
      true,
    );
    // Another group, another key, or not a config file: not overridden.
    expect(overriddenByHydra(yamlFact("conf/model/big.yaml", "max_epochs"), ["trainer.max_epochs"])).toBe(
      false,
    );
    expect(overriddenByHydra(yamlFact("conf/trainer/gpu.yaml", "max_steps"), ["trainer.max_epochs"])).toBe(
      false,
    );
    const py = {
      ...yamlFact("train.py", "max_epochs"),
      evidence: { kind: "code" as const, file: "train.py", line: 1, snippet: "" },
    };
    expect(overriddenByHydra(py, ["max_epochs"])).toBe(false);
  });

  it("a launch value beats the default it overrides, in the repositories we wrote", async () => {
    const argparse = await readRepository("fixtures/repos/argparse-override");
    expect(argparse.summary.epochs).toBe(30);
    expect(argparse.chosen.epochs?.probability).toEqual(expect.any(Number));
    const hydra = await readRepository("fixtures/repos/hydra-tree");
    expect(hydra.summary.epochs).toBe(50);
  });
});
