import { runCheck, renderCheckMarkdown } from "../../src/pipeline.js";
import { renderAnalysisText } from "../../src/render/analysis.js";
import { placeOf } from "../../src/render/place.js";
import { readPaper } from "../../src/readers/paper/index.js";
import type { PaperEvidence } from "../../src/domain/facts.js";

const PAPER = "fixtures/papers/selector/fine-tuning.md";
const paperEvidence = (at: Partial<PaperEvidence>): PaperEvidence => ({
  kind: "paper",
  page: null,
  section: null,
  quote: "We train.",
  start: 0,
  end: 9,
  ...at,
});

describe("placeOf: where evidence is, the same in Markdown and text", () => {
  it("names the page or the file and line, then the section", () => {
    expect(placeOf(paperEvidence({ page: 4, section: "Setup" }))).toBe("p. 4 (Setup)");
    expect(placeOf(paperEvidence({ file: "paper/main.tex", line: 12, section: "Setup" }))).toBe(
      "paper/main.tex:12 (Setup)",
    );
    expect(placeOf({ kind: "code", file: "train.py", line: 13, snippet: "epochs = 3" })).toBe("train.py:13");
  });

  it("names the section once when a Markdown or text paper has neither page nor file", () => {
    expect(placeOf(paperEvidence({ section: "Setup" }))).toBe("Setup");
    expect(placeOf(paperEvidence({}))).toBe("the paper");
  });

  it("cites a Markdown paper's section once in the posted checklist and in analyze's table", async () => {
    const markdown = renderCheckMarkdown(await runCheck({ dir: "fixtures/papers/selector", paper: PAPER }));
    expect(markdown).toContain('- Pre-training: "We pre-train the backbone');
    expect(markdown).not.toContain("Pre-training (Pre-training)");
    const text = renderAnalysisText(await readPaper(PAPER), null, { width: 200 });
    expect(text).toMatch(/\n {2}epochs {15}300 {20}Pre-training: "We pre-train the backbone/);
  });
});
