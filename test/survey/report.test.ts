/** The survey report page: self-contained, every paper's text escaped, one script pinned by the CSP. */
import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { renderSurveyReport, SURVEY_REPORT_CSP } from "../../src/survey/report/index.js";
import { summarizeRecords } from "../../src/survey/report/from-records.js";
import {
  fixturePapers,
  fixtureSummary,
  HOSTILE_QUOTE,
  HOSTILE_TITLE,
  paperRecord,
} from "./report-fixture.js";

const papers = fixturePapers();
const html = await renderSurveyReport(fixtureSummary(papers), papers);

describe("the survey report page", () => {
  it("escapes titles, ids, venues, quotes, hardware names and errors taken from papers", () => {
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(HOSTILE_QUOTE);
    expect(html).toContain("&lt;/blockquote&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(html).not.toMatch(/<script>alert|<img|<svg onload|<b>id|<[^>]*\sonerror=/);
    expect(html).toContain('data-sort="hostile/&lt;b&gt;id&lt;/b&gt;"');
    expect(html).toContain("failed: not a PDF &lt;or&gt; anything else");
    // One script element: the sort script.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("loads nothing: no external script, style, font, image or link", () => {
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/);
    expect(html).not.toMatch(/<[^>]*\s(?:src|srcset|href|xlink:href)=/);
    expect(html).not.toMatch(/@import|url\(/);
    // The only URLs are the SVG namespaces.
    const urls = new Set(html.match(/https?:\/\/[^"'\s<>)]+/g));
    expect([...urls].sort()).toEqual(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"]);
  });

  it("pins its one script in the Content-Security-Policy by hash, and allows nothing else", () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    expect(SURVEY_REPORT_CSP).toContain(`script-src 'sha256-${hash}'`);
    expect(SURVEY_REPORT_CSP).toContain("default-src 'none'");
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${SURVEY_REPORT_CSP.replace(/'/g, "&#39;")}">`,
    );
  });

  it("shows each plot, the disclosure rates, the largest footprints and every paper", () => {
    for (const chart of [
      "disclosure",
      "disclosure-by-year",
      "disclosure-by-venue",
      "energy",
      "co2e",
      "hardware",
    ])
      expect(html).toMatch(new RegExp(`<figure class="chart" data-chart="${chart}"><svg `));
    expect(html).toContain('<td>hardware</td><td class="number">8 / 11</td><td class="number">73%</td>');
    expect(html).toContain('<section id="largest">');
    expect(html).toContain("Each run used 8 A100 GPUs for 10 days.");
    expect(html).toContain("(p. 6)");
    expect(html).toMatch(/alert\(2\)&quot;&gt;<\/blockquote>/); // no page: none shown
    expect(html.match(/<tr>/g)!.length).toBe(1 + 6 + 1 + papers.length); // rates table + papers table
  });

  it("says what is missing instead of drawing empty plots", async () => {
    const bare = [paperRecord({ id: "a", venue: null, year: null })];
    const page = await renderSurveyReport(summarizeRecords(bare, { generatedAt: new Date(0) }), bare);
    expect(page).not.toContain('data-chart="disclosure-by-year"');
    expect(page).not.toContain('data-chart="energy"');
    expect(page).toContain("No hardware family is known for these papers.");
    expect(page).toContain("No paper states enough");
    expect(page).not.toContain('<section id="largest">');
    expect(page).not.toContain('<section id="cost">');
    expect(html).toContain('<section id="cost">');
  });
});
