/**
 * The pipeline: a paper repository in, its disclosure checklist out. Every front door (the CLI, the GitHub App,
 * the review platform) runs exactly this, one call per step:
 *
 *   1. read      the readers, the only I/O: the paper (found, given or a submission's), the code, footprint.yml
 *   2. select    what each reader chose, merged in order of authority (declaration, measurement, paper, code)
 *   3. judge     paper against code, the venue's checklist items, the verdict, the annotations
 *   4. estimate  energy and emissions of the selected facts, with ranges and the derivation
 *   5. compose   the report, with ready-to-paste blocks built from the same values
 *   6. render    Markdown (what the app posts), text (the terminal) or JSON, chosen by the door
 *
 * Steps 2-5 are pure (`buildCheckReport`), so a worker or a queue can run them on readers' output.
 */
import path from "node:path";
import { estimateFromSelection, type EstimateDefaults } from "./estimate/from-selection.js";
import { AnalysedTree } from "./io/analysed-tree.js";
import { judge } from "./judge/index.js";
import { pasteBlocks } from "./judge/snippets.js";
import type { CheckReport, CrosscheckEntry } from "./judge/types.js";
import { crosscheck as crosscheckReaders } from "./judge/crosscheck.js";
import type { CodeReport } from "./readers/code/index.js";
import type { PaperReport } from "./readers/paper/index.js";
import type { PdfEngine, PdfLimits } from "./readers/paper/pdf/extract.js";
import { readSources, type ReadOptions, type Sources } from "./readers/sources.js";
import { renderCheckMarkdown } from "./render/markdown.js";
import { renderCheckText } from "./render/text.js";
import { checkReportJson } from "./render/json.js";
import { selectFacts } from "./select/selection.js";

export interface CheckOptions extends ReadOptions {
  /** Venue profile: an id of data/venue-profiles.json (`profileIds()`). */
  profile?: string;
  /** Item ids the venue requires (app config `required_items`); the profile's defaults otherwise. */
  requiredItems?: string[];
  /** Where training ran when neither the paper nor the code says (an operator's or a venue's setting). */
  defaults?: EstimateDefaults;
}

/** What the pure steps take: the readers' output and the venue's choices. */
export interface CheckSources extends Sources {
  profile: string;
  requiredItems?: string[];
  defaults?: EstimateDefaults;
}

/**
 * Reads a repository (and its paper) and builds its checklist: steps 1 to 5.
 *
 * @example
 *   const report = await runCheck({ dir: "fixtures/demo", profile: "neurips" });
 *   report.headline; // "Compute disclosure inconsistent: 6 of 8 required items disclosed; ..."
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const sources = await readSources(options);
  return buildCheckReport({
    ...sources,
    profile: options.profile ?? "generic",
    ...(options.requiredItems ? { requiredItems: options.requiredItems } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
}

/**
 * A paper alone, without its repository (`check paper.pdf`): the items the paper discloses, the estimate from
 * its figures, nothing cross-checked; a warning says so. What an author at the deadline runs on the PDF they
 * are about to submit.
 *
 * @example
 *   const report = await runPaperCheck({ paper: "paper.pdf", profile: "neurips" });
 *   report.code; // null
 */
