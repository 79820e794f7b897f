import {
  analyzeFile,
  buildReport,
  loadPythonParser,
  readRepository,
  type AnalyzerTools,
} from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import type { CodeReport } from "../../../src/readers/code/types.js";
import { brief } from "./helpers.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

function readFiles(files: Record<string, string>): CodeReport {
  const findings = Object.entries(files).flatMap(([path, content]) => {
    const kind = classifyFile(path);
    return kind ? [analyzeFile({ path, content, kind }, tools)] : [];
  });
  return buildReport(findings);
}

const fixture = (name: string) => new URL(`../../../fixtures/repos/${name}`, import.meta.url).pathname;

describe("code in languages the reader does not analyse", () => {
  it("recognises them by extension, never in vendored or test folders, compiled ones only near the top", () => {
    expect(classifyFile("analysis/model.Rmd")).toBe("other_language");
    expect(classifyFile("train.jl")).toBe("other_language");
    expect(classifyFile("src/train.lua")).toBe("other_language");
    expect(classifyFile("writeup.m")).toBe("other_language");
    expect(classifyFile("gazebo/ArmPlugin.cpp")).toBe("other_language");
    expect(classifyFile("third_party/lib/src/x.cpp")).toBeNull();
    expect(classifyFile("a/b/c/deep.cpp")).toBeNull();
    expect(classifyFile("tests/test_model.R")).toBeNull();
    expect(classifyFile("web/app.js")).toBeNull();
  });

  it("says plainly that R training code is not parsed, and lets the ranker take its simple lines", async () => {
    const report = await readRepository(fixture("r-markdown"));
    expect(report.warnings[0]).toEqual({
      code: "language_not_read",
      message:
        'R Markdown training code is not parsed (1 file: analysis/overdose.Rmd): only one-line statements of well-known names (such as "epochs = 50") are read from it, at a low confidence; training settings written any other way there (epochs, batch size, GPUs) are not reported.',
      file: "analysis/overdose.Rmd",
    });
    expect(brief(report.facts)).toEqual([
      "epochs=30 @analysis/overdose.Rmd:14 [other_language] training",
      "batch_size=128 @analysis/overdose.Rmd:14 [per_device,other_language] training",
    ]);
    expect(report.facts.every((f) => f.confidence === 0.4)).toBe(true);
    // Below the rules' bar, but the only training code there is: the trained ranker takes the fit() call's values.
    expect([report.summary.epochs, report.summary.batch_size]).toEqual([30, 128]);
    expect(report.chosen.epochs?.fact.tags).toContain("other_language");
  });

  it("reads MATLAB name-value pairs, Lua options and C defines as candidates", () => {
    const report = readFiles({
      "writeup.m": [
        "% train the digit classifier",
        "options = trainingOptions('adam', ...",
        "    'MaxEpochs', 5, ...",
        "    'MiniBatchSize', 128);",
        "net = trainNetwork(XTrain, YTrain, layers, options);",
      ].join("\n"),
      "train.lua":
        "cmd:option('-num_iterations', 40000)\ncmd:option('-batch_size', 4)\ncmd:option('-gpu', 0)\nfor epoch = 1, opt.nEpochs do\nend\n",
      "gazebo/ArmPlugin.cpp":
        "#define BATCH_SIZE 32\n#define LEARNING_RATE 0.1f\nint epochs = 2;\nif (epochs == 3) {}\n",
    });
    expect(brief(report.facts)).toEqual([
      "epochs=2 @gazebo/ArmPlugin.cpp:3 [other_language] training",
      "epochs=5 @writeup.m:3 [other_language] training",
      "steps=40000 @train.lua:1 [other_language] training",
      "batch_size=32 @gazebo/ArmPlugin.cpp:1 [per_device,other_language] training",
      "batch_size=4 @train.lua:2 [per_device,other_language] training",
      "batch_size=128 @writeup.m:4 [per_device,other_language] training",
    ]);
    expect(report.warnings.map((w) => w.message.split(" (")[0])).toEqual([
      "MATLAB/Octave training code is not parsed",
      "Lua training code is not parsed",
      "C++ training code is not parsed",
    ]);
  });

  it("reads typed declarations (Julia's `batch::Int = 128`, Scala's `val epochs: Int = 20`), not comparisons", () => {
    const report = readFiles({
      "scripts/configs.jl": [
        "@with_kw struct AddConfig",
        "    batch::Int      = 128",
        "    niters::Int     = 100000",
        "end",
        "ok = batch::Int == 64",
      ].join("\n"),
      "src/Train.scala": "val epochs: Int = 20\nif (epochs: Int == 30) {}\n",
    });
    expect(brief(report.facts)).toEqual([
      "epochs=20 @src/Train.scala:1 [other_language] training",
      "steps=100000 @scripts/configs.jl:3 [other_language] training",
      "batch_size=128 @scripts/configs.jl:2 [per_device,other_language] training",
    ]);
  });

  it("reads a scoped name's last part (C++'s `Config::batch_size = 64`), and no name across a line end", () => {
    const report = readFiles({
      "src/config.cpp": "int Config::batch_size = 64;\nswitch (k) {\n  case EPOCHS:\n    lr = 3;\n}\n",
      "src/options.cpp": "cfg::EPOCHS = 10;\n",
      "src/Train.scala": "val epochs: Vector{Int\n} = 5\n",
    });
    expect(brief(report.facts)).toEqual([
      "epochs=10 @src/options.cpp:1 [other_language] training",
      "batch_size=64 @src/config.cpp:1 [per_device,other_language] training",
    ]);
  });

  it("stays quiet about a CUDA kernel next to a Python training script", () => {
    const report = readFiles({
      "train.py": "import torch\nfor epoch in range(3):\n    loss.backward()\n",
      "csrc/kernel.cu": "__global__ void add(float* x, int n) { int i = threadIdx.x; }\n",
    });
    expect(report.entry_points.length).toBeGreaterThan(0);
    expect(report.warnings).toEqual([]);
  });

  it("warns about Lua training code even when Python scripts are found", () => {
    const report = readFiles({
      "scripts/make_dataset.py": "import h5py\nif __name__ == '__main__':\n    pass\n",
      "train.py": "loss.backward()\n",
      "train.lua":
        "require 'optim'\ncmd:option('-batch_size', 4)\nfor epoch = 1, 10 do\n  optim.adam(f, params)\nend\n",
    });
    expect(report.warnings.map((w) => w.message.split(" (")[0])).toEqual(["Lua training code is not parsed"]);
  });
});
