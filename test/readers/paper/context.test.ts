import { describe, expect, it } from "@jest/globals";
import { judgeSentence, valueContext } from "../../../src/readers/paper/context.js";
import { sentenceView } from "./helpers.js";
import type { SentenceView } from "../../../src/readers/paper/extractors/types.js";

const judge = (text: string, overrides: Partial<SentenceView> = {}) =>
  judgeSentence(sentenceView(text, overrides));
const contextOf = (text: string, overrides: Partial<SentenceView> = {}) => judge(text, overrides).context;

describe("judgeSentence: whose training a sentence describes", () => {
  it("reads a first-person sentence about training as our training", () => {
    expect(judge("We train TinyNet on four GPUs.")).toEqual({
      context: "training",
      confidenceShift: expect.closeTo(0.17, 10),
      firstPerson: true,
      cited: false,
    });
  });

  it("reads impersonal statements about this work as our own", () => {
    expect(judge("All experiments were run on one workstation.").firstPerson).toBe(true);
    expect(judge("This study used two GPUs.").firstPerson).toBe(true);
    expect(judge("The proposed model converges in a day.").firstPerson).toBe(true);
  });

  it("does not read a bare passive as our own", () => {
    expect(judge("The network was optimised with Adam.").firstPerson).toBe(false);
    expect(contextOf("The network was optimised with Adam.")).toBe("training");
  });

  it("reads a sentence in related work without first person as someone else's", () => {
    expect(
      judge("Large language models are trained on thousands of GPUs.", {
        section: "related_work",
        sectionTitle: "Related Work",
      }),
    ).toEqual({
      context: "other",
      confidenceShift: expect.closeTo(-0.35, 10),
      firstPerson: false,
      cited: false,
    });
  });

  it("keeps a first-person sentence in related work as ours", () => {
    expect(contextOf("Unlike them, we train on one GPU.", { section: "related_work" })).toBe("training");
  });

  it("reads a cited sentence without first person as someone else's", () => {
    for (const text of [
      "The baseline [12] was trained on 64 GPUs.",
      "The baseline [3, 7] was trained on 64 GPUs.",
      "BigNet (Alpha et al., 2021) was trained on 64 GPUs.",
      "BigNet (Alpha and Gamma, 2020) was trained on 64 GPUs.",
      "Alpha et al. (2021) trained BigNet on 64 GPUs.",
      "BigNet [cite] was trained on 64 GPUs.",
    ]) {
      expect([text, judge(text).cited, judge(text).context]).toEqual([text, true, "other"]);
    }
  });

  it("keeps a first-person sentence that cites a source as ours, with less confidence", () => {
    expect(judge("Following [4], we train for 90 epochs.")).toEqual({
      context: "training",
      confidenceShift: expect.closeTo(0.07, 10),
      firstPerson: true,
      cited: true,
    });
  });

  it("reads sentences about others' work, common practice or data collection as other", () => {
    for (const text of [
      "Previous methods were trained on eight GPUs.",
      "Such models are typically trained on TPU pods.",
      "The corpus was collected over three weeks.",
      "The official checkpoints were trained for two weeks.",
      "They trained the detector on 16 GPUs.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "other"]);
    }
  });

  it("reads a sentence in a paragraph that names someone else's work as other", () => {
    const paragraph = "Alpha et al. (2021) propose BigNet. It was trained on 64 GPUs for a month.";
    expect(contextOf("It was trained on 64 GPUs for a month.", { paragraph })).toBe("other");
  });

  it("keeps a sentence in a paragraph about our own work as training even if a citation appears", () => {
    const paragraph = "We build on BigNet [3]. It was trained on 4 GPUs for a day.";
    expect(contextOf("It was trained on 4 GPUs for a day.", { paragraph })).toBe("training");
  });
});

describe("judgeSentence: inference and deployment", () => {
  it("reads deployment and latency claims as inference", () => {
    for (const text of [
      "Our model can be deployed on a single GPU.",
      "Inference takes 20 ms per image on one GPU.",
      "TinyNet fits on a laptop GPU.",
      "Throughput reaches 900 tokens per second.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "inference"]);
    }
  });

  it("reads generation speed and measured processing times as inference", () => {
    for (const text of [
      "Each 512 x 512 image is generated in 3 seconds on one RTX 3090.",
      "A sample is synthesized in about 40 ms on a laptop GPU.",
      "Each frame is rendered in two seconds on an A100.",
      "Samples were drawn and sampled in under 5 minutes on an A100.",
      "TinyNet segments 30 frames per second on a Jetson board.",
      "TinyNet runs at 30 fps on a Jetson board.",
      "Processing times were measured on a desktop CPU.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "inference"]);
    }
  });

  it("reads the authors' runs fitting on their devices as training, not deployment", () => {
    for (const text of [
      "Each run fits on a single H100 GPU.",
      "All experiments fit into one RTX 3090.",
      "We tuned the settings so that we can fit our experiments into a single P100 GPU.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "training"]);
    }
    // The trained model fitting on a device is still a deployment.
    for (const text of [
      "After training, the model fits on a single Jetson Nano.",
      "Once training is done, the model fits on a single T4 GPU.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "inference"]);
    }
  });

  it("does not read implementation, data generation or pre-processing as inference", () => {
    for (const text of [
      "Models were created in PyTorch and run on 8 V100 GPUs for 3 days.",
      "The synthetic images were generated in Blender on 4 RTX 3090 GPUs.",
      "Pre-processing time was measured on a single A100.",
      "All results were generated in about 200 GPU hours on V100 GPUs.",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "training"]);
    }
  });

  it("reads a sentence about training and inference as training", () => {
    expect(contextOf("We train on 4 GPUs and measure latency on one.")).toBe("training");
  });
});

describe("judgeSentence: code listings printed in a paper", () => {
  it("reads listing lines as other", () => {
    for (const text of [
      "13 # batch size to 64",
      "batch_size = 64",
      "model = TinyNet(depth=4)",
      "def train(model): return model",
    ]) {
      expect([text, contextOf(text)]).toEqual([text, "other"]);
    }
  });
});

describe("judgeSentence: confidence shifts", () => {
  it("shifts confidence by section, plus a little for first person", () => {
    const shift = (section: SentenceView["section"]) =>
      judge("The model is trained on 4 GPUs.", { section }).confidenceShift;
    expect(shift("implementation")).toBeCloseTo(0.12);
    expect(shift("experiments")).toBeCloseTo(0.08);
    expect(shift("method")).toBeCloseTo(0);
    expect(shift(null)).toBeCloseTo(0);
    expect(shift("introduction")).toBeCloseTo(-0.15);
    expect(shift("background")).toBeCloseTo(-0.2);
    expect(shift("acknowledgments")).toBeCloseTo(-0.1);
    expect(judge("We train on 4 GPUs.", { section: "method" }).confidenceShift).toBeCloseTo(0.05);
  });

  it("gives an appendix section at least the appendix bonus, but not an appendix related-work section", () => {
    expect(
      judge("The model is trained on 4 GPUs.", { section: "introduction", appendix: true }).confidenceShift,
    ).toBe(0.05);
    expect(
      judge("The model is trained on 4 GPUs.", { section: "related_work", appendix: true }).confidenceShift,
    ).toBe(-0.35);
  });

  it("sets counterfactual sentences apart from the training setup", () => {
    expect(judge("Training would take 3 weeks on one GPU.", { section: "method" }).context).toBe("other");
    expect(judge("If we trained on one GPU, it would take weeks.", { section: "method" }).context).toBe(
      "other",
    );
  });

  it("lowers confidence in example sentences", () => {
    expect(
      judge("For example, the model is trained on 4 GPUs.", { section: "method" }).confidenceShift,
    ).toBeCloseTo(-0.15);
  });
});

describe("valueContext: whose run a value of a sentence describes, clause by clause", () => {
  const contextAt = (text: string, value: string) => {
    const start = text.indexOf(value);
    return valueContext(text, start, start + value.length, judge(text));
  };

  it("gives another's values to a clause whose subject is their named work", () => {
    const other = [
      [
        "Although [24] ran their final model for 300 epochs over 3 days, we ran our models for 30 epochs.",
        "300",
      ],
      ["We train for 100 epochs, while Smith et al. (2020) train for 300 epochs.", "300"],
      ["We use 4 GPUs, whereas [5] uses 64 GPUs.", "64"],
      ["We train for 100 epochs, but [5] report 300 epochs.", "300"],
      ["Whereas prior work trains for 90 epochs, we train for 30.", "90"],
      ["Unlike Smith et al. (2020), who train for 300 epochs, we train for 30.", "300"],
      ["We train for 100 epochs; [5] train for 300 epochs.", "300"],
      ["We train for 30 epochs, while [5] uses 300 epochs; we use 8 GPUs.", "300"],
      ["Although [24] trained it for 300 epochs (i.e., 3 days), we train for 30.", "300"],
      ["Although the original authors train for 300 epochs, ours trains for 30 epochs.", "300"],
      ["We train for 100 epochs, while [cite] train for 300 epochs.", "300"],
      ["Although [cite] ran their model for 400 epochs, we ran ours for 30 epochs.", "400"],
      ["We train for 100 epochs, while Smith and Jones (2020) train for 300 epochs.", "300"],
    ] as const;
    for (const [text, value] of other) expect([text, contextAt(text, value)]).toEqual([text, "other"]);
    const text =
      "Although [24] ran their final model for 300 epochs over 3 days, we ran our models for 30 epochs.";
    expect(contextAt(text, "30 epochs")).toBe("training");
    expect(contextAt("We train for 30 epochs, while [5] uses 300 epochs; we use 8 GPUs.", "8")).toBe(
      "training",
    );
  });

  it("keeps the authors' values: following others, a list with a citation, 'they' for their own models", () => {
    const training = [
      ["We use a batch size of 64, a learning rate of 0.001, and 300 epochs [24].", "300"],
      ["Following [24], we train for 300 epochs.", "300"],
      ["We pre-train our models on ImageNet; they are then fine-tuned for 10 epochs on 4 GPUs.", "10"],
      ["We train three models; they use 8 V100 GPUs each and run for 100 epochs.", "100"],
      ["We train with SGD; following [12], the batch size is 256 and training runs for 90 epochs.", "256"],
      ["We train with SGD, but following [12], the batch size is 256.", "256"],
      ["We use SGD, but as in [5], training runs for 90 epochs on 8 GPUs.", "90"],
      ["While fine-tuning on GLUE [45] for 3 epochs, we use a batch size of 32.", "3 epochs"],
      ["We use the code of [5]; the model is trained for 100 epochs with a batch size of 64 [5].", "64"],
      ["We fine-tune BERT for 3 epochs, while keeping their batch size of 32.", "32"],
      [
        "We train for 100 epochs; following (Smith et al., 2020; Jones et al., 2021), the batch size is 256.",
        "256",
      ],
      ["Our models use a batch size of 256, while they train for 100 epochs.", "100"],
      ["Unlike [3], we train for 100 epochs.", "100"],
      ["We train for 100 epochs, while [5] and our ablation use 300 epochs.", "300"],
      ["While [24] and this work both train for 300 epochs, we report 100.", "300"],
      ["We train on 8 GPUs; CIFAR and ImageNet models are trained for 200 epochs.", "200"],
      ["Our models are trained for 90 epochs, but ResNet and ViT variants use 300 epochs.", "300"],
      [
        "We train for 90 epochs; Smith et al.'s cosine schedule is used with a warm-up of 5 epochs.",
        "5 epochs",
      ],
      ["We train for 90 epochs; [12]'s learning rate of 0.1 is used with 4 GPUs.", "4"],
    ] as const;
    for (const [text, value] of training) expect([text, contextAt(text, value)]).toEqual([text, "training"]);
  });

  it("changes nothing in a sentence about inference", () => {
    expect(contextAt("Although [24] serve it with 300 GPUs, we measure latency on 2 GPUs.", "300")).toBe(
      "inference",
    );
  });
});
