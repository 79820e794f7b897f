import { readRepository } from "../../../src/readers/code/index.js";
import type { CodeReport } from "../../../src/readers/code/types.js";
import { brief } from "./helpers.js";

const fixture = (name: string) => new URL(`../../../fixtures/repos/${name}`, import.meta.url).pathname;

/** The summary without its null fields, for exact comparison. */
function filled(report: CodeReport): Record<string, unknown> {
  return Object.fromEntries(Object.entries(report.summary).filter(([, value]) => value !== null));
}

describe("reading fixture repositories", () => {
  it("argparse + shell: the launch value overrides the default, both reported, effective first", async () => {
    const report = await readRepository(fixture("argparse-override"));
    expect(filled(report)).toEqual({ accelerator_count: 2, epochs: 30, batch_size: 64 });
    expect(brief(report.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=30 @run.sh:5 [override,launch,launcher:python] training",
      "epochs=90 @train.py:10 [default,argparse,overridden] training",
      "epochs=1 @tests/test_train.py:3 [module_constant] other",
      "batch_size=64 @run.sh:5 [per_device,override,launch,launcher:python] training",
      "batch_size=128 @run.sh:5 [effective,derived] training",
      "batch_size=32 @train.py:11 [per_device,default,argparse,overridden,choices:16|32|64] training",
      "batch_size=1024 @evaluate.py:7 [per_device,call:DataLoader] inference",
      "batch_size=1024 @evaluate.py:3 [per_device,module_constant] inference",
    ]);
    expect(report.facts.find((f) => f.field === "epochs")).toMatchObject({
      entry_point: "train.py",
      raw: "--epochs 30",
      evidence: {
        kind: "code",
        file: "run.sh",
        line: 5,
        snippet: "python train.py --epochs $EPOCHS --batch-size 64 > logs/train.log 2>&1",
      },
    });
    expect(report.entry_points.map((e) => [e.file, e.invoked_by, e.main])).toEqual([
      ["train.py", ["run.sh"], true],
      ["tests/test_train.py", [], false],
    ]);
    expect(report.frameworks).toEqual(["PyTorch"]);
  });

  it("Lightning: Trainer arguments, devices multiplied by nodes, the validation loader left out", async () => {
    const report = await readRepository(fixture("lightning"));
    expect(filled(report)).toEqual({ accelerator_count: 8, epochs: 300, batch_size: 128 });
    expect(
      brief(report.facts, ["accelerator_count", "batch_size", "nodes", "precision", "gradient_accumulation"]),
    ).toEqual([
      "accelerator_count=8 @train.py:14 [call:Trainer,multiplied] training",
      "batch_size=128 @train.py:10 [per_device,call:ToyDataModule] training",
      "batch_size=2048 @train.py:10 [effective,derived] training",
      // The module's default does not run: the main script builds it with batch_size=128.
      "batch_size=32 @datamodule.py:6 [per_device,function_default,def:ToyDataModule.batch_size,overridden,built_with] training",
      "nodes=2 @train.py:15 [call:Trainer] training",
      'precision="fp16" @train.py:16 [call:Trainer] training',
      "gradient_accumulation=2 @train.py:18 [call:Trainer] training",
    ]);
    expect(report.frameworks).toEqual(["PyTorch Lightning", "PyTorch"]);
  });

  it("HF Trainer + DeepSpeed JSON: launcher devices, command-line training arguments (fields of the parsed dataclasses, not guesses), the bound config, the checkpoint", async () => {
    const report = await readRepository(fixture("hf-deepspeed"));
    expect(filled(report)).toEqual({ accelerator_count: 8, epochs: 3, batch_size: 16, params: 110000000 });
    expect(brief(report.facts, ["batch_size", "gradient_accumulation"])).toEqual([
      "batch_size=16 @launch.sh:2 [per_device,override,launch,launcher:deepspeed] training",
      "batch_size=512 @launch.sh:2 [effective,derived] training",
      "batch_size=512 @ds_config.json:2 [global,json,key:train_batch_size,deepspeed] training",
      "batch_size=16 @ds_config.json:3 [per_device,json,key:train_micro_batch_size_per_gpu,deepspeed] training",
      "gradient_accumulation=4 @launch.sh:2 [override,launch,launcher:deepspeed] training",
      "gradient_accumulation=4 @ds_config.json:4 [json,key:gradient_accumulation_steps,deepspeed] training",
    ]);
    expect(
      report.facts
        .filter((f) => f.evidence.kind === "code" && f.evidence.file === "ds_config.json")
        .every((f) => f.entry_point === "finetune.py"),
    ).toBe(true);
    expect(report.frameworks).toEqual(["Transformers"]);
  });

  it("Hydra: the composed config tree is read, the unselected option is not used, the CLI override wins", async () => {
    const report = await readRepository(fixture("hydra-tree"));
    expect(filled(report)).toEqual({ accelerator_count: 2, epochs: 50, batch_size: 256 });
    expect(brief(report.facts, ["epochs", "accelerator_count"])).toEqual([
      "accelerator_count=2 @conf/trainer/gpu.yaml:2 [yaml,key:devices] training",
      "accelerator_count=1 @conf/trainer/cpu.yaml:2 [yaml,key:devices] training",
      "epochs=50 @README.md:6 [override,hydra_override,launcher:python] training",
      "epochs=100 @conf/trainer/gpu.yaml:1 [yaml,key:max_epochs] training",
      "epochs=1 @conf/trainer/cpu.yaml:1 [yaml,key:max_epochs] training",
    ]);
    const cpu = report.facts.filter(
      (f) => f.evidence.kind === "code" && f.evidence.file === "conf/trainer/cpu.yaml",
    );
    expect(cpu.map((f) => f.entry_point)).toEqual([undefined, undefined]);
  });

  it("an argument file on the README's launch line: its settings override the script's defaults; DataParallel's batch is global", async () => {
    const report = await readRepository(
      new URL("../../../fixtures/app/argfile-mismatch", import.meta.url).pathname,
    );
    expect(filled(report)).toMatchObject({ accelerator_count: 4, epochs: 300, batch_size: 96 });
    expect(brief(report.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=300 @README.md:6 [override,launch,launcher:python] training",
      "epochs=10 @train.py:9 [default,argparse,overridden] training",
      "batch_size=96 @configs/vit_small.args:1 [per_device,argfile,key:--batch-size] training",
      "batch_size=32 @train.py:10 [per_device,default,argparse,overridden] training",
    ]);
  });

  it("a loop bounded by an options module's flags (pix2pix/CycleGAN): the launch's sum of epochs, the defaults stale", async () => {
    const report = await readRepository(fixture("gan-options"));
    expect(filled(report)).toMatchObject({ epochs: 150, batch_size: 1 });
    expect(brief(report.facts, ["epochs"])).toEqual([
      "epochs=150 @README.md:4 [loop_bound,override,launch,launcher:python] training",
      "epochs=100 @options/train_options.py:8 [default,argparse,overridden] training",
      "epochs=200 @train.py:11 [loop_bound,default,argparse,overridden] training",
    ]);
  });

  it("SLURM array job: devices per node × nodes, hardware from the gres type, the time limit not summarised", async () => {
    const report = await readRepository(fixture("slurm-array"));
    expect(filled(report)).toEqual({
      hardware: "nvidia-v100",
      accelerator_count: 8,
      epochs: 40,
      batch_size: 64,
    });
    expect(brief(report.facts, ["training_time_hours", "runs", "nodes"])).toEqual([
      "training_time_hours=48 @sweep.sbatch:6 [scheduler,slurm,time_limit,directive] training",
      "runs=10 @sweep.sbatch:7 [scheduler,slurm,array_job,directive] training",
      "nodes=2 @sweep.sbatch:4 [scheduler,slurm,directive] training",
    ]);
    // The loop over `args.epochs` runs optimizer.step() directly, so it also reads as steps from the flag's default;
    // the job passes --epochs 40, so that reading of the default is stale and never summarised.
    expect(brief(report.facts, ["steps"])).toEqual([
      "steps=10 @train.py:15 [loop_bound,default,argparse,key:epochs,overridden] training",
    ]);
  });

  it("CodeCarbon CSV: measured totals, the subset file left out", async () => {
    const report = await readRepository(fixture("codecarbon"));
    expect(filled(report)).toEqual({
      hardware: "nvidia-a100-40gb",
      accelerator_count: 2,
      epochs: 5,
      country: "FRA",
      energy_kwh: 4.55,
      co2e_kg: 1.75,
    });
    const subset = report.facts.filter((f) => f.tags?.includes("subset"));
    expect(new Set(subset.map((f) => f.evidence.kind === "code" && f.evidence.file))).toEqual(
      new Set(["emissions_first_runs.csv"]),
    );
  });

  it("notebook: code cells read with lines of the .ipynb file, evaluate() and shell escapes kept apart", async () => {
    const report = await readRepository(fixture("notebook"));
    expect(filled(report)).toEqual({ epochs: 12, batch_size: 32 });
    expect(brief(report.facts, ["epochs", "batch_size"])).toEqual([
      "epochs=12 @experiment.ipynb:39 [call:fit] training",
      "epochs=12 @experiment.ipynb:20 [module_constant] training",
      "batch_size=32 @experiment.ipynb:39 [per_device,call:fit] training",
      "batch_size=8 @experiment.ipynb:50 [per_device,override,launch,launcher:python,unmatched_argument] other",
    ]);
    expect(report.facts[0]!.evidence).toEqual({
      kind: "code",
      file: "experiment.ipynb",
      line: 39,
      snippet: "model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32)",
    });
    expect(report.frameworks).toEqual(["TensorFlow", "Keras"]);
  });
});
