import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readRepositoryRanking } from "../../../src/readers/code/index.js";
import { codeCandidates } from "../../../src/readers/code/selector/candidates.js";

/** Writes a repository ({path: content}) to a temporary folder. */
function writeRepository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-override-scope-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** The ranker's candidates of a repository, as `field=value @file`. */
async function candidates(files: Record<string, string>): Promise<string[]> {
  const { report, ranked } = await readRepositoryRanking(writeRepository(files));
  return codeCandidates(ranked, report.entry_points, {}).map(
    (c) => `${c.field}=${c.value} @${c.fact.evidence.kind === "code" ? c.fact.evidence.file : ""}`,
  );
}

const TRAIN_NET = [
  "from detectron2.config import get_cfg",
  "from detectron2.engine import DefaultTrainer, default_argument_parser, launch",
  "def main(args):",
  "    cfg = get_cfg()",
  "    cfg.merge_from_file(args.config_file)",
  "    cfg.merge_from_list(args.opts)",
  "    return DefaultTrainer(cfg).train()",
  "if __name__ == '__main__':",
  "    args = default_argument_parser().parse_args()",
  "    launch(main, args.num_gpus, args=(args,))",
  "",
].join("\n");

const DETECTRON_PROJECT = {
  "tools/train_net.py": TRAIN_NET,
  "configs/own.yaml": "SOLVER:\n  MAX_ITER: 100000\n  IMS_PER_BATCH: 16\n",
  "third_party/lib/configs/x.yaml": "SOLVER:\n  MAX_ITER: 90000\n  IMS_PER_BATCH: 16\n",
  "third_party/lib/README.md": [
    "# A vendored library",
    "",
    "```bash",
    "python tools/train_net.py --config-file configs/x.yaml SOLVER.MAX_ITER 720000 SOLVER.IMS_PER_BATCH 64",
    "```",
    "",
  ].join("\n"),
};

const hydraApp = (configPath: string) =>
  [
    "import hydra",
    `@hydra.main(config_path="${configPath}", config_name="config", version_base=None)`,
    "def main(cfg):",
    "    for epoch in range(cfg.trainer.max_epochs):",
    "        model.fit_one_epoch()",
    "if __name__ == '__main__':",
    "    main()",
    "",
  ].join("\n");

describe("a launch line's config override applies to the configs that line runs", () => {
  it("a vendored library's README override leaves the project's own config values candidates", async () => {
    const found = await candidates({
      ...DETECTRON_PROJECT,
      "train.sh": "python tools/train_net.py --config-file configs/own.yaml --num-gpus 4\n",
    });
    expect(found).toEqual(
      expect.arrayContaining(["steps=100000 @configs/own.yaml", "batch_size=16 @configs/own.yaml"]),
    );
  });

  it("the project's own launch line still replaces the value of the config it names", async () => {
    const found = await candidates({
      ...DETECTRON_PROJECT,
      "train.sh":
        "python tools/train_net.py --config-file configs/own.yaml --num-gpus 4 SOLVER.MAX_ITER 5000\n",
    });
    expect(found).toContain("steps=5000 @train.sh");
    expect(found).not.toContain("steps=100000 @configs/own.yaml");
    expect(found).toContain("batch_size=16 @configs/own.yaml");
  });

  it("a Hydra group override reaches its own entry point's group folder, not another app's", async () => {
    const found = await candidates({
      "README.md": "# Two apps\n\n```bash\npython a/train.py trainer.max_epochs=50\n```\n",
      "a/train.py": hydraApp("conf"),
      "a/conf/config.yaml": "defaults:\n  - trainer: gpu\n  - _self_\n",
      "a/conf/trainer/gpu.yaml": "max_epochs: 100\n",
      "a/conf/trainer/cpu.yaml": "max_epochs: 1\n",
      "b/train.py": hydraApp("conf"),
      "b/conf/config.yaml": "defaults:\n  - trainer: default\n  - _self_\n",
      "b/conf/trainer/default.yaml": "max_epochs: 7\n",
    });
    const epochs = found.filter((c) => c.startsWith("epochs="));
    expect(epochs).toContain("epochs=50 @README.md");
    expect(epochs).toContain("epochs=7 @b/conf/trainer/default.yaml");
    expect(epochs).not.toContain("epochs=100 @a/conf/trainer/gpu.yaml");
    expect(epochs).not.toContain("epochs=1 @a/conf/trainer/cpu.yaml");
  });
});
