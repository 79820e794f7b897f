import { describe, expect, it } from "@jest/globals";
import {
  constraintArchitecture,
  constraintArchitectureOf,
  cpuPowerPerCoreW,
  getHardware,
  hardwareFamily,
  listHardware,
  lookupHardware,
} from "../../src/catalog/index.js";

/** Free spellings as they appear in papers, launch scripts and logs → the catalog id they must resolve to. */
const SPELLINGS: Array<[string, string]> = [
  ["A100", "nvidia-a100"],
  ["NVIDIA A100", "nvidia-a100"],
  ["A100 Tensor Core GPU", "nvidia-a100"],
  ["A100s", "nvidia-a100"],
  ["A100 80GB", "nvidia-a100-80gb"],
  ["A100-80GB", "nvidia-a100-80gb"],
  ["NVIDIA A100-SXM4-80GB", "nvidia-a100-80gb"],
  ["A100-SXM4-40GB", "nvidia-a100-40gb"],
  ["A100 40 GB", "nvidia-a100-40gb"],
  ["A100 PCIe 80GB", "nvidia-a100-pcie-80gb"],
  ["nvidia-a100-80gb", "nvidia-a100-80gb"],
  ["A800", "nvidia-a800"],
  ["Tesla V100-SXM2-32GB", "nvidia-v100-32gb"],
  ["V100 (32 GB)", "nvidia-v100-32gb"],
  ["V100 32GB", "nvidia-v100-32gb"],
  ["Tesla V100-PCIE-16GB", "nvidia-v100-pcie-16gb"],
  ["V100", "nvidia-v100"],
  ["NVIDIA Tesla V100", "nvidia-v100"],
  ["V100s", "nvidia-v100s"],
  ["Tesla V100S", "nvidia-v100s"],
  ["H100", "nvidia-h100"],
  ["H100-80GB", "nvidia-h100"],
  ["H100 SXM5 80GB", "nvidia-h100-sxm"],
  ["NVIDIA H100 PCIe", "nvidia-h100-pcie"],
  ["H100 NVL", "nvidia-h100-nvl"],
  ["H800", "nvidia-h800"],
  ["H200", "nvidia-h200"],
  ["RTX 3090", "nvidia-rtx-3090"],
  ["GeForce RTX 3090", "nvidia-rtx-3090"],
  ["RTX3090", "nvidia-rtx-3090"],
  ["3090", "nvidia-rtx-3090"],
  ["GeForce RTX 3090 Ti", "nvidia-rtx-3090-ti"],
  ["RTX 3080", "nvidia-rtx-3080"],
  ["RTX 4070", "nvidia-rtx-4070"],
  ["RTX 4090", "nvidia-rtx-4090"],
  ["RTX 2080 Ti", "nvidia-rtx-2080-ti"],
  ["GTX 1080 Ti", "nvidia-gtx-1080-ti"],
  ["GeForce GTX 1080Ti", "nvidia-gtx-1080-ti"],
  ["1080Ti", "nvidia-gtx-1080-ti"],
  ["GTX 1080", "nvidia-gtx-1080"],
  ["TITAN X", "nvidia-titan-x"],
  ["GTX Titan X", "nvidia-titan-x"],
  ["Titan X (Pascal)", "nvidia-pascal-titan-x"],
  ["Titan Xp", "nvidia-titan-xp"],
  ["NVIDIA TITAN Xp", "nvidia-titan-xp"],
  ["Titan RTX", "nvidia-titan-rtx"],
  ["Titan V", "nvidia-titan-v"],
  ["Quadro GP100", "nvidia-quadro-gp100"],
  ["Quadro RTX 6000", "nvidia-quadro-rtx-6000"],
  ["RTX 6000 Ada", "nvidia-rtx-6000-ada"],
  ["A6000", "nvidia-rtx-a6000"],
  ["RTX A6000", "nvidia-rtx-a6000"],
  ["NVIDIA RTX A6000", "nvidia-rtx-a6000"],
  ["K80", "nvidia-k80"],
  ["Tesla K80", "nvidia-k80"],
  ["Tesla T4", "nvidia-t4"],
  ["T4", "nvidia-t4"],
  ["P100", "nvidia-p100"],
  ["Tesla P100-PCIE-16GB", "nvidia-p100"],
  ["L4", "nvidia-l4"],
  ["A10G", "nvidia-a10g"],
  ["TPU v3-32 pod slice", "google-tpu-v3"],
  ["Cloud TPU v3", "google-tpu-v3"],
  ["TPUv3", "google-tpu-v3"],
  ["v3-8", "google-tpu-v3"],
  ["TPUv4", "google-tpu-v4"],
  ["TPU v4-128", "google-tpu-v4"],
  ["TPU v2", "google-tpu-v2"],
  ["TPU v5e", "google-tpu-v5e"],
  ["v5litepod-16", "google-tpu-v5e"],
  ["TPU v5p", "google-tpu-v5p"],
  ["MI250X", "amd-mi250x"],
  ["AMD Instinct MI250X", "amd-mi250x"],
  ["MI300X", "amd-mi300x"],
  ["Gaudi2", "intel-gaudi2"],
  ["Intel Gaudi 2", "intel-gaudi2"],
  ["Apple M1", "apple-m1"],
  ["M1", "apple-m1"],
  ["M1 Pro", "apple-m1-pro"],
  ["M2 Max", "apple-m2-max"],
  ["Apple M3 Max", "apple-m3-max"],
  ["M4", "apple-m4"],
  ["Apple M4 Pro", "apple-m4-pro"],
  ["Xeon Gold 6248", "intel-xeon-gold-6248"],
  ["Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "intel-xeon-gold-6248"],
  ["Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz", "intel-xeon-e5-2690-v4"],
  ["Xeon E5-2690 v3", "intel-xeon-e5-2690-v3"],
  ["Intel Xeon E5-2690", "intel-xeon-e5-2690"],
  ["AMD EPYC 7742", "amd-epyc-7742"],
  ["EPYC 7742 64-Core Processor", "amd-epyc-7742"],
  ["Ryzen 7 5700X", "amd-ryzen-7-5700x"],
  ["gpu:a100:4", "nvidia-a100"],
  ["NVIDIA_A100_80GB_PCIe", "nvidia-a100-pcie-80gb"],
  ["4x A100", "nvidia-a100"],
  ["AMD Ryzen 7 5700X 8-Core Processor", "amd-ryzen-7-5700x"],
];

describe("lookupHardware", () => {
  it.each(SPELLINGS)("resolves %j to %s", (spelling, id) => {
    expect(lookupHardware(spelling)?.entry.id).toBe(id);
  });

  it("covers at least 50 spellings", () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(50);
  });

  it("reports the memory size written in the spelling", () => {
    expect(lookupHardware("V100 (32 GB)")?.memory_gb).toBe(32);
    expect(lookupHardware("A100")?.memory_gb).toBeUndefined();
  });

  it("keeps a stated memory size that no variant has, on the family entry", () => {
    const match = lookupHardware("A100 24GB");
    expect(match?.entry.id).toBe("nvidia-a100");
    expect(match?.memory_gb).toBe(24);
  });

  it("exposes a TPU slice as TensorCores and chips (v3-32 = 32 cores = 16 chips)", () => {
    const match = lookupHardware("TPU v3-32 pod slice");
    expect(match).toMatchObject({ slice_cores: 32, slice_chips: 16 });
  });

  it("counts v5e slices in chips (one TensorCore per chip)", () => {
    expect(lookupHardware("v5litepod-16")).toMatchObject({ slice_cores: 16, slice_chips: 16 });
  });

  it("resolves a CPU that is only in the CPU power table, with its TDP", () => {
    // AWS's custom 8259CL has no hand-written row (the catalog lists Intel's public SKUs).
    const match = lookupHardware("Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz");
    expect(match?.entry).toMatchObject({ id: "intel-xeon-platinum-8259cl", kind: "cpu", tdp_w: 210 });
    expect(match?.entry.sources.tdp_w).toBe("CodeCarbon cpu_power.csv: Intel Xeon Platinum 8259CL");
    expect(getHardware("intel-xeon-platinum-8259cl")?.name).toBe("Intel Xeon Platinum 8259CL");
  });

  it("returns null for spellings that name no hardware", () => {
    expect(lookupHardware("banana")).toBeNull();
    expect(lookupHardware("")).toBeNull();
    expect(lookupHardware("GPU")).toBeNull();
    expect(lookupHardware("x".repeat(500))).toBeNull();
  });
});

