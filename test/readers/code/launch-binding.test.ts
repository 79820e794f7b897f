import { loadPythonParser, type AnalyzerTools } from "../../../src/readers/code/index.js";
import type { CodeReport } from "../../../src/readers/code/types.js";
import { filledSummary, readFilesWith } from "./helpers.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

const readFiles = (files: Record<string, string>): CodeReport => readFilesWith(tools, files);
const filled = filledSummary;

describe("stale launches", () => {
  /** A script whose parser declares `path` and `--shots`, and a launch script inherited from the upstream project. */
  const repository = (parse: string, options: string) => ({
    "train.py":
      "import argparse\np = argparse.ArgumentParser()\np.add_argument('path')\np.add_argument('--shots', type=int, default=1)\np.add_argument('--epochs', type=int, default=50)\n" +
      `args = ${parse}\nfor epoch in range(args.epochs):\n    loss.backward()\n`,
    "scripts/upstream.sh": `python train.py --trainer CoCoOp --config-file configs/upstream.yaml ${options}\n`,
    "configs/upstream.yaml": "epochs: 10\nbatch_size: 1\n",
  });

  it("binds no config of a line none of whose options the script's parser declares", () => {
    const report = readFiles(repository("p.parse_args()", "--seed 1"));
    expect(filled(report)).toEqual({ epochs: 50 });
  });

  it("still calls the line stale when a string names the parser or a flag's literal is on the next line", () => {
    const files = repository("p.parse_args()", "--seed 1");
    files["train.py"] = files["train.py"]
      .replace(
        "argparse.ArgumentParser()",
        'argparse.ArgumentParser(description="A simple parser for p, the path")',
      )
      .replace("p.add_argument('--shots'", "p.add_argument(\n    '--shots'");
    expect(filled(readFiles(files))).toEqual({ epochs: 50 });
  });

  it("still binds the line when one of its options is the script's", () => {
    const report = readFiles(repository("p.parse_args()", "--shots 4"));
    expect(filled(report)).toMatchObject({ epochs: 10, batch_size: 1 });
  });

  it("still binds the line when the script keeps unknown flags (parse_known_args)", () => {
    const report = readFiles(repository("p.parse_known_args()[0]", "--seed 1"));
    expect(filled(report)).toMatchObject({ epochs: 10, batch_size: 1 });
  });

  it("still binds the line when other code adds flags to the parser (Lightning's add_argparse_args)", () => {
    const report = readFiles({
      "train.py":
        "import argparse\nimport pytorch_lightning as pl\nparser = argparse.ArgumentParser()\nparser.add_argument('--data_dir', default='data')\n" +
        "parser = pl.Trainer.add_argparse_args(parser)\nparser.set_defaults(max_epochs=10)\nargs = parser.parse_args()\n" +
        "trainer = pl.Trainer.from_argparse_args(args)\ntrainer.fit(model)\n",
      "README.md": "```\npython train.py --max_epochs 50 --gpus 2\n```\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 50 });
  });

  it("still binds the line when the parser's flags are added in a loop", () => {
    const report = readFiles({
      "train.py":
        "import argparse\ndefaults = {'epochs': 10, 'lr': 0.1}\nparser = argparse.ArgumentParser()\nparser.add_argument('--data', default='data')\n" +
        "for k, v in defaults.items():\n    parser.add_argument('--' + k, type=type(v), default=v)\nargs = parser.parse_args()\n" +
        "for epoch in range(args.epochs):\n    loss.backward()\n    optimizer.step()\n",
      "README.md": "```\npython train.py --epochs 50 --lr 0.01\n```\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 50 });
  });

  it("still binds DeepSpeed's documented launch (deepspeed.add_config_arguments)", () => {
    const report = readFiles({
      "train.py":
        "import argparse\nimport deepspeed\nparser = argparse.ArgumentParser()\nparser.add_argument('--local_rank', type=int, default=-1)\n" +
        "parser = deepspeed.add_config_arguments(parser)\nargs = parser.parse_args()\n" +
        "engine, _, _, _ = deepspeed.initialize(args=args, model=model)\nfor step, batch in enumerate(loader):\n    engine.backward(loss)\n    engine.step()\n",
      "README.md": "```\ndeepspeed train.py --deepspeed --deepspeed_config ds_config.json\n```\n",
      "ds_config.json": '{"train_batch_size": 32}\n',
    });
    expect(filled(report)).toMatchObject({ batch_size: 32 });
  });
});

describe("the script a launch's bare name starts", () => {
  const script =
    "import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=20)\n";
  const invokers = (report: CodeReport, file: string) =>
    report.entry_points.find((e) => e.file === file)?.invoked_by ?? [];

  it("stays unknown when several files are equally near (same shared folders, same depth)", () => {
    const report = readFiles({
      "notes.md": "Then `run.py --epochs 7` gave the best run.\n",
      "exp/e1/run.py": script,
      "exp/e2/run.py": script,
    });
    expect(invokers(report, "exp/e1/run.py")).toEqual([]);
    expect(invokers(report, "exp/e2/run.py")).toEqual([]);
  });

  it("is the nearer file when one is nearer", () => {
    const report = readFiles({
      "notes.md": "Then `run.py --epochs 7` gave the best run.\n",
      "src/run.py": script,
      "tests/unit/run.py": script,
    });
    expect(invokers(report, "src/run.py")).toEqual(["notes.md"]);
  });

  it("is not a script of another top-level sub-project", () => {
    const report = readFiles({
      "projA/exp/slurm.sh": "python train.py --epochs 400\n",
      "projA/exp/model.py": "import torch\n",
      "projA/README.md": "# Project A\n",
      "projB/train.py": script,
    });
    expect(invokers(report, "projB/train.py")).toEqual([]);
  });

  it("may be in another top-level folder when the launch's folder is no project (a helper script is no README)", () => {
    const report = readFiles({
      "scripts/run.sh": "python train.py --epochs 7\n",
      "scripts/plot.py": "import matplotlib\n",
      "src/train.py": script,
    });
    expect(invokers(report, "src/train.py")).toEqual(["scripts/run.sh"]);
  });

  it("may be in another top-level folder when the launch's folder holds no Python code", () => {
    const report = readFiles({
      "scripts/run.sh": "python train.py --epochs 400\n",
      "src/train.py": script,
    });
    expect(invokers(report, "src/train.py")).toEqual(["scripts/run.sh"]);
    expect(filled(report)).toEqual({ epochs: 400 });
  });
});

describe("files a run writes", () => {
  const trainer = (line: string) =>
    "import json\nEPOCHS = 60\nfor epoch in range(EPOCHS):\n    loss.backward()\n" + `${line}\n`;

  it("binds no JSON file the script writes (save_json, json.dump, open(..., 'w'))", () => {
    for (const line of [
      'save_json(out_dir / "training.json", payload)',
      'json.dump(history, open("training.json", "w"))',
      'with open("training.json", mode="w") as f: f.write(text)',
      'with open(os.path.join(out_dir, "training.json"), "w") as f: f.write(text)',
    ]) {
      const report = readFiles({
        "train.py": trainer(line),
        "training.json": '{"epochs": 3, "batch_size": 7}\n',
      });
      expect(filled(report)).toEqual({ epochs: 60 });
    }
  });

  it("still binds a JSON file the script reads", () => {
    for (const line of [
      'cfg = json.load(open("training.json"))',
      'cfg = json.load(open(os.path.join(cfg_dir, "training.json"), "r"))',
    ]) {
      const report = readFiles({
        "train.py": trainer(line),
        "training.json": '{"epochs": 3, "batch_size": 7}\n',
      });
      expect(filled(report)).toMatchObject({ batch_size: 7 });
    }
  });

  it("binds no file its source names under an output folder", () => {
    const report = readFiles({
      "train.py": trainer('report = "results/eval/summary.json"'),
      "results/eval/summary.json": '{"batch_size": 7}\n',
    });
    expect(filled(report)).toEqual({ epochs: 60 });
  });

  it("reads no settings from a JSON array of per-epoch records, but does from other arrays", () => {
    const log = readFiles({
      "run_log.json": '{"history": [{"epoch": 1, "batch_size": 5}, {"epoch": 2, "batch_size": 5}]}\n',
    });
    expect(log.facts.filter((f) => f.field === "epochs" || f.field === "batch_size")).toEqual([]);
    const stages = readFiles({
      "stages.json": '{"stages": [{"name": "a", "batch_size": 5}, {"name": "b", "batch_size": 6}]}\n',
    });
    expect(stages.facts.map((f) => f.value)).toEqual([5, 6]);
  });
});

describe("README commands on plain lines", () => {
  const script =
    "import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=37)\nargs = p.parse_args()\nfor epoch in range(args.epochs):\n    loss.backward()\n";

  it("reads a bare command line and a list line with a lead-in as launches", () => {
    for (const line of [
      "python -u decouple.py --lr 0.001 --epochs 150",
      "2. Run command of the form: python3 decouple.py --epochs 150",
    ]) {
      const report = readFiles({ "README.md": `## Usage\n${line}\n`, "decouple.py": script });
      expect(filled(report)).toEqual({ epochs: 150 });
    }
  });

  it("reads no version or sentence that names a script as a command", () => {
    for (const line of ["python 3.7.16.", "python decouple.py is the entry, with --epochs 150"]) {
      const report = readFiles({ "README.md": `## Usage\n${line}\n`, "decouple.py": script });
      const entry = report.entry_points.find((e) => e.file === "decouple.py");
      expect(entry?.invoked_by ?? []).toEqual([]);
      expect(report.facts.filter((f) => f.value === 150)).toEqual([]);
    }
  });

  it("reads no line that carries on as a sentence after the options", () => {
    for (const [line, value] of [
      ["Note: python decouple.py --epochs 5 is only a smoke test and the paper used 300.", 5],
      [
        "- python decouple.py --epochs 2 gives a quick sanity check; the paper trains for the default 37 epochs.",
        2,
      ],
    ] as const) {
      const report = readFiles({ "README.md": `## Usage\n${line}\n`, "decouple.py": script });
      expect(report.facts.filter((f) => f.value === value)).toEqual([]);
      expect(report.facts.find((f) => f.value === 37)?.tags).not.toContain("overridden");
    }
  });
});

describe("argparse abbreviations on launch lines", () => {
  const script = (extra = "") =>
    `import argparse\np = argparse.ArgumentParser(${extra})\np.add_argument('-eval_freq', type=int, default=5)\np.add_argument('-epochs', type=int, default=100)\np.add_argument('--batch_norm', type=int, default=1)\np.add_argument('--batch_size', type=int, default=32)\nargs = p.parse_args()\nfor epoch in range(args.epochs):\n    loss.backward()\n`;

  it("reads an option that exactly one flag starts with as that flag", () => {
    const report = readFiles({
      "train.py": script(),
      "run.sh": "python train.py -ep 25 --batch_s 8\n",
    });
    expect(filled(report)).toEqual({ epochs: 25, batch_size: 8 });
  });

  it("reads no option that several flags start with, nor any when allow_abbrev is False", () => {
    const shared = readFiles({ "train.py": script(), "run.sh": "python train.py -e 25 --batch 8\n" });
    // `--batch` still reads under its own name, as any option the parser does not declare.
    const matched = shared.facts.filter(
      (f) => (f.value === 25 || f.value === 8) && !f.tags?.includes("unmatched_argument"),
    );
    expect(matched).toEqual([]);
    const strict = readFiles({
      "train.py": script("allow_abbrev=False"),
      "run.sh": "python train.py -ep 25 --batch_size 8\n",
    });
    expect(filled(strict)).toEqual({ epochs: 100, batch_size: 8 });
  });
});

describe("README example headings", () => {
  it("reads the commands under 'Example Invocations:' or an 'Examples' heading as examples", () => {
    for (const heading of ["Example Invocations:", "## Examples", "Usage:"]) {
      const report = readFiles({
        "README.md": `${heading}\n\n    python3 train.py --epochs 20\n`,
        "train.py":
          "import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=100)\nargs = p.parse_args()\nfor epoch in range(args.epochs):\n    loss.backward()\n",
      });
      const launch = report.facts.find((f) => f.value === 20);
      expect([heading, launch?.tags?.includes("variant")]).toEqual([heading, heading !== "Usage:"]);
    }
  });
});

describe("README setup sentences", () => {
  it("reads hardware from a past-tense 'Ran on' line, not from 'runs on' or 'can be run on'", () => {
    const hardware = (line: string) =>
      readFiles({ "README.md": `## Cluster\n* ${line}\n`, "train.py": "loss.backward()\n" }).facts.filter(
        (f) => f.field === "hardware",
      ).length;
    expect(hardware("Ran on V100 GPU in GPU partition.")).toBe(1);
    expect(hardware("Runs on a V100 GPU.")).toBe(0);
    expect(hardware("It can be run on a V100 GPU.")).toBe(0);
  });

  const setupHardware = (readme: string) =>
    readFiles({ "README.md": readme, "train.py": "loss.backward()\n" })
      .facts.filter((f) => f.field === "hardware")
      .map((f) => f.value);

  it("reads the machine a 'Hardware' section lists, without the host CPU beside its GPUs", () => {
    expect(
      setupHardware(
        [
          "## Hardware",
          "The following specs were used to create the solutions.",
          "- Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz",
          "- 3x GeForce RTX 2080 Ti",
        ].join("\n"),
      ),
    ).toEqual(["nvidia-rtx-2080-ti"]);
    // A CPU alone is the training hardware; "8x A100" counts devices, it compares nothing.
    expect(setupHardware("## Hardware\n- Intel Xeon Silver 4210\n")).toEqual(["intel-xeon-silver-4210"]);
    expect(setupHardware("We trained on 8x A100 GPUs.\n")).toEqual(["nvidia-a100"]);
  });

  it("reads the setup of the environment and reproduction pages too, not of other pages", () => {
    const pageHardware = (path: string, text: string) =>
      readFiles({ [path]: text, "train.py": "loss.backward()\n" })
        .facts.filter((f) => f.field === "hardware")
        .map((f) => f.value);
    const setup = "The final run was trained on a private 1x B200 server.\n";
    expect(pageHardware("ENV.md", setup)).toEqual(["nvidia-b200"]);
    expect(pageHardware("logs/REPRODUCE.md", setup)).toEqual(["nvidia-b200"]);
    expect(pageHardware("CONTRIBUTING.md", setup)).toEqual([]);
    expect(pageHardware("CHANGELOG.md", setup)).toEqual([]);
  });

  it("reads no hardware from a section of requirements, after the section ends, or from a speed ratio", () => {
    expect(setupHardware("## Hardware requirements\n- An RTX 3090 with 24 GB\n")).toEqual([]);
    expect(setupHardware("## Hardware\n- one machine\n\n## Usage\n- An RTX 3090 works well\n")).toEqual([]);
    expect(setupHardware("We trained it with a 6x gain over a V100.\n")).toEqual([]);
    // A heading that only starts with a setup word is about something else.
    expect(setupHardware("## Machine Learning Models\n- Runs on a Jetson Nano\n")).toEqual([]);
    expect(setupHardware("## Environment Setup\n- Any GPU with 24GB, e.g. an RTX 3090\n")).toEqual([]);
    expect(setupHardware("## Compute FID\nEvaluating on an A100 takes five minutes.\n")).toEqual([]);
    // Requirements written under a setup heading.
    expect(setupHardware("## Hardware\nAny GPU with at least 12 GB (e.g. RTX 3060) works.\n")).toEqual([]);
    expect(setupHardware("## System Specs\nMinimum: GTX 1080. Recommended: RTX 3090.\n")).toEqual([]);
  });

  it("reads no hardware from 'ran on' after a subject (someone else's setup)", () => {
    const hardware = (text: string) =>
      readFiles({ "README.md": `## Notes\n${text}\n`, "train.py": "loss.backward()\n" }).facts.filter(
        (f) => f.field === "hardware",
      ).length;
    expect(
      hardware(
        "The original implementation ran on a TPU v3-8, while this PyTorch port needs only one RTX 3090.",
      ),
    ).toBe(0);
    expect(hardware("- Ran on V100 GPU in GPU partition.")).toBe(1);
    expect(hardware("Ran on V100 GPU in GPU partition.")).toBe(1);
  });
});

describe("defaults a call in the same file overrides, for every entry point", () => {
  const repository = (call: string) => ({
    "README.md": "```\npython train.py --epochs 3\n```\n",
    "train.py":
      "import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=5)\nargs = p.parse_args()\nfor epoch in range(args.epochs):\n    loss.backward()\n",
    "side/experiment.py": `def train_model(model, num_epochs=10):\n    for epoch in range(num_epochs):\n        loss.backward()\n\n${call}\n`,
  });
  const defaultTags = (report: CodeReport) =>
    report.facts.find(
      (f) => f.evidence.kind === "code" && f.evidence.file === "side/experiment.py" && f.value === 10,
    )?.tags ?? [];

  it("marks a function default overridden when the file's own call passes that keyword", () => {
    expect(defaultTags(readFiles(repository("train_model(net, num_epochs=20)")))).toContain("overridden");
  });

  it("leaves it when only a debug branch passes the keyword", () => {
    const tags = defaultTags(
      readFiles(repository("if debug:\n    train_model(net, num_epochs=1)\nelse:\n    train_model(net)")),
    );
    expect(tags).not.toContain("overridden");
  });
});

describe("defaults of a library module that the files importing it override", () => {
  /**
   * A trainer module with no `__main__` of its own, and a demo notebook that imports it: the module is taken for the
   * main entry point (a demo counts for less), so only the importer's call can tell that its default did not run.
   */
  const notebook = (source: string) =>
    JSON.stringify({ cells: [{ cell_type: "code", source: source.split(/(?<=\n)/), outputs: [] }] });
  const repository = (trainer: string, caller: string, name = "model_training_demo.ipynb") => ({
    "model_training/Trainer.py": `import torch\nclass Trainer:\n    def train(self, loader, n_epochs=100):\n        for epoch in range(n_epochs):\n            loss.backward()\n            optimizer.step()\n${trainer}`,
    [name]: notebook(`from model_training.Trainer import Trainer\ntrainer = Trainer()\n${caller}\n`),
  });
  const defaultTags = (report: CodeReport) =>
    report.facts.find(
      (f) => f.evidence.kind === "code" && f.evidence.file === "model_training/Trainer.py" && f.value === 100,
    )?.tags ?? [];

  it("marks the default overridden where an importer calls the function with that keyword", () => {
    const report = readFiles(repository("", "trainer.train(loader, n_epochs=1000)"));
    expect(report.entry_points[0]?.file).toBe("model_training/Trainer.py");
    expect(defaultTags(report)).toContain("overridden");
  });

  it("leaves it when the module is a script of its own, or the importer leaves the keyword out", () => {
    const script = "\nif __name__ == '__main__':\n    Trainer().train(None)\n";
    expect(defaultTags(readFiles(repository(script, "trainer.train(loader, n_epochs=1000)")))).not.toContain(
      "overridden",
    );
    expect(defaultTags(readFiles(repository("", "trainer.train(loader)")))).not.toContain("overridden");
  });

  it("leaves a helper of another main run to that run's own calls", () => {
    // reproduce.py is launched and runs the helper with its default; a second tool passes the keyword.
    const files = {
      "README.md": "```\npython reproduce.py\n```\n",
      "experiments.py":
        "import torch\ndef run_bridge(model, train_steps=300):\n    for step in range(train_steps):\n        loss.backward()\n",
      "reproduce.py":
        "from experiments import run_bridge\nif __name__ == '__main__':\n    run_bridge(model)\n",
      "cli.py":
        "import argparse\nfrom experiments import run_bridge\nif __name__ == '__main__':\n    run_bridge(model, train_steps=args.steps)\n",
    };
    const report = readFiles(files);
    expect(report.entry_points[0]?.file).toBe("reproduce.py");
    const tags = report.facts.find(
      (f) => f.evidence.kind === "code" && f.evidence.file === "experiments.py",
    )?.tags;
    expect(tags).not.toContain("overridden");
  });

  it("leaves it when only an evaluation script importing the module passes the keyword", () => {
    const files = repository("", "trainer.train(loader, n_epochs=1)", "evaluate.ipynb");
    expect(defaultTags(readFiles(files))).not.toContain("overridden");
  });

  it("leaves it when only a sanity check or a test importing the module passes the keyword", () => {
    for (const name of ["quick_sanity_check.ipynb", "tests/test_trainer.ipynb", "smoke_run.ipynb"]) {
      const files = repository("", "trainer.train(loader, n_epochs=1)", name);
      expect(defaultTags(readFiles(files))).not.toContain("overridden");
    }
  });
});
