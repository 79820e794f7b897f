/** What the checklist items read: the selection, with the cross-check's findings. */
import type { Selection } from "../select/selection.js";
import type { CrosscheckEntry } from "./types.js";

export interface CheckContext extends Selection {
  crosscheck: readonly CrosscheckEntry[];
}