describe("catalog data", () => {
  it("keeps the scorer's family keys inside the ids", () => {
    const squash = (id: string) => id.replace(/[^a-z0-9]/g, "");
    const expectations: Array<[string, string]> = [
      ["nvidia-gtx-1080-ti", "1080ti"],
      ["nvidia-titan-x", "titanx"],
      ["nvidia-quadro-gp100", "gp100"],
      ["nvidia-quadro-rtx-6000", "rtx6000"],
      ["intel-xeon-e5-2690-v4", "e52690"],
      ["amd-ryzen-7-5700x", "5700x"],
      ["apple-m4-pro", "m4"],
    ];
    for (const [id, key] of expectations) {
      expect(getHardware(id)).toBeDefined();
      expect(squash(id)).toContain(key);
    }
    expect(squash("nvidia-pascal-titan-x")).not.toContain("titanxp");
  });

  it("gives every entry a source for each value it carries", () => {
    for (const e of listHardware()) {
      if (e.tdp_w !== null) expect(e.sources.tdp_w).toBeTruthy();
      if (e.memory_gb !== null) expect(e.sources.memory_gb).toBeTruthy();
    }
  });

  it("takes datasheet figures from the tables (A100 SXM4 80 GB: 400 W, 312 TFLOP/s bf16)", () => {
    const a100 = getHardware("nvidia-a100-80gb")!;
    expect(a100.tdp_w).toBe(400);
    expect(a100.peak_flops.bf16).toBe(312e12);
    expect(a100.sources.tdp_w).toBe("Epoch AI ML hardware: NVIDIA A100 SXM4 80 GB");
  });
});

