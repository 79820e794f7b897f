import { describe, expect, it } from "@jest/globals";
import {
  cpuPowerPerCoreW,
  findHardwareMentions,
  getHardware,
  listHardware,
  lookupHardware,
} from "../../src/catalog/index.js";
import { parseHardwareSpelling } from "../../src/catalog/spelling.js";

/**
 * Real spellings (papers, launch scripts, nvidia-smi, /proc/cpuinfo) of the hardware of 2015-2026 → catalog id.
 * Issue 12: the catalog is broadened from the vendors' line-ups, and this table checks that each family is
 * reachable under the names people write.
 */
const SPELLINGS: Array<[string, string]> = [
  ["Tesla P4", "nvidia-p4"],
  ["NVIDIA P4", "nvidia-p4"],
  ["Tesla P40", "nvidia-p40"],
  ["NVIDIA Tesla P100 SXM2", "nvidia-p100-sxm2"],
  ["Tesla P100-PCIE-12GB", "nvidia-p100-pcie-12gb"],
  ["Tesla V100", "nvidia-v100"],
  ["V100-SXM2-32GB", "nvidia-v100-32gb"],
  ["V100-SXM2-16GB", "nvidia-v100-16gb"],
  ["NVIDIA V100 PCIe 32GB", "nvidia-v100-pcie-32gb"],
  ["Tesla V100S-PCIE-32GB", "nvidia-v100s"],
  ["NVIDIA T4", "nvidia-t4"],
  ["T4 Tensor Core GPU", "nvidia-t4"],
  ["NVIDIA A2", "nvidia-a2"],
  ["A2 Tensor Core GPU", "nvidia-a2"],
  ["NVIDIA A10", "nvidia-a10"],
  ["A10G", "nvidia-a10g"],
  ["NVIDIA A16", "nvidia-a16"],
  ["NVIDIA A30", "nvidia-a30"],
  ["A30 24GB", "nvidia-a30"],
  ["NVIDIA A40", "nvidia-a40"],
  ["A100-SXM4-80GB", "nvidia-a100-80gb"],
  ["A100-PCIE-40GB", "nvidia-a100-pcie-40gb"],
  ["NVIDIA A800-SXM4-80GB", "nvidia-a800"],
  ["A800 PCIe 40GB", "nvidia-a800-pcie-40gb"],
  ["NVIDIA L4", "nvidia-l4"],
  ["NVIDIA L20", "nvidia-l20"],
  ["NVIDIA L40", "nvidia-l40"],
  ["NVIDIA L40S", "nvidia-l40s"],
  ["NVIDIA H20", "nvidia-h20"],
  ["NVIDIA H100 80GB HBM3", "nvidia-h100"],
  ["H100-SXM5-80GB", "nvidia-h100-sxm"],
  ["NVIDIA H100 NVL", "nvidia-h100-nvl"],
  ["NVIDIA H200", "nvidia-h200"],
  ["H200 NVL", "nvidia-h200-nvl"],
  ["NVIDIA H800", "nvidia-h800"],
  ["GH200 Grace Hopper Superchip", "nvidia-gh200"],
  ["NVIDIA B100", "nvidia-b100"],
  ["NVIDIA B200", "nvidia-b200"],
  ["DGX B200", "nvidia-b200"],
  ["GB200 NVL72", "nvidia-gb200"],
  ["NVIDIA B300", "nvidia-b300"],
  ["GB300", "nvidia-gb300"],
  ["Quadro P4000", "nvidia-quadro-p4000"],
  ["Quadro P5000", "nvidia-quadro-p5000"],
  ["Quadro P6000", "nvidia-quadro-p6000"],
  ["Quadro GP100", "nvidia-quadro-gp100"],
  ["Quadro GV100", "nvidia-quadro-gv100"],
  ["Quadro P2000", "nvidia-quadro-p2000"],
  ["Quadro M6000", "nvidia-quadro-m6000"],
  ["Quadro RTX 4000", "nvidia-quadro-rtx-4000"],
  ["Quadro RTX 5000", "nvidia-quadro-rtx-5000"],
  ["Quadro RTX 6000", "nvidia-quadro-rtx-6000"],
  ["Quadro RTX 8000", "nvidia-quadro-rtx-8000"],
  ["RTX A2000", "nvidia-rtx-a2000"],
  ["RTX A4000", "nvidia-rtx-a4000"],
  ["RTX A4500", "nvidia-rtx-a4500"],
  ["NVIDIA RTX A5000", "nvidia-rtx-a5000"],
  ["RTX A5500", "nvidia-rtx-a5500"],
  ["A6000", "nvidia-rtx-a6000"],
  ["RTX A6000", "nvidia-rtx-a6000"],
  ["RTX 2000 Ada", "nvidia-rtx-2000-ada"],
  ["RTX 4000 Ada Generation", "nvidia-rtx-4000-ada"],
  ["RTX 4000 SFF Ada", "nvidia-rtx-4000-sff-ada"],
  ["RTX 4500 Ada", "nvidia-rtx-4500-ada"],
  ["NVIDIA RTX 5000 Ada Generation", "nvidia-rtx-5000-ada"],
  ["NVIDIA RTX 6000 Ada Generation", "nvidia-rtx-6000-ada"],
  ["RTX PRO 6000 Blackwell", "nvidia-rtx-pro-6000-blackwell"],
  ["NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", "nvidia-rtx-pro-6000-blackwell-max-q"],
  ["RTX PRO 6000 Blackwell Server Edition", "nvidia-rtx-pro-6000-blackwell-server"],
  ["RTX PRO 5000 Blackwell", "nvidia-rtx-pro-5000-blackwell"],
  ["GeForce GTX 950", "nvidia-gtx-950"],
  ["GTX 960", "nvidia-gtx-960"],
  ["GTX 970", "nvidia-gtx-970"],
  ["GeForce GTX 980", "nvidia-gtx-980"],
  ["GTX 980 Ti", "nvidia-gtx-980-ti"],
  ["GTX Titan X", "nvidia-titan-x"],
  ["GTX 1050", "nvidia-gtx-1050"],
  ["GTX 1050 Ti", "nvidia-gtx-1050-ti"],
  ["GeForce GTX 1060", "nvidia-gtx-1060"],
  ["GTX 1070", "nvidia-gtx-1070"],
  ["GTX 1070 Ti", "nvidia-gtx-1070-ti"],
  ["GeForce GTX 1080", "nvidia-gtx-1080"],
  ["1080 Ti", "nvidia-gtx-1080-ti"],
  ["NVIDIA GeForce GTX 1080 Ti", "nvidia-gtx-1080-ti"],
  ["Titan Xp", "nvidia-titan-xp"],
  ["NVIDIA TITAN V", "nvidia-titan-v"],
  ["NVIDIA TITAN RTX", "nvidia-titan-rtx"],
  ["GTX 1650", "nvidia-gtx-1650"],
  ["GTX 1650 SUPER", "nvidia-gtx-1650-super"],
  ["GTX 1660", "nvidia-gtx-1660"],
  ["GTX 1660 Super", "nvidia-gtx-1660-super"],
  ["GeForce GTX 1660 Ti", "nvidia-gtx-1660-ti"],
  ["RTX 2060", "nvidia-rtx-2060"],
  ["RTX 2060 SUPER", "nvidia-rtx-2060-super"],
  ["RTX 2070", "nvidia-rtx-2070"],
  ["RTX 2070 Super", "nvidia-rtx-2070-super"],
  ["GeForce RTX 2080", "nvidia-rtx-2080"],
  ["RTX 2080 SUPER", "nvidia-rtx-2080-super"],
  ["NVIDIA GeForce RTX 2080 Ti", "nvidia-rtx-2080-ti"],
  ["RTX 2080 Max-Q", "nvidia-rtx-2080-laptop"],
  ["RTX 3050", "nvidia-rtx-3050"],
  ["RTX 3060", "nvidia-rtx-3060"],
  ["RTX 3060 Ti", "nvidia-rtx-3060-ti"],
  ["RTX 3060 Laptop GPU", "nvidia-rtx-3060-laptop"],
  ["RTX 3070", "nvidia-rtx-3070"],
  ["RTX 3070 Ti", "nvidia-rtx-3070-ti"],
  ["RTX 3070 Laptop GPU", "nvidia-rtx-3070-laptop"],
  ["GeForce RTX 3080", "nvidia-rtx-3080"],
  ["RTX 3080 12GB", "nvidia-rtx-3080-12gb"],
  ["RTX 3080 Ti", "nvidia-rtx-3080-ti"],
  ["RTX 3080 Laptop", "nvidia-rtx-3080-laptop"],
  ["RTX 3090", "nvidia-rtx-3090"],
  ["GeForce RTX 3090", "nvidia-rtx-3090"],
  ["NVIDIA GeForce RTX 3090 24GB", "nvidia-rtx-3090"],
  ["3090 Ti", "nvidia-rtx-3090-ti"],
  ["RTX 4050 Laptop GPU", "nvidia-rtx-4050-laptop"],
  ["RTX 4060", "nvidia-rtx-4060"],
  ["RTX 4060 Ti", "nvidia-rtx-4060-ti"],
  ["RTX 4060 Ti 16GB", "nvidia-rtx-4060-ti-16gb"],
  ["RTX 4060 Laptop GPU", "nvidia-rtx-4060-laptop"],
  ["RTX 4070", "nvidia-rtx-4070"],
  ["RTX 4070 SUPER", "nvidia-rtx-4070-super"],
  ["RTX 4070 Ti", "nvidia-rtx-4070-ti"],
  ["RTX 4070 Ti SUPER", "nvidia-rtx-4070-ti-super"],
  ["RTX 4070 Laptop", "nvidia-rtx-4070-laptop"],
  ["RTX 4080", "nvidia-rtx-4080"],
  ["RTX 4080 Super", "nvidia-rtx-4080-super"],
  ["RTX 4080 Laptop GPU", "nvidia-rtx-4080-laptop"],
  ["NVIDIA GeForce RTX 4090", "nvidia-rtx-4090"],
  ["RTX 4090 D", "nvidia-rtx-4090-d"],
  ["RTX 4090 Laptop GPU", "nvidia-rtx-4090-laptop"],
  ["RTX 4090 Mobile", "nvidia-rtx-4090-laptop"],
  ["RTX 5060", "nvidia-rtx-5060"],
  ["RTX 5060 Ti", "nvidia-rtx-5060-ti"],
  ["RTX 5070", "nvidia-rtx-5070"],
  ["RTX 5070 Ti", "nvidia-rtx-5070-ti"],
  ["RTX 5080", "nvidia-rtx-5080"],
  ["GeForce RTX 5090", "nvidia-rtx-5090"],
  ["RTX 5090 Laptop GPU", "nvidia-rtx-5090-laptop"],
  ["Jetson Nano", "nvidia-jetson-nano"],
  ["NVIDIA Jetson TX2", "nvidia-jetson-tx2"],
  ["Jetson Xavier NX", "nvidia-jetson-xavier-nx"],
  ["Jetson AGX Xavier", "nvidia-jetson-agx-xavier"],
  ["Jetson AGX Orin", "nvidia-jetson-agx-orin"],
  ["Jetson AGX Orin 64GB", "nvidia-jetson-agx-orin-64gb"],
  ["Jetson Orin Nano", "nvidia-jetson-orin-nano"],
  ["Jetson Orin NX", "nvidia-jetson-orin-nx"],
  ["Radeon Instinct MI25", "amd-mi25"],
  ["AMD Instinct MI50", "amd-mi50"],
  ["MI60", "amd-mi60"],
  ["AMD Instinct MI100", "amd-mi100"],
  ["MI210", "amd-mi210"],
  ["MI250", "amd-mi250"],
  ["MI250X", "amd-mi250x"],
  ["AMD Instinct MI300A", "amd-mi300a"],
  ["MI300X", "amd-mi300x"],
  ["AMD Instinct MI325X", "amd-mi325x"],
  ["MI350X", "amd-mi350x"],
  ["AMD Instinct MI355X", "amd-mi355x"],
  ["Radeon VII", "amd-radeon-vii"],
  ["AMD Radeon Pro W6800", "amd-radeon-pro-w6800"],
  ["Radeon PRO W7900", "amd-radeon-pro-w7900"],
  ["RX 5700 XT", "amd-rx-5700-xt"],
  ["Radeon RX 6800 XT", "amd-rx-6800-xt"],
  ["RX 6900 XT", "amd-rx-6900-xt"],
  ["AMD Radeon RX 7900 XTX", "amd-rx-7900-xtx"],
  ["RX 7900 XT", "amd-rx-7900-xt"],
  ["Radeon RX 9070 XT", "amd-rx-9070-xt"],
  ["TPU v2", "google-tpu-v2"],
  ["TPUv3", "google-tpu-v3"],
  ["TPU v3-8", "google-tpu-v3"],
  ["TPUv4", "google-tpu-v4"],
  ["TPU v4", "google-tpu-v4"],
  ["v4-128 pod slice", "google-tpu-v4"],
  ["TPU v4i", "google-tpu-v4i"],
  ["TPU v5e", "google-tpu-v5e"],
  ["TPU v5 lite", "google-tpu-v5e"],
  ["TPU v5p-128", "google-tpu-v5p"],
  ["TPU v6e", "google-tpu-v6e"],
  ["Trillium", "google-tpu-v6e"],
  ["TPU v7 Ironwood", "google-tpu-v7"],
  ["Habana Gaudi", "intel-gaudi"],
  ["Gaudi2", "intel-gaudi2"],
  ["Intel Gaudi 3", "intel-gaudi3"],
  ["Intel Data Center GPU Max 1100", "intel-max-1100"],
  ["Intel Data Center GPU Max 1550", "intel-max-1550"],
  ["Intel Arc A770", "intel-arc-a770"],
  ["Intel Arc B580", "intel-arc-b580"],
  ["Intel Data Center GPU Flex 170", "intel-flex-170"],
  ["Ascend 910", "huawei-ascend-910"],
  ["Huawei Ascend 910A", "huawei-ascend-910"],
  ["Ascend 910B", "huawei-ascend-910b"],
  ["Ascend 910B3", "huawei-ascend-910b3"],
  ["Ascend 910C", "huawei-ascend-910c"],
  ["Huawei Ascend 310", "huawei-ascend-310"],
  ["Graphcore IPU", "graphcore-ipu"],
  ["Graphcore GC200", "graphcore-gc200"],
  ["IPU-POD16", "graphcore-gc200"],
  ["Bow IPU", "graphcore-bow"],
  ["Bow-2000", "graphcore-bow"],
  ["Cerebras CS-2", "cerebras-cs-2"],
  ["WSE-2", "cerebras-cs-2"],
  ["Cerebras CS-3", "cerebras-cs-3"],
  ["AWS Trainium", "aws-trainium"],
  ["Trainium2", "aws-trainium2"],
  ["AWS Inferentia2", "aws-inferentia2"],
  ["Apple M1", "apple-m1"],
  ["M1 Max", "apple-m1-max"],
  ["Apple M1 Ultra", "apple-m1-ultra"],
  ["M2", "apple-m2"],
  ["M2 Pro", "apple-m2-pro"],
  ["M2 Max", "apple-m2-max"],
  ["Apple M2 Ultra", "apple-m2-ultra"],
  ["Apple M3", "apple-m3"],
  ["M3 Pro", "apple-m3-pro"],
  ["M3 Ultra", "apple-m3-ultra"],
  ["Apple M4 Max", "apple-m4-max"],
  ["Apple M5", "apple-m5"],
  ["Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz", "intel-xeon-e5-2620-v3"],
  ["Intel(R) Xeon(R) CPU E5-2698 v4 @ 2.20GHz", "intel-xeon-e5-2698-v4"],
  ["Xeon E5-2680 v2", "intel-xeon-e5-2680-v2"],
  ["Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", "intel-xeon-gold-6130"],
  ["Xeon Silver 4214", "intel-xeon-silver-4214"],
  ["Intel Xeon Gold 6230R", "intel-xeon-gold-6230r"],
  ["Intel(R) Xeon(R) Platinum 8180 CPU @ 2.50GHz", "intel-xeon-platinum-8180"],
  ["Intel Xeon Platinum 8380", "intel-xeon-platinum-8380"],
  ["Intel(R) Xeon(R) Platinum 8480+", "intel-xeon-platinum-8480"],
  ["Xeon Platinum 8480C", "intel-xeon-platinum-8480c"],
  ["Intel Xeon Platinum 8592+", "intel-xeon-platinum-8592"],
  ["Intel(R) Core(TM) i7-6700K CPU @ 4.00GHz", "intel-core-i7-6700k"],
  ["Intel Core i9-9900K", "intel-core-i9-9900k"],
  ["i9-10980XE", "intel-core-i9-10980xe"],
  ["Intel(R) Core(TM) i7-8750H CPU @ 2.20GHz", "intel-core-i7-8750h"],
  ["Intel Core i9-12900K", "intel-core-i9-12900k"],
  ["i9-13900K", "intel-core-i9-13900k"],
  ["Intel Core i7-14700K", "intel-core-i7-14700k"],
  ["AMD EPYC 7302 16-Core Processor", "amd-epyc-7302"],
  ["AMD EPYC 7742 64-Core Processor", "amd-epyc-7742"],
  ["EPYC 7763", "amd-epyc-7763"],
  ["AMD EPYC 9654 96-Core Processor", "amd-epyc-9654"],
  ["AMD EPYC 9754", "amd-epyc-9754"],
  ["AMD Ryzen 9 3900X 12-Core Processor", "amd-ryzen-9-3900x"],
  ["AMD Ryzen 9 5950X", "amd-ryzen-9-5950x"],
  ["Ryzen 7 7800X3D", "amd-ryzen-7-7800x3d"],
  ["AMD Ryzen 9 7950X 16-Core Processor", "amd-ryzen-9-7950x"],
  ["Ryzen 9 9950X", "amd-ryzen-9-9950x"],
  ["AMD Ryzen Threadripper 3970X 32-Core Processor", "amd-ryzen-threadripper-3970x"],
  ["AMD Ryzen Threadripper PRO 5995WX 64-Cores", "amd-ryzen-threadripper-pro-5995wx"],
  ["Threadripper PRO 7995WX", "amd-ryzen-threadripper-pro-7995wx"],
  ["Intel(R) Core(TM) i7-1165G7 CPU @ 2.80GHz", "intel-core-i7-1165g7"],
  ["Core i7-14700K", "intel-core-i7-14700k"],
];

