/**
 * What the CLI's `analyze` and `check` run in a worker thread (cli/analysis-worker.ts), so that the command's
 * time bound (`--timeout`, the same as the app's) can stop an analysis that runs away.
 */
import type { CheckOptions } from "../../pipeline.js";
import type { CheckReport } from "../../judge/types.js";
import type { PdfEngine } from "../../readers/paper/pdf/extract.js";
import type { Analysis } from "../../pipeline.js";

export interface AnalyzeInputs {
  paper?: string;
  repo?: string;
  pdfEngine: PdfEngine;
}

export type AnalyzeOutcome = Analysis;

export type AnalysisTask =
  | { kind: "check"; options: CheckOptions }
  | { kind: "check-paper"; options: { paper: string; profile: string; pdfEngine: PdfEngine } }
  | { kind: "analyze"; inputs: AnalyzeInputs };

/** Runs one task where the caller is (the worker, or the main thread in tests). */
export async function runAnalysisTask(task: AnalysisTask): Promise<CheckReport | AnalyzeOutcome> {
  if (task.kind === "check") return (await import("../../pipeline.js")).runCheck(task.options);
  if (task.kind === "check-paper") return (await import("../../pipeline.js")).runPaperCheck(task.options);
  return (await import("../../pipeline.js")).runAnalysis(task.inputs);
}
