/**
 * The survey's report: one self-contained HTML file (issue 15, point 5). Plots are Vega-Lite specs
 * (./charts.ts) rendered to SVG here on the server (./svg.ts) and inlined; the page has an inline stylesheet,
 * one inline script for the sortable table (./sort-script.ts) and a Content-Security-Policy that forbids
 * anything else, so it opens from a file or an e-mail attachment with no network.
 *
 * Sections, top to bottom: what was surveyed; disclosure per field (overall, per year, per venue); estimated
 * energy and emissions; hardware families; the largest footprints with their evidence; every paper in a
 * sortable table; what the survey itself cost. Everything taken from papers is HTML-escaped.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Rate, SurveyPaperRecord, SurveySummary } from "../types.js";
import {
  disclosureChartSpec,
  footprintChartSpec,
  groupedDisclosureChartSpec,
  hardwareChartSpec,
} from "./charts.js";
import { escapeHtml } from "./escape.js";
import { SORT_SCRIPT, SURVEY_REPORT_CSP } from "./sort-script.js";
import { renderChartSvg } from "./svg.js";

export { SURVEY_REPORT_CSP } from "./sort-script.js";

const NUMBER = new Intl.NumberFormat("en", { maximumSignificantDigits: 3 });
const PERCENT = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });

/** A quantity for reading (3 significant digits, thousands separated). */
function formatNumber(value: number): string {
  return NUMBER.format(value);
}

