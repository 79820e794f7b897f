/**
 * The `check` pipeline: a paper repository in, the disclosure checklist out.
 *
 * 1. Read the sources in order of authority: the author declaration (footprint.yml), measurements in the
 *    repository (CodeCarbon, model cards: read by the code reader), the paper (found in the repository when not
 *    given) with its venue checklist answer, and the code.
 * 2. Cross-check paper against code.
 * 3. Evaluate each item of the venue profile (one module per item, `items/`).
 * 4. Estimate the footprint from the merged facts.
 * 5. Derive the verdict, the annotations and the ready-to-paste snippets.
 *
 * Steps 2-5 are `buildCheckReport`, pure, so a worker or a queue can run them on readers' output.
 */
import path from "node:path";
import type { CodeReport } from "../readers/code/index.js";
import { InputError, isInputError } from "../domain/errors.js";
import type { ChosenFact, ChosenFacts, Evidence, FactField, Warning } from "../domain/facts.js";
import { estimateFootprint, footprintInputFromSummary } from "../estimate/index.js";
import type { FootprintEstimate } from "../estimate/types.js";
import type { PaperReport } from "../readers/paper/index.js";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";
import { AnalysedTree, isTreeRefusal } from "../io/analysed-tree.js";
import { mergedSummary, strongest, type CheckContext } from "./context.js";
import { crosscheck } from "./crosscheck.js";
import { DECLARATION_FILES, parseDeclaration, type DeclarationResult } from "../readers/declaration.js";
import { findPaper } from "../readers/find-paper.js";
import { CHECKLIST_ITEMS } from "./items/index.js";
import { getProfile } from "../catalog/venue-profiles.js";
import { disclosureParagraph, footprintYml, modelCardBlock } from "./snippets.js";
import {
  ITEM_STATUSES,
  type CheckAnnotation,
  type CheckReport,
  type ChecklistItemResult,
  type Verdict,
} from "./types.js";

export interface CheckOptions {
  /** Repository folder (already on disk; never executed). */
  dir: string;
  /** Paper file; found in `dir` when not given. */
  paper?: string;
  /** Venue profile: an id of data/venue-profiles.json (`profileIds()`). */
  profile?: string;
  /** Glob patterns where the paper may be, relative to `dir` (app config `paper`). */
  paperGlobs?: string[];
  /** Item ids the venue requires (app config `required_items`); the profile's defaults otherwise. */
  requiredItems?: string[];
  /** Defaults when neither paper nor code says where the training ran. */
  defaults?: { region?: string; country?: string; pue?: number };
  pdfEngine?: PdfEngine;
}

export interface CheckSources {
  profile: string;
  requiredItems?: string[];
  defaults?: CheckOptions["defaults"];
  paper: PaperReport | null;
  /** The paper's path relative to the repository, for annotations; null when it lives elsewhere. */
  paperPath: string | null;
  code: CodeReport | null;
  declaration: DeclarationResult | null;
  warnings: Warning[];
}

const MAX_DECLARATION_BYTES = 256 * 1024;

/** The declaration file of the tree, read under its rules; a file that cannot be read is an error naming it. */
function readDeclarationFile(tree: AnalysedTree): DeclarationResult | null {
  const refused = (file: string, reason: string): DeclarationResult => ({
    file,
    facts: [],
    declaration: {},
    lines: {},
    errors: [{ property: "(file)", reason }],
  });
  for (const name of DECLARATION_FILES) {
    try {
      const kind = tree.entry(name);
      if (kind === null) continue;
      if (kind === "symlink")
        return refused(name, "a symbolic link; links are never followed: commit the file itself");
      if (kind !== "file") return refused(name, "not a regular file");
      if (tree.size(name) > MAX_DECLARATION_BYTES) return refused(name, "larger than 256 KB; not read");
      return parseDeclaration(name, tree.readText(name, { maxBytes: MAX_DECLARATION_BYTES }));
    } catch (error) {
      if (!isTreeRefusal(error)) throw error;
      return refused(name, error.message.slice(error.relativePath.length + 2));
    }
  }
  return null;
}

function estimateFrom(
  context: CheckContext,
  defaults: CheckOptions["defaults"],
): { estimate: FootprintEstimate | null; missing: string[] } {
  const summary = mergedSummary(context);
  const missing: string[] = [];
  const hasMeasure = summary.energy_kwh !== null || summary.co2e_kg !== null;
  if (!hasMeasure) {
    if (summary.hardware === null) missing.push("the hardware model");
    if (summary.gpu_hours === null && summary.training_time_hours === null && summary.flops === null)
      missing.push("the training time or GPU-hours");
  }
  if (missing.length) return { estimate: null, missing };
  const place = summary.region === null && summary.country === null && summary.cloud_provider === null;
  const centre = strongest(context, "computing_centre")?.fact.value;
  const input = footprintInputFromSummary(summary, {
    ...(context.declaration.year ? { year: context.declaration.year } : {}),
    ...(context.declaration.pue
      ? { pue: context.declaration.pue }
      : defaults?.pue
        ? { pue: defaults.pue }
        : {}),
    ...(context.declaration.carbon_intensity_g_per_kwh
      ? { carbon_intensity: context.declaration.carbon_intensity_g_per_kwh }
      : {}),
    ...(centre ? { computing_centre: String(centre) } : {}),
    ...(place && defaults?.region ? { region: defaults.region } : {}),
    ...(place && defaults?.country ? { country: defaults.country } : {}),
    // A time from the paper with no device count is for one device only when the paper says so.
    ...(summary.accelerator_count === null && summary.gpu_hours === null
      ? { accelerator_count: 1, assumptions: ["one accelerator (the count is not stated)"] }
      : {}),
  });
  try {
    return { estimate: estimateFootprint(input), missing: [] };
  } catch (error) {
    if (isInputError(error)) return { estimate: null, missing: [error.message] };
    throw error;
  }
}

