import { analyzeArgumentFile, analyzeIni } from "../../../src/readers/code/config/ini.js";
import { analyzeToml } from "../../../src/readers/code/config/toml.js";
import { analyzeYamlOrJson } from "../../../src/readers/code/config/yaml.js";
import { analyzeFile, loadPythonParser } from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import { brief } from "./helpers.js";

describe("config files", () => {
  it("keeps a debug or smoke-test section's values as candidates tagged debug, trusted half as much", () => {
    const findings = analyzeYamlOrJson(
      "configs/train.yaml",
      [
        "trainer:",
        "  max_epochs: 100",
        "debug:",
        "  max_epochs: 1",
        "dry_run:",
        "  trainer:",
        "    max_epochs: 2",
      ].join("\n"),
      "yaml",
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=100 @configs/train.yaml:2 [yaml,key:trainer.max_epochs] training",
      "epochs=1 @configs/train.yaml:4 [debug,yaml,key:debug.max_epochs] training",
      "epochs=2 @configs/train.yaml:7 [debug,yaml,key:dry_run.trainer.max_epochs] training",
    ]);
    const [real, debug] = findings.facts;
    expect(debug!.confidence).toBeCloseTo(real!.confidence / 2, 1);
  });

  it("reads YAML leaves by their last key, skips evaluation subtrees and keeps interpolations unresolved", () => {
    const findings = analyzeYamlOrJson(
      "conf/config.yaml",
      [
        "defaults:",
        "  - model: resnet",
        "  - override trainer: gpu",
        "  - _self_",
        "trainer:",
        "  max_epochs: 2E2",
        "  devices: 4",
        "  num_nodes: 2",
        "data:",
        "  batch_size: ${oc.env:BS}",
        "val:",
        "  batch_size: 1000",
        "test_dataloader:",
        "  batch_size: 1",
        "max_steps: 1e5",
      ].join("\n"),
      "yaml",
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=200 @conf/config.yaml:6 [yaml,key:trainer.max_epochs] training",
      "accelerator_count=8 @conf/config.yaml:7 [yaml,key:trainer.devices,multiplied] training",
      "nodes=2 @conf/config.yaml:8 [yaml,key:trainer.num_nodes] training",
      "steps=100000 @conf/config.yaml:15 [yaml,key:max_steps] training",
    ]);
    expect(findings.hydraDefaults).toEqual([
      { group: "model", option: "resnet", line: 2 },
      { group: "trainer", option: "gpu", line: 3 },
      { group: null, option: "_self_", line: 4 },
    ]);
  });

  it("reads a DeepSpeed config: global batch, per-GPU micro batch, accumulation, fp16 switch, 'auto' abstains", () => {
    const findings = analyzeYamlOrJson(
      "ds.json",
      JSON.stringify(
        {
          train_batch_size: 256,
          train_micro_batch_size_per_gpu: 8,
          gradient_accumulation_steps: "auto",
          fp16: { enabled: true },
          bf16: { enabled: false },
          zero_optimization: { stage: 3 },
        },
        null,
        2,
      ),
      "json",
    );
    expect(brief(findings.facts)).toEqual([
      "batch_size=256 @ds.json:2 [global,json,key:train_batch_size,deepspeed] training",
      "batch_size=8 @ds.json:3 [per_device,json,key:train_micro_batch_size_per_gpu,deepspeed] training",
      'precision="fp16" @ds.json:6 [json,key:fp16.enabled,deepspeed] training',
    ]);
  });

  it("reads an Accelerate config without multiplying its already-total process count", () => {
    const findings = analyzeYamlOrJson(
      "accelerate.yaml",
      "distributed_type: MULTI_GPU\nnum_machines: 2\nnum_processes: 16\nmixed_precision: bf16\ngpu_ids: all\n",
      "yaml",
    );
    expect(brief(findings.facts)).toEqual([
      "nodes=2 @accelerate.yaml:2 [yaml,key:num_machines] training",
      "accelerator_count=16 @accelerate.yaml:3 [yaml,key:num_processes] training",
      'precision="bf16" @accelerate.yaml:4 [yaml,key:mixed_precision] training',
    ]);
  });

  it("reads a Hugging Face config.json's checkpoint name and its catalogued size", () => {
    const findings = analyzeYamlOrJson(
      "model/config.json",
      '{\n  "_name_or_path": "roberta-base",\n  "hidden_size": 768\n}',
      "json",
    );
    expect(brief(findings.facts)).toEqual([
      'model_name="roberta-base" @model/config.json:2 [json,key:_name_or_path] training',
      "params=125000000 @model/config.json:2 [json,key:_name_or_path,checkpoint_catalog] training",
    ]);
  });

  it("warns, naming the file, on malformed YAML and JSON", () => {
    const yaml = analyzeYamlOrJson("bad.yaml", "epochs: [1, 2\nbatch_size: 3", "yaml");
    expect(yaml.facts).toEqual([]);
    expect(yaml.warnings.map((w) => [w.code, w.file])).toEqual([["config_unreadable", "bad.yaml"]]);
    const json = analyzeYamlOrJson("bad.json", '{"epochs": 3,,}', "json");
    expect(json.warnings.map((w) => [w.code, w.file])).toEqual([["config_unreadable", "bad.json"]]);
  });

  it("does not expand YAML aliases, so an alias bomb costs nothing", () => {
    const bomb = [
      "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]",
      "epochs: 4",
    ];
    const findings = analyzeYamlOrJson("bomb.yaml", bomb.join("\n"), "yaml");
    expect(brief(findings.facts)).toEqual(["epochs=4 @bomb.yaml:4 [yaml,key:epochs] training"]);
  });

  it("reads TOML tables with their lines, and pyproject dependencies and console scripts", () => {
    const findings = analyzeToml(
      "pyproject.toml",
      [
        "[project]",
        'name = "toy"',
        'dependencies = ["torch>=2.1", "lightning"]',
        "[project.scripts]",
        'toy-train = "toy.cli:main"',
        "[tool.toy.train]",
        "epochs = 12",
        "batch_size = 48 # per device",
      ].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "epochs=12 @pyproject.toml:7 [toml,key:tool.toy.train.epochs] training",
      "batch_size=48 @pyproject.toml:8 [per_device,toml,key:tool.toy.train.batch_size] training",
    ]);
    expect(findings.packages).toEqual(["torch", "lightning"]);
    expect(findings.consoleScripts).toEqual([{ name: "toy-train", module: "toy.cli" }]);
  });

  it("reads INI sections and argument files", () => {
    expect(
      brief(analyzeIni("experiment.cfg", "[train]\n; comment\nepochs = 25\nnum_workers = 4\n").facts),
    ).toEqual(["epochs=25 @experiment.cfg:3 [ini,key:train.epochs] training"]);
    expect(
      brief(
        analyzeArgumentFile("train_args.txt", "--epochs 8\n--batch_size=24 --lr 0.1\n# --epochs 99\n").facts,
      ),
    ).toEqual([
      "epochs=8 @train_args.txt:1 [argfile,key:--epochs] training",
      "batch_size=24 @train_args.txt:2 [per_device,argfile,key:--batch_size] training",
    ]);
  });
});

