/**
 * Stand-in for the survey report (issue 15, point 5): replaced by the report module (survey-report's
 * src/survey/report/index.ts), which renders the plots and the sortable table. Until then the survey still
 * writes a small valid page so that `DIR/report.html` exists and links to the JSON it summarises.
 */
import type { SurveyPaperRecord, SurveySummary } from "../types.js";

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export async function renderSurveyReport(
  summary: SurveySummary,
  papers: SurveyPaperRecord[],
): Promise<string> {
  const rows = Object.entries(summary.disclosure)
    .map(
      ([field, rate]) =>
        `<tr><td>${escapeHtml(field)}</td><td>${rate.disclosed}/${rate.total}</td><td>${(rate.rate * 100).toFixed(1)} % (${(rate.low * 100).toFixed(1)}–${(rate.high * 100).toFixed(1)})</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ml-footprint survey</title></head>
<body>
<h1>ml-footprint survey</h1>
<p>${papers.length} papers: ${summary.papers.read} read, ${summary.papers.failed} failed. Details in summary.json and papers.jsonl.</p>
<table><thead><tr><th>field</th><th>disclosed</th><th>rate (95 % interval)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
