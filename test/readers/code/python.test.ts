import { analyzePython } from "../../../src/readers/code/python/analyze.js";
import { loadPythonParser, type PythonParser } from "../../../src/readers/code/python/parser.js";
import { brief } from "./helpers.js";

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const analyze = (source: string, path = "train.py") =>
  analyzePython(path, source, parser, { parseTimeoutMs: 2000 });

describe("Python analyzer", () => {
  it("reads argparse parameters with their default, type, choices and help", () => {
    const findings = analyze(
      [
        "import argparse",
        "DEFAULT_EPOCHS = 2 ** 3",
        "p = argparse.ArgumentParser()",
        "p.add_argument('-b', '--batch-size', type=int, default=64, choices=[32, 64], help='per GPU')",
        "p.add_argument('--epochs', type=int,",
        "               default=DEFAULT_EPOCHS)",
        "p.add_argument('--fp16', action='store_true')",
        "p.add_argument('--max_steps', default=200, help='steps per episode')",
      ].join("\n"),
    );
    expect(
      findings.parameters.map((p) => [
        p.flags,
        p.dest,
        p.defaultValue,
        p.type,
        p.choices,
        p.isSwitch,
        p.line,
        p.snippet,
      ]),
    ).toEqual([
      [
        ["-b", "--batch-size"],
        "batch_size",
        64,
        "int",
        ["32", "64"],
        false,
        4,
        expect.stringContaining("--batch-size"),
      ],
      [
        ["--epochs"],
        "epochs",
        8,
        "int",
        null,
        false,
        5,
        "p.add_argument('--epochs', type=int, … default=DEFAULT_EPOCHS)",
      ],
      [["--fp16"], "fp16", false, "bool", null, true, 7, "p.add_argument('--fp16', action='store_true')"],
      [["--max_steps"], "max_steps", 200, null, null, false, 8, expect.any(String)],
    ]);
  });

  it("reads click options, typer options and absl flags as parameters", () => {
    const findings = analyze(
      [
        "import click, typer",
        "from absl import flags",
        "flags.DEFINE_integer('train_steps', 10000, 'number of steps')",
        "@click.command()",
        "@click.option('--epochs', default=12, type=int)",
        "def cli(epochs):",
        "    pass",
        "def main(batch_size: int = typer.Option(48, help='batch')):",
        "    pass",
      ].join("\n"),
    );
    expect(findings.parameters.map((p) => [p.source, p.flags, p.dest, p.defaultValue])).toEqual([
      ["absl", ["--train_steps"], "train_steps", 10000],
      ["click", ["--epochs"], "epochs", 12],
      ["typer", ["--batch-size"], "batch_size", 48],
    ]);
  });

  it("reads constants, dataclass fields, attribute assignments and dict entries", () => {
    const findings = analyze(
      [
        "from dataclasses import dataclass, field",
        "EPOCHS = 200",
        "BATCH_SIZE = 1",
        "@dataclass",
        "class Config:",
        "    num_train_epochs: float = field(default=3.0)",
        "    per_device_train_batch_size: int = 8",
        "cfg.SOLVER.MAX_ITER = 90000",
        "CONFIG = {'batch_size': 128, 'num_epochs': 400, 'num_workers': 8}",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=200 @train.py:2 [module_constant] training",
      "batch_size=1 @train.py:3 [per_device,module_constant] training",
      "epochs=3 @train.py:6 [class_field,class:Config] training",
      "batch_size=8 @train.py:7 [per_device,class_field,class:Config] training",
      "steps=90000 @train.py:8 [attribute] training",
      "batch_size=128 @train.py:9 [per_device,dict_entry] training",
      "epochs=400 @train.py:9 [dict_entry] training",
    ]);
  });

  it("reads constants assigned together, and resolves them, but pairs nothing a call returns", () => {
    const findings = analyze(
      [
        "EPOCHS, BATCH_SIZE, LR = 60, 64, 1e-3",
        "(NUM_EPOCHS, WORKERS) = (5, 8)",
        "epochs, batch_size = load_settings()",
        "MAX_STEPS, SEED = 100, 1, 2",
        "if __name__ == '__main__':",
        "    N_EPOCHS, BS = (",
        "        7,  # a short run",
        "        32,",
        "    )",
        "trainer = pl.Trainer(max_epochs=EPOCHS)",
        "other = pl.Trainer(max_epochs=NUM_EPOCHS)",
        "third = pl.Trainer(max_epochs=N_EPOCHS)",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=60 @train.py:1 [module_constant] training",
      "batch_size=64 @train.py:1 [per_device,module_constant] training",
      "epochs=5 @train.py:2 [module_constant] training",
      "epochs=7 @train.py:7 [module_constant] training",
      "batch_size=32 @train.py:8 [per_device,module_constant] training",
      "epochs=60 @train.py:10 [call:Trainer] training",
      "epochs=5 @train.py:11 [call:Trainer] training",
      "epochs=7 @train.py:12 [call:Trainer] training",
    ]);
  });

  it("trusts less a call that trains a baseline, not a call on the paper's model", () => {
    const findings = analyze(
      [
        "baselineModel.fit(x, y, batch_size=2, epochs=5)",
        "train_baseline(data, epochs=7)",
        "rainbowModel.fit(x, y, epochs=100)",
        "rebaseline.fit(x, y, epochs=9)",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs", "batch_size"])).toEqual([
      "batch_size=2 @train.py:1 [per_device,call:fit,auxiliary] training",
      "epochs=5 @train.py:1 [call:fit,auxiliary] training",
      "epochs=7 @train.py:2 [call:train_baseline,auxiliary] training",
      "epochs=100 @train.py:3 [call:fit] training",
      "epochs=9 @train.py:4 [call:fit] training",
    ]);
  });

  it("does not take the RL libraries named baselines for a baseline: the paper's own agent trains through them", () => {
    const findings = analyze(
      [
        "model = stable_baselines3.PPO('MlpPolicy', env, n_steps=2048, batch_size=64)",
        "baselines.ppo2.ppo2.learn(total_timesteps=1000000, nsteps=128)",
      ].join("\n"),
    );
    expect(findings.facts.filter((f) => f.tags?.includes("auxiliary"))).toEqual([]);
  });

  it("resolves a module-level use of a reassigned constant to the binding above it", () => {
    // A notebook's experiments each set EPOCHS before their fit; a function called later reads the last binding.
    const findings = analyze(
      [
        "EPOCHS = 100",
        "model.fit(x, y, epochs=EPOCHS)",
        "def again():",
        "    model.fit(x, y, epochs=EPOCHS)",
        "TOTAL = EPOCHS + EPOCHS",
        "EPOCHS = 50",
        "model.fit(x, y, epochs=EPOCHS)",
        "model.fit(x, y, epochs=TOTAL)",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs"]).filter((f) => f.includes("call:fit"))).toEqual([
      "epochs=100 @train.py:2 [call:fit] training",
      "epochs=50 @train.py:4 [call:fit] training",
      "epochs=50 @train.py:7 [call:fit] training",
      "epochs=200 @train.py:8 [call:fit] training",
    ]);
  });

  it("resolves a class body's use of a reassigned constant to the binding above it, as the module runs it", () => {
    const findings = analyze(["EPOCHS = 100", "class Cfg:", "    epochs = EPOCHS", "EPOCHS = 1"].join("\n"));
    expect(
      findings.facts.filter(
        (f) => f.field === "epochs" && f.evidence.kind === "code" && f.evidence.line === 3,
      ),
    ).toMatchObject([{ value: 100 }]);
  });

  it("reads compute keyword arguments, resolving module constants, and multiplies devices by nodes", () => {
    const findings = analyze(
      [
        "MAX_EPOCHS = 30",
        "trainer = pl.Trainer(max_epochs=MAX_EPOCHS, devices=4, num_nodes=2, precision='bf16-mixed')",
        "args = TrainingArguments(output_dir='o', num_train_epochs=3, per_device_train_batch_size=16,",
        "                         gradient_accumulation_steps=4, max_steps=-1, fp16=True)",
        "history = model.fit(x, y, epochs=7, batch_size=64)",
        "loader = DataLoader(train_set, batch_size=256, num_workers=8)",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=30 @train.py:1 [module_constant] training",
      "epochs=30 @train.py:2 [call:Trainer] training",
      "accelerator_count=8 @train.py:2 [call:Trainer,multiplied] training",
      "nodes=2 @train.py:2 [call:Trainer] training",
      'precision="bf16" @train.py:2 [call:Trainer] training',
      "epochs=3 @train.py:3 [call:TrainingArguments] training",
      "batch_size=16 @train.py:3 [per_device,call:TrainingArguments] training",
      "gradient_accumulation=4 @train.py:4 [call:TrainingArguments] training",
      'precision="fp16" @train.py:4 [call:TrainingArguments] training',
      "epochs=7 @train.py:5 [call:fit] training",
      "batch_size=64 @train.py:5 [per_device,call:fit] training",
      // Beside a Keras-style fit given its batch, a DataLoader only loads data.
      "batch_size=256 @train.py:6 [per_device,call:DataLoader,auxiliary] training",
    ]);
  });

  it("abstains on evaluation loaders, evaluate() calls, validation hooks and preprocessing maps", () => {
    const findings = analyze(
      [
        "val_loader = DataLoader(val_set, batch_size=1000)",
        "loader = DataLoader(test_dataset, batch_size=500)",
        "model.evaluate(x, y, batch_size=2048)",
        "dataset = dataset.map(tokenize, batched=True, batch_size=3000)",
        "def val_dataloader(self):",
        "    return DataLoader(self.val, batch_size=77)",
        "def evaluate(model, batch_size=99):",
        "    pass",
      ].join("\n"),
    );
    expect(findings.facts).toEqual([]);
  });

  it("reads literals passed by position to a function or class the file defines", () => {
    const findings = analyze(
      [
        "def run_training(model, pairs, num_epochs, *rest, batch_size=32):",
        "    for epoch in range(num_epochs):",
        "        pass",
        "class Net:",
        "    def train(self, epochs, batch_size=16):",
        "        pass",
        "run_training(net, pairs, 100, 7)",
        "alex = Net()",
        "alex.train(40, batch_size=64)",
        "def evaluate(batch_size):",
        "    pass",
        "evaluate(500)",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs", "batch_size"])).toEqual([
      "batch_size=32 @train.py:1 [per_device,function_default,def:run_training.batch_size] training",
      "batch_size=16 @train.py:5 [per_device,function_default,def:train.batch_size] training",
      "batch_size=64 @train.py:9 [per_device,call:train] training",
      "epochs=100 @train.py:7 [call:run_training] training",
      "epochs=40 @train.py:9 [call:train] training",
    ]);
  });

  it("binds by position only calls that reach the file's own definition, and only run settings", () => {
    const facts = (lines: string[]) =>
      brief(analyze(lines.join("\n")).facts, ["epochs", "steps", "batch_size"]);
    // Another object's method of the same name, a library function, an object the file does not build.
    expect(
      facts([
        "import random",
        "def split(data, batch_size):",
        "    pass",
        "def sample(model, num_steps):",
        "    pass",
        "class Net:",
        "    def train(self, epochs):",
        "        pass",
        "key, value = line.split('=', 1)",
        "idx = random.sample(range(1000), 64)",
        "other.train(40)",
        "net = Net()",
        "net.train(30)",
        "self.train(20)",
      ]),
    ).toEqual([
      "epochs=30 @train.py:13 [call:train] training",
      "epochs=20 @train.py:14 [call:train] training",
    ]);
    // A warm-up's or an evaluation's length, a name defined twice, a splat that shifts the arguments, a setting that
    // is not a run's length or batch, and a keyword that ends the positions.
    expect(
      facts([
        "def warmup(model, num_steps):",
        "    pass",
        "warmup(net, 500)",
        "def fit(model, epochs):",
        "    pass",
        "def fit(model, epochs):",
        "    pass",
        "fit(net, 7)",
        "def run(model, epochs, batch_size):",
        "    pass",
        "run(*args, 5)",
        "run(net, epochs=9, batch_size=12)",
        "def setup(rank, world_size):",
        "    pass",
        "setup(0, 4)",
      ]),
    ).toEqual([
      "epochs=9 @train.py:12 [call:run] training",
      "batch_size=12 @train.py:12 [per_device,call:run] training",
    ]);
  });

  it("reads the dataset's batch, not a loader that passes ready batches through", () => {
    const findings = analyze(
      [
        "train_dataset = SelfPlayDataset(games, batch_size=20)",
        "loader = torch.utils.data.DataLoader(train_dataset, batch_size=1, collate_fn=lambda x: x[0])",
        "plain = DataLoader(other, batch_size=1)",
        "batched = DataLoader(other, batch_size=8, collate_fn=lambda x: x[0])",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "batch_size=20 @train.py:1 [per_device,call:SelfPlayDataset] training",
      "batch_size=1 @train.py:3 [per_device,call:DataLoader] training",
      "batch_size=8 @train.py:4 [per_device,call:DataLoader] training",
    ]);
  });

  it("reads device use: DataParallel ids, a CUDA device index, JAX device queries", () => {
    const findings = analyze(
      [
        "import jax",
        "model = torch.nn.DataParallel(model, device_ids=[0, 1, 2])",
        "device = torch.device('cuda:2')",
        "n = jax.device_count()",
        "step = jax.pmap(update)",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "accelerator_count=3 @train.py:2 [call:DataParallel] training",
      "accelerator_count=1 @train.py:3 [device_index] training",
    ]);
    expect(findings.facts[1]!.confidence).toBe(0.35);
    expect(findings.traits?.parallelism).toEqual(["DataParallel", "jax.devices", "jax.pmap"]);
  });

  it("names a pretrained checkpoint and gives its catalogued size", () => {
    const findings = analyze(
      "model = AutoModel.from_pretrained('bert-base-uncased')\nother = AutoModel.from_pretrained(path)",
    );
    expect(brief(findings.facts)).toEqual([
      'model_name="bert-base-uncased" @train.py:1 [from_pretrained] training',
      "params=110000000 @train.py:1 [from_pretrained,checkpoint_catalog] training",
    ]);
    expect(findings.facts[1]!.tags).toContain(
      "source:Devlin et al. 2019, BERT, sec. 3: BERT-BASE 110M (arXiv:1810.04805)",
    );
  });

  it("finds Hydra entry points, imports, config paths and training signals", () => {
    const findings = analyze(
      [
        "import torch.nn as nn, numpy",
        "from .models import resnet, vit",
        "@hydra.main(config_path='conf', config_name='train')",
        "def main(cfg):",
        "    cfg2 = OmegaConf.load('configs/extra.yaml')",
        "    loss.backward()",
        "    optimizer.step()",
        "if __name__ == '__main__':",
        "    main()",
      ].join("\n"),
    );
    expect(findings.traits).toEqual({
      hasMainGuard: true,
      trainingSignals: 2,
      hydra: { configPath: "conf", configName: "train" },
      parallelism: [],
    });
    expect(findings.imports).toEqual(["torch.nn", "numpy", ".models", ".models.resnet", ".models.vit"]);
    expect(findings.configReferences).toEqual([{ path: "configs/extra.yaml", line: 5 }]);
  });

  it("gives settings in test and evaluation files their own context", () => {
    expect(brief(analyze("EPOCHS = 3", "tests/test_model.py").facts)).toEqual([
      "epochs=3 @tests/test_model.py:1 [module_constant] other",
    ]);
    expect(brief(analyze("BATCH_SIZE = 1", "eval_model.py").facts)).toEqual([
      "batch_size=1 @eval_model.py:1 [per_device,module_constant] inference",
    ]);
  });

  it("warns, naming the file, when a parse runs out of time or the file is not Python 3", () => {
    const slow = analyzePython("big.py", "EPOCHS = 1\n".repeat(20000), parser, { parseTimeoutMs: 0 });
    expect(slow.facts).toEqual([]);
    expect(slow.warnings.map((w) => [w.code, w.file])).toEqual([["parse_timeout", "big.py"]]);
    const py2 = analyze("x = = 1\nEPOCHS = 5\n", "old.py");
    expect(py2.warnings.map((w) => [w.code, w.file])).toEqual([["python_syntax_error", "old.py"]]);
    expect(brief(py2.facts)).toEqual(["epochs=5 @old.py:2 [module_constant] training"]);
  });

  it("bounds a parse by the parser's work, not by the clock, so a loaded machine skips no file", async () => {
    const source = "EPOCHS = 1\n".repeat(20000);
    // A clock that jumps 100 ms at every reading: a contended machine where this parse takes seconds of wall time
    // (the old wall-clock bound skipped such files). The work budget still lets it through.
    let fakeTime = 0;
    const slowClock = () => (fakeTime += 100);
    const tree = parser.parse(source, 2000, { now: slowClock });
    expect(tree).not.toBeNull();
    tree?.delete();
    // The same file is stopped, whatever the clock says, when its work exceeds a small budget...
    expect(parser.parse(source, 1, { now: () => 0 })).toBeNull();
    // ...and the parser is usable again afterwards.
    const again = parser.parse("EPOCHS = 2\n", 2000);
    expect(again?.rootNode.hasError).toBe(false);
    again?.delete();
  });

  it("does not parse files without any candidate line", () => {
    const findings = analyze("import torch\n\ndef forward(x):\n    return x * 2\n");
    expect(findings.facts).toEqual([]);
    expect(findings.parameters).toEqual([]);
    expect(findings.imports).toEqual(["torch"]);
  });
});

