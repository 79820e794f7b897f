/** The order facts are listed in: summary fields first (as in the summary), then the extra fields. */
import { EXTRA_FIELDS, SUMMARY_FIELDS, type FactField } from "../../domain/facts.js";

export const FACT_ORDER: readonly FactField[] = [...SUMMARY_FIELDS, ...EXTRA_FIELDS];
