/** The verdict and the one-line headline a program chair reads first, from the items' statuses. */
import type { ChecklistItemResult, Verdict } from "./types.js";

export function verdictOf(
  items: ChecklistItemResult[],
  declarationErrors: number,
): { verdict: Verdict; headline: string } {
  const required = items.filter((i) => i.required);
  const inconsistent = items.filter((i) => i.status === "inconsistent");
  const missing = required.filter((i) => i.status === "missing");
  const notInPaper = required.filter((i) => i.status === "inferred" || i.status === "partial");
  const applicable = required.filter((i) => i.status !== "not_applicable");
  const done = applicable.filter((i) => i.status === "disclosed");
  const verdict: Verdict =
    inconsistent.length || declarationErrors
      ? "inconsistent"
      : missing.length || notInPaper.length
        ? "incomplete"
        : "complete";
  const parts = [`${done.length} of ${applicable.length} required items disclosed`];
  if (missing.length)
    parts.push(`${missing.length} missing (${missing.map((i) => i.id.replace(/_/g, " ")).join(", ")})`);
  if (notInPaper.length)
    parts.push(
      `${notInPaper.length} partial or only in the code (${notInPaper.map((i) => i.id.replace(/_/g, " ")).join(", ")})`,
    );
  if (inconsistent.length)
    parts.push(
      `${inconsistent.length} inconsistent (${inconsistent.map((i) => i.id.replace(/_/g, " ")).join(", ")})`,
    );
  if (declarationErrors)
    parts.push(`footprint.yml has ${declarationErrors} error${declarationErrors > 1 ? "s" : ""}`);
  const lead =
    verdict === "complete"
      ? "Compute disclosure complete"
      : verdict === "inconsistent"
        ? "Compute disclosure inconsistent"
        : "Compute disclosure incomplete";
  return { verdict, headline: `${lead}: ${parts.join("; ")}` };
}
