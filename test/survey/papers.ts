/**
 * Small papers written for the survey tests (invented text), laid out in a temporary folder: LaTeX main files
 * with an \input, a Markdown paper, a one-page PDF from test/helpers/pdf-writer.ts, and a corrupt PDF.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writePdf } from "../helpers/pdf-writer.js";

export const LATEX_A100 = String.raw`\documentclass{article}
\begin{document}
\title{Sparse Planners}
\section{Experiments}
We train the planner on 8 NVIDIA A100 80GB GPUs for 36 hours with a batch size of 256.
The model has 48M parameters and is trained for 100 epochs.
\end{document}
`;

export const LATEX_V100 = String.raw`% a comment line before the class
\documentclass[11pt]{article}
\begin{document}
\section{Setup}
\input{setup}
\end{document}
`;

export const LATEX_V100_SETUP = String.raw`Training ran on 4 NVIDIA V100 GPUs for 3 days, for 40 epochs with a batch size of 64.
`;

export const MARKDOWN_TPU = `# Dense Retrieval at Scale

## Experimental setup

The retriever was trained on 32 TPU v3 chips for 12 hours with a batch size of 1024.
`;

export const LATEX_SILENT = String.raw`\documentclass{article}
\begin{document}
\section{Method}
We propose a new attention variant and evaluate it on three benchmarks.
\end{document}
`;

export const PDF_LINES = [
  "Efficient Transformers for Small Labs",
  "4 Experiments",
  "All models were trained on 2 NVIDIA RTX 3090 GPUs for 10 hours.",
  "We use a batch size of 32 and train for 20 epochs.",
  "The results show that small models are competitive on our benchmarks.",
];

export interface SurveyFixture {
  root: string;
  papers: string;
  /** Paths relative to `papers`. */
  files: { a100: string; v100: string; silent: string; pdf: string; corrupt: string; markdown: string };
}

/** Writes the fixture papers under a fresh temporary folder. */
export function writeSurveyFixture(): SurveyFixture {
  const root = mkdtempSync(path.join(os.tmpdir(), "survey-test-"));
  const papers = path.join(root, "papers");
  const files = {
    a100: "sparse/main.tex",
    v100: "dense/paper.tex",
    silent: "silent.tex",
    pdf: "small-labs.pdf",
    corrupt: "broken/corrupt.pdf",
    markdown: "retrieval.md",
  };
  for (const dir of ["sparse", "dense", "broken"]) mkdirSync(path.join(papers, dir), { recursive: true });
  writeFileSync(path.join(papers, files.a100), LATEX_A100);
  writeFileSync(path.join(papers, files.v100), LATEX_V100);
  writeFileSync(path.join(papers, "dense/setup.tex"), LATEX_V100_SETUP);
  writeFileSync(path.join(papers, files.silent), LATEX_SILENT);
  writeFileSync(path.join(papers, files.pdf), writePdf([PDF_LINES]));
  writeFileSync(
    path.join(papers, files.corrupt),
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\ngarbage, no xref\n",
  );
  writeFileSync(path.join(papers, files.markdown), MARKDOWN_TPU);
  return { root, papers, files };
}
