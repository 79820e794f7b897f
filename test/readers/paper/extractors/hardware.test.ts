import { describe, expect, it } from "@jest/globals";
import { hardwareExtractor } from "../../../../src/readers/paper/extractors/hardware.js";
import { candidatesOf, evidenceText, onlyFact, readSection, valueAndSpan } from "../helpers.js";

const counts = (text: string) =>
  candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => valueAndSpan(text, c));
const hardwareIds = (text: string) =>
  candidatesOf(hardwareExtractor, text, "hardware").map((c) => valueAndSpan(text, c));

describe("hardware extractor: device names", () => {
  it("normalises each spelling to its catalog id, with the span as written", () => {
    const text =
      "We use a Tesla V100-SXM2-32GB, two V100s, one A100 80GB, an RTX 3090, a GTX 1080 Ti, a TITAN X and an H100.";
    expect(hardwareIds(text)).toEqual([
      ["nvidia-v100-32gb", "Tesla V100-SXM2-32GB"],
      ["nvidia-v100s", "V100s"],
      ["nvidia-a100-80gb", "A100 80GB"],
      ["nvidia-rtx-3090", "RTX 3090"],
      ["nvidia-gtx-1080-ti", "GTX 1080 Ti"],
      ["nvidia-titan-x", "TITAN X"],
      ["nvidia-h100", "H100"],
    ]);
  });

  it("tags accelerators and CPUs, and counts neither a CPU nor a laptop chip's cores", () => {
    const text = "We ran it on an Apple M1 laptop and a Xeon Gold 6248 server.";
    const found = candidatesOf(hardwareExtractor, text, "hardware");
    expect(found.map((c) => [c.value, c.tags])).toEqual([
      ["apple-m1", ["accelerator"]],
      ["intel-xeon-gold-6248", ["cpu"]],
    ]);
    expect(counts(text)).toEqual([[1, "an Apple M1"]]);
  });

  it("is more confident when the sentence says the device was used for compute", () => {
    const [used] = candidatesOf(hardwareExtractor, "We trained TinyNet on an RTX 3090.", "hardware");
    const [named] = candidatesOf(hardwareExtractor, "The RTX 3090 is a consumer card.", "hardware");
    expect(used?.confidence).toBeCloseTo(0.8, 10);
    expect(named?.confidence).toBeCloseTo(0.55, 10);
  });

  it("is much less confident in a comparison between devices", () => {
    const text = "TinyNet runs 3x faster on an RTX 3090 than on a GTX 1080 Ti.";
    const found = candidatesOf(hardwareExtractor, text, "hardware");
    expect(found.map((c) => c.value)).toEqual(["nvidia-rtx-3090", "nvidia-gtx-1080-ti"]);
    for (const c of found) expect(c.confidence).toBeCloseTo(0.45, 10);
  });

  it("reads a hardware row of a table", () => {
    const [row] = candidatesOf(hardwareExtractor, "GPU | NVIDIA RTX 4070", "hardware", { kind: "table_row" });
    expect(row?.value).toBe("nvidia-rtx-4070");
    expect(row?.confidence).toBeCloseTo(0.7, 10);
  });
});

describe("hardware extractor: accelerator counts next to a named device", () => {
  it("reads '8 × A100'", () => {
    expect(counts("We train on 8 × A100 GPUs.")).toEqual([[8, "8 × A100"]]);
  });

  it("reads a number word and vendor words before the device", () => {
    expect(counts("Training used four NVIDIA Tesla V100 GPUs.")).toEqual([[4, "four NVIDIA Tesla V100"]]);
  });

  it("reads 'a single V100' as one device, without the weaker article tag", () => {
    const [single] = candidatesOf(hardwareExtractor, "We fine-tune on a single V100.", "accelerator_count");
    expect(single).toMatchObject({ value: 1, raw: "a single V100", tags: [] });
    expect(single?.confidence).toBeCloseTo(0.8, 10);
  });

  it("reads 'on a V100' as one device said in passing, tagged and less confident", () => {
    const [article] = candidatesOf(hardwareExtractor, "We fine-tune on a V100.", "accelerator_count");
    expect(article).toMatchObject({ value: 1, raw: "a V100", tags: ["article"] });
    expect(article?.confidence).toBeCloseTo(0.7, 10);
  });

  it("reads the chips of a TPU pod slice from its core count", () => {
    const text = "We pre-train on TPU v3-32 pod slice.";
    const [slice] = candidatesOf(hardwareExtractor, text, "accelerator_count");
    expect(slice).toMatchObject({
      value: 16,
      raw: "TPU v3-32 pod slice",
      tags: ["tpu_slice"],
      note: "TPU slice of 32 cores = 16 chips",
    });
    expect(hardwareIds(text)).toEqual([["google-tpu-v3", "TPU v3-32 pod slice"]]);
  });
});

