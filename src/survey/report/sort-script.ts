/**
 * The report's only script: click a column header of the papers table to sort by it (again to reverse).
 * Cells sort by their `data-sort` value (numbers for numeric columns; empty cells stay last either way). It
 * reads text and attributes and moves rows; it never writes HTML, so paper text cannot become markup.
 *
 * Its SHA-256 goes into the Content-Security-Policy: the page runs this script and nothing else.
 */
import { createHash } from "node:crypto";

export const SORT_SCRIPT = `(() => {
  const table = document.getElementById("papers");
  if (!table) return;
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, index) => {
    const button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const numeric = th.dataset.type === "number";
      const key = (row) => {
        const cell = row.cells[index];
        return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
      };
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
        const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
})();`;

const SCRIPT_HASH = createHash("sha256").update(SORT_SCRIPT, "utf8").digest("base64");

/**
 * What the report page may do: its inline styles (the page's stylesheet and vega's SVG attributes) and the
 * sort script, by hash. No network at all: no fonts, images, frames, forms or connections.
 */
export const SURVEY_REPORT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src 'sha256-${SCRIPT_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
