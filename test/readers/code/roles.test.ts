import { contextForPath } from "../../../src/readers/code/roles.js";

describe("contextForPath", () => {
  it("reads training scripts as training, evaluation scripts as inference, tests and vendored code as other", () => {
    expect(contextForPath("train.py")).toBe("training");
    expect(contextForPath("src/main.py")).toBe("training");
    expect(contextForPath("scripts/evaluate.py")).toBe("inference");
    expect(contextForPath("tests/test_model.py")).toBe("other");
    expect(contextForPath("third_party/lib/train.py")).toBe("other");
  });

  it("reads copies of other projects (a GitHub archive, a versioned release) as other", () => {
    expect(contextForPath("transformers-master/examples/run_squad.py")).toBe("other");
    expect(contextForPath("libs/fastBPE-main/setup.py")).toBe("other");
    expect(contextForPath("flash-attention-2.8.0/training/configs/gpt2.yaml")).toBe("other");
    expect(contextForPath("deps/detectron2-v0.6/tools/train_net.py")).toBe("other");
    // A version in a file's own name, or a directory named for a model size, is not a release copy.
    expect(contextForPath("train_v2.0.py")).toBe("training");
    expect(contextForPath("resnet50/train.py")).toBe("training");
    expect(contextForPath("main/train.py")).toBe("training");
  });

  it("reads hidden folders as other, except Hydra's record of a run's config", () => {
    expect(contextForPath("src/.Trash/train.lua")).toBe("other");
    expect(contextForPath("notebooks/.ipynb_checkpoints/train-checkpoint.ipynb")).toBe("other");
    expect(contextForPath(".github/workflows/ci.yml")).toBe("other");
    expect(contextForPath("outputs/2024-01-01/.hydra/config.yaml")).toBe("training");
    expect(contextForPath("./train.py")).toBe("training");
  });
});
