/**
 * The annotations of a GitHub check run: the cross-check's findings, the declaration's disagreements and errors,
 * on the lines of the repository they concern.
 */
import type { Evidence } from "../domain/facts.js";
import type { DeclarationCheckEntry } from "./declaration-check.js";
import type { CheckAnnotation, CheckReport } from "./types.js";

/** Where an annotation goes: code lines, and LaTeX lines of a paper that lives in the repository. */
function repositoryPath(evidence: Evidence, paperPath: string | null): { path: string; line: number } | null {
  if (evidence.kind !== "paper") return { path: evidence.file, line: evidence.line };
  if (evidence.file && evidence.line && paperPath !== null)
    return { path: evidence.file, line: evidence.line };
  return null;
}

export function annotationsOf(
  report: Pick<CheckReport, "items" | "crosscheck" | "declaration"> & {
    declarationCheck?: readonly DeclarationCheckEntry[];
  },
  paperPath: string | null,
): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  const seen = new Set<string>();
  const add = (
    evidence: Evidence | null | undefined,
    annotation: Omit<CheckAnnotation, "path" | "line">,
  ): void => {
    if (!evidence) return;
    const where = repositoryPath(evidence, paperPath);
    if (!where) return;
    const key = `${where.path}:${where.line}:${annotation.title}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ...where, ...annotation });
  };
  for (const entry of report.crosscheck) {
    if (entry.status === "mismatch") {
      const message = `Paper: ${entry.paper?.value}; code: ${entry.code?.value}.`;
      add(entry.code?.evidence, {
        level: "warning",
        title: `${entry.field}: the paper says ${entry.paper?.value}`,
        message,
      });
      add(entry.paper?.evidence, {
        level: "warning",
        title: `${entry.field}: the code sets ${entry.code?.value}`,
        message,
      });
    } else if (entry.status === "code_only") {
      add(entry.code?.evidence, {
        level: "notice",
        title: `${entry.field} = ${entry.code?.value}, not stated in the paper`,
        message: "The code shows this value; the paper does not say it.",
      });
    } else if (entry.status === "needs_human") {
      add(entry.code?.evidence, {
        level: "notice",
        title: `${entry.field}: needs a human look`,
        message: entry.note ?? "",
      });
    }
  }
  for (const entry of report.declarationCheck ?? []) {
    if (entry.status !== "mismatch") continue;
    const other = entry.against === "paper" ? "the paper says" : "the code sets";
    const message = `footprint.yml: ${entry.declared.value}; ${entry.against}: ${entry.other.value}.`;
    add(entry.declared.evidence, {
      level: "warning",
      title: `${entry.field}: ${other} ${entry.other.value}`,
      message,
    });
    add(entry.other.evidence, {
      level: "warning",
      title: `${entry.field}: footprint.yml declares ${entry.declared.value}`,
      message,
    });
  }
  for (const error of report.declaration?.errors ?? []) {
    out.push({
      path: report.declaration?.file ?? "footprint.yml",
      line: error.line ?? 1,
      level: "failure",
      title: `footprint.yml: ${error.property}`,
      message: error.reason,
    });
  }
  return out;
}
