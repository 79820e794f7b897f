import { describe, expect, it } from "@jest/globals";
import type { Fact } from "../../../src/domain/facts.js";
import { analyzePaperDocument } from "../../../src/readers/paper/analyze.js";
import { buildDocument } from "../../../src/readers/paper/document.js";
import type { Extractor } from "../../../src/readers/paper/extractors/types.js";
import { evidenceText, paperEvidence, readText } from "./helpers.js";

describe("analyzePaperDocument", () => {
  it("gives PDF evidence its page and section title", () => {
    const paper = readText(
      [
        "1 Introduction\nSmall nets matter.",
        "2 Experimental Setup\nWe train TinyNet on four RTX 3090 cards.",
      ],
      "pdf",
    );
    const count = paper.facts.find((f) => f.field === "accelerator_count") as Fact;
    expect(paperEvidence(count)).toMatchObject({
      page: 2,
      section: "Experimental Setup",
      quote: "We train TinyNet on four RTX 3090 cards.",
    });
    expect(evidenceText(paper, count)).toBe("four RTX 3090");
  });

  it("quotes a sentence split over lines on one line", () => {
    const paper = readText("We train TinyNet on four\nRTX 3090 cards.", "text");
    const count = paper.facts.find((f) => f.field === "accelerator_count") as Fact;
    expect(paperEvidence(count).quote).toBe("We train TinyNet on four RTX 3090 cards.");
    expect(evidenceText(paper, count)).toBe("four\nRTX 3090");
  });

  it("gives each value the context of its clause: a conceded cited run's epochs are another's", () => {
    const paper = readText(
      "## Setup\n\nAlthough [24] ran their final model for 300 epochs, we ran our models for 30 epochs.",
    );
    const epochs = paper.facts.filter((f) => f.field === "epochs");
    expect(epochs.map((f) => [f.value, f.context])).toEqual([
      [300, "other"],
      [30, "training"],
    ]);
  });

  it("skips the references", () => {
    const paper = readText(
      "## Setup\n\nWe train on 8 GPUs.\n\n## References\n\nB. Alpha trained BigNet on 512 GPUs.",
    );
    expect(paper.facts.map((f) => f.value)).toEqual([8]);
  });

  it("cuts a long quote around the match and marks the cut", () => {
    const sentence = `We train TinyNet ${"with many careful settings ".repeat(30)}on 8 GPUs.`;
    const paper = readText(`## Setup\n\n${sentence}`);
    const count = paper.facts.find((f) => f.field === "accelerator_count") as Fact;
    const quote = paperEvidence(count).quote;
    expect(quote.startsWith("…")).toBe(true);
    expect(quote.endsWith("on 8 GPUs.")).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(401);
    expect(evidenceText(paper, count)).toBe("8 GPUs");
  });

  it("adds the source file and line when the document can locate an offset", () => {
    const doc = buildDocument({
      format: "latex",
      pages: ["# Setup\n\nWe train on 8 GPUs."],
      locate: (offset) => ({ file: "sections/setup.tex", line: offset < 9 ? 1 : 3 }),
    });
    const [count] = analyzePaperDocument(doc).facts;
    expect(count?.evidence).toMatchObject({ file: "sections/setup.tex", line: 3, page: null });
  });

  it("adjusts an extractor's confidence by context and clamps it to 0..1", () => {
    const always: Extractor = {
      name: "always",
      fields: ["epochs"],
      extract: (sentence) =>
        sentence.text.includes("epochs")
          ? [{ field: "epochs", value: 9, raw: "9 epochs", start: 0, end: 8, confidence: 0.99 }]
          : [],
    };
    const doc = buildDocument({
      format: "markdown",
      pages: ["## Implementation details\n\n9 epochs: we train.\n\n## Related Work\n\n9 epochs are common."],
    });
    const { facts } = analyzePaperDocument(doc, [always]);
    expect(facts.map((f) => [f.context, f.confidence])).toEqual([
      ["training", 1],
      ["other", 0.64],
    ]);
  });

  it("reads no value right after a plus-minus sign: it is the spread of the value before it", () => {
    // The value before the sign has no unit of its own, so nothing is read: abstaining, not guessing.
    const energy = (text: string) =>
      analyzePaperDocument(buildDocument({ format: "markdown", pages: [text] }))
        .facts.filter((f) => f.field === "energy_kwh")
        .map((f) => f.value);
    expect(energy("The model predicts a demand of 5036.9 ± 1122.4 megawatt hours.")).toEqual([]);
    expect(energy("Training used 42 +/- 3 kWh.")).toEqual([]);
    expect(energy("Training used 42 kWh and inference 3 kWh.")).toEqual([42, 3]);
    // "±" as "about", with no number before it: the value stays.
    const epochs = analyzePaperDocument(
      buildDocument({ format: "markdown", pages: ["The model was trained for ±100 epochs."] }),
    ).facts.filter((f) => f.field === "epochs");
    expect(epochs.map((f) => f.value)).toContain(100);
  });

  it("returns no facts and an empty summary for a document with no compute", () => {
    const paper = readText("# Poems\n\nRoses are red. Violets are blue.");
    expect(paper.facts).toEqual([]);
    expect(Object.values(paper.summary).every((v) => v === null)).toBe(true);
  });
});
