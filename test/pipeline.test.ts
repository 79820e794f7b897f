import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderCheck, runAnalysis, runCheck } from "../src/pipeline.js";
import { readSources } from "../src/readers/sources.js";

describe("the pipeline", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pipeline-"));
    writeFileSync(
      path.join(dir, "paper.md"),
      "# Experiments\n\nWe train our model on 8 NVIDIA A100 GPUs for 3 days.\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every step of a derivation from the paper's words to the estimate", async () => {
    const report = await runCheck({ dir, paper: path.join(dir, "paper.md") });
    expect(report.estimate?.derivation).toMatch(
      /^3 days = 72 h; 8 devices × 72 h = 576 device-h × 400 W TDP/,
    );
  });

  it("hands the chosen fact itself to the item and the renderings", async () => {
    const report = await runCheck({ dir, paper: path.join(dir, "paper.md") });
    const count = report.items.find((i) => i.id === "accelerator_count");
    expect(count).toMatchObject({ status: "disclosed", values: { paper: 8 } });
    expect(count?.evidence[0]).toMatchObject({
      kind: "paper",
      quote: "We train our model on 8 NVIDIA A100 GPUs for 3 days.",
    });
    expect(renderCheck(report, "text")).toContain("8");
    expect(JSON.parse(renderCheck(report, "json")).verdict).toBe(report.verdict);
  });

  it("holds the code against the values the paper's selector did not choose, in the analysis and in the check", async () => {
    const paper = path.join(dir, "main.tex");
    writeFileSync(
      paper,
      [
        "\\documentclass{article}",
        "\\begin{document}",
        "\\section{Experiments}",
        "We trained the detector on our field images and plotted the training and validation loss for all 30 epochs.",
        "Table 4 lists the detector settings: Learning rate 0.001 Weight Decay 0.0001 Optimizer AdamW Epochs 15 Dropout rate 0.2.",
        "\\end{document}",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(dir, "train.py"),
      "EPOCHS = 15\n\ndef main():\n    for _ in range(EPOCHS):\n        loss.backward()\n\nif __name__ == '__main__':\n    main()\n",
    );
    // The selector takes the prose's 30 and doubts the settings list's 15, which is the code's: which run each
    // describes is a question, not a disagreement.
    const analysis = await runAnalysis({ paper, repo: dir });
    expect(analysis.paper?.summary.epochs).toBe(30);
    expect(analysis.paper?.alternatives).toContainEqual(
      expect.objectContaining({ fact: expect.objectContaining({ field: "epochs", value: 15 }) }),
    );
    const epochs = analysis.crosscheck?.find((e) => e.field === "epochs");
    expect(epochs).toMatchObject({ status: "needs_human", note: expect.stringContaining("also states 15") });
    const report = await runCheck({ dir, paper });
    expect(report.crosscheck?.find((e) => e.field === "epochs")?.status).toBe("needs_human");
  });

  it("hands the paper's opening words to the code reader, which picks the experiment named like the paper's", async () => {
    const script = (epochs: number) =>
      `import argparse\np = argparse.ArgumentParser()\np.add_argument('--epochs', type=int, default=${epochs})\nfor e in range(p.parse_args().epochs):\n    loss.backward()\nif __name__ == '__main__':\n    pass\n`;
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(dir, "experiments"));
    writeFileSync(path.join(dir, "experiments", "run_lock_claim.py"), script(200));
    writeFileSync(path.join(dir, "experiments", "run_scaling_nlhe_selfplay.py"), script(10));
    writeFileSync(
      path.join(dir, "paper.md"),
      "Scaling Laws of NLHE Agents\n\nWe study scaling in NLHE.\n\n# Experiments\n\nWe train on one A100.\n",
    );
    const analysis = await runAnalysis({ paper: path.join(dir, "paper.md"), repo: dir });
    expect(analysis.code?.entry_points.find((e) => e.main)?.file).toBe(
      "experiments/run_scaling_nlhe_selfplay.py",
    );
    // The app's and the CLI's check read their sources the same way.
    const sources = await readSources({ dir, paper: path.join(dir, "paper.md") });
    expect(sources.code?.entry_points.find((e) => e.main)?.file).toBe(
      "experiments/run_scaling_nlhe_selfplay.py",
    );
    // Without the paper, nothing tells the two apart but their names' length.
    const alone = await runAnalysis({ repo: dir });
    expect(alone.code?.entry_points.find((e) => e.main)?.file).toBe("experiments/run_lock_claim.py");
  });

  it("reads with the models it is given (a cross-validation fold's), not the shipped ones", async () => {
    // Another ONNX model in their place is refused: proof that each reader loads what runAnalysis passes it.
    const wrong = "fixtures/models/identity.onnx";
    await expect(
      runAnalysis({
        paper: path.join(dir, "paper.md"),
        models: { paper: { model: wrong, config: "models/paper-selector.json" } },
      }),
    ).rejects.toMatchObject({ code: "model_invalid" });
    await expect(
      runAnalysis({
        repo: "fixtures/demo",
        models: { code: { model: wrong, config: "models/code-ranker.json" } },
      }),
    ).rejects.toMatchObject({ code: "model_invalid" });
    await expect(
      runAnalysis({ paper: path.join(dir, "paper.md"), repo: "fixtures/demo" }),
    ).resolves.toBeTruthy();
  });

  it("reads a paper's \\input files from the whole repository it lies in, nothing outside it nor in .git", async () => {
    const repo = path.join(dir, "repo");
    mkdirSync(path.join(repo, "docs"), { recursive: true });
    mkdirSync(path.join(repo, "results"), { recursive: true });
    const paper = path.join(repo, "docs", "paper.tex");
    writeFileSync(
      paper,
      [
        "\\documentclass{article}",
        "\\begin{document}",
        "\\section{Experiments}",
        "We detect falls in videos.",
        "\\input{../results/setup.tex}",
        "\\input{../../paper.md}",
        "\\input{../.git/config}",
        "\\end{document}",
      ].join("\n"),
    );
    writeFileSync(path.join(repo, "results", "setup.tex"), "We train our model for 40 epochs.\n");
    writeFileSync(path.join(repo, "train.py"), "EPOCHS = 40\n");
    mkdirSync(path.join(repo, ".git"));
    writeFileSync(path.join(repo, ".git", "config"), "extraheader = AUTHORIZATION: basic SECRETTOKEN\n");
    const refusedInputs = (warnings: ReadonlyArray<{ code: string; message: string }>) =>
      warnings.filter((w) => w.code === "latex_input_refused").map((w) => w.message);

    const withRepository = await runAnalysis({ paper, repo });
    expect(withRepository.paper?.summary.epochs).toBe(40);
    // The file above the repository stays unread: the repository is the root.
    expect(refusedInputs(withRepository.paper?.warnings ?? [])).toEqual([
      expect.stringContaining("\\input{../../paper.md} refused"),
      expect.stringContaining("\\input{../.git/config} refused: inside version-control metadata"),
    ]);
    expect(JSON.stringify(withRepository)).not.toContain("SECRETTOKEN");
    expect(withRepository.paper?.summary.hardware ?? null).toBeNull();

    // Alone, the paper's own folder is the root.
    const alone = await runAnalysis({ paper });
    expect(alone.paper?.summary.epochs ?? null).toBeNull();
    expect(refusedInputs(alone.paper?.warnings ?? [])).toHaveLength(3);
  });

  it("reads a paper the repository reaches through a linked folder from its own folder, as without the repository", async () => {
    const shared = path.join(dir, "shared-paper");
    mkdirSync(shared);
    writeFileSync(path.join(shared, "paper.md"), "# Training\n\nWe train our model for 12 epochs.\n");
    const repo = path.join(dir, "checkout");
    mkdirSync(repo);
    symlinkSync(shared, path.join(repo, "paper"));
    const analysis = await runAnalysis({ paper: path.join(repo, "paper", "paper.md"), repo });
    expect(analysis.paper?.summary.epochs).toBe(12);
  });
});
