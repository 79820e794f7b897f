/**
 * Code reader (issue 3): a repository folder → compute facts with file:line evidence, a summary with the same keys
 * as the paper reader's, the frameworks used, and the ranked entry points. Static analysis only: nothing in the
 * repository is executed or imported.
 *
 * Pipeline: collect (the only I/O, bounded) → analyze each file (pure, per file type) → resolve (bind launch
 * commands, configs and imports to entry points) → summarize (the main entry point's scope, in rank order).
 */
import type { AnalysedTree } from "../../io/analysed-tree.js";
import { FACT_ORDER } from "./order.js";
import { analyzeFile, type AnalyzerTools } from "./analyze-file.js";
import { collectRepositoryFiles, type CollectLimits } from "./collect.js";
import { scopeToPaperProject } from "./project-scope.js";
import { derivedBatchFacts } from "./derived.js";
import { frameworkOfImport, frameworkOfPackage, rankFrameworks } from "./frameworks.js";
import { LANGUAGE_NOT_READ, languageWarnings } from "./languages.js";
import { loadPythonParser } from "./python/parser.js";
import { resolveRepository, type RankedFact } from "./resolve.js";
import { summarizeFacts } from "./summarize.js";
import { rankCodeFacts } from "./selector/index.js";
import { loadCodeRanker, type CodeRankerFiles } from "./selector/model.js";
import { summaryOf } from "../../domain/facts.js";
import type { CodeReport, FileFindings } from "./types.js";

export type {
  CodeReport,
  EntryPoint,
  FileFindings,
  RepoFile,
  ScriptInvocation,
  ScriptParameter,
} from "./types.js";
export {
  collectRepositoryFiles,
  DEFAULT_COLLECT_LIMITS,
  type CollectLimits,
  type CollectResult,
} from "./collect.js";
export { analyzeFile, type AnalyzerTools } from "./analyze-file.js";
export { loadPythonParser, type PythonParser } from "./python/parser.js";

export interface ReadRepositoryOptions {
  /**
   * The trained ranker that chooses epochs, steps, batch size and device count (models/code-ranker.*), other
   * files (cross-validation folds), or false for the rule summary alone (the ranker's training data).
   */
  ranker?: CodeRankerFiles | false;
  limits?: Partial<CollectLimits>;
  /** Time budget for parsing one Python file (default 2000 ms). */
  parseTimeoutMs?: number;
  /** Facts kept per file at most (a generated file with thousands of constants must not flood the report). */
  maxFactsPerFile?: number;
  /**
   * The distinctive words of the paper's title and abstract (`PaperReport.opening_words`): among several
   * experiment scripts, the one named like the paper's experiment is likelier the main run.
   */
  paperWords?: readonly string[];
  /**
   * Where the paper lies in the repository (repository-relative): in a repository of several projects, each with
   * its own write-up, only the paper's project is read (`project-scope.ts`).
   */
  paperPath?: string | null;
}

const DEFAULT_PARSE_TIMEOUT_MS = 2000;
const DEFAULT_MAX_FACTS_PER_FILE = 200;

/**
 * Reads a repository folder.
 *
 * @example
 *   const report = await readRepository("path/to/repo");
 *   report.summary.epochs;       // 30, from `python train.py --epochs 30` in run.sh
 *   report.facts[0].evidence;    // { kind: "code", file: "run.sh", line: 4, snippet: "python train.py --epochs 30" }
 * @throws InputError `not_found` when the folder does not exist.
 */
export async function readRepository(
  dir: string | AnalysedTree,
  options: ReadRepositoryOptions = {},
): Promise<CodeReport> {
  const { report, ranked } = await readRepositoryRanking(dir, options);
  if (options.ranker === false) return report;
  const ranker = await loadCodeRanker(options.ranker ?? {});
  const chosen = await rankCodeFacts(ranked, report.entry_points, report.chosen, ranker);
  return { ...report, chosen, summary: summaryOf(chosen) };
}

