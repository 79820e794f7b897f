import { describe, expect, it } from "@jest/globals";
import { findHardwareMentions } from "../../src/catalog/index.js";

const ids = (text: string) => findHardwareMentions(text).map((m) => m.entry.id);
const spans = (text: string) => findHardwareMentions(text).map((m) => text.slice(m.start, m.end));

describe("findHardwareMentions", () => {
  it("finds a GPU with its vendor, memory and form factor as one mention", () => {
    const text = "We train on 8 NVIDIA A100-SXM4-80GB GPUs for three days.";
    expect(ids(text)).toEqual(["nvidia-a100-80gb"]);
    expect(spans(text)).toEqual(["NVIDIA A100-SXM4-80GB"]);
  });

  it("reads a memory size written before the name", () => {
    expect(ids("using four 32GB V100 cards")).toEqual(["nvidia-v100-32gb"]);
  });

  it("reads a memory size in parentheses", () => {
    expect(ids("one Tesla V100 (32 GB) per run")).toEqual(["nvidia-v100-32gb"]);
  });

  it("finds several mentions in order, without overlaps", () => {
    expect(
      ids("Pretraining used TPU v3 chips; fine-tuning used a single RTX 3090 and a GTX 1080 Ti."),
    ).toEqual(["google-tpu-v3", "nvidia-rtx-3090", "nvidia-gtx-1080-ti"]);
  });

  it("prefers the longest spelling (Titan Xp over Titan X, V100S over V100)", () => {
    expect(ids("a Titan Xp and a V100S")).toEqual(["nvidia-titan-xp", "nvidia-v100s"]);
  });

  it("reads a TPU slice and its size", () => {
    const [m] = findHardwareMentions("trained on a TPU v3-32 pod slice for 4 days");
    expect(m).toMatchObject({ slice_cores: 32, slice_chips: 16, raw: "TPU v3-32 pod slice" });
  });

  it("accepts a hyphen between a model's letters and its number", () => {
    expect(ids("a single Tesla P-100 GPU and two V-100 cards")).toEqual(["nvidia-p100", "nvidia-v100"]);
    expect(ids("See Section A-100 and Figure H-100 for the proof.")).toEqual([]);
  });

  it("accepts the plural and the 8xA100 shorthand", () => {
    expect(ids("on 64 A100s")).toEqual(["nvidia-a100"]);
    expect(ids("an 8xA100 node")).toEqual(["nvidia-a100"]);
  });

  it("does not read bare numbers as consumer GPUs", () => {
    expect(ids("we draw 3090 samples and 4070 negatives")).toEqual([]);
    expect(ids("the batch size is 1080")).toEqual([]);
  });

  it("accepts a bare model number next to a GPU word", () => {
    expect(ids("one 3090 GPU")).toEqual(["nvidia-rtx-3090"]);
  });

  it("needs a qualifier for short names like T4 and L4", () => {
    expect(ids("see Table T4 and layer L4")).toEqual([]);
    expect(ids("on a Tesla T4 and two NVIDIA L4 GPUs")).toEqual(["nvidia-t4", "nvidia-l4"]);
    expect(ids("T4 GPUs on Colab")).toEqual(["nvidia-t4"]);
  });

  it("reads Apple chips only with Apple or Mac context", () => {
    expect(ids("the M1 score improves by 2 points")).toEqual([]);
    expect(ids("on a MacBook Pro with the M1 chip")).toEqual(["apple-m1"]);
    expect(ids("an Apple M2 laptop")).toEqual(["apple-m2"]);
    expect(ids("a Mac Studio (M2 Ultra)")).toEqual(["apple-m2-ultra"]);
    expect(ids("M3 Max with 64 GB")).toEqual(["apple-m3-max"]);
  });

  it("does not match inside longer words or identifiers", () => {
    expect(ids("XA100B and K800 and model-V1000")).toEqual([]);
  });

  it("finds CPUs by model pattern, including ones only the CPU power table knows", () => {
    const text = "Each node has two Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz and an AMD EPYC 7763 host.";
    expect(ids(text)).toEqual(["intel-xeon-e5-2690-v4", "amd-epyc-7763"]);
    expect(ids("a desktop with a Ryzen 7 5700X and an Intel Core i7-8700K")).toEqual([
      "amd-ryzen-7-5700x",
      "intel-core-i7-8700k",
    ]);
  });

  it("finds other accelerators", () => {
    expect(ids("MI250X GCDs on LUMI, Gaudi2 on IDC, Quadro RTX 6000 locally")).toEqual([
      "amd-mi250x",
      "intel-gaudi2",
      "nvidia-quadro-rtx-6000",
    ]);
  });

  it("returns offsets into the text", () => {
    const text = "GPU: H100 SXM5 80GB";
    const [m] = findHardwareMentions(text);
    expect(m).toMatchObject({ start: 5, end: 19 });
    expect(m?.entry.id).toBe("nvidia-h100-sxm");
  });

  it("returns nothing for empty input", () => {
    expect(findHardwareMentions("")).toEqual([]);
  });
});
