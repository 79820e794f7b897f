import { describe, expect, it } from "@jest/globals";
import { broadExtractor, tableCells } from "../../../../src/readers/paper/extractors/broad.js";
import { hardwareExtractor } from "../../../../src/readers/paper/extractors/hardware.js";
import type { FactField } from "../../../../src/domain/facts.js";
import { candidatesOf } from "../helpers.js";

const values = (text: string, field: FactField) =>
  candidatesOf(broadExtractor, text, field).map((c) => [c.value, c.raw]);

describe("broad extractor: device counts", () => {
  it("reads a count across the device's name, model number and memory", () => {
    expect(
      values("The server holds two 24G NVIDIA GeForce RTX 3090 GPUs and 4x A100 GPUs.", "accelerator_count"),
    ).toEqual([
      [2, "two"],
      [4, "4"],
    ]);
  });

  it("does not take a model number or a memory size for a count", () => {
    expect(
      values("We used an RTX 3090 GPU, a GTX 2080 Ti GPU and a Tesla P-100 GPU.", "accelerator_count"),
    ).toEqual([
      [1, "an RTX 3090 GPU"],
      [1, "a GTX 2080 Ti GPU"],
      [1, "a Tesla P-100 GPU"],
    ]);
    expect(values("It fits in 24G GPU memory.", "accelerator_count")).toEqual([]);
  });

  it("keeps the device's count when another count stands before it in the sentence", () => {
    expect(values("We train for 100 epochs on 16 GPUs.", "accelerator_count")).toEqual([[16, "16"]]);
  });

  it("does not count seeds, stages or a model number before the device word", () => {
    expect(values("We ran 3 seeds across 16 A100 GPUs.", "accelerator_count")).toEqual([[16, "16"]]);
    expect(values("We use 8 Ascend 910 NPUs.", "accelerator_count")).toEqual([[8, "8"]]);
    expect(values("The 2080 Ti GPU has 11 GB.", "accelerator_count")).toEqual([]);
    expect(values("We use 8X A100 GPUs.", "accelerator_count")).toEqual([[8, "8"]]);
  });

  it("does not count tokens, credit cards or a game's cards", () => {
    expect(values("A 1.2B model trained to 105B tokens Model GPUs Wall time", "accelerator_count")).toEqual(
      [],
    );
    expect(values("The dataset of 44M anonymized credit card transactions.", "accelerator_count")).toEqual(
      [],
    );
    expect(values("Each attribute is the same on all three cards of a set.", "accelerator_count")).toEqual(
      [],
    );
  });

  it("proposes one device named with an article, but not a cluster or an adjective", () => {
    expect(values("All runs use an NVIDIA GTX 1080 Ti GPU.", "accelerator_count")).toEqual([
      [1, "an NVIDIA GTX 1080 Ti GPU"],
    ]);
    expect(values("Trained on a single GTX-2080-Ti GPU.", "accelerator_count")).toEqual([
      [1, "a single GTX-2080-Ti GPU"],
    ]);
    expect(values("We rent a single 8xA100 GPU instance.", "accelerator_count")).toEqual([[8, "8"]]);
    expect(values("We rent a GPU cluster and a GPU-based solver.", "accelerator_count")).toEqual([]);
    expect(values("This is a problem for any GPU; a faster GPU would help.", "accelerator_count")).toEqual(
      [],
    );
  });

  it("reads a count from a table whose header or row label names the devices", () => {
    const row = { kind: "table_row" as const, table: { header: ["Setting", "#GPUs"], row: 1 } };
    expect(values("Ours | 8", "accelerator_count").length).toBe(0);
    expect(candidatesOf(broadExtractor, "Ours | 8", "accelerator_count", row).map((c) => c.value)).toEqual([
      8,
    ]);
    const labelled = { kind: "table_row" as const, table: { header: null, row: 3 } };
    expect(
      candidatesOf(broadExtractor, "GPU number | 3", "accelerator_count", labelled).map((c) => c.value),
    ).toEqual([3]);
    // A hardware row names the device: its model number and memory are not a count.
    expect(candidatesOf(broadExtractor, "GPU | RTX 3090", "accelerator_count", labelled)).toEqual([]);
    expect(candidatesOf(broadExtractor, "GPU | NVIDIA A100 40GB", "accelerator_count", labelled)).toEqual([]);
  });
});

