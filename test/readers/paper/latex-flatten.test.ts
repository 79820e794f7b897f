import { describe, expect, it } from "@jest/globals";
import { InputError } from "../../../src/domain/errors.js";
import { capWarnings, flattenLatex, stripLatexComment } from "../../../src/readers/paper/latex/flatten.js";

/** An in-memory LaTeX project: tree path -> text. */
function project(files: Record<string, string>) {
  return (treePath: string): string | null => files[treePath] ?? null;
}

/** Each line of the flattened source with the file:line it came from. */
function traced(flat: ReturnType<typeof flattenLatex>): string[] {
  return flat.source.split("\n").map((line, i) => `${flat.lines[i]?.file}:${flat.lines[i]?.line} ${line}`);
}

describe("stripLatexComment", () => {
  it("drops everything from an unescaped percent sign", () => {
    expect(stripLatexComment("We train on 4 GPUs. % TODO: check")).toBe("We train on 4 GPUs. ");
  });

  it("keeps an escaped percent sign and cuts at the next real comment", () => {
    expect(stripLatexComment("50\\% of runs % note")).toBe("50\\% of runs ");
  });

  it("treats a percent sign after an escaped backslash as a comment", () => {
    expect(stripLatexComment("a line\\\\% comment")).toBe("a line\\\\");
  });

  it("leaves a line without a comment unchanged", () => {
    expect(stripLatexComment("No comment here.")).toBe("No comment here.");
  });
});

