import { describe, expect, it } from "@jest/globals";
import type { Fact, FactField, FactValue } from "../../../src/domain/facts.js";
import { SUMMARY_THRESHOLD, summarizePaperFacts } from "../../../src/readers/paper/summary.js";
import { evidenceText, factsOf, readSection, readText } from "./helpers.js";

let position = 0;
/** A training fact from our own setup, confident enough for the summary unless told otherwise. */
function fact(field: FactField, value: FactValue, extra: Partial<Fact> = {}): Fact {
  position += 10;
  return {
    field,
    value,
    raw: String(value),
    confidence: 0.8,
    context: "training",
    evidence: { kind: "paper", page: 1, section: "Setup", quote: "", start: position, end: position + 5 },
    ...extra,
  };
}

describe("summarizePaperFacts: which facts count", () => {
  it("leaves every field null when nothing is disclosed", () => {
    const { summary, derived } = summarizePaperFacts([]);
    expect(Object.values(summary)).toEqual(Array(14).fill(null));
    expect(derived).toEqual([]);
  });

  it("uses only training facts at or above the confidence bar", () => {
    expect(SUMMARY_THRESHOLD).toBe(0.6);
    const { summary } = summarizePaperFacts([
      fact("epochs", 300, { context: "other", confidence: 0.95 }),
      fact("epochs", 200, { context: "inference", confidence: 0.95 }),
      fact("epochs", 150, { confidence: 0.59 }),
      fact("epochs", 90, { confidence: 0.6 }),
    ]);
    expect(summary.epochs).toBe(90);
  });

  it("lets agreeing sentences outweigh one slightly more confident sentence", () => {
    const { summary } = summarizePaperFacts([
      fact("epochs", 100, { confidence: 0.8 }),
      fact("epochs", 90, { confidence: 0.78 }),
      fact("epochs", 90, { confidence: 0.78 }),
    ]);
    expect(summary.epochs).toBe(90);
  });

  it("picks the earlier statement when two values are equally supported", () => {
    const { summary } = summarizePaperFacts([fact("steps", 50000), fact("steps", 80000)]);
    expect(summary.steps).toBe(50000);
  });
});

describe("summarizePaperFacts: field preferences", () => {
  it("prefers an accelerator to a CPU and reports the most specific spelling of a family", () => {
    const { summary } = summarizePaperFacts([
      fact("hardware", "intel-xeon-gold-6248", { tags: ["cpu"], confidence: 0.9 }),
      fact("hardware", "nvidia-a100", { tags: ["accelerator"], confidence: 0.8 }),
      fact("hardware", "nvidia-a100-80gb", { tags: ["accelerator"], confidence: 0.7 }),
    ]);
    expect(summary.hardware).toBe("nvidia-a100-80gb");
  });

  it("lets mentions of one family outweigh a single mention of another", () => {
    const { summary } = summarizePaperFacts([
      fact("hardware", "nvidia-v100", { tags: ["accelerator"], confidence: 0.82 }),
      fact("hardware", "nvidia-a100", { tags: ["accelerator"], confidence: 0.8 }),
      fact("hardware", "nvidia-a100-80gb", { tags: ["accelerator"], confidence: 0.8 }),
    ]);
    expect(summary.hardware).toBe("nvidia-a100-80gb");
  });

  it("prefers a total device count and is wary of 'a GPU' said in passing", () => {
    expect(
      summarizePaperFacts([fact("accelerator_count", 8), fact("accelerator_count", 32, { tags: ["total"] })])
        .summary.accelerator_count,
    ).toBe(32);
    expect(
      summarizePaperFacts([
        fact("accelerator_count", 1, { tags: ["article"], confidence: 0.8 }),
        fact("accelerator_count", 4, { confidence: 0.78 }),
      ]).summary.accelerator_count,
    ).toBe(4);
  });

  it("prefers a global batch size and never reports a batch counted in tokens", () => {
    const { summary } = summarizePaperFacts([
      fact("batch_size", 4000000, { tags: ["tokens"], confidence: 0.95 }),
      fact("batch_size", 64, { tags: ["per_device"] }),
      fact("batch_size", 512, { tags: ["global"] }),
    ]);
    expect(summary.batch_size).toBe(512);
    expect(
      summarizePaperFacts([fact("batch_size", 4000000, { tags: ["tokens"] })]).summary.batch_size,
    ).toBeNull();
  });

  it("prefers total parameters to active parameters", () => {
    const { summary } = summarizePaperFacts([
      fact("params", 13e9, { tags: ["active"], confidence: 0.85 }),
      fact("params", 47e9, { confidence: 0.8 }),
    ]);
    expect(summary.params).toBe(47e9);
  });

  it("prefers total energy and emissions to a single run's", () => {
    const { summary } = summarizePaperFacts([
      fact("energy_kwh", 12, { confidence: 0.9 }),
      fact("energy_kwh", 240, { tags: ["total"], confidence: 0.75 }),
      fact("co2e_kg", 3, { confidence: 0.9 }),
      fact("co2e_kg", 60, { tags: ["total"], confidence: 0.75 }),
    ]);
    expect([summary.energy_kwh, summary.co2e_kg]).toEqual([240, 60]);
  });
});