describe("hardware extractor: names that are not hardware", () => {
  it("reads no GPU in wind components ('U10, V10, U100, V100'), but the GPU beside them", () => {
    expect(hardwareIds("Inputs | U10, V10, U100, V100")).toEqual([]);
    expect(hardwareIds("We use the ERA5 variables u100 and v100 and train on 4 V100 GPUs.")).toEqual([
      ["nvidia-v100", "V100"],
    ]);
    expect(hardwareIds("We trained on a V100.")).toEqual([["nvidia-v100", "V100"]]);
    expect(hardwareIds("Inputs are U100/V100 and u10, v10.")).toEqual([]);
    // Only the V written as the U's pair is a wind component: a counted V100 in the same sentence is a GPU.
    expect(hardwareIds("With u100 and v100 as inputs, we train on a V100.")).toEqual([
      ["nvidia-v100", "V100"],
    ]);
    expect(
      candidatesOf(
        hardwareExtractor,
        "Inputs u100 and v100; training takes 3 days on 8 V100.",
        "accelerator_count",
      ).map((c) => c.value),
    ).toEqual([8]);
  });
});

describe("hardware extractor: counts of unnamed accelerators", () => {
  it("reads 'eight GPUs'", () => {
    expect(counts("Training runs on eight GPUs.")).toEqual([[8, "eight GPUs"]]);
  });

  it("reads '4 nodes with 8 GPUs each' as 32 in total", () => {
    const text = "Our cluster has 4 nodes with 8 GPUs each.";
    const found = candidatesOf(hardwareExtractor, text, "accelerator_count");
    expect(found.map((c) => valueAndSpan(text, c))).toEqual([[32, "4 nodes with 8 GPUs each"]]);
    expect(found[0]).toMatchObject({ tags: ["total"], note: "4 × 8" });
  });

  it("does not multiply a node count by a device count that is already the total", () => {
    const values = (text: string) =>
      candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => c.value);
    expect(values("Our cluster has 2 nodes with 16 GPUs in total.")).toEqual([16]);
    expect(values("Our cluster has 2 nodes with 16 GPUs, altogether.")).toEqual([16]);
    expect(values("Our cluster has 2 nodes with a total of 16 GPUs.")).toEqual([16]);
    // Without "total", the count is per node, as before.
    expect(values("Our cluster has 2 nodes with 16 GPUs each.")).toEqual([32]);
    // "total" of the nodes, "each", or "overall"/"combined" opening another phrase say nothing of the count.
    expect(values("Our cluster has 4 nodes in total, each with 8 GPUs.")).toContain(32);
    expect(values("Our cluster has 4 nodes with 8 GPUs each, 32 in total.")).toEqual([32]);
    expect(values("We use 4 nodes with 8 GPUs, overall taking about 3 days.")).toContain(32);
    expect(values("We use 4 nodes with 8 GPUs, combined with ZeRO-3 offloading.")).toContain(32);
    expect(values("We use 2 nodes with 16 GPUs total.")).toEqual([16]);
  });

  it("reads a node product across a decimal point, which does not end the clause ('the 1.5B model')", () => {
    const values = (text: string) =>
      candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => c.value);
    expect(values("We used 32 nodes for the 1.5B model, each equipped with 8 GPUs.")).toEqual([256]);
    expect(values("We use 8 GPUs per node for the 1.5B model on 4 nodes.")).toEqual([32]);
    expect(values("We use 8 V100 GPUs per node for the 1.5B model on 4 nodes.")).toContain(32);
    // A full stop still ends it, and so does a decimal that is not part of a name ("2.25 GHz").
    expect(values("We used 32 nodes. The baseline used a machine with 8 GPUs.")).toEqual([8]);
    expect(values("We use 8 GPUs per node. Evaluation used 4 nodes.")).toEqual([8]);
    expect(values("We use 2 nodes with 2.25 GHz CPUs with 128 cores and 8 GPUs.")).toEqual([8]);
    // Both factors count things.
    expect(values("Our cluster has 16 nodes with 2.2 GHz CPUs and 4 GPUs per node.")).not.toContain(35.2);
  });

  it("reads '8 GPUs per node on 4 nodes' as 32 in total", () => {
    const text = "Experiments ran on 8 GPUs per node on 4 nodes.";
    const found = candidatesOf(hardwareExtractor, text, "accelerator_count");
    expect(found.map((c) => valueAndSpan(text, c))).toEqual([[32, "8 GPUs per node on 4 nodes"]]);
    expect(found[0]?.tags).toEqual(["total"]);
  });

  it("reads a node count times devices named with a memory aside ('8 Nvidia A100 (40GB) GPUs')", () => {
    const text = "Training used a cluster of 16 nodes, each equipped with 8 Nvidia A100 (40GB) GPUs.";
    const found = candidatesOf(hardwareExtractor, text, "accelerator_count").filter((c) =>
      c.tags?.includes("total"),
    );
    expect(found.map((c) => valueAndSpan(text, c))).toEqual([
      [128, "16 nodes, each equipped with 8 Nvidia A100 (40GB) GPUs"],
    ]);
    // The 8 of each node is offered too, as a per-node figure.
    expect(
      candidatesOf(hardwareExtractor, text, "accelerator_count")
        .filter((c) => c.value === 8)
        .map((c) => c.tags),
    ).toEqual([["per_node"]]);
    for (const perNode of ["We use 8 Tesla V100 (32 GB) GPUs per node on 4 nodes."]) {
      expect([
        perNode,
        candidatesOf(hardwareExtractor, perNode, "accelerator_count")
          .filter((c) => c.tags?.includes("total"))
          .map((c) => c.value),
      ]).toEqual([perNode, [32]]);
    }
  });

  it("tags a count that describes each node ('Each node contains 8 GPUs') as per node, not a single node's 8", () => {
    const tagsOf = (text: string) =>
      candidatesOf(hardwareExtractor, text, "accelerator_count").map((c) => [c.value, c.tags ?? []]);
    expect(tagsOf("Each node in the cluster contains 8 GPUs connected by NVLink.")).toEqual([
      [8, ["per_node"]],
    ]);
    expect(tagsOf("Every server is equipped with 4 NVIDIA A100 GPUs.")).toEqual([[4, ["per_node"]]]);
    expect(tagsOf("We train on a single node with 8 GPUs.")).toEqual([[8, ["total"]]]);
    expect(tagsOf("Each of the 4 nodes has 8 A100 GPUs.")).toEqual([[8, ["per_node"]]]);
    expect(tagsOf("Each compute node has 8 A100 GPUs.")).toEqual([[8, ["per_node"]]]);
    expect(tagsOf("We use 4 nodes, with each node equipped with 8 A100 GPUs.")).toContainEqual([
      8,
      ["per_node"],
    ]);
    // "N nodes with M GPUs": M is as often the total, and a per-node cue after "and" may be another run's.
    expect(tagsOf("We use 2 nodes with 16 A100 GPUs in total.")).toContainEqual([16, []]);
    expect(tagsOf("8 A100 GPUs per node and 4 nodes were used for ablations.")).toEqual([[8, ["per_node"]]]);
    // The verb must follow the node words: a later clause about the whole setup is not per node.
    expect(tagsOf("Each node is connected by InfiniBand and the cluster contains 64 A100 GPUs.")).toEqual([
      [64, []],
    ]);
    expect(tagsOf("Each host has a batch of 1024 and we train with 32 TPU v4 chips.")).toEqual([[32, []]]);
  });

  it("reads 'two machines, each with four GPUs' as 8 in total", () => {
    expect(counts("We train on two machines, each with four GPUs.")).toEqual([
      [8, "two machines, each with four GPUs"],
    ]);
  });

  it("tags 'a total of 16 GPUs' as a total", () => {
    const [total] = candidatesOf(hardwareExtractor, "We train with a total of 16 GPUs.", "accelerator_count");
    expect(total).toMatchObject({ value: 16, raw: "a total of 16 GPUs", tags: ["total"] });
  });

  it("reads 'a mid-range consumer GPU' as one device said in passing", () => {
    const [one] = candidatesOf(
      hardwareExtractor,
      "We train on a mid-range consumer GPU.",
      "accelerator_count",
    );
    expect(one).toMatchObject({ value: 1, raw: "a mid-range consumer GPU", tags: ["article"] });
  });

  it("is less confident about a count in a sentence that is not about compute", () => {
    const [count] = candidatesOf(
      hardwareExtractor,
      "The batch is split across eight GPUs.",
      "accelerator_count",
    );
    expect(count?.confidence).toBeCloseTo(0.55, 10);
    const [trained] = candidatesOf(hardwareExtractor, "We trained on eight GPUs.", "accelerator_count");
    expect(trained?.confidence).toBeCloseTo(0.75, 10);
  });

  it("does not read 'each of the 8 GPUs', 'per GPU', GPU-hours or GPU memory as counts", () => {
    expect(counts("Each of the 8 GPUs holds one replica.")).toEqual([]);
    expect(counts("We report memory per GPU and 200 GPU hours.")).toEqual([]);
    expect(counts("Training needs 16 GPU-days.")).toEqual([]);
    expect(counts("The model needs 12 GB of GPU memory.")).toEqual([]);
  });

  it("reads device-time after a named device as no count: '~446 A100 GPU-hours', '120 V100 days'", () => {
    expect(counts("Total project compute: ~446 A100 GPU-hours.")).toEqual([]);
    expect(counts("The sweep used 120 V100 days.")).toEqual([]);
    expect(counts("Pre-training took ~50 A100 GPU-months.")).toEqual([]);
    expect(counts("The run used 2,000 TPUv4 chip-hours.")).toEqual([]);
    // The count is still read when the hours belong to another noun.
    expect(counts("We used 4 A100 GPUs for 20 hours.")).toEqual([[4, "4 A100"]]);
  });

  it("does not count a device the sentence says was not there, nor name it", () => {
    expect(counts("Our partner's servers do not have a GPU, so training ran elsewhere.")).toEqual([]);
    expect(counts("We trained the baseline without a single GPU.")).toEqual([]);
    expect(counts("We had no access to a GPU for training.")).toEqual([]);
    expect(counts("The lab lacks a GPU, so we trained on a laptop.")).toEqual([]);
    expect(counts("We don't have a GPU; training ran on a laptop.")).toEqual([]);
    expect(counts("We don’t have a GPU; training ran on a laptop.")).toEqual([]);
    expect(counts("We never used 8 GPUs for training.")).toEqual([]);
    expect(counts("The model could not be trained on one V100.")).toEqual([]);
    expect(hardwareIds("The model could not be trained on one V100.")).toEqual([]);
    expect(counts("The model cannot be trained on a single V100 GPU.")).toEqual([]);
    expect(counts("Fine-tuning does not require training on 8 A100s.")).toEqual([]);
  });

  it("keeps a count that a negation of something else stands before", () => {
    expect(counts("We did not use data parallelism and trained on a single V100.")).toEqual([
      [1, "a single V100"],
    ]);
    expect(counts("We train with no gradient accumulation on 8 GPUs.")).toEqual([[8, "8 GPUs"]]);
    expect(counts("We train without warm-up on 4 A100 GPUs.")).toEqual([[4, "4 A100"]]);
    expect(counts("We used no fewer than 8 GPUs.")).toEqual([[8, "8 GPUs"]]);
    // Thanks for devices that were there.
    expect(
      counts("This work would not have been possible without the 64 A100 GPUs provided by NVIDIA.").map(
        ([v]) => v,
      ),
    ).toEqual([64]);
    expect(counts("The results do not change on 8 GPUs.")).toEqual([[8, "8 GPUs"]]);
    expect(counts("We trained not only on a V100 but also on 8 A100 GPUs.").map(([value]) => value)).toEqual([
      1, 8,
    ]);
  });
});

