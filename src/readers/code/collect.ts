/**
 * The code reader's only I/O: walk a repository and return the text of the files worth reading, within bounds a
 * hostile or huge repository cannot break. All reading goes through `AnalysedTree` (src/io): symlinks are never
 * followed (so a loop cannot hang the walk), only regular files are opened (a FIFO named train.py cannot block a
 * read), sizes are checked before reading; binary content is detected by sniffing NUL bytes rather than trusting
 * extensions, and the walk stops at fixed counts of entries, files and bytes.
 */
import { InputError } from "../../domain/errors.js";
import { AnalysedTree, isTreeRefusal, type TreeEntry } from "../../io/analysed-tree.js";
import type { Warning } from "../../domain/facts.js";
import { classifyFile, isSkippedDirectory } from "./classify.js";
import type { FileKind, RepoFile } from "./types.js";

export interface CollectLimits {
  /** Files kept at most; the walk is breadth-first, so shallow files (READMEs, launch scripts) come first. */
  maxFiles: number;
  /** Bytes kept at most, summed over files. */
  maxTotalBytes: number;
  /** Largest code or config file read. */
  maxFileBytes: number;
  /** Largest notebook read (notebooks carry their outputs, often images). */
  maxNotebookBytes: number;
  /** Largest measurement file read (CodeCarbon CSV, tracker logs). */
  maxMeasurementBytes: number;
  /** Directory entries looked at, over the whole walk. */
  maxEntries: number;
  /** Deepest directory level entered (the root is 0). */
  maxDepth: number;
  /** Warnings kept; further ones are counted in one summary warning. */
  maxWarnings: number;
}

export const DEFAULT_COLLECT_LIMITS: CollectLimits = {
  maxFiles: 5000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFileBytes: 1024 * 1024,
  maxNotebookBytes: 10 * 1024 * 1024,
  maxMeasurementBytes: 20 * 1024 * 1024,
  maxEntries: 200_000,
  maxDepth: 24,
  maxWarnings: 200,
};

/** A collected file with the kind it is read as. */
export interface CollectedFile extends RepoFile {
  kind: FileKind;
  bytes: number;
}

export interface CollectResult {
  files: CollectedFile[];
  /** Paths of the write-ups the walk saw (.tex, .pdf; not read): which folders hold a project of their own. */
  documents: string[];
  warnings: Warning[];
  /** Files of a readable kind that were not read (too large, binary, symlinked, over the bounds). */
  skipped: number;
  bytes: number;
}

const SNIFF_BYTES = 8192;
const DOCUMENT = /\.(?:tex|pdf)$/i;
const MAX_DOCUMENTS = 2000;
const READ_BATCH = 32;

/**
 * Collects the readable files under `dir`.
 *
 * @example
 *   const { files, warnings } = await collectRepositoryFiles("path/to/repo");
 *   // files: [{ path: "train.py", kind: "python", content: "...", bytes: 1234 }, ...]
 * @throws InputError `not_found` when `dir` is not a readable directory.
 */
export async function collectRepositoryFiles(
  dir: string | AnalysedTree,
  limits: Partial<CollectLimits> = {},
): Promise<CollectResult> {
  const bounds = { ...DEFAULT_COLLECT_LIMITS, ...limits };
  let tree: AnalysedTree;
  try {
    tree = typeof dir === "string" ? AnalysedTree.open(dir) : dir;
  } catch {
    throw new InputError(
      "not_found",
      `repository folder not found or not a folder: ${String(dir)}`,
      String(dir),
    );
  }
  const warnings = new WarningList(bounds.maxWarnings);
  const candidates = listCandidateFiles(tree, bounds, warnings);
  const result: CollectResult = {
    files: [],
    documents: candidates.documents,
    warnings: [],
    skipped: candidates.skipped,
    bytes: 0,
  };
  let truncated = false;
  for (let start = 0; start < candidates.files.length; start += READ_BATCH) {
    const batch = candidates.files.slice(start, start + READ_BATCH);
    const read = batch.map((c) => readCandidate(tree, c, bounds));
    for (const outcome of read) {
      if ("warning" in outcome) {
        result.skipped += 1;
        warnings.add(outcome.warning);
        continue;
      }
      if (result.files.length >= bounds.maxFiles || result.bytes + outcome.bytes > bounds.maxTotalBytes) {
        result.skipped += 1;
        truncated = true;
        continue;
      }
      result.files.push(outcome);
      result.bytes += outcome.bytes;
    }
  }
  if (truncated || candidates.truncated) {
    warnings.add({
      code: "repository_truncated",
      message: `repository larger than the reader's bounds (${bounds.maxFiles} files, ${bounds.maxTotalBytes} bytes, ${bounds.maxEntries} entries); the rest was not read`,
    });
  }
  result.warnings = warnings.list();
  return result;
}