describe(".conf files", () => {
  const read = async (path: string, content: string) => {
    const kind = classifyFile(path)!;
    const tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
    return brief(analyzeFile({ path, content, kind }, tools).facts);
  };

  it("reads a .conf written as YAML as YAML and one written as INI as INI, and no other", async () => {
    expect(
      await read("configs/tree.conf", "model:\n  hidden: 64\nnum_epochs: 500\nbatch_size: 16\n"),
    ).toEqual([
      "epochs=500 @configs/tree.conf:3 [yaml,key:num_epochs] training",
      "batch_size=16 @configs/tree.conf:4 [per_device,yaml,key:batch_size] training",
    ]);
    // Document markers, anchors and merge keys, quoted keys, flow maps: still YAML.
    expect(
      await read(
        "configs/anchors.conf",
        '---\nbase: &base\n  lr: 0.1\n"train":\n  <<: *base\n  epochs: 30\nopt: {name: sgd}\n',
      ),
    ).toEqual(["epochs=30 @configs/anchors.conf:6 [yaml,key:train.epochs] training"]);
    expect(await read("configs/run.conf", "[train]\nroot = ${paths:root}\nepochs = 25\n")).toEqual([
      "epochs=25 @configs/run.conf:3 [ini,key:train.epochs] training",
    ]);
    // Blocks in braces (HOCON, a server's configuration) are neither; nor are bare `key = value` lines.
    for (const content of [
      "best {\n  num_epochs = 3\n}\nlarge = ${best} {\n  num_epochs = 9\n}\n",
      "best\n{\n  num_epochs: 3\n}\n",
      "num_epochs = 3\nbatch_size = 8\n",
    ])
      expect([content, await read("configs/experiments.conf", content)]).toEqual([content, []]);
  });
});
