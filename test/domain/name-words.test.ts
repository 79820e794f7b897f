import { describe, expect, it } from "@jest/globals";
import { distinctiveWords, openingWords } from "../../src/domain/name-words.js";

describe("distinctive words", () => {
  it("splits paths at punctuation, underscores and camel case, and drops generic and short words", () => {
    expect([...distinctiveWords("experiments/run_scaling_nlhe.py")]).toEqual(["scaling", "nlhe"]);
    expect([...distinctiveWords("src/RunGroupedTokenTransformer.ipynb")]).toEqual([
      "grouped",
      "token",
      "transformer",
      "rungroupedtokentransformer",
    ]);
    expect([...distinctiveWords("scripts/train_model_v2.sh")]).toEqual([]);
    // A camel-case name also counts whole, as a file name glues it.
    expect([...distinctiveWords("LunarLander and CartPole")]).toEqual([
      "lunar",
      "lander",
      "cart",
      "pole",
      "lunarlander",
      "cartpole",
    ]);
    expect([...distinctiveWords("Errors on CIFAR-10.")]).toEqual(["errors", "cifar", "cifar10"]);
  });

  it("reads the words of a paper's opening only", () => {
    const text = `Scaling Laws for Poker Agents. We study NLHE. ${"filler ".repeat(400)}Appendix: bandits`;
    const words = openingWords(text);
    expect(words).toEqual(expect.arrayContaining(["scaling", "laws", "poker", "agents", "nlhe"]));
    expect(words).not.toContain("bandits");
    expect(words).not.toContain("study");
  });
});
