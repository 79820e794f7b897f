/**
 * Choosing the main entry point and reaching its launch lines: launch chains through shell scripts, positional
 * parameters, `case` branches, Makefile variant targets, README examples and prose, secondary scripts, imported
 * helpers, and monorepos. Every repository here is written for the test.
 */
import {
  analyzeFile,
  buildReport,
  loadPythonParser,
  type AnalyzerTools,
} from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import type { CodeReport } from "../../../src/readers/code/types.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

/** The report on files written for the test, read with the paper's opening words when given. */
function buildReportOf(files: Record<string, string>, paperWords: string[]): CodeReport {
  const findings = Object.entries(files).map(([path, content]) =>
    analyzeFile({ path, content, kind: classifyFile(path)! }, tools),
  );
  return buildReport(findings, paperWords);
}

const readFiles = (files: Record<string, string>) => buildReportOf(files, []);

const filled = (report: CodeReport) =>
  Object.fromEntries(Object.entries(report.summary).filter(([, value]) => value !== null));
const mainOf = (report: CodeReport) => report.entry_points.find((e) => e.main)?.file ?? null;

const TRAINER = [
  "import argparse",
  "p = argparse.ArgumentParser()",
  "p.add_argument('--epochs', type=int, default=1)",
  "p.add_argument('--batch-size', type=int, default=8)",
  "p.add_argument('--config', default=None)",
  "args = p.parse_args()",
  "for epoch in range(args.epochs):",
  "    loss.backward()",
  "if __name__ == '__main__':",
  "    pass",
  "",
].join("\n");

describe("a script named like inference that its launches train", () => {
  const SERVER = [
    "import argparse",
    "p = argparse.ArgumentParser()",
    "p.add_argument('--max_step', type=int, default=1000)",
    "p.add_argument('--batch_size', type=int, default=128)",
    "args = p.parse_args()",
    "for step in range(args.max_step):",
    "    loss.backward()",
    "if __name__ == '__main__':",
    "    pass",
    "",
  ].join("\n");

  it("is the training a launch with a training length says it is, whatever its name", () => {
    const files = {
      "exp/server.py": SERVER,
      "exp/run_all.sh": "python server.py --max_step 250\n",
      "tools/run_probe.py": TRAINER,
    };
    const report = readFiles(files);
    expect(mainOf(report)).toBe("exp/server.py");
    expect(filled(report)).toMatchObject({ steps: 250, batch_size: 128 });
    expect(report.facts.find((f) => f.field === "batch_size" && f.value === 128)?.context).toBe("training");
    // Launched without a length (`--port 80`), with a checkpoint's epoch, no length at all, or from an evaluation
    // launch file, a server stays an inference script.
    for (const [launchFile, line] of [
      ["exp/run_all.sh", "python server.py --port 80"],
      ["exp/run_all.sh", "python server.py --epoch 300"],
      ["exp/run_all.sh", "python server.py --max_step 0"],
      ["exp/eval.sh", "python server.py --max_step 250"],
    ] as const) {
      const { "exp/run_all.sh": _, ...rest } = files;
      const served = readFiles({ ...rest, [launchFile]: `${line}\n` });
      expect([line, mainOf(served)]).toEqual([line, "tools/run_probe.py"]);
      const batch = served.facts.find((f) => f.field === "batch_size" && f.value === 128);
      expect([line, batch?.context]).toEqual([line, "inference"]);
    }
  });

  it("does not take a sampler that trains nothing for training, whatever length its launch gives", () => {
    const sampler = SERVER.replace("    loss.backward()", "    image = model.sample(image)").replace(
      "server.py",
      "sample.py",
    );
    const report = readFiles({
      "exp/sample.py": sampler,
      "exp/run_all.sh": "python sample.py --max_step 50\n",
      "tools/run_probe.py": TRAINER,
    });
    expect(mainOf(report)).toBe("tools/run_probe.py");
    expect(report.facts.find((f) => f.field === "batch_size" && f.value === 128)?.context).toBe("inference");
  });
});

