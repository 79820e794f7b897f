/**
 * The names a paper coins for its own model, and the features that tell a value stated beside them from one
 * stated beside another coined name (a baseline's).
 */
import { describe, expect, it } from "@jest/globals";
import { analyzePaperDocument } from "../../../../src/readers/paper/analyze.js";
import { buildDocument } from "../../../../src/readers/paper/document.js";
import { featureStrings, indexCandidates } from "../../../../src/readers/paper/selector/features.js";
import { coinedNames, namesOneOf, ownNames } from "../../../../src/readers/paper/selector/own-names.js";

describe("ownNames: what the opening coins", () => {
  it("takes the name after a verb of coining, not the baselines the abstract names in passing", () => {
    const opening =
      "# Abstract\n\nWe introduce the Dynamic Trajectory Signature (DTS), a compact representation. " +
      "DTS beats MiniROCKET and ST-GCN on fall detection.";
    expect([...ownNames(opening)]).toEqual(["DTS"]);
    expect([...ownNames("# Abstract\n\nWe propose PonderNet-L, which halts adaptively.")]).toEqual([
      "PonderNet-L",
    ]);
    // Only the first name after the verb: the baselines the same sentence compares with are not coined.
    expect([...ownNames("# Abstract\n\nWe propose DTS-Net, which beats ST-GCN and MiniROCKET.")]).toEqual([
      "DTS-Net",
    ]);
  });

  it("takes the coined names of a PDF's title line, but none of a LaTeX heading", () => {
    expect([
      ...ownNames("DHGAT: Dual Heterogeneous Graph Attention for Fake News\nA. Author\nAbstract"),
    ]).toEqual(["DHGAT"]);
    expect([...ownNames("# Abstract\n\nWe compare GCN and GAT on fake news.")]).toEqual([]);
    // A heading of the text (LaTeX's sections) is no title line.
    expect([...ownNames("# DHGAT Results\n\nWe compare models.")]).toEqual([]);
  });

  it("coins no common acronym, device or capitalised compound", () => {
    expect([
      ...coinedNames("A CNN and an LSTM on one GPU, an RTX 3090, with a Multi-Layer Uncertainty-Aware head"),
    ]).toEqual([]);
    expect([...coinedNames("nnU-Net, BlueLM-7B, DenseNet, BMS-YOLO and C3D")]).toEqual([
      "nnU-Net",
      "BlueLM-7B",
      "DenseNet",
      "BMS-YOLO",
      "C3D",
    ]);
  });

  it("finds a name and its variants in a text ('DTS-Net', 'DTS+HGB' for DTS), not a longer word", () => {
    const names = new Set(["DTS"]);
    expect(namesOneOf("DTS-Net is trained for 40 epochs.", names)).toBe(true);
    expect(namesOneOf("DTS+HGB attains the best AUROC.", names)).toBe(true);
    expect(namesOneOf("DTSX is another model.", names)).toBe(false);
    expect(namesOneOf("Anything", new Set())).toBe(false);
  });
});

describe("selector features: whose value it is", () => {
  const text = [
    "# Abstract",
    "",
    "We propose DTS-Net, a detector of falls.",
    "",
    "## Training",
    "",
    "DTS-Net is trained for 40 epochs with AdamW.",
    "",
    "FullST-GCN-COCO is trained for 24 epochs.",
    "",
    "| Model | Params |",
    "| --- | --- |",
    "| DTS-Net | 1.2M |",
    "",
  ].join("\n");
  const analysis = analyzePaperDocument(buildDocument({ format: "markdown", pages: [text] }));
  const paper = indexCandidates(analysis.candidates, analysis.chosen, new Set(analysis.ownNames));
  const featuresOf = (field: string, value: number) => {
    const c = analysis.candidates.find((x) => x.fact.field === field && x.fact.value === value);
    if (!c) throw new Error(`no candidate ${field}=${value}`);
    return featureStrings(c, paper);
  };

  it("marks a value beside the paper's own model, and one beside another coined name", () => {
    expect(analysis.ownNames).toEqual(["DTS-Net"]);
    expect(featuresOf("epochs", 40)).toEqual(expect.arrayContaining(["own_name", "own_name_near"]));
    expect(featuresOf("epochs", 40)).not.toContain("other_name_near");
    expect(featuresOf("epochs", 24)).toContain("other_name_near");
    expect(featuresOf("epochs", 24)).not.toContain("own_name");
  });

  it("marks a table row labelled with the paper's own model", () => {
    expect(featuresOf("params", 1.2e6)).toContain("own_row");
  });
});
