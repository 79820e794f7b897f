/**
 * Statuses in words, one vocabulary for the terminal and the posted Markdown (issue 14: the text column printed
 * `not_applicable`). JSON keeps the ids.
 */
import type { CrosscheckStatus, ItemStatus } from "../judge/types.js";

export const ITEM_STATUS_WORDS: Readonly<Record<ItemStatus, string>> = {
  disclosed: "disclosed",
  partial: "partial",
  inferred: "in code only",
  inconsistent: "inconsistent",
  missing: "missing",
  not_applicable: "not applicable",
};

export const CROSSCHECK_STATUS_WORDS: Readonly<Record<CrosscheckStatus, string>> = {
  match: "match",
  mismatch: "mismatch",
  paper_only: "paper only",
  code_only: "code only",
  needs_human: "needs a human",
};
