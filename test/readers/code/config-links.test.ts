import {
  analyzeFile,
  buildReport,
  loadPythonParser,
  type AnalyzerTools,
} from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import { analyzeArgumentFile, looksLikeArgumentFile } from "../../../src/readers/code/config/ini.js";
import type { CodeReport } from "../../../src/readers/code/types.js";
import { brief } from "./helpers.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

/** Analyses an in-memory repository ({path: content}) as readRepository does; unread files are left out. */
function readFiles(files: Record<string, string>): CodeReport {
  const findings = Object.entries(files).flatMap(([path, content]) => {
    const kind = classifyFile(path);
    return kind ? [analyzeFile({ path, content, kind }, tools)] : [];
  });
  return buildReport(findings);
}

const filled = (report: CodeReport) =>
  Object.fromEntries(
    Object.entries(report.summary).filter(([key, value]) => value !== null && key !== "frameworks"),
  );

/** A script that reads its settings from argument files through argparse's fromfile_prefix_chars. */
const FROMFILE_SCRIPT = [
  "import argparse",
  "def get_config(cfile):",
  "    parser = argparse.ArgumentParser(fromfile_prefix_chars='@')",
  "    parser.add_argument('--batch_size', type=int)",
  "    parser.add_argument('--epochs', type=int)",
  "    return parser.parse_args(['@./configs/base.txt', '@' + cfile])",
  "if __name__ == '__main__':",
  "    p = argparse.ArgumentParser()",
  "    p.add_argument('--cfile', type=str, default='./configs/run.ini')",
  "    config = get_config(p.parse_args().cfile)",
  "    loss.backward()",
].join("\n");

describe("argument files", () => {
  it("tells argument files from INI and plain text by their lines", () => {
    expect(looksLikeArgumentFile("[data]\n--batch_size 64\n# --epochs 3\n\n[training]\n--epochs 10\n")).toBe(
      true,
    );
    expect(looksLikeArgumentFile("--epochs\n10\n--batch_size\n64\n")).toBe(true);
    expect(looksLikeArgumentFile("[train]\nepochs = 10\nbatch_size = 64\n")).toBe(false);
    expect(looksLikeArgumentFile("cat\ndog\n--not really\nbird\n")).toBe(false);
    expect(looksLikeArgumentFile("")).toBe(false);
  });

  it("reads sections of flags, values on the next line, and skips flags under an evaluation section", () => {
    const content = [
      "[data]",
      "--batch_size 64",
      "[test]",
      "--batch_size 1000",
      "[training]",
      "--epochs",
      "12",
      "--c_min -2",
    ].join("\n");
    expect(brief(analyzeArgumentFile("configs/run.ini", content).facts)).toEqual([
      "batch_size=64 @configs/run.ini:2 [per_device,argfile,key:data.--batch_size] training",
      "epochs=12 @configs/run.ini:6 [argfile,key:training.--epochs] training",
    ]);
  });

  it("reads an .ini of flags and a .txt in a configs folder, linked through '@path' and the --cfile default", () => {
    const report = readFiles({
      "code/train.py": FROMFILE_SCRIPT,
      "code/configs/base.txt": "--batch_size 32\n",
      "code/configs/run.ini": "[training]\n--epochs 10\n",
      "code/configs/notes.txt": "remember to rerun\n",
    });
    expect(filled(report)).toEqual({ epochs: 10, batch_size: 32 });
    expect(brief(report.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=10 @code/configs/run.ini:2 [argfile,key:training.--epochs] training",
      "batch_size=32 @code/configs/base.txt:1 [per_device,argfile,key:--batch_size] training",
    ]);
    expect(report.facts.every((f) => f.entry_point === "code/train.py")).toBe(true);
  });

  it("does not link an argument file the script never names", () => {
    const report = readFiles({
      "code/train.py": FROMFILE_SCRIPT.replace("'@./configs/base.txt', ", ""),
      "code/configs/base.txt": "--batch_size 32\n",
    });
    expect(filled(report)).toEqual({});
    expect(report.facts.map((f) => f.entry_point)).toEqual([undefined]);
  });
});

describe("config layouts", () => {
  it("reads a Weights & Biases config ({desc, value} entries) under the entry's key, at the value's line", () => {
    const content = [
      "epochs:",
      "  desc: Number of epochs to train over",
      "  value: 20",
      "batch_size:",
      "  value: 512",
      "  desc: Size of each mini-batch",
      "max_epochs:",
      "  desc: not a W&B entry",
      "  value: 3",
      "  lr: 0.1",
      "wandb_version: 1",
    ].join("\n");
    const findings = analyzeFile({ path: "yaml/run.yaml", content, kind: "yaml" }, tools);
    expect(brief(findings.facts)).toEqual([
      "epochs=20 @yaml/run.yaml:3 [yaml,key:epochs] training",
      "batch_size=512 @yaml/run.yaml:5 [per_device,yaml,key:batch_size] training",
    ]);
  });

  it("reads the Hydra launcher a config selects as a SLURM request, and not the launchers it leaves out", () => {
    const report = readFiles({
      "train.py": [
        "import hydra",
        "@hydra.main(config_path='cfgs', config_name='train')",
        "def main(cfg):",
        "    loss.backward()",
        "if __name__ == '__main__':",
        "    main()",
      ].join("\n"),
      "cfgs/train.yaml": "defaults:\n  - override hydra/launcher: cluster\n  - _self_\nepochs: 30\n",
      "cfgs/hydra/launcher/cluster.yaml": [
        "_target_: hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher",
        "timeout_min: 720",
        "# gpus_per_node: 8",
        "nodes: 1",
        "gres: gpu:a100:2",
        "gpus_per_task: null",
      ].join("\n"),
      "cfgs/hydra/launcher/big.yaml": "gpus_per_node: 8\nnodes: 4\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 30, accelerator_count: 2, hardware: "nvidia-a100" });
    expect(brief(report.facts, ["accelerator_count", "nodes", "training_time_hours"])).toEqual([
      "accelerator_count=2 @cfgs/hydra/launcher/cluster.yaml:5 [scheduler,slurm,total,yaml,hydra] training",
      "accelerator_count=32 @cfgs/hydra/launcher/big.yaml:1 [scheduler,slurm,total,multiplied,yaml,hydra] training",
      "training_time_hours=12 @cfgs/hydra/launcher/cluster.yaml:2 [scheduler,slurm,time_limit,yaml,hydra] training",
      "nodes=1 @cfgs/hydra/launcher/cluster.yaml:4 [scheduler,slurm,yaml,hydra] training",
      "nodes=4 @cfgs/hydra/launcher/big.yaml:2 [scheduler,slurm,yaml,hydra] training",
    ]);
  });
});