describe("broad extractor: amounts of device time and rows under a multirow", () => {
  it("counts no devices in an amount of device time: '~400 GPU-hours'", () => {
    expect(values("Full 6x5 grid: ~400 GPU-hours.", "accelerator_count")).toEqual([]);
    expect(values("Full 6x5 grid: ~400 GPU-hours.", "gpu_hours")).toEqual([[400, "400 GPU-hours"]]);
    expect(values("We used 8 GPUs for 400 GPU hours.", "accelerator_count")).toEqual([[8, "8"]]);
  });

  it("keeps a row's empty first cell, so each value stays under its own header", () => {
    const header = ["Group", "Parameter Symbol / Name", "Value"];
    const view = { kind: "table_row" as const, table: { header, row: 4 } };
    // "& PPO clip ratio & 0.20": the 0.20 is under "Value", not under a header naming parameters.
    expect(candidatesOf(broadExtractor, "| PPO clip ratio | 0.20", "params", view)).toEqual([]);
    // A Markdown row's fencing pipes are not cells, nor is the padding inside them.
    expect(tableCells("|  Notes  |")).toEqual(["Notes"]);
    const labelled = { kind: "table_row" as const, table: { header: null, row: 3 } };
    expect(
      candidatesOf(broadExtractor, "| Training epochs | 90 |", "epochs", labelled).map((c) => [
        c.value,
        c.tags,
      ]),
    ).toEqual([[90, ["broad", "table_row_label"]]]);
    const markdown = { kind: "table_row" as const, table: { header: ["Model", "#GPUs"], row: 2 } };
    expect(
      candidatesOf(broadExtractor, "| Ours | 8 |", "accelerator_count", markdown).map((c) => c.value),
    ).toEqual([8]);
    const counts = { kind: "table_row" as const, table: { header: ["Stage", "Setting", "#GPUs"], row: 2 } };
    expect(
      candidatesOf(broadExtractor, "| Ours | 8", "accelerator_count", counts).map((c) => c.value),
    ).toEqual([8]);
  });
});

describe("broad extractor: a cell's field from its header and its row", () => {
  const view = (header: string[]) => ({ kind: "table_row" as const, table: { header, row: 1 } });
  const fromTable = (text: string, field: FactField, header: string[]) =>
    candidatesOf(broadExtractor, text, field, view(header))
      .filter((c) => c.tags?.some((t) => t.startsWith("table_")))
      .map((c) => c.value);

  it("reads no count from a header that measures the field: 'Epoch speedup', 'Time per epoch'", () => {
    // The row names the batch sizes the columns were run with; no column counts epochs.
    const speedup = ["", "Epoch speedup", "Total speedup"];
    expect(fromTable("Batch size | 16 | 512", "epochs", speedup)).toEqual([]);
    expect(fromTable("Batch size | 16 | 512", "batch_size", speedup)).toEqual([16, 512]);
    expect(fromTable("Ours | 12", "epochs", ["Model", "Time per epoch"])).toEqual([]);
    expect(fromTable("Ours | 12", "epochs", ["Model", "Epochs"])).toEqual([12]);
  });

  it("reads nothing where the row and the column name two fields", () => {
    expect(fromTable("Batch size | 64", "epochs", ["Setting", "Epochs"])).toEqual([]);
    expect(fromTable("Batch size | 64", "batch_size", ["Setting", "Epochs"])).toEqual([]);
    expect(fromTable("Batch size | 64", "batch_size", ["Setting", "Value"])).toEqual([64]);
  });
});

