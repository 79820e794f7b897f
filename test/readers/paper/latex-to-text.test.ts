import { describe, expect, it } from "@jest/globals";
import { latexToText } from "../../../src/readers/paper/latex/to-text.js";

/** The non-empty lines of the converted text, runs of spaces collapsed: what a reader sees, line by line. */
function lines(source: string): string[] {
  return latexToText(source)
    .text.split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** The converted text as one line, spaces collapsed. */
function flat(source: string): string {
  return lines(source).join(" ");
}

const PAPER = String.raw`\documentclass{article}
\usepackage{amsmath}
\newcommand{\gpu}{RTX 3090}
\title{TinyNet}
\author{A. Author}
\begin{document}
\maketitle
\begin{abstract}
We study TinyNet.
\end{abstract}
\section{Experimental Setup}\label{sec:setup}
We train on four \gpu{} cards % nobody reads this
for two days~\cite{alpha2021}.
\begin{thebibliography}{9}
\bibitem{alpha2021} B. Alpha. Big nets trained on 512 GPUs. 2021.
\end{thebibliography}
\end{document}
Notes after the end of the document.`;

describe("latexToText: structure", () => {
  it("keeps the body, drops the preamble, comments, title block and bibliography", () => {
    expect(lines(PAPER)).toEqual([
      "# Abstract",
      "We study TinyNet.",
      "# Experimental Setup",
      "We train on four RTX 3090 cards for two days [cite].",
    ]);
  });

  it("writes sectioning commands as Markdown headings by level", () => {
    expect(
      lines(String.raw`\section{Method}
\subsection{Training details}
\subsubsection*{Hardware}
\paragraph{Cost.} It took 2 days.`),
    ).toEqual(["# Method", "## Training details", "### Hardware", "#### Cost.", "It took 2 days."]);
  });

  it("converts a whole fragment when there is no document environment", () => {
    expect(lines("Only a fragment with 4 GPUs.")).toEqual(["Only a fragment with 4 GPUs."]);
  });

  it("starts an appendix heading at \\appendix", () => {
    expect(lines("Main text.\n\\appendix\n\\section{Compute}\nWe used 4 GPUs.")).toEqual([
      "Main text.",
      "# Appendix",
      "# Compute",
      "We used 4 GPUs.",
    ]);
  });

  it("ends a paragraph at a blank line", () => {
    expect(latexToText("First paragraph.\n\nSecond paragraph.").text).toBe(
      "First paragraph.\n\nSecond paragraph.",
    );
  });

  it("keeps list items as bullets", () => {
    expect(
      lines("\\begin{itemize}\n\\item We train on 4 GPUs.\n\\item We train for 3 days.\n\\end{itemize}"),
    ).toEqual(["• We train on 4 GPUs.", "• We train for 3 days."]);
  });
});

describe("latexToText: numbers and math", () => {
  it("reads $8\\times$, $10^{-3}$, \\sim and \\approx as a reader would", () => {
    expect(
      flat(String.raw`We use $8\times$ fewer GPUs, a rate of $10^{-3}$, $\sim$3 days and $\approx 36$ h.`),
    ).toBe("We use 8× fewer GPUs, a rate of 10^-3, ~3 days and ≈36 h.");
  });

  it("joins digit groups split by a thin space (10\\,000) but keeps a thin space before a unit", () => {
    expect(latexToText(String.raw`10\,000 steps in 36\,h`).text).toBe("10000 steps in 36\u2009h");
  });

  it("reads siunitx numbers, quantities and ranges", () => {
    expect(
      flat(
        String.raw`\num{25000} images, \num{10\,000} steps, \SI{3}{\hour}, \SI{32}{\giga\byte}, \qty{120}{\kilo\watt\hour}, \numrange{15}{18} hours.`,
      ),
    ).toBe("25000 images, 10000 steps, 3 h, 32 GB, 120 kWh, 15-18 hours.");
  });

  it("keeps the content of inline and display math delimiters", () => {
    expect(flat(String.raw`Math \(x = 5\) and \[y = 6\] and $$z = 7$$.`)).toBe(
      "Math x = 5 and y = 6 and z = 7 .",
    );
  });

  it("reads \\frac as a slash", () => {
    expect(flat(String.raw`a rate of $\frac{1}{2}$ per step`)).toBe("a rate of 1/2 per step");
  });
});

describe("latexToText: macros", () => {
  it("resolves \\newcommand and \\def text macros, with arguments and an optional default", () => {
    expect(
      flat(String.raw`\def\steps{300k}
\newcommand{\model}[1][Tiny]{#1Net}
\newcommand\gpus{eight}
\newcommand{\hours}[1]{#1 hours}
We run \steps{} steps with \model{} and \model[Big] on \gpus\ GPUs for \hours{36}.`),
    ).toBe("We run 300k steps with TinyNet and BigNet on eight GPUs for 36 hours.");
  });

  it("resolves macros defined in the preamble", () => {
    expect(
      flat(String.raw`\newcommand{\hw}{V100}
\begin{document}
We use one \hw.
\end{document}`),
    ).toBe("We use one V100.");
  });

  it("expands acronyms from \\newacronym, in the plural too", () => {
    expect(
      flat(String.raw`\newacronym{gpu}{GPU}{graphics processing unit}
We use one \gls{gpu}, two \glspl{gpu} and an \ac{gpu}.`),
    ).toBe("We use one GPU, two GPUs and an GPU.");
  });

  it("keeps the text of style commands and the base letter of accents", () => {
    expect(flat(String.raw`Caf\'e, na\"ive, \textbf{bold}, \emph{em} and \textit{it}.`)).toBe(
      "Cafe, naive, bold, em and it.",
    );
  });

  it("stops expanding a macro that calls itself", () => {
    expect(flat(String.raw`\newcommand{\loop}{a\loop}Start \loop end.`)).toBe(`Start ${"a".repeat(20)}end.`);
  });
});

describe("latexToText: tables, captions, footnotes and other blocks", () => {
  it("keeps a tabular as one line per row with cells separated by pipes", () => {
    expect(
      lines(String.raw`\begin{table}
\centering
\begin{tabular}{|l|c|}
\toprule
\multicolumn{2}{c}{Settings} \\
GPU & 4$\times$ A100 \\ \hline
Batch size & 128 \\
\bottomrule
\end{tabular}
\caption{Hyper-parameters of \textbf{TinyNet}.}
\end{table}`),
    ).toEqual(["Settings", "GPU | 4× A100", "Batch size | 128", "Hyper-parameters of TinyNet."]);
  });

  it("puts a footnote after its paragraph", () => {
    expect(lines("We train\\footnote{On our own cluster.} for 3 days.\n\nNext paragraph.")).toEqual([
      "We train for 3 days.",
      "On our own cluster.",
      "Next paragraph.",
    ]);
  });

  it("keeps a caption and drops the figure's drawing code and graphics", () => {
    expect(
      lines(String.raw`\begin{tikzpicture}\node {8 GPUs};\end{tikzpicture}Drawn.
\begin{figure}\includegraphics[width=3cm]{fig.pdf}\caption{Loss over 90 epochs.}\label{fig:a}\end{figure}`),
    ).toEqual(["Drawn.", "Loss over 90 epochs."]);
  });

  it("keeps verbatim blocks as their own paragraph", () => {
    expect(lines("\\begin{verbatim}\npython train.py --epochs 90\n\\end{verbatim}\nAfter.")).toEqual([
      "python train.py --epochs 90",
      "After.",
    ]);
  });

  it("drops comment environments", () => {
    expect(flat("Kept.\n\\begin{comment}\nTrained on 9 GPUs.\n\\end{comment}\nAlso kept.")).toBe(
      "Kept. Also kept.",
    );
  });

  it("writes citations as [cite], references as ? and keeps URLs and link text", () => {
    expect(
      flat(
        String.raw`As in \citep[p.~3]{alpha} and \citet{beta}, see Section~\ref{sec:a}, \url{https://x.org/a_b} and \href{https://y.org}{our code}.`,
      ),
    ).toBe("As in [cite] and [cite], see Section ?, https://x.org/a_b and our code.");
  });

  it("writes checklist answers as [Yes], [No] and [N/A]", () => {
    expect(
      lines(String.raw`\begin{enumerate}
\item Compute? \answerYes{See the appendix.}
\item Error bars? \answerNo{}
\item Seeds? \answerNA{}
\end{enumerate}`),
    ).toEqual(["• Compute? [Yes] See the appendix.", "• Error bars? [No]", "• Seeds? [N/A]"]);
  });

  it("keeps escaped special characters", () => {
    expect(flat(String.raw`50\% of runs cost \$3 \& more \#1.`)).toBe("50% of runs cost $3 & more #1.");
  });
});

describe("latexToText: source map", () => {
  it("maps an output character back to its offset in the LaTeX source", () => {
    const converted = latexToText(PAPER);
    const out = converted.text.indexOf("cards");
    expect(out).toBeGreaterThan(0);
    const source = converted.sourceOffsetAt(out);
    expect(PAPER.slice(source, source + 5)).toBe("cards");
  });

  it("maps text after a line break to the next source line", () => {
    const converted = latexToText(PAPER);
    const out = converted.text.indexOf("for two days");
    expect(out).toBeGreaterThan(0);
    const source = converted.sourceOffsetAt(out);
    expect(PAPER.slice(source, source + 12)).toBe("for two days");
  });

  it("maps every character of an expanded macro to the macro's invocation", () => {
    const converted = latexToText(PAPER);
    const start = converted.text.indexOf("RTX 3090");
    const invocation = PAPER.indexOf("\\gpu{}");
    expect(converted.sourceOffsetAt(start)).toBe(invocation);
    expect(converted.sourceOffsetAt(start + 5)).toBe(invocation);
  });

  it("maps a table cell to its source", () => {
    const source = "\\begin{tabular}{lr}\nBatch size & 128 \\\\\n\\end{tabular}";
    const converted = latexToText(source);
    const offset = converted.sourceOffsetAt(converted.text.indexOf("128"));
    expect(source.slice(offset, offset + 3)).toBe("128");
  });
});

describe("latexToText on adversarial input", () => {
  const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

  it.each([
    ["unclosed groups", "{"],
    ["unclosed arguments", "\\textbf{"],
    ["unclosed inline math", "\\("],
    ["unclosed display math", "\\["],
    ["optional arguments without ]", "\\section["],
    ["definitions without a body", "\\def\\a"],
    ["environments without an end", "\\begin{table}"],
  ])("converts a megabyte of %s without recursion or blow-up", (_, unit) => {
    const converted = latexToText(repeat(unit, 1_000_000));
    expect(typeof converted.text).toBe("string");
  });

  it("stops exponential macro expansion at its budget and says so", () => {
    // Ten levels of ten calls each: 10^10 expansions if nothing stopped it (LaTeX's "billion laughs").
    const levels = "abcdefghijk";
    const definitions = [...levels.slice(1)].map(
      (name, i) => `\\newcommand{\\${name}}{${`\\${levels[i]} `.repeat(10)}}`,
    );
    const source = ["\\newcommand{\\a}{lol}", ...definitions, "\\begin{document}\\k\\end{document}"].join(
      "\n",
    );
    const converted = latexToText(source);
    expect(converted.text.length).toBeLessThan(2_000_000);
    expect(converted.limits).toEqual(["macro expansions over the budget; further macros were not expanded"]);
  });

  it("gives up on pathological nesting with a stated limit, keeping the text around it", () => {
    const converted = latexToText(`Before. ${"\\(".repeat(100)}x${"\\)".repeat(100)} After.`);
    expect(converted.text).toContain("Before.");
    expect(converted.text).toContain("After.");
    expect(converted.limits).toEqual(["nesting deeper than 48 levels; the innermost part was skipped"]);
  });
});

describe("latexToText: regressions found by fuzzing", () => {
  it("maps text emitted after an unclosed group inside the source (seed 20261206, path 5)", () => {
    const source = " \\]\\end{\nH\\end{'<zPa?";
    const converted = latexToText(source);
    for (let i = 0; i < converted.text.length; i++)
      expect(converted.sourceOffsetAt(i)).toBeLessThanOrEqual(source.length);
  });
});
