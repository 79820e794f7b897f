/**
 * A submission's paper, from the store (base64) or its URL (through `safeRequest`), checked (size, `%PDF-`)
 * and written to a fresh temporary folder for the checklist's paper reader, the same bounded reader the CLI
 * uses. Nothing in it is ever run.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InputError, isInputError } from "../../../domain/errors.js";
import { looksLikePdf } from "../../../readers/paper/pdf/extract.js";
import { safeRequest, UpstreamUnavailableError, type NetworkPolicy } from "../net/safe-request.js";
import type { SubmissionRecord, SubmissionStore } from "../store/submission-store.js";

export interface PaperDependencies {
  store: SubmissionStore;
  policy: NetworkPolicy;
  maxBytes: number;
  timeoutMs: number;
  /** Headers for the platform's own host (a bearer token for OpenReview or HotCRP), or null. */
  credentialsFor(
    record: SubmissionRecord,
    url: string,
  ): { origin: string; headers: Record<string, string> } | null;
  tmpRoot?: string;
}

/** The paper on disk, or why there is none (a warning for the report, never a reason to stop). */
export type ObtainedPaper =
  | { kind: "file"; path: string; cleanup: () => Promise<void> }
  | { kind: "none"; reason: string | null };

const MAX_REDIRECTS = 3;

/** A file name that is safe on every file system and ends in .pdf (the reader also checks the bytes). */
export function safePaperName(name: string): string {
  const base =
    path
      .basename(name)
      .replace(/[^\w.-]+/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 100) || "paper";
  return /\.pdf$/i.test(base) ? base : `${base}.pdf`;
}

async function download(record: SubmissionRecord, url: string, deps: PaperDependencies): Promise<Buffer> {
  const response = await safeRequest(url, deps.policy, {
    maxBytes: deps.maxBytes,
    timeoutMs: deps.timeoutMs,
    maxRedirects: MAX_REDIRECTS,
    credentials: deps.credentialsFor(record, url),
    headers: { accept: "application/pdf", "user-agent": "ml-footprint" },
    what: "paper URL",
  });
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    throw new UpstreamUnavailableError(`the paper URL answered ${response.status}`);
  if (response.status !== 200)
    throw new InputError("paper_unavailable", `The paper URL answered ${response.status}.`);
  return response.body;
}

/**
 * Gets the paper of the record's current version. Final problems (refused URL, not a PDF, too large, 404)
 * come back as `none` with the reason; transient ones (timeout, 5xx) are thrown so the queue retries, except
 * on the last attempt, where they too become a reason and the analysis goes on without the paper.
 *
 * @example
 * const paper = await obtainSubmissionPaper(record, deps, { lastAttempt: context.attempt === context.maxAttempts });
 */
export async function obtainSubmissionPaper(
  record: SubmissionRecord,
  deps: PaperDependencies,
  options: { lastAttempt: boolean },
): Promise<ObtainedPaper> {
  if (!record.paper) return { kind: "none", reason: null };
  let bytes: Buffer;
  let name: string;
  try {
    if (record.paper.kind === "inline") {
      const stored = deps.store.inlinePaper(record.id, record.version);
      if (!stored) return { kind: "none", reason: "the paper sent inline is no longer stored" };
      bytes = Buffer.from(stored.base64, "base64");
      name = stored.filename;
    } else {
      bytes = await download(record, record.paper.url, deps);
      name = new URL(record.paper.url).pathname.split("/").pop() || "paper.pdf";
    }
  } catch (error) {
    if (isInputError(error)) return { kind: "none", reason: error.message };
    if (error instanceof UpstreamUnavailableError && options.lastAttempt)
      return { kind: "none", reason: `${error.message} (gave up after retries)` };
    throw error;
  }
  if (bytes.length > deps.maxBytes)
    return { kind: "none", reason: `the paper is larger than ${Math.round(deps.maxBytes / 1048576)} MB` };
  if (!looksLikePdf(bytes)) return { kind: "none", reason: "the paper is not a PDF (no %PDF- header)" };
  const dir = await mkdtemp(path.join(deps.tmpRoot ?? tmpdir(), "ml-footprint-paper-"));
  const file = path.join(dir, safePaperName(name));
  await writeFile(file, bytes, { mode: 0o600 });
  return { kind: "file", path: file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
