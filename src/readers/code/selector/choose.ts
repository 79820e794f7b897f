/**
 * From scored code candidates to one value per field: the value whose best candidate the model trusts most,
 * kept when its probability reaches the report threshold (chosen on cross-validation), else the field is left
 * unsaid. Its evidence is that best candidate (the launch line that sets it, not a default it overrides).
 */
import { codeValueKey } from "./features.js";
import type { CodeSelectedField } from "./fields.js";

export interface CodeScored {
  field: CodeSelectedField;
  value: number | string;
  probability: number;
  index: number;
}

export interface CodeChoice {
  value: number | string;
  probability: number;
  index: number;
}

/**
 * @example
 *   chooseCodeValues([{ field: "epochs", value: 30, probability: 0.8, index: 0 }], 0.5).get("epochs")?.value; // 30
 */
export function chooseCodeValues(
  scored: readonly CodeScored[],
  report: number,
): Map<CodeSelectedField, CodeChoice> {
  const best = new Map<string, CodeScored>();
  for (const s of scored) {
    const key = codeValueKey(s.field, s.value);
    const current = best.get(key);
    if (!current || s.probability > current.probability) best.set(key, s);
  }
  const chosen = new Map<CodeSelectedField, CodeChoice>();
  for (const s of [...best.values()].sort((a, b) => b.probability - a.probability || a.index - b.index)) {
    if (chosen.has(s.field) || s.probability < report) continue;
    chosen.set(s.field, { value: s.value, probability: s.probability, index: s.index });
  }
  return chosen;
}