describe("summarizePaperFacts: derived values", () => {
  it("derives the training time from time per epoch × epochs, with a note and the per-epoch evidence", () => {
    const perEpoch = fact("time_per_epoch_hours", 1.5);
    const { summary, derived } = summarizePaperFacts([perEpoch, fact("epochs", 11)]);
    expect(summary.training_time_hours).toBe(16.5);
    expect(derived[0]).toMatchObject({
      field: "training_time_hours",
      value: 16.5,
      note: "1.5 h per epoch × 11 epochs",
      tags: ["derived"],
      evidence: perEpoch.evidence,
    });
  });

  it("derives GPU-hours from device count × training time", () => {
    const time = fact("training_time_hours", 48);
    const { summary, derived } = summarizePaperFacts([fact("accelerator_count", 8), time]);
    expect(summary.gpu_hours).toBe(384);
    expect(derived).toEqual([
      { ...time, field: "gpu_hours", value: 384, note: "8 devices × 48 h", tags: ["derived"] },
    ]);
  });

  it("derives no GPU-hours for a run on a processor: 'about 8 hours on a single CPU core'", () => {
    const { summary, derived } = summarizePaperFacts([
      fact("hardware", "intel-xeon-e5-2690", { tags: ["cpu"] }),
      fact("accelerator_count", 1),
      fact("training_time_hours", 8),
    ]);
    expect([summary.training_time_hours, summary.gpu_hours]).toEqual([8, null]);
    expect(derived).toEqual([]);
  });

  it("does not derive what a sentence states", () => {
    const { summary, derived } = summarizePaperFacts([
      fact("time_per_epoch_hours", 2),
      fact("epochs", 10),
      fact("training_time_hours", 18),
      fact("accelerator_count", 4),
      fact("gpu_hours", 70),
    ]);
    expect([summary.training_time_hours, summary.gpu_hours]).toEqual([18, 70]);
    expect(derived).toEqual([]);
  });

  it("derives nothing from half the inputs", () => {
    const { summary, derived } = summarizePaperFacts([
      fact("time_per_epoch_hours", 2),
      fact("accelerator_count", 4),
    ]);
    expect([summary.training_time_hours, summary.gpu_hours]).toEqual([null, null]);
    expect(derived).toEqual([]);
  });
});

