/**
 * Reading the compute-resources answer of a venue checklist printed in a paper (NeurIPS item 8 and 2021's
 * 3(d), ACL C1), from documents we write in the text forms the loaders produce.
 */
import { buildDocument, type PaperFormat } from "../../../src/readers/paper/document.js";
import { latexToText } from "../../../src/readers/paper/latex/to-text.js";
import { readVenueAnswers, type VenueAnswer } from "../../../src/readers/paper/venue-checklist.js";

function answersOf(text: string, format: PaperFormat = "latex"): VenueAnswer[] {
  return readVenueAnswers(buildDocument({ format, pages: [text] }));
}

const NEURIPS_QUESTION =
  "For each experiment, does the paper provide sufficient information on the computer resources (type of compute workers, memory, time of execution) needed to reproduce the experiments?";

/** NeurIPS 2024 item 8 as latexToText renders the official checklist (`\item[] Answer: \answerYes{}`). */
function neuripsItem8(answer: string, justification: string): string {
  return [
    "# NeurIPS Paper Checklist",
    "",
    "•  Claims ",
    "• [] Question: Do the main claims made in the abstract and introduction reflect the paper's scope? ",
    "• [] Answer: [Yes]  ",
    "• [] Justification: The abstract lists the three contributions. ",
    "•  Experiments compute resources ",
    `• [] Question: ${NEURIPS_QUESTION} `,
    `• [] Answer: ${answer}  `,
    `• [] Justification: ${justification} `,
    "• [] Guidelines: ",
    "",
    "• The answer NA means that the paper does not include experiments. ",
    "",
    "•  Code of ethics ",
    "• [] Question: Does the research conform with the NeurIPS Code of Ethics? ",
    "• [] Answer: [No]  ",
    "• [] Justification: We explain why in the appendix. ",
    "",
  ].join("\n");
}

describe("NeurIPS item 8", () => {
  it("reads a Yes with its justification, not the neighbouring items' answers", () => {
    const text = neuripsItem8(
      "[Yes]",
      "Section 4 gives the GPU model, their number and the time of each run.",
    );
    const answers = answersOf(text);
    expect(answers).toHaveLength(1);
    const [answer] = answers as [VenueAnswer];
    expect(answer).toMatchObject({
      venue: "neurips",
      item: "neurips.8",
      answer: "yes",
      justification: "Section 4 gives the GPU model, their number and the time of each run.",
    });
    expect(answer.evidence).toMatchObject({ kind: "paper", page: null, section: "NeurIPS Paper Checklist" });
    expect(answer.evidence.quote).toBe(
      `Experiments compute resources • [] Question: ${NEURIPS_QUESTION} • [] Answer: [Yes]`,
    );
    expect(text.slice(answer.evidence.start, answer.evidence.end)).toMatch(
      /^Experiments compute resources[\s\S]*Answer: \[Yes\]$/,
    );
  });

  it("reads No, N/A and TODO", () => {
    expect(answersOf(neuripsItem8("[No]", "We did not record the run times."))).toMatchObject([
      { item: "neurips.8", answer: "no", justification: "We did not record the run times." },
    ]);
    expect(answersOf(neuripsItem8("[N/A]", "The paper has no experiments."))).toMatchObject([
      { item: "neurips.8", answer: "na", justification: "The paper has no experiments." },
    ]);
    expect(answersOf(neuripsItem8("[NA]", "No experiments."))).toMatchObject([{ answer: "na" }]);
    expect(answersOf(neuripsItem8("[TODO]", "[TODO]"))).toMatchObject([{ answer: "todo" }]);
  });

  it("reads the numbered Markdown form and stops the justification at the guidelines", () => {
    const text = [
      "## NeurIPS Paper Checklist",
      "",
      "8. Experiments Compute Resources",
      "",
      `Question: ${NEURIPS_QUESTION}`,
      "",
      "Answer: [Yes]",
      "",
      "Justification: Appendix C lists the hardware.",
      "Guidelines: The answer NA means that the paper does not include experiments.",
      "",
    ].join("\n");
    expect(answersOf(text, "markdown")).toMatchObject([
      { item: "neurips.8", answer: "yes", justification: "Appendix C lists the hardware." },
    ]);
  });

  it("reads the answer from the checklist's LaTeX source", () => {
    const source = String.raw`\documentclass{article}
\begin{document}
\section*{NeurIPS Paper Checklist}
\begin{enumerate}
\item {\bf Experiments compute resources}
  \item[] Question: ${NEURIPS_QUESTION}
  \item[] Answer: \answerYes{}
  \item[] Justification: Section 4 and Appendix B.
\end{enumerate}
\end{document}`;
    const answers = readVenueAnswers(buildDocument({ format: "latex", pages: [latexToText(source).text] }));
    expect(answers).toMatchObject([
      { item: "neurips.8", answer: "yes", justification: "Section 4 and Appendix B." },
    ]);
  });

  it("gives the page of a PDF's answer and the file and line of a LaTeX source's", () => {
    const pdf = readVenueAnswers(
      buildDocument({
        format: "pdf",
        pages: ["# Introduction\n\nWe study planners.", neuripsItem8("[Yes]", "See Section 4.")],
      }),
    );
    expect(pdf[0]?.evidence.page).toBe(2);
    const latex = readVenueAnswers(
      buildDocument({
        format: "latex",
        pages: [neuripsItem8("[Yes]", "See Section 4.")],
        locate: () => ({ file: "sections/checklist.tex", line: 12 }),
      }),
    );
    expect(latex[0]?.evidence).toMatchObject({ file: "sections/checklist.tex", line: 12 });
  });
});