describe("constraintArchitecture", () => {
  it("reads a scheduler feature naming an architecture as its data-centre part, with its memory", () => {
    expect(constraintArchitecture("volta")).toEqual({ architecture: "volta", part: "V100" });
    expect(constraintArchitecture("Volta32GB")).toEqual({ architecture: "volta", part: "V100 32GB" });
    expect(constraintArchitecture("volta16g")).toEqual({ architecture: "volta", part: "V100 16GB" });
    // No V100 had 80 GB: not a memory size of this architecture.
    expect(constraintArchitecture("volta80gb")).toBeNull();
    expect(constraintArchitecture("ampere")).toBeNull();
    expect(constraintArchitecture("gpu")).toBeNull();
  });

  it("knows which catalog families are built on the architecture", () => {
    for (const id of ["nvidia-v100", "nvidia-v100s", "nvidia-titan-v", "nvidia-quadro-gv100"])
      expect(constraintArchitectureOf(hardwareFamily(id))).toBe("volta");
    expect(constraintArchitectureOf(hardwareFamily("nvidia-a100"))).toBeNull();
  });
});

describe("cpuPowerPerCoreW", () => {
  it("divides package TDP by cores (Xeon Gold 6248: 150 W / 20 cores)", () => {
    expect(cpuPowerPerCoreW("Xeon Gold 6248")).toMatchObject({ watts: 7.5, assumed: false });
  });

  it("falls back to Green Algorithms' 12 W per core for an unknown model", () => {
    expect(cpuPowerPerCoreW("Mystery CPU 9000")).toMatchObject({ watts: 12, model: null, assumed: true });
    expect(cpuPowerPerCoreW()).toMatchObject({ watts: 12, assumed: true });
  });

  it("falls back when the model's core count is unknown", () => {
    expect(cpuPowerPerCoreW("Intel Xeon Platinum 8259CL")).toMatchObject({ watts: 12, assumed: true });
  });
});
