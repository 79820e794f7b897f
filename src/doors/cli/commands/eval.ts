import type { Command } from "commander";
import { InputError } from "../../../domain/errors.js";
import { existsSync } from "node:fs";
import path from "node:path";
import { jsonDocument } from "../../../render/json.js";
import { EXIT_FINDING, exitCodesHelp } from "../exit-codes.js";
import { printJson, refuseConflict, reportFinding } from "../output.js";

/** `--min-f1` as a number from 0 to 1. */
function parseMinF1(value: string | undefined): number {
  if (value === undefined) return 0;
  const minF1 = Number(value);
  if (!Number.isFinite(minF1) || minF1 < 0 || minF1 > 1)
    throw new InputError("usage", `--min-f1 must be a number from 0 to 1, not ${value}`);
  return minF1;
}

/** Why the evaluation fails, or null: an F1 under --min-f1, or cases that could not be read. */
function evalFinding(f1: number, minF1: number, errors: readonly string[]): string | null {
  const parts: string[] = [];
  if (f1 < minF1) parts.push(`micro-F1 ${f1.toFixed(3)} is below --min-f1 ${minF1}`);
  if (errors.length)
    parts.push(
      `${errors.length} case${errors.length === 1 ? "" : "s"} could not be read (${errors.join("; ")})`,
    );
  return parts.length ? parts.join("; ") : null;
}

interface EvalOptions {
  code?: boolean;
  cv?: string;
  repeat?: string;
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
    .option(
      "--repeat <n>",
      "with --cv: cross-validate over n assignments of the cases to folds and print the mean, lowest and highest micro figures (one assignment's figure moves by about 0.01 with it)",
    )
    .option("--min-f1 <x>", "exit 1 when micro-F1 is below x")
    .option("--pdf-engine <engine>", "pdfjs (default) or pdftotext", "pdfjs")
    .option("--verbose", "list every error")
    .option("--json", "print the report as JSON")
    .addHelpText("after", exitCodesHelp("micro-F1 below --min-f1, or a case that could not be read"))
    .action(async (casesDir: string, options: EvalOptions) => {
      refuseConflict(
        "--json",
        Boolean(options.json),
        "--verbose",
        Boolean(options.verbose),
        "do not go together (the JSON lists every error)",
      );
      const minF1 = parseMinF1(options.minF1);
      if (!existsSync(path.join(casesDir, "cases.json")))
        throw new InputError("not_found", `${casesDir}: no cases.json (see ../shared/eval/README.md)`);
      if (options.repeat !== undefined && options.cv === undefined)
        throw new InputError("usage", "--repeat goes with --cv: it repeats the cross-validation");
      if (options.cv !== undefined) {
        const folds = Number(options.cv);
        if (!Number.isInteger(folds) || folds < 2 || folds > 20)
          throw new InputError("usage", `--cv ${options.cv}: give a number of folds from 2 to 20`);
        const repeat = Number(options.repeat ?? 1);
        if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10)
          throw new InputError(
            "usage",
            `--repeat ${options.repeat}: give a number of assignments from 1 to 10`,
          );
        const { crossValidatedReport, renderCrossValidation, repeatSummary } = await import(
          "../../../eval/cross-validation.js"
        );
        const report = await crossValidatedReport(path.join(casesDir, "cases.json"), folds, {
          code: Boolean(options.code),
          repeat,
        });
        if (options.json) printJson(jsonDocument(report));
        else console.log(renderCrossValidation(report, options.verbose));
        // With several assignments to folds, the mean is the figure (one assignment's moves by about 0.01).
        const finding = evalFinding(repeatSummary(report.repeats.paper).f1.mean, minF1, []);
        if (finding) {
          reportFinding("eval", finding);
          process.exitCode = EXIT_FINDING;
        }
        return;
      }
      const { evaluateCases, renderEvalReport } = await import("../../../eval/run.js");
      const report = await evaluateCases(casesDir, { code: options.code, pdfEngine: options.pdfEngine });
      if (options.json) printJson(jsonDocument(report));
      else console.log(renderEvalReport(report, options.verbose));
      const finding = evalFinding(report.micro.f1, minF1, report.errors);
      if (finding) {
        reportFinding("eval", finding);
        process.exitCode = EXIT_FINDING;
      }
    });
}
