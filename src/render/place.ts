/**
 * Where a piece of evidence is, as both renderers cite it: `p. 4 (3 Experiments)`, `paper/main.tex:12 (Setup)`,
 * `train.py:13`. A Markdown or text paper has neither page nor file, so its place is its section, named once.
 * The caller escapes the result for its medium.
 */
import type { Evidence } from "../domain/facts.js";
import { whereOf } from "../judge/items/describe.js";

/**
 * @example
 * placeOf({ kind: "paper", page: 4, section: "Setup", quote: "", start: 0, end: 0 }) // "p. 4 (Setup)"
 * placeOf({ kind: "paper", page: null, section: "Setup", quote: "", start: 0, end: 0 }) // "Setup"
 */
export function placeOf(evidence: Evidence): string {
  const where = whereOf(evidence);
  if (evidence.kind !== "paper" || !evidence.section || evidence.section === where) return where;
  return `${where} (${evidence.section})`;
}