describe("paper summary: abstaining rather than guessing", () => {
  it("does not report a GPU named in related work", () => {
    const paper = readSection("Related Work", "Large models are trained on 1024 TPU v4 chips for months.");
    expect(factsOf(paper, "hardware").map((f) => [f.value, f.context])).toEqual([["google-tpu-v4", "other"]]);
    expect(paper.summary).toMatchObject({ hardware: null, accelerator_count: null });
  });

  it("does not report a cited baseline's GPUs", () => {
    for (const sentence of [
      "The baseline of [12] was trained on 64 V100 GPUs.",
      "The baseline (Alpha et al., 2021) was trained on 64 V100 GPUs.",
    ]) {
      const paper = readSection("Experiments", sentence);
      expect(factsOf(paper, "accelerator_count").map((f) => [f.value, f.context])).toEqual([[64, "other"]]);
      expect(paper.summary).toMatchObject({ hardware: null, accelerator_count: null });
    }
  });

  it("does not report a deployment claim as the training setup", () => {
    const paper = readSection("Experiments", "Our model can be deployed on a single GPU.");
    expect(factsOf(paper, "accelerator_count").map((f) => [f.value, f.context])).toEqual([[1, "inference"]]);
    expect(paper.summary.accelerator_count).toBeNull();
  });

  it("keeps the training count when a deployment claim follows it", () => {
    const paper = readSection(
      "Experiments",
      "We train TinyNet on 8 A100 GPUs. Our model can then be deployed on a single GPU.",
    );
    expect(paper.summary).toMatchObject({ hardware: "nvidia-a100", accelerator_count: 8 });
  });

  it("does not report a code listing printed in the paper", () => {
    const paper = readText(
      [
        "1 Introduction\nSmall nets matter.\n2 Implementation Details\nWe train TinyNet on two GPUs.\nListing 1: Training script.\n12 model = TinyNet(depth=4)\n13 # batch size to 64\n14 trainer.fit(model, epochs=90, gpus=8)\nThe script is short.",
      ],
      "pdf",
    );
    expect(factsOf(paper, "batch_size").map((f) => [f.value, f.context])).toEqual([[64, "other"]]);
    expect(factsOf(paper, "epochs").map((f) => [f.value, f.context])).toEqual([[90, "other"]]);
    expect(paper.summary).toMatchObject({ accelerator_count: 2, batch_size: null, epochs: null });
  });

  it("reports the main setup over a per-dataset value stated in the appendix", () => {
    const paper = readText(
      "## Implementation details\n\nWe train TinyNet for 90 epochs on ImageNet.\n\n# Appendix\n\n## SVHN ablation\n\nOn SVHN, the model is trained for 15 epochs.",
    );
    expect(factsOf(paper, "epochs").map((f) => f.value)).toEqual([90, 15]);
    expect(paper.summary.epochs).toBe(90);
  });
});

describe("paper summary: totals and derivations through the reader", () => {
  it("picks the total device count over the per-node count", () => {
    const paper = readSection("Setup", "Each node has 8 GPUs. We train with a total of 16 GPUs.");
    expect(paper.summary.accelerator_count).toBe(16);
  });

  it("picks '4 nodes with 8 GPUs each' = 32 over the per-node figure in the same sentence", () => {
    const paper = readSection("Setup", "We train on 4 nodes with 8 A100 GPUs each.");
    expect(factsOf(paper, "accelerator_count").map((f) => [f.value, f.tags ?? []])).toEqual([
      [8, []],
      [32, ["total"]],
    ]);
    expect(paper.summary).toMatchObject({ hardware: "nvidia-a100", accelerator_count: 32 });
  });

  it("picks the project's total energy over one run's", () => {
    const paper = readSection(
      "Environmental impact",
      "One training run consumed 12 kWh. Overall, the project consumed 240 kWh.",
    );
    expect(paper.summary.energy_kwh).toBe(240);
  });

  it("derives time and GPU-hours from per-epoch time × epochs × devices, with notes", () => {
    const paper = readSection(
      "Implementation details",
      "Each epoch takes 30 minutes on 4 V100 GPUs. We train for 40 epochs.",
    );
    expect(paper.summary).toMatchObject({
      hardware: "nvidia-v100",
      accelerator_count: 4,
      epochs: 40,
      training_time_hours: 20,
      gpu_hours: 80,
    });
    const time = factsOf(paper, "training_time_hours")[0];
    const gpuHours = factsOf(paper, "gpu_hours")[0];
    expect(time?.note).toBe("0.5 h per epoch × 40 epochs");
    expect(gpuHours?.note).toBe("4 devices × 20 h");
    expect(time && evidenceText(paper, time)).toBe("Each epoch takes 30 minutes");
  });

  it("derives GPU-hours from a stated time and device count", () => {
    const paper = readSection("Implementation details", "We train on 8 V100 GPUs for 2 days.");
    expect(paper.summary).toMatchObject({ accelerator_count: 8, training_time_hours: 48, gpu_hours: 384 });
    expect(factsOf(paper, "gpu_hours").map((f) => [f.value, f.note, f.tags])).toEqual([
      [384, "8 devices × 48 h", ["derived"]],
    ]);
  });

  it("reports a stated GPU-hours figure rather than a derived one", () => {
    const paper = readSection(
      "Implementation details",
      "We train on 8 V100 GPUs for 2 days, about 400 GPU hours.",
    );
    expect(paper.summary.gpu_hours).toBe(400);
    expect(factsOf(paper, "gpu_hours").map((f) => f.value)).toEqual([400]);
  });
});
