import { existsSync } from "node:fs";
import type { Command } from "commander";
import { startCostMeter } from "../../../runtime/cost.js";
import { InputError } from "../../../domain/errors.js";
import { jsonDocument } from "../../../render/json.js";
import { renderAnalysisText } from "../../../render/analysis.js";
import { exitCodesHelp } from "../exit-codes.js";
import { analysisCostText, printJson } from "../output.js";
import { terminalWidth } from "../terminal-width.js";
import type { PdfEngine } from "../../../readers/paper/pdf/extract.js";
import type { AnalyzeOutcome } from "../analysis-task.js";
import { runBounded, timeoutOption } from "../time-bound.js";

interface AnalyzeOptions {
  paper?: string;
  repo?: string;
  json?: boolean;
  pdfEngine?: string;
  timeout: number;
}

/**
 * `--paper` takes one file. The words of a path a caller forgot to quote ("Report and PPT/paper.pdf") arrive
 * as `--paper Report` and stray arguments: they are joined back when the joined path exists and the first word
 * alone does not; otherwise the stray words are refused.
 */
export function resolvePaperArgument(
  paper: string | undefined,
  stray: readonly string[] = [],
): string | undefined {
  if (paper === undefined) {
    if (stray.length)
      throw new InputError("usage", `unexpected argument: ${stray.join(" ")} (analyze takes options only)`);
    return undefined;
  }
  const words = [paper, ...stray];
  const first = paper;
  if (words.length === 1 || existsSync(first)) {
    if (words.length > 1)
      throw new InputError("usage", `--paper takes one file; got ${words.length} words (quote the path)`);
    return first;
  }
  const joined = words.join(" ");
  if (existsSync(joined)) return joined;
  throw new InputError("usage", `--paper takes one file; got ${words.length} words (quote the path)`);
}

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("read a paper and/or a code repository and print the compute facts with their evidence")
    .option("--paper <file>", "paper as PDF, LaTeX main file, Markdown or plain text (one file)")
    .option("--repo <dir>", "code repository folder (read statically, never executed)")
    .option("--json", "print one JSON object")
    // Stray words are the rest of an unquoted --paper path (resolvePaperArgument), or refused there.
    .allowExcessArguments()
    .option(
      "--pdf-engine <engine>",
      "pdfjs (built in, default) or pdftotext (poppler-utils, faster)",
      "pdfjs",
    )
    .addOption(timeoutOption())
    .addHelpText(
      "after",
      "\nExamples:\n  ml-footprint analyze --paper paper.pdf\n  ml-footprint analyze --paper paper/main.tex --repo . --json" +
        `\n${exitCodesHelp(null)}`,
    )
    .action(async (options: AnalyzeOptions, command: Command) => {
      const paperFile = resolvePaperArgument(options.paper, command.args);
      if (!paperFile && !options.repo) throw new InputError("usage", "give --paper FILE and/or --repo DIR");
      if (options.pdfEngine !== "pdfjs" && options.pdfEngine !== "pdftotext")
        throw new InputError("usage", `--pdf-engine must be pdfjs or pdftotext, not ${options.pdfEngine}`);
      const meter = startCostMeter();
      const { paper, code, crosscheck } = await runBounded<AnalyzeOutcome>(
        {
          kind: "analyze",
          inputs: {
            ...(paperFile ? { paper: paperFile } : {}),
            ...(options.repo ? { repo: options.repo } : {}),
            pdfEngine: options.pdfEngine as PdfEngine,
          },
        },
        options.timeout,
      );
      const cost = meter();
      const result = {
        ...(paper
          ? {
              paper: paper.paper,
              summary: paper.summary,
              summary_confidence: paper.summary_confidence,
              alternatives: paper.alternatives ?? [],
              facts: paper.facts,
              warnings: paper.warnings,
              timings: paper.timings,
            }
          : {}),
        ...(code
          ? {
              code_summary: { ...code.summary, frameworks: code.frameworks, entry_points: code.entry_points },
              code_facts: code.facts,
              code_warnings: code.warnings,
            }
          : {}),
        ...(crosscheck ? { crosscheck } : {}),
        cost,
      };
      if (options.json) {
        // snake_case already; `summary` keeps exactly its keys (the eval scorer reads it).
        printJson(jsonDocument(result));
        return;
      }
      const text = renderAnalysisText(paper, code, { width: terminalWidth() });
      console.log(`${text}\n\n${analysisCostText(cost)}`);
    });
}