describe("broad extractor: parameter counts", () => {
  it("reads no model size under a thousand parameters: a layer's, a formula's or a search's", () => {
    expect(values("Because of its symmetry it has only ten learnable parameters.", "params")).toEqual([]);
    expect(values("The search tunes 64 parameters in all.", "params")).toEqual([]);
    expect(values("We tune 128 parameters.", "params")).toEqual([]);
    expect(values("The network has 1,152 parameters in all.", "params")).toEqual([[1152, "1,152"]]);
  });

  it("reads no model size from a number before what it counts: 'parameters from only 700 samples'", () => {
    expect(values("We learn 30 thousand parameters from only 7,000 samples.", "params")).toEqual([
      [30000, "30 thousand"],
    ]);
  });

  it("keeps a size whose flattened row goes on with another count and its own number: 'Parameters 7B Tokens 2T'", () => {
    expect(values("Parameters 7B Tokens 2T", "params").map(([v]) => v)).toContain(7e9);
  });

  it("reads no metric's cut-off as a count: 'R@1', 'Hits@10'", () => {
    expect(values("The loss falls across epochs, the Validation R@1 stays at 38.9%.", "epochs")).toEqual([]);
    expect(values("Over the epochs, Hits@10 rises.", "epochs")).toEqual([]);
  });

  it("reads no duration's lower end as another count: 'for 8--12 hours and 30 epochs'", () => {
    expect(values("We train for 8--12 hours and 30 epochs.", "epochs").map(([v]) => v)).not.toContain(8);
  });

  it("reads no size under 'Hyper-parameters', and no fraction as a count", () => {
    const settings = {
      kind: "table_row" as const,
      table: { header: ["Augmentation", "Hyper-parameters"], row: 1 },
    };
    expect(candidatesOf(broadExtractor, "Color jitter | 0.2", "params", settings)).toEqual([]);
    expect(candidatesOf(broadExtractor, "Color jitter | 3", "params", settings)).toEqual([]);
    const sizes = (header: string) => ({
      kind: "table_row" as const,
      table: { header: ["Model", header], row: 1 },
    });
    expect(candidatesOf(broadExtractor, "Ours | 0.35", "params", sizes("Params"))).toEqual([]);
    expect(
      candidatesOf(broadExtractor, "Ours | 0.35", "params", sizes("Params (M)")).map((c) => c.value),
    ).toEqual([350_000]);
    expect(
      candidatesOf(broadExtractor, "Ours | 1.5B", "params", sizes("Params")).map((c) => c.value),
    ).toEqual([1_500_000_000]);
  });
});

describe("broad extractor: epochs", () => {
  it("reads no epoch count that marks a moment or paces the run", () => {
    expect(values("The KL term is warmed up over 30 epochs.", "epochs")).toEqual([]);
    expect(
      values("Early stopping is triggered if no improvement is observed for 10 epochs.", "epochs"),
    ).toEqual([]);
    expect(values("The learning rate is halved after 1 epoch.", "epochs")).toEqual([]);
    expect(values("The run gave roughly 1.5 epochs over the data.", "epochs")).toEqual([[1.5, "1.5"]]);
  });

  it("reads no count from the index of one epoch ('at only epoch 19'), but keeps a setting named 'epoch'", () => {
    expect(values("The warm-started run reached its best loss at only epoch 19.", "epochs")).toEqual([]);
    expect(values("Training was stopped after epoch 40 by the scheduler.", "epochs")).toEqual([]);
    expect(values("We train the network until epoch 300 with Adam.", "epochs")).toEqual([[300, "300"]]);
    expect(values("We set the epoch to 40 for all runs.", "epochs")).toEqual([[40, "40"]]);
    expect(values("Epoch 40 is enough for the small model.", "epochs")).toEqual([[40, "40"]]);
  });

  it("reads no count in a ratio between two runs ('ten times as many epochs', '2x more steps')", () => {
    expect(values("The second stage continued for ten times as many epochs.", "epochs")).toEqual([]);
    expect(values("The baseline needs 2x more steps.", "steps")).toEqual([]);
    expect(values("The baseline needs 3 times more epochs than ours.", "epochs")).toEqual([]);
    expect(values("The baseline needs ten-fold more epochs.", "epochs")).toEqual([]);
    expect(values("The baseline uses 5x the number of epochs.", "epochs")).toEqual([]);
  });

  it("keeps the count of a result reached after the whole run", () => {
    expect(
      values("On the large set the method reaches its best accuracy after 350 epochs.", "epochs"),
    ).toEqual([[350, "350"]]);
    expect(values("After 30 epochs we divide the learning rate.", "epochs")).toEqual([]);
    expect(
      values("We use the cross-entropy loss and decay the learning rate after 30 epochs.", "epochs"),
    ).toEqual([]);
  });
});

