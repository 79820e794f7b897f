/**
 * Vega-Lite specification → SVG text, on the server (vega's headless "none" renderer): the report embeds the
 * SVG, so the browser runs no plotting code and needs nothing from the network. Text marks are escaped by
 * vega's SVG writer, which the report tests check with hostile labels.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * @example
 * await renderChartSvg(hardwareChartSpec(summary)!) // '<svg xmlns="http://www.w3.org/2000/svg" ...'
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
