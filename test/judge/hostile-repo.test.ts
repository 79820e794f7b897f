/**
 * A repository written by an attacker: its paper and declaration try to make the checklist quote files of the
 * machine that analyses it. Nothing outside the repository may be read, and nothing read may reach any output.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { renderCheckMarkdown, renderCheckText, runCheck } from "../../src/pipeline.js";

const run = promisify(execFile);
const SECRET = "SECRET-OUTSIDE-THE-REPOSITORY";
const ENV_SECRET = "ENV-SECRET-VALUE-7f3a";

function hostileRepository(): { base: string; repo: string } {
  const base = mkdtempSync(path.join(tmpdir(), "hostile-"));
  const repo = path.join(base, "repo");
  mkdirSync(path.join(repo, "paper"), { recursive: true });
  writeFileSync(path.join(base, "secret.tex"), `${SECRET} trained on 64 H100 GPUs.\n`);
  writeFileSync(path.join(base, "footprint.yml"), "accelerator_count: 99\n");
  symlinkSync(path.join(base, "secret.tex"), path.join(repo, "paper", "linked.tex"));
  symlinkSync(path.join(base, "footprint.yml"), path.join(repo, "footprint.yml"));
  writeFileSync(
    path.join(repo, "paper", "main.tex"),
    [
      "\\documentclass{article}",
      "\\begin{document}",
      "\\section{Experiments}",
      "We train our model on 4 NVIDIA V100 GPUs for 12 hours.",
      "\\input{/etc/passwd}",
      "\\input{../../../../../../etc/hostname}",
      "\\input{/proc/self/environ}",
      "\\input{../../secret}",
      "\\include{linked}",
      "\\import{/etc/}{passwd}",
      "\\subfile{../../secret.tex}",
      "\\lstinputlisting{/etc/passwd}",
      "\\verbatiminput{../../secret.tex}",
      "\\bibliography{/etc/passwd}",
      "\\end{document}",
    ].join("\n"),
  );
  return { base, repo };
}

describe("a repository that tries to read outside itself", () => {
  let layout: ReturnType<typeof hostileRepository>;
  beforeEach(() => {
    layout = hostileRepository();
  });
  afterEach(() => rmSync(layout.base, { recursive: true, force: true }));

  it("reads only the repository: no host file, no linked file reaches any output", async () => {
    const report = await runCheck({ dir: layout.repo, profile: "neurips" });
    const outputs = [JSON.stringify(report), renderCheckMarkdown(report), renderCheckText(report)];
    for (const output of outputs) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toMatch(/root:x?:0:0/);
      expect(output).not.toContain("PATH=");
    }
    // The paper itself is still read.
    expect(report.paper?.file).toBe("paper/main.tex");
    expect(report.items.find((i) => i.id === "hardware")?.status).toBe("disclosed");
  });

  it("names every refused include and why", async () => {
    const report = await runCheck({ dir: layout.repo, profile: "generic" });
    const refused = report.warnings.filter((w) => w.code === "latex_input_refused").map((w) => w.message);
    expect(refused).toEqual([
      "main.tex:5: \\input{/etc/passwd} refused: an absolute path; only files inside the analysed folder are read",
      "main.tex:6: \\input{../../../../../../etc/hostname} refused: outside the analysed folder; not read",
      "main.tex:7: \\input{/proc/self/environ} refused: an absolute path; only files inside the analysed folder are read",
      "main.tex:8: \\input{../../secret} refused: outside the analysed folder; not read",
      "main.tex:9: \\include{linked} refused: a symbolic link; links are never followed",
      "2 more latex_input_refused warnings not shown",
    ]);
  });

  it("does not read a footprint.yml that is a symlink, and says so", async () => {
    const report = await runCheck({ dir: layout.repo, profile: "generic" });
    expect(report.declaration).toEqual({
      file: "footprint.yml",
      errors: [
        { property: "(file)", reason: "a symbolic link; links are never followed: commit the file itself" },
      ],
    });
    expect(JSON.stringify(report.items)).not.toContain("99");
  });

  it("does not take a symlinked PDF as the paper, and refuses it when named", async () => {
    rmSync(path.join(layout.repo, "paper", "main.tex"));
    writeFileSync(path.join(layout.base, "outside.pdf"), "%PDF-1.4\n" + "x".repeat(40_000));
    symlinkSync(path.join(layout.base, "outside.pdf"), path.join(layout.repo, "paper.pdf"));
    const found = await runCheck({ dir: layout.repo });
    expect(found.paper).toBeNull();
    await expect(runCheck({ dir: layout.repo, paper: path.join(layout.repo, "paper.pdf") })).rejects.toThrow(
      /paper\.pdf: a symbolic link; links are never followed/,
    );
  });

  it("in the CLI: the same refusals, and the process environment never appears", async () => {
    const { stdout } = await run("./bin/ml-footprint", ["check", layout.repo, "--format", "json"], {
      env: { ...process.env, ML_FOOTPRINT_TEST_SECRET: ENV_SECRET },
    });
    expect(stdout).not.toContain(ENV_SECRET);
    expect(stdout).not.toContain(SECRET);
    expect(stdout).toContain("latex_input_refused");
    const analyze = await run(
      "./bin/ml-footprint",
      ["analyze", "--paper", path.join(layout.repo, "paper", "main.tex"), "--json"],
      { env: { ...process.env, ML_FOOTPRINT_TEST_SECRET: ENV_SECRET } },
    );
    expect(analyze.stdout).not.toContain(ENV_SECRET);
    expect(analyze.stdout).not.toContain(SECRET);
  });
});
