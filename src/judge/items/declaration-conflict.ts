/**
 * The shared first step of every item a footprint.yml value answers: when the paper or the code says otherwise
 * than the declaration, the item is inconsistent, whatever else is disclosed, and shows both evidences.
 */
import type { FactField } from "../../domain/facts.js";
import type { CheckContext } from "../context.js";
import { describeValue, uniqueEvidence, whereOf } from "./describe.js";
import type { ItemOutcome } from "./types.js";

/**
 * @example
 *   declarationConflict(context, ["accelerator_count"])?.message;
 *   // "footprint.yml declares 16 (footprint.yml:1), but the paper says 8 (paper/setup.tex:5) ..."
 */
export function declarationConflict(context: CheckContext, fields: readonly FactField[]): ItemOutcome | null {
  const conflicts = context.declarationCheck.filter(
    (e) => e.status === "mismatch" && fields.includes(e.field),
  );
  const first = conflicts[0];
  if (!first) return null;
  const sentences = fields
    .map((field) => conflicts.filter((e) => e.field === field))
    .filter((found) => found.length > 0)
    .map((found) => {
      const declared = found[0]!.declared;
      const others = found.map(
        (e) =>
          `${e.against === "paper" ? "the paper says" : "the code sets"} ${describeValue(e.field, e.other.value)} (${e.note ? `${e.note}, ` : ""}${whereOf(e.other.evidence)})`,
      );
      return `${context.declarationFile ?? "footprint.yml"} declares ${describeValue(found[0]!.field, declared.value)} (${whereOf(declared.evidence)}), but ${others.join(" and ")}`;
    });
  const paper = conflicts.find((e) => e.against === "paper");
  const code = conflicts.find((e) => e.against === "code");
  return {
    status: "inconsistent",
    message: `${sentences.join("; ")}: correct the paper, the code or the declaration.`,
    values: {
      declared: first.declared.value,
      ...(paper ? { paper: paper.other.value } : {}),
      ...(code ? { code: code.other.value } : {}),
    },
    evidence: uniqueEvidence(conflicts.flatMap((e) => [e.declared.evidence, e.other.evidence])),
  };
}
