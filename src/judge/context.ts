/** What the checklist items read: the selection, with the cross-check's findings and the declaration's. */
import type { Selection } from "../select/selection.js";
import type { DeclarationCheckEntry } from "./declaration-check.js";
import type { CrosscheckEntry } from "./types.js";

export interface CheckContext extends Selection {
  /** Paper against code. */
  crosscheck: readonly CrosscheckEntry[];
  /** footprint.yml against the paper and the code. */
  declarationCheck: readonly DeclarationCheckEntry[];
}
