import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Fact } from "../../../src/domain/facts.js";
import { readRepository } from "../../../src/readers/code/index.js";
import { OTHER_PROJECTS_LEFT_OUT } from "../../../src/readers/code/project-scope.js";

/** A repository from a map of path → content. */
async function repository(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "project-scope-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const fileOf = (fact: Fact): string => (fact.evidence.kind === "code" ? fact.evidence.file : "");

const trainScript = (epochs: number, batch: number) =>
  `import torch\nEPOCHS = ${epochs}\nBATCH_SIZE = ${batch}\n\nfor epoch in range(EPOCHS):\n    loader = torch.utils.data.DataLoader(data, batch_size=BATCH_SIZE)\n    for x in loader:\n        loss = model(x)\n        loss.backward()\n        optimizer.step()\n`;

/** Read with the paper's place, the repository is one project: nothing left out, `folder`'s code read. */
async function expectReadWhole(root: string, paperPath: string, folder: string): Promise<void> {
  const report = await readRepository(root, { paperPath, ranker: false });
  expect(report.warnings.some((w) => w.code === OTHER_PROJECTS_LEFT_OUT)).toBe(false);
  expect(report.facts.some((f) => fileOf(f).startsWith(folder))).toBe(true);
}

describe("a repository of several projects, each with its own write-up", () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it("reads the paper's project and shared files, and says which folders it left out", async () => {
    const root = await repository({
      "README.md": "# Course projects\n",
      "utils/data.py": "def load():\n    return []\n",
      "1/code/train.py": trainScript(300, 256),
      "1/latex/document.tex": "\\documentclass{article}",
      "2/code/train.py": trainScript(40, 16),
      "2/latex/document.tex": "\\documentclass{article}",
      "3/code/train.py": trainScript(300, 256),
      "3/report.pdf": "%PDF-1.4",
    });
    roots.push(root);
    const report = await readRepository(root, { paperPath: "2/latex/document.tex", ranker: false });
    expect(report.summary.epochs).toBe(40);
    expect(report.summary.batch_size).toBe(16);
    expect(report.facts.some((f) => fileOf(f).startsWith("1/") || fileOf(f).startsWith("3/"))).toBe(false);
    const warning = report.warnings.find((w) => w.code === OTHER_PROJECTS_LEFT_OUT);
    expect(warning?.message).toContain("(2/)");
    expect(warning?.message).toContain("1/, 3/");
    // Without the paper's place, every project is read.
    const whole = await readRepository(root, { ranker: false });
    expect(whole.facts.some((f) => fileOf(f).startsWith("1/"))).toBe(true);
    expect(whole.warnings.some((w) => w.code === OTHER_PROJECTS_LEFT_OUT)).toBe(false);
  });

  it("reads everything when the paper has a folder of its own, whatever documents the code folders hold", async () => {
    const root = await repository({
      "paper/main.tex": "\\documentclass{article}",
      "paper/plots.py": "import matplotlib\n",
      "src/train.py": trainScript(40, 16),
      "src/figures/architecture.pdf": "%PDF-1.4",
      "baselines/train_baseline.py": trainScript(300, 256),
      "baselines/README.md": "Baselines\n",
    });
    roots.push(root);
    await expectReadWhole(root, "paper/main.tex", "baselines/");
  });

  it("never takes the paper's own folder for a project, whatever scripts it holds", async () => {
    const root = await repository({
      "paper/main.tex": "\\documentclass{article}",
      "paper/toy_example.py": trainScript(5, 2),
      "src/train.py": trainScript(40, 16),
      "src/notes.tex": "\\documentclass{article}",
    });
    roots.push(root);
    await expectReadWhole(root, "paper/main.tex", "src/");
  });

  it("takes no saved plot or manual at a sibling's top for its write-up", async () => {
    const root = await repository({
      "exp_a/train.py": trainScript(40, 16),
      "exp_a/report/report.tex": "\\documentclass{article}",
      "exp_b/train.py": trainScript(300, 256),
      "exp_b/final_loss_curve.pdf": "%PDF-1.4",
      "lib/trainer.py": trainScript(40, 16),
      "lib/project_manual.pdf": "%PDF-1.4",
    });
    roots.push(root);
    await expectReadWhole(root, "exp_a/report/report.tex", "exp_b/");
    await expectReadWhole(root, "exp_a/report/report.tex", "lib/");
  });

  it("keeps a sibling whose only documents are figures deep inside it", async () => {
    const root = await repository({
      "exp_a/train.py": trainScript(40, 16),
      "exp_a/report/report.tex": "\\documentclass{article}",
      "exp_b/train.py": trainScript(300, 256),
      "exp_b/outputs/figures/loss_curve.pdf": "%PDF-1.4",
    });
    roots.push(root);
    await expectReadWhole(root, "exp_a/report/report.tex", "exp_b/");
  });
});
