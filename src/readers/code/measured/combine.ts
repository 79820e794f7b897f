/**
 * Several measurement files in one repository: a file whose runs all appear in another file (`emissions.csv`
 * kept next to `emissions_all.csv`) is a subset and is tagged so; independent files are added up into one
 * derived repository total, so the summary neither double-counts nor reports one experiment as the whole.
 */
import type { FactTag } from "../../../domain/tags.js";
import type { Fact } from "../../../domain/facts.js";
import { roundTo } from "../values.js";
import type { FileFindings } from "../types.js";

const ADDITIVE_FIELDS = new Set<Fact["field"]>(["energy_kwh", "co2e_kg", "training_time_hours"]);

/** Returns the measurement facts with subset files tagged, plus derived totals when several files are independent. */
export function combineMeasurements(findings: FileFindings[]): {
  tagged: Map<string, FactTag[]>;
  derived: Fact[];
} {
  const files = findings.filter((f) => f.facts.some((fact) => fact.measured));
  const runSets = new Map(files.map((f) => [f.path, new Set(f.measurementRuns ?? [])]));
  const subsets = new Set<string>();
  for (const a of files) {
    const runsA = runSets.get(a.path)!;
    if (runsA.size === 0) continue;
    for (const b of files) {
      if (a === b) continue;
      const runsB = runSets.get(b.path)!;
      const contained = [...runsA].every((id) => runsB.has(id));
      if (contained && (runsB.size > runsA.size || (runsB.size === runsA.size && b.path < a.path))) {
        subsets.add(a.path);
        break;
      }
    }
  }
  const tagged = new Map<string, FactTag[]>();
  for (const path of subsets) tagged.set(path, ["subset"]);
  const independent = files.filter((f) => !subsets.has(f.path));
  const derived: Fact[] = [];
  if (independent.length > 1) {
    for (const field of ADDITIVE_FIELDS) {
      const parts = independent.flatMap((f) =>
        f.facts.filter((fact) => fact.field === field && fact.measured),
      );
      if (parts.length < 2) continue;
      const total = parts.reduce((sum, fact) => sum + Number(fact.value), 0);
      const first = parts[0]!;
      derived.push({
        ...first,
        value: roundTo(total, 6),
        raw: `sum over ${parts.length} measurement files: ${parts.map((p) => (p.evidence.kind === "code" ? p.evidence.file : "")).join(", ")}`,
        tags: ["derived", "repository_total", ...(first.tags ?? []).filter((t) => !t.startsWith("runs:"))],
      });
    }
  }
  return { tagged, derived };
}
