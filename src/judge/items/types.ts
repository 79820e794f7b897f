/** The contract of a checklist item: one small module that reads the check context and returns a status. */
import type { CheckContext } from "../context.js";
import type { ChecklistItemResult } from "../types.js";

export type ItemOutcome = Pick<ChecklistItemResult, "status" | "message" | "values" | "evidence">;

export interface ChecklistItem {
  id: string;
  /** Title when a profile does not word the item itself. */
  title: string;
  evaluate(context: CheckContext): ItemOutcome;
}
