/**
 * A warning as people read it: where first (the file, with its line or page when the reader knew it), then
 * what. Readers put the place in the message (`paper/main.tex:12: ...`) or in `file`; here both become one
 * form, `configs/train.yaml: YAML does not parse`.
 */
import type { Warning } from "../domain/facts.js";

/**
 * `file[:line]: message`, without naming the place twice. `fallback` names the file a warning without one is
 * about, when the caller knows it (analyze's paper); a warning about no file ("no paper found in the
 * repository") is shown as it is.
 *
 * @example
 * warningText({ code: "config_unreadable", message: "YAML does not parse", file: "train.yaml" })
 * // "train.yaml: YAML does not parse"
 */
export function warningText(warning: Warning, fallback?: string): string {
  const where = warning.file ?? fallback;
  if (!where) return warning.message;
  // Readers that know the line already wrote it first ("paper/main.tex:12: \\input{x} not found").
  if (warning.message.startsWith(where)) return warning.message;
  return `${where}: ${warning.message}`;
}
