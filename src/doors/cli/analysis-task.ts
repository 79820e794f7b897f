/**
 * What the CLI's `analyze` and `check` run in a worker thread (cli/analysis-worker.ts), so that the command's
 * time bound (`--timeout`, the same as the app's) can stop an analysis that runs away.
 */
import type { CheckOptions } from "../../pipeline.js";
import type { CheckReport } from "../../judge/types.js";
import type { CodeReport } from "../../readers/code/index.js";
import type { PaperReport } from "../../readers/paper/index.js";
import type { PdfEngine } from "../../readers/paper/pdf/extract.js";
import type { CrosscheckEntry } from "../../judge/types.js";

export interface AnalyzeInputs {
  paper?: string;
  repo?: string;
  pdfEngine: PdfEngine;
}

export interface AnalyzeOutcome {
  paper: PaperReport | null;
  code: CodeReport | null;
  crosscheck: CrosscheckEntry[] | null;
}

export type AnalysisTask =
  | { kind: "check"; options: CheckOptions }
  | { kind: "analyze"; inputs: AnalyzeInputs };

/** Reads the paper and/or the repository and cross-checks them when both are there. */
export async function analyzeInputs(inputs: AnalyzeInputs): Promise<AnalyzeOutcome> {
  // Readers load on demand: a paper-only run never pays for the Python parser, and the reverse.
  const paper = inputs.paper
    ? await (
        await import("../../readers/paper/index.js")
      ).readPaper(inputs.paper, { pdfEngine: inputs.pdfEngine })
    : null;
  const code = inputs.repo
    ? await (await import("../../readers/code/index.js")).readRepository(inputs.repo)
    : null;
  const crosscheck =
    paper && code
      ? (await import("../../judge/crosscheck.js")).crosscheck({
          paperFacts: paper.facts,
          paperChosen: paper.chosen,
          codeFacts: code.facts,
          codeChosen: code.chosen,
          mainEntryPoint: code.entry_points.find((e) => (e as { main?: boolean }).main)?.file ?? null,
        })
      : null;
  return { paper, code, crosscheck };
}

/** Runs one task where the caller is (the worker, or the main thread in tests). */
export async function runAnalysisTask(task: AnalysisTask): Promise<CheckReport | AnalyzeOutcome> {
  if (task.kind === "check") return (await import("../../pipeline.js")).runCheck(task.options);
  return analyzeInputs(task.inputs);
}