interface Candidate {
  path: string;
  kind: FileKind;
}

function listCandidateFiles(
  tree: AnalysedTree,
  bounds: CollectLimits,
  warnings: WarningList,
): { files: Candidate[]; documents: string[]; skipped: number; truncated: boolean } {
  const files: Candidate[] = [];
  const documents: string[] = [];
  let skipped = 0;
  let entries = 0;
  let truncated = false;
  const queue: { rel: string; depth: number }[] = [{ rel: "", depth: 0 }];
  for (let index = 0; index < queue.length; index += 1) {
    const next = queue[index]!;
    let listing: TreeEntry[] | null;
    try {
      listing = tree.list(next.rel);
    } catch {
      listing = null;
    }
    if (!listing) {
      warnings.add({ code: "unreadable", message: "folder could not be listed", file: next.rel || "." });
      continue;
    }
    if (listing.some((e) => e.name === "pyvenv.cfg")) continue; // a virtual environment, whatever its name
    listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of listing) {
      entries += 1;
      if (entries > bounds.maxEntries) {
        truncated = true;
        return { files, documents, skipped, truncated };
      }
      const rel = next.rel ? `${next.rel}/${entry.name}` : entry.name;
      if (entry.kind === "symlink") {
        if (classifyFile(rel)) skipped += 1;
        warnings.add({ code: "symlink_skipped", message: "symbolic link not followed", file: rel });
        continue;
      }
      if (entry.kind === "directory") {
        if (isSkippedDirectory(entry.name)) continue;
        if (next.depth + 1 > bounds.maxDepth) {
          warnings.add({
            code: "too_deep",
            message: `folder deeper than ${bounds.maxDepth} levels`,
            file: rel,
          });
          continue;
        }
        queue.push({ rel, depth: next.depth + 1 });
        continue;
      }
      if (entry.kind !== "file") {
        // FIFOs, sockets, devices: never opened (a read could block forever).
        if (classifyFile(rel)) {
          skipped += 1;
          warnings.add({ code: "not_regular", message: "not a regular file; not read", file: rel });
        }
        continue;
      }
      const kind = classifyFile(rel);
      if (kind) files.push({ path: rel, kind });
      else if (DOCUMENT.test(entry.name) && documents.length < MAX_DOCUMENTS) documents.push(rel);
    }
  }
  return { files, documents, skipped, truncated };
}

function sizeBound(kind: FileKind, bounds: CollectLimits): number {
  if (kind === "notebook") return bounds.maxNotebookBytes;
  if (kind === "codecarbon_csv" || kind === "log") return bounds.maxMeasurementBytes;
  return bounds.maxFileBytes;
}

function readCandidate(
  tree: AnalysedTree,
  candidate: Candidate,
  bounds: CollectLimits,
): CollectedFile | { warning: Warning } {
  const limit = sizeBound(candidate.kind, bounds);
  let bytes: Buffer;
  try {
    bytes = tree.readBytes(candidate.path, { maxBytes: limit });
  } catch (error) {
    if (!isTreeRefusal(error)) throw error;
    const code =
      error.refusal === "too_large"
        ? "file_too_large"
        : error.refusal === "special_file"
          ? "not_regular"
          : error.refusal === "symlink"
            ? "symlink_skipped"
            : "unreadable";
    const message =
      error.refusal === "too_large"
        ? `file over the ${limit}-byte bound for ${candidate.kind} files; not read`
        : error.message.slice(error.relativePath.length + 2);
    return { warning: { code, message, file: candidate.path } };
  }
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    return {
      warning: {
        code: "binary_skipped",
        message: `binary content in a file named like ${candidate.kind}; not read`,
        file: candidate.path,
      },
    };
  }
  let content = bytes.toString("utf8");
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  return { path: candidate.path, kind: candidate.kind, content, bytes: bytes.length };
}

/** Keeps the first `max` warnings and counts the rest, so a repository of a million symlinks stays readable. */
export class WarningList {
  private readonly items: Warning[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(warning: Warning): void {
    if (this.items.length < this.max) this.items.push(warning);
    else this.dropped += 1;
  }
  list(): Warning[] {
    if (this.dropped === 0) return [...this.items];
    return [
      ...this.items,
      { code: "warnings_truncated", message: `${this.dropped} more warnings not shown` },
    ];
  }
}
