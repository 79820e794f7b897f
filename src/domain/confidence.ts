/**
 * The confidence levels every step agrees on. A fact's confidence says how sure its reader is that the value is
 * the field's value for the described setup; these bars say when a fact counts as a source's statement. They
 * live here once: a second copy that drifts would make the summary and the cross-check disagree about what the
 * paper says.
 */
export const CONFIDENCE_BAR = {
  /** A paper fact at or above this is the paper's statement (summary, cross-check, items). */
  paperStatement: 0.6,
  /** A code fact at or above this is the code's setting (summary, cross-check, items). */
  codeSetting: 0.5,
  /** The code's hardware below this comes from a weak hint (a partition name, a README line). */
  strongCodeHardware: 0.7,
} as const;
