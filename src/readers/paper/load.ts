/**
 * From a file on disk to a PaperDocument: detects the format (PDF by its bytes, LaTeX, Markdown, plain text),
 * extracts and cleans the text, and builds the structure. This is the only part of the paper reader that
 * touches the file system, and it does so only through an `AnalysedTree` (no symlink, nothing outside the tree,
 * sizes checked before reading).
 */
import path from "node:path";
import { InputError, isInputError } from "../../domain/errors.js";
import { isTreeRefusal, treeOfFile, type AnalysedTree } from "../../io/analysed-tree.js";
import type { Warning } from "../../domain/facts.js";
import { cleanPdfPageText, normalizeCharacters } from "./clean.js";
import { buildDocument, type PaperDocument, type PaperFormat } from "./document.js";
import { decodeLatexSource, declaredLatexEncoding } from "./latex/encoding.js";
import { flattenLatex } from "./latex/flatten.js";
import { latexToText } from "./latex/to-text.js";
import {
  DEFAULT_PDF_LIMITS,
  extractPdfText,
  looksLikePdf,
  type PdfEngine,
  type PdfLimits,
} from "./pdf/extract.js";

export interface LoadOptions {
  pdfEngine?: PdfEngine;
  pdfLimits?: Partial<PdfLimits>;
  /** Text and LaTeX files larger than this are refused. */
  maxTextBytes?: number;
  /**
   * The tree the paper belongs to (the repository being checked): `\input` files are read from it under its
   * rules. Without it, the paper's own folder is the tree.
   */
  tree?: AnalysedTree;
}

export interface LoadedPaper {
  file: string;
  document: PaperDocument;
  totalPages: number;
  warnings: Warning[];
  /** Milliseconds spent extracting text (PDF engine or LaTeX flattening), for the benchmark. */
  extractMs: number;
}

/** Text papers over this are refused (the same bound as the LaTeX flattener's total). */
const DEFAULT_MAX_TEXT_BYTES = 8 * 1024 * 1024;
/** Bytes read to tell a PDF from text before the whole file is read. */
const SNIFF_BYTES = 8192;

/**
 * A LaTeX source of the tree for the flattener: its text, null when absent, or why it was refused. Each file is
 * decoded in its own encoding (latex/encoding.ts), the main file's inputenc handed on to the files it includes; a
 * file whose bytes contradict its declaration adds a warning naming it. The main file's bytes were read to tell
 * its format and size, so they are decoded from memory rather than read from the tree a second time.
 */
function latexSourceReader(
  tree: AnalysedTree,
  maxBytes: number,
  main: { path: string; bytes: Uint8Array },
  warnings: Warning[],
) {
  const inherited = declaredLatexEncoding(main.bytes);
  const decode = (treePath: string, bytes: Uint8Array): string => {
    const decoded = decodeLatexSource(bytes, { inherited });
    if (decoded.mismatch)
      warnings.push({
        code: "latex_encoding",
        message: `${treePath}: ${decoded.mismatch}`,
        file: treePath,
      });
    return decoded.text;
  };
  return (treePath: string): string | null | { refused: string } => {
    if (treePath === main.path) return decode(treePath, main.bytes);
    try {
      return decode(treePath, tree.readBytes(treePath, { maxBytes }));
    } catch (error) {
      if (isTreeRefusal(error)) {
        if (error.refusal === "not_found" || error.refusal === "is_directory") return null;
        return { refused: error.message.slice(error.relativePath.length + 2) };
      }
      throw error;
    }
  };
}

/** A tree refusal about the paper file itself, worded with the path the caller gave. */
function paperRefusal(error: unknown, file: string): unknown {
  if (!isTreeRefusal(error)) return error;
  const reason = error.message.slice(error.relativePath.length + 2);
  if (error.refusal === "not_found") return new InputError("not_found", `${file}: no such file`, file);
  if (error.refusal === "is_directory")
    return new InputError("is_directory", `${file}: is a folder, not a paper file`, file);
  return new InputError(error.refusal, `${file}: ${reason}`, file);
}

function detectFormat(file: string, head: Uint8Array): PaperFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".pdf" || looksLikePdf(head)) return "pdf";
  if (extension === ".tex" || extension === ".latex") return "latex";
  if (extension === ".md" || extension === ".markdown") return "markdown";
  return "text";
}

function isBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let suspicious = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 7 || (byte > 13 && byte < 32)) suspicious++;
  }
  return sample.length > 0 && suspicious / sample.length > 0.1;
}

/** Reads a paper file into a document, or throws an InputError with one clear line. */
export async function loadPaper(file: string, options: LoadOptions = {}): Promise<LoadedPaper> {
  let tree: AnalysedTree;
  let relative: string;
  let size: number;
  let head: Buffer;
  const limits = { ...DEFAULT_PDF_LIMITS, ...options.pdfLimits };
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  try {
    ({ tree, relative } = treeOfFile(file, options.tree));
    size = tree.size(relative);
    head = tree.readBytes(relative, { maxBytes: SNIFF_BYTES, headBytes: SNIFF_BYTES });
  } catch (error) {
    // A paper the repository reaches only through a link (a shared paper folder linked into the checkout) is read
    // from its own folder, as it is without the repository: the link is not followed within the repository's tree.
    if (options.tree && isTreeRefusal(error) && error.refusal === "symlink") {
      const withoutTree: LoadOptions = { ...options };
      delete withoutTree.tree;
      return loadPaper(file, withoutTree);
    }
    if (isInputError(error) && error.code === "not_found")
      throw new InputError("not_found", `${file}: no such file`, file);
    throw paperRefusal(error, file);
  }
  if (size === 0) throw new InputError("empty", `${file}: the file is empty`, file);
  const started = performance.now();
  const format = detectFormat(file, head);
  // Sizes are checked before the whole file is read: a 3 GB file costs one fstat.
  if (format === "pdf" && size > limits.maxBytes)
    throw new InputError(
      "too_large",
      `${file}: the PDF is ${(size / 1048576).toFixed(0)} MB, over the ${(limits.maxBytes / 1048576).toFixed(0)} MB limit`,
      file,
    );
  if (format !== "pdf" && size > maxTextBytes)
    throw new InputError(
      "too_large",
      `${file}: ${(size / 1048576).toFixed(1)} MB is over the ${maxTextBytes / 1048576} MB limit for text papers`,
      file,
    );
  let bytes: Buffer;
  try {
    bytes = tree.readBytes(relative, { maxBytes: format === "pdf" ? limits.maxBytes : maxTextBytes });
  } catch (error) {
    throw paperRefusal(error, file);
  }

  if (format === "pdf") {
    const pdf = await extractPdfText(bytes, file, options.pdfEngine ?? "pdfjs", limits);
    const extractMs = performance.now() - started;
    const document = buildDocument({ format: "pdf", pages: pdf.pages.map(cleanPdfPageText) });
    return { file, document, totalPages: pdf.totalPages, warnings: pdf.warnings, extractMs };
  }

  if (isBinary(bytes))
    throw new InputError(
      "binary",
      `${file}: a binary file, not a paper (PDF, LaTeX, Markdown or text)`,
      file,
    );

  if (format === "latex") {
    const encodingWarnings: Warning[] = [];
    const reader = latexSourceReader(tree, maxTextBytes, { path: relative, bytes }, encodingWarnings);
    const flat = flattenLatex(relative, reader);
    const latex = latexToText(flat.source);
    const text = normalizeCharacters(latex.text);
    const extractMs = performance.now() - started;
    const lineStarts: number[] = [0];
    for (let i = 0; i < flat.source.length; i++) if (flat.source[i] === "\n") lineStarts.push(i + 1);
    const locate = (offset: number) => {
      const sourceOffset = latex.sourceOffsetAt(offset);
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((lineStarts[mid] as number) <= sourceOffset) lo = mid;
        else hi = mid - 1;
      }
      return flat.lines[lo] ?? null;
    };
    const document = buildDocument({ format: "latex", pages: [text], locate });
    if (!document.sentences.length)
      throw new InputError("no_text", `${file}: no text found in the LaTeX document`, file);
    const limitWarnings = latex.limits.map((limit) => ({
      code: "latex_limit",
      message: `${file}: ${limit}`,
      file: relative,
    }));
    return {
      file,
      document,
      totalPages: 0,
      warnings: [...encodingWarnings, ...flat.warnings, ...limitWarnings],
      extractMs,
    };
  }

  const text = normalizeCharacters(bytes.toString("utf8").replace(/\r\n?/g, "\n"));
  const document = buildDocument({ format, pages: [text] });
  return { file, document, totalPages: 0, warnings: [], extractMs: performance.now() - started };
}
