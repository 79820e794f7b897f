/** Inputs the first version of the checklist got wrong (found while writing its unit tests). */
import { chosenFrom } from "../helpers/chosen.js";
import { crosscheck } from "../../src/judge/crosscheck.js";
import { parseDeclaration } from "../../src/readers/declaration.js";
import { runCheck } from "../../src/pipeline.js";
import type { Fact } from "../../src/domain/facts.js";
import { buildDocument } from "../../src/readers/paper/document.js";
import { readVenueAnswers } from "../../src/readers/paper/venue-checklist.js";

const FIXTURES = [
  "fixtures/demo",
  ...["all-disclosed", "nothing-disclosed", "code-missing", "paper-missing"].map(
    (f) => `fixtures/check/${f}`,
  ),
];

describe("regressions of the checklist", () => {
  it.each(FIXTURES)("offers a footprint.yml that validates as pasted (%s)", async (dir) => {
    const report = await runCheck({ dir });
    expect(parseDeclaration("footprint.yml", report.snippets.footprintYml).errors).toEqual([]);
  });

  it("puts a project total the paper states into the snippets", async () => {
    const report = await runCheck({ dir: "fixtures/check/all-disclosed" });
    expect(report.snippets.paragraph).toContain("used about 2,400 GPU-hours.");
    expect(report.snippets.footprintYml).toContain("total_gpu_hours: 2400");
  });

  it("does not take the next item's answer for an unanswered NeurIPS item 8", () => {
    const text = [
      "# Paper Checklist",
      "",
      "• Experiments compute resources • [] Question: Does the paper give the compute? • [] Answer: • [] Justification:",
      "",
      "• Code of ethics • [] Question: Does the research conform? • [] Answer: [Yes] • [] Justification: It does.",
    ].join("\n");
    expect(readVenueAnswers(buildDocument({ format: "latex", pages: [text] }))).toEqual([]);
  });

  it("reads the justification written right after the answer in the 2021 form", () => {
    const text =
      "(d) Did you include the total amount of compute and the type of resources used (e.g., type of GPUs, internal cluster, or cloud provider)? [Yes] See Section 4.\n\n4. If you are using existing assets...";
    const [answer] = readVenueAnswers(buildDocument({ format: "markdown", pages: [text] }));
    expect(answer).toMatchObject({ item: "neurips.3d", answer: "yes", justification: "See Section 4." });
  });

  it("reads only vendored code as nothing set by the authors", () => {
    const paper: Fact = {
      field: "epochs",
      value: 100,
      raw: "100 epochs",
      confidence: 0.9,
      context: "training",
      evidence: {
        kind: "paper",
        page: 4,
        section: "Setup",
        quote: "We train for 100 epochs.",
        start: 0,
        end: 10,
      },
    };
    const vendored: Fact = {
      field: "epochs",
      value: 300,
      raw: "300",
      confidence: 0.9,
      context: "training",
      evidence: { kind: "code", file: "third_party/lib/train.py", line: 3, snippet: "EPOCHS = 300" },
    };
    const entries = crosscheck({
      paperFacts: [paper],
      paperChosen: chosenFrom([paper], { epochs: 100 }),
      codeFacts: [vendored],
      codeChosen: chosenFrom([vendored], { epochs: 300 }),
    });
    expect(entries).toEqual([
      { field: "epochs", status: "paper_only", paper: { value: 100, evidence: paper.evidence }, code: null },
    ]);
  });
});