describe("flattenLatex", () => {
  it("follows \\input and \\include relative to the main file and traces every line to file:line", () => {
    const flat = flattenLatex(
      "paper/main.tex",
      project({
        "paper/main.tex":
          "\\begin{document}\nIntro.\n\\input{sections/setup}\n\\include{appendix}\n\\end{document}",
        "paper/sections/setup.tex": "We train TinyNet on four GPUs.\nIt takes two days.",
        "paper/appendix.tex": "Extra runs.",
      }),
    );
    expect(traced(flat)).toEqual([
      "main.tex:1 \\begin{document}",
      "main.tex:2 Intro.",
      "sections/setup.tex:1 We train TinyNet on four GPUs.",
      "sections/setup.tex:2 It takes two days.",
      "main.tex:3 ",
      "appendix.tex:1 Extra runs.",
      "main.tex:4 ",
      "main.tex:5 \\end{document}",
    ]);
    expect(flat.files).toEqual(["paper/main.tex", "paper/sections/setup.tex", "paper/appendix.tex"]);
    expect(flat.warnings).toEqual([]);
  });

  it("keeps the text around an \\input on the same line", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({ "p/main.tex": "Before \\input{part} after.", "p/part.tex": "Inside." }),
    );
    expect(traced(flat)).toEqual(["main.tex:1 Before ", "part.tex:1 Inside.", "main.tex:1  after."]);
  });

  it("accepts an explicit .tex extension and a file without one", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\input{a.tex}\n\\input{table.txt}",
        "p/a.tex": "From a.",
        "p/table.txt": "From the table.",
      }),
    );
    expect(flat.source).toBe("From a.\n\nFrom the table.\n");
  });

  it("drops comments, including a commented-out \\input", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "Kept. % dropped\n% \\input{secret}\nAlso kept.",
        "p/secret.tex": "Secret.",
      }),
    );
    expect(flat.source).toBe("Kept. \n\nAlso kept.");
    expect(flat.files).toEqual(["p/main.tex"]);
  });

  it("resolves a nested \\input against the main file's folder first, then the including file's", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\input{sec/a}",
        "p/sec/a.tex": "A.\n\\input{shared}\n\\input{local}",
        "p/shared.tex": "Shared at the root.",
        "p/sec/local.tex": "Local to sec.",
      }),
    );
    expect(flat.source.split("\n").filter(Boolean)).toEqual(["A.", "Shared at the root.", "Local to sec."]);
  });

  it("resolves \\import{dir}{file} against its directory argument", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({ "p/main.tex": "\\import{chapters/}{one}", "p/chapters/one.tex": "Chapter one." }),
    );
    expect(flat.source.trim()).toBe("Chapter one.");
  });

  it("resolves an include path written with a simple text macro", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\newcommand{\\secdir}{sections}\n\\input{\\secdir/setup}",
        "p/sections/setup.tex": "Setup text.",
      }),
    );
    expect(flat.source).toContain("Setup text.");
    expect(flat.warnings).toEqual([]);
  });

  it("reads only the body of a \\subfile, which is a document of its own", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\begin{document}\n\\subfile{parts/extra}\n\\end{document}",
        "p/parts/extra.tex":
          "\\documentclass[../main]{subfiles}\n\\begin{document}\nSubfile body.\n\\end{document}\nIgnored tail.",
      }),
    );
    expect(traced(flat)).toEqual([
      "main.tex:1 \\begin{document}",
      "parts/extra.tex:3 Subfile body.",
      "main.tex:2 ",
      "main.tex:3 \\end{document}",
    ]);
  });

  it("stops at \\end{document} of the main file", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({ "p/main.tex": "\\begin{document}\nBody.\n\\end{document}\nNotes after the end." }),
    );
    expect(flat.source).toBe("\\begin{document}\nBody.\n\\end{document}");
  });

  it("warns about a missing input and keeps reading", () => {
    const flat = flattenLatex("p/main.tex", project({ "p/main.tex": "Before.\n\\input{missing}\nAfter." }));
    expect(flat.source).toBe("Before.\n\nAfter.");
    expect(flat.warnings).toEqual([
      {
        code: "latex_missing_input",
        message: "main.tex:2: \\input{missing} not found; skipped",
        file: "main.tex",
      },
    ]);
  });

  it("reads the file of an input's name beside the main file when its folder was moved, and says so", () => {
    // The paper folder was renamed (latex/ to report/) and its \\input kept the old path.
    const flat = flattenLatex(
      "report/main.tex",
      project({ "report/main.tex": "Before.\n\\input{latex/body.tex}\nAfter.", "report/body.tex": "Body." }),
    );
    expect(flat.source).toBe("Before.\nBody.\n\nAfter.");
    expect(flat.warnings).toEqual([
      {
        code: "latex_moved_input",
        message:
          "main.tex:2: \\input{latex/body.tex} not found; read body.tex instead (its folder was moved?)",
        file: "main.tex",
      },
    ]);
    // Nested folders: the path without its first folders, the longest that exists.
    const nested = flattenLatex(
      "report/main.tex",
      project({
        "report/main.tex": "\\input{latex/sections/intro.tex}",
        "report/sections/intro.tex": "Intro.",
        "report/intro.tex": "Another intro.",
      }),
    );
    expect(nested.source).toBe("Intro.\n");
    // At most three folders are dropped, and a refused file (a link) is passed over, not read.
    const deep = flattenLatex(
      "report/main.tex",
      project({ "report/main.tex": "\\input{a/b/c/d/intro.tex}", "report/intro.tex": "Intro." }),
    );
    expect(deep.warnings.map((w) => w.code)).toEqual(["latex_missing_input"]);
    const linked = flattenLatex("report/main.tex", (treePath) =>
      treePath === "report/main.tex"
        ? "\\input{latex/body.tex}"
        : treePath === "report/body.tex"
          ? { refused: "a symbolic link; links are never followed" }
          : null,
    );
    expect(linked.warnings.map((w) => w.code)).toEqual(["latex_missing_input"]);
    // A hostile path of thousands of folders costs nothing: it is too long to be a moved folder's, and no
    // shorter path is tried (only the written one, with and without ".tex", from the two bases).
    const asked: string[] = [];
    const hostile = flattenLatex("report/main.tex", (treePath) => {
      asked.push(treePath);
      return treePath === "report/main.tex" ? `\\input{${"a/".repeat(20000)}x}` : null;
    });
    expect(hostile.warnings[0]?.code).toBe("latex_missing_input");
    expect(asked.length).toBeLessThanOrEqual(5);
    // A name without a folder, or one whose file is nowhere beside it, stays missing.
    const missing = flattenLatex(
      "report/main.tex",
      project({
        "report/main.tex": "\\input{latex/other.tex}\n\\input{body}",
        "report/sections/body.tex": "B.",
      }),
    );
    expect(missing.warnings.map((w) => w.code)).toEqual(["latex_missing_input", "latex_missing_input"]);
  });

  it("warns about a cyclic input, naming the cycle, and reads each file once", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\input{a}",
        "p/a.tex": "In a.\n\\input{b}",
        "p/b.tex": "In b.\n\\input{a}",
      }),
    );
    expect(flat.source.split("\n").filter(Boolean)).toEqual(["In a.", "In b."]);
    expect(flat.warnings).toEqual([
      {
        code: "latex_cyclic_input",
        message: "b.tex:2: cyclic \\input{a} (main.tex -> a.tex -> b.tex -> a.tex); skipped",
        file: "b.tex",
      },
    ]);
  });

  it("warns about a file that inputs itself", () => {
    const flat = flattenLatex("p/main.tex", project({ "p/main.tex": "Text.\n\\input{main}" }));
    expect(flat.warnings.map((w) => w.code)).toEqual(["latex_cyclic_input"]);
    expect(flat.source).toBe("Text.\n");
  });

  it("stops following inputs beyond the depth limit with a warning", () => {
    const files: Record<string, string> = { "p/main.tex": "\\input{f1}" };
    for (let i = 1; i <= 5; i++) files[`p/f${i}.tex`] = `Level ${i}.\n\\input{f${i + 1}}`;
    const flat = flattenLatex("p/main.tex", project(files), { maxFiles: 100, maxBytes: 1e6, maxDepth: 3 });
    expect(flat.source.split("\n").filter(Boolean)).toEqual(["Level 1.", "Level 2."]);
    expect(flat.warnings.map((w) => w.code)).toEqual(["latex_limit"]);
    expect(flat.warnings[0]?.message).toBe(
      "f2.tex:2: include limit reached (100 files, 1000000 bytes, depth 3); \\input{f3} skipped",
    );
  });

  it("stops following inputs beyond the file limit with a warning", () => {
    const flat = flattenLatex(
      "p/main.tex",
      project({
        "p/main.tex": "\\input{a}\n\\input{b}\n\\input{c}",
        "p/a.tex": "A.",
        "p/b.tex": "B.",
        "p/c.tex": "C.",
      }),
      { maxFiles: 2, maxBytes: 1e6, maxDepth: 10 },
    );
    expect(flat.files).toEqual(["p/main.tex", "p/a.tex"]);
    expect(flat.warnings.map((w) => w.code)).toEqual(["latex_limit", "latex_limit"]);
  });

  it("throws an InputError when the main file cannot be read", () => {
    expect(() => flattenLatex("p/main.tex", project({}))).toThrow(InputError);
    expect(() => flattenLatex("p/main.tex", project({}))).toThrow("cannot read p/main.tex: no such file");
  });
});

