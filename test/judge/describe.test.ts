/** Evidence as a short location, the one wording of every item message, cross-check note and report. */
import { chainOf, whereOf } from "../../src/judge/items/describe.js";
import type { PaperEvidence } from "../../src/domain/facts.js";

const paper = (extra: Partial<PaperEvidence>): PaperEvidence => ({
  kind: "paper",
  page: 4,
  section: "Experiments",
  quote: "We train for 100 epochs.",
  start: 0,
  end: 24,
  ...extra,
});

describe("whereOf", () => {
  it("gives a PDF's page, a LaTeX file's line, and a code file's line", () => {
    expect(whereOf(paper({}))).toBe("p. 4");
    expect(whereOf(paper({ page: null, file: "paper/main.tex", line: 120 }))).toBe("paper/main.tex:120");
    expect(whereOf({ kind: "code", file: "scripts/train.sh", line: 3, snippet: "--epochs 100" })).toBe(
      "scripts/train.sh:3",
    );
  });

  it("gives a LaTeX file alone when its line is unknown, and the section when there is no page", () => {
    expect(whereOf(paper({ page: null, file: "paper/main.tex" }))).toBe("paper/main.tex");
    expect(whereOf(paper({ page: null }))).toBe("Experiments");
    expect(whereOf(paper({ page: null, section: null }))).toBe("the paper");
  });
});

describe("chainOf", () => {
  it("lists what a code value overrides after where it is set", () => {
    expect(
      chainOf({
        evidence: { kind: "code", file: "scripts/train.slurm", line: 9, snippet: "--epochs 300" },
        overrides: [
          { value: 100, evidence: { kind: "code", file: "train.py", line: 13, snippet: "epochs=100" } },
        ],
      }),
    ).toBe("scripts/train.slurm:9, over 100 at train.py:13");
  });
});
