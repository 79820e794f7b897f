import { contextForPath } from "../../../src/readers/code/roles.js";

describe("contextForPath", () => {
  it("reads training scripts as training, evaluation scripts as inference, tests and vendored code as other", () => {
    expect(contextForPath("train.py")).toBe("training");
    expect(contextForPath("src/main.py")).toBe("training");
    expect(contextForPath("scripts/evaluate.py")).toBe("inference");
    expect(contextForPath("tests/test_model.py")).toBe("other");
    expect(contextForPath("third_party/lib/train.py")).toBe("other");
  });

  it("reads a name that holds 'Eval' inside a word, SemEval, as the venue, not as an evaluation", () => {
    expect(contextForPath("SemEval_2024_Task_2.ipynb")).toBe("training");
    expect(contextForPath("semeval_task4.py")).toBe("training");
    expect(contextForPath("evalModel.py")).toBe("inference");
    expect(contextForPath("evalSemEval.py")).toBe("inference");
  });

  it("keeps a project's own code unpacked into an archive or release folder", () => {
    // A GitHub archive's `name-master/` or a release's `name-1.0/` is as often the authors' own code as a copy of
    // another project's: the path alone cannot tell.
    expect(contextForPath("MyProj-main/train.py")).toBe("training");
    expect(contextForPath("code-1.0/train.py")).toBe("training");
  });

  it("reads hidden folders as other, except Hydra's record of a run's config", () => {
    expect(contextForPath("src/.Trash/train.lua")).toBe("other");
    expect(contextForPath("notebooks/.ipynb_checkpoints/train-checkpoint.ipynb")).toBe("other");
    expect(contextForPath(".github/workflows/ci.yml")).toBe("other");
    expect(contextForPath("outputs/2024-01-01/.hydra/config.yaml")).toBe("training");
    expect(contextForPath("./train.py")).toBe("training");
  });

  it("reads environment folders (a simulator's definitions) as other, not a script named for its environment", () => {
    expect(contextForPath("envs/warp_sim_envs/env_ant.py")).toBe("other");
    expect(contextForPath("src/environments/cartpole.py")).toBe("other");
    expect(contextForPath("train_env.py")).toBe("training");
    expect(contextForPath("envelope/train.py")).toBe("training");
    // A Hydra config group named env (`defaults: [env: ant]`) holds the run's settings.
    expect(contextForPath("cfgs/env/ant.yaml")).toBe("training");
  });

  it("reads hidden files (a tool's settings) and backup folders as other", () => {
    expect(contextForPath(".mergify.yml")).toBe("other");
    expect(contextForPath("configs/.pre-commit-config.yaml")).toBe("other");
    expect(contextForPath("configs/backup/model_v1.conf")).toBe("other");
    expect(contextForPath("configs/model.conf")).toBe("training");
  });
});
