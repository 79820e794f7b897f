/** The survey report's Vega-Lite specs: pure functions of the summary and records, and their SVG. */
import { describe, expect, it } from "@jest/globals";
import {
  disclosureChartSpec,
  footprintChartSpec,
  groupedDisclosureChartSpec,
  hardwareChartSpec,
  PER_PAPER_MARKS_UP_TO,
} from "../../src/survey/report/charts.js";
import { renderChartSvg } from "../../src/survey/report/svg.js";
import { fixturePapers, fixtureSummary, paperRecord } from "./report-fixture.js";

const papers = fixturePapers();
const summary = fixtureSummary(papers);
const dataOf = (spec: unknown) => (spec as { data: { values: Array<Record<string, unknown>> } }).data.values;
const marksOf = (spec: unknown) =>
  ((spec as { layer?: Array<{ mark: { type: string } }> }).layer ?? [spec as { mark: { type: string } }]).map(
    (layer) => layer.mark.type,
  );

describe("the disclosure chart", () => {
  it("plots each field's rate with its Wilson interval", () => {
    const spec = disclosureChartSpec(summary)!;
    expect(marksOf(spec)).toEqual(["rule", "point"]);
    expect(dataOf(spec)).toContainEqual({
      field: "hardware",
      disclosed: 8,
      total: 11,
      rate: summary.disclosure.hardware!.rate,
      low: summary.disclosure.hardware!.low,
      high: summary.disclosure.hardware!.high,
    });
  });

  it("is left out when no paper was read", () => {
    expect(disclosureChartSpec({ ...summary, disclosure: {} })).toBeNull();
  });
});

describe("the grouped disclosure chart", () => {
  it("has one dot per year and field", () => {
    const spec = groupedDisclosureChartSpec(summary.by_year, "year")!;
    const rows = dataOf(spec);
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(["2023", "2024"]));
    expect(rows).toHaveLength(2 * 6);
    expect(rows.find((r) => r.group === "2024" && r.field === "training_time_hours")).toMatchObject({
      disclosed: 5,
      total: 6,
    });
  });

  it("is left out when no year is known", () => {
    expect(groupedDisclosureChartSpec({}, "year")).toBeNull();
  });
});

describe("the footprint chart", () => {
  it("ranks the estimated papers by central value on a log scale with their low–high range", () => {
    const spec = footprintChartSpec(papers, "co2e_kg")!;
    const rows = dataOf(spec);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.central)).toEqual(
      [...rows.map((r) => r.central as number)].sort((a, b) => a - b),
    );
    expect(rows[4]).toEqual({ rank: 5, low: 4e5 * 0.6, central: 4e5, high: 4e5 * 1.7 });
    expect(JSON.stringify(spec)).toContain('"scale":{"type":"log"}');
    expect(marksOf(spec)).toEqual(["rule", "point"]);
  });

  it("leaves out zeros (a log scale cannot show them) and failed papers", () => {
    const zero = paperRecord({
      id: "zero",
      estimate: {
        energy_kwh: { low: 0, central: 0, high: 0 },
        co2e_kg: null,
        device_hours: null,
        hardware_family: null,
      },
    });
    expect(footprintChartSpec([zero], "energy_kwh")).toBeNull();
    expect(footprintChartSpec([zero], "co2e_kg")).toBeNull();
  });

  it("draws a band and a line instead of a mark per paper for a proceedings-size survey", () => {
    const many = Array.from({ length: PER_PAPER_MARKS_UP_TO + 1 }, (_, i) =>
      paperRecord({
        id: `m${i}`,
        estimate: {
          energy_kwh: { low: i + 1, central: i + 2, high: i + 3 },
          co2e_kg: null,
          device_hours: null,
          hardware_family: null,
        },
      }),
    );
    expect(marksOf(footprintChartSpec(many, "energy_kwh"))).toEqual(["area", "line"]);
    expect(marksOf(footprintChartSpec(many.slice(1), "energy_kwh"))).toEqual(["rule", "point"]);
  });
});

describe("the hardware chart", () => {
  it("counts papers per family", () => {
    expect(dataOf(hardwareChartSpec(summary))).toEqual(
      expect.arrayContaining([
        { family: "NVIDIA A100", papers: 3 },
        { family: "TPU v4", papers: 2 },
      ]),
    );
  });

  it("is left out when no paper names its hardware", () => {
    expect(hardwareChartSpec({ ...summary, hardware_families: {} })).toBeNull();
  });
});

describe("rendering a spec to SVG", () => {
  it("draws the marks, loads nothing and escapes labels taken from papers", async () => {
    const svg = await renderChartSvg(hardwareChartSpec(summary)!);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<g class="mark-rect role-mark/g)).toHaveLength(1);
    expect(svg.match(/<path /g)!.length).toBeGreaterThanOrEqual(4);
    expect(svg).not.toContain("<svg onload");
    expect(svg).toContain("&lt;svg onload=alert(4)&gt;");
    expect(svg).not.toMatch(/(?:href|src)=/);
  });

  it("draws the log-scale footprint chart", async () => {
    const svg = await renderChartSvg(footprintChartSpec(papers, "energy_kwh")!);
    expect(svg).toContain('class="mark-symbol role-mark');
    expect(svg).toContain('class="mark-rule role-mark');
  });
});
