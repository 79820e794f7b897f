/**
 * Finding the paper inside a repository: a LaTeX main file first, a PDF that is not a figure otherwise; names
 * and folders that say "paper" first; configured globs respected; never leaving the tree.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findPaper, findPaperCandidates, globToRegExp } from "../../src/readers/find-paper.js";

const ARTICLE =
  "\\documentclass{article}\n\\begin{document}\n\\section{Introduction}\nText.\n\\end{document}\n";
const ARTICLE_NO_SECTION = "\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n";
const SUBFILE =
  "\\documentclass[../main.tex]{subfiles}\n\\begin{document}\n\\section{Method}\n\\end{document}\n";
const STANDALONE =
  "\\documentclass[tikz]{standalone}\n\\begin{document}\n\\begin{tikzpicture}\\end{tikzpicture}\n\\end{document}\n";
const BEAMER = "\\documentclass{beamer}\n\\begin{document}\n\\section{Talk}\n\\end{document}\n";
const PREAMBLE_ONLY = "\\documentclass{article}\n\\usepackage{amsmath}\n";

/** A PDF-looking file of the given size (find-paper only looks at the name and the size). */
function pdfBytes(kilobytes: number): Buffer {
  const buffer = Buffer.alloc(kilobytes * 1024, 0x20);
  buffer.write("%PDF-1.4\n");
  return buffer;
}

const created: string[] = [];

async function repository(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "find-paper-"));
  created.push(root);
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, relative)), { recursive: true });
    await writeFile(join(root, relative), content);
  }
  return root;
}

afterAll(async () => {
  for (const dir of created) await rm(dir, { recursive: true, force: true });
});

describe("findPaper", () => {
  it("prefers the LaTeX main file over subfiles, standalone figures, beamer talks, templates and the PDF", async () => {
    const root = await repository({
      "paper/main.tex": ARTICLE,
      "paper/sections/method.tex": SUBFILE,
      "paper/figures/diagram.tex": STANDALONE,
      "talk/slides.tex": BEAMER,
      "paper/template.tex": ARTICLE,
      "paper/main.pdf": pdfBytes(200),
    });
    expect(findPaper(root)).toBe(join(root, "paper/main.tex"));
    expect(findPaperCandidates(root).map((c) => [c.file, c.format])).toEqual([
      ["paper/main.tex", "latex"],
      ["paper/main.pdf", "pdf"],
      ["paper/template.tex", "latex"],
      ["talk/slides.tex", "latex"],
    ]);
  });

  it("never takes a subfile, a standalone figure or a preamble without a document as the paper", async () => {
    const root = await repository({
      "paper/sections/method.tex": SUBFILE,
      "paper/diagram.tex": STANDALONE,
      "paper/preamble.tex": PREAMBLE_ONLY,
    });
    expect(findPaper(root)).toBeNull();
  });

  it("prefers an article to a beamer talk of the same name", async () => {
    const root = await repository({ "a/talk.tex": BEAMER, "b/talk.tex": ARTICLE_NO_SECTION });
    expect(findPaper(root)).toBe(join(root, "b/talk.tex"));
  });

  it("prefers the paper over a template shipped next to it", async () => {
    const root = await repository({ "neurips_template.tex": ARTICLE, "neurips_ours.tex": ARTICLE });
    expect(findPaper(root)).toBe(join(root, "neurips_ours.tex"));
  });

  it("takes a LaTeX file with an ordinary name over a PDF named paper.pdf", async () => {
    const root = await repository({ "neurips.tex": ARTICLE, "paper.pdf": pdfBytes(400) });
    expect(findPaper(root)).toBe(join(root, "neurips.tex"));
  });

  it("ignores PDFs in figure folders and PDFs too small to be a paper", async () => {
    const root = await repository({
      "figures/results.pdf": pdfBytes(300),
      "assets/plots/loss.pdf": pdfBytes(300),
      "tiny.pdf": pdfBytes(10),
    });
    expect(findPaper(root)).toBeNull();
  });

  it("finds the paper's PDF among figure PDFs", async () => {
    const root = await repository({
      "figures/results.pdf": pdfBytes(300),
      "docs/paper.pdf": pdfBytes(300),
      "docs/poster.pdf": pdfBytes(300),
    });
    expect(findPaper(root)).toBe(join(root, "docs/paper.pdf"));
  });

  it("prefers the names main and paper", async () => {
    const root = await repository({ "notes.tex": ARTICLE, "main.tex": ARTICLE, "draft.tex": ARTICLE });
    expect(findPaper(root)).toBe(join(root, "main.tex"));
    const other = await repository({ "notes.tex": ARTICLE, "paper.tex": ARTICLE });
    expect(findPaper(other)).toBe(join(other, "paper.tex"));
  });

  it("prefers a file in a paper/ folder", async () => {
    const root = await repository({ "experiments/report_a.tex": ARTICLE, "paper/neurips.tex": ARTICLE });
    expect(findPaper(root)).toBe(join(root, "paper/neurips.tex"));
  });

  it("prefers the shallower of two equal candidates", async () => {
    const root = await repository({ "x/y/notes.tex": ARTICLE, "x/notes.tex": ARTICLE });
    expect(findPaper(root)).toBe(join(root, "x/notes.tex"));
  });

  it("looks only where the globs say", async () => {
    const root = await repository({
      "main.tex": ARTICLE,
      "paper/camera/final.tex": ARTICLE_NO_SECTION,
      "paper/final.pdf": pdfBytes(200),
    });
    expect(findPaper(root, ["paper/**/*.tex"])).toBe(join(root, "paper/camera/final.tex"));
    expect(findPaper(root, ["paper/*.pdf"])).toBe(join(root, "paper/final.pdf"));
    expect(findPaper(root, ["submission/**/*.tex"])).toBeNull();
  });

  it("does not follow symbolic links, to folders or to files", async () => {
    const outside = await repository({ "main.tex": ARTICLE, "paper/paper.pdf": pdfBytes(200) });
    const root = await repository({ "README.md": "# code\n" });
    await symlink(join(outside, "paper"), join(root, "paper"));
    await symlink(join(outside, "main.tex"), join(root, "main.tex"));
    expect(findPaper(root)).toBeNull();
  });

  it("skips node_modules, .git and virtual environments", async () => {
    const root = await repository({
      "node_modules/some-package/main.tex": ARTICLE,
      ".git/main.tex": ARTICLE,
      ".venv/lib/paper.tex": ARTICLE,
      "build/main.tex": ARTICLE,
    });
    expect(findPaper(root)).toBeNull();
  });

  it("returns null for a repository without a paper", async () => {
    const root = await repository({ "train.py": "print('hi')\n", "README.md": "# code\n" });
    expect(findPaper(root)).toBeNull();
    expect(findPaperCandidates(root)).toEqual([]);
  });

  it("returns null for a folder that does not exist", () => {
    expect(findPaper(join(tmpdir(), "find-paper-no-such-folder-7d1c"))).toBeNull();
  });
});

