import type { Command } from "commander";
import { getProfile, profileIds } from "../../../catalog/venue-profiles.js";
import { InputError } from "../../../domain/errors.js";
import type { CheckReport } from "../../../judge/types.js";
import { runBounded, timeoutOption } from "../time-bound.js";

interface CheckCommandOptions {
  paper?: string;
  profile: string;
  format: string;
  failOn?: string;
  pdfEngine: string;
  timeout: number;
}

/** Exit code for `--fail-on`: 1 when the report has what the author asked to fail on. */
export function failOnExitCode(report: CheckReport, failOn: string | undefined): number {
  if (!failOn) return 0;
  const required = report.items.filter((i) => i.required);
  const inconsistent =
    report.items.some((i) => i.status === "inconsistent") || (report.declaration?.errors.length ?? 0) > 0;
  if (failOn === "inconsistent") return inconsistent ? 1 : 0;
  return inconsistent ||
    required.some((i) => i.status === "missing" || i.status === "inferred" || i.status === "partial")
    ? 1
    : 0;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description(
      "the disclosure checklist of a paper repository: paper and code cross-checked, footprint estimated",
    )
    .argument("<dir>", "repository folder (read statically, never executed)")
    .option("--paper <file>", "the paper, when it is not in the repository (found there otherwise)")
    .option("--profile <name>", `venue profile: ${profileIds().join(", ")}`, "generic")
    .option("--format <format>", "markdown, json or text", "text")
    .option(
      "--fail-on <what>",
      "exit 1 on 'missing' (or incomplete) required items, or only on 'inconsistent' ones",
    )
    .option("--pdf-engine <engine>", "pdfjs (default) or pdftotext", "pdfjs")
    .addOption(timeoutOption())
    .addHelpText(
      "after",
      "\nExamples:\n  ml-footprint check . --profile neurips --format markdown\n  ml-footprint check . --fail-on inconsistent",
    )
    .action(async (dir: string, options: CheckCommandOptions) => {
      if (!["markdown", "json", "text"].includes(options.format))
        throw new InputError("usage", `--format must be markdown, json or text, not ${options.format}`);
      if (options.failOn && !["missing", "inconsistent"].includes(options.failOn))
        throw new InputError("usage", `--fail-on must be missing or inconsistent, not ${options.failOn}`);
      if (options.pdfEngine !== "pdfjs" && options.pdfEngine !== "pdftotext")
        throw new InputError("usage", `--pdf-engine must be pdfjs or pdftotext, not ${options.pdfEngine}`);
      getProfile(options.profile); // an unknown profile is a usage error, before any work
      const { renderCheckMarkdown, renderCheckText } = await import("../../../pipeline.js");
      const { startCostMeter } = await import("../../../runtime/cost.js");
      const meter = startCostMeter();
      const report = await runBounded<CheckReport>(
        {
          kind: "check",
          options: {
            dir,
            profile: options.profile,
            pdfEngine: options.pdfEngine,
            ...(options.paper ? { paper: options.paper } : {}),
          },
        },
        options.timeout,
      );
      const cost = meter();
      if (options.format === "json") console.log(JSON.stringify({ ...report, cost }, null, 2));
      else if (options.format === "markdown") console.log(renderCheckMarkdown(report));
      else
        console.log(
          `${renderCheckText(report)}\n\nAnalysis cost: ${cost.wall_s} s wall, ${cost.cpu_s} s CPU, about ${cost.energy_wh} Wh`,
        );
      process.exitCode = failOnExitCode(report, options.failOn);
    });
}
