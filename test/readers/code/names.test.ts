import table from "../../../src/readers/code/data/parameter-names.json" with { type: "json" };
import {
  checkpointName,
  interpretValue,
  isEvaluationName,
  isNonTrainingHelp,
  meaningOfName,
} from "../../../src/readers/code/names.js";
import { isCandidateLine, NAME_STEMS } from "../../../src/readers/code/python/scan.js";

describe("parameter names", () => {
  it("maps spellings of one setting to one field after normalisation", () => {
    expect(meaningOfName("--num-train-epochs")?.field).toBe("epochs");
    expect(meaningOfName("trainer.max_epochs")?.field).toBe("epochs");
    expect(meaningOfName("TRAIN_BATCH_SIZE")?.field).toBe("batch_size");
    expect(meaningOfName("nproc_per_node")?.field).toBe("accelerator_count");
    expect(meaningOfName("accumulate_grad_batches")?.field).toBe("gradient_accumulation");
  });

  it("reads camelCase names and per-device spellings of the batch and the device count", () => {
    expect(meaningOfName("trainingEpochs")?.field).toBe("epochs");
    expect(meaningOfName("self.batchSize")?.field).toBe("batch_size");
    expect(meaningOfName("numGPUs")?.field).toBe("accelerator_count");
    expect(meaningOfName("per_device_batch_size")?.tags).toEqual(["per_device"]);
    expect(meaningOfName("local_batch_size")?.field).toBe("batch_size");
    expect(meaningOfName("n_gpus_per_node")?.field).toBe("accelerator_count");
    // Glued camelCase the table lists whole.
    expect(meaningOfName("bSize")?.field).toBe("batch_size");
    // All capitals stay one word per underscore.
    expect(meaningOfName("MAX_EPOCHS")?.field).toBe("epochs");
  });

  it("reads a stage's epochs and batch, and what one batch holds", () => {
    expect(meaningOfName("--bc-epochs")).toMatchObject({ field: "epochs", weight: 0.8 });
    expect(meaningOfName("sft_batch_size")?.field).toBe("batch_size");
    expect(meaningOfName("stage2_epochs")?.field).toBe("epochs");
    expect(meaningOfName("games_per_batch")?.field).toBe("batch_size");
    // Reinforcement learning's inner loops stay unread.
    expect(meaningOfName("ppo_epochs")).toBeNull();
    expect(meaningOfName("batches_per_epoch")).toBeNull();
  });

  it("reads federated learning's local epochs per round as epochs, but no other local setting", () => {
    for (const name of ["local_epochs", "--local-epochs", "LOCAL_EPOCHS", "num_local_epochs", "localEpochs"])
      expect([name, meaningOfName(name)?.field, meaningOfName(name)?.weight]).toEqual([name, "epochs", 0.8]);
    for (const name of ["local_rank", "local_lr", "local_epoch_time", "local_iters_per_epoch"])
      expect([name, meaningOfName(name)]).toEqual([name, null]);
  });

  it("reads a bilevel or meta-learning run's outer loop as its steps, and leaves the inner loop unread", () => {
    expect(meaningOfName("--outer_steps")).toMatchObject({ field: "steps", weight: 0.7 });
    expect(meaningOfName("num_outer_iters")?.field).toBe("steps");
    expect(meaningOfName("meta_iterations")?.field).toBe("steps");
    expect(meaningOfName("n_meta_updates")?.field).toBe("steps");
    expect(meaningOfName("inner_steps")).toBeNull();
    expect(meaningOfName("num_inner_iters")).toBeNull();
    expect(meaningOfName("meta_batch_size")?.field).not.toBe("steps");
    expect(meaningOfName("outer_lr")).toBeNull();
    // A singular is a step size: Reptile's `--meta-step 0.1`.
    expect(meaningOfName("--meta-step")?.field).not.toBe("steps");
    expect(meaningOfName("outer_step")?.field).not.toBe("steps");
  });

  it("reads a name's help text for what the setting counts", () => {
    expect(
      isNonTrainingHelp("how many training CPU processes to use (default: 16)", "accelerator_count"),
    ).toBe(true);
    expect(isNonTrainingHelp("number of parallel environments", "accelerator_count")).toBe(true);
    expect(isNonTrainingHelp("number of GPU processes (one per device)", "accelerator_count")).toBe(false);
    expect(isNonTrainingHelp("number of distributed workers", "accelerator_count")).toBe(false);
    expect(isNonTrainingHelp("number of worker processes per machine", "accelerator_count")).toBe(false);
    expect(isNonTrainingHelp("number of data loading workers", "accelerator_count")).toBe(true);
    expect(isNonTrainingHelp("number of forward steps in A2C", "steps")).toBe(true);
    expect(isNonTrainingHelp("rollout length per update", "steps")).toBe(true);
    expect(isNonTrainingHelp("total number of training steps", "steps")).toBe(false);
    expect(isNonTrainingHelp("total rollout steps over training", "steps")).toBe(false);
    // The field-blind reading stays: an evaluation setting is no training setting.
    expect(isNonTrainingHelp("batch size for evaluation", "batch_size")).toBe(true);
    expect(isNonTrainingHelp("how many CPU workers", "batch_size")).toBe(false);
    // Episodes a training batch holds are training: "optimize" says so.
    expect(isNonTrainingHelp("number of episodes to optimize at the same time", "batch_size")).toBe(false);
    expect(isNonTrainingHelp("number of episodes per evaluation", "batch_size")).toBe(true);
  });

  it("leaves evaluation sizes, worker counts and warm-up lengths unread", () => {
    for (const name of [
      "eval_batch_size",
      "per_device_eval_batch_size",
      "num_workers",
      "warmup_steps",
      "gpu",
    ]) {
      expect(meaningOfName(name)).toBeNull();
    }
  });

  it("reads a bare number under an id-list name as one device index, not a count", () => {
    const ids = meaningOfName("gpu_ids")!;
    expect(interpretValue(ids, "3")).toBe(1);
    expect(interpretValue(ids, '"0,1,2"')).toBe(3);
    expect(interpretValue(meaningOfName("gpus")!, "3")).toBe(3);
  });

  it("keeps only checkpoint names that identify a model", () => {
    expect(checkpointName("bert-base-uncased")).toBe("bert-base-uncased");
    expect(checkpointName("openbmb/MiniCPM-2B")).toBe("openbmb/MiniCPM-2B");
    expect(checkpointName("spandetect")).toBeNull();
    expect(checkpointName("./checkpoints/last.ckpt")).toBeNull();
    expect(checkpointName("configs/model")).toBeNull();
  });

  it("recognises evaluation names by their words", () => {
    expect(isEvaluationName("val_dataloader")).toBe(true);
    expect(isEvaluationName("test")).toBe(true);
    expect(isEvaluationName("validation_step")).toBe(true);
    expect(isEvaluationName("train_dataloader")).toBe(false);
    expect(isEvaluationName("interval")).toBe(false);
  });

  it("finds every known name with the line prefilter's stems", () => {
    const missing = table.entries
      .flatMap((entry) => entry.names)
      .filter((name) => !new RegExp(NAME_STEMS.source).test(name));
    expect(missing).toEqual([]);
  });

  it("marks lines that assign, pass or define a known name, and not lines that only use it", () => {
    expect(isCandidateLine("EPOCHS = 200")).toBe(true);
    expect(isCandidateLine("trainer = Trainer(max_epochs=3)")).toBe(true);
    expect(isCandidateLine('    "batch_size": 128,')).toBe(true);
    expect(isCandidateLine("parser.add_argument('--batch-size', type=int)")).toBe(true);
    expect(isCandidateLine("for batch in loader:")).toBe(false);
    expect(isCandidateLine("if epochs == 3:")).toBe(false);
  });

  it("reads step and epoch names by their parts: count prefix, train infix, singular or plural", () => {
    for (const name of [
      "n_update",
      "n_updates",
      "n_train_iter",
      "n_train_iters",
      "num_train_iter",
      "nsteps",
      "n_steps",
      "total_step",
      "nb_iterations",
    ]) {
      expect([name, meaningOfName(name)?.field]).toEqual([name, "steps"]);
    }
    for (const name of ["total_epoch", "n_train_epochs", "num_training_epoch"]) {
      expect([name, meaningOfName(name)?.field]).toEqual([name, "epochs"]);
    }
    // Generic spellings weigh less than the table's own names.
    expect(meaningOfName("n_update")!.weight).toBeLessThan(meaningOfName("max_steps")!.weight);
    // Alone, a stem is a loop variable; `n_step` is an n-step return; inner/warm-up/eval counts are not the run's.
    for (const name of [
      "steps",
      "step",
      "update",
      "iters_done",
      "n_step",
      "n_inner_update",
      "warmup_steps",
      "eval_steps",
      "num_train_timesteps",
      "num_timesteps",
    ]) {
      expect([name, meaningOfName(name)]).toEqual([name, null]);
    }
  });

  it("reads the misspelt plural `epoches`, `epochs_to_run` and Avalanche's `train_mb_size`", () => {
    for (const name of ["epoches", "max_epoches", "FLAGS.epoches", "epochs_to_run"])
      expect([name, meaningOfName(name)?.field]).toEqual([name, "epochs"]);
    expect(meaningOfName("epoches")!.weight).toBe(meaningOfName("epochs")!.weight);
    expect(meaningOfName("train_mb_size")?.field).toBe("batch_size");
    // Avalanche's evaluation batch is not the training batch.
    expect(meaningOfName("eval_mb_size")).toBeNull();
  });

  it("reads an epoch cap written after the stem (`epoch_lim`, `epochs_limit`), not other limits", () => {
    for (const name of ["epoch_lim", "epochs_limit", "train_epoch_limit"])
      expect([name, meaningOfName(name)?.field]).toEqual([name, "epochs"]);
    for (const name of ["time_limit", "epoch_limit_reached", "step_limit", "lim_epoch"])
      expect([name, meaningOfName(name)?.field]).toEqual([name, undefined]);
    expect(isCandidateLine("    epoch_lim = 300")).toBe(true);
  });

  it("reads reinforcement-learning run lengths as environment steps", () => {
    for (const name of ["total_timesteps", "max_time_steps", "max_timesteps", "num_env_steps"]) {
      const meaning = meaningOfName(name);
      expect([name, meaning?.field, meaning?.tags]).toEqual([name, "steps", ["env_steps"]]);
    }
  });

  it("reads qualified id lists, batch abbreviations, MindSpore's epoch_size and `default_` names", () => {
    expect(meaningOfName("--cuda-device-ids")?.semantics).toBe("id_list");
    expect(meaningOfName("train_gpu_ids")?.semantics).toBe("id_list");
    expect(interpretValue(meaningOfName("--device")!, "0,1,2,3")).toBe(4);
    expect(interpretValue(meaningOfName("--device")!, "cpu")).toBeNull();
    for (const name of ["bsize", "minibatch", "--bsz"]) expect(meaningOfName(name)?.field).toBe("batch_size");
    expect(meaningOfName("epoch_size")).toMatchObject({ field: "epochs", weight: 0.6 });
    expect(meaningOfName("default_max_steps")?.field).toBe("steps");
  });

  it("weighs down and tags steps nested under an inner solver, but not a training solver's", () => {
    const inner = meaningOfName("n_iter", ["dcem", "params"])!;
    expect(inner.tags).toContain("auxiliary");
    expect(inner.weight).toBeLessThan(meaningOfName("n_iter")!.weight);
    expect(meaningOfName("n_iter", ["full_ctrl_opts"])!.tags).toContain("auxiliary");
    expect(meaningOfName("MAX_ITER", ["SOLVER"])!.tags).not.toContain("auxiliary");
    expect(meaningOfName("batch_size", ["inner"])!.tags).not.toContain("auxiliary");
  });

  it("weighs down by half and tags as debug the settings of a debug, dry-run or smoke section", () => {
    for (const parents of [
      ["debug"],
      ["trainer", "smoke_test"],
      ["dry_run"],
      ["fast_dev_run"],
      ["DEBUG_CFG"],
    ]) {
      const meaning = meaningOfName("epochs", parents)!;
      expect(meaning.tags).toContain("debug");
      expect(meaning.weight).toBeCloseTo(meaningOfName("epochs")!.weight / 2);
    }
    expect(meaningOfName("batch_size", ["train", "optim"])!.tags).not.toContain("debug");
    expect(meaningOfName("batch_size", ["debugger_port_settings"])!.tags).toContain("debug");
  });

  it("passes generically named settings through the line prefilter", () => {
    expect(isCandidateLine("    n_update: int = 100000")).toBe(true);
    expect(isCandidateLine("cfg['total_timesteps'] = 1e6")).toBe(true);
    expect(isCandidateLine("num_epochs_classifier = 100")).toBe(true);
    expect(isCandidateLine("    gan_epochs: int = 50")).toBe(true);
  });

  it("reads a setting qualified by the model part or stage it trains, weighed less", () => {
    for (const [name, field] of [
      ["num_epochs_classifier", "epochs"],
      ["batch_size_generator", "batch_size"],
      ["--epochs-pretrain", "epochs"],
      ["n_iters_stage2", "steps"],
      ["gan_epochs", "epochs"],
      ["clf_batch_size", "batch_size"],
      ["epochs_per_task", "epochs"],
    ] as const) {
      const meaning = meaningOfName(name);
      expect([name, meaning?.field]).toEqual([name, field]);
      expect(meaning!.weight).toBeLessThan(1);
    }
    // Other qualifiers name other settings.
    for (const name of [
      "batch_size_eval",
      "epochs_per_eval",
      "epochs_per_round",
      "hidden_size_encoder",
      "lr_model",
      "gan_lr",
      "eval_epochs",
      "gen_batch_size",
      "policy_epochs",
      "critic_iters",
      "disc_iters",
      "actor_batch_size",
      "vae_steps",
    ])
      expect([name, meaningOfName(name)]).toEqual([name, null]);
  });

  it("reads a private attribute's name, and not `epoch_count` (CycleGAN's starting epoch)", () => {
    expect(meaningOfName("epoch_count")).toBeNull();
    expect(meaningOfName("self._batch_size")?.field).toBe("batch_size");
    expect(meaningOfName("_EPOCHS")?.field).toBe("epochs");
  });
});
