/**
 * The checklist for a terminal: the verdict, one line per item, the estimate, the cross-check. Repository
 * strings go through `cleanText`, so a paper or a config value cannot move the cursor, recolour or retitle the
 * terminal (escape sequences), reorder what is shown (bidi controls) or add lines of its own. Nothing here is
 * posted to GitHub, so mentions are left as they are: a path with an `@` stays copyable.
 */
import { getProfile } from "../catalog/venue-profiles.js";
import type { CheckReport } from "../judge/types.js";
import { chainOf } from "../judge/items/describe.js";
import { cleanText } from "./escape.js";

/** A terminal line shows more than a posted cell, but still one line. */
const LINE_LIMIT = 2_000;

const round = (value: number): string =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : String(Math.round(value * 100) / 100);

const clean = (value: unknown): string => cleanText(value, LINE_LIMIT);

export function renderCheckText(report: CheckReport): string {
  const profile = getProfile(report.profile);
  const lines = [
    clean(report.headline),
    `${profile.name}; ${report.paper ? `paper ${clean(report.paper.file)}` : "no paper"}`,
    "",
  ];
  for (const error of report.declaration?.errors ?? [])
    lines.push(`  footprint.yml  ${clean(error.property)}: ${clean(error.reason)}`);
  if (report.declaration?.errors.length) lines.push("");
  const titles = report.items.map((i) => clean(i.title));
  const width = Math.max(...titles.map((t) => t.length), 10);
  report.items.forEach((item, index) => {
    lines.push(
      `  ${item.required ? "*" : " "} ${titles[index]!.padEnd(width)}  ${item.status.padEnd(14)} ${clean(item.message)}`,
    );
  });
  lines.push("  (* required by the profile)", "");
  const e = report.estimate;
  if (e) {
    lines.push(
      `Estimated footprint of one training run: ${e.energy_kwh ? `${round(e.energy_kwh.central)} kWh (${round(e.energy_kwh.low)}-${round(e.energy_kwh.high)}), ` : ""}${round(e.co2e_kg.central)} kgCO2e (${round(e.co2e_kg.low)}-${round(e.co2e_kg.high)})`,
      `  ${clean(e.derivation)}`,
    );
  } else {
    lines.push(`No footprint estimate: missing ${report.estimateMissing.map(clean).join("; ")}`);
  }
  const compared = report.crosscheck.filter((c) => c.status !== "paper_only");
  if (compared.length) {
    lines.push("", "Paper and code:");
    for (const entry of compared) {
      const side = (s: typeof entry.paper) => (s ? `${clean(s.value)} (${clean(chainOf(s))})` : "-");
      lines.push(
        `  ${clean(entry.field).padEnd(20)} ${entry.status.padEnd(12)} paper ${side(entry.paper)}; code ${side(entry.code)}${entry.note ? `; ${clean(entry.note)}` : ""}`,
      );
    }
  }
  for (const warning of report.warnings.slice(0, 10)) lines.push(`warning: ${clean(warning.message)}`);
  return lines.join("\n");
}