describe("NeurIPS 2021 item 3(d)", () => {
  it("reads the answer after the question", () => {
    const text = [
      "# Checklist",
      "",
      "3. If you ran experiments...",
      "(a) Did you include the code, data, and instructions needed to reproduce the main experimental results? [Yes]",
      "(d) Did you include the total amount of compute and the type of resources used (e.g., type of GPUs, internal cluster, or cloud provider)? [No]",
      "(e) Did you report error bars? [Yes]",
      "",
    ].join("\n");
    const answers = answersOf(text);
    expect(answers).toMatchObject([{ venue: "neurips", item: "neurips.3d", answer: "no" }]);
    expect(answers[0]?.evidence.quote).toBe(
      "total amount of compute and the type of resources used (e.g., type of GPUs, internal cluster, or cloud provider)? [No]",
    );
  });

  it("does not take the answer of item (e) when (d) is unanswered", () => {
    const text = [
      "# Checklist",
      "",
      "(d) Did you include the total amount of compute and the type of resources used (e.g., type of GPUs, internal cluster, or cloud provider)?",
      "(e) Did you report error bars? [Yes]",
      "",
    ].join("\n");
    expect(answersOf(text)).toEqual([]);
  });
});

describe("ACL Responsible NLP checklist C1", () => {
  const C1 =
    "C1. Did you report the number of parameters in the models used, the total computational budget (e.g., GPU hours), and computing infrastructure used?";

  it("reads a bracketed answer", () => {
    const text = [
      "# Responsible NLP Checklist",
      "",
      `${C1} [Yes]`,
      "C2. Did you discuss the experimental setup? [No]",
      "",
    ].join("\n");
    expect(answersOf(text)).toMatchObject([{ venue: "acl", item: "acl.C1", answer: "yes" }]);
  });

  it("reads an Answer: line with its justification", () => {
    const text = [
      "# Responsible NLP Checklist",
      "",
      C1,
      "Answer: No",
      "Justification: We did not track the GPU hours.",
      "",
      "C2. Did you discuss the experimental setup?",
      "Answer: Yes",
      "",
    ].join("\n");
    expect(answersOf(text)).toMatchObject([
      { item: "acl.C1", answer: "no", justification: "We did not track the GPU hours." },
    ]);
  });

  it("does not take the answer of C2 when C1 is unanswered", () => {
    const text = [
      "# Responsible NLP Checklist",
      "",
      C1,
      "C2. Did you discuss the experimental setup? [Yes]",
      "",
    ].join("\n");
    expect(answersOf(text)).toEqual([]);
  });
});

describe("papers without a checklist", () => {
  it("returns no answer", () => {
    expect(answersOf("# Experiments\n\nWe train on 8 GPUs for 3 days. [Yes] we do.\n", "markdown")).toEqual(
      [],
    );
  });

  it("returns no answer for a question that is never answered", () => {
    expect(
      answersOf(`# Checklist\n\n8. Experiments compute resources\n\nQuestion: ${NEURIPS_QUESTION}\n`),
    ).toEqual([]);
  });

  it("does not take the next numbered item's answer", () => {
    const text = [
      "# Checklist",
      "",
      "8. Experiments compute resources",
      "Guidelines: The answer NA means that the paper does not include experiments.",
      "",
      "9. Code of ethics",
      "Answer: [Yes]",
      "Justification: We follow it.",
      "",
    ].join("\n");
    expect(answersOf(text)).toEqual([]);
  });
});
