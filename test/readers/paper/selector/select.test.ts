/**
 * selectPaperFacts with a stand-in model, so that its wiring is tested apart from what the shipped model learnt:
 * which candidates it scores, the values it hands on, and the facts and evidence those values cite.
 */
import { analyzePaperDocument } from "../../../../src/readers/paper/analyze.js";
import { buildDocument } from "../../../../src/readers/paper/document.js";
import { selectorCandidates } from "../../../../src/readers/paper/selector/candidates.js";
import { selectPaperFacts } from "../../../../src/readers/paper/selector/index.js";
import type { Selector } from "../../../../src/readers/paper/selector/model.js";
import type { SelectedField } from "../../../../src/readers/paper/selector/fields.js";

const TEXT = [
  "## Training",
  "",
  "We train our model for 11 epochs on 2 NVIDIA V100 GPUs.",
  "",
  "Each epoch takes about 1.5 hours.",
  "",
].join("\n");

/** A model that trusts every candidate at 0.9 except those of the fields it distrusts (0.1). */
function standIn(analysis: ReturnType<typeof analyzePaperDocument>, distrusted: SelectedField[]): Selector {
  const fields = selectorCandidates(analysis).map((c) => c.field);
  return {
    config: { feature_version: 0, hash_size: 0, thresholds: { report: 0.5, confirmed: 0.95 } },
    score: async (features: readonly (readonly number[])[]) => {
      expect(features).toHaveLength(fields.length);
      return Float32Array.from(fields.map((f) => (distrusted.includes(f) ? 0.1 : 0.9)));
    },
  } as unknown as Selector;
}

describe("selectPaperFacts: a training time from the rules' time per epoch × the chosen epochs", () => {
  const analysis = analyzePaperDocument(buildDocument({ format: "markdown", pages: [TEXT] }));

  it("is handed on citing the per-epoch sentence, and GPU-hours follow from it", async () => {
    expect(analysis.chosen.training_time_hours?.fact.note).toBe("1.5 h per epoch × 11 epochs");
    const { chosen, derived } = await selectPaperFacts(analysis, standIn(analysis, ["training_time_hours"]));
    expect(chosen.epochs).toMatchObject({ value: 11, probability: 0.9 });
    expect(chosen.training_time_hours).toMatchObject({ value: 16.5, probability: 0.9 });
    expect(chosen.training_time_hours!.fact).toMatchObject({
      note: "1.5 h per epoch × 11 epochs",
      evidence: { kind: "paper", quote: expect.stringContaining("Each epoch takes about 1.5 hours") },
    });
    expect(chosen.gpu_hours).toMatchObject({ value: 33 });
    expect(chosen.gpu_hours!.fact).toMatchObject({
      note: "2 devices × 16.5 h",
      tags: expect.arrayContaining(["derived"]),
    });
    expect(derived.map((f) => f.field)).toEqual(["gpu_hours"]);
  });

  it("is not handed on when the model does not choose those epochs", async () => {
    const { chosen } = await selectPaperFacts(analysis, standIn(analysis, ["training_time_hours", "epochs"]));
    expect(chosen.epochs).toBeUndefined();
    expect(chosen.training_time_hours).toBeUndefined();
  });
});

