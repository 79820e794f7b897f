/**
 * The survey report's plots as Vega-Lite specifications: pure functions of the summary (and, for the
 * footprint ranges, of the paper records), rendered to SVG by ./svg.ts. A function returns null when its data
 * is absent (no years known, nothing estimated), so the page leaves the plot out rather than draw an empty one.
 *
 * Every spec carries its data inline (`data.values`): rendering never loads anything.
 */
import type { TopLevelSpec } from "vega-lite";
import type { PositionFieldDef } from "vega-lite/types_unstable/channeldef.js";
import type { Rate, SurveyPaperRecord, SurveySummary } from "../types.js";

const WIDTH = 640;
const ACCENT = "#2b6cb0";

/** Shared look: system fonts only (the page loads no font), no frame around the plot. */
const CONFIG = {
  font: "system-ui, sans-serif",
  background: "white",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
} as const;

interface RateRow {
  field: string;
  rate: number;
  low: number;
  high: number;
  disclosed: number;
  total: number;
}

function rateRows(rates: Record<string, Rate>): RateRow[] {
  return Object.entries(rates).map(([field, r]) => ({
    field,
    rate: r.rate,
    low: r.low,
    high: r.high,
    disclosed: r.disclosed,
    total: r.total,
  }));
}

/**
 * Share of papers stating each summary field: a dot at the rate and a bar over its Wilson 95 % interval, fields
 * from the most to the least disclosed.
 *
 * @example
 * disclosureChartSpec(summary) // { layer: [rule low–high, point rate], ... } or null when no field was counted
 */
export function disclosureChartSpec(summary: SurveySummary): TopLevelSpec | null {
  const values = rateRows(summary.disclosure).filter((row) => row.total > 0);
  if (values.length === 0) return null;
  const y = {
    field: "field",
    type: "nominal",
    title: null,
    sort: { field: "rate", order: "descending" },
  } as const;
  return {
    config: CONFIG,
    width: WIDTH,
    height: { step: 22 },
    data: { values },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 3, color: ACCENT, opacity: 0.45 },
        encoding: {
          y,
          x: {
            field: "low",
            type: "quantitative",
            scale: { domain: [0, 1] },
            axis: { format: "%" },
            title: "papers that state the field (dot) with its Wilson 95 % interval (bar)",
          },
          x2: { field: "high" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 60, color: ACCENT },
        encoding: { y, x: { field: "rate", type: "quantitative" } },
      },
    ],
  };
}

/**
 * Disclosure rates per group (year or venue): one column of dots and interval bars per group, one colour per
 * field. Null when the summary knows no group.
 *
 * @example
 * groupedDisclosureChartSpec(summary.by_year, "year") // null when no paper's year is known
 */
export function groupedDisclosureChartSpec(
  groups: Record<string, Record<string, Rate>>,
  groupTitle: string,
): TopLevelSpec | null {
  const values = Object.entries(groups).flatMap(([group, rates]) =>
    rateRows(rates)
      .filter((row) => row.total > 0)
      .map((row) => ({ group, ...row })),
  );
  if (values.length === 0) return null;
  const x = { field: "group", type: "nominal", title: groupTitle, sort: "ascending" } as const;
  const xOffset = { field: "field", type: "nominal" } as const;
  const color = { field: "field", type: "nominal", title: "field" } as const;
  return {
    config: CONFIG,
    width: WIDTH,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2, opacity: 0.5 },
        encoding: {
          x,
          xOffset,
          color,
          y: {
            field: "low",
            type: "quantitative",
            scale: { domain: [0, 1] },
            axis: { format: "%" },
            title: "papers that state the field (95 % interval)",
          },
          y2: { field: "high" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 40 },
        encoding: { x, xOffset, color, y: { field: "rate", type: "quantitative" } },
      },
    ],
  };
}

export type FootprintQuantity = "energy_kwh" | "co2e_kg";

