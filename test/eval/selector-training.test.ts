import { describe, expect, it } from "@jest/globals";
import { PAPER_TASK, chooseThresholds, type LabelledPaper } from "../../src/eval/selector-training.js";

/** One paper whose only epochs candidate is right: the model gives it `probability`. */
const paper = (id: string): LabelledPaper => ({
  id,
  set: "dev",
  candidates: [{ f: "epochs", v: 90, y: 1, x: [] }],
  labels: { epochs: [90] },
});

describe("chooseThresholds", () => {
  const papers = [paper("a"), paper("b")];
  const probabilities = new Map([
    ["a", Float32Array.of(0.4)],
    ["b", Float32Array.of(0.9)],
  ]);

  it("keeps the paper selector's report threshold at even odds, even where a lower one scores better", () => {
    expect(chooseThresholds(papers, probabilities, 0, PAPER_TASK).report).toBe(0.5);
  });

  it("chooses the best micro-F1 threshold for a task without a fixed one", () => {
    const { report: _fixed, ...tuned } = PAPER_TASK;
    expect(chooseThresholds(papers, probabilities, 0, tuned).report).toBeLessThanOrEqual(0.4);
  });
});
