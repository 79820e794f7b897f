import type { Command } from "commander";
import { runValidationCases, type ValidationRow } from "../../../estimate/index.js";
import type { MetricCheck } from "../../../estimate/validation.js";
import { formatNumber, roundSignificant } from "../../../domain/numbers.js";
import { jsonDocument } from "../../../render/json.js";
import { EXIT_FINDING, exitCodesHelp } from "../exit-codes.js";
import { reportFinding } from "../output.js";

const num = (v: number) => formatNumber(roundSignificant(v, 4));

function metricCells(m: MetricCheck | null): string[] {
  if (!m) return ["—", "—", "—", "—"];
  return [
    num(m.reported),
    `${num(m.ours.central)} [${num(m.ours.low)}–${num(m.ours.high)}]`,
    m.ratio.toFixed(3),
    m.in_range ? "yes" : "no",
  ];
}

/** The validation table: one line per case, reported vs ours for energy (kWh) and emissions (kgCO2e). */
export function formatValidationTable(rows: readonly ValidationRow[]): string {
  const header = [
    "case",
    "status",
    "mode",
    "energy reported kWh",
    "energy ours [low–high]",
    "ratio",
    "in range",
    "CO2e reported kg",
    "CO2e ours [low–high]",
    "ratio",
    "in range",
    "result",
  ];
  const body = rows.map((r) => [
    r.id,
    r.status,
    r.mode,
    ...metricCells(r.energy),
    ...metricCells(r.co2e),
    r.pass === null ? "skipped" : r.pass ? "PASS" : `FAIL${r.error ? `: ${r.error}` : ""}`,
  ]);
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
      "reproduce published training footprints (Patterson 2021, BLOOM, Llama, Strubell 2019, Dodge 2022)",
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
      // A verified case that stops reproducing is a regression.
      const regressed = rows.filter((r) => r.status === "verified" && r.pass === false);
      if (regressed.length) {
        reportFinding("validate", `verified cases out of range: ${regressed.map((r) => r.id).join(", ")}`);
        process.exitCode = EXIT_FINDING;
      }
    });
}
