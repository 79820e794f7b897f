import { loadPythonParser, type AnalyzerTools } from "../../../src/readers/code/index.js";
import type { CodeReport } from "../../../src/readers/code/types.js";
import { brief, filledSummary, readFilesWith } from "./helpers.js";

let tools: AnalyzerTools;
beforeAll(async () => {
  tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
});

const readFiles = (files: Record<string, string>): CodeReport => readFilesWith(tools, files);
const filled = filledSummary;

describe("resolution and summary", () => {
  it("binds a Python config file passed on the command line (mmcv style) to the script it runs", () => {
    const report = readFiles({
      "tools/train.py":
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('config')\nmodel.train()\n",
      "configs/retina.py":
        "runner = dict(type='EpochBasedRunner', max_epochs=12)\ndata = dict(samples_per_gpu=4)\n",
      "configs/other.py": "runner = dict(max_epochs=99)\n",
      "README.md": "```\npython tools/train.py configs/retina.py\n```\n",
    });
    expect(filled(report)).toEqual({ epochs: 12, batch_size: 4 });
  });

  it("follows a console command declared in pyproject.toml to its module", () => {
    const report = readFiles({
      "pyproject.toml": '[project]\nname = "toy"\n[project.scripts]\ntoy-train = "toy.cli:main"\n',
      "toy/cli.py":
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=5)\nloss.backward()\n",
      "README.md": "Run `toy-train --epochs 40` to reproduce.\n",
    });
    expect(filled(report)).toEqual({ epochs: 40 });
    expect(report.entry_points[0]).toMatchObject({
      file: "toy/cli.py",
      invoked_by: ["README.md"],
      main: true,
    });
  });

  it("tags the settings of a module the main launch names by its class-like file name", () => {
    const report = readFiles({
      "pyproject.toml": '[project]\nname = "seg"\n[project.scripts]\nseg_train = "seg.run:main"\n',
      "seg/run.py":
        "import argparse\nfrom seg.trainers import SegTrainerV2, SegTrainerFast\np = argparse.ArgumentParser()\np.add_argument('trainer')\np.add_argument('fold')\nargs = p.parse_args()\ntrainer = find_class(args.trainer)\nloss.backward()\n",
      "seg/trainers/__init__.py":
        "from .SegTrainerV2 import SegTrainerV2\nfrom .SegTrainerFast import SegTrainerFast\n",
      "seg/trainers/SegTrainerV2.py":
        "class SegTrainerV2(Base):\n    def __init__(self):\n        self.max_num_epochs = 1000\n",
      "seg/trainers/SegTrainerFast.py":
        "class SegTrainerFast(Base):\n    def __init__(self):\n        self.max_num_epochs = 5\n",
      "README.md": "```\nseg_train SegTrainerV2 0\n```\n",
      // An evaluation launch names a class too: not the training run's choice.
      "scripts/eval.sh": "seg_train SegTrainerFast 0\n",
    });
    const named = (file: string) =>
      report.facts.find((f) => f.evidence.kind === "code" && f.evidence.file === file)?.tags ?? [];
    expect(named("seg/trainers/SegTrainerV2.py")).toContain("launch_named");
    // A trainer the launch does not name stays a helper module's setting.
    expect(named("seg/trainers/SegTrainerFast.py")).not.toContain("launch_named");
    const trainer = report.facts.find(
      (f) => f.evidence.kind === "code" && f.evidence.file === "seg/trainers/SegTrainerV2.py",
    );
    expect(trainer?.entry_point).toBe("seg/run.py");
  });

  it("reads the runs of an evaluation launch file as evaluations, not as the training run", () => {
    const report = readFiles({
      "main.py":
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--batch_size', type=int, default=32)\np.add_argument('--eval', action='store_true')\nloss.backward()\n",
      "train.sh": "python main.py --batch_size 64\n",
      "eval.sh": "python main.py --batch_size 256 --eval\n",
      "run_eval_and_train.sh": "python main.py --batch_size 128\n",
    });
    const launched = report.facts
      .filter(
        (f) => f.field === "batch_size" && f.evidence.kind === "code" && f.evidence.file.endsWith(".sh"),
      )
      .map((f) => [f.evidence.kind === "code" ? f.evidence.file : "", f.context]);
    expect(launched).toEqual(
      expect.arrayContaining([
        ["train.sh", "training"],
        ["eval.sh", "inference"],
        ["run_eval_and_train.sh", "training"],
      ]),
    );
  });

  it("reads a Typer command's plain parameters as options a launch line sets (`@app.command()`, `typer.run`)", () => {
    const command = (decorator: string, run: string) =>
      [
        "import typer",
        "app = typer.Typer()",
        decorator,
        "def train(data: str, epochs: int = 10, batch_size: int = 32, fp16: bool = False):",
        "    loss.backward()",
        run,
      ].join("\n");
    for (const source of [command("@app.command()", "app()"), command("", "typer.run(train)")]) {
      const report = readFiles({
        "train.py": source,
        "README.md": "```\npython train.py data/ --epochs 40 --batch-size 64 --fp16\n```\n",
      });
      expect(filled(report)).toMatchObject({ epochs: 40, batch_size: 64 });
      expect(report.facts.find((f) => f.field === "precision" && f.tags?.includes("launch"))?.value).toBe(
        "fp16",
      );
      expect(brief(report.facts, ["epochs"])).toEqual([
        "epochs=40 @README.md:2 [override,launch,launcher:python] training",
        "epochs=10 @train.py:4 [default,typer,overridden] training",
      ]);
    }
  });

  it("reads a docopt usage text's defaults as options a launch line sets", () => {
    const report = readFiles({
      "src/cnn.py": [
        '"""Train a character CNN.',
        "",
        "Usage:",
        "  cnn.py [options]",
        "",
        "Options:",
        "  -b --batch_size=B   Batch size [default: 128]",
        "  -e --epoch_num=E    Number of epochs [default: 10]",
        "  --lr=LR             Learning rate [default: 0.01]",
        '"""',
        "import docopt",
        "args = docopt.docopt(__doc__)",
        "for epoch in range(int(args['--epoch_num'])):",
        "    loss.backward()",
      ].join("\n"),
      "README.md": "```\npython src/cnn.py -e 20\n```\n",
    });
    expect(filled(report)).toMatchObject({ epochs: 20, batch_size: 128 });
    // A usage text in a file that only mentions docopt in a comment is documentation.
    const commented = readFiles({
      "cnn.py":
        '"""Options:\n  -e --epoch_num=E    Number of epochs [default: 30]\n"""\n# was: docopt(__doc__)\nEPOCHS = 5\n',
    });
    expect(commented.facts.filter((f) => f.tags?.includes("docopt"))).toEqual([]);
    expect(brief(report.facts, ["epochs", "batch_size"])).toEqual(
      expect.arrayContaining([
        "epochs=20 @README.md:2 [override,launch,launcher:python] training",
        "batch_size=128 @src/cnn.py:7 [per_device,default,docopt] training",
      ]),
    );
  });

  it("keeps an evaluation command's defaults out, as any evaluation function's", () => {
    const report = readFiles({
      "train.py": [
        "import typer",
        "app = typer.Typer()",
        "@app.command()",
        "def evaluate(batch_size: int = 256):",
        "    pass",
        "@app.command()",
        "def fit(batch_size: int = 32):",
        "    loss.backward()",
      ].join("\n"),
    });
    expect(brief(report.facts, ["batch_size"])).toEqual([
      "batch_size=32 @train.py:7 [per_device,default,typer] training",
    ]);
  });

  it("leaves a function's defaults as defaults when the file does not use Typer (a click group's command)", () => {
    const report = readFiles({
      "train.py": "import click\n@cli.command()\ndef train(epochs: int = 10):\n    loss.backward()\n",
    });
    expect(brief(report.facts, ["epochs"])).toEqual([
      "epochs=10 @train.py:3 [function_default,def:train.epochs] training",
    ]);
  });

  describe("launch flags of a script that parses its arguments into dataclasses (HfArgumentParser)", () => {
    const launchTags = (files: Record<string, string>) =>
      readFiles({ ...files, "run.sh": "python train.py --num_train_epochs 5 --output_dir out\n" })
        .facts.filter(
          (f) => f.field === "epochs" && f.evidence.kind === "code" && f.evidence.file === "run.sh",
        )
        .map((f) => [f.value, f.tags?.includes("unmatched_argument") ?? false]);

    it("are fields of its dataclasses, also when the parser is built in a module it imports", () => {
      expect(
        launchTags({
          "train.py":
            "from transformers import HfArgumentParser, TrainingArguments\nargs = HfArgumentParser((TrainingArguments,)).parse_args_into_dataclasses()[0]\ntrainer.train()\n",
        }),
      ).toEqual([[5, false]]);
      expect(
        launchTags({
          "train.py": "from cli import parse\nargs = parse()\ntrainer.train()\n",
          "cli.py":
            "from transformers import HfArgumentParser, TrainingArguments\ndef parse():\n    return HfArgumentParser((TrainingArguments,)).parse_args_into_dataclasses()[0]\n",
        }),
      ).toEqual([[5, false]]);
    });

    it("override the default of the field they set, and only that field", () => {
      const report = readFiles({
        "train.py":
          "from args import Args\nfrom transformers import HfArgumentParser\nargs = HfArgumentParser((Args,)).parse_args_into_dataclasses()[0]\ntrainer.train()\n",
        "args.py":
          "from dataclasses import dataclass\n@dataclass\nclass Args:\n    num_train_epochs: int = 3\n    per_device_train_batch_size: int = 16\n",
        "run.sh": "python train.py --num_train_epochs 5\n",
      });
      const defaults = report.facts
        .filter((f) => f.evidence.kind === "code" && f.evidence.file === "args.py")
        .map((f) => [f.field, f.value, f.tags?.includes("overridden") ?? false]);
      expect(defaults).toEqual([
        ["epochs", 3, true],
        ["batch_size", 16, false],
      ]);
      expect(filled(report)).toMatchObject({ epochs: 5, batch_size: 16 });
    });

    it("stay guesses when the parser is only in a comment or keeps unknown flags", () => {
      expect(
        launchTags({
          "train.py":
            "import argparse\n# parser = HfArgumentParser((TrainingArguments,))\np = argparse.ArgumentParser()\nargs, _ = p.parse_known_args()\ntrainer.train()\n",
        }),
      ).toEqual([[5, true]]);
      expect(
        launchTags({
          "train.py":
            "from transformers import HfArgumentParser, TrainingArguments\nargs, rest = HfArgumentParser((TrainingArguments,)).parse_args_into_dataclasses(return_remaining_strings=True)\ntrainer.train()\n",
        }),
      ).toEqual([[5, true]]);
    });
  });

  describe("a function's or constructor's default where the main run calls it with that keyword", () => {
    const defaults = (report: CodeReport) =>
      report.facts
        .filter((f) => f.tags?.includes("function_default"))
        .map((f) => [f.field, f.value, f.tags?.includes("overridden") ?? false]);

    it("is overridden by the keyword the call passes, for a constructor and a function alike", () => {
      const constructor = readFiles({
        "train.py":
          "class ConvNet:\n    def __init__(self, lr=0.1, epoch=1, batch_size=64):\n        self.epoch = epoch\n\nnet = ConvNet(lr=0.01, epoch=10)\nloss.backward()\n",
      });
      expect(defaults(constructor)).toEqual([
        ["epochs", 1, true],
        ["batch_size", 64, false],
      ]);
      const fn = readFiles({
        "train.py":
          "def fit(model, epochs=100):\n    for e in range(epochs):\n        loss.backward()\n\nfit(model, epochs=20)\n",
      });
      expect(defaults(fn)).toEqual([["epochs", 100, true]]);
    });

    it("stands where the call leaves the keyword out, or only a debug branch passes it", () => {
      expect(
        defaults(
          readFiles({
            "train.py":
              "def fit(model, epochs=100):\n    for e in range(epochs):\n        loss.backward()\n\nfit(model)\n",
          }),
        ),
      ).toEqual([["epochs", 100, false]]);
      expect(
        defaults(
          readFiles({
            "train.py":
              "import sys\ndef fit(model, epochs=100):\n    for e in range(epochs):\n        loss.backward()\n\nif '--debug' in sys.argv:\n    fit(model, epochs=1)\nelse:\n    fit(model)\n",
          }),
        ),
      ).toEqual([["epochs", 100, false]]);
    });
  });

  describe("a class's field default where the code builds the class with that field", () => {
    const configPy =
      "from dataclasses import dataclass\n@dataclass\nclass TrainConfig:\n    epochs: int = 10\n    batch_size: int = 32\n";
    const classDefaults = (report: CodeReport) =>
      report.facts
        .filter((f) => f.evidence.kind === "code" && f.evidence.file === "config.py")
        .map((f) => [f.field, f.value, f.tags?.includes("overridden") ?? false]);

    it("is overridden by the value passed, literal or not, and only for that field", () => {
      const literal = readFiles({
        "config.py": configPy,
        "train.py": "from config import TrainConfig\ncfg = TrainConfig(epochs=50)\nloss.backward()\n",
      });
      expect(classDefaults(literal)).toEqual([
        ["epochs", 10, true],
        ["batch_size", 32, false],
      ]);
      expect(filled(literal)).toMatchObject({ epochs: 50, batch_size: 32 });
      const fromArguments = readFiles({
        "config.py": configPy,
        "train.py":
          "import argparse\nfrom config import TrainConfig\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=200)\nargs = p.parse_args()\ncfg = TrainConfig(epochs=args.epochs)\nloss.backward()\n",
      });
      expect(classDefaults(fromArguments)).toEqual([
        ["epochs", 10, true],
        ["batch_size", 32, false],
      ]);
      expect(filled(fromArguments)).toMatchObject({ epochs: 200 });
    });

    it("is overridden for a plain class attribute too, and stands where only a debug branch passes a value", () => {
      const plain = readFiles({
        "config.py": "class TrainConfig:\n    epochs = 10\n",
        "train.py": "from config import TrainConfig\ncfg = TrainConfig(epochs=50)\nloss.backward()\n",
      });
      expect(filled(plain)).toMatchObject({ epochs: 50 });
      const debug = readFiles({
        "config.py": configPy,
        "train.py":
          "import sys\nfrom config import TrainConfig\nif '--debug' in sys.argv:\n    cfg = TrainConfig(epochs=1)\nelse:\n    cfg = TrainConfig()\nloss.backward()\n",
      });
      expect(classDefaults(debug)).toEqual([
        ["epochs", 10, false],
        ["batch_size", 32, false],
      ]);
    });

    it("stands where only a debug helper, a debug expression or an evaluation branch builds the class", () => {
      for (const train of [
        "from config import TrainConfig\ndef smoke_config():\n    return TrainConfig(epochs=1, batch_size=2)\ncfg = TrainConfig()\nloss.backward()\n",
        "import sys\nfrom config import TrainConfig\ncfg = TrainConfig(epochs=1) if '--debug' in sys.argv else TrainConfig()\nloss.backward()\n",
        "from config import TrainConfig\nif args.eval_only:\n    cfg = TrainConfig(batch_size=1)\nelse:\n    cfg = TrainConfig()\nloss.backward()\n",
      ]) {
        const report = readFiles({ "config.py": configPy, "train.py": train });
        expect(classDefaults(report)).toEqual([
          ["epochs", 10, false],
          ["batch_size", 32, false],
        ]);
      }
    });

    it("is overridden where a helper module of the main run builds the class", () => {
      const report = readFiles({
        "config.py": configPy,
        "utils.py":
          "from config import TrainConfig\ndef build_config(args):\n    return TrainConfig(epochs=args.epochs)\n",
        "train.py":
          "import argparse\nfrom utils import build_config\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=200)\nargs = p.parse_args()\ncfg = build_config(args)\nloss.backward()\n",
      });
      expect(classDefaults(report)).toEqual([
        ["epochs", 10, true],
        ["batch_size", 32, false],
      ]);
      expect(filled(report)).toMatchObject({ epochs: 200 });
    });

    it("stands when an evaluation module the training script imports builds the class", () => {
      const report = readFiles({
        "config.py": configPy,
        "evaluate.py":
          "from config import TrainConfig\ncfg = TrainConfig(batch_size=1000)\ndef run_eval(model):\n    return model\n",
        "train.py":
          "from config import TrainConfig\nfrom evaluate import run_eval\ncfg = TrainConfig()\nloss.backward()\n",
      });
      expect(classDefaults(report)).toEqual([
        ["epochs", 10, false],
        ["batch_size", 32, false],
      ]);
    });

    it("stands when only a test or a plotting script builds the class, or another class has the field", () => {
      const report = readFiles({
        "config.py": configPy,
        "train.py":
          "from config import TrainConfig\ncfg = TrainConfig()\nopt = OptimConfig(epochs=3)\nloss.backward()\n",
        "tests/test_config.py": "from config import TrainConfig\ncfg = TrainConfig(epochs=1)\n",
        "plot_curves.py": "from config import TrainConfig\ncfg = TrainConfig(batch_size=1000)\nplt.plot(x)\n",
      });
      expect(classDefaults(report)).toEqual([
        ["epochs", 10, false],
        ["batch_size", 32, false],
      ]);
    });
  });

  it("keeps a shared option's default in the summary when only an evaluation launch overrides it", () => {
    const report = readFiles({
      "opts.py":
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--batch_size', type=int, default=64)\nargs = p.parse_args()\n",
      "train.py": "from opts import args\nloss.backward()\n",
      "evaluate.py": "from opts import args\nmodel.eval()\n",
      "train.sh": "python train.py\n",
      "eval.sh": "python evaluate.py --batch_size 512\n",
    });
    expect(filled(report)).toMatchObject({ batch_size: 64 });
  });

  it("prefers an imported config module over a helper's function default", () => {
    const report = readFiles({
      "train.py": "from config import BATCH_SIZE\nfrom utils import make_loader\nloss.backward()\n",
      "config.py": "BATCH_SIZE = 96\n",
      "utils.py": "def make_loader(data, batch_size=8):\n    return data\n",
    });
    expect(filled(report)).toEqual({ batch_size: 96 });
  });

  describe("a training loop bounded by options an imported module defines (pix2pix/CycleGAN)", () => {
    const repository = {
      "train.py": [
        "from options.train_options import TrainOptions",
        "opt = TrainOptions().parse()",
        "for epoch in range(opt.epoch_count, opt.niter + opt.niter_decay + 1):",
        "    for i, data in enumerate(dataset):",
        "        model.optimize_parameters()",
        "",
      ].join("\n"),
      "options/train_options.py": [
        "from .base_options import BaseOptions",
        "class TrainOptions(BaseOptions):",
        "    def initialize(self, parser):",
        "        parser.add_argument('--epoch_count', type=int, default=1)",
        "        parser.add_argument('--niter', type=int, default=100)",
        "        parser.add_argument('--niter_decay', type=int, default=50)",
        "        return parser",
        "",
      ].join("\n"),
      "options/base_options.py": "import argparse\nclass BaseOptions:\n    pass\n",
    };
    const loopBound = (report: CodeReport) =>
      report.facts.find((f) => f.field === "epochs" && f.tags?.includes("loop_bound"));

    it("is evaluated with the module's defaults, and the sum and where each default is are the evidence", () => {
      const report = readFiles(repository);
      expect(report.summary.epochs).toBe(150);
      expect(loopBound(report)).toMatchObject({
        value: 150,
        tags: ["loop_bound", "default", "argparse"],
        raw: "niter 100 + niter_decay 50 + 1 - epoch_count 1 = 150 (defaults: options/train_options.py:5,6,4)",
        evidence: { kind: "code", file: "train.py", line: 3 },
      });
    });

    it("is evaluated with a launch's values, and the defaults' reading is then stale", () => {
      const report = readFiles({
        ...repository,
        "README.md": "```\npython train.py --niter_decay 10\n```\n",
      });
      expect(report.summary.epochs).toBe(110);
      const bounds = report.facts.filter((f) => f.tags?.includes("loop_bound"));
      expect(bounds.map((f) => [f.value, f.evidence.kind === "code" ? f.evidence.file : ""])).toEqual([
        [110, "README.md"],
        [150, "train.py"],
      ]);
      expect(bounds[0]!.raw).toBe(
        "niter 100 + niter_decay 10 + 1 - epoch_count 1 = 110 (the loop at train.py:3)",
      );
      expect(bounds[1]!.tags).toContain("overridden");
    });

    it("is not touched by the launch of another script that reads the same options", () => {
      const report = readFiles({
        ...repository,
        "test.py": "from options.train_options import TrainOptions\nopt = TrainOptions().parse()\n",
        "README.md": "```\npython train.py\npython test.py --niter_decay 10\n```\n",
      });
      expect(report.summary.epochs).toBe(150);
      expect(loopBound(report)!.tags).not.toContain("overridden");
    });

    it("makes stale the default of an option named for epochs that it only adds to (CycleGAN's n_epochs)", () => {
      const renamed = Object.fromEntries(
        Object.entries(repository).map(([path, text]) => [path, text.replace(/niter/g, "n_epochs")]),
      );
      const report = readFiles(renamed);
      expect(loopBound(report)!.value).toBe(150);
      // The trained ranker never offers an overridden default (repository.test.ts reads this repository with it).
      const named = report.facts.find(
        (f) => f.field === "epochs" && f.tags?.includes("default") && f.value === 100,
      );
      expect(named!.tags).toContain("overridden");
    });

    describe("with an option named for epochs in the sum (CycleGAN's n_epochs + n_epochs_decay)", () => {
      const cyclegan = Object.fromEntries(
        Object.entries(repository).map(([path, text]) => [path, text.replace(/niter/g, "n_epochs")]),
      );
      const launched = (line: string) => readFiles({ ...cyclegan, "README.md": `\`\`\`\n${line}\n\`\`\`\n` });
      const epochs = (report: CodeReport) =>
        report.facts
          .filter((f) => f.field === "epochs")
          .map((f) => `${String(f.value)}${f.tags?.includes("overridden") ? " overridden" : ""}`)
          .sort();

      it("reads a launch that sets that option as a part of the sum, not the run's length", () => {
        expect(epochs(launched("python train.py --n_epochs 50 --n_epochs_decay 50"))).toEqual([
          "100",
          "100 overridden",
          "150 overridden",
          "50 overridden",
        ]);
      });

      it("reads a launch that zeroes the rest of the sum as that option's value", () => {
        expect(epochs(launched("python train.py --n_epochs_decay 0"))).toEqual([
          "100",
          "100 overridden",
          "150 overridden",
        ]);
      });

      it("lets only the launched script's own loop supersede the launch's flag, and adds no copy of it", () => {
        const helper = readFiles({
          "options/opts.py":
            "parser.add_argument('--n_epochs', type=int, default=100)\nparser.add_argument('--warmup_epochs', type=int, default=10)\n",
          "train.py": "from options.opts import opt\nimport pretrain\nloss.backward()\n",
          "pretrain.py":
            "from options.opts import opt\nfor epoch in range(opt.n_epochs + opt.warmup_epochs):\n    for x in loader:\n        loss.backward()\n",
          "README.md": "```\npython train.py --n_epochs 50\n```\n",
        });
        expect(epochs(helper)).toContain("50");
        const stated = readFiles({
          ...cyclegan,
          "train.py": cyclegan["train.py"]!.replace(
            "range(opt.epoch_count, opt.n_epochs + opt.n_epochs_decay + 1)",
            "range(opt.n_epochs)",
          ),
          "README.md": "```\npython train.py --n_epochs 50\n```\n",
        });
        expect(stated.facts.filter((f) => f.field === "epochs" && f.value === 50)).toHaveLength(1);
      });

      it("leaves only the stale reading when the launch's value is not a number, and ignores a variant launch", () => {
        expect(epochs(launched("python train.py --n_epochs_decay $DECAY"))).toEqual([
          "100 overridden",
          "150 overridden",
        ]);
        const variant = readFiles({
          ...cyclegan,
          "README.md": "```\npython train.py\n```\n",
          "scripts/train_debug.sh": "python train.py --n_epochs_decay 1\n",
        });
        expect(loopBound(variant)).toMatchObject({ value: 150 });
        expect(loopBound(variant)!.tags).not.toContain("overridden");
      });
    });

    it("adds nothing when the option named for the field states the value (range(opt.start_epoch, opt.epochs))", () => {
      const report = readFiles({
        "train.py": repository["train.py"].replace(
          "range(opt.epoch_count, opt.niter + opt.niter_decay + 1)",
          "range(opt.start_epoch, opt.epochs)",
        ),
        "options/train_options.py":
          "parser.add_argument('--epochs', type=int, default=90)\nparser.add_argument('--start_epoch', type=int, default=0)\n",
      });
      expect(report.summary.epochs).toBe(90);
      expect(loopBound(report)).toBeUndefined();
    });

    it("evaluates differences and parentheses, and starts an unreadable start at the resume point", () => {
      const loop = (range: string) =>
        readFiles({
          ...repository,
          "train.py": repository["train.py"].replace(/range\(.*\):/, `range(${range}):`),
        });
      expect(loopBound(loop("1, (opt.niter - opt.niter_decay) + 1"))!.value).toBe(50);
      // `opt.resume_from` is defined nowhere: a resumed run counts from 1 when the stop is written N + 1.
      expect(loopBound(loop("opt.resume_from, opt.niter + 1"))!.raw).toMatch(/^niter 100 \+ 1 - 1 = 100 /);
      // The nearest module's default wins over a farther one's (base_options is imported through train_options).
      const nearer = readFiles({
        ...repository,
        "options/base_options.py": "import argparse\nparser.add_argument('--niter', type=int, default=7)\n",
      });
      expect(loopBound(nearer)!.value).toBe(150);
      // A bound that is not a whole number of iterations is not a count.
      const fraction = readFiles({
        ...repository,
        "options/train_options.py": repository["options/train_options.py"].replace(
          "default=50",
          "default=0.5",
        ),
      });
      expect(loopBound(fraction)).toBeUndefined();
    });

    it("is left unread when an option is missing or two equally near modules disagree on it", () => {
      const missing = readFiles({
        ...repository,
        "train.py": repository["train.py"].replace("opt.niter +", "opt.nitre +"),
      });
      expect(loopBound(missing)).toBeUndefined();
      const twoParsers = readFiles({
        ...repository,
        "train.py": repository["train.py"].replace(
          "from options.train_options import TrainOptions",
          "from options.train_options import TrainOptions\nfrom options.other_options import OtherOptions",
        ),
        "options/other_options.py": "parser.add_argument('--niter', type=int, default=7)\n",
      });
      expect(loopBound(twoParsers)).toBeUndefined();
    });
  });

  it("ranks the training script above a launched conversion tool", () => {
    const report = readFiles({
      "tools/yaml_to_sh.py": "import yaml\nif __name__ == '__main__':\n    pass\n",
      "a.sh": "python tools/yaml_to_sh.py a.yaml\n",
      "b.sh": "python tools/yaml_to_sh.py b.yaml\n",
      "train.py": "EPOCHS = 3\nfor epoch in range(EPOCHS):\n    loss.backward()\n",
    });
    expect(report.entry_points.map((e) => [e.file, e.main])).toEqual([
      ["train.py", true],
      ["tools/yaml_to_sh.py", false],
    ]);
  });

  it("abstains on hardware when unrelated launch files disagree, and uses it when they agree", () => {
    const disagree = readFiles({
      "a.sbatch": "#SBATCH --gres=gpu:a100:1\nwandb agent x\n",
      "b.sbatch": "#SBATCH --gres=gpu:v100:1\nwandb agent y\n",
    });
    expect(disagree.summary.hardware).toBeNull();
    expect(disagree.summary.accelerator_count).toBe(1);
    const agree = readFiles({
      "a.sbatch": "#SBATCH --gres=gpu:a100:2\nwandb agent x\n",
      "b.sbatch": "#SBATCH --gres=gpu:a100:2\nwandb agent y\n",
    });
    expect(filled(agree)).toEqual({ hardware: "nvidia-a100", accelerator_count: 2 });
  });

  it("never takes hyperparameters from scripts outside the main entry point's scope", () => {
    const report = readFiles({
      "train.py": "import torch\nloss.backward()\nif __name__ == '__main__':\n    pass\n",
      "scripts/ablation.py": "EPOCHS = 7\n",
      "configs/unused.yaml": "epochs: 9\nbatch_size: 3\n",
    });
    expect(filled(report)).toEqual({});
  });
});
