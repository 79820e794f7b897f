/** Shared helpers for the code reader's tests. */
import type { Fact } from "../../../src/domain/facts.js";
import { analyzeFile, buildReport, type AnalyzerTools } from "../../../src/readers/code/index.js";
import { classifyFile } from "../../../src/readers/code/classify.js";
import type { CodeReport } from "../../../src/readers/code/types.js";

/** A compact, exact view of facts: field, value, tags that matter, file:line. */
export function brief(facts: Fact[], fields?: string[]): string[] {
  return facts
    .filter((f) => !fields || fields.includes(f.field))
    .map((f) => {
      const where = f.evidence.kind === "code" ? `${f.evidence.file}:${f.evidence.line}` : "";
      return `${f.field}=${JSON.stringify(f.value)} @${where} [${(f.tags ?? []).filter((t) => !t.startsWith("source:")).join(",")}] ${f.context}`;
    });
}

/** Analyses an in-memory repository ({path: content}) exactly as readRepository does after collecting. */
export function readFilesWith(tools: AnalyzerTools, files: Record<string, string>): CodeReport {
  const findings = Object.entries(files).map(([path, content]) =>
    analyzeFile({ path, content, kind: classifyFile(path)! }, tools),
  );
  return buildReport(findings);
}

/** The summary's fields that hold a value. */
export const filledSummary = (report: CodeReport) =>
  Object.fromEntries(Object.entries(report.summary).filter(([, value]) => value !== null));