describe("lookupHardware over the broadened catalog", () => {
  it.each(SPELLINGS)("resolves %j to %s", (spelling, id) => {
    expect(lookupHardware(spelling)?.entry.id).toBe(id);
  });

  it("covers at least 150 spellings", () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(150);
  });
});

describe("TPU slice spellings", () => {
  it("reads a slice written without 'TPU' but with its pod/slice words", () => {
    expect(lookupHardware("v4-128 pod slice")).toMatchObject({
      entry: { id: "google-tpu-v4" },
      slice_cores: 128,
      slice_chips: 64,
    });
  });

  it("reads a slice glued to 'TPU'", () => {
    expect(lookupHardware("TPUv4-128")).toMatchObject({ entry: { id: "google-tpu-v4" }, slice_cores: 128 });
    expect(lookupHardware("TPUv3-8")).toMatchObject({ entry: { id: "google-tpu-v3" }, slice_chips: 4 });
  });

  it("leaves a GPU name with a dash and a number alone", () => {
    expect(lookupHardware("V100-32")).toBeNull();
  });

  it("knows the TensorCores per chip of every Cloud TPU generation that is sold in slices", () => {
    const cores = ["v2", "v3", "v4", "v5e", "v5p", "v6e"].map(
      (v) => getHardware(`google-tpu-${v}`)?.tpu_cores_per_chip,
    );
    expect(cores).toEqual([2, 2, 2, 1, 2, 1]);
  });
});