describe("hardware extractor: accelerator memory", () => {
  it("reads the memory written in the device name", () => {
    const [memory] = candidatesOf(hardwareExtractor, "We train on one A100 80GB.", "gpu_memory_gb");
    expect(memory).toMatchObject({ value: 80, raw: "A100 80GB" });
  });

  it("reads the memory written after the device", () => {
    const [memory] = candidatesOf(
      hardwareExtractor,
      "We train on 4 V100 GPUs with 32GB of memory.",
      "gpu_memory_gb",
    );
    expect(memory).toMatchObject({ value: 32, raw: "GPUs with 32GB of memory" });
  });

  it("does not guess the memory of a device named without it", () => {
    expect(candidatesOf(hardwareExtractor, "We train on 4 V100 GPUs.", "gpu_memory_gb")).toEqual([]);
  });
});

describe("hardware extractor: through the reader", () => {
  it("gives evidence offsets into the document, with the section and the sentence quoted", () => {
    const paper = readSection(
      "Implementation Details",
      "We train TinyNet for 90 epochs on four RTX 3090 cards.",
    );
    const hardware = onlyFact(paper, "hardware");
    const count = onlyFact(paper, "accelerator_count");
    expect([hardware.value, evidenceText(paper, hardware)]).toEqual(["nvidia-rtx-3090", "RTX 3090"]);
    expect([count.value, evidenceText(paper, count)]).toEqual([4, "four RTX 3090"]);
    expect(count.evidence).toMatchObject({
      kind: "paper",
      page: null,
      section: "Implementation Details",
      quote: "We train TinyNet for 90 epochs on four RTX 3090 cards.",
    });
    expect(count.context).toBe("training");
    expect(paper.summary).toMatchObject({ hardware: "nvidia-rtx-3090", accelerator_count: 4 });
  });
});

