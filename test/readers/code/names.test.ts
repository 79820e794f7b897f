import table from "../../../src/readers/code/data/parameter-names.json" with { type: "json" };
import {
  checkpointName,
  interpretValue,
  isEvaluationName,
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
});
