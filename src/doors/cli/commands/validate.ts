import type { Command } from "commander";
import { runValidationCases, type ValidationRow } from "../../../estimate/index.js";
import type { MetricCheck } from "../../../estimate/validation.js";
import { formatNumber, roundSignificant } from "../../../domain/numbers.js";
import { jsonDocument } from "../../../render/json.js";
import { EXIT_FINDING, exitCodesHelp } from "../exit-codes.js";
import { reportFinding } from "../output.js";

const num = (v: number) => formatNumber(roundSignificant(v, 4));

/** One table row per reported metric of a case: published next to our low – central – high. */
function metricRows(r: ValidationRow): string[][] {
  const result = r.pass === null ? "skipped" : r.pass ? "PASS" : `FAIL${r.error ? `: ${r.error}` : ""}`;
  const metrics: Array<[string, MetricCheck | null]> = [
    ["energy kWh", r.energy],
    ["CO2e kg", r.co2e],
  ];
  const present = metrics.filter(([, m]) => m !== null);
  if (present.length === 0) return [[r.id, r.mode, "—", "—", "—", "—", "—", result]];
  return present.map(([label, m]) => [
    r.id,
    r.mode,
    label,
    num(m!.reported),
    `${num(m!.ours.low)} – ${num(m!.ours.central)} – ${num(m!.ours.high)}`,
    m!.ratio.toFixed(3),
    m!.in_range ? "yes" : "no",
    result,
  ]);
}

/**
 * The validation table (Markdown): one line per reported metric of each case, the published figure next to our
 * low – central – high, their ratio (central ÷ published), and whether the published figure is in our range.
 */
export function formatValidationTable(rows: readonly ValidationRow[]): string {
  const header = [
    "case",
    "mode",
    "metric",
    "published",
    "ours: low – central – high",
    "ratio",
    "in range",
    "result",
  ];
  const body = rows.flatMap(metricRows);
  const table = [header, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const run = rows.filter((r) => r.pass !== null);
  const passed = run.filter((r) => r.pass).length;
  return [
    line(header),
    rule,
    ...body.map(line),
    "",
    `${passed}/${run.length} cases pass (reproduce: within 10 % and inside the range; range: inside the range); ${rows.length - run.length} skipped (unverified or incomplete inputs).`,
  ].join("\n");
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "reproduce published training footprints (Patterson 2021, BLOOM, Llama 2-4, Strubell 2019, Dodge 2022, XLM)",
    )
    .option("--json", "print the rows as JSON")
    .addHelpText("after", exitCodesHelp("a verified published case no longer reproduces"))
    .action((options: { json?: boolean }) => {
      const rows = runValidationCases();
      if (options.json) {
        const out = rows.map(({ estimate, ...row }) => ({
          ...row,
          derivation: estimate?.derivation ?? null,
        }));
        console.log(JSON.stringify(jsonDocument({ cases: out }), null, 2));
      } else {
        console.log(formatValidationTable(rows));
      }
      // A case that runs and misses its published figure is a regression.
      const regressed = rows.filter((r) => r.pass === false);
      if (regressed.length) {
        reportFinding("validate", `cases out of range: ${regressed.map((r) => r.id).join(", ")}`);
        process.exitCode = EXIT_FINDING;
      }
    });
}
