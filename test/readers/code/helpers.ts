/** Shared helpers for the code reader's tests. */
import type { Fact } from "../../../src/domain/facts.js";

/** A compact, exact view of facts: field, value, tags that matter, file:line. */
export function brief(facts: Fact[], fields?: string[]): string[] {
  return facts
    .filter((f) => !fields || fields.includes(f.field))
    .map((f) => {
      const where = f.evidence.kind === "code" ? `${f.evidence.file}:${f.evidence.line}` : "";
      return `${f.field}=${JSON.stringify(f.value)} @${where} [${(f.tags ?? []).filter((t) => !t.startsWith("source:")).join(",")}] ${f.context}`;
    });
}