describe("Python analyzer, framework idioms", () => {
  it("reads tf.data's positional batch size, but not on an evaluation pipeline", () => {
    const findings = analyze(
      [
        "BATCH_SIZE = 64",
        "train_ds = ds.shuffle(1000).batch(BATCH_SIZE)",
        "test_ds = test_data.batch(1000)",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "batch_size=64 @train.py:1 [per_device,module_constant] training",
      "batch_size=64 @train.py:2 [per_device,call:batch] training",
    ]);
  });

  it("reads mmcv-style dict() configs and ml_collections attribute configs", () => {
    const findings = analyze(
      [
        "data = dict(samples_per_gpu=2, workers_per_gpu=2)",
        "runner = dict(type='EpochBasedRunner', max_epochs=12)",
        "def get_config():",
        "    config = ml_collections.ConfigDict()",
        "    config.num_train_steps = 100_000",
        "    return config",
      ].join("\n"),
      "configs/retinanet.py",
    );
    expect(brief(findings.facts)).toEqual([
      "batch_size=2 @configs/retinanet.py:1 [per_device,call:dict] training",
      "epochs=12 @configs/retinanet.py:2 [call:dict] training",
      "steps=100000 @configs/retinanet.py:5 [attribute] training",
    ]);
  });

  it("keeps rollout lengths, helper estimators' iterations and tensor devices out of the run's settings", () => {
    const findings = analyze(
      [
        "from stable_baselines3 import PPO",
        "from sklearn.neural_network import MLPRegressor",
        "model = PPO('MlpPolicy', env, n_steps=2048, batch_size=64)",
        "model.learn(total_timesteps=1_000_000)",
        "probe = MLPRegressor(max_iter=100)",
        "x = torch.zeros(3, device=0)",
        "cem_opts = {'n_iter': 10, 'n_sample': 100}",
        "N_UPDATE = 5000",
        "warmup = GradualWarmupScheduler(optimizer, multiplier=1, total_epoch=10)",
        "mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel, iterations=2)",
        "grown = scipy.ndimage.binary_dilation(mask, iterations=3)",
        "thick = cv.dilate(mask, kernel, iterations=2)",
        "filled = binary_dilation(mask, iterations=4)",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["steps", "epochs", "accelerator_count"])).toEqual([
      "steps=1000000 @train.py:4 [env_steps,call:learn] training",
      "steps=100 @train.py:5 [call:MLPRegressor,auxiliary] training",
      "steps=10 @train.py:7 [auxiliary,dict_entry] training",
      "steps=5000 @train.py:8 [module_constant] training",
    ]);
    const aux = findings.facts.find((f) => f.raw === "100")!;
    expect(aux.confidence).toBeLessThan(0.5);
  });

  it("reads an environment's episode length as no training steps, in its constructor call or its own defaults", () => {
    const findings = analyze(
      [
        "class GridEnv(gym.Env):",
        "    def __init__(self, size=8, max_steps=600):",
        "        self.max_steps = max_steps",
        "def make_env(seed, max_steps=200):",
        "    return GridEnv(max_steps=max_steps)",
        "env = cq.Wave1Env(num_aliens=2, max_steps=100)",
        "env = gym.make('CartPole-v1', max_steps=500)",
        "venv = make_vec_env('Pendulum-v1', n_envs=4, max_steps=300)",
        "agent = DQNAgent(env, max_steps=40000)",
        "trainer = Trainer(max_steps=20000, batch_size=32)",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["steps"])).toEqual([
      "steps=40000 @train.py:9 [call:DQNAgent] training",
      "steps=20000 @train.py:10 [call:Trainer] training",
    ]);
  });

  it("reads no training setting in a generation, sampling or evaluation config class", () => {
    const findings = analyze(
      [
        "class GenerationConfig(BaseModel):",
        "    batch_size: int = 8",
        "    max_steps: int = 512",
        "@dataclass",
        "class EvalArgs:",
        "    batch_size: int = 128",
        "class InferenceParams:",
        "    def __init__(self, batch_size=4):",
        "        self.epochs = 1",
        "class TrainingConfig(BaseModel):",
        "    batch_size: int = 32",
        "class GeneratorConfig:",
        "    epochs: int = 50",
        "class LatestConfig:",
        "    batch_size: int = 16",
        "class PredictionConfig:",
        "    epochs: int = 80",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["batch_size", "epochs", "steps"])).toEqual([
      "batch_size=32 @train.py:11 [per_device,class_field,class:TrainingConfig] training",
      "epochs=50 @train.py:13 [class_field,class:GeneratorConfig] training",
      "batch_size=16 @train.py:15 [per_device,class_field,class:LatestConfig] training",
      "epochs=80 @train.py:17 [class_field,class:PredictionConfig] training",
    ]);
  });

  it("trusts less a DataLoader's batch in a file where a Keras-style fit(batch_size=…) trains", () => {
    const loader = [
      "loaders = {split: DataLoader(datasets[split], batch_size=15000, shuffle=False) for split in SPLITS}",
      "x, y = next(iter(loaders['train']))",
    ];
    const fitted = analyze(
      [...loader, "history = model.fit(x, y, epochs=args.epochs, batch_size=args.batch_size)"].join("\n"),
    );
    expect(brief(fitted.facts, ["batch_size"])).toEqual([
      "batch_size=15000 @train.py:1 [per_device,call:DataLoader,auxiliary] training",
    ]);
    // Without a fit given a batch (none, sklearn's `clf.fit(x, y)`, a debug run's fit), the loader's batch stands.
    for (const tail of [
      "clf.fit(x, y)",
      "if args.debug:\n    model.fit(x, y, batch_size=2)",
      "fit(model, batch_size=args.batch_size)",
    ]) {
      const plain = analyze([...loader, tail].join("\n"));
      const fact = plain.facts.find((f) => f.raw === "15000")!;
      expect([tail, fact.tags]).toEqual([tail, ["per_device", "call:DataLoader"]]);
      expect(fitted.facts.find((f) => f.raw === "15000")!.confidence).toBeLessThan(fact.confidence);
    }
  });

  it("keeps values of a debug, dry-run or smoke-test branch as candidates trusted half as much", () => {
    const findings = analyze(
      [
        "def main(args):",
        "    if args.debug:",
        "        epochs = 1",
        "        batch_size = 2",
        "    elif cfg.smoke_test:",
        "        epochs = 3",
        "    else:",
        "        epochs = 90",
        "    if not args.dry_run:",
        "        batch_size = 256",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=1 @train.py:3 [function_constant,debug] training",
      "batch_size=2 @train.py:4 [per_device,function_constant,debug] training",
      "epochs=3 @train.py:6 [function_constant,debug] training",
      "epochs=90 @train.py:8 [function_constant] training",
      "batch_size=256 @train.py:10 [per_device,function_constant] training",
    ]);
    const confidence = (raw: string) => findings.facts.find((f) => f.raw === raw)!.confidence;
    expect(confidence("1")).toBeCloseTo(confidence("90") / 2, 1);
    expect(confidence("2")).toBeCloseTo(confidence("256") / 2, 1);
  });

  it("reads `A if <debug switch> else B` as B for the real run and A as a debug candidate", () => {
    const findings = analyze(
      [
        "LOOP_LENGTH = 2 if QUICK else 20",
        "def run(dataset, quick):",
        "    total_epochs = 10 if quick else 200",
        "    batch_size = 32 if quick else 256",
        "    trainer = Trainer(max_epochs=args.epochs if not args.debug else 1)",
        "    loader = DataLoader(dataset, batch_size=64 if large else 16)",
        "    num_epochs = 1 if args.debug is not None else 100",
        "    n_epochs = 5 if not args.full or args.debug else 50",
        "    for epoch in range(LOOP_LENGTH):",
        "        loss.backward()",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=200 @train.py:3 [function_constant] training",
      "epochs=10 @train.py:3 [function_constant,debug] training",
      "batch_size=256 @train.py:4 [per_device,function_constant] training",
      "batch_size=32 @train.py:4 [per_device,function_constant,debug] training",
      "epochs=1 @train.py:5 [call:Trainer,debug] training",
      "epochs=20 @train.py:9 [loop_bound,module_constant] training",
    ]);
    const confidence = (raw: string) => findings.facts.find((f) => f.raw === raw)!.confidence;
    expect(confidence("32")).toBeCloseTo(confidence("256") / 2, 1);
  });

  it("reads a literal that overwrites a value the function read from its config as a left-over debug override", () => {
    const findings = analyze(
      [
        "def train(cfg, args):",
        "    num_epochs = cfg['epochs']",
        "    batch_size = args.batch_size",
        "    num_epochs = 1  # quick check",
        "    batch_size = 64",
        "    max_steps = 5000",
        "",
        "def fit(cfg):",
        "    if cfg.get('epochs'):",
        "        epochs = cfg['epochs']",
        "    else:",
        "        epochs = 30",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs", "batch_size", "steps"])).toEqual([
      "epochs=1 @train.py:4 [function_constant,debug] training",
      "batch_size=64 @train.py:5 [per_device,function_constant,debug] training",
      "steps=5000 @train.py:6 [function_constant] training",
      "epochs=30 @train.py:12 [function_constant] training",
    ]);
    const confidence = (raw: string) => findings.facts.find((f) => f.raw === raw)!.confidence;
    expect(confidence("1")).toBeCloseTo(confidence("30") / 2, 1);
  });

  it("halves, without halving twice, the values of a dict's debug section", () => {
    const findings = analyze(
      [
        "CONFIG = {",
        "    'train': {'epochs': 100},",
        "    'debug': {'epochs': 2},",
        "}",
        "if args.debug:",
        "    CONFIG = {'smoke_test': {'epochs': 1}}",
      ].join("\n"),
    );
    expect(brief(findings.facts, ["epochs"])).toEqual([
      "epochs=100 @train.py:2 [dict_entry] training",
      "epochs=2 @train.py:3 [debug,dict_entry] training",
      "epochs=1 @train.py:6 [debug,dict_entry] training",
    ]);
    const confidence = (raw: string) => findings.facts.find((f) => f.raw === raw)!.confidence;
    expect(confidence("2")).toBeCloseTo(confidence("100") / 2, 1);
    expect(confidence("1")).toBeCloseTo(confidence("100") / 2, 1);
  });

  it("implies one device when a file moves work to CUDA and shows no multi-device sign", () => {
    const single = (source: string) =>
      brief(analyze(source).facts, ["accelerator_count"]).map((line) => line.replace(/ training$/, ""));
    expect(single('DEVICE = "cuda" if torch.cuda.is_available() else "cpu"\nmodel.to(DEVICE)')).toEqual([
      "accelerator_count=1 @train.py:1 [implicit_single]",
    ]);
    expect(single("import torch\n\nmodel = Net().cuda()  # one GPU")).toEqual([
      "accelerator_count=1 @train.py:3 [implicit_single]",
    ]);
    expect(single('dev = torch.device(f"cuda:{args.gpu}")')).toEqual([
      "accelerator_count=1 @train.py:1 [implicit_single]",
    ]);
    expect(single("with tf.device('/GPU:0'):\n    model.fit(x, y)")).toEqual([
      "accelerator_count=1 @train.py:1 [implicit_single]",
    ]);
    const fact = analyze("x = x.cuda()").facts[0]!;
    expect(fact.confidence).toBeLessThan(0.7);
    // Any multi-device sign, an explicit count or a count option: no implied single device.
    for (const source of [
      "model = nn.DataParallel(Net().cuda())",
      "model = Net().cuda()\nmodel = DDP(model, device_ids=[rank])",
      "strategy = tf.distribute.MirroredStrategy()\nwith tf.device('/GPU:0'): pass",
      "n_gpu = torch.cuda.device_count()\nmodel.to('cuda')",
      "trainer = pl.Trainer(accelerator='gpu', devices=4)\nx = x.cuda()",
      "p.add_argument('--gpus', type=int, default=1)\nx = x.cuda()",
      "from accelerate import Accelerator\nx = x.cuda()",
      "# model = nn.DataParallel(model)\nprint('no device')",
    ]) {
      expect([source, single(source).filter((l) => l.includes("implicit_single"))]).toEqual([source, []]);
    }
    // A literal "cuda" beside other strings, apostrophes or a membership test of something else is a use.
    for (const source of [
      "parser.add_argument('--device', default='cuda', help=\"the model's device\")",
      "batch = {k: v.cuda() for k, v in batch.items() if k in ('input_ids', 'labels')}",
      "model.to('cuda' if mode in ('train', 'finetune') else 'cpu')",
      // The option offers both and defaults to the GPU: a use.
      "parser.add_argument('--device', choices=['cpu', 'cuda'], default='cuda')",
    ]) {
      expect([source, single(source)]).toEqual([
        source,
        ["accelerator_count=1 @train.py:1 [implicit_single]"],
      ]);
    }
    // 'cuda' inside a message, or a device checked rather than used, moves nothing to a GPU.
    for (const source of [
      'warnings.filterwarnings("ignore", message=".*device_type of \'cuda\' is deprecated.*")',
      "if device not in {'cpu', 'cuda'}:\n    raise ValueError(device)",
      "if args.device == 'cuda':\n    print('on GPU')",
      "raise RuntimeError(\"Device 'cuda' isn't available\")",
      'parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")',
      '    choices=["cpu", "cuda"],',
    ]) {
      expect([source, single(source)]).toEqual([source, []]);
    }
  });

  it("reads CUDA_VISIBLE_DEVICES set in Python and Ray's per-trial GPUs", () => {
    const findings = analyze(
      [
        "GPU_ID = 5",
        'os.environ["CUDA_VISIBLE_DEVICES"] = str(GPU_ID)',
        'os.environ["CUDA_VISIBLE_DEVICES"] = "0,1,2"',
        'tune.run(train, resources_per_trial={"cpu": 16, "gpu": 2})',
        'cfg = {"gpu": 3}',
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "accelerator_count=1 @train.py:2 [cuda_visible_devices] training",
      "accelerator_count=3 @train.py:3 [cuda_visible_devices] training",
      "accelerator_count=2 @train.py:4 [dict_entry] training",
    ]);
  });
});
