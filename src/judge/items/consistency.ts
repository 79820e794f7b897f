/** Paper and code agree: every mismatch of the cross-check, and what needs a human look. */
import { describeValue, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";
import type { FactField } from "../../domain/facts.js";

export const consistencyItem: ChecklistItem = {
  id: "consistency",
  title: "Paper and code agree",
  evaluate(context) {
    if (!context.hasCode || !context.hasPaper)
      return {
        status: "not_applicable",
        message: context.hasPaper
          ? "No training code was found to compare with."
          : "No paper was found to compare with.",
        values: {},
        evidence: [],
      };
    const mismatches = context.crosscheck.filter((e) => e.status === "mismatch");
    const unsure = context.crosscheck.filter((e) => e.status === "needs_human");
    const describe = (entries: typeof mismatches) =>
      entries
        .map(
          (e) =>
            `${e.field}: paper ${e.paper ? `${describeValue(e.field as FactField, e.paper.value)} (${whereOf(e.paper.evidence)})` : "-"}, code ${e.code ? `${describeValue(e.field as FactField, e.code.value)} (${whereOf(e.code.evidence)})` : "-"}`,
        )
        .join("; ");
    const evidence = [...mismatches, ...unsure].flatMap((e) =>
      [e.paper?.evidence, e.code?.evidence].filter((x) => x !== undefined),
    );
    if (mismatches.length)
      return { status: "inconsistent", message: `${describe(mismatches)}.`, values: {}, evidence };
    if (unsure.length)
      return {
        status: "partial",
        message: `Needs a human look: ${unsure.map((e) => `${e.field} (${e.note ?? "values differ"})`).join("; ")}.`,
        values: {},
        evidence,
      };
    const matched = context.crosscheck.filter((e) => e.status === "match").map((e) => e.field);
    return {
      status: "disclosed",
      message: matched.length
        ? `The paper and the code agree on ${matched.join(", ")}.`
        : "Nothing to compare: the paper and the code state different things.",
      values: {},
      evidence: [],
    };
  },
};
