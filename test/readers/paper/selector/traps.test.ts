/**
 * The trained selector on short papers we wrote, each with a trap the rules fell into on real papers
 * (fixtures/papers/selector/README.md). They run the whole reader: load, candidates, the shipped model, the
 * choice, and the evidence the checklist would cite.
 */
import { readPaper } from "../../../../src/readers/paper/index.js";

const read = (name: string) => readPaper(`fixtures/papers/selector/${name}.md`);

describe("the paper selector on papers it has never seen", () => {
  it("takes our run, not the prior work of the related-work section", async () => {
    const paper = await read("related-work");
    expect(paper.summary).toMatchObject({
      hardware: "nvidia-rtx-3090",
      accelerator_count: 1,
      training_time_hours: 12,
      epochs: 10,
      batch_size: 32,
      params: null,
    });
    const hardware = paper.chosen.hardware!.fact;
    expect(hardware.evidence).toMatchObject({ kind: "paper", quote: expect.stringContaining("RTX 3090") });
  });

  it("counts the GPUs of the run, not the GPUs per node", async () => {
    const paper = await read("per-node");
    expect(paper.summary).toMatchObject({
      hardware: "nvidia-v100",
      accelerator_count: 32,
      training_time_hours: 72,
    });
    // GPU-hours computed from the two chosen values, with the step shown.
    expect(paper.summary.gpu_hours).toBe(2304);
  });

  it("reports the pre-training run, not the fine-tuning beside it", async () => {
    const paper = await read("fine-tuning");
    expect(paper.summary).toMatchObject({ epochs: 300, batch_size: 4096, hardware: "google-tpu-v3" });
    expect(paper.chosen.epochs!.fact.evidence).toMatchObject({ quote: expect.stringContaining("pre-train") });
  });

  it("reads epochs and batch size stated only in a hyper-parameter table", async () => {
    const paper = await read("table-epochs");
    expect(paper.summary).toMatchObject({ epochs: 200, batch_size: 128, hardware: "nvidia-a100" });
    expect(paper.chosen.epochs!.fact.evidence).toMatchObject({ quote: expect.stringMatching(/Epochs.*200/) });
  });

  it("never mixes runs: a baseline's epochs are not the main run's", async () => {
    const paper = await read("mixed-runs");
    expect(paper.summary).toMatchObject({
      hardware: "nvidia-a100",
      accelerator_count: 16,
      batch_size: 512,
      params: 1.3e9,
      steps: 100_000,
      epochs: null,
    });
  });

  it("gives every value the selector chose a probability beside the summary, never inside it", async () => {
    const paper = await read("mixed-runs");
    for (const value of Object.values(paper.summary))
      expect(value === null || typeof value === "number" || typeof value === "string").toBe(true);
    expect(paper.summary_confidence.batch_size).toEqual({ probability: expect.any(Number), status: "found" });
    expect(paper.summary_confidence.accelerator_count?.status).toMatch(/^(found|confirm)$/);
    expect(paper.summary_confidence.epochs).toBeUndefined();
  });
});