describe("selectorCandidates: the cost of a use is not the training's", () => {
  const analysis = analyzePaperDocument(
    buildDocument({
      format: "markdown",
      pages: [
        [
          "## Results",
          "",
          "At test time TinyNet segments 40 frames per second on one NVIDIA Jetson AGX Orin.",
          "",
          "Our TinyNet has 12M parameters and was trained for 30 epochs.",
          "",
        ].join("\n"),
      ],
    }),
  );

  it("offers no hardware or device count from an inference sentence, and keeps size and epochs", () => {
    const inference = analysis.candidates.filter((c) => c.fact.context === "inference");
    // The reader still states the fact (with its context); the selector never weighs it for the training run.
    expect(inference.map((c) => c.fact.field)).toEqual(
      expect.arrayContaining(["hardware", "accelerator_count"]),
    );
    const offered = selectorCandidates(analysis).map((c) => `${c.field}=${String(c.value)}`);
    expect(offered).toEqual(expect.arrayContaining(["params=12000000", "epochs=30"]));
    expect(offered.filter((c) => /^(hardware|accelerator_count)=/.test(c))).toEqual([]);
  });

  it("drops exactly the training-cost fields of a sentence that speaks only of a use", () => {
    const fieldsOf = (text: string) => {
      const paper = analyzePaperDocument(
        buildDocument({ format: "markdown", pages: [`## Results\n\n${text}\n`] }),
      );
      const kept = new Set(selectorCandidates(paper).map((c) => c.field));
      const read = paper.candidates.filter((c) => c.fact.context === "inference").map((c) => c.fact.field);
      return { read: [...new Set(read)].sort(), kept: [...kept].sort() };
    };
    // Serving a 7B model: only the size is the model's own.
    expect(
      fieldsOf(
        "Serving our 7B-parameter model on 4 NVIDIA A100 GPUs with 16 requests per batch took 2 hours on AWS.",
      ),
    ).toEqual({
      read: [
        "accelerator_count",
        "batch_size",
        "cloud_provider",
        "hardware",
        "params",
        "training_time_hours",
      ],
      kept: ["params"],
    });
    // "batch size" describes a deployment too: not a word of training.
    expect(
      fieldsOf("The distilled model was deployed on 4 NVIDIA L4 GPUs with a batch size of 32.").kept,
    ).toEqual([]);
    // A sentence about training and deployment keeps its training values.
    expect(
      fieldsOf("The model was trained on 8 A100 GPUs for 2 days and deployed on a single T4.").kept,
    ).toEqual(expect.arrayContaining(["accelerator_count", "hardware", "training_time_hours"]));
    // QLoRA fine-tunes, even where its quantisation reads like a deployment; LoRa radio and LoRA serving do not.
    expect(
      fieldsOf("All experiments run on a single NVIDIA RTX 5070 with QLoRA 4-bit quantization.").kept,
    ).toEqual(expect.arrayContaining(["accelerator_count", "hardware"]));
    expect(
      fieldsOf("Sensor nodes send readings over a LoRa link to one NVIDIA Jetson Nano that runs inference.")
        .kept,
    ).toEqual([]);
    expect(fieldsOf("We deploy 2,000 LoRA adapters concurrently on a single A100 GPU.").kept).toEqual([]);
  });
});

describe("selectPaperFacts: the values the selector did not choose", () => {
  const text = [
    "## Training",
    "",
    "We train our model for epochs = 100 and batch size = 256.",
    "",
    "| Hyper-parameter | Value |",
    "|---|---|",
    "| Epochs | 15 |",
    "| Batch size | 64 |",
    "",
  ].join("\n");
  const analysis = analyzePaperDocument(buildDocument({ format: "markdown", pages: [text] }));
  /** A model that trusts the training sentence's statements (0.9) and doubts the table's (0.2 and up, in order). */
  const doubtingTables: Selector = {
    config: { feature_version: 0, hash_size: 0, thresholds: { report: 0.5, confirmed: 0.95 } },
    score: async () =>
      Float32Array.from(
        selectorCandidates(analysis).map((c, i) => {
          const evidence = analysis.candidates[c.index]!.fact.evidence;
          return evidence.kind === "paper" && evidence.quote.includes("|") ? 0.2 + 0.01 * i : 0.9;
        }),
      ),
  } as unknown as Selector;

  it("are handed on beside the choices, each at its most probable statement", async () => {
    const { chosen, alternatives } = await selectPaperFacts(analysis, doubtingTables);
    expect(chosen.epochs?.value).toBe(100);
    const epochs = alternatives.filter((a) => a.fact.field === "epochs");
    expect(epochs.map((a) => a.fact.value)).toEqual([15]);
    expect(epochs[0]!.probability).toBeLessThan(0.5);
    // Most probable first, across fields.
    const probabilities = alternatives.map((a) => a.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(new Set(probabilities).size).toBeGreaterThan(1);
  });

  it("leave out a number that another field's chosen statement holds ('100' of 'epochs = 100 and batch size' is no batch size)", async () => {
    const { alternatives } = await selectPaperFacts(analysis, doubtingTables);
    const candidates = selectorCandidates(analysis).map((c) => [c.field, c.value]);
    // The reader proposes it (a number near "batch"), but the chosen epochs' statement holds it.
    expect(candidates).toContainEqual(["batch_size", 100]);
    expect(alternatives.map((a) => [a.fact.field, a.fact.value])).not.toContainEqual(["batch_size", 100]);
  });
});

describe("selectPaperFacts: another number inside a chosen statement", () => {
  it("stays an alternative ('32' of 'with a batch size of 32 for 50 epochs', when the batch is not chosen)", async () => {
    const analysis = analyzePaperDocument(
      buildDocument({
        format: "markdown",
        pages: ["## Training\n\nWe train it with a batch size of 32 for 50 epochs.\n"],
      }),
    );
    const { chosen, alternatives } = await selectPaperFacts(analysis, standIn(analysis, ["batch_size"]));
    expect(chosen.epochs?.value).toBe(50);
    expect(chosen.batch_size).toBeUndefined();
    expect(alternatives.map((a) => [a.fact.field, a.fact.value])).toContainEqual(["batch_size", 32]);
  });
});
