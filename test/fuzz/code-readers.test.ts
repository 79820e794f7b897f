import fc from "fast-check";
import { analyzeFile, loadPythonParser, type AnalyzerTools } from "../../src/readers/code/index.js";
import type { FileKind } from "../../src/readers/code/types.js";
import { documents, fuzzParameters, fuzzTimeout } from "./settings.js";

const GARBAGE = [
  "\n",
  "  ",
  "=",
  ":",
  "-",
  "--",
  "#",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "\\",
  "`",
  "(",
  ")",
];

/** Line templates per file kind: `{n}` a number, `{w}` a word. */
const TEMPLATES: Record<string, { path: string; lines: string[] }> = {
  python: {
    path: "train.py",
    lines: [
      "import argparse",
      "parser = argparse.ArgumentParser(fromfile_prefix_chars='@')",
      "parser.add_argument('--epochs', type=int, default={n})",
      "parser.add_argument('--batch_size', '-b', default={n}, help='{w}')",
      "args = parser.parse_args(['@configs/{w}.txt'])",
      "EPOCHS = {n}",
      "BATCH_SIZE = EPOCHS * {n}",
      "class Config:",
      "    epochs: int = {n}",
      "@dataclass",
      "def main(cfg):",
      "    trainer = Trainer(max_epochs={n}, devices={n}, accumulate_grad_batches={n})",
      "    model.fit(x, y, epochs={n}, batch_size={n})",
      "    args = TrainingArguments(num_train_epochs={n}, per_device_train_batch_size={n})",
      "    loader = DataLoader(ds, batch_size=cfg.{w})",
      "    model = AutoModel.from_pretrained('{w}')",
      "for epoch in range({n}):",
      "if __name__ == '__main__':",
      "    main(Config())",
      "x = {'epochs': {n}, 'lr': {n}}",
      "f'{{w}}'",
    ],
  },
  yaml: {
    path: "configs/train.yaml",
    lines: [
      "epochs: {n}",
      "batch_size: {n}",
      "trainer:",
      "  max_epochs: {n}",
      "  devices: {n}",
      "defaults:",
      "  - {w}",
      "base: &a {n}",
      "steps: *a",
      "<<: *a",
      "optimizer: {lr: {n}, steps: {n}}",
      "- {n}",
      "---",
      "num_train_epochs: ${oc.env:{w}}",
      "model: !!python/object:{w} {}",
    ],
  },
  json: {
    path: "ds_config.json",
    lines: [
      '{"train_batch_size": {n},',
      '"train_micro_batch_size_per_gpu": {n},',
      '"gradient_accumulation_steps": {n}',
      '"epochs": {n}}',
      "[",
      "]",
      '"{w}": null,',
      "{",
    ],
  },
  toml: {
    path: "pyproject.toml",
    lines: [
      "[training]",
      "epochs = {n}",
      "batch_size = {n}",
      "[tool.poetry.dependencies]",
      'torch = "{w}"',
      "[[runs]]",
      "a.b = {n}",
      'x = """{w}',
    ],
  },
  ini: {
    path: "setup.cfg",
    lines: ["[train]", "epochs = {n}", "batch_size: {n}", "--epochs {n}", "%(x)s", "; {w}"],
  },
  argfile: {
    path: "configs/args.txt",
    lines: ["--epochs", "{n}", "--batch-size={n}", "@{w}.txt", "-b {n}", "--{w} {n} \\"],
  },
  shell: {
    path: "scripts/train.slurm",
    lines: [
      "#!/bin/bash",
      "#SBATCH --gres=gpu:{n}",
      "#SBATCH --nodes={n}",
      "#SBATCH --time={n}:00:00",
      "EPOCHS={n}",
      "torchrun --nproc_per_node={n} train.py --epochs $EPOCHS --batch_size {n}",
      "python -m {w}.train --epochs {n} \\",
      "  --batch_size={n}",
      "CUDA_VISIBLE_DEVICES=0,1,2,3 python train.py @configs/{w}.txt",
      "deepspeed --num_gpus {n} train.py",
      "for i in $(seq 1 {n}); do",
      "done",
      "accelerate launch --num_processes {n} train.py",
    ],
  },
  makefile: {
    path: "Makefile",
    lines: [
      "train:",
      "\tpython train.py --epochs {n}",
      "EPOCHS ?= {n}",
      "\tpython train.py --epochs $(EPOCHS) \\",
      "{w}:",
    ],
  },
  markdown: {
    path: "README.md",
    lines: [
      "# Training",
      "```bash",
      "```",
      "python train.py --epochs {n} --batch_size {n}",
      "We trained on {n} GPUs.",
      "`python train.py --{w} {n}`",
    ],
  },
  notebook: {
    path: "train.ipynb",
    lines: [
      '{"cells": [{"cell_type": "code", "source": ["epochs = {n}\\n", "model.fit(x, epochs={n})"]}',
      ',{"cell_type": "markdown", "source": ["{w}"]}',
      "]}",
      '{"nbformat": 4}',
    ],
  },
  codecarbon_csv: {
    path: "emissions.csv",
    lines: [
      "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code,gpu_count,gpu_model",
      "2024-01-01T00:00:00,p,r,{n},{n},{n},FRA,{n},{w}",
      ",,,,,,,,",
    ],
  },
  log: {
    path: "carbontracker.log",
    lines: [
      "CarbonTracker: Actual consumption for {n} epoch(s):",
      "\tTime:\t{n}:00:00",
      "\tEnergy:\t{n} kWh",
      "\tCO2eq:\t{n} g",
      "{w}",
    ],
  },
};

describe("fuzzing the code reader's analyzers", () => {
  let tools: AnalyzerTools;
  beforeAll(async () => {
    tools = { python: await loadPythonParser(), parseTimeoutMs: 2000 };
  });

  it.each(Object.keys(TEMPLATES))(
    "%s: any content is analysed without an exception, and every fact points at a line of the file",
    (kind) => {
      const { path, lines } = TEMPLATES[kind] as { path: string; lines: string[] };
      let facts = 0;
      fc.assert(
        fc.property(documents(lines, GARBAGE), (content) => {
          const findings = analyzeFile({ path, kind: kind as FileKind, content }, tools);
          expect(findings.warnings.filter((w) => w.code === "analysis_failed")).toEqual([]);
          const lineCount = content.split("\n").length;
          facts += findings.invocations.length + findings.parameters.length;
          for (const fact of findings.facts) {
            facts += 1;
            if (fact.evidence.kind !== "code" || fact.evidence.file !== path) continue;
            expect(fact.evidence.line).toBeGreaterThanOrEqual(1);
            expect(fact.evidence.line).toBeLessThanOrEqual(lineCount);
          }
        }),
        fuzzParameters(150),
      );
      // The generator reaches the readers' logic (facts, parameters, launch lines), not only their parse errors.
      if (kind !== "toml") expect(facts).toBeGreaterThan(0);
    },
    fuzzTimeout(60_000),
  );
});