describe("globToRegExp", () => {
  const matches = (glob: string, file: string) => globToRegExp(glob).test(file);

  it("lets ** span zero or more folders", () => {
    expect(matches("paper/**/*.tex", "paper/main.tex")).toBe(true);
    expect(matches("paper/**/*.tex", "paper/a/b/main.tex")).toBe(true);
    expect(matches("paper/**/*.tex", "main.tex")).toBe(false);
    expect(matches("paper/**/*.tex", "other/paper/main.tex")).toBe(false);
    expect(matches("**/*.tex", "main.tex")).toBe(true);
    expect(matches("**/*.tex", "a/b/main.tex")).toBe(true);
    expect(matches("paper/**", "paper/a/b.pdf")).toBe(true);
  });

  it("keeps * and ? within one folder", () => {
    expect(matches("*.pdf", "main.pdf")).toBe(true);
    expect(matches("*.pdf", "paper/main.pdf")).toBe(false);
    expect(matches("paper/?.tex", "paper/a.tex")).toBe(true);
    expect(matches("paper/?.tex", "paper/ab.tex")).toBe(false);
    expect(matches("paper/?.tex", "paper//.tex")).toBe(false);
  });

  it("matches the whole path and treats other characters literally", () => {
    expect(matches("main.tex", "main.tex")).toBe(true);
    expect(matches("main.tex", "mainXtex")).toBe(false);
    expect(matches("main.tex", "old/main.tex")).toBe(false);
    expect(matches("main.tex", "main.tex.bak")).toBe(false);
    expect(matches("paper (v2)/main+final.tex", "paper (v2)/main+final.tex")).toBe(true);
    expect(matches("paper (v2)/main+final.tex", "paper v2/mainnfinal.tex")).toBe(false);
    expect(matches("[draft].tex", "[draft].tex")).toBe(true);
    expect(matches("[draft].tex", "d.tex")).toBe(false);
  });
});
