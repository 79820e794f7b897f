/**
 * The code fields the trained ranker decides: the ones the labelled repositories have labels for (epochs, steps,
 * batch size and device count: about 280 labels over 139 repositories). Hardware, parameters, measurements and
 * the rest keep the rule summary (summarize.ts) until they have labels of their own.
 */
import type { SummaryField } from "../../../domain/facts.js";

export const CODE_SELECTED_FIELDS = [
  "epochs",
  "steps",
  "batch_size",
  "accelerator_count",
] as const satisfies readonly SummaryField[];

export type CodeSelectedField = (typeof CODE_SELECTED_FIELDS)[number];

export function isCodeSelectedField(field: string): field is CodeSelectedField {
  return (CODE_SELECTED_FIELDS as readonly string[]).includes(field);
}
