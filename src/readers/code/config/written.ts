/**
 * Config-looking paths a script writes rather than reads: `save_json(results_dir / "metrics.json", payload)`,
 * `json.dump(history, open("log.json", "w"))`, `df.to_json("out.json")`. A committed copy of such a file is a record
 * of one run (per-epoch logs, final metrics), not the settings the script starts from.
 */

/**
 * A call that writes a file, or a file opened for writing or appending, on the same line as the path; the path may
 * itself be a call (`open(os.path.join(out_dir, "config.json"), "w")`), so the mode is a whole string argument.
 */
const WRITE_ON_LINE =
  /\b(?:save_json|save_yaml|write_json|write_yaml|dump_json|dump_yaml|json\.dump|ya?ml\.(?:safe_)?dump|to_json|to_yaml|to_csv|savefig|write_text)\s*\(|\bopen\s*\(.*,\s*(?:mode\s*=\s*)?["'][wax][bt+]?["']\s*[,)]/;

/** The configReferences of a Python source that are not written on their line. */
export function readReferences<T extends { line: number }>(references: T[], content: string): T[] {
  if (references.length === 0) return references;
  const lines = content.split(/\r?\n/);
  return references.filter((reference) => !WRITE_ON_LINE.test(lines[reference.line - 1] ?? ""));
}
