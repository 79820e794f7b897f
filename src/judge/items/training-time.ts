/**
 * Time of one training run (NeurIPS 8 "time of execution", Pineau "average runtime"). Wall-clock hours or
 * accelerator-hours disclose it; epochs or steps alone do not say how long they took (partial); a scheduler's
 * time limit in the code is only an upper bound (inferred).
 */
import { codeFact, declaredFact, paperFact } from "../../select/selection.js";
import { declarationConflict } from "./declaration-conflict.js";
import { describeValue, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const trainingTimeItem: ChecklistItem = {
  id: "training_time",
  title: "Training time per run",
  evaluate(context) {
    const conflict = declarationConflict(context, ["training_time_hours", "gpu_hours"]);
    if (conflict) return conflict;
    const mismatch = context.crosscheck.find(
      (e) => e.field === "training_time_hours" && e.status === "mismatch",
    );
    if (mismatch?.paper && mismatch.code)
      return {
        status: "inconsistent",
        message: `The paper says ${describeValue("training_time_hours", mismatch.paper.value)} (${whereOf(mismatch.paper.evidence)}) but the code asks for ${describeValue("training_time_hours", mismatch.code.value)} (${whereOf(mismatch.code.evidence)}).`,
        values: { paper: mismatch.paper.value, code: mismatch.code.value },
        evidence: [mismatch.paper.evidence, mismatch.code.evidence],
      };
    for (const field of ["training_time_hours", "gpu_hours"] as const) {
      // The declaration first: it is the authority (src/select/authority.ts).
      const declared = declaredFact(context, field);
      const fact = declared ?? paperFact(context, field);
      if (fact)
        return {
          status: "disclosed",
          message: `${describeValue(field, fact.value)}${fact.note ? ` (${fact.note})` : ""} (${whereOf(fact.evidence)}).`,
          values: declared ? { declared: fact.value } : { paper: fact.value },
          evidence: [fact.evidence],
        };
    }
    const partial =
      paperFact(context, "epochs") ??
      paperFact(context, "steps") ??
      paperFact(context, "time_per_epoch_hours");
    // The code reader keeps a scheduler's time limit out of its summary (it is a cap, not a duration).
    const code =
      codeFact(context, "training_time_hours") ??
      context.codeFacts.find((f) => f.field === "training_time_hours" && f.tags?.includes("time_limit")) ??
      null;
    if (partial)
      return {
        status: "partial",
        message: `The paper gives ${partial.field === "time_per_epoch_hours" ? `${partial.value} h per epoch` : `${partial.value} ${partial.field}`} (${whereOf(partial.evidence)}) but not how long a run took: add wall-clock hours or GPU-hours.`,
        values: { paper: partial.value, ...(code ? { code: code.value } : {}) },
        evidence: [partial.evidence, ...(code ? [code.evidence] : [])],
      };
    if (code)
      return {
        status: "inferred",
        message: code.tags?.includes("time_limit")
          ? `The job asks for at most ${describeValue("training_time_hours", code.value)} (${whereOf(code.evidence)}); the paper does not say how long training took.`
          : `The code shows ${describeValue("training_time_hours", code.value)} (${whereOf(code.evidence)}); the paper does not say how long training took.`,
        values: { code: code.value },
        evidence: [code.evidence],
      };
    return {
      status: "missing",
      message: "The paper does not say how long a training run took.",
      values: {},
      evidence: [],
    };
  },
};