export async function runPaperCheck(options: {
  paper: string;
  profile?: string;
  pdfEngine?: PdfEngine;
  defaults?: EstimateDefaults;
}): Promise<CheckReport> {
  const { readPaper } = await import("./readers/paper/index.js");
  const paper = await readPaper(options.paper, { pdfEngine: options.pdfEngine ?? "pdfjs" });
  return buildCheckReport({
    paper,
    paperPath: null,
    code: null,
    declaration: null,
    warnings: [
      {
        code: "code_not_read",
        message:
          "the paper was checked alone: no code was read and nothing was cross-checked; give the repository folder to check both (check DIR --paper FILE)",
        file: options.paper,
      },
    ],
    profile: options.profile ?? "generic",
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
}

export interface AnalysisInputs {
  paper?: string;
  repo?: string;
  pdfEngine?: PdfEngine;
  /** Bounds of the PDF extractor (a survey stops a slow PDF before its own per-paper bound). */
  pdfLimits?: Partial<PdfLimits>;
  /** Other trained models than the shipped ones (cross-validation folds). */
  models?: { paper?: { model: string; config: string }; code?: { model: string; config: string } };
}

export interface Analysis {
  paper: PaperReport | null;
  code: CodeReport | null;
  /** Paper against code, when both were read. */
  crosscheck: CrosscheckEntry[] | null;
}

/** The repository as an analysed tree, or nothing when it is no folder (the code reader then says why). */
function repositoryTree(repo: string): AnalysedTree | undefined {
  try {
    return AnalysedTree.open(repo);
  } catch {
    return undefined;
  }
}

/**
 * The readers and the cross-check without a checklist: what `analyze --json` prints and `eval` scores, one
 * function so the two cannot drift apart.
 *
 * @example
 *   const { crosscheck } = await runAnalysis({ paper: "paper/main.tex", repo: "." });
 */
export async function runAnalysis(inputs: AnalysisInputs): Promise<Analysis> {
  // A paper inside the repository reads its \input files from the whole repository, under the tree's rules, as
  // the App does ("\input{../results/table.tex}" of a paper in docs/); outside it, from the paper's own folder.
  const tree = inputs.paper && inputs.repo ? repositoryTree(inputs.repo) : undefined;
  // Readers load on demand: a paper-only run never pays for the Python parser, and the reverse.
  const paper = inputs.paper
    ? await (
        await import("./readers/paper/index.js")
      ).readPaper(inputs.paper, {
        pdfEngine: inputs.pdfEngine ?? "pdfjs",
        ...(tree ? { tree } : {}),
        ...(inputs.models?.paper ? { selector: inputs.models.paper } : {}),
        ...(inputs.pdfLimits ? { pdfLimits: inputs.pdfLimits } : {}),
      })
    : null;
  const code = inputs.repo
    ? await (
        await import("./readers/code/index.js")
      ).readRepository(inputs.repo, {
        ...(inputs.models?.code ? { ranker: inputs.models.code } : {}),
        ...(paper?.opening_words ? { paperWords: paper.opening_words } : {}),
        ...(inputs.paper
          ? { paperPath: path.relative(inputs.repo, inputs.paper).split(path.sep).join("/") }
          : {}),
      })
    : null;
  const crosscheck =
    paper && code
      ? crosscheckReaders({
          paperFacts: paper.facts,
          paperAlternatives: paper.alternatives ?? [],
          paperChosen: paper.chosen,
          codeFacts: code.facts,
          codeChosen: code.chosen,
          mainEntryPoint: code.entry_points.find((e) => e.main)?.file ?? null,
        })
      : null;
  return { paper, code, crosscheck };
}

/**
 * Steps 2 to 5, pure.
 *
 * @example
 *   buildCheckReport({ profile: "neurips", paper, paperPath: "paper/main.tex", code, declaration: null, warnings: [] }).verdict;
 */
export function buildCheckReport(sources: CheckSources): CheckReport {
  const selection = selectFacts(sources);
  const judgement = judge(selection, {
    profile: sources.profile,
    ...(sources.requiredItems ? { requiredItems: sources.requiredItems } : {}),
    declaration: sources.declaration,
    paperPath: sources.paperPath,
  });
  const { estimate, missing } = estimateFromSelection(selection, sources.defaults);
  return composeReport(sources, judgement, estimate, missing);
}

function composeReport(
  sources: CheckSources,
  judgement: ReturnType<typeof judge>,
  estimate: CheckReport["estimate"],
  estimateMissing: string[],
): CheckReport {
  const { context } = judgement;
  return {
    profile: judgement.profile,
    verdict: judgement.verdict,
    headline: judgement.headline,
    items: judgement.items,
    crosscheck: judgement.crosscheck,
    estimate,
    estimateMissing,
    declaration: sources.declaration
      ? { file: sources.declaration.file, errors: sources.declaration.errors }
      : null,
    paper: sources.paper
      ? { file: sources.paperPath ?? sources.paper.paper.file, format: sources.paper.paper.format }
      : null,
    code: sources.code
      ? {
          files: new Set(context.codeFacts.map((f) => (f.evidence.kind === "code" ? f.evidence.file : "")))
            .size,
          frameworks: sources.code.frameworks,
        }
      : null,
    warnings: [
      ...sources.warnings,
      // A paper reader's warning is about the paper: it names the file when the reader did not.
      ...(sources.paper?.warnings ?? []).map((w) =>
        w.file ? w : { ...w, file: sources.paperPath ?? sources.paper!.paper.file },
      ),
      ...(sources.code?.warnings ?? []).slice(0, 20),
    ],
    annotations: judgement.annotations,
    snippets: pasteBlocks(context, estimate),
  };
}

/** Step 6: the report in the form a door asks for. */
export function renderCheck(report: CheckReport, format: "markdown" | "text" | "json"): string {
  if (format === "markdown") return renderCheckMarkdown(report);
  if (format === "text") return renderCheckText(report);
  return JSON.stringify(checkReportJson(report), null, 2);
}

export { renderCheckMarkdown, renderCheckText };
export type { CheckReport };
