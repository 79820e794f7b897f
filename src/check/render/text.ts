/** The checklist for a terminal: the verdict, one line per item, the estimate, the cross-check. */
import { getProfile } from "../profiles.js";
import type { CheckReport } from "../types.js";
import { whereOf } from "../items/describe.js";

const round = (value: number): string =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : String(Math.round(value * 100) / 100);

export function renderCheckText(report: CheckReport): string {
  const profile = getProfile(report.profile);
  const lines = [
    report.headline,
    `${profile.name}; ${report.paper ? `paper ${report.paper.file}` : "no paper"}`,
    "",
  ];
  for (const error of report.declaration?.errors ?? [])
    lines.push(`  footprint.yml  ${error.property}: ${error.reason}`);
  if (report.declaration?.errors.length) lines.push("");
  const width = Math.max(...report.items.map((i) => i.title.length), 10);
  for (const item of report.items) {
    lines.push(
      `  ${item.required ? "*" : " "} ${item.title.padEnd(width)}  ${item.status.padEnd(14)} ${item.message}`,
    );
  }
  lines.push("  (* required by the profile)", "");
  const e = report.estimate;
  if (e) {
    lines.push(
      `Estimated footprint of one training run: ${e.energy_kwh ? `${round(e.energy_kwh.central)} kWh (${round(e.energy_kwh.low)}-${round(e.energy_kwh.high)}), ` : ""}${round(e.co2e_kg.central)} kgCO2e (${round(e.co2e_kg.low)}-${round(e.co2e_kg.high)})`,
      `  ${e.derivation}`,
    );
  } else {
    lines.push(`No footprint estimate: missing ${report.estimateMissing.join("; ")}`);
  }
  const compared = report.crosscheck.filter((c) => c.status !== "paper_only");
  if (compared.length) {
    lines.push("", "Paper and code:");
    for (const entry of compared) {
      const side = (s: typeof entry.paper) => (s ? `${s.value} (${whereOf(s.evidence)})` : "-");
      lines.push(
        `  ${entry.field.padEnd(20)} ${entry.status.padEnd(12)} paper ${side(entry.paper)}; code ${side(entry.code)}${entry.note ? `; ${entry.note}` : ""}`,
      );
    }
  }
  for (const warning of report.warnings.slice(0, 10)) lines.push(`warning: ${warning.message}`);
  return lines.join("\n");
}
