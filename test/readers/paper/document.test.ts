import { describe, expect, it } from "@jest/globals";
import { buildDocument, type PaperDocument } from "../../../src/readers/paper/document.js";
import { canonicalSectionName } from "../../../src/readers/paper/sections.js";

const sentenceTexts = (doc: PaperDocument) => doc.sentences.map((s) => s.text);
const sectionSummary = (doc: PaperDocument) =>
  doc.sections.map((s) => [s.title, s.canonical, s.level, s.appendix]);

/** A three-page PDF with a running head and page numbers, references, and an appendix with no "Appendix" heading. */
const PDF_PAGES = [
  "TinyNet: Small Networks for Tiny Budgets\n1 Introduction\nSmall networks matter for labs with one GPU.\n2 Method\nTinyNet stacks depthwise blocks.\n1",
  "TinyNet: Small Networks for Tiny Budgets\n3 Experimental Setup\nWe train TinyNet on four RTX 3090\ncards for two days.\nModel\tParams\tEpochs\nTinyNet-S\t1.2M\t90\nTinyNet-L\t4.8M\t120\nThe larger model needs more epochs.\n2",
  "TinyNet: Small Networks for Tiny Budgets\nReferences\nAlpha, B. and Gamma, D. Big nets. In Proc. of Nets, 2021.\nA Extra Experiments\nWe also train TinyNet-S on one GPU.\n3",
];

describe("canonicalSectionName", () => {
  it.each([
    ["Experimental Setup", "implementation"],
    ["4.2 Training Details", "implementation"],
    ["Implementation details", "implementation"],
    ["Hyperparameters", "implementation"],
    ["Compute Resources", "implementation"],
    ["Environmental Impact", "implementation"],
    ["Related Work", "related_work"],
    ["2 Prior Work", "related_work"],
    ["Acknowledgements", "acknowledgments"],
    ["Acknowledgments and Disclosure of Funding", "acknowledgments"],
    ["NeurIPS Paper Checklist", "checklist"],
    ["References", "references"],
    ["Bibliography", "references"],
    ["Appendix", "appendix"],
    ["Supplementary Material", "appendix"],
    ["Appendix B: More Samples", "appendix"],
    ["Appendix C Compute Budget", "implementation"],
    ["Introduction", "introduction"],
    ["Background", "background"],
    ["Experiments", "experiments"],
    ["5 Results and Discussion", "results"],
    ["Ablation Study", "results"],
    ["Conclusion and Future Work", "conclusion"],
    ["Limitations", "limitations"],
    ["Broader Impact", "broader_impact"],
    ["Abstract", "abstract"],
    ["Our Approach", "method"],
    ["A Tale of Two Cities", "other"],
  ])("names %j as %s", (title, canonical) => {
    expect(canonicalSectionName(title)).toBe(canonical);
  });
});

describe("buildDocument: Markdown and text", () => {
  it("reads Markdown headings as sections with canonical names and levels", () => {
    const doc = buildDocument({
      format: "markdown",
      pages: [
        "# Abstract\n\nWe study TinyNet.\n\n## 4.1 Implementation details\n\nWe use Adam.\n\n## Related Work\n\nOthers use big nets.\n\n## Acknowledgments\n\nWe thank the lab.\n\n# Appendix\n\n## More results\n\nExtra tables.",
      ],
    });
    expect(sectionSummary(doc)).toEqual([
      ["Abstract", "abstract", 1, false],
      ["4.1 Implementation details", "implementation", 2, false],
      ["Related Work", "related_work", 2, false],
      ["Acknowledgments", "acknowledgments", 2, false],
      ["Appendix", "appendix", 1, true],
      ["More results", "results", 2, true],
    ]);
    expect(doc.sentences.map((s) => [s.text, s.section])).toEqual([
      ["We study TinyNet.", 0],
      ["We use Adam.", 1],
      ["Others use big nets.", 2],
      ["We thank the lab.", 3],
      ["Extra tables.", 5],
    ]);
  });

  it("makes section ranges cover the text up to the next heading", () => {
    const text = "# Method\n\nWe stack blocks.\n\n# Experiments\n\nWe train.";
    const doc = buildDocument({ format: "markdown", pages: [text] });
    expect(doc.sections.map((s) => text.slice(s.start, s.end))).toEqual([
      "# Method\n\nWe stack blocks.\n\n",
      "# Experiments\n\nWe train.",
    ]);
  });

  it("reads bare section names on their own line as headings in plain text", () => {
    const doc = buildDocument({
      format: "text",
      pages: [
        "Abstract\nWe study TinyNet.\n\nExperiments\nWe train it.\n\nAcknowledgements:\nWe thank the lab.",
      ],
    });
    expect(sectionSummary(doc)).toEqual([
      ["Abstract", "abstract", 1, false],
      ["Experiments", "experiments", 1, false],
      ["Acknowledgements", "acknowledgments", 1, false],
    ]);
  });

  it("gives text documents one page and no page numbers on sentences", () => {
    const doc = buildDocument({ format: "text", pages: ["We train TinyNet."] });
    expect(doc.pages).toEqual([{ number: 1, start: 0, end: 17 }]);
    expect(doc.sentences[0]?.page).toBeNull();
    expect(doc.sentences[0]?.section).toBeNull();
  });

  it("returns an empty structure for empty text", () => {
    const doc = buildDocument({ format: "markdown", pages: [""] });
    expect(doc.sentences).toEqual([]);
    expect(doc.sections).toEqual([]);
  });
});

