/**
 * Step 1 of the pipeline, the only one that reads: a repository folder (and its paper, found there or given) to
 * what each reader found. Everything is read through the analysed tree's rules (src/io/analysed-tree.ts).
 */
import { InputError, isInputError } from "../domain/errors.js";
import type { Warning } from "../domain/facts.js";
import { AnalysedTree, isTreeRefusal } from "../io/analysed-tree.js";
import type { CodeReport } from "./code/index.js";
import { DECLARATION_FILES, parseDeclaration, type DeclarationResult } from "./declaration.js";
import { findPaper } from "./find-paper.js";
import type { PaperReport } from "./paper/index.js";
import type { PdfEngine } from "./paper/pdf/extract.js";

export interface ReadOptions {
  /** Repository folder (already on disk; never executed). */
  dir: string;
  /** Paper file; found in `dir` when not given. */
  paper?: string;
  /** Glob patterns where the paper may be, relative to `dir` (app config `paper`). */
  paperGlobs?: string[];
  /**
   * A paper from outside the repository (a review platform's submission), read only when the repository holds
   * none; `label` names it in the report instead of its temporary path. If it cannot be read, the repository is
   * still analysed and the reason is a warning.
   */
  fallbackPaper?: { path: string; label: string };
  pdfEngine?: PdfEngine;
}

/** What the readers found, before anything is selected or judged. */
export interface Sources {
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

/**
 * Reads a repository: its paper (given, found, or the fallback), its code and its declaration.
 *
 * @example
 *   const sources = await readSources({ dir: "fixtures/demo" });
 *   sources.paperPath; // "paper/main.tex"
 */
export async function readSources(options: ReadOptions): Promise<Sources> {
  let tree: AnalysedTree;
  try {
    tree = AnalysedTree.open(options.dir);
  } catch {
    throw new InputError("not_found", `${options.dir}: no such folder`);
  }
  const warnings: Warning[] = [];
  const found = options.paper ?? findPaper(tree, options.paperGlobs);
  const fallback = found ? null : (options.fallbackPaper ?? null);
  const paperFile = found ?? fallback?.path ?? null;
  let paper: PaperReport | null = null;
  if (paperFile) {
    const { readPaper } = await import("./paper/index.js");
    try {
      paper = await readPaper(paperFile, { pdfEngine: options.pdfEngine ?? "pdfjs", tree });
      if (fallback) paper = { ...paper, paper: { ...paper.paper, file: fallback.label } };
    } catch (error) {
      // An explicitly given paper that cannot be read is the user's error; a found or fallback one is a warning.
      if (options.paper || !isInputError(error)) throw error;
      warnings.push(
        fallback
          ? {
              code: error.code,
              message: `${fallback.label} not read: ${error.message.replaceAll(fallback.path, "the file")}`,
            }
          : { code: error.code, message: `paper not read: ${error.message}`, file: error.file },
      );
    }
  } else {
    warnings.push({
      code: "paper_missing",
      message: "no paper found in the repository (PDF or LaTeX main file); give one with --paper",
    });
  }
  const { readRepository } = await import("./code/index.js");
  const relative = paperFile && !fallback ? tree.relativeOf(paperFile) : null;
  const code = await readRepository(tree, {
    ...(paper?.opening_words ? { paperWords: paper.opening_words } : {}),
    ...(paper && relative ? { paperPath: relative } : {}),
  });
  return { paper, paperPath: relative || null, code, declaration: readDeclarationFile(tree), warnings };
}