describe("capWarnings", () => {
  it("keeps the first warnings of each code and counts the rest in one line", () => {
    const warnings = [
      ...Array.from({ length: 4 }, (_, i) => ({ code: "latex_missing_input", message: `missing ${i}` })),
      { code: "latex_cyclic_input", message: "cycle" },
    ];
    expect(capWarnings(warnings, 2)).toEqual([
      { code: "latex_missing_input", message: "missing 0" },
      { code: "latex_missing_input", message: "missing 1" },
      { code: "latex_cyclic_input", message: "cycle" },
      { code: "latex_missing_input", message: "2 more latex_missing_input warnings not shown" },
    ]);
  });

  it("caps the warnings of a flattened project at five per code", () => {
    const main = Array.from({ length: 8 }, (_, i) => `\\input{gone${i}}`).join("\n");
    const flat = flattenLatex("p/main.tex", project({ "p/main.tex": main }));
    expect(flat.warnings).toHaveLength(6);
    expect(flat.warnings[5]?.message).toBe("3 more latex_missing_input warnings not shown");
  });
});

describe("flattenLatex on includes that leave the tree", () => {
  const files = project({
    "paper/main.tex": [
      "\\input{/etc/passwd}",
      "\\include{../../x}",
      "\\import{/etc/}{passwd}",
      "\\subimport{../../}{x}",
      "\\subfile{C:/secret}",
      "\\input{~/notes}",
      "\\input{../shared/setup}",
      "\\lstinputlisting{/etc/passwd}",
      "\\verbatiminput{../../x}",
      "\\bibliography{/etc/passwd}",
    ].join("\n"),
    "shared/setup.tex": "Inside the tree, one folder up.",
  });

  it("refuses absolute and climbing paths before reading, and follows ../ that stays inside the tree", () => {
    const asked: string[] = [];
    const flat = flattenLatex("paper/main.tex", (p) => {
      asked.push(p);
      return files(p);
    });
    expect(asked.every((p) => !p.startsWith("/") && !p.startsWith(".."))).toBe(true);
    expect(flat.source).toContain("Inside the tree, one folder up.");
    expect(flat.warnings.map((w) => w.message)).toEqual([
      "main.tex:1: \\input{/etc/passwd} refused: an absolute path; only files inside the analysed folder are read",
      "main.tex:2: \\include{../../x} refused: outside the analysed folder; not read",
      "main.tex:3: \\import{/etc/}{passwd} refused: an absolute path; only files inside the analysed folder are read",
      "main.tex:4: \\subimport{../../}{x} refused: outside the analysed folder; not read",
      "main.tex:5: \\subfile{C:/secret} refused: an absolute path; only files inside the analysed folder are read",
      "1 more latex_input_refused warnings not shown",
    ]);
  });

  it("reports a refusal of the reader (a symlink) with its reason", () => {
    const flat = flattenLatex("main.tex", (p) =>
      p === "main.tex" ? "\\input{link}" : p === "link.tex" ? { refused: "a symbolic link" } : null,
    );
    expect(flat.warnings).toEqual([
      {
        code: "latex_input_refused",
        message: "main.tex:1: \\input{link} refused: a symbolic link",
        file: "main.tex",
      },
    ]);
  });
});