function formatRange(range: { low: number; central: number; high: number }): string {
  return `${formatNumber(range.central)} (${formatNumber(range.low)}–${formatNumber(range.high)})`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, sans-serif; color: #1a202c; margin: 0 auto; max-width: 1100px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .25rem; }
.meta { color: #4a5568; margin: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: .75rem 0; }
.figure-value { font-size: 1.3rem; font-weight: 600; display: block; }
figure.chart { margin: .75rem 0; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #4a5568; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #edf2f7; vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
.table-scroll { max-height: 70vh; overflow: auto; }
thead th { position: sticky; top: 0; background: #f7fafc; }
blockquote { margin: .25rem 0 .5rem 1rem; padding-left: .75rem; border-left: 3px solid #cbd5e0; color: #2d3748; }
.evidence-field { font-weight: 600; }
.failed { color: #9b2c2c; }
.empty { color: #718096; font-style: italic; }
`;

interface Figure {
  name: string;
  spec: TopLevelSpec | null;
  caption: string;
}

async function figureHtml(figure: Figure): Promise<string> {
  if (!figure.spec) return "";
  const svg = await renderChartSvg(figure.spec);
  return `<figure class="chart" data-chart="${escapeHtml(figure.name)}">${svg}<figcaption>${escapeHtml(figure.caption)}</figcaption></figure>`;
}

function ratesTable(rates: Record<string, Rate>): string {
  const rows = Object.entries(rates)
    .sort(([, a], [, b]) => b.rate - a.rate)
    .map(
      ([field, r]) =>
        `<tr><td>${escapeHtml(field)}</td><td class="number">${r.disclosed} / ${r.total}</td><td class="number">${PERCENT.format(r.rate)}</td><td class="number">${PERCENT.format(r.low)}–${PERCENT.format(r.high)}</td></tr>`,
    )
    .join("");
  return `<table class="rates"><thead><tr><th>field</th><th class="number">papers stating it</th><th class="number">rate</th><th class="number">Wilson 95 % interval</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function disclosureSection(summary: SurveySummary): Promise<string> {
  const overall = await figureHtml({
    name: "disclosure",
    spec: disclosureChartSpec(summary),
    caption: "Share of the papers read that state each field, with its Wilson 95 % interval.",
  });
  const byYear = await figureHtml({
    name: "disclosure-by-year",
    spec: groupedDisclosureChartSpec(summary.by_year, "year"),
    caption: "Disclosure per year of publication (papers whose year is known).",
  });
  const byVenue = await figureHtml({
    name: "disclosure-by-venue",
    spec: groupedDisclosureChartSpec(summary.by_venue, "venue"),
    caption: "Disclosure per venue (papers whose venue is known).",
  });
  const fields = Object.keys(summary.disclosure).length;
  return `<section id="disclosure"><h2>What papers disclose</h2>${
    fields === 0
      ? `<p class="empty">No paper was read: no disclosure rate.</p>`
      : overall + ratesTable(summary.disclosure)
  }${byYear ? `<h3>Per year</h3>${byYear}` : ""}${byVenue ? `<h3>Per venue</h3>${byVenue}` : ""}</section>`;
}

async function footprintSection(
  summary: SurveySummary,
  papers: readonly SurveyPaperRecord[],
): Promise<string> {
  const total = summary.total;
  const energy = await figureHtml({
    name: "energy",
    spec: footprintChartSpec(papers, "energy_kwh"),
    caption:
      "Estimated training energy per paper (kWh, log scale): dot or line at the central estimate, bar or band from the low to the high estimate.",
  });
  const emissions = await figureHtml({
    name: "co2e",
    spec: footprintChartSpec(papers, "co2e_kg"),
    caption:
      "Estimated training emissions per paper (kgCO2e, log scale): dot or line at the central estimate, bar or band from the low to the high estimate.",
  });
  const distribution = (name: string, d: SurveySummary["energy_kwh"]) =>
    d
      ? `<li>${escapeHtml(name)}: median ${formatNumber(d.median)}, middle half ${formatNumber(d.p25)}–${formatNumber(d.p75)}, from ${formatNumber(d.min)} to ${formatNumber(d.max)} (${d.count} papers)</li>`
      : "";
  const body =
    total.papers_estimated === 0
      ? `<p class="empty">No paper states enough (hardware and time, or energy) for an estimate.</p>`
      : `<div class="figures">
<div><span class="figure-value">${formatRange(total.energy_kwh)} kWh</span>estimated energy, all papers (central, low–high)</div>
<div><span class="figure-value">${formatRange(total.co2e_kg)} kgCO2e</span>estimated emissions, all papers</div>
<div><span class="figure-value">${total.papers_estimated}</span>papers with an estimate</div>
</div><ul>${distribution("energy (kWh)", summary.energy_kwh)}${distribution("emissions (kgCO2e)", summary.co2e_kg)}</ul>${energy}${emissions}`;
  return `<section id="footprint"><h2>Estimated training footprint</h2>${body}</section>`;
}

async function hardwareSection(summary: SurveySummary): Promise<string> {
  const chart = await figureHtml({
    name: "hardware",
    spec: hardwareChartSpec(summary),
    caption: "Papers per hardware family (papers that name their hardware).",
  });
  return `<section id="hardware"><h2>Hardware families</h2>${chart || `<p class="empty">No hardware family is known for these papers.</p>`}</section>`;
}

function largestSection(summary: SurveySummary): string {
  if (summary.largest.length === 0) return "";
  const items = summary.largest
    .map((paper) => {
      const evidence = paper.evidence.length
        ? paper.evidence
            .map(
              (e) =>
                `<div class="evidence"><span class="evidence-field">${escapeHtml(e.field)}</span> = ${escapeHtml(String(e.value))} ${e.page === null ? "" : ` <span class="meta">(p. ${e.page})</span>`}<blockquote>${escapeHtml(e.quote)}</blockquote></div>`,
            )
            .join("")
        : `<p class="empty">No evidence recorded.</p>`;
      return `<li><strong>${escapeHtml(paper.title ?? paper.id)}</strong> <span class="meta">${escapeHtml(paper.id)}</span>: ${formatNumber(paper.co2e_kg)} kgCO2e, ${formatNumber(paper.energy_kwh)} kWh (central estimates)${evidence}</li>`;
    })
    .join("");
  return `<section id="largest"><h2>Largest estimated footprints</h2><ol>${items}</ol></section>`;
}

/** Sortable cell: shown text and the value it sorts by. */
function cell(shown: string, sortBy: string | number | null, numeric = false, className = ""): string {
  const classes = [numeric ? "number" : "", className].filter(Boolean).join(" ");
  return `<td${classes ? ` class="${classes}"` : ""} data-sort="${sortBy === null ? "" : escapeHtml(String(sortBy))}">${shown}</td>`;
}

function stated(paper: SurveyPaperRecord): { count: number; of: number } | null {
  if (!paper.summary) return null;
  const values = Object.values(paper.summary);
  return { count: values.filter((v) => v !== null).length, of: values.length };
}

const COLUMNS: Array<{ title: string; numeric: boolean }> = [
  { title: "id", numeric: false },
  { title: "title", numeric: false },
  { title: "venue", numeric: false },
  { title: "year", numeric: true },
  { title: "status", numeric: false },
  { title: "hardware", numeric: false },
  { title: "fields stated", numeric: true },
  { title: "energy kWh", numeric: true },
  { title: "kgCO2e", numeric: true },
];

function papersSection(papers: readonly SurveyPaperRecord[]): string {
  const head = COLUMNS.map(
    (c) =>
      `<th scope="col"${c.numeric ? ` class="number" data-type="number"` : ""}><button type="button">${escapeHtml(c.title)}</button></th>`,
  ).join("");
  const rows = papers
    .map((paper) => {
      const s = stated(paper);
      const energy = paper.estimate?.energy_kwh ?? null;
      const co2e = paper.estimate?.co2e_kg ?? null;
      const family = paper.estimate?.hardware_family ?? null;
      return `<tr>${[
        cell(escapeHtml(paper.id), paper.id),
        cell(escapeHtml(paper.title ?? ""), paper.title ?? ""),
        cell(escapeHtml(paper.venue ?? ""), paper.venue ?? ""),
        cell(paper.year === null ? "" : String(paper.year), paper.year, true),
        paper.status === "failed"
          ? cell(`failed: ${escapeHtml(paper.error ?? "")}`, "failed", false, "failed")
          : cell("read", "read"),
        cell(escapeHtml(family ?? ""), family ?? ""),
        cell(s ? `${s.count} / ${s.of}` : "", s ? s.count : null, true),
        cell(energy ? formatRange(energy) : "", energy ? energy.central : null, true),
        cell(co2e ? formatRange(co2e) : "", co2e ? co2e.central : null, true),
      ].join("")}</tr>`;
    })
    .join("\n");
  return `<section id="papers-section"><h2>Papers</h2><p class="meta">Click a column header to sort; again to reverse. Estimates: central (low–high).</p><div class="table-scroll"><table id="papers"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div></section>`;
}

function costSection(summary: SurveySummary): string {
  const c = summary.cost;
  // Reports rebuilt from stored records (the review platform) have no survey run to account for.
  if (c.workers === 0 && c.wall_s === 0) return "";
  return `<section id="cost"><h2>What this survey cost</h2><p>${formatNumber(c.cpu_s)} CPU-seconds over ${formatNumber(c.wall_s)} s of wall time with ${c.workers} workers (text engine: ${escapeHtml(c.text_engine)}), about ${formatNumber(c.energy_wh)} Wh.</p></section>`;
}

/**
 * The survey report as one HTML document.
 *
 * @example
 * await writeFile(path.join(dir, "report.html"), await renderSurveyReport(summary, papers));
 */
export async function renderSurveyReport(
  summary: SurveySummary,
  papers: SurveyPaperRecord[],
): Promise<string> {
  const p = summary.papers;
  const sections = [
    await disclosureSection(summary),
    await footprintSection(summary, papers),
    await hardwareSection(summary),
    largestSection(summary),
    papersSection(papers),
    costSection(summary),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(SURVEY_REPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<title>ml-footprint survey report</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Compute and carbon disclosure survey</h1>
<p class="meta">${p.read} papers read, ${p.failed} failed${p.cached ? ` (${p.cached} from the cache)` : ""}. Generated ${escapeHtml(summary.generated_at)} by ml-footprint${summary.reader_version ? ` ${escapeHtml(summary.reader_version)}` : ""}. Estimates are ranges (low–high); a field counts as disclosed when the paper states it.</p></header>
<main>
${sections.join("\n")}
</main>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