describe("broad extractor: a number right after another count's word", () => {
  it("reads 'epoch 160' as no batch size, and 'batch 3' as no epoch count", () => {
    expect(
      values("Mini-batch updates continue, stopping around epoch 160 via early stopping.", "batch_size"),
    ).toEqual([]);
    expect(values("The loss of batch 3 spikes during the second epochs run.", "epochs")).toEqual([]);
    // "one" as a pronoun is no count.
    expect(
      values("Data are encoded during training, batch by batch, each one cleared after use.", "batch_size"),
    ).toEqual([]);
    expect(values("We train with a batch size of one.", "batch_size")).toEqual([[1, "one"]]);
    expect(values("We used only one batch size for all epochs.", "batch_size")).toEqual([[1, "one"]]);
    // A flattened header names columns: its words are not moments before the values.
    expect(values("Epochs Batch 100 32", "epochs")).toEqual([
      [100, "100"],
      [32, "32"],
    ]);
    // Its own word before it is the field's value.
    expect(values("We use a batch size of 64.", "batch_size")).toEqual([[64, "64"]]);
  });
});

describe("broad extractor: batch sizes", () => {
  it("reads neither batch normalisation nor a test batch nor a schedule's start", () => {
    expect(values("Baseline + Batch Norm | 82.23 | 12.13", "batch_size")).toEqual([]);
    expect(values("With a test batch of 100 images we compare them.", "batch_size")).toEqual([]);
    expect(values("The batch size grows from 64 to 512 during training.", "batch_size")).toEqual([
      [512, "512"],
    ]);
  });
});

describe("broad extractor: numbers that are not the field's value", () => {
  it("does not read a time, a memory size or a share after the field's word", () => {
    expect(values("Each training batch is processed in 142 milliseconds.", "batch_size")).toEqual([]);
    expect(
      values("A batch of this size needs 24 GB; one epoch uses 35 % of the data.", "batch_size"),
    ).toEqual([]);
    expect(values("We use a batch size of 64 sequences.", "batch_size")).toEqual([[64, "64"]]);
  });

  it("reads no number cut from a name by the window: 'GTX-2080-Ti', 'ResNet-50'", () => {
    expect(values("Trained on a single GTX-2080-Ti GPU in total 50 epochs.", "epochs")).toEqual([[50, "50"]]);
    expect(values("We fine-tune ResNet-50 for 90 epochs.", "epochs")).toEqual([[90, "90"]]);
  });

  it("reads no ordinal or LaTeX length as a count: 'the 3rd epoch', '\\mkern2mu'", () => {
    expect(values("The loss spikes at the 3rd epoch.", "epochs")).toEqual([]);
    expect(values("Sample a batch { 2mu-2mu x } of data.", "batch_size")).toEqual([]);
  });

  it("stops at the next setting of a key list, not at a name written in code", () => {
    expect(values("Batch_size is 128, and forward_batch_size is 16.", "batch_size")).toEqual([[128, "128"]]);
    expect(values("The batch size, B_global, is 256.", "batch_size")).toEqual([[256, "256"]]);
  });

  it("reads neither a dataset named after the word nor a model's size", () => {
    expect(values("We fine-tune on BS-17K for three epochs.", "batch_size")).toEqual([]);
    expect(values("The batch size for the 200B model differs from the others.", "batch_size")).toEqual([]);
  });
});