describe("secondary runs", () => {
  it("takes an oracle or prototype script for a comparison run, unless the paper is about oracles", () => {
    // The main run's name is the longer one: without the penalty, the shorter name would win the tie.
    for (const secondary of ["train_oracle.py", "train_prototype.py"])
      expect(mainOf(readFiles({ [secondary]: TRAINER, "train_the_full_model.py": TRAINER }))).toBe(
        "train_the_full_model.py",
      );
    const files = { "train_oracle.py": TRAINER, "train_the_full_model.py": TRAINER };
    expect(mainOf(buildReportOf(files, ["oracle", "queries"]))).toBe("train_oracle.py");
  });
});

describe("launch chains through shell scripts", () => {
  it("carries a README's arguments into the command a called script starts (positional defaults)", () => {
    const report = readFiles({
      "src/train.py": TRAINER,
      "scripts/run.sh": "BS=${1:-16}\npython src/train.py --batch-size $BS --epochs ${2:-5}\n",
      "README.md": "```bash\nbash scripts/run.sh 64 30\n```\n",
    });
    expect(filled(report)).toEqual({ epochs: 30, batch_size: 64 });
    expect(report.entry_points[0]).toMatchObject({
      file: "src/train.py",
      invoked_by: ["README.md", "scripts/run.sh"],
    });
    const epochs = report.facts.find((f) => f.field === "epochs" && f.value === 30)!;
    expect(epochs.evidence).toMatchObject({ file: "README.md", line: 2 });
    expect(epochs.tags).toContain("forwarded");
  });

  it("uses a positional parameter's default when nobody passes it", () => {
    const report = readFiles({
      "src/train.py": TRAINER,
      "scripts/run.sh": "python src/train.py --epochs ${1:-12}\n",
    });
    expect(filled(report)).toEqual({ epochs: 12, batch_size: 8 });
  });

  it('forwards "$@" through a wrapper chain, and binds the job script that starts the wrapper', () => {
    const report = readFiles({
      "pkg/__init__.py": "",
      "pkg/__main__.py": TRAINER,
      "bin/train.sh": 'python -m pkg "$@"\n',
      "bin/exp/train.sh": "bash bin/train.sh --epochs 360 --batch-size 64\n",
      "bin/exp/job.sh": "#BSUB -gpu num=2\nbash bin/exp/train.sh\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 360, batch_size: 64, accelerator_count: 2 });
  });

  it("takes the default branch of a case statement, and abstains when branches disagree without one", () => {
    const withDefault = readFiles({
      "train.py": TRAINER,
      "run.sh": [
        'case "$MODE" in',
        "  debug) CFG=configs/debug.yaml ;;",
        "  *) CFG=configs/full.yaml ;;",
        "esac",
        "python train.py --config $CFG",
        "",
      ].join("\n"),
      "configs/debug.yaml": "epochs: 2\n",
      "configs/full.yaml": "epochs: 90\n",
    });
    expect(withDefault.summary.epochs).toBe(90);
    const noDefault = readFiles({
      "train.py": TRAINER,
      "run.sh": [
        'case "$MODE" in',
        "  small) CFG=configs/small.yaml ;;",
        "  large) CFG=configs/large.yaml ;;",
        "esac",
        "python train.py --config $CFG",
        "",
      ].join("\n"),
      "configs/small.yaml": "epochs: 2\n",
      "configs/large.yaml": "epochs: 90\n",
    });
    expect(noDefault.summary.epochs).toBe(1); // the script's own default; neither branch's config is bound
  });

  it("selects the case branch a caller's literal argument names", () => {
    const report = readFiles({
      "train.py": TRAINER,
      "run.sh": [
        'case "$1" in',
        "  small) CFG=configs/small.yaml ;;",
        "  large) CFG=configs/large.yaml ;;",
        "esac",
        "python train.py --config $CFG",
        "",
      ].join("\n"),
      "configs/small.yaml": "epochs: 2\n",
      "configs/large.yaml": "epochs: 90\n",
      "README.md": "```\nbash run.sh large\n```\n",
    });
    expect(report.summary.epochs).toBe(90);
  });

  it("resolves a script path behind a shell variable by its unique path suffix", () => {
    const report = readFiles({
      "scripts/training/src/train_model.py": TRAINER,
      "scripts/training/run.sh": "deepspeed --num_gpus 2 ${SCRIPTS_DIR}/src/train_model.py --epochs 2\n",
    });
    expect(mainOf(report)).toBe("scripts/training/src/train_model.py");
    expect(filled(report)).toMatchObject({ epochs: 2, accelerator_count: 2 });
  });
});

describe("which launch of a script counts", () => {
  it("ranks a README 'for example' command below the launch script the README names for training", () => {
    const report = readFiles({
      "train.py": TRAINER,
      "train.sh": "for d in a b; do\n  python train.py --epochs=30 --data $d\ndone\n",
      "README.md": [
        "Use `train.sh` to train all the models.",
        "",
        "For finer control, for example the following command:",
        "```",
        "python train.py --epochs=20",
        "```",
        "",
      ].join("\n"),
    });
    expect(report.summary.epochs).toBe(30);
    const example = report.facts.find((f) => f.field === "epochs" && f.value === 20)!;
    expect(example.tags).toContain("variant");
    expect(example.entry_point).toBe("train.py");
  });

  it("keeps a README example's values when it is the only launch", () => {
    const report = readFiles({
      "train.py": TRAINER,
      "README.md": "For example:\n```\npython train.py --epochs=20\n```\n",
    });
    expect(report.summary.epochs).toBe(20);
  });

  it("prefers the plain Makefile target over a train-fast one", () => {
    const report = readFiles({
      "train.py": TRAINER,
      Makefile: "train:\n\tpython train.py\n\ntrain-fast:\n\tpython train.py --epochs 3\n",
    });
    expect(report.summary.epochs).toBe(1);
  });

  it("does not take a resumed run's settings over the from-scratch launch", () => {
    const report = readFiles({
      "train.py": TRAINER,
      "run.sh": "python train.py --epochs 5 --resume ckpt/last.pt\npython train.py --epochs 40\n",
    });
    expect(report.summary.epochs).toBe(40);
  });

  it("does not take a dry run's or a debug launch's settings over the plain launch", () => {
    for (const check of [
      "--dry_run",
      "--debug True",
      "dryrun=true",
      "--smoke-test",
      "--sanity-check",
      "--debug_run",
      "--debug_interval 50",
      "--quick-test",
    ]) {
      const report = readFiles({
        "train.py": TRAINER,
        "README.md": `\`\`\`bash\npython train.py --epochs 2 ${check}\npython train.py --epochs 40\n\`\`\`\n`,
      });
      expect([check, report.summary.epochs]).toEqual([check, 40]);
    }
    // A debug switch set off is no check run: beside a real check run, it is the run.
    for (const args of ["--debug False", "debug='false'", "--debug 0", "--debug no"]) {
      const report = readFiles({
        "train.py": TRAINER,
        "README.md": `\`\`\`bash\npython train.py --epochs 40 ${args}\npython train.py --epochs 2 --dry-run\n\`\`\`\n`,
      });
      expect([args, report.summary.epochs]).toEqual([args, 40]);
      const forty = report.facts.find((f) => f.field === "epochs" && f.value === 40)!;
      expect([args, forty.tags?.includes("variant")]).toEqual([args, false]);
    }
  });

  it("prefers the launch script a doc page names over the target's other launch scripts", () => {
    const report = readFiles({
      "pretrain.py": TRAINER,
      "examples/pretrain_small.sh": "python pretrain.py --epochs 3\n",
      "examples/pretrain_moe.sh": "python pretrain.py --epochs 7\n",
      "docs/pretrain.md": "```\nbash examples/pretrain_moe.sh\n```\n",
    });
    expect(report.summary.epochs).toBe(7);
  });
});

describe("launch files of other kinds", () => {
  it("reads a Windows launch file and a project file's commands as launches of the script", () => {
    expect(
      readFiles({
        "train.py": TRAINER,
        "run.bat": "@echo off\r\nset E=25\r\npython train.py --epochs %E%\r\n",
      }).summary.epochs,
    ).toBe(25);
    expect(classifyFile("scripts/train.cmd")).toBe("shell");
    expect(classifyFile("run_pnn.ps1")).toBe("shell");
    expect(
      readFiles({ "train.py": TRAINER, "run.ps1": "python train.py `\r\n  --epochs 45\r\n" }).summary.epochs,
    ).toBe(45);
    expect(["jobs/a.sl", "jobs/b.slrm", "jobs/c.bsub"].map(classifyFile)).toEqual([
      "shell",
      "shell",
      "shell",
    ]);
    // A SLURM job file named `.sl`, and an LSF job whose command is bsub's own.
    expect(
      readFiles({
        "train.py": TRAINER,
        "jobs/train.sl": "#!/bin/bash\n#SBATCH --gres=gpu:1\npython train.py --epochs 40\n",
      }).summary.epochs,
    ).toBe(40);
    expect(
      readFiles({
        "train.py": TRAINER,
        "submit.sh": 'bsub -n 4 -R "rusage[ngpus_excl_p=1]" "python train.py --epochs 33"\n',
      }).summary.epochs,
    ).toBe(33);
    const report = readFiles({
      "train.py": TRAINER,
      "project.yml":
        "vars:\n  epochs: 12\ncommands:\n  - name: train\n    script:\n      - python train.py --epochs ${vars.epochs}\n",
    });
    expect(report.summary.epochs).toBe(12);
    expect(mainOf(report)).toBe("train.py");
  });

  it("marks a fine-tuning launch of a pretraining script as a variant of the pretraining run", () => {
    const report = readFiles({
      "pretrain_gpt.py": TRAINER,
      "examples/pretrain_gpt_sft.sh": "python pretrain_gpt.py --epochs 3\n",
      "examples/pretrain_gpt_distributed.sh": "python pretrain_gpt.py --epochs 40\n",
    });
    expect(report.summary.epochs).toBe(40);
    const sft = report.facts.find((f) => f.field === "epochs" && f.value === 3)!;
    expect(sft.tags).toContain("variant");
  });
});

describe("choosing the main entry point", () => {
  it("counts a script the README prose says to run as launched", () => {
    const report = readFiles({
      "main.py": "import argparse\nfor epoch in range(3):\n    loss.backward()\nbatch_size = 4\n",
      "big_experiment.py": "batch_size = 12\nfor epoch in range(3):\n    loss.backward()\n",
      "README.md": "To reproduce the big run, run `big_experiment.py`.\n",
    });
    expect(mainOf(report)).toBe("big_experiment.py");
    expect(report.summary.batch_size).toBe(12);
  });

  it("ranks baseline and demo scripts below the authors' own script on a tie", () => {
    const script = "import keras\nmodel.fit(x, y)\nif __name__ == '__main__':\n    pass\n";
    const report = readFiles({
      "run_baseline.py": script,
      "run_lstm_model.py": script,
      "run_demo.py": script,
    });
    expect(mainOf(report)).toBe("run_lstm_model.py");
  });

  it("takes the version named final among notebooks nothing launches, but not over a launched script", () => {
    const notebook = (epochs: number) =>
      JSON.stringify({
        cells: [{ cell_type: "code", source: [`model.fit(x, y, epochs=${epochs})\n`] }],
      });
    const drafts = { "vgg.ipynb": notebook(1), "framework.ipynb": notebook(1) };
    expect(mainOf(readFiles({ ...drafts, "framework_final.ipynb": notebook(5) }))).toBe(
      "framework_final.ipynb",
    );
    expect(mainOf(readFiles({ ...drafts, "final_models/project.ipynb": notebook(5) }))).toBe(
      "final_models/project.ipynb",
    );
    expect(mainOf(readFiles({ ...drafts, "draft.ipynb": notebook(5) }))).toBe("vgg.ipynb");
    const launched = readFiles({
      "README.md": "```\npython train.py --epochs 3\n```\n",
      "train.py": TRAINER,
      "train_final.py": TRAINER,
    });
    expect(mainOf(launched)).toBe("train.py");
  });

  it("prefers the experiment named like the paper's, but not over a documented launch", () => {
    const script = (epochs: number) =>
      `import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=${epochs})\nfor e in range(p.parse_args().epochs):\n    loss.backward()\nif __name__ == '__main__':\n    pass\n`;
    const files = {
      "experiments/run_lock_claim.py": script(200),
      "experiments/run_scaling_nlhe_selfplay.py": script(10),
    };
    const paperWords = ["scaling", "laws", "nlhe", "poker"];
    expect(mainOf(buildReportOf(files, []))).toBe("experiments/run_lock_claim.py");
    const named = buildReportOf(files, paperWords);
    expect(mainOf(named)).toBe("experiments/run_scaling_nlhe_selfplay.py");
    expect(named.summary.epochs).toBe(10);
    // A helper module named like the paper's subject is no experiment of its own.
    const withHelper = {
      ...files,
      "experiments/train_nlhe_scaling.py": "def train_step(model):\n    loss.backward()\n",
    };
    expect(mainOf(buildReportOf(withHelper, paperWords))).toBe("experiments/run_scaling_nlhe_selfplay.py");
    // The authors' own launch line says which script they run.
    const launched = { ...files, "README.md": "```\npython experiments/run_lock_claim.py\n```\n" };
    expect(mainOf(buildReportOf(launched, paperWords))).toBe("experiments/run_lock_claim.py");
  });

  it("ranks a launched script that trains above a launched demo that does not", () => {
    const report = readFiles({
      "main.py": "import sys\nimport cv2\nif __name__ == '__main__':\n    pass\n",
      "data/fit_model.py": "model.fit(x, y, epochs=32, batch_size=128)\n",
      "README.md": "```\npython main.py --model dex\npython fit_model.py\n```\n",
    });
    expect(mainOf(report)).toBe("data/fit_model.py");
  });

  it("prefers the script that imports and calls a training module over that module", () => {
    const report = readFiles({
      "main.py": [
        "import argparse",
        "from train_lstm import Net",
        "p = argparse.ArgumentParser()",
        "p.add_argument('--num_epochs', type=int, default=40)",
        "if __name__ == '__main__':",
        "    Net().train_and_evaluate(p.parse_args())",
        "",
      ].join("\n"),
      "train_lstm.py": "class Net:\n    def train_and_evaluate(self, flags):\n        loss.backward()\n",
    });
    expect(mainOf(report)).toBe("main.py");
    expect(report.summary.epochs).toBe(40);
  });

  it("abstains between independent sub-projects that nothing tells apart, and follows the root README", () => {
    const files = {
      "math/readme.md": "```\npython train_model.py --n_epochs 50\n```\n",
      "math/train_model.py": TRAINER,
      "sorting/readme.md": "```\npython train_model.py --n_epochs 400\n```\n",
      "sorting/train_model.py": TRAINER,
    };
    const tie = readFiles(files);
    expect(mainOf(tie)).toBeNull();
    expect(tie.summary.epochs).toBeNull();
    const chosen = readFiles({
      ...files,
      "README.md": "```\ncd sorting && bash run.sh\n```\n",
      "sorting/run.sh": "python sorting/train_model.py --epochs 400\n",
    });
    expect(mainOf(chosen)).toBe("sorting/train_model.py");
    expect(chosen.summary.epochs).toBe(400);
  });
});
