/**
 * Paper and code agree: every mismatch of the cross-check with both chains of evidence, what needs a human look,
 * the fields compared when they agree, and not applicable when no field is stated by both.
 */
import { chainOf, describeValue } from "./describe.js";
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
            `${e.field}: paper ${e.paper ? `${describeValue(e.field as FactField, e.paper.value)} (${chainOf(e.paper)})` : "-"}, code ${e.code ? `${describeValue(e.field as FactField, e.code.value)} (${chainOf(e.code)})` : "-"}`,
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
    if (matched.length)
      return {
        status: "disclosed",
        message: `Compared ${matched.join(", ")}: the paper and the code agree.`,
        values: {},
        evidence: [],
      };
    // No field is stated by both: there is nothing to agree or disagree on, which is not a disclosure.
    const fields = (status: string) =>
      context.crosscheck.filter((e) => e.status === status).map((e) => e.field);
    const paperOnly = fields("paper_only");
    const codeOnly = fields("code_only");
    return {
      status: "not_applicable",
      message: `Nothing to compare: no field is stated by both${paperOnly.length ? `; the paper alone states ${paperOnly.join(", ")}` : ""}${codeOnly.length ? `; the code alone sets ${codeOnly.join(", ")}` : ""}.`,
      values: {},
      evidence: [],
    };
  },
};