/** The rule report with every fact's place in the main entry point's scope: what the ranker and its training read. */
export async function readRepositoryRanking(
  dir: string | AnalysedTree,
  options: Omit<ReadRepositoryOptions, "ranker"> = {},
): Promise<{ report: CodeReport; ranked: RankedFact[] }> {
  const started = performance.now();
  const collected = await collectRepositoryFiles(dir, options.limits);
  const tools: AnalyzerTools = {
    python: await loadPythonParser(),
    parseTimeoutMs: options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS,
  };
  const maxFacts = options.maxFactsPerFile ?? DEFAULT_MAX_FACTS_PER_FILE;
  const scoped = scopeToPaperProject(
    collected.files.map((file) => capFacts(analyzeFile(file, tools), maxFacts)),
    collected.documents,
    options.paperPath,
  );
  const { report, ranked } = buildReading(scoped.findings, options.paperWords ?? []);
  // What could not be read at all (code in other languages) comes first: it explains missing settings.
  const [languages, rest] = partition(report.warnings, (w) => w.code === LANGUAGE_NOT_READ);
  report.warnings = [
    ...languages,
    ...(scoped.warning ? [scoped.warning] : []),
    ...collected.warnings,
    ...rest,
  ];
  report.stats = {
    files_read: collected.files.length,
    bytes_read: collected.bytes,
    files_skipped: collected.skipped,
    elapsed_ms: Math.round(performance.now() - started),
  };
  return { report, ranked };
}

/**
 * Resolution and summary over per-file findings (pure; exposed so that analysis can run in workers and the
 * results be joined here).
 */
export function buildReport(findings: FileFindings[], paperWords: readonly string[] = []): CodeReport {
  return buildReading(findings, paperWords).report;
}

function buildReading(
  findings: FileFindings[],
  paperWords: readonly string[],
): { report: CodeReport; ranked: RankedFact[] } {
  const resolution = resolveRepository(findings, paperWords);
  const derived = derivedBatchFacts(resolution.facts);
  const ranked: RankedFact[] = [...resolution.facts, ...derived];
  const { summary, chosen } = summarizeFacts(ranked);
  const chosenFacts = new Set(Object.values(chosen).map((c) => c.fact));
  const ordered = [...ranked].sort(
    (a, b) =>
      FACT_ORDER.indexOf(a.fact.field) - FACT_ORDER.indexOf(b.fact.field) ||
      Number(chosenFacts.has(b.fact)) - Number(chosenFacts.has(a.fact)) ||
      a.rank - b.rank ||
      b.fact.confidence - a.fact.confidence ||
      location(a.fact).localeCompare(location(b.fact)),
  );
  const report: CodeReport = {
    facts: ordered.map((r) => r.fact),
    chosen,
    summary,
    frameworks: detectFrameworks(findings),
    entry_points: resolution.entryPoints,
    warnings: [...languageWarnings(findings, resolution.entryPoints), ...findings.flatMap((f) => f.warnings)],
    stats: { files_read: findings.length, bytes_read: 0, files_skipped: 0, elapsed_ms: 0 },
  };
  return { report, ranked };
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function location(fact: RankedFact["fact"]): string {
  return fact.evidence.kind === "code"
    ? `${fact.evidence.file}:${String(fact.evidence.line).padStart(8, "0")}`
    : "";
}

function capFacts(findings: FileFindings, max: number): FileFindings {
  if (findings.facts.length <= max) return findings;
  return {
    ...findings,
    facts: [...findings.facts].sort((a, b) => b.confidence - a.confidence).slice(0, max),
    warnings: [
      ...findings.warnings,
      {
        code: "too_many_facts",
        message: `${findings.facts.length} settings found; only the ${max} most confident were kept`,
        file: findings.path,
      },
    ],
  };
}

function detectFrameworks(findings: FileFindings[]): string[] {
  const counts = new Map<string, number>();
  for (const file of findings) {
    const names = new Set<string>();
    for (const module of file.imports) {
      const name = frameworkOfImport(module);
      if (name) names.add(name);
    }
    for (const pkg of file.packages) {
      const name = frameworkOfPackage(pkg);
      if (name) names.add(name);
    }
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return rankFrameworks(counts);
}
