/**
 * From a file on disk to a PaperDocument: detects the format (PDF by its bytes, LaTeX, Markdown, plain text),
 * extracts and cleans the text, and builds the structure. This is the only part of the paper reader that
 * touches the file system.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../domain/errors.js";
import type { Warning } from "../domain/facts.js";
import { cleanPdfPageText, normalizeCharacters } from "./clean.js";
import { buildDocument, type PaperDocument, type PaperFormat } from "./document.js";
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
}

export interface LoadedPaper {
  file: string;
  document: PaperDocument;
  totalPages: number;
  warnings: Warning[];
  /** Milliseconds spent extracting text (PDF engine or LaTeX flattening), for the benchmark. */
  extractMs: number;
}

const DEFAULT_MAX_TEXT_BYTES = 20 * 1024 * 1024;

function readTextFile(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return null;
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
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
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory())
      throw new InputError("is_directory", `${file}: is a folder, not a paper file`, file);
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("not_found", `${file}: no such file`, file);
  }
  if (size === 0) throw new InputError("empty", `${file}: the file is empty`, file);
  const maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const started = performance.now();
  const bytes = readFileSync(file);
  const format = detectFormat(file, bytes);

  if (format === "pdf") {
    const limits = { ...DEFAULT_PDF_LIMITS, ...options.pdfLimits };
    const pdf = await extractPdfText(bytes, file, options.pdfEngine ?? "pdfjs", limits);
    const extractMs = performance.now() - started;
    const document = buildDocument({ format: "pdf", pages: pdf.pages.map(cleanPdfPageText) });
    return { file, document, totalPages: pdf.totalPages, warnings: pdf.warnings, extractMs };
  }

  if (size > maxTextBytes)
    throw new InputError(
      "too_large",
      `${file}: ${(size / 1048576).toFixed(1)} MB is over the ${maxTextBytes / 1048576} MB limit for text papers`,
      file,
    );
  if (isBinary(bytes))
    throw new InputError(
      "binary",
      `${file}: a binary file, not a paper (PDF, LaTeX, Markdown or text)`,
      file,
    );

  if (format === "latex") {
    const flat = flattenLatex(path.resolve(file), readTextFile);
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
    return { file, document, totalPages: 0, warnings: flat.warnings, extractMs };
  }

  const text = normalizeCharacters(bytes.toString("utf8").replace(/\r\n?/g, "\n"));
  const document = buildDocument({ format, pages: [text] });
  return { file, document, totalPages: 0, warnings: [], extractMs: performance.now() - started };
}
