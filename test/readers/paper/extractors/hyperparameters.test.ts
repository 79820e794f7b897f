import { describe, expect, it } from "@jest/globals";
import { hyperparameterExtractor } from "../../../../src/readers/paper/extractors/hyperparameters.js";
import { candidatesOf, evidenceText, factsOf, readSection, valueAndSpan } from "../helpers.js";

const spans = (
  text: string,
  field: "epochs" | "steps" | "batch_size",
  kind: "prose" | "table_row" = "prose",
) => candidatesOf(hyperparameterExtractor, text, field, { kind }).map((c) => valueAndSpan(text, c));

describe("hyperparameter extractor: epochs that count a training run", () => {
  it.each([
    ["We train for 90 epochs.", 90, "train for 90 epochs"],
    ["We fine-tune the model for three epochs.", 3, "fine-tune the model for three epochs"],
    ["Training runs for 50 epochs with early stopping.", 50, "Training runs for 50 epochs"],
    ["The model is trained for a total of 200 epochs.", 200, "trained for a total of 200 epochs"],
    ["The number of epochs is 30.", 30, "number of epochs is 30"],
    ["The number of epochs for the fine-tuning was 12.", 12, "number of epochs for the fine-tuning was 12"],
    [
      "Number of training epochs during pre-training: 4",
      4,
      "Number of training epochs during pre-training: 4",
    ],
    ["epochs = 50", 50, "epochs = 50"],
    ["Our batch size was 256, the epochs limit was 300 here.", 300, "epochs limit was 300"],
    ["We use the settings epoch=5, lr=1e-4.", 5, "epoch=5"],
    ["All experiments have 13 epochs, and dropout is 0.75.", 13, "experiments have 13 epochs"],
    ["We use 3 epochs of fine-tuning.", 3, "3 epochs of fine-tuning"],
    ["We train the 2.7B model for 10 epochs.", 10, "train the 2.7B model for 10 epochs"],
    ["All models are trained for one epoch over the corpus.", 1, "trained for one epoch"],
    ["The classifier is fine-tuned for only 1 epoch.", 1, "fine-tuned for only 1 epoch"],
  ])("reads %j as %d epochs", (text, epochs, span) => {
    expect(spans(text, "epochs")).toEqual([[epochs, span]]);
  });

  it("reads a singular epoch only as one, and not a warm-up or a pace", () => {
    expect(spans("We train for one epoch of warm-up, then decay.", "epochs")).toEqual([]);
    expect(spans("We train for one epoch per stage.", "epochs")).toEqual([]);
    expect(spans("The model converges in one epoch.", "epochs")).toEqual([]);
    // A time per epoch is not the run's length.
    expect(spans("Training for one epoch takes about 3 hours on 8 V100 GPUs.", "epochs")).toEqual([]);
    expect(spans("We measure the time to train for one epoch.", "epochs")).toEqual([]);
    // A window of a stopping rule is not the run's length either.
    expect(
      spans(
        "Training is stopped once the mean loss stopped falling over one full epoch of size 4096.",
        "epochs",
      ),
    ).toEqual([]);
    expect(spans("Training ends after no gain for one epoch of size 500.", "epochs")).toEqual([]);
    expect(spans("Training stops after no gain for one full epoch of 4096 samples.", "epochs")).toEqual([]);
    expect(spans("Training time is measured for one epoch on a V100.", "epochs")).toEqual([]);
    expect(spans("Training for one epoch on ImageNet requires 3 hours.", "epochs")).toEqual([]);
  });

  it("is more confident with a training verb than with a bare count of epochs", () => {
    const [verb] = candidatesOf(hyperparameterExtractor, "We train for 90 epochs.", "epochs");
    const [bare] = candidatesOf(hyperparameterExtractor, "TinyNet needs 90 epochs.", "epochs");
    expect(verb?.confidence).toBeCloseTo(0.85, 10);
    expect(bare?.value).toBe(90);
    expect(bare?.confidence).toBeCloseTo(0.5, 10);
  });
});

describe("hyperparameter extractor: 'epoch=' outside a list of settings", () => {
  it.each([
    "At epoch=5 we decay the learning rate.",
    "The learning rate is decayed when epoch=30 and epoch=60.",
    "The best checkpoint (epoch=37) is used.",
  ])("reads no count of epochs from %j", (text) => {
    expect(spans(text, "epochs")).toEqual([]);
  });

  it("keeps a comparison of models' epochs at a bare count's confidence", () => {
    const [found] = candidatesOf(
      hyperparameterExtractor,
      "Our models have 100 epochs fewer than the baseline.",
      "epochs",
    );
    expect(found?.confidence).toBe(0.5);
  });
});

