import { statSync } from "node:fs";
import type { Command } from "commander";
import { getProfile, profileIds } from "../../../catalog/venue-profiles.js";
import { InputError } from "../../../domain/errors.js";
import type { CheckReport, ChecklistItemResult } from "../../../judge/types.js";
import type { PdfEngine } from "../../../readers/paper/pdf/extract.js";
import { EXIT_FINDING, EXIT_OK, exitCodesHelp } from "../exit-codes.js";
import { analysisCostText, printJson, refuseConflict, reportFinding } from "../output.js";
import { terminalWidth } from "../terminal-width.js";
import { runBounded, timeoutOption } from "../time-bound.js";

interface CheckCommandOptions {
  paper?: string;
  profile: string;
  format?: string;
  json?: boolean;
  failOn?: string;
  pdfEngine: string;
  timeout: number;
}

const names = (items: ChecklistItemResult[]) => items.map((i) => i.id.replace(/_/g, " ")).join(", ");
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Why `--fail-on` fails the report, or null when it does not: "2 required items missing (hardware, training
 * time)". `missing` fails on anything short of complete (missing, partial or only in the code, inconsistent,
 * an invalid footprint.yml); `inconsistent` only on contradictions.
 *
 * @example
 * failOnReason(report, "missing") // "1 required item missing (total compute); failing because of --fail-on missing"
 */
export function failOnReason(report: CheckReport, failOn: string | undefined): string | null {
  if (!failOn) return null;
  const required = report.items.filter((i) => i.required);
  const inconsistent = report.items.filter((i) => i.status === "inconsistent");
  const declarationErrors = report.declaration?.errors.length ?? 0;
  const parts: string[] = [];
  if (failOn === "missing") {
    const missing = required.filter((i) => i.status === "missing");
    const incomplete = required.filter((i) => i.status === "inferred" || i.status === "partial");
    if (missing.length) parts.push(`${count(missing.length, "required item")} missing (${names(missing)})`);
    if (incomplete.length)
      parts.push(
        `${count(incomplete.length, "required item")} partial or only in the code (${names(incomplete)})`,
      );
  }
  if (inconsistent.length)
    parts.push(`${count(inconsistent.length, "item")} inconsistent (${names(inconsistent)})`);
  if (declarationErrors) parts.push(`${report.declaration!.file} has ${count(declarationErrors, "error")}`);
  return parts.length ? `${parts.join("; ")}; failing because of --fail-on ${failOn}` : null;
}

/** Exit code for `--fail-on`: 1 when the report has what the author asked to fail on. */
export function failOnExitCode(report: CheckReport, failOn: string | undefined): number {
  return failOnReason(report, failOn) === null ? EXIT_OK : EXIT_FINDING;
}

/** `--json`, or `--format json` (its older spelling); a contradiction between the two is refused. */
function outputFormat(options: CheckCommandOptions): "text" | "markdown" | "json" {
  const format = options.format ?? "text";
  if (!["markdown", "json", "text"].includes(format))
    throw new InputError("usage", `--format must be text or markdown (or use --json), not ${format}`);
  refuseConflict(
    "--json",
    Boolean(options.json),
    `--format ${format}`,
    options.format !== undefined && format !== "json",
  );
  return options.json ? "json" : (format as "text" | "markdown" | "json");
}

/** A file given where the folder goes is a paper to check alone; a folder is a repository. */
function isFile(target: string): boolean {
  try {
    return statSync(target).isFile();
  } catch {
    return false; // the pipeline says "no such folder"
  }
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description(
      "the disclosure checklist of a paper repository: paper and code cross-checked, footprint estimated; or of a paper alone",
    )
    .argument(
      "<dir-or-paper>",
      "repository folder (read statically, never executed), or a paper file to check alone",
    )
    .option("--paper <file>", "the paper, when it is not in the repository (found there otherwise)")
    .option("--profile <name>", `venue profile: ${profileIds().join(", ")}`, "generic")
    .option("--format <format>", "text (default) or markdown (json: same as --json)")
    .option("--json", "print one JSON object")
    .option(
      "--fail-on <what>",
      "exit 1 on 'missing' (or incomplete) required items, or only on 'inconsistent' ones",
    )
    .option("--pdf-engine <engine>", "pdfjs (default) or pdftotext", "pdfjs")
    .addOption(timeoutOption())
    .addHelpText(
      "after",
      "\nExamples:\n  ml-footprint check . --profile neurips --format markdown\n  ml-footprint check . --fail-on inconsistent\n  ml-footprint check paper.pdf --profile neurips" +
        `\n${exitCodesHelp("--fail-on found what it was asked to fail on")}`,
    )
    .action(async (target: string, options: CheckCommandOptions) => {
      const format = outputFormat(options);
      if (options.failOn && !["missing", "inconsistent"].includes(options.failOn))
        throw new InputError("usage", `--fail-on must be missing or inconsistent, not ${options.failOn}`);
      if (options.pdfEngine !== "pdfjs" && options.pdfEngine !== "pdftotext")
        throw new InputError("usage", `--pdf-engine must be pdfjs or pdftotext, not ${options.pdfEngine}`);
      getProfile(options.profile); // an unknown profile is a usage error, before any work
      const paperAlone = isFile(target);
      if (paperAlone && options.paper)
        throw new InputError(
          "usage",
          `${target} is a file and --paper gives another paper: give the repository folder with --paper, or the paper alone`,
        );
      const { renderCheckMarkdown, renderCheckText } = await import("../../../pipeline.js");
      const { checkReportJson } = await import("../../../render/json.js");
      const { startCostMeter } = await import("../../../runtime/cost.js");
      const meter = startCostMeter();
      const pdfEngine = options.pdfEngine as PdfEngine;
      const report = await runBounded<CheckReport>(
        paperAlone
          ? { kind: "check-paper", options: { paper: target, profile: options.profile, pdfEngine } }
          : {
              kind: "check",
              options: {
                dir: target,
                profile: options.profile,
                pdfEngine,
                ...(options.paper ? { paper: options.paper } : {}),
              },
            },
        options.timeout,
      );
      const cost = meter();
      if (format === "json") printJson(checkReportJson(report, cost));
      else if (format === "markdown") console.log(renderCheckMarkdown(report));
      else console.log(`${renderCheckText(report, { width: terminalWidth() })}\n\n${analysisCostText(cost)}`);
      const reason = failOnReason(report, options.failOn);
      if (reason) reportFinding("check", reason);
      process.exitCode = reason ? EXIT_FINDING : EXIT_OK;
    });
}