describe("buildDocument: sentences", () => {
  it("splits at full stops, question marks and exclamation marks followed by a capital or a digit", () => {
    const doc = buildDocument({
      format: "markdown",
      pages: ["We train TinyNet. Does it converge? It does! 90 epochs suffice."],
    });
    expect(sentenceTexts(doc)).toEqual([
      "We train TinyNet.",
      "Does it converge?",
      "It does!",
      "90 epochs suffice.",
    ]);
  });

  it("does not split after abbreviations such as e.g., i.e., et al., Fig., Sec., vs. and cf.", () => {
    const paragraph =
      "Small nets, e.g. TinyNet, train fast. Big nets, i.e. Giants, do not. Alpha et al. Train them longer. See Fig. 3 and Sec. 4 vs. Tab. 2, cf. Eq. 1.";
    const doc = buildDocument({ format: "markdown", pages: [paragraph] });
    expect(sentenceTexts(doc)).toEqual([
      "Small nets, e.g. TinyNet, train fast.",
      "Big nets, i.e. Giants, do not.",
      "Alpha et al. Train them longer.",
      "See Fig. 3 and Sec. 4 vs. Tab. 2, cf. Eq. 1.",
    ]);
  });

  it("does not split after an initial", () => {
    const doc = buildDocument({ format: "markdown", pages: ["J. Doe trained the model. It worked."] });
    expect(sentenceTexts(doc)).toEqual(["J. Doe trained the model.", "It worked."]);
  });

  it("joins the visual lines of a paragraph into one sentence, reading line breaks as spaces", () => {
    const doc = buildDocument({
      format: "text",
      pages: ["We train TinyNet on four\nRTX 3090 cards for two\ndays."],
    });
    expect(sentenceTexts(doc)).toEqual(["We train TinyNet on four RTX 3090 cards for two days."]);
  });

  it("ends a paragraph at a blank line and numbers paragraphs", () => {
    const doc = buildDocument({ format: "text", pages: ["One. Two.\n\nThree."] });
    expect(doc.sentences.map((s) => [s.text, s.paragraph])).toEqual([
      ["One.", 1],
      ["Two.", 1],
      ["Three.", 2],
    ]);
  });

  it("gives sentence offsets that point into doc.text", () => {
    const doc = buildDocument({ format: "pdf", pages: PDF_PAGES });
    expect(doc.sentences.length).toBeGreaterThan(5);
    for (const sentence of doc.sentences) {
      expect(doc.text.slice(sentence.start, sentence.end).replace(/[\n\t]/g, " ")).toBe(sentence.text);
    }
    const twoLines = doc.sentences.find((s) => s.text.startsWith("We train TinyNet on four"));
    expect(twoLines?.text).toBe("We train TinyNet on four RTX 3090 cards for two days.");
    expect(doc.text.slice(twoLines?.start, twoLines?.end)).toBe(
      "We train TinyNet on four RTX 3090\ncards for two days.",
    );
  });

  it("cuts a run-on sentence into pieces of at most 1,200 characters at spaces", () => {
    const runOn = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const doc = buildDocument({ format: "text", pages: [runOn] });
    expect(doc.sentences.length).toBeGreaterThan(1);
    expect(doc.sentences.every((s) => s.text.length <= 1200)).toBe(true);
    expect(doc.sentences.map((s) => s.text).join(" ")).toBe(runOn);
  });
});

