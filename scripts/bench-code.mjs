#!/usr/bin/env node
/**
 * Benchmark: time to read a synthetic repository of 500 Python files (plus launch scripts, configs and a README)
 * with the code reader, on one core, the Python parser loaded once per process.
 *
 * The repository is generated into a temporary folder from a fixed seed: 12 training scripts (argparse, loops,
 * DataLoader/Trainer calls), 160 model modules, 160 data/utility modules, 78 small modules and 90 package
 * `__init__.py` files, with sizes chosen so that the mean file is about 4.4 KB, close to the median of the
 * evaluation repositories' Python files. Nothing here is copied from a real repository.
 *
 * Each run reads with the trained code ranker (as `analyze` does); the same runs with the rules alone show what
 * the ranker adds. CPU time is reported beside wall time: it does not depend on what else the machine runs.
 *
 * Usage: node scripts/bench-code.mjs [--runs N] [--files N] [--json] [--keep DIR]
 * (`--keep DIR` writes the repository to DIR and leaves it there, for profiling.)
 * Prints one line per figure; `--json` prints one JSON object instead. Requires `npm run build` first.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : fallback;
};
const RUNS = option("--runs", 7);
const FILES = option("--files", 500);
const JSON_OUTPUT = args.includes("--json");
const KEEP = args.includes("--keep") ? args[args.indexOf("--keep") + 1] : null;

const { readRepository, loadPythonParser } = await import("../dist/readers/code/index.js").catch(() => {
  console.error("bench-code: dist/ not built; run `npm run build` first");
  process.exit(2);
});

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same repository. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(20261127);
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const WORDS = [
  "encoder",
  "decoder",
  "block",
  "layer",
  "head",
  "proj",
  "norm",
  "embed",
  "pool",
  "attn",
  "mixer",
  "gate",
];
const name = () => `${pick(WORDS)}_${pick(WORDS)}_${int(1, 99)}`;

function modelModule(index) {
  const parts = [
    `"""Model components, part ${index}."""`,
    "import math",
    "import torch",
    "import torch.nn as nn",
    "",
  ];
  parts.push(`HIDDEN_SIZE = ${pick([128, 256, 512, 768])}`, `DROPOUT = 0.${int(0, 5)}`, "");
  if (rand() < 0.3) parts.push('DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")', "");
  const classes = int(4, 8);
  for (let c = 0; c < classes; c += 1) {
    const cls = `${pick(WORDS)[0].toUpperCase()}${pick(WORDS)}${c}`;
    parts.push(`class ${cls}(nn.Module):`);
    parts.push(`    """A ${pick(WORDS)} ${pick(WORDS)} with residual connections."""`);
    parts.push(`    def __init__(self, dim=HIDDEN_SIZE, heads=${int(2, 16)}, dropout=DROPOUT):`);
    parts.push("        super().__init__()");
    for (let l = 0; l < int(4, 9); l += 1) {
      parts.push(
        `        self.${name()} = nn.Linear(dim, dim * ${int(1, 4)}, bias=${pick(["True", "False"])})`,
      );
    }
    parts.push("        self.norm = nn.LayerNorm(dim)", "        self.drop = nn.Dropout(dropout)", "");
    parts.push("    def forward(self, x, mask=None):");
    for (let l = 0; l < int(8, 18); l += 1) {
      parts.push(
        `        x = x + self.drop(torch.relu(x @ x.transpose(-1, -2) / math.sqrt(x.shape[-1]))) * ${rand().toFixed(3)}`,
      );
    }
    parts.push(
      "        if mask is not None:",
      "            x = x.masked_fill(mask == 0, 0.0)",
      "        return self.norm(x)",
      "",
    );
  }
  return parts.join("\n");
}

function dataModule(index) {
  const parts = [
    `"""Data loading helpers, part ${index}."""`,
    "import os",
    "import numpy as np",
    "from torch.utils.data import Dataset, DataLoader",
    "",
  ];
  parts.push(`class Dataset${index}(Dataset):`);
  parts.push("    def __init__(self, root, split='train', transform=None):");
  parts.push(
    "        self.files = sorted(os.listdir(os.path.join(root, split)))",
    "        self.transform = transform",
    "",
  );
  parts.push("    def __len__(self):", "        return len(self.files)", "");
  parts.push(
    "    def __getitem__(self, i):",
    "        item = np.load(self.files[i])",
    "        return self.transform(item) if self.transform else item",
    "",
  );
  parts.push(`def make_loader(root, batch_size=${pick([16, 32, 64])}, workers=4):`);
  parts.push(
    `    return DataLoader(Dataset${index}(root), batch_size=batch_size, shuffle=True, num_workers=workers)`,
    "",
  );
  for (let f = 0; f < int(3, 8); f += 1) {
    parts.push(`def ${name()}(values, scale=${rand().toFixed(2)}):`);
    parts.push(
      "    out = []",
      "    for v in values:",
      `        out.append((v - np.mean(values)) / (np.std(values) + 1e-${int(5, 8)}) * scale)`,
      "    return out",
      "",
    );
  }
  return parts.join("\n");
}

function smallModule(index) {
  const parts = [`"""Small helpers ${index}."""`, ""];
  for (let f = 0; f < int(2, 5); f += 1) {
    parts.push(`def ${name()}(a, b=${int(0, 9)}):`, `    return [x * b for x in a if x > ${int(0, 5)}]`, "");
  }
  return parts.join("\n");
}

function trainingScript(index) {
  const parts = [
    `"""Training entry point ${index}."""`,
    "import argparse",
    "import torch",
    "from torch.utils.data import DataLoader",
    "",
    "def parse_args():",
    "    parser = argparse.ArgumentParser()",
  ];
  const flags = [
    ["--epochs", "int", pick([30, 90, 100, 300])],
    ["--batch-size", "int", pick([32, 64, 128, 256])],
    ["--lr", "float", "1e-3"],
    ["--weight-decay", "float", "5e-4"],
    ["--gradient-accumulation-steps", "int", pick([1, 2, 4])],
    ["--gpus", "int", pick([1, 2, 4, 8])],
    ["--num-workers", "int", 8],
    ["--eval-batch-size", "int", 256],
  ];
  for (let extra = 0; extra < 24; extra += 1)
    flags.push([`--${name().replace(/_/g, "-")}`, "float", rand().toFixed(3)]);
  for (const [flag, type, value] of flags) {
    parts.push(
      `    parser.add_argument("${flag}", type=${type}, default=${value}, help="${pick(WORDS)} ${pick(WORDS)} setting")`,
    );
  }
  parts.push(
    "    return parser.parse_args()",
    "",
    "def main():",
    "    args = parse_args()",
    "    model = torch.nn.Linear(10, 10).cuda()",
  );
  parts.push(
    "    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)",
  );
  parts.push("    loader = DataLoader(range(1000), batch_size=args.batch_size, shuffle=True)");
  parts.push("    for epoch in range(args.epochs):", "        for step, batch in enumerate(loader):");
  for (let l = 0; l < 60; l += 1)
    parts.push(`            loss_${l} = model(batch).pow(2).mean() * ${rand().toFixed(3)}`);
  parts.push(
    "            loss_0.backward()",
    "            optimizer.step()",
    "            optimizer.zero_grad()",
    "",
  );
  parts.push('if __name__ == "__main__":', "    main()", "");
  return parts.join("\n");
}

async function writeRepository(root) {
  const files = [];
  for (let i = 0; i < 12; i += 1) files.push([`scripts/train_${i}.py`, trainingScript(i)]);
  for (let i = 0; i < 160; i += 1)
    files.push([`pkg/models/m${Math.floor(i / 20)}/model_${i}.py`, modelModule(i)]);
  for (let i = 0; i < 160; i += 1)
    files.push([`pkg/data/d${Math.floor(i / 20)}/data_${i}.py`, dataModule(i)]);
  for (let i = 0; i < 78; i += 1) files.push([`pkg/misc/util_${i}.py`, smallModule(i)]);
  const packages = [...new Set(files.map(([p]) => p.slice(0, p.lastIndexOf("/"))))];
  for (const dir of packages.slice(0, 90)) files.push([`${dir}/__init__.py`, ""]);
  while (files.filter(([p]) => p.endsWith(".py")).length < FILES) {
    files.push([`pkg/extra/extra_${files.length}.py`, smallModule(files.length)]);
  }
  const python = files.filter(([p]) => p.endsWith(".py")).slice(0, FILES);
  const others = [
    [
      "run.sh",
      "#!/bin/bash\n#SBATCH --gres=gpu:a100:4\n#SBATCH --time=24:00:00\ntorchrun --nproc_per_node 4 scripts/train_0.py --epochs 50 --batch-size 64\n",
    ],
    ["configs/train.yaml", "trainer:\n  max_epochs: 50\n  devices: 4\ndata:\n  batch_size: 64\n"],
    ["README.md", "# Synthetic\n\n```bash\npython scripts/train_0.py --epochs 50\n```\n"],
  ];
  for (const [path, content] of [...python, ...others]) {
    await mkdir(join(root, path.slice(0, path.lastIndexOf("/") + 1) || "."), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return {
    pythonFiles: python.length,
    pythonBytes: python.reduce((sum, [, c]) => sum + Buffer.byteLength(c), 0),
  };
}

const root = KEEP ?? (await mkdtemp(join(tmpdir(), "ml-footprint-bench-code-")));
try {
  const { pythonFiles, pythonBytes } = await writeRepository(root);
  const loadStart = performance.now();
  await loadPythonParser();
  const parserLoadMs = performance.now() - loadStart;
  const times = [];
  const cpuTimes = [];
  let report;
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    report = await readRepository(root);
    const cpu = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  // The same repository read by the rules alone: what the trained ranker adds (model loaded once, then scoring).
  const rulesCpu = [];
  for (let run = 0; run < RUNS; run += 1) {
    const cpuStart = process.cpuUsage();
    await readRepository(root, { ranker: false });
    const cpu = process.cpuUsage(cpuStart);
    rulesCpu.push((cpu.user + cpu.system) / 1000);
  }
  const rulesCpuMedian = [...rulesCpu].sort((a, b) => a - b)[Math.floor(rulesCpu.length / 2)];
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  // CPU time of this process: what one core spends, unaffected by other processes sharing the machine.
  const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)];
  const result = {
    python_files: pythonFiles,
    python_bytes: pythonBytes,
    files_read: report.stats.files_read,
    runs: RUNS,
    parser_load_ms: Math.round(parserLoadMs),
    median_ms: Math.round(median),
    median_cpu_ms: Math.round(cpuMedian),
    min_ms: Math.round(sorted[0]),
    max_ms: Math.round(sorted[sorted.length - 1]),
    rules_only_median_cpu_ms: Math.round(rulesCpuMedian),
    ranker_added_cpu_ms: Math.round(cpuMedian - rulesCpuMedian),
    python_mb_per_s: Math.round((pythonBytes / 1e6 / (median / 1000)) * 100) / 100,
    summary: report.summary,
  };
  if (JSON_OUTPUT) {
    console.log(JSON.stringify(result));
  } else {
    console.log(
      `code reader: ${pythonFiles} Python files (${(pythonBytes / 1e6).toFixed(2)} MB), ${result.files_read} files read`,
    );
    console.log(`code reader: parser load ${result.parser_load_ms} ms (once per process)`);
    console.log(
      `code reader: median ${result.median_ms} ms wall, ${result.median_cpu_ms} ms CPU over ${RUNS} runs (wall min ${result.min_ms}, max ${result.max_ms}); ${result.python_mb_per_s} MB/s of Python`,
    );
    console.log(
      `code reader: rules alone ${result.rules_only_median_cpu_ms} ms CPU; the trained ranker adds ${result.ranker_added_cpu_ms} ms CPU (target: the whole read under 1 s)`,
    );
  }
} finally {
  if (!KEEP) await rm(root, { recursive: true, force: true });
}
