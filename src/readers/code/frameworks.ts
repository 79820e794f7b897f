/**
 * Framework detection from imports and declared dependencies (`data/frameworks.json`).
 */
import { z } from "zod";
import table from "./data/frameworks.json" with { type: "json" };

const Table = z.object({
  frameworks: z.array(
    z.object({ name: z.string(), imports: z.array(z.string()), packages: z.array(z.string()) }),
  ),
});
const FRAMEWORKS = Table.parse(table).frameworks;

/** The framework an imported module belongs to (`torch.nn` → PyTorch, `tensorflow.keras.layers` → Keras). */
export function frameworkOfImport(module: string): string | null {
  let best: { name: string; length: number } | null = null;
  for (const framework of FRAMEWORKS) {
    for (const root of framework.imports) {
      if ((module === root || module.startsWith(`${root}.`)) && (!best || root.length > best.length)) {
        best = { name: framework.name, length: root.length };
      }
    }
  }
  return best?.name ?? null;
}

/** The framework a declared package (requirements line, setup.py, pyproject) belongs to. */
export function frameworkOfPackage(name: string): string | null {
  const normalized = name.trim().toLowerCase().replace(/_/g, "-");
  return FRAMEWORKS.find((f) => f.packages.some((p) => p.replace(/_/g, "-") === normalized))?.name ?? null;
}

/**
 * Orders detected frameworks: most files first, then the table's order, so output is stable.
 * `counts` maps framework name to the number of files that import or declare it.
 */
export function rankFrameworks(counts: Map<string, number>): string[] {
  const order = FRAMEWORKS.map((f) => f.name);
  return [...counts.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([name]) => name);
}