describe("buildDocument: tables", () => {
  it("keeps each tab-separated table row as its own sentence, sharing one paragraph", () => {
    const doc = buildDocument({ format: "pdf", pages: PDF_PAGES });
    const rows = doc.sentences.filter((s) => s.kind === "table_row");
    expect(rows.map((s) => s.text)).toEqual([
      "Model Params Epochs",
      "TinyNet-S 1.2M 90",
      "TinyNet-L 4.8M 120",
    ]);
    expect(new Set(rows.map((s) => s.paragraph)).size).toBe(1);
    const after = doc.sentences.find((s) => s.text === "The larger model needs more epochs.");
    expect(after?.kind).toBe("prose");
    expect(after?.paragraph).not.toBe(rows[0]?.paragraph);
  });

  it("reads pipe-separated rows and mostly-numeric lines as table rows", () => {
    const doc = buildDocument({
      format: "text",
      pages: ["We list the settings.\n| Batch size | 128 |\n| Epochs | 40 |\nTinyNet 71.2 75.3 76.1"],
    });
    expect(doc.sentences.map((s) => [s.text, s.kind])).toEqual([
      ["We list the settings.", "prose"],
      ["| Batch size | 128 |", "table_row"],
      ["| Epochs | 40 |", "table_row"],
      ["TinyNet 71.2 75.3 76.1", "table_row"],
    ]);
  });
});

describe("buildDocument: PDF", () => {
  const doc = buildDocument({ format: "pdf", pages: PDF_PAGES });

  it("keeps page boundaries and joins pages with a blank line", () => {
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3]);
    for (const [index, page] of doc.pages.entries())
      expect(doc.text.slice(page.start, page.end)).toBe(PDF_PAGES[index]);
  });

  it("reads numbered headings as sections without their numbers", () => {
    expect(sectionSummary(doc)).toEqual([
      ["Introduction", "introduction", 1, false],
      ["Method", "method", 1, false],
      ["Experimental Setup", "implementation", 1, false],
      ["References", "references", 1, false],
      ["Extra Experiments", "experiments", 1, true],
    ]);
  });

  it("puts a top-level section after the references in the appendix", () => {
    const extra = doc.sentences.find((s) => s.text === "We also train TinyNet-S on one GPU.");
    expect(extra?.page).toBe(3);
    expect(doc.sections[extra?.section ?? -1]?.appendix).toBe(true);
  });

  it("drops running heads and page numbers", () => {
    expect(sentenceTexts(doc).some((t) => t.includes("Tiny Budgets"))).toBe(false);
    expect(sentenceTexts(doc).some((t) => /^\d+$/.test(t))).toBe(false);
  });

  it("gives every sentence the page it starts on", () => {
    const pages = Object.fromEntries(doc.sentences.map((s) => [s.text, s.page]));
    expect(pages["Small networks matter for labs with one GPU."]).toBe(1);
    expect(pages["TinyNet-S 1.2M 90"]).toBe(2);
    expect(pages["We also train TinyNet-S on one GPU."]).toBe(3);
  });

  it("does not read a numbered sentence, a table row or a Markdown heading as a PDF heading", () => {
    const other = buildDocument({
      format: "pdf",
      pages: ["1 Introduction\n3 We train for ten days.\nResNet 71.2 75.3 76.1\n# Not a heading"],
    });
    expect(other.sections.map((s) => s.title)).toEqual(["Introduction"]);
    expect(sentenceTexts(other)).toEqual([
      "3 We train for ten days.",
      "ResNet 71.2 75.3 76.1",
      "# Not a heading",
    ]);
  });

  it("does not treat a section after the references as an appendix in Markdown", () => {
    const markdown = buildDocument({
      format: "markdown",
      pages: ["# References\n\nA. Author. Nets. 2020.\n\n# Extra Experiments\n\nWe train more."],
    });
    expect(sectionSummary(markdown)).toEqual([
      ["References", "references", 1, false],
      ["Extra Experiments", "experiments", 1, false],
    ]);
  });
});

describe("buildDocument: LaTeX", () => {
  it("reads the Markdown-style headings the LaTeX converter writes and each line as one paragraph", () => {
    const doc = buildDocument({
      format: "latex",
      pages: [
        "# Experimental Setup\n\nWe train TinyNet. It converges.\nA second paragraph.\nTrainer 2 GPUs 3 days",
      ],
    });
    expect(sectionSummary(doc)).toEqual([["Experimental Setup", "implementation", 1, false]]);
    expect(doc.sentences.map((s) => [s.text, s.paragraph])).toEqual([
      ["We train TinyNet.", 1],
      ["It converges.", 1],
      ["A second paragraph.", 2],
      ["Trainer 2 GPUs 3 days", 3],
    ]);
  });

  it("keeps the source locator it is given", () => {
    const locate = () => ({ file: "main.tex", line: 7 });
    const doc = buildDocument({ format: "latex", pages: ["We train."], locate });
    expect(doc.locate?.(0)).toEqual({ file: "main.tex", line: 7 });
  });
});
