import { describe, expect, it } from "@jest/globals";
import { timeExtractor } from "../../../../src/readers/paper/extractors/time.js";
import { candidatesOf, evidenceText, onlyFact, readSection, sentenceView, valueAndSpan } from "../helpers.js";

const trainingHours = (text: string) =>
  candidatesOf(timeExtractor, text, "training_time_hours").map((c) => valueAndSpan(text, c));
const all = (text: string) => timeExtractor.extract(sentenceView(text));

describe("time extractor: wall-clock training time", () => {
  it.each([
    ["Training takes 3 days.", 72, "3 days"],
    ["Training took ~36h on our cluster.", 36, "~36h"],
    ["We trained the model for two weeks.", 336, "two weeks"],
    ["Fine-tuning finished in 45 minutes.", 0.75, "45 minutes"],
    ["Training lasted one and a half days.", 36, "one and a half days"],
    ["Training took an hour.", 1, "an hour"],
    ["It took 5 hours to train TinyNet.", 5, "5 hours to train"],
    ["Subsampling cut the training time to around 6 hours.", 6, "around 6 hours"],
    ["Training ran on H20 GPUs, completing in approximately 1.5 days.", 36, "approximately 1.5 days"],
    ["Fitting one scene takes 15 hours on a 4×2080Ti GPU.", 15, "15 hours on a 4×2080Ti GPU"],
    ["It took about 3 hours of a single Tesla T4.", 3, "about 3 hours of a single Tesla T4"],
    [
      "It takes around 20 hrs to converge on a single card.",
      20,
      "around 20 hrs to converge on a single card",
    ],
  ])("reads %j as %d hours", (text, hours, span) => {
    expect(trainingHours(text)).toEqual([[hours, span]]);
  });

  it("reads a training word and its time across a decimal point ('the 6.7B model'), as confidently as without", () => {
    for (const [decimal, plain] of [
      ["Pre-training of the 6.7B model lasted 12 days.", "Pre-training of the large model lasted 12 days."],
      ["We trained GPT-2.5 for 3 days.", "We trained GPT-two for 3 days."],
    ]) {
      const [withPoint] = candidatesOf(timeExtractor, decimal!, "training_time_hours");
      const [without] = candidatesOf(timeExtractor, plain!, "training_time_hours");
      expect(withPoint?.value).toBe(without?.value);
      expect(withPoint?.confidence).toBe(without?.confidence);
    }
  });

  it("joins a training word to a time only across a decimal of a name, not of another setting", () => {
    for (const text of [
      "We train with lr 2.5e-4, and evaluation takes 2 hours.",
      "We train with dropout 0.1 and sampling takes 2 hours.",
      "Training converged. Evaluation took 2 hours.",
    ])
      expect(trainingHours(text)).toEqual([]);
  });

  it("gives a duration to the other work named between the training word and it", () => {
    expect(trainingHours("We train with a large batch, and evaluation takes 2 hours.")).toEqual([]);
    expect(trainingHours("We trained the model, then sampling ran for 3 hours.")).toEqual([]);
    expect(trainingHours("We trained the model for 3 hours.")).toEqual([[3, "3 hours"]]);
    expect(trainingHours("We trained the model, and tested it for 3 hours.")).toEqual([]);
    expect(trainingHours("Evaluation of the trained model takes 2 hours.")).toEqual([]);
    expect(trainingHours("Sampling from our fine-tuned model takes 2 hours.")).toEqual([]);
    // The trained thing is no other work: a generator, a decoder, samples, a generation model, preprocessed data.
    for (const text of [
      "We train the generator for 3 days.",
      "We pre-train the decoder for 3 days.",
      "We train on 1M samples for 3 days.",
      "Training the text-to-image generation model took 3 days.",
      "Training on the preprocessed data took 3 days.",
    ])
      expect(trainingHours(text)).toEqual([[72, "3 days"]]);
    expect(trainingHours("The generator took 3 days on 8 GPUs.")).toEqual([[72, "3 days on 8 GPUs"]]);
    // A rejected join does not hide a training phrase inside it.
    expect(
      trainingHours(
        "We train with a large batch, and evaluation takes 2 hours, while training takes 3 days.",
      ),
    ).toEqual([[72, "3 days"]]);
    expect(trainingHours("We train it, and evaluation aside, training takes 3 days.")).toEqual([
      [72, "3 days"],
    ]);
  });

  it("quotes the duration it read, not the first one of the match", () => {
    const [time] = candidatesOf(
      timeExtractor,
      "Training with 1.5 s per step took 3 days.",
      "training_time_hours",
    );
    expect(time).toMatchObject({ value: 72, raw: "3 days" });
    const [approx] = candidatesOf(
      timeExtractor,
      "Training the 1.3B model (2.5 days) and the 6.7B model took about 4 days.",
      "training_time_hours",
    );
    expect(approx).toMatchObject({ value: 96, raw: "about 4 days" });
  });

  it("reads a range as its middle and notes the range", () => {
    const [range] = candidatesOf(timeExtractor, "Training took 15-18 hours.", "training_time_hours");
    expect(range).toMatchObject({ value: 16.5, raw: "15-18 hours", note: "range 15-18 h" });
  });

  it("reads LaTeX's two-hyphen en dash as a range: 'Training time: ≈ 8--12 hours'", () => {
    const [range] = candidatesOf(timeExtractor, "Training time: ≈ 8--12 hours.", "training_time_hours");
    expect(range).toMatchObject({ value: 10, note: "range 8-12 h" });
  });

  it("adds the hours of a compound duration", () => {
    expect(trainingHours("We train the model for 3 days and 12 hours.")).toEqual([
      [84, "3 days and 12 hours"],
    ]);
  });

  it("is less confident about a bound ('within 12 hours') than a stated time", () => {
    const [bound] = candidatesOf(
      timeExtractor,
      "The training finished within 12 hours.",
      "training_time_hours",
    );
    const [stated] = candidatesOf(timeExtractor, "The training finished in 12 hours.", "training_time_hours");
    expect(bound?.value).toBe(12);
    expect(stated?.value).toBe(12);
    expect((stated?.confidence ?? 0) - (bound?.confidence ?? 0)).toBeCloseTo(0.1, 10);
  });

  it("is less confident when a sentence holds two durations", () => {
    const found = candidatesOf(
      timeExtractor,
      "Training TinyNet takes 2 hours while BigNet takes 3 days.",
      "training_time_hours",
    );
    expect(found.map((c) => [c.value, c.raw])).toEqual([
      [2, "2 hours"],
      [72, "3 days"],
    ]);
    expect(found[0]?.confidence).toBeCloseTo(0.6, 10);
    expect(found[1]?.confidence).toBeCloseTo(0.4, 10);
  });
});

