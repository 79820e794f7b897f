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

  it("overrides a default the argument file sets under a section or by another of its flags, like a launch line", () => {
    const report = readFiles({
      "code/train.py": FROMFILE_SCRIPT.replace(
        "parser.add_argument('--epochs', type=int)",
        "parser.add_argument('-e', '--epochs', type=int, default=3)",
      ),
      "code/configs/base.txt": "--batch_size 32\n",
      "code/configs/run.ini": "[training]\n--epochs 10\n",
    });
    expect(filled(report)).toEqual({ epochs: 10, batch_size: 32 });
    expect(brief(report.facts, ["epochs"])).toEqual([
      "epochs=10 @code/configs/run.ini:2 [argfile,key:training.--epochs] training",
      "epochs=3 @code/train.py:5 [default,argparse,overridden] training",
    ]);
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

/** A script whose settings come from a YAML named on the command line only (`--config`, required). */
const CONFIG_SCRIPT = [
  "import argparse, yaml",
  "p = argparse.ArgumentParser()",
  "p.add_argument('--config', required=True, help='Path to yaml experiment file.')",
  "args = p.parse_args()",
  "config = yaml.safe_load(open(args.config))",
  "run(config['trainer'])",
  "loss.backward()",
].join("\n");

describe("configs linked without a written path", () => {
  it("links the folder of configs whose sections a required --config script reads, skipping eval/debug ones", () => {
    const report = readFiles({
      "train.py": CONFIG_SCRIPT,
      "experiments/final.yaml": "trainer:\n  epochs: 3\n  batch_size: 8\n  grad_accumulation_steps: 4\n",
      "experiments/ablation.yaml": "trainer:\n  epochs: 3\n  batch_size: 16\n",
      "experiments/long.yaml": "trainer:\n  epochs: 9\n  batch_size: 8\n",
      "experiments/eval_final.yaml": "trainer:\n  epochs: 50\n  batch_size: 1\n",
      "experiments/debug.yaml": "trainer:\n  epochs: 50\n  batch_size: 1\n",
      "experiments/unrelated.yaml": "plotting:\n  epochs: 50\n",
      "other/model.yaml": "trainer:\n  epochs: 50\n",
    });
    expect(filled(report)).toEqual({ epochs: 3, batch_size: 8 });
    const chosen = report.chosen.epochs!;
    expect(chosen.fact.confidence).toBe(0.6);
    expect(chosen.fact.tags).toContain("config_inferred");
    const linked = new Set(report.facts.filter((f) => f.entry_point === "train.py").map((f) => location(f)));
    expect([...linked].sort()).toEqual([
      "experiments/ablation.yaml",
      "experiments/final.yaml",
      "experiments/long.yaml",
    ]);
    // the accumulation is there, so the effective batch can be derived from it
    expect(brief(report.facts, ["gradient_accumulation"])).toEqual([
      "gradient_accumulation=4 @experiments/final.yaml:4 [yaml,key:trainer.grad_accumulation_steps,config_inferred] training",
    ]);
  });

  it("abstains when two folders match equally, when the script reads none of the keys, or when a default names the file", () => {
    const tie = readFiles({
      "train.py": CONFIG_SCRIPT,
      "a/x.yaml": "trainer:\n  epochs: 3\n",
      "b/y.yaml": "trainer:\n  epochs: 7\n",
    });
    expect(filled(tie)).toEqual({});
    const unread = readFiles({
      "train.py": CONFIG_SCRIPT.replace("config['trainer']", "config['optim']"),
      "experiments/x.yaml": "trainer:\n  epochs: 3\n",
    });
    expect(filled(unread)).toEqual({});
    const named = readFiles({
      "train.py": CONFIG_SCRIPT.replace("required=True", "default='experiments/x.yaml'"),
      "experiments/x.yaml": "trainer:\n  epochs: 3\n",
      "experiments/y.yaml": "trainer:\n  epochs: 7\n",
    });
    expect(filled(named)).toEqual({ epochs: 3 });
    expect(named.chosen.epochs!.fact.tags).not.toContain("config_inferred");
  });

  it("links the configs in the folder a missing config path points into", () => {
    const report = readFiles({
      "scripts/train.py": [
        "from utils import load_yaml",
        "config = load_yaml('../yaml/model.yaml')",
        "trainer = Trainer(max_epochs=config.epochs)",
        "trainer.fit(model)",
      ].join("\n"),
      "yaml/run1.yaml": "epochs:\n  desc: epochs\n  value: 20\n",
      "results/metrics.yaml": "epochs: 3\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 20 });
    expect(report.chosen.epochs!.fact.tags).toContain("config_inferred");
  });

  it("links the configs in the folder a launch's missing config file is in, and none for a missing folder", () => {
    const files = {
      "train.py": [
        "import argparse, yaml",
        "p = argparse.ArgumentParser()",
        "p.add_argument('--config')",
        "args = p.parse_args()",
        "cfg = yaml.safe_load(open(args.config))",
        "for epoch in range(cfg['epochs']):",
        "    loss.backward()",
      ].join("\n"),
      "config-files/final.yaml": "epochs: 500\nbatch_size: 128\n",
      "notes/old.yaml": "epochs: 3\n",
    };
    // "Select the configuration file from the config-files directory": the README names a file that is not there.
    const report = readFiles({
      ...files,
      "README.md": "```\npython train.py --config ./config-files/config.yaml\n```\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 500, batch_size: 128 });
    expect(report.chosen.epochs!.fact.tags).toContain("config_inferred");
    const elsewhere = readFiles({
      ...files,
      "README.md": "```\npython train.py --config ./gone/config.yaml\n```\n",
    });
    expect(elsewhere.summary.epochs).not.toBe(500);
  });

  it("finds a config written without its extension on a launch line, as a written link", () => {
    const report = readFiles({
      "src/run.py":
        "import sys\nconfigs = load(sys.argv[1])\nif __name__ == '__main__':\n    loss.backward()\n",
      "params/stage1.ini": "[TRAINING]\nn_epochs = 100\n",
      "params/stage2.ini": "[TRAINING]\nn_epochs = 7\n",
      "README.md": "```\npython3 repo/src/run.py repo/params/stage1\n```\n",
    });
    expect(filled(report)).toEqual({ epochs: 100 });
    expect(report.chosen.epochs!.fact).toMatchObject({ confidence: 0.75, entry_point: "src/run.py" });
  });
});

function location(fact: { evidence: { kind: string } & Partial<{ file: string }> }): string {
  return fact.evidence.file ?? "";
}
