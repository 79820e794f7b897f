/**
 * PDF to per-page text, with bounds: a size limit, a page limit (the rest becomes a warning and a partial
 * result), and a time limit enforced by running the extractor outside the main thread (a worker for pdf.js, a
 * child process for poppler's pdftotext) and stopping it when the time is up.
 */
import { spawn } from "node:child_process";
import { Worker } from "node:worker_threads";
import { InputError } from "../../../domain/errors.js";
import type { Warning } from "../../../domain/facts.js";

export type PdfEngine = "pdfjs" | "pdftotext";

export interface PdfLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 400,
  timeoutMs: 60_000,
};

export interface PdfText {
  pages: string[];
  totalPages: number;
  engine: PdfEngine;
  warnings: Warning[];
}

interface WorkerAnswer {
  ok: boolean;
  total?: number;
  pages?: string[];
  name?: string;
  message?: string;
}

/** True when the bytes start like a PDF (`%PDF-`, possibly after a little junk, as readers tolerate). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

function pdfjsError(name: string | undefined, message: string | undefined, file: string): InputError {
  if (name === "PasswordException")
    return new InputError(
      "pdf_encrypted",
      `${file}: the PDF is encrypted (password-protected); cannot read it`,
      file,
    );
  if (
    name === "InvalidPDFException" ||
    name === "FormatError" ||
    /Invalid PDF|bad XRef|Missing PDF/i.test(message ?? "")
  )
    return new InputError("pdf_corrupt", `${file}: the PDF is corrupt or truncated (${message})`, file);
  return new InputError("pdf_unreadable", `${file}: cannot read the PDF (${name}: ${message})`, file);
}

interface PdfjsJob {
  id: number;
  resolve: (value: { pages: string[]; total: number }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  file: string;
}

/**
 * One pdf.js worker, kept alive between papers and `unref`'d while idle so it never keeps the process up.
 * Jobs run one at a time; a job over its time bound terminates the worker, and the next job starts a new one.
 */
class PdfjsWorker {
  private worker: Worker | null = null;
  private current: PdfjsJob | null = null;
  private queue: Array<() => void> = [];
  private nextId = 1;

  extract(bytes: Uint8Array, file: string, limits: PdfLimits): Promise<{ pages: string[]; total: number }> {
    return new Promise((resolve, reject) => {
      const start = (): void => this.start(bytes, file, limits, resolve, reject);
      if (this.current) this.queue.push(start);
      else start();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./pdfjs-worker.js", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 1536 },
      stdout: true,
      stderr: true,
    });
    worker.on("message", (answer: WorkerAnswer & { id: number }) => {
      const job = this.current;
      if (!job || job.id !== answer.id) return;
      this.finish(() =>
        answer.ok
          ? job.resolve({ pages: answer.pages ?? [], total: answer.total ?? 0 })
          : job.reject(pdfjsError(answer.name, answer.message, job.file)),
      );
    });
    worker.on("error", (error) => {
      const job = this.current;
      this.discardWorker();
      if (job)
        this.finish(() =>
          job.reject(
            /memory/i.test(error.message)
              ? new InputError(
                  "pdf_too_complex",
                  `${job.file}: the PDF needs too much memory to read; stopped`,
                  job.file,
                )
              : pdfjsError(error.name, error.message, job.file),
          ),
        );
    });
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const job = this.current;
      if (job)
        this.finish(() =>
          job.reject(
            new InputError("pdf_unreadable", `${job.file}: the PDF reader stopped (exit ${code})`, job.file),
          ),
        );
    });
    this.worker = worker;
    return worker;
  }

  private start(
    bytes: Uint8Array,
    file: string,
    limits: PdfLimits,
    resolve: PdfjsJob["resolve"],
    reject: PdfjsJob["reject"],
  ): void {
    const worker = this.ensureWorker();
    worker.ref();
    // A Buffer may be a view into Node's shared pool: copy exactly its bytes into a buffer of its own before
    // transferring, or the worker would read (and detach) neighbouring data.
    const own = new Uint8Array(bytes.byteLength);
    own.set(bytes);
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.discardWorker();
      this.finish(() =>
        reject(
          new InputError(
            "pdf_timeout",
            `${file}: reading the PDF took longer than ${Math.round(limits.timeoutMs / 1000)} s; stopped`,
            file,
          ),
        ),
      );
    }, limits.timeoutMs);
    this.current = { id, resolve, reject, timer, file };
    worker.postMessage({ id, data: own.buffer, maxPages: limits.maxPages }, [own.buffer]);
  }

  private discardWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
  }

  private finish(settle: () => void): void {
    const job = this.current;
    if (!job) return;
    clearTimeout(job.timer);
    this.current = null;
    settle();
    const next = this.queue.shift();
    if (next) next();
    else this.worker?.unref();
  }
}