const ids = (text: string) => findHardwareMentions(text).map((m) => m.entry.id);

describe("findHardwareMentions with short (strict) names", () => {
  it.each([
    ["see Table T4 and the T4 row", "on a Tesla T4", "nvidia-t4"],
    ["the M1 score improves", "on a MacBook Air with the M1 chip", "apple-m1"],
    ["the A10 ablation", "one NVIDIA A10 GPU", "nvidia-a10"],
    ["layer L4 of the encoder", "two L4 GPUs", "nvidia-l4"],
    ["protocol P4 fails", "a Tesla P4 card", "nvidia-p4"],
    ["the 910 training examples", "eight Huawei 910 NPUs", "huawei-ascend-910"],
    ["setting A2 of the grid", "an NVIDIA A2 GPU", "nvidia-a2"],
    ["matrix A16 is dense", "an NVIDIA A16 board", "nvidia-a16"],
    ["cell A30 of the sheet", "2 NVIDIA A30 GPUs", "nvidia-a30"],
    ["region L20 of the map", "four L20 GPUs", "nvidia-l20"],
    ["the 910B variant of the model", "Huawei 910B NPUs", "huawei-ascend-910b"],
    ["5090 gradient steps", "a single 5090 GPU", "nvidia-rtx-5090"],
    ["founded in 1650", "one 1650 card", "nvidia-gtx-1650"],
    ["the MI50 estimator of mutual information", "AMD MI50 accelerators", "amd-mi50"],
    ["form W7900 was filed", "an AMD W7900 card", "amd-radeon-pro-w7900"],
    ["a max 1100 tokens budget", "Intel Max 1100 GPUs", "intel-max-1100"],
    ["course CS-2 at our university", "a Cerebras CS-2", "cerebras-cs-2"],
    ["antenna TX2 is idle", "an NVIDIA TX2 module", "nvidia-jetson-tx2"],
    ["the A770 token", "an Intel A770 GPU", "intel-arc-a770"],
    ["stage M5 of the pipeline", "a MacBook Pro with the M5 chip", "apple-m5"],
    ["Lua, M4, Makefile, Mako, MATLAB, Metal, MiniScript", "the Metal backend of an M4 Mac mini", "apple-m4"],
  ])("ignores %j but finds %j", (bare, qualified, id) => {
    expect(ids(bare)).toEqual([]);
    expect(ids(qualified)).toEqual([id]);
  });

  it("finds the full names without a qualifier", () => {
    expect(
      ids("Runs used an RTX 4090 Laptop GPU, a Jetson AGX Orin 64GB, Ascend 910B3 chips and a Bow-2000."),
    ).toEqual([
      "nvidia-rtx-4090-laptop",
      "nvidia-jetson-agx-orin-64gb",
      "huawei-ascend-910b3",
      "graphcore-bow",
    ]);
    expect(ids("We compare the RTX 6000 Ada, the RTX A6000 and the RTX PRO 6000 Blackwell.")).toEqual([
      "nvidia-rtx-6000-ada",
      "nvidia-rtx-a6000",
      "nvidia-rtx-pro-6000-blackwell",
    ]);
  });

  it("reads a TPU slice glued to 'TPU' in prose, with its size", () => {
    const [m] = findHardwareMentions("trained on a TPUv4-128 slice for two weeks");
    expect(m).toMatchObject({ entry: { id: "google-tpu-v4" }, slice_cores: 128, slice_chips: 64 });
  });

  it("reads CPU brand strings of 11th-14th gen Intel parts", () => {
    expect(ids("host: 13th Gen Intel(R) Core(TM) i9-13900K, 64 GB RAM")).toEqual(["intel-core-i9-13900k"]);
    expect(ids("a laptop (11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz)")).toEqual([
      "intel-core-i7-1165g7",
    ]);
  });
});