/**
 * LaTeX evidence cites files relative to the main file; inside a repository, authors and annotations need them
 * relative to the repository root ("paper/sections/setup.tex:12").
 */
function rebaseEvidence<T extends { evidence: Evidence }>(
  items: readonly T[],
  paperPath: string | null,
): T[] {
  return items.map((item) => rebaseOne(item, paperPath));
}

function rebaseOne<T extends { evidence: Evidence }>(item: T, paperPath: string | null): T {
  const dir = paperPath === null ? "." : path.posix.dirname(paperPath);
  if (dir === "." || item.evidence.kind !== "paper" || !item.evidence.file) return item;
  return { ...item, evidence: { ...item.evidence, file: path.posix.join(dir, item.evidence.file) } };
}

/** The paper's chosen facts with their evidence rebased like its facts. */
function rebaseChosen(choices: ChosenFacts, paperPath: string | null): ChosenFacts {
  const out: ChosenFacts = {};
  for (const [field, choice] of Object.entries(choices) as Array<[FactField, ChosenFact]>)
    out[field] = { ...choice, fact: rebaseOne(choice.fact, paperPath) };
  return out;
}

/** Where an annotation goes: code lines, and LaTeX lines of a paper that lives in the repository. */
function repositoryPath(evidence: Evidence, paperPath: string | null): { path: string; line: number } | null {
  if (evidence.kind === "code") return { path: evidence.file, line: evidence.line };
  if (evidence.file && evidence.line && paperPath !== null)
    return { path: evidence.file, line: evidence.line };
  return null;
}