const pdfjsWorker = new PdfjsWorker();

function runPdfjs(
  bytes: Uint8Array,
  file: string,
  limits: PdfLimits,
): Promise<{ pages: string[]; total: number }> {
  return pdfjsWorker.extract(bytes, file, limits);
}

function runPdftotext(
  bytes: Uint8Array,
  file: string,
  limits: PdfLimits,
): Promise<{ pages: string[]; total: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("pdftotext", ["-enc", "UTF-8", "-l", String(limits.maxPages), "-", "-"], {
      stdio: ["pipe", "pipe", "pipe"],
      timeout: limits.timeoutMs,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new InputError("pdftotext_missing", "pdftotext is not installed (apt-get install poppler-utils)")
          : error,
      ),
    );
    child.stdin.on("error", () => undefined);
    child.stdin.end(Buffer.from(bytes));
    child.on("close", (code, signal) => {
      if (signal === "SIGKILL")
        return reject(
          new InputError(
            "pdf_timeout",
            `${file}: reading the PDF took longer than ${limits.timeoutMs / 1000} s; stopped`,
            file,
          ),
        );
      const stderr = Buffer.concat(err).toString();
      if (code === 1 && /Incorrect password|encrypted/i.test(stderr))
        return reject(
          new InputError(
            "pdf_encrypted",
            `${file}: the PDF is encrypted (password-protected); cannot read it`,
            file,
          ),
        );
      if (code !== 0)
        return reject(
          new InputError(
            "pdf_corrupt",
            `${file}: the PDF is corrupt or truncated (pdftotext exit ${code})`,
            file,
          ),
        );
      const pages = Buffer.concat(out).toString("utf8").split("\f");
      if (pages.length > 1 && pages[pages.length - 1]?.trim() === "") pages.pop();
      resolve({ pages, total: pages.length });
    });
  });
}

/**
 * Extracts the text of each page. Throws InputError for what cannot be read (not a PDF, encrypted, corrupt,
 * too large, too slow, no text layer); returns a warning with a partial result when only the page limit is hit.
 */
export async function extractPdfText(
  bytes: Uint8Array,
  file: string,
  engine: PdfEngine = "pdfjs",
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfText> {
  if (bytes.length === 0) throw new InputError("empty", `${file}: the file is empty`, file);
  if (bytes.length > limits.maxBytes)
    throw new InputError(
      "too_large",
      `${file}: the PDF is ${(bytes.length / 1048576).toFixed(0)} MB, over the ${(limits.maxBytes / 1048576).toFixed(0)} MB limit`,
      file,
    );
  if (!looksLikePdf(bytes))
    throw new InputError("not_pdf", `${file}: not a PDF file (no %PDF- header)`, file);
  const { pages, total } =
    engine === "pdftotext" ? await runPdftotext(bytes, file, limits) : await runPdfjs(bytes, file, limits);
  const warnings: Warning[] = [];
  const readPages = Math.min(pages.length, limits.maxPages);
  if (engine === "pdfjs" && total > readPages) {
    warnings.push({
      code: "pdf_page_limit",
      message: `${file}: only the first ${readPages} of ${total} pages were read (page limit)`,
      file,
    });
  } else if (engine === "pdftotext" && pages.length >= limits.maxPages) {
    warnings.push({
      code: "pdf_page_limit",
      message: `${file}: only the first ${readPages} pages were read (page limit)`,
      file,
    });
  }
  const characters = pages.reduce((sum, page) => sum + page.replace(/\s/g, "").length, 0);
  if (characters < 40 * Math.max(1, Math.min(readPages, 3)))
    throw new InputError(
      "pdf_no_text",
      `${file}: the PDF has no text layer (scanned or image-only?); run OCR first, e.g. ocrmypdf`,
      file,
    );
  return { pages: pages.slice(0, readPages), totalPages: total, engine, warnings };
}
