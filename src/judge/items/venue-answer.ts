/**
 * The venue checklist's own answer (NeurIPS 8, ACL C1) against what the paper discloses: a Yes with no compute
 * facts is a finding; a No or N/A is shown as the authors' statement.
 */
import { paperFact } from "../../select/selection.js";
import { whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const venueAnswerItem: ChecklistItem = {
  id: "venue_answer",
  title: "Checklist answer matches the paper",
  evaluate(context) {
    const answer = context.venueAnswers[0];
    if (!answer)
      return {
        status: context.hasPaper ? "missing" : "not_applicable",
        message: context.hasPaper
          ? "No compute-resources answer of a venue checklist was found in the paper."
          : "No paper to read a checklist answer from.",
        values: {},
        evidence: [],
      };
    const said = `${answer.item} answered ${answer.answer === "na" ? "N/A" : answer.answer === "todo" ? "TODO" : answer.answer[0]!.toUpperCase() + answer.answer.slice(1)} (${whereOf(answer.evidence)})${answer.justification ? `: "${answer.justification}"` : ""}`;
    const facts = (["hardware", "accelerator_count", "training_time_hours", "gpu_hours"] as const).filter(
      (f) => paperFact(context, f),
    );
    if (answer.answer === "yes" && facts.length === 0)
      return {
        status: "inconsistent",
        message: `${said}, but the paper states no hardware, device count or training time.`,
        values: {},
        evidence: [answer.evidence],
      };
    if (answer.answer === "yes")
      return {
        status: "disclosed",
        message: `${said}; the paper states ${facts.join(", ")}.`,
        values: {},
        evidence: [answer.evidence],
      };
    if (answer.answer === "todo")
      return {
        status: "missing",
        message: `${said}: the answer is still a TODO.`,
        values: {},
        evidence: [answer.evidence],
      };
    return { status: "partial", message: `${said}.`, values: {}, evidence: [answer.evidence] };
  },
};
