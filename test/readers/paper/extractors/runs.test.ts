import { describe, expect, it } from "@jest/globals";
import { runsExtractor } from "../../../../src/readers/paper/extractors/runs.js";
import { factsOf, readSection, sentenceView } from "../helpers.js";

/** [field, value, span] of every candidate, in order. */
const repeats = (text: string) =>
  runsExtractor.extract(sentenceView(text)).map((c) => [c.field, c.value, text.slice(c.start, c.end)]);

describe("runs extractor", () => {
  it.each([
    ["Results are averaged over 5 random seeds.", "5 random seeds", 5],
    ["We use three different random seeds.", "three different random seeds", 3],
  ])("reads seeds in %j", (text, span, count) => {
    expect(repeats(text)).toEqual([["seeds", count, span]]);
  });

  it.each([
    ["We report the mean of 10 independent runs.", "10 independent runs", 10],
    ["Each experiment is repeated 3 times.", "repeated 3 times", 3],
    ["Results are averaged over 4 runs.", "averaged over 4 runs", 4],
  ])("reads repeated runs in %j", (text, span, count) => {
    expect(repeats(text)).toEqual([["runs", count, span]]);
  });

  it.each([
    ["We run a random search over 50 trials with Optuna.", "search over 50 trials", 50],
    ["The hyperparameter search used 20 configurations.", "search used 20 configurations", 20],
    [
      "We tried 24 hyperparameter combinations in a grid search.",
      "24 hyperparameter combinations in a grid",
      24,
    ],
  ])("reads hyper-parameter trials in %j, not as runs", (text, span, count) => {
    expect(repeats(text)).toEqual([["hp_trials", count, span]]);
  });

  it("reads seeds and runs stated together", () => {
    expect(repeats("We use 3 seeds and report the mean over 3 runs.")).toEqual([
      ["seeds", 3, "3 seeds"],
      ["runs", 3, "3 runs"],
    ]);
  });

  it("reads nothing in a sentence without repetitions", () => {
    expect(repeats("The model has 12 layers and 4 heads.")).toEqual([]);
  });

  it("keeps run counts out of the summary, which has no field for them", () => {
    const paper = readSection("Experiments", "We train TinyNet with 5 random seeds.");
    expect(factsOf(paper, "seeds").map((f) => f.value)).toEqual([5]);
    expect(Object.values(paper.summary).every((v) => v === null)).toBe(true);
  });
});