describe("hardware extractor: a product line written apart from its number", () => {
  it("reads 'a dual RTX 4090 setup' (no letter glued to a digit, no GPU word) as two RTX 4090s", () => {
    const paper = readSection(
      "Computational Cost",
      "Each run took 12 hours per 500-epoch run on a dual RTX 4090 setup.",
    );
    const hardware = onlyFact(paper, "hardware");
    const count = onlyFact(paper, "accelerator_count");
    expect([hardware.value, evidenceText(paper, hardware)]).toEqual(["nvidia-rtx-4090", "RTX 4090"]);
    expect([count.value, evidenceText(paper, count)]).toEqual([2, "dual RTX 4090"]);
  });

  it("reads 'quad' as four devices and 'dual' nowhere else as a count", () => {
    expect(counts("We trained on a quad A100 server.")).toEqual([[4, "quad A100"]]);
    expect(counts("A dual-socket Xeon host with one V100 trained it.")).toEqual([[1, "one V100"]]);
  });
});

describe("hardware extractor: devices that gathered data", () => {
  it("does not count the devices a dataset came from, but counts devices that trained", () => {
    expect(counts("In the training set there were 30 million labelled samples from 387 devices.")).toEqual(
      [],
    );
    expect(counts("The model was trained on 4 devices.")).toEqual([[4, "4 devices"]]);
    expect(counts("We trained it on data from 8 devices.").map(([v]) => v)).toEqual([]);
    expect(counts("Training ran from 8 devices in parallel.").map(([v]) => v)).toEqual([8]);
    expect(counts("Training with data-parallel workers from 8 devices.").map(([v]) => v)).toEqual([8]);
  });
});
