/**
 * The survey's PDF text engine: poppler's pdftotext when it is installed (2.6x faster than pdf.js per paper, and
 * it runs in a child process beside the worker thread), pdf.js otherwise. Results stay correct either way; the
 * engine is part of the reader's version, so the cache never mixes the two.
 */
import { spawnSync } from "node:child_process";
import { InputError } from "../domain/errors.js";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";

export type EngineChoice = PdfEngine | "auto";

/** True when `pdftotext` runs here. */
export function pdftotextInstalled(): boolean {
  const probe = spawnSync("pdftotext", ["-v"], { stdio: "ignore", timeout: 10_000 });
  return probe.error === undefined && probe.status === 0;
}

/**
 * @example
 *   choosePdfEngine("auto"); // "pdftotext" where poppler-utils is installed, else "pdfjs"
 */
export function choosePdfEngine(choice: string, installed: () => boolean = pdftotextInstalled): PdfEngine {
  if (choice === "pdfjs") return "pdfjs";
  if (choice === "pdftotext") {
    if (!installed())
      throw new InputError(
        "pdftotext_missing",
        "pdftotext is not installed (apt-get install poppler-utils); use --pdf-engine pdfjs",
      );
    return "pdftotext";
  }
  if (choice === "auto") return installed() ? "pdftotext" : "pdfjs";
  throw new InputError("usage", `--pdf-engine must be auto, pdftotext or pdfjs, not ${choice}`);
}