describe("broad extractor: values listed with 'respectively'", () => {
  const listed = (text: string) =>
    (["batch_size", "epochs"] as const)
      .flatMap((field) => candidatesOf(broadExtractor, text, field))
      .map((c) => [c.field, c.value, c.tags?.includes("respectively") ?? false]);

  it("pairs the names and the values in order, and proposes nothing else for those fields", () => {
    expect(
      listed("The crop size, batch size, and number of epochs are set to 320×384, 6, and 100, respectively."),
    ).toEqual([
      ["batch_size", 6, true],
      ["epochs", 100, true],
    ]);
    expect(listed("The batch size and epochs were 32 and 50, respectively.")).toEqual([
      ["batch_size", 32, true],
      ["epochs", 50, true],
    ]);
  });

  it("pairs nothing when a name is a clause, another run, another pass or a moment, or a value is not plain", () => {
    const tagged = (text: string) => listed(text).filter(([, , pairedTag]) => pairedTag);
    for (const text of [
      "We train for 100 epochs with a learning rate and batch size of 1e-3 and 64, respectively.",
      "For the base and large models, the batch size is set to 32 and 64, respectively.",
      "Pre-training and fine-tuning epochs are 100 and 10, respectively.",
      "The evaluation batch size and epochs were 256 and 30, respectively.",
      "The batch size and number of epochs were set to 8 and 20-30, respectively.",
    ])
      expect(tagged(text)).toEqual([]);
    expect(
      listed("We train for 100 epochs with a learning rate and batch size of 1e-3 and 64, respectively."),
    ).toEqual(expect.arrayContaining([["epochs", 100, false]]));
  });

  it("takes a moment of the schedule's value out of the list without giving it to a field", () => {
    expect(listed("The number of warmup epochs and total epochs are 5 and 100, respectively.")).toEqual([
      ["epochs", 100, true],
    ]);
    expect(listed("Batch size, epochs and patience are 64, 80 and 10, respectively.")).toEqual([
      ["batch_size", 64, true],
      ["epochs", 80, true],
    ]);
  });

  it("pairs a table cell's listed values with the names listed beside them or in the column's header", () => {
    const row = (header: string[] | null) => ({ kind: "table_row" as const, table: { header, row: 2 } });
    const paired = (text: string, header: string[] | null) =>
      (["batch_size", "epochs"] as const).flatMap((field) =>
        candidatesOf(broadExtractor, text, field, row(header)).map((c) => [
          c.field,
          c.value,
          text.slice(c.start, c.end),
          c.tags?.includes("respectively") ?? false,
        ]),
      );
    const beside = "Sequential models | batch size, max epochs, patience | 64, 80, 10";
    expect(paired(beside, null)).toEqual([
      ["batch_size", 64, "64", true],
      ["epochs", 80, "80", true],
    ]);
    expect(paired("Sequential models | 64, 80, 10", ["Model", "Batch size, epochs, patience"])).toEqual([
      ["batch_size", 64, "64", true],
      ["epochs", 80, "80", true],
    ]);
    // As many values as names, or nothing is paired.
    expect(
      paired("Sequential models | batch size, max epochs, patience | 64, 80", null).filter(
        ([, , , tag]) => tag,
      ),
    ).toEqual([]);
    // A thousands number is no list of two values.
    expect(paired("Ours | 1,024", ["Model", "Batch size, epochs"]).filter(([, , , tag]) => tag)).toEqual([]);
    // Names that are not settings' ("CNN, LSTM") pair nothing.
    expect(paired("Batch size | CNN, LSTM | 64, 32", null).filter(([, , , tag]) => tag)).toEqual([]);
  });

  it("leaves one field's values over other things to the words around them", () => {
    expect(listed("The batch sizes for MNIST and CIFAR are 64 and 128, respectively.")).toEqual([
      ["batch_size", 64, false],
      ["batch_size", 128, false],
    ]);
  });
});