/** Above this many estimated papers the footprint plot draws a band instead of a bar per paper. */
export const PER_PAPER_MARKS_UP_TO = 400;

const QUANTITY_TITLE: Record<FootprintQuantity, string> = {
  energy_kwh: "estimated training energy, kWh (log scale)",
  co2e_kg: "estimated training emissions, kgCO2e (log scale)",
};

/**
 * Every estimated paper's footprint, papers ranked by the central value: a band from the low to the high
 * estimate and a dot at the central value (a band and a line beyond PER_PAPER_MARKS_UP_TO papers), on a log scale (footprints span orders of magnitude).
 * Values that a log scale cannot show (zero) are left out. Null when no paper has the estimate.
 *
 * @example
 * footprintChartSpec(papers, "co2e_kg")
 */
export function footprintChartSpec(
  papers: readonly SurveyPaperRecord[],
  quantity: FootprintQuantity,
): TopLevelSpec | null {
  const ranges = papers
    .flatMap((paper) => {
      const range = paper.status === "read" ? paper.estimate?.[quantity] : null;
      return range && range.low > 0 && range.central > 0 && range.high > 0
        ? [{ id: paper.id, ...range }]
        : [];
    })
    .sort((a, b) => a.central - b.central || a.id.localeCompare(b.id));
  if (ranges.length === 0) return null;
  const values = ranges.map((range, index) => ({
    rank: index + 1,
    low: range.low,
    central: range.central,
    high: range.high,
  }));
  const x = {
    field: "rank",
    type: "quantitative",
    title: "papers, from the smallest to the largest central estimate",
    scale: { domain: [0.5, values.length + 0.5] },
    axis: { tickMinStep: 1, format: "d" },
  } satisfies PositionFieldDef<string>;
  const y = (field: "low" | "central") =>
    ({
      field,
      type: "quantitative",
      scale: { type: "log" },
      // Powers of ten only: a log axis labelled at 2× and 5× too is unreadable over six decades.
      axis: { tickCount: 6, format: "~s", labelOverlap: "greedy" },
      title: QUANTITY_TITLE[quantity],
    }) satisfies PositionFieldDef<string>;
  const frame = { config: CONFIG, width: WIDTH, height: 240, data: { values } };
  // A bar and a dot per paper read well up to a few hundred papers; beyond, one band and one line keep the
  // SVG small (a proceedings year is thousands of papers).
  if (values.length <= PER_PAPER_MARKS_UP_TO)
    return {
      ...frame,
      layer: [
        {
          mark: { type: "rule", color: ACCENT, opacity: 0.45, strokeWidth: 2 },
          encoding: { x, y: y("low"), y2: { field: "high" } },
        },
        { mark: { type: "point", filled: true, size: 24, color: ACCENT }, encoding: { x, y: y("central") } },
      ],
    };
  return {
    ...frame,
    layer: [
      {
        mark: { type: "area", color: ACCENT, opacity: 0.25, interpolate: "step-after" },
        encoding: { x, y: y("low"), y2: { field: "high" } },
      },
      { mark: { type: "line", color: ACCENT, interpolate: "step-after" }, encoding: { x, y: y("central") } },
    ],
  };
}

/**
 * Papers per hardware family, the most used first. Null when no paper's hardware is known.
 *
 * @example
 * hardwareChartSpec(summary)
 */
export function hardwareChartSpec(summary: SurveySummary): TopLevelSpec | null {
  const values = Object.entries(summary.hardware_families)
    .filter(([, papers]) => papers > 0)
    .map(([family, papers]) => ({ family, papers }));
  if (values.length === 0) return null;
  return {
    config: CONFIG,
    width: WIDTH,
    height: { step: 22 },
    data: { values },
    mark: { type: "bar", color: ACCENT },
    encoding: {
      y: { field: "family", type: "nominal", title: null, sort: { field: "papers", order: "descending" } },
      x: { field: "papers", type: "quantitative", title: "papers", axis: { tickMinStep: 1, format: "d" } },
    },
  };
}