describe("hyperparameter extractor: epochs that mark a moment", () => {
  it.each([
    "After 10 epochs, the loss plateaus.",
    "The learning rate decays at epoch 30.",
    "We evaluate every 5 epochs.",
    "We use 10 warm-up epochs.",
    "We use a linear warm-up of 5 epochs.",
    "We stop after 10 epochs without improvement.",
    "The loss drops during the first 3 epochs.",
    "The KL weight is warmed up over 30 epochs.",
    "If the validation loss does not improve for 5 epochs, we lower the learning rate.",
    "Training stops when no improvement is observed for 10 epochs.",
    "We use a patience of 8 epochs.",
    "The final callback stops the training if for 10 epochs there was no improvement in the loss.",
    "Training halts when for 6 epochs there is no significant improvement.",
    "If there is no increase in the test accuracy for 15 epochs we stop training.",
    // A decimal before the count does not end the clause of the pace: it is still a warm-up or a patience.
    "The learning rate is linearly warmed up to 0.1 over 5 epochs.",
    "We train with early stopping when the loss does not improve by 0.01 for 5 epochs.",
    // A contracted negation: the patience, not the run's length.
    "Training stops if the accuracy doesn't improve in 3 epochs.",
    // A run that has stopped improving paces the schedule as a negation does.
    "The learning rate is halved if the validation accuracy has stopped increasing for 10 epochs.",
    "We stop once the loss stops improving for 5 epochs.",
  ])("reads no epoch count in %j", (text) => {
    expect(spans(text, "epochs")).toEqual([]);
  });

  it("keeps a budget stated after a pace and 'and'", () => {
    expect(
      spans("We use a patience of 10 and train for a maximum of 200 epochs.", "epochs").map(([v]) => v),
    ).toEqual([200]);
  });

  it("keeps a budget stated after a pace in the same sentence", () => {
    expect(spans("With a patience of 5, we train for at most 100 epochs.", "epochs")).toEqual([
      [100, "train for at most 100 epochs"],
    ]);
  });

  it("keeps the budget and drops the warm-up in one sentence", () => {
    expect(spans("We train for 90 epochs with a warm-up of 5 epochs.", "epochs")).toEqual([
      [90, "train for 90 epochs"],
    ]);
  });
});

