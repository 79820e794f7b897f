/**
 * Where the training ran: a computing centre, a cloud provider and region, or a country. Without it, energy
 * cannot become emissions (grids differ by a factor of 20).
 */
import { strongest } from "../../select/selection.js";
import { declarationConflict } from "./declaration-conflict.js";
import { describeValue, uniqueEvidence, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const locationItem: ChecklistItem = {
  id: "location",
  title: "Location or cloud region (needed for emissions)",
  evaluate(context) {
    const conflict = declarationConflict(context, [
      "computing_centre",
      "cloud_provider",
      "region",
      "country",
    ]);
    if (conflict) return conflict;
    const found = (["region", "computing_centre", "cloud_provider", "country"] as const)
      .map((field) => strongest(context, field))
      .filter((f) => f !== null);
    const stated = found.filter((f) => f.source !== "code");
    if (stated.length) {
      const precise = stated.some(
        (f) => f.fact.field === "region" || f.fact.field === "computing_centre" || f.fact.field === "country",
      );
      const parts = stated.map(
        (f) =>
          `${f.fact.field.replace("_", " ")} ${describeValue(f.fact.field, f.fact.value)} (${whereOf(f.fact.evidence)})`,
      );
      return {
        status: precise ? "disclosed" : "partial",
        message: precise
          ? `${parts.join("; ")}.`
          : `${parts.join("; ")}: add the region, the grid's carbon intensity depends on it.`,
        values: { paper: String(stated[0]?.fact.value) },
        evidence: uniqueEvidence(stated.map((f) => f.fact.evidence)),
      };
    }
    if (found.length)
      return {
        status: "inferred",
        message: `The code points to ${found.map((f) => `${f.fact.field.replace("_", " ")} ${describeValue(f.fact.field, f.fact.value)} (${whereOf(f.fact.evidence)})`).join("; ")}; the paper does not say where training ran.`,
        values: { code: String(found[0]?.fact.value) },
        evidence: uniqueEvidence(found.map((f) => f.fact.evidence)),
      };
    return {
      status: "missing",
      message:
        "The paper does not say where training ran (cluster and country, or cloud provider and region).",
      values: {},
      evidence: [],
    };
  },
};
