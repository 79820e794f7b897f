/**
 * Inputs the first version of the reader got wrong (found while writing the unit tests), kept as tests so
 * they stay fixed.
 */
import { dehyphenate } from "../../../src/readers/paper/clean.js";
import { parseNumber } from "../../../src/readers/paper/quantities.js";
import { evidenceText, factsOf, readSection, valuesOf } from "./helpers.js";

const setup = (body: string) => readSection("Implementation details", body);

describe("regressions of the paper reader", () => {
  it("reads no batch size from a range, a product or a ratio", () => {
    for (const text of [
      "We use a batch size of 16-32 depending on memory.",
      "We use a batch size of 32×8.",
      "We use a batch size of 128/256.",
      "We use a batch size of 1,024-2,048.",
    ]) {
      expect([text, valuesOf(setup(text), "batch_size")]).toEqual([text, []]);
    }
  });

  it("keeps counterfactual runs out of the summary", () => {
    const paper = setup("Without distillation, training would take 3 weeks on one GPU.");
    expect(paper.summary.accelerator_count).toBeNull();
    expect(paper.summary.training_time_hours).toBeNull();
    expect(paper.summary.gpu_hours).toBeNull();
  });

  it("reads a deployment claim as inference even when it says 'trained'", () => {
    const paper = setup("We train TinyNet for 3 days. Once trained, it can be deployed on a single GPU.");
    expect(paper.summary.training_time_hours).toBe(72);
    expect(paper.summary.accelerator_count).toBeNull();
    expect(paper.summary.gpu_hours).toBeNull();
  });

  it("does not read 'one experiment per GPU' as one GPU", () => {
    expect(setup("We run one experiment per GPU.").summary.accelerator_count).toBeNull();
  });

  it("reads a 'v3-32 TPU pod slice' as 16 TPU v3 chips", () => {
    const paper = setup("Pre-training used a v3-32 TPU pod slice for two weeks.");
    expect(paper.summary.hardware).toBe("google-tpu-v3");
    expect(paper.summary.accelerator_count).toBe(16);
  });

  it("parses multiplied number words", () => {
    expect(parseNumber("two dozen")).toBe(24);
    expect(parseNumber("two thousand five hundred")).toBe(2500);
    expect(setup("We train on two dozen GPUs.").summary.accelerator_count).toBe(24);
  });

  it("prefers the total over a per-node count", () => {
    const paper = setup("We use 8 GPUs per node. In total, we use 32 GPUs across 4 nodes.");
    expect(paper.summary.accelerator_count).toBe(32);
    const perNode = factsOf(paper, "accelerator_count").find((f) => f.value === 8);
    expect(perNode?.tags).toContain("per_node");
  });

  it("points the evidence of a count written after the device at that text", () => {
    const paper = setup("We train on A100 GPUs ×8.");
    const count = factsOf(paper, "accelerator_count")[0];
    expect(count?.value).toBe(8);
    expect(count && evidenceText(paper, count)).toBe("A100 GPUs ×8");
  });

  it("prefers the global batch size over the per-device one", () => {
    const paper = setup("We use a per-device batch size of 64. The global batch size is 512.");
    expect(paper.summary.batch_size).toBe(512);
  });

  it("reads PFLOPS as a rate, not as training compute", () => {
    expect(setup("We train at 4 PFLOPS for a day.").summary.flops).toBeNull();
    expect(setup("The cluster peaks at 4 PFLOPS.").summary.flops).toBeNull();
    expect(setup("Training the model required 3.1e21 FLOPs in total.").summary.flops).toBe(3.1e21);
  });

  it("reads a training time written with a colon or in a table row", () => {
    expect(setup("Training time: 36 h").summary.training_time_hours).toBe(36);
    expect(setup("Wall-clock time: 2 days for the full training.").summary.training_time_hours).toBe(48);
    expect(readSection("Setup", "Training time | 36 h\n").summary.training_time_hours).toBe(36);
  });

  it("reads tuning trials as hyper-parameter trials and 'repeat ... times' as runs", () => {
    const optuna = setup("Optuna ran 100 trials.");
    expect(valuesOf(optuna, "hp_trials")).toEqual([100]);
    expect(valuesOf(optuna, "runs")).toEqual([]);
    expect(valuesOf(setup("We repeat each experiment 3 times."), "runs")).toEqual([3]);
  });

  it("gives every extracted fact an evidence span equal to its raw text", () => {
    const paper = setup(
      "We train on 4 V100 GPUs with 32GB of memory, with batch size 256, for 3 days. Training emitted 2.3 tCO2eq. Another run emitted 12.5 kg CO2e.",
    );
    const extracted = paper.facts.filter((f) => !f.tags?.includes("derived"));
    expect(extracted.length).toBeGreaterThan(5);
    for (const fact of extracted)
      expect([fact.field, evidenceText(paper, fact)]).toEqual([fact.field, fact.raw]);
  });

  it("tags 'a total of 16 A100 GPUs' as a total", () => {
    const count = factsOf(setup("We use a total of 16 A100 GPUs."), "accelerator_count")[0];
    expect(count?.value).toBe(16);
    expect(count?.tags).toContain("total");
  });

  it("reads '2 days and 6 hours' as one duration, at full confidence", () => {
    const paper = setup("The training time was 2 days and 6 hours.");
    const time = factsOf(paper, "training_time_hours")[0];
    expect(time?.value).toBe(54);
    expect(time?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("tags a twice-derived value once", () => {
    const paper = setup("We train for 10 epochs on 2 GPUs; each epoch takes 3 hours.");
    const gpuHours = factsOf(paper, "gpu_hours")[0];
    expect(gpuHours?.value).toBe(60);
    expect(gpuHours?.tags?.filter((t) => t === "derived")).toEqual(["derived"]);
  });

  it("keeps the hyphen of a compound split at a line end", () => {
    expect(dehyphenate("state-of-the-\nart models")).toBe("state-of-the-art models");
    expect(dehyphenate("the devel-\nopment")).toBe("the development");
  });

  it("finds the RTX 3060", () => {
    expect(setup("We train on an RTX 3060 GPU.").summary.hardware).toBe("nvidia-rtx-3060");
  });
});
