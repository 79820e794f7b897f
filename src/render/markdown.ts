/**
 * The checklist as the GitHub App posts it: a one-line verdict, a table of items, the footprint estimate with
 * its range and derivation, evidence in collapsible sections, and three ready-to-paste blocks. Plain words, no
 * emoji. GitHub refuses comments over 65,536 characters: evidence is cut first, then the rest, so the result
 * always fits `maxLength`. Every string that comes from the repository (quotes, file names, property names,
 * values, warnings) goes through `./escape.ts`; the Markdown and HTML here are our own.
 */
import { getProfile } from "../catalog/venue-profiles.js";
import type { CheckReport, ChecklistItemResult, CrosscheckEntry, ItemStatus } from "../judge/types.js";
import type { Evidence } from "../domain/facts.js";
import { chainOf } from "../judge/items/describe.js";
import { formatHumanNumber } from "../domain/number-format.js";
import { codeSpan, fencedBlock, markdownQuote, markdownText, truncateMarkdown } from "./escape.js";
import { placeOf } from "./place.js";
import { warningText } from "./warnings.js";
import { CROSSCHECK_STATUS_WORDS, ITEM_STATUS_WORDS } from "./words.js";

export const CHECKLIST_MARKER = "<!-- ml-footprint:checklist -->";
const DEFAULT_MAX_LENGTH = 60_000;

/** Rows of an invalid footprint.yml shown; a file can have thousands of bad properties. */
const DECLARATION_ERRORS_SHOWN = 50;

/** Item messages quote the venue answer, so they get more room than a single value. */
const MESSAGE_LIMIT = 1_000;

/** What needs the author's attention is in bold. */
const STATUS_LABEL = (status: ItemStatus): string =>
  status === "inconsistent" || status === "missing"
    ? `**${ITEM_STATUS_WORDS[status]}**`
    : ITEM_STATUS_WORDS[status];

const CROSSCHECK_LABEL = (status: CrosscheckEntry["status"]): string =>
  status === "mismatch" ? `**${CROSSCHECK_STATUS_WORDS[status]}**` : CROSSCHECK_STATUS_WORDS[status];

const round = formatHumanNumber;

function evidenceLine(evidence: Evidence, quoteLimit: number): string {
  if (evidence.kind !== "paper")
    return `${codeSpan(`${evidence.file}:${evidence.line}`)} ${codeSpan(evidence.snippet, { limit: quoteLimit })}`;
  return `${markdownText(placeOf(evidence))}: ${markdownQuote(evidence.quote, quoteLimit)}`;
}

function itemRow(item: ChecklistItemResult): string {
  const refs = item.venueRefs.length
    ? ` <sub>${item.venueRefs.map((ref) => markdownText(ref, 60)).join(", ")}</sub>`
    : "";
  return `| ${markdownText(item.title)}${refs} | ${item.required ? "yes" : "no"} | ${STATUS_LABEL(item.status)} | ${markdownText(item.message, MESSAGE_LIMIT)} |`;
}

function estimateSection(report: CheckReport): string[] {
  const lines = ["#### Estimated footprint of one training run", ""];
  const e = report.estimate;
  if (!e) {
    const missing = report.estimateMissing.map((what) => markdownText(what)).join("; ");
    lines.push(`No estimate: missing ${missing || "inputs"}.`);
    return lines;
  }
  const energy = e.energy_kwh
    ? `**${round(e.energy_kwh.central)} kWh** (range ${round(e.energy_kwh.low)} to ${round(e.energy_kwh.high)})`
    : "energy not estimated";
  lines.push(
    `${energy}, **${round(e.co2e_kg.central)} kgCO2e** (range ${round(e.co2e_kg.low)} to ${round(e.co2e_kg.high)})${e.measured.energy_kwh || e.measured.co2e_kg ? ", as measured" : ""}.`,
    "",
    `Derivation: ${markdownText(e.derivation, MESSAGE_LIMIT)}`,
    "",
    "<details><summary>Assumptions and sources</summary>",
    "",
    ...e.assumptions.map((a) => `- assumed: ${markdownText(a)}`),
    ...e.sources.map((s) => `- source: ${markdownText(s)}`),
    "",
    "</details>",
  );
  return lines;
}

function crosscheckSection(entries: CrosscheckEntry[], quoteLimit: number): string[] {
  if (!entries.length) return [];
  const side = (s: CrosscheckEntry["paper"]) =>
    s
      ? `${typeof s.value === "number" ? formatHumanNumber(s.value) : markdownText(s.value, 120)} (${markdownText(chainOf(s))})`
      : "-";
  return [
    "<details><summary>Paper and code, field by field</summary>",
    "",
    "| Field | Paper | Code | Result |",
    "|---|---|---|---|",
    ...entries.map(
      (e) =>
        `| ${markdownText(e.field)} | ${side(e.paper)} | ${side(e.code)} | ${CROSSCHECK_LABEL(e.status)}${e.note ? `: ${markdownText(e.note, quoteLimit)}` : ""} |`,
    ),
    "",
    "</details>",
  ];
}

