/**
 * The checklist for a terminal: the verdict, one entry per item, the estimate, the cross-check. Repository
 * strings go through `cleanText`, so a paper or a config value cannot move the cursor, recolour or retitle the
 * terminal (escape sequences), reorder what is shown (bidi controls) or add lines of its own: lines are made
 * here only, by wrapping to the terminal's width between words (`./wrap.ts`), continuation lines indented.
 * Nothing here is posted to GitHub, so mentions are left as they are: a path with an `@` stays copyable.
 */
import { getProfile } from "../catalog/venue-profiles.js";
import type { CheckReport, CrosscheckSide } from "../judge/types.js";
import { chainOf } from "../judge/items/describe.js";
import { formatHumanNumber } from "../domain/number-format.js";
import { cleanText } from "./escape.js";
import { DEFAULT_TEXT_WIDTH, MIN_TEXT_WIDTH, wrapText } from "./wrap.js";
import { CROSSCHECK_STATUS_WORDS, ITEM_STATUS_WORDS } from "./words.js";
import { warningText } from "./warnings.js";

/** A terminal line shows more than a posted cell, but still one paragraph. */
const LINE_LIMIT = 2_000;

/** Warnings shown; the JSON has them all. */
const WARNINGS_SHOWN = 10;

const clean = (value: unknown): string => cleanText(value, LINE_LIMIT);

/** A value as people read it: numbers in the one human format (`48M`), text cleaned. */
export const displayValue = (value: unknown): string =>
  typeof value === "number" ? formatHumanNumber(value) : clean(value);

export interface TextOptions {
  /** Line width in characters (the terminal's; DEFAULT_TEXT_WIDTH when not a terminal). */
  width?: number;
}

/** Status column: as wide as the longest status word. */
const STATUS_WIDTH = Math.max(...Object.values(ITEM_STATUS_WORDS).map((w) => w.length));
const CROSSCHECK_WIDTH = Math.max(...Object.values(CROSSCHECK_STATUS_WORDS).map((w) => w.length));
const FIELD_WIDTH = 20;
/** Below this room for text beside a column, the text goes under it instead. */
const NARROW_TEXT = 48;

/**
 * The checklist as terminal text, wrapped to `width`.
 *
 * @example
 * renderCheckText(report, { width: 80 }).split("\n").every((line) => line.length <= 80) // true (no word over 60)
 */
export function renderCheckText(report: CheckReport, options: TextOptions = {}): string {
  const width = Math.max(MIN_TEXT_WIDTH, Math.floor(options.width ?? DEFAULT_TEXT_WIDTH));
  const wrap = (text: string, first = "", rest = "  ") => wrapText(text, { width, first, rest });
  const profile = getProfile(report.profile);
  const lines = [
    ...wrap(clean(report.headline)),
    ...wrap(`${profile.name}; ${report.paper ? `paper ${clean(report.paper.file)}` : "no paper"}`),
    "",
  ];
  const declarationFile = clean(report.declaration?.file ?? "footprint.yml");
  for (const error of report.declaration?.errors ?? [])
    lines.push(
      ...wrap(`${declarationFile}: ${clean(error.property)}: ${clean(error.reason)}`, "  ", "      "),
    );
  if (report.declaration?.errors.length) lines.push("");
  // "  * missing         Title" then the message under the title, indented two more; in a narrow terminal
  // the message takes the whole line, so that a path still fits on one.
  const column = " ".repeat(4 + STATUS_WIDTH + 2);
  const narrow = width - column.length < NARROW_TEXT;
  const messageIndent = narrow ? "      " : `${column}  `;
  for (const item of report.items) {
    const status = ITEM_STATUS_WORDS[item.status].padEnd(STATUS_WIDTH);
    lines.push(...wrap(clean(item.title), `  ${item.required ? "*" : " "} ${status}  `, column));
    lines.push(...wrap(clean(item.message), messageIndent, messageIndent));
  }
  lines.push("  (* required by the profile)", "");
  const e = report.estimate;
  if (e) {
    const range = (r: { central: number; low: number; high: number }, unit: string) =>
      `${formatHumanNumber(r.central)} ${unit} (${formatHumanNumber(r.low)}-${formatHumanNumber(r.high)})`;
    lines.push(
      ...wrap(
        `Estimated footprint of one training run: ${e.energy_kwh ? `${range(e.energy_kwh, "kWh")}, ` : ""}${range(e.co2e_kg, "kgCO2e")}`,
      ),
      ...wrap(clean(e.derivation), "  ", "    "),
    );
  } else {
    lines.push(...wrap(`No footprint estimate: missing ${report.estimateMissing.map(clean).join("; ")}`));
  }
  const compared = report.crosscheck.filter((c) => c.status !== "paper_only");
  if (compared.length) {
    lines.push("", "Paper and code:");
    const side = (s: CrosscheckSide | null) => (s ? `${displayValue(s.value)} (${clean(chainOf(s))})` : "-");
    const indent = " ".repeat(2 + FIELD_WIDTH + 1 + CROSSCHECK_WIDTH + 1);
    for (const entry of compared) {
      const head = `  ${clean(entry.field).padEnd(FIELD_WIDTH)} ${CROSSCHECK_STATUS_WORDS[entry.status]}`;
      const text = `paper ${side(entry.paper)}; code ${side(entry.code)}${entry.note ? `; ${clean(entry.note)}` : ""}`;
      if (width - indent.length < NARROW_TEXT) lines.push(head, ...wrap(text, "      ", "      "));
      else lines.push(...wrap(text, `${head.padEnd(indent.length - 1)} `, indent));
    }
  }
  const warnings = report.warnings.slice(0, WARNINGS_SHOWN);
  if (warnings.length) lines.push("");
  for (const warning of warnings) lines.push(...wrap(clean(warningText(warning)), "warning: ", "  "));
  if (report.warnings.length > WARNINGS_SHOWN)
    lines.push(`  and ${report.warnings.length - WARNINGS_SHOWN} more warnings (--json lists them all)`);
  return lines.join("\n");
}
