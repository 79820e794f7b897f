import fc from "fast-check";
import { flattenLatex } from "../../src/readers/paper/latex/flatten.js";
import { latexToText } from "../../src/readers/paper/latex/to-text.js";
import { InputError } from "../../src/domain/errors.js";
import { fuzzParameters, fuzzTimeout, tokens } from "./settings.js";

const LATEX = [
  "\\",
  "{",
  "}",
  "[",
  "]",
  "$",
  "$$",
  "%",
  "&",
  "~",
  "^",
  "_",
  "\\\\",
  "\\(",
  "\\)",
  "\\[",
  "\\]",
  "\\begin{",
  "\\end{",
  "table}",
  "tabular}{ll}",
  "equation}",
  "verbatim}",
  "document}",
  "\\section",
  "\\section[",
  "\\caption{",
  "\\footnote{",
  "\\textbf{",
  "\\newcommand{\\x}",
  "\\newcommand{\\y}[1]{#1#1}",
  "\\x",
  "\\y",
  "\\def\\z",
  "\\z",
  "#1",
  "\\verb|",
  "\\num{",
  "\\SI{",
  "\\frac",
  "\\cite{",
  "\\input{",
  "\\input{a}",
  "\\include{b}",
  "\\import{",
  "\\subfile{",
  "../doors/review-/",
  "/etc/passwd",
  "\\answerYes{",
  "\\gls{",
  "\\newacronym{",
  "8 GPUs",
  "A100",
  "for 3 days",
  "\\,",
  "\\'",
];

describe("fuzzing the LaTeX pipeline", () => {
  it(
    "converts any source without throwing, and every output offset maps into the source",
    () => {
      fc.assert(
        fc.property(tokens(LATEX, 200), (source) => {
          const converted = latexToText(source);
          for (const offset of [0, Math.floor(converted.text.length / 2), converted.text.length - 1]) {
            if (offset < 0) continue;
            const at = converted.sourceOffsetAt(offset);
            expect(at).toBeGreaterThanOrEqual(0);
            expect(at).toBeLessThanOrEqual(source.length);
          }
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    "flattens any project: only tree paths are read, every line is traced, refusals are warnings",
    () => {
      const names = fc.constantFrom("main.tex", "a.tex", "b.tex", "sub/c.tex", "sub/../a.tex");
      fc.assert(
        fc.property(fc.dictionary(names, tokens(LATEX, 60), { maxKeys: 5 }), (files) => {
          const project: Record<string, string> = { "main.tex": "", ...files };
          const asked: string[] = [];
          try {
            const flat = flattenLatex("main.tex", (p) => {
              asked.push(p);
              return project[p] ?? null;
            });
            expect(flat.lines).toHaveLength(flat.source.split("\n").length);
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
          }
          for (const p of asked) {
            expect(p.startsWith("/")).toBe(false);
            expect(p.split("/")).not.toContain("..");
          }
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(30_000),
  );
});