function evidenceSection(items: ChecklistItemResult[], quoteLimit: number, perItem: number): string[] {
  const withEvidence = items.filter((i) => i.evidence.length);
  if (!withEvidence.length) return [];
  const lines = ["<details><summary>Evidence</summary>", ""];
  for (const item of withEvidence) {
    lines.push(`**${markdownText(item.title)}**`, "");
    for (const evidence of item.evidence.slice(0, perItem))
      lines.push(`- ${evidenceLine(evidence, quoteLimit)}`);
    if (item.evidence.length > perItem) lines.push(`- and ${item.evidence.length - perItem} more`);
    lines.push("");
  }
  lines.push("</details>");
  return lines;
}

/** The snippets hold repository values: each goes in a fence longer than any backtick run inside it. */
function snippetsSection(report: CheckReport): string[] {
  return [
    "<details><summary>Ready to paste: a compute statement for the paper</summary>",
    "",
    fencedBlock(report.snippets.paragraph, "text"),
    "",
    "</details>",
    "",
    "<details><summary>Ready to paste: footprint.yml at the repository root</summary>",
    "",
    fencedBlock(report.snippets.footprintYml, "yaml"),
    "",
    "</details>",
    "",
    "<details><summary>Ready to paste: Hugging Face model card (emissions in grams)</summary>",
    "",
    fencedBlock(report.snippets.modelCard, "yaml"),
    "",
    "</details>",
  ];
}

function render(report: CheckReport, quoteLimit: number, perItem: number, withEvidence: boolean): string {
  const profile = getProfile(report.profile);
  const sources = [
    report.paper ? `paper ${codeSpan(report.paper.file)}` : "no paper",
    report.code
      ? `code: ${report.code.files} files with facts${report.code.frameworks.length ? ` (${report.code.frameworks.map((f) => markdownText(f, 60)).join(", ")})` : ""}`
      : "no code",
  ];
  const lines = [
    CHECKLIST_MARKER,
    `### ${markdownText(report.headline, MESSAGE_LIMIT)}`,
    "",
    `${markdownText(profile.name)} (profile ${codeSpan(profile.id)}); ${sources.join("; ")}.`,
    "",
  ];
  if (report.declaration?.errors.length) {
    const { file, errors } = report.declaration;
    const shown = errors.slice(0, DECLARATION_ERRORS_SHOWN);
    lines.push(
      `${codeSpan(file)} is invalid:`,
      "",
      "| Property | Error |",
      "|---|---|",
      ...shown.map((e) => `| ${codeSpan(e.property, { inTable: true })} | ${markdownText(e.reason)} |`),
      "",
    );
    if (errors.length > shown.length) lines.push(`and ${errors.length - shown.length} more errors.`, "");
  }
  lines.push(
    "| Item | Required | Status | What we found / what to add |",
    "|---|---|---|---|",
    ...report.items.map(itemRow),
    "",
  );
  lines.push(...estimateSection(report), "");
  if (withEvidence) {
    lines.push(...crosscheckSection(report.crosscheck, quoteLimit), "");
    lines.push(...evidenceSection(report.items, quoteLimit, perItem), "");
  }
  lines.push(...snippetsSection(report), "");
  if (report.warnings.length) {
    lines.push(
      "<details><summary>Warnings</summary>",
      "",
      ...report.warnings.slice(0, 20).map((w) => `- ${markdownText(warningText(w))}`),
      "",
      "</details>",
      "",
    );
  }
  lines.push(
    "<sub>Read statically by ml-footprint: nothing in the repository was run. Values from the paper cite a page or a line; values from the code cite a file and line. Suggestions need verification by the authors.</sub>",
  );
  return lines.join("\n");
}

/**
 * Renders the checklist Markdown, shortening evidence until it fits `maxLength` characters.
 *
 * @example
 *   renderCheckMarkdown(report).length < 60_000; // true
 */
export function renderCheckMarkdown(report: CheckReport, maxLength = DEFAULT_MAX_LENGTH): string {
  for (const [quoteLimit, perItem] of [
    [300, 8],
    [160, 4],
    [80, 2],
  ] as const) {
    const text = render(report, quoteLimit, perItem, true);
    if (text.length <= maxLength) return text;
  }
  const bare = render(report, 60, 0, false);
  if (bare.length <= maxLength) return bare;
  const note = "\n\n(cut to fit GitHub's size limit; run `ml-footprint check` for the full report)";
  return truncateMarkdown(bare, maxLength, note);
}