describe("catalog data after broadening", () => {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

  it("keeps every family key the labelled papers use inside some catalog id", () => {
    // Keys from ../shared/eval labels: a prediction matches when its alphanumerics contain the key.
    const keys = [
      "a100",
      "a30",
      "a800",
      "h100",
      "h800",
      "gh200",
      "v100",
      "k80",
      "k40",
      "m40",
      "t4",
      "gp100",
      "a6000",
      "rtx6000",
      "titanx",
      "titanv",
      "1080ti",
      "2080ti",
      "3080",
      "3090",
      "4070",
      "tpuv3",
      "910",
      "ascend",
      "1550",
      "e52620",
      "e52690",
      "5700x",
      "m4",
    ];
    const all = listHardware().map((e) => squash(e.id));
    for (const key of keys) expect(all.some((id) => id.includes(key))).toBe(true);
  });

  it("gives no lookup key to two different families", () => {
    const familiesByKey = new Map<string, Set<string>>();
    for (const e of listHardware()) {
      const entry = e as typeof e & { strict_aliases?: string[] };
      for (const spelling of [e.id, ...e.aliases, ...(entry.strict_aliases ?? [])]) {
        const key = parseHardwareSpelling(spelling).key;
        familiesByKey.set(key, (familiesByKey.get(key) ?? new Set()).add(e.family));
      }
    }
    const shared = [...familiesByKey].filter(([, families]) => families.size > 1);
    expect(shared).toEqual([]);
  });

  it("keeps the prose scanner's alias alternation well under V8's 20 KB regexp optimisation limit", () => {
    // findHardwareMentions joins every alias into one regexp. V8 stops optimising a regexp whose source is
    // 20 KB or longer, and the scan then runs about ten times slower (measured on ../shared/eval/dev: 55 ms
    // against 780 ms). Aliases that the id or the CPU model patterns already give are therefore left out.
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const spellings = new Set<string>();
    for (const e of listHardware()) {
      const entry = e as typeof e & { strict_aliases?: string[] };
      for (const a of [...e.aliases, ...(entry.strict_aliases ?? [])]) spellings.add(a);
    }
    const body = [...spellings]
      .map((a) =>
        a
          .trim()
          .split(/[\s\-_]+/)
          .map(escape)
          .join("[\\s\\-_]*"),
      )
      .join("|");
    expect(body.length).toBeLessThan(18 * 1024);
  });

  it("names a source for every number it carries", () => {
    for (const e of listHardware()) {
      const numbers: Array<[string, unknown]> = [
        ["memory_gb", e.memory_gb],
        ["tdp_w", e.tdp_w],
        ["cores", e.cores],
        ["release_year", e.release_year],
        ...Object.entries(e.peak_flops).map(([p, v]): [string, unknown] => [`peak_flops.${p}`, v]),
      ];
      for (const [field, value] of numbers) {
        if (value !== null && value !== undefined)
          expect([e.id, field, e.sources[field]]).toEqual([e.id, field, expect.any(String)]);
      }
    }
  });

  it("takes vendor figures where the shared tables have none (A30: 165 W, 165 TFLOP/s bf16)", () => {
    const a30 = getHardware("nvidia-a30")!;
    expect(a30).toMatchObject({ tdp_w: 165, memory_gb: 24, peak_flops: { bf16: 165e12 } });
    expect(a30.sources.tdp_w).toMatch(/^NVIDIA A30 Tensor Core GPU datasheet/);
  });

  it("prefers the vendor's own figure where a table row is wrong (RTX 4070: 200 W, not the 4070 Ti's 285 W)", () => {
    expect(getHardware("nvidia-rtx-4070")?.tdp_w).toBe(200);
    expect(getHardware("nvidia-rtx-4070-ti")?.tdp_w).toBe(285);
  });

  it("leaves power null where the vendor gives only a range (laptop GPUs)", () => {
    expect(getHardware("nvidia-rtx-4090-laptop")).toMatchObject({ tdp_w: null, memory_gb: 16 });
  });

  it("turns a CPU row into watts per core (Xeon Gold 6130: 125 W / 16 cores)", () => {
    expect(cpuPowerPerCoreW("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz")).toMatchObject({
      watts: 125 / 16,
      assumed: false,
    });
    expect(cpuPowerPerCoreW("AMD EPYC 7763 64-Core Processor")).toMatchObject({
      watts: 280 / 64,
      assumed: false,
    });
  });
});