describe("broad extractor: model sizes in names", () => {
  it("reads a size attached to a model's name", () => {
    expect(values("We fine-tune Llama-2-7B, OPT 1.3B and GPT-J-6B on our data.", "params")).toEqual([
      [7e9, "7B"],
      [1.3e9, "1.3B"],
      [6e9, "6B"],
    ]);
  });

  it("does not read a course's number for a size: 'CSE 251B' is a course", () => {
    expect(
      values("This paper is a report for the programming assignment 2 for Lecture CSE 251B.", "params"),
    ).toEqual([]);
    expect(values("Final project of CS 330M and ECE228M.", "params")).toEqual([]);
    // A model's name in capitals keeps its size, a course's number has three or four digits.
    expect(values("We fine-tune DeepSeek-MATH 7B on our data.", "params")).toEqual([[7e9, "7B"]]);
    expect(values("We compare OPT 175B with BLOOM 176B.", "params")).toEqual([
      [175e9, "175B"],
      [176e9, "176B"],
    ]);
  });

  it("does not read a count of data, steps or pixels, nor a dataset's name", () => {
    expect(values("We used the first 1M regions for training.", "params")).toEqual([]);
    expect(values("It reaches the same score at 10M steps.", "params")).toEqual([]);
    expect(values("The Graph-4M set holds 4M molecules.", "params")).toEqual([]);
    expect(values("BiT-L is trained on JFT-300M, which contains 300M images.", "params")).toEqual([]);
    expect(values("Results on MovieLens 1M are in Table 3.", "params")).toEqual([]);
    expect(values("We call the subset train-1M.", "params")).toEqual([]);
    expect(values("The CPU has a 128M cache.", "params")).toEqual([]);
    expect(values("It is pre-trained on the unlabelled LVD-142M [cite] dataset.", "params")).toEqual([]);
    expect(values("We can set r_i = CA^i-1B for i = 1, ..., k.", "params")).toEqual([]);
    expect(values("We classify a subset of YouTube-8M videos.", "params")).toEqual([]);
  });

  it("does not read a size in parentheses: a model's as often as a baseline's, a dataset's or a buffer's", () => {
    // Proposing "Phi-2 (2.7B)" gained right values on the corpus but lost more to baselines' sizes, cross-validated.
    expect(values("We fine-tune Phi-2 (2.7B) and compare with Llama 2 (7B).", "params")).toEqual([]);
    expect(values("It is trained on The Pile (300B) tokens.", "params")).toEqual([]);
    expect(values("The replay buffer (1M) is refilled.", "params")).toEqual([]);
  });

  it("does not read a numbered experiment, table or figure as a model's size", () => {
    expect(values("Experiment 3B selects on loss alone.", "params")).toEqual([]);
    expect(values("Table 2B and Fig. 4B show the ablation.", "params")).toEqual([]);
    expect(values("Ablation 3B and Algorithm 2B differ in one line.", "params")).toEqual([]);
  });

  it("does not read a board's model letter or a page number before an appendix section as a size", () => {
    expect(values("The edge nodes are a Raspberry Pi 4 B and a RPi 3 B+ with 1GB.", "params")).toEqual([]);
    expect(values("A Derivation Details 83 B.1 Synthetic Data 84", "params")).toEqual([]);
    expect(values("A Data Opt-out 76 B Pretraining Hyperparameters 78", "params")).toEqual([]);
    // Written close, the same letters are a size.
    expect(values("We fine-tune Pythia 2.8B on the corpus.", "params")).toEqual([[2.8e9, "2.8B"]]);
    expect(values("We fine-tune LLaMA 65 B on the corpus.", "params")).toEqual([[65e9, "65 B"]]);
  });
});

describe("broad extractor: numbers that are not a field's value", () => {
  it("reads no parameter count in an identifier", () => {
    expect(values("Written by Ann Lee (UID: 118133959) and Param Shah.", "params")).toEqual([]);
  });

  it("reads no count from the base of a power", () => {
    const view = {
      kind: "table_row" as const,
      table: { header: ["Model", "Parameters", "Accuracy"], row: 1 },
    };
    const cells = (text: string) => candidatesOf(broadExtractor, text, "params", view).map((c) => c.value);
    expect(cells("DT | ccp_α=10^-4, depth unrestricted | 0.632")).toEqual([]);
    expect(cells("MLP | 10^5 | 0.71")).toEqual([]);
    expect(cells("MLP | 10^{-4} | 0.71")).toEqual([]);
    expect(cells("MLP | 10^ {+4} | 0.71")).toEqual([]);
    expect(cells("MLP | 120k | 0.71")).toEqual([120000]);
  });
});

describe("broad extractor: duration columns", () => {
  const row = (header: string[]) => ({ kind: "table_row" as const, table: { header, row: 2 } });

  it("reads a plain number under a duration header in the header's unit", () => {
    const view = row(["Model", "Acc.", "Time (h)", "Train time [min]"]);
    expect(
      candidatesOf(broadExtractor, "Ours | 0.91 | 1.5 | 90", "training_time_hours", view).map((c) => c.value),
    ).toEqual([1.5, 1.5]);
  });

  it("reads a GPU-hours column as GPU-hours, not as a wall-clock time", () => {
    const view = row(["Model", "GPU hours"]);
    expect(candidatesOf(broadExtractor, "Ours | 120", "gpu_hours", view).map((c) => c.value)).toEqual([120]);
    expect(candidatesOf(broadExtractor, "Ours | 120", "training_time_hours", view)).toEqual([]);
  });

  it("reads nothing under a header without a unit of time", () => {
    const view = row(["Model", "Inference time", "Time (s) / step"]);
    expect(candidatesOf(broadExtractor, "Ours | 12 | 3", "training_time_hours", view)).toEqual([]);
    const hoursOfData = row(["Dataset", "Hours", "Speakers"]);
    expect(candidatesOf(broadExtractor, "Speech | 960 | 2484", "training_time_hours", hoursOfData)).toEqual(
      [],
    );
    const perEpoch = row(["Model", "Epoch time (s)"]);
    expect(candidatesOf(broadExtractor, "Ours | 300", "training_time_hours", perEpoch)).toEqual([]);
    const runtime = row(["Run", "Runtime (h)"]);
    expect(
      candidatesOf(broadExtractor, "Stage 1 | 1.13", "training_time_hours", runtime).map((c) => c.value),
    ).toEqual([1.13]);
  });
});