function annotationsOf(
  report: Pick<CheckReport, "items" | "crosscheck" | "declaration">,
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

function verdictOf(
  items: ChecklistItemResult[],
  declarationErrors: number,
): { verdict: Verdict; headline: string } {
  const required = items.filter((i) => i.required);
  const inconsistent = items.filter((i) => i.status === "inconsistent");
  const missing = required.filter((i) => i.status === "missing");
  const notInPaper = required.filter((i) => i.status === "inferred" || i.status === "partial");
  const applicable = required.filter((i) => i.status !== "not_applicable");
  const done = applicable.filter((i) => i.status === "disclosed");
  const verdict: Verdict =
    inconsistent.length || declarationErrors
      ? "inconsistent"
      : missing.length || notInPaper.length
        ? "incomplete"
        : "complete";
  const parts = [`${done.length} of ${applicable.length} required items disclosed`];
  if (missing.length)
    parts.push(`${missing.length} missing (${missing.map((i) => i.id.replace(/_/g, " ")).join(", ")})`);
  if (notInPaper.length)
    parts.push(
      `${notInPaper.length} partial or only in the code (${notInPaper.map((i) => i.id.replace(/_/g, " ")).join(", ")})`,
    );
  if (inconsistent.length)
    parts.push(
      `${inconsistent.length} inconsistent (${inconsistent.map((i) => i.id.replace(/_/g, " ")).join(", ")})`,
    );
  if (declarationErrors)
    parts.push(`footprint.yml has ${declarationErrors} error${declarationErrors > 1 ? "s" : ""}`);
  const lead =
    verdict === "complete"
      ? "Compute disclosure complete"
      : verdict === "inconsistent"
        ? "Compute disclosure inconsistent"
        : "Compute disclosure incomplete";
  return { verdict, headline: `${lead}: ${parts.join("; ")}` };
}

/**
 * Builds the checklist from what the readers returned. Pure.
 *
 * @example
 *   buildCheckReport({ profile: "neurips", paper, paperPath: "paper/main.tex", code, declaration: null, warnings: [] }).verdict;
 */
export function buildCheckReport(sources: CheckSources): CheckReport {
  const profile = getProfile(sources.profile);
  const codeFacts = sources.code?.facts ?? [];
  const paperFacts = rebaseEvidence(sources.paper?.facts ?? [], sources.paperPath);
  const paperChosen = rebaseChosen(sources.paper?.chosen ?? {}, sources.paperPath);
  const codeChosen = sources.code?.chosen ?? {};
  const venueAnswers = rebaseEvidence(sources.paper?.venue_answers ?? [], sources.paperPath);
  const entries =
    sources.paper && sources.code
      ? crosscheck({
          paperFacts,
          paperChosen,
          codeFacts,
          codeChosen,
          mainEntryPoint:
            (sources.code.entry_points as Array<{ file: string; main?: boolean }>).find((e) => e.main)
              ?.file ?? null,
        })
      : [];
  const context: CheckContext = {
    hasPaper: sources.paper !== null,
    hasCode: sources.code !== null && (sources.code.facts.length > 0 || sources.code.entry_points.length > 0),
    paperFacts,
    codeFacts,
    paperChosen,
    codeChosen,
    declaredFacts: sources.declaration?.facts ?? [],
    declaration: sources.declaration?.declaration ?? {},
    declarationFile: sources.declaration?.file ?? null,
    declarationLines: sources.declaration?.lines ?? {},
    crosscheck: entries,
    venueAnswers,
  };
  const required = sources.requiredItems ? new Set(sources.requiredItems) : null;
  const items: ChecklistItemResult[] = profile.items.map((profileItem) => {
    const module = CHECKLIST_ITEMS.get(profileItem.id);
    if (!module) throw new Error(`profile ${profile.id} names an unknown item "${profileItem.id}"`);
    const outcome = module.evaluate(context);
    // Without a paper, "the paper does not say" is true but misleading: say that no paper was read.
    if (!context.hasPaper && (outcome.status === "missing" || outcome.status === "inferred"))
      outcome.message = `No paper was read. ${outcome.message}`;
    return {
      id: profileItem.id,
      title: profileItem.title,
      venueRefs: profileItem.refs,
      required: required ? required.has(profileItem.id) : profileItem.required,
      ...outcome,
    };
  });
  const { estimate, missing } = estimateFrom(context, sources.defaults);
  const declarationErrors = sources.declaration?.errors.length ?? 0;
  const { verdict, headline } = verdictOf(items, declarationErrors);
  const partialReport = {
    items,
    crosscheck: entries,
    declaration: sources.declaration
      ? { file: sources.declaration.file, errors: sources.declaration.errors }
      : null,
  };
  const summary = mergedSummary(context);
  return {
    profile: profile.id,
    verdict,
    headline,
    items: items.sort(
      (a, b) =>
        Number(b.required) - Number(a.required) ||
        ITEM_STATUSES.indexOf(b.status) - ITEM_STATUSES.indexOf(a.status) ||
        0,
    ),
    crosscheck: entries,
    estimate,
    estimateMissing: missing,
    declaration: partialReport.declaration,
    paper: sources.paper
      ? { file: sources.paperPath ?? sources.paper.paper.file, format: sources.paper.paper.format }
      : null,
    code: sources.code
      ? {
          files: new Set(codeFacts.map((f) => (f.evidence.kind === "code" ? f.evidence.file : ""))).size,
          frameworks: sources.code.frameworks,
        }
      : null,
    warnings: [
      ...sources.warnings,
      ...(sources.paper?.warnings ?? []),
      ...(sources.code?.warnings ?? []).slice(0, 20),
    ],
    annotations: annotationsOf(partialReport, sources.paperPath),
    snippets: {
      paragraph: disclosureParagraph(context, estimate),
      footprintYml: footprintYml(context, estimate),
      modelCard: modelCardBlock(context, estimate, summary),
    },
  };
}

/**
 * Reads a repository (and its paper) and builds its checklist.
 *
 * @example
 *   const report = await runCheck({ dir: "fixtures/demo", profile: "neurips" });
 *   report.headline; // "Compute disclosure inconsistent: 5 of 7 required items disclosed; ..."
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  let tree: AnalysedTree;
  try {
    tree = AnalysedTree.open(options.dir);
  } catch {
    throw new InputError("not_found", `${options.dir}: no such folder`);
  }
  const warnings: Warning[] = [];
  const paperFile = options.paper ?? findPaper(tree, options.paperGlobs);
  let paper: PaperReport | null = null;
  if (paperFile) {
    const { readPaper } = await import("../readers/paper/index.js");
    try {
      paper = await readPaper(paperFile, { pdfEngine: options.pdfEngine ?? "pdfjs", tree });
    } catch (error) {
      // An explicitly given paper that cannot be read is the user's error; a found one is a warning.
      if (options.paper || !isInputError(error)) throw error;
      warnings.push({ code: error.code, message: `paper not read: ${error.message}`, file: error.file });
    }
  } else {
    warnings.push({
      code: "paper_missing",
      message: "no paper found in the repository (PDF or LaTeX main file); give one with --paper",
    });
  }
  const { readRepository } = await import("../readers/code/index.js");
  const code = await readRepository(tree);
  const relative = paperFile ? tree.relativeOf(paperFile) : null;
  return buildCheckReport({
    profile: options.profile ?? "generic",
    ...(options.requiredItems ? { requiredItems: options.requiredItems } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
    paper,
    paperPath: relative || null,
    code,
    declaration: readDeclarationFile(tree),
    warnings,
  });
}

export { renderCheckMarkdown } from "../render/markdown.js";
export { renderCheckText } from "../render/text.js";
export type { CheckReport } from "./types.js";
