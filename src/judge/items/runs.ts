/** Number of runs and seeds behind the results (Pineau, AAAI 4.10). */
import { declaredFact, paperFact } from "../../select/selection.js";
import { declarationConflict } from "./declaration-conflict.js";
import { whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const runsItem: ChecklistItem = {
  id: "runs",
  title: "Number of runs and seeds",
  evaluate(context) {
    const conflict = declarationConflict(context, ["runs"]);
    if (conflict) return conflict;
    const fact = declaredFact(context, "runs") ?? paperFact(context, "runs") ?? paperFact(context, "seeds");
    if (fact)
      return {
        status: "disclosed",
        message: `${fact.value} ${fact.field === "seeds" ? "seeds" : "runs"} (${whereOf(fact.evidence)}).`,
        values: { paper: fact.value },
        evidence: [fact.evidence],
      };
    return {
      status: "missing",
      message: "The paper does not say how many runs or seeds the results come from.",
      values: {},
      evidence: [],
    };
  },
};
