import type { Command } from "commander";
import { InputError } from "../../../domain/errors.js";
import { existsSync } from "node:fs";
import path from "node:path";

interface EvalOptions {
  code?: boolean;
  cv?: string;
  minF1?: string;
  json?: boolean;
  verbose?: boolean;
  pdfEngine?: "pdfjs" | "pdftotext";
}

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description(
      "score the paper reader on a labelled case folder (rules of ../shared/eval/score.py); with --cv, cross-validate the trained selector on every labelled paper",
    )
    .argument("<cases-dir>", "folder with cases.json and one sub-folder per case")
    .option("--code", "also score code_summary for cases with a repo_dir")
    .option(
      "--cv <folds>",
      "train on (k-1)/k of all labelled papers (the dev cases and models/corpus), score the papers left out, k times; needs Python 3 with scikit-learn and onnx",
    )
    .option("--min-f1 <x>", "exit 1 when micro-F1 is below x")
    .option("--pdf-engine <engine>", "pdfjs (default) or pdftotext", "pdfjs")
    .option("--verbose", "list every error")
    .option("--json", "print the report as JSON")
    .action(async (casesDir: string, options: EvalOptions) => {
      if (!existsSync(path.join(casesDir, "cases.json")))
        throw new InputError("not_found", `${casesDir}: no cases.json (see ../shared/eval/README.md)`);
      const minF1 = options.minF1 === undefined ? 0 : Number(options.minF1);
      if (options.cv !== undefined) {
        const folds = Number(options.cv);
        if (!Number.isInteger(folds) || folds < 2 || folds > 20)
          throw new InputError("usage", `--cv ${options.cv}: give a number of folds from 2 to 20`);
        const { crossValidatedReport, renderCrossValidation } = await import(
          "../../../eval/cross-validation.js"
        );
        const report = await crossValidatedReport(path.join(casesDir, "cases.json"), folds, {
          code: Boolean(options.code),
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : renderCrossValidation(report, options.verbose));
        if (report.paper.micro.f1 < minF1) process.exitCode = 1;
        return;
      }
      const { evaluateCases, renderEvalReport } = await import("../../../eval/run.js");
      const report = await evaluateCases(casesDir, { code: options.code, pdfEngine: options.pdfEngine });
      console.log(options.json ? JSON.stringify(report, null, 2) : renderEvalReport(report, options.verbose));
      if (report.micro.f1 < minF1 || report.errors.length) process.exitCode = 1;
    });
}