describe("hyperparameter extractor: lists of epochs", () => {
  it("reads every value of '100 and 200 epochs', tagged as a list and pointing at each number", () => {
    const text = "We train for 100 and 200 epochs on MNIST and CIFAR-10, respectively.";
    const found = candidatesOf(hyperparameterExtractor, text, "epochs");
    expect(found.map((c) => [c.value, text.slice(c.start, c.end), c.tags])).toEqual([
      [100, "100", ["list"]],
      [200, "200", ["list"]],
    ]);
    for (const c of found) expect(c.confidence).toBeCloseTo(0.75, 10);
  });

  it("reads a list of three", () => {
    expect(spans("We train for 10, 20 or 40 epochs.", "epochs").map(([v]) => v)).toEqual([10, 20, 40]);
  });

  it("reads the settings a count announces, not the count: 'two epochs (10 and 20)'", () => {
    const text = "Each network was trained with two epochs (10 and 20) and three learning rates.";
    const found = candidatesOf(hyperparameterExtractor, text, "epochs");
    expect(found.map((c) => [c.value, text.slice(c.start, c.end), c.raw, c.tags])).toEqual([
      [10, "10", "10", ["list"]],
      [20, "20", "20", ["list"]],
    ]);
    // In a table row, the listed values lose what the count would have lost.
    const prose = candidatesOf(hyperparameterExtractor, "We train for two epochs (10 and 20).", "epochs");
    const row = candidatesOf(hyperparameterExtractor, "We train for two epochs (10 and 20).", "epochs", {
      kind: "table_row",
    });
    expect(row.map((c) => c.confidence)).toEqual(prose.map((c) => c.confidence - 0.15));
  });

  it("reads a parenthesis that is not a plain list of whole numbers as no list, in linear time", () => {
    expect(spans("We train for 2 epochs (about 10 minutes).", "epochs").map(([v]) => v)).toEqual([2]);
    expect(spans("We train for 2 epochs (0.5 and 1).", "epochs").map(([v]) => v)).toEqual([2]);
    // Every item must be a number: two of three are not enough for "two".
    expect(spans("We train for two epochs (10, 20 and more).", "epochs").map(([v]) => v)).toEqual([2]);
    // One setting announced is no list to read.
    expect(spans("We train for 1 epochs (12).", "epochs").map(([v]) => v)).toEqual([1]);
    expect(spans("We train for two epochs (1,000 and 2,000).", "epochs").map(([v]) => v)).toEqual([
      1000, 2000,
    ]);
    // A leading zero is no thousands number: "0,001" is a decimal written with a comma.
    expect(spans("We train for two epochs (0,001 and 3).", "epochs").map(([v]) => v)).toEqual([2]);
    const long = `We train for 2 epochs (${Array.from({ length: 40 }, () => "1").join(",  ")} shots).`;
    const started = performance.now();
    expect(spans(long, "epochs").map(([v]) => v)).toEqual([2]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("keeps the count when the parenthesis lists another number of values", () => {
    expect(
      spans("The model was trained for 3 epochs (10 and 20 warm-up steps).", "epochs").map(([v]) => v),
    ).toEqual([3]);
    expect(spans("We trained for two epochs (20 and 40).", "epochs").map(([v]) => v)).toEqual([20, 40]);
    expect(spans("We trained for three epochs (20 and 40).", "epochs").map(([v]) => v)).toEqual([3]);
  });
});

describe("hyperparameter extractor: steps", () => {
  it.each([
    ["We train for 300k steps.", 300000, "300k steps"],
    ["We train for 1.2M iterations.", 1200000, "1.2M iterations"],
    ["The number of training steps is 500,000.", 500000, "number of training steps is 500,000"],
    ["We run 20,000 gradient updates.", 20000, "20,000 gradient updates"],
  ])("reads %j as %d steps", (text, steps, span) => {
    expect(spans(text, "steps")).toEqual([[steps, span]]);
  });

  it("reads a table row with a scale suffix", () => {
    const [row] = candidatesOf(hyperparameterExtractor, "Training steps | 50k", "steps", {
      kind: "table_row",
    });
    expect(row).toMatchObject({ value: 50000, raw: "Training steps | 50k" });
    expect(row?.confidence).toBeCloseTo(0.65, 10);
  });

  it("is less confident without a training verb", () => {
    const [bare] = candidatesOf(hyperparameterExtractor, "TinyNet needs 300k steps.", "steps");
    expect(bare?.confidence).toBeCloseTo(0.5, 10);
  });

  it.each([
    "We warm up for the first 2,000 steps.",
    "We decay the learning rate after 100k steps.",
    "We log every 500 steps.",
    "We run 5 steps.",
  ])("reads no step count in %j", (text) => {
    expect(spans(text, "steps")).toEqual([]);
  });
});

describe("hyperparameter extractor: batch size", () => {
  it.each([
    ["The global batch size is 2048.", 2048, "global batch size is 2048", ["global"]],
    ["The effective batch size is 1,024.", 1024, "effective batch size is 1,024", ["global"]],
    ["We use a per-device batch size of 64.", 64, "per-device batch size of 64", ["per_device"]],
    ["The per-GPU batch size is 32.", 32, "per-GPU batch size is 32", ["per_device"]],
    ["We use a micro-batch size of 4.", 4, "micro-batch size of 4", ["per_device"]],
    ["We train with mini-batches of 32 images.", 32, "mini-batches of 32 images", []],
    ["We run the method with batch size B = 8.", 8, "batch size B = 8", []],
    ["Training runs on mini-batches of size sixty-four.", 64, "mini-batches of size sixty-four", []],
    ["Mini-batches are of size S = 100.", 100, "Mini-batches are of size S = 100", []],
    ["The size of the data mini-batch is 20.", 20, "size of the data mini-batch is 20", []],
    ["We use the settings epoch=5, lr=1e-4, batch=32.", 32, "batch=32", []],
    ["We train with batch=32 per GPU.", 32, "batch=32 per GPU", ["per_device"]],
  ])("reads %j as %d with its tags", (text, size, span, tags) => {
    const found = candidatesOf(hyperparameterExtractor, text, "batch_size");
    expect(found.map((c) => [c.value, text.slice(c.start, c.end), c.tags])).toEqual([[size, span, tags]]);
  });

  it.each([
    "Using a test batch of 100 images, we compute the distances.",
    "The evaluation batch size is 256.",
    "The test batch=100 keeps memory low.",
    "Evaluation is performed with batch=1.",
    "We decode with beam search (bs=4).",
    "The size of the batch is 2^10.",
    "Batches of size one hundred and twenty-eight fit in memory.",
  ])("reads no training batch from a test or evaluation pass in %j", (text) => {
    expect(spans(text, "batch_size")).toEqual([]);
  });

  it("reads a batch size in tokens with its scale, tagged as tokens", () => {
    const [tokens] = candidatesOf(hyperparameterExtractor, "We use a batch size of 4M tokens.", "batch_size");
    expect(tokens).toMatchObject({ value: 4000000, raw: "batch size of 4M tokens", tags: ["tokens"] });
  });

  it("reads both sizes of a global and a per-device batch in one sentence", () => {
    const text = "We use a global batch size of 2048 and a per-device batch size of 64.";
    const found = candidatesOf(hyperparameterExtractor, text, "batch_size");
    expect(found.map((c) => [c.value, c.tags])).toEqual([
      [2048, ["global"]],
      [64, ["per_device"]],
    ]);
  });

  it("reads a table row 'Batch size | 128', a little less confident than prose", () => {
    const [row] = candidatesOf(hyperparameterExtractor, "Batch size | 128", "batch_size", {
      kind: "table_row",
    });
    expect(row).toMatchObject({ value: 128, raw: "Batch size | 128", start: 0, end: 16, tags: [] });
    expect(row?.confidence).toBeCloseTo(0.8, 10);
  });

  it("reads an epochs row of a table", () => {
    const [row] = candidatesOf(hyperparameterExtractor, "Epochs | 40", "epochs", { kind: "table_row" });
    expect(row).toMatchObject({ value: 40, raw: "Epochs | 40" });
    expect(row?.confidence).toBeCloseTo(0.65, 10);
  });
});

describe("hyperparameter extractor: a setting's code name", () => {
  it("reads the value after a name in parentheses: 'Size of the batch (batch_size): 64'", () => {
    expect(spans("Size of the batch to train the network (batch_size): 64", "batch_size")).toEqual([
      [64, "batch_size): 64"],
    ]);
    expect(spans("batch_size = 32", "batch_size")).toEqual([[32, "batch_size = 32"]]);
  });

  it("reads no batch from another pass's name nor from a parenthesis that does not give a value", () => {
    expect(spans("The evaluation uses (eval_batch_size): 8 per step.", "batch_size")).toEqual([]);
    expect(spans("We vary the batch (batch_size) and 64 other settings.", "batch_size")).toEqual([]);
    expect(spans("We vary (batch_size) 64 times.", "batch_size")).toEqual([]);
    // A parenthesis that ends with "batch size" but does not open with it is another setting's aside.
    expect(spans("Gradient accumulation (to reach the effective batch size): 4", "batch_size")).toEqual([]);
    expect(spans("Learning rate (linear in batch size): 3e-4", "batch_size")).toEqual([]);
  });
});

describe("hyperparameter extractor: through the reader", () => {
  it("summarises the global batch size over the per-device one and never a batch in tokens", () => {
    const paper = readSection(
      "Training details",
      "We use a per-device batch size of 64. We use a global batch size of 512. Each batch holds 1M tokens, i.e. a batch size of 1M tokens.",
    );
    expect(factsOf(paper, "batch_size").map((f) => f.value)).toEqual([64, 512, 1000000]);
    expect(paper.summary.batch_size).toBe(512);
  });

  it("keeps the run's epochs beside a patience written with a contraction", () => {
    const paper = readSection(
      "Experimental setup",
      "We train for 50 epochs and stop the training if the accuracy doesn't improve in 3 epochs.",
    );
    expect(factsOf(paper, "epochs").map((f) => f.value)).toEqual([50]);
  });

  it("reads the rows of a hyper-parameter table and points evidence at each row", () => {
    const paper = readSection(
      "Hyperparameters",
      "| Setting | Value |\n| Batch size | 128 |\n| Epochs | 40 |",
    );
    const batch = factsOf(paper, "batch_size")[0];
    const epochs = factsOf(paper, "epochs")[0];
    expect(batch && [batch.value, evidenceText(paper, batch)]).toEqual([128, "Batch size | 128"]);
    expect(epochs && [epochs.value, evidenceText(paper, epochs)]).toEqual([40, "Epochs | 40"]);
    expect(paper.summary).toMatchObject({ batch_size: 128, epochs: 40 });
  });
});