describe("broad extractor: durations", () => {
  it("reads days but not a dimension", () => {
    expect(values("Training the 3D U-Net took 2 days.", "training_time_hours")).toEqual([[48, "2 days"]]);
    expect(values("We use 3d convolutions.", "training_time_hours")).toEqual([]);
  });

  it("reads neither a forecast's lead time nor device-hours per amount of data", () => {
    expect(values("Configuration | Train windows | +1h R^2 | +24h R^2", "training_time_hours")).toEqual([]);
    expect(values("Training on each trillion tokens requires only 180K GPU hours.", "gpu_hours")).toEqual([]);
    expect(
      values(
        "Pre-training consumed 2.788M GPU hours, i.e., 180K GPU hours per trillion tokens.",
        "gpu_hours",
      ),
    ).toEqual([[2788000, "2.788M GPU hours"]]);
    expect(values("Training took 20 h + 4 h of fine-tuning.", "training_time_hours")).toEqual([
      [20, "20 h"],
      [4, "4 h"],
    ]);
    expect(values("Pre-training took 2664K GPU hours.", "gpu_hours")).toEqual([[2664000, "2664K GPU hours"]]);
  });

  it("reads a duration written in words, but not a word without its amount", () => {
    expect(
      values("A single experiment runs for approximately three hours on the cluster.", "training_time_hours"),
    ).toEqual([[3, "three hours"]]);
    expect(values("Training took two and a half days.", "training_time_hours")).toEqual([
      [60, "two and a half days"],
    ]);
    expect(values("It ran for twenty-four hours.", "training_time_hours")).toEqual([
      [24, "twenty-four hours"],
    ]);
    expect(values("It takes several hours and many days.", "training_time_hours")).toEqual([]);
    // A vaguer or longer amount is not read by its last words; a run of number words is not one number.
    expect(values("It took a few hundred hours, several thousand days.", "training_time_hours")).toEqual([]);
    expect(values("It took one hundred and twenty hours.", "training_time_hours")).toEqual([]);
    expect(values("Counting one two three hours, fifty-fifty days.", "training_time_hours")).toEqual([]);
    expect(values("It took two thousand five hundred hours.", "training_time_hours")).toEqual([
      [2500, "two thousand five hundred hours"],
    ]);
  });

  it("reads hours but not a hydrogen isotope", () => {
    expect(
      values("The model reads ^1H and 13C peaks; 1H NMR spectra; 36h of training.", "training_time_hours"),
    ).toEqual([[36, "36h"]]);
  });
});

describe("hardware extractor: counts that are not counts", () => {
  it("does not take a laptop's model year for a device count, but counts 2048 GPUs", () => {
    const counts = (text: string) =>
      candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => c.value);
    expect(counts("All experiments ran on a 2022 M2 MacBook Pro.")).toEqual([]);
    expect(counts("We train on 2048 A100 GPUs.")).toEqual([2048]);
  });

  it("counts cards only where the sentence speaks of graphics hardware", () => {
    const counts = (text: string) =>
      candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => c.value);
    expect(counts("A set is a triplet of cards that differ on all three cards.")).toEqual([]);
    expect(counts("We train on four NVIDIA cards with 24 GB each.")).toEqual([4]);
    expect(counts("We trained on 8 cards for 3 days.")).toEqual([8]);
  });

  it("does not take 'a GPU-amenable method' for one device", () => {
    const text = "The layer can be solved quickly with a GPU-amenable bracketing method.";
    expect(candidatesOf(hardwareExtractor, text, "accelerator_count")).toEqual([]);
  });
});