describe("time extractor: what is not a training duration", () => {
  it.each([
    "Sampling 50k images takes 2 hours on 8 A100 GPUs.",
    "Evaluation takes 30 minutes on 8 GPUs.",
    "It took 5 hours on WMT14.",
    "We used 500 hours of GPU training in total.",
  ])("reads no wall-clock training time on hardware from %j", (text) => {
    expect(trainingHours(text)).toEqual([]);
  });

  it("does not read 'instead' as 'a d' nor '3D' as three days", () => {
    expect(all("We fine-tune instead of training from scratch.")).toEqual([]);
    expect(all("We train 3D models for 100 epochs.")).toEqual([]);
  });

  it("ignores budgets, limits and time-outs", () => {
    expect(all("Each run had a budget of 24 hours of training.")).toEqual([]);
    expect(all("Training jobs were limited to 48 hours.")).toEqual([]);
    expect(all("Training has a time limit of 72 hours.")).toEqual([]);
    expect(all("For training, the maximum running time is 20 minutes per case.")).toEqual([]);
    expect(all("We cap the total time to 48 hours for each baseline's search.")).toEqual([]);
    expect(all("Data preprocessing finishes in 3 hours, and the model is then trained.")).toEqual([]);
  });

  it("ignores per-step and per-sample times, inference and checkpoint intervals", () => {
    expect(all("Training takes about 2 minutes per step.")).toEqual([]);
    expect(all("Training takes 20 ms per image.")).toEqual([]);
    expect(all("Inference takes 3 hours on the test set.")).toEqual([]);
    expect(all("We checkpoint every 2 hours during training.")).toEqual([]);
  });

  it("ignores vague durations, seconds-long runs and durations that are not about training", () => {
    expect(all("Training took a few hours.")).toEqual([]);
    expect(all("We trained for 10 seconds.")).toEqual([]);
    expect(all("The data took 2 days to download.")).toEqual([]);
    expect(all("We collected 300 hours of speech to train on.")).toEqual([]);
  });
});

describe("time extractor: time per epoch", () => {
  it.each([
    ["Each epoch takes 1.5 hours.", 1.5, "Each epoch takes 1.5 hours"],
    ["Training takes 1.5 hours per epoch.", 1.5, "1.5 hours per epoch"],
    ["It runs at 45 minutes per training epoch.", 0.75, "45 minutes per training epoch"],
  ])("reads %j as %d hours per epoch, not as the training time", (text, hours, span) => {
    expect(all(text).map((c) => [c.field, c.value, text.slice(c.start, c.end)])).toEqual([
      ["time_per_epoch_hours", hours, span],
    ]);
  });
});

describe("time extractor: accelerator-hours", () => {
  it.each([
    ["We used 200 GPU hours.", 200, "200 GPU hours"],
    ["The project used 1.2k A100-hours.", 1200, "1.2k A100-hours"],
    ["Pre-training consumed 50 TPU-days.", 1200, "50 TPU-days"],
    ["Training took about 30 GPU-days.", 720, "about 30 GPU-days"],
  ])("reads %j as %d device-hours", (text, hours, span) => {
    expect(candidatesOf(timeExtractor, text, "gpu_hours").map((c) => valueAndSpan(text, c))).toEqual([
      [hours, span],
    ]);
  });

  it("does not read GPU-hours per something as a total", () => {
    expect(candidatesOf(timeExtractor, "It costs 2 GPU hours per run.", "gpu_hours")).toEqual([]);
    const rate = "Training on each trillion tokens requires only 180K H800 GPU hours.";
    expect(candidatesOf(timeExtractor, rate, "gpu_hours")).toEqual([]);
  });
});

describe("time extractor: through the reader", () => {
  it("quotes the duration in the document and keeps the page empty for Markdown", () => {
    const paper = readSection(
      "Training details",
      "We train TinyNet for 90 epochs, which takes about 20 hours.",
    );
    const time = onlyFact(paper, "training_time_hours");
    expect([time.value, evidenceText(paper, time)]).toEqual([20, "about 20 hours"]);
    expect(time.evidence).toMatchObject({ page: null, section: "Training details" });
    expect(paper.summary.training_time_hours).toBe(20);
  });
});
