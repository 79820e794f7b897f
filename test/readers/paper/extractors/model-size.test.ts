import { describe, expect, it } from "@jest/globals";
import { modelSizeExtractor } from "../../../../src/readers/paper/extractors/model-size.js";
import { candidatesOf, evidenceText, onlyFact, readSection, valueAndSpan } from "../helpers.js";

const params = (text: string) =>
  candidatesOf(modelSizeExtractor, text, "params").map((c) => valueAndSpan(text, c));
const flops = (text: string) =>
  candidatesOf(modelSizeExtractor, text, "flops").map((c) => valueAndSpan(text, c));

describe("model-size extractor: parameters", () => {
  it.each([
    ["Our largest model has 175B parameters.", 175e9, "175B parameters"],
    ["We train a 1.3 billion parameter model.", 1.3e9, "1.3 billion parameter model"],
    ["The encoder has 110M parameters.", 110e6, "110M parameters"],
    ["We train a 1.3B-parameter model.", 1.3e9, "1.3B-parameter model"],
    ["TinyNet has 1,200,000 trainable parameters.", 1.2e6, "1,200,000 trainable parameters"],
    ["Number of parameters: 350M", 350e6, "Number of parameters: 350M"],
    ["#params: 25M", 25e6, "#params: 25M"],
    ["Params | 12.5M", 12.5e6, "Params | 12.5M"],
  ])("reads %j as %d parameters", (text, count, span) => {
    expect(params(text)).toEqual([[count, span]]);
  });

  it("tags the active parameters of a mixture of experts", () => {
    const found = candidatesOf(
      modelSizeExtractor,
      "The mixture has 47B total parameters and 13B active parameters.",
      "params",
    );
    expect(found.map((c) => [c.value, c.tags])).toEqual([
      [47e9, []],
      [13e9, ["active"]],
    ]);
  });

  it("does not read a handful of hyper-parameters as a model size", () => {
    expect(params("We tune 3 parameters.")).toEqual([]);
    expect(params("The schedule has 500 parameters.")).toEqual([]);
  });
});

describe("model-size extractor: training FLOPs", () => {
  it.each([
    ["Training consumed 3.14e23 FLOPs.", 3.14e23, "3.14e23 FLOPs"],
    ["Training used 2.5 × 10^22 FLOPs in total.", 2.5e22, "2.5 × 10^22 FLOPs"],
    ["Training needs 6 × 10^20 floating point operations.", 6e20, "6 × 10^20 floating point operations"],
    ["The model costs 2 ZFLOPs to train.", 2e21, "2 ZFLOPs"],
    ["The budget is 1e21 FLOPs.", 1e21, "1e21 FLOPs"],
  ])("reads %j", (text, total, span) => {
    expect(flops(text)).toEqual([[total, span]]);
  });

  it("reads PF-days and petaflop/s-days as FLOPs", () => {
    const [pfDays] = candidatesOf(
      modelSizeExtractor,
      "The total training compute is 3,640 PF-days.",
      "flops",
    );
    expect(pfDays?.raw).toBe("3,640 PF-days");
    expect((pfDays?.value as number) / (3640 * 1e15 * 86400)).toBeCloseTo(1, 12);
    const [petaflopDays] = candidatesOf(modelSizeExtractor, "Training takes 5 petaflop/s-days.", "flops");
    expect((petaflopDays?.value as number) / (5 * 1e15 * 86400)).toBeCloseTo(1, 12);
  });

  it("is more confident when the sentence speaks of training or compute", () => {
    const [training] = candidatesOf(modelSizeExtractor, "Training used 1e21 FLOPs.", "flops");
    const [bare] = candidatesOf(modelSizeExtractor, "It amounts to 1e21 FLOPs.", "flops");
    expect(training?.confidence).toBeCloseTo(0.8, 10);
    expect(bare?.confidence).toBeCloseTo(0.6, 10);
  });

  it("skips rates such as TFLOPS and FLOP/s", () => {
    expect(flops("The A100 delivers 312 TFLOPS of peak throughput.")).toEqual([]);
    expect(flops("Training ran at 2 PFLOP/s.")).toEqual([]);
    expect(flops("We sustain 3 PFLOPS of throughput.")).toEqual([]);
  });

  it("skips per-sample and per-step costs and anything below a petaFLOP", () => {
    expect(flops("Our model requires 4.1 GFLOPs per image.")).toEqual([]);
    expect(flops("We count 3.2 PFLOPs per step.")).toEqual([]);
    expect(flops("A forward pass costs 12 GFLOPs.")).toEqual([]);
  });
});

describe("model-size extractor: through the reader", () => {
  it("points the evidence at the number and its unit", () => {
    const paper = readSection(
      "Model",
      "We train TinyNet, a 1.3B-parameter model, with 2.5e21 FLOPs of compute.",
    );
    const size = onlyFact(paper, "params");
    const compute = onlyFact(paper, "flops");
    expect([size.value, evidenceText(paper, size)]).toEqual([1.3e9, "1.3B-parameter model"]);
    expect([compute.value, evidenceText(paper, compute)]).toEqual([2.5e21, "2.5e21 FLOPs"]);
    expect(paper.summary).toMatchObject({ params: 1.3e9, flops: 2.5e21 });
  });
});