describe("broad extractor: a count of the settings listed after it", () => {
  it("proposes the listed batch sizes, not how many there are", () => {
    expect(values("We compare 3 batch sizes (16, 32 and 64) for each model.", "batch_size")).toEqual([
      [16, "16"],
      [32, "32"],
      [64, "64"],
    ]);
  });

  it("keeps a number before the word when the parenthesis lists another number of values, or not only numbers", () => {
    expect(values("We use 2 batch sizes (16, 32 and 64) here.", "batch_size").map(([v]) => v)).toContain(2);
    expect(values("We use 2 batch sizes (16 and 32 tokens) here.", "batch_size").map(([v]) => v)).toContain(
      2,
    );
    expect(values("We use 2 batch sizes (64,128) here.", "batch_size").map(([v]) => v)).toContain(2);
  });
});

describe("broad extractor: numbers that belong to something else", () => {
  it("takes no device's model number for a run length", () => {
    // (The 500 of "500-epoch" is the hyper-parameter extractor's.)
    const text = "Experiments required 12 hours per 500-epoch run on a dual RTX 4090 setup.";
    expect(values(text, "epochs").map(([v]) => v)).not.toContain(4090);
    expect(values("The 500-epoch runs were 4090 in all.", "epochs").map(([v]) => v)).toContain(4090);
  });

  it("takes no lower end of a range of hours for a count", () => {
    expect(values("A 500-epoch run required 12-13 hours.", "epochs")).toEqual([[500, "500"]]);
    expect(values("We ran 200 epochs, then 12 more.", "epochs").map(([v]) => v)).toContain(200);
  });

  it("takes no number followed by another count's word for a batch size", () => {
    expect(values("Multi-model batch scaling at rank 8, 30 epochs.", "batch_size")).toEqual([]);
    expect(values("Batch size 64, 30 epochs.", "batch_size")).toEqual([[64, "64"]]);
    // A flattened table, lower case: a word followed by its own number is the next key.
    expect(values("learning rate 1e-4 batch size 32 epochs 100", "batch_size").map(([v]) => v)).toContain(32);
    // A flattened table: the capital starts the next row's label.
    expect(values("Batch size b 1 4 Epochs per cycle T 5 5", "batch_size").map(([v]) => v)).toContain(4);
    expect(values("We train with a batch size of 32 for 100 steps.", "steps").map(([v]) => v)).toContain(100);
  });

  it("reads 'thousands' as a scale and 'parameter updates' as no parameter count", () => {
    const text = "We need to learn more than 30 thousands of parameters using only 700 samples.";
    expect(values(text, "params").map(([v]) => v)).toContain(30000);
    expect(
      values("target update frequency | 10000 | number of parameter updates between syncs", "params"),
    ).toEqual([]);
    expect(values("The model has 10000 parameters in total.", "params").map(([v]) => v)).toEqual([10000]);
  });

  it("reads no model size in the base of a power ('g_T_2B^2' of a flattened equation)", () => {
    expect(values("The bound is g_T_2B^2 w_j as shown.", "params")).toEqual([]);
    expect(values("We fine-tune Llama-2-7B for 3 epochs.", "params").map(([v]) => v)).toEqual([7e9]);
  });
});

describe("broad extractor: durations", () => {
  it("reads a range of hours as one duration between its ends, not its upper end alone", () => {
    const text = "Compute time spanned from 8 to 12 hours for one dataset and 12-20 hours for the other.";
    expect(values(text, "training_time_hours")).toEqual([
      [10, "8 to 12 hours"],
      [16, "12-20 hours"],
    ]);
    expect(values("It ran for 12 hours.", "training_time_hours")).toEqual([[12, "12 hours"]]);
    // A decade is no duration; seconds still are.
    expect(values("Since the 1960s operons have been studied.", "training_time_hours")).toEqual([]);
    expect(values("Each run took 1980s of wall-clock time.", "training_time_hours").map(([v]) => v)).toEqual([
      1980 / 3600,
    ]);
    expect(values("Training takes about 1800 s on a GPU.", "training_time_hours").map(([v]) => v)).toEqual([
      0.5,
    ]);
    expect(values("Each epoch took 40s.", "training_time_hours").map(([v]) => v)).toEqual([40 / 3600]);
  });

  it("reads a change between two durations as the one next to the unit, not a range", () => {
    expect(
      values("The auxiliary loss increased training time from 8 to 12 hours.", "training_time_hours"),
    ).toEqual([[12, "12 hours"]]);
    expect(values("Distillation cut the training time from 10 to 2 hours.", "training_time_hours")).toEqual([
      [2, "2 hours"],
    ]);
  });
});
