/**
 * What travels on the survey's queue. A job names its paper by path, not by bytes: a LaTeX paper is a main file
 * and the files it inputs, and a paper may come with its repository, so workers read the same filesystem as the
 * survey (a shared volume mounted at the same path everywhere; docs/survey.md). The survey sends absolute paths
 * and the paper's SHA-256, and a worker that sees other bytes at that path refuses to read them.
 *
 * The job id is the paper's content and the reader's version (and its repository, when it has one): adding a
 * paper that is queued, being read or already read is a no-op, so each paper is read once however many times
 * it is added.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import type { SurveyJob } from "../inputs.js";
import { jobMetadata, type SurveyPaperOptions } from "../survey-paper.js";
import type { SurveyPaperRecord } from "../types.js";

/** A job's data. */
export interface QueuedPaper {
  /** The paper as the survey has it (paths as given: the record keeps them). */
  job: SurveyJob & { sha256: string };
  /** Absolute paths for the worker. */
  files: { paper: string; repo: string | null };
  /** How to read it; `options.readerVersion` is the survey's, which the worker must match. */
  options: SurveyPaperOptions;
}

/** A job's return value. */
export interface QueuedResult {
  record: SurveyPaperRecord;
  /** The worker that read it (`host/pid`), counted in the survey's cost. */
  worker: string;
  /** The absolute path it read (the record's paths are these until the survey puts its own back). */
  paper: string;
}

/**
 * The job id: `<sha256>.<reader version>[.<12 hex of the repository path>]` (BullMQ forbids `:` in ids; a
 * reader version has none).
 *
 * @example
 *   paperJobId("ab…", "0.1.0+1a2b3c4d5e6f+pdftotext", null); // "ab….0.1.0+1a2b3c4d5e6f+pdftotext"
 */
export function paperJobId(sha256: string, readerVersion: string, repo: string | null): string {
  const base = `${sha256}.${readerVersion}`.replace(/:/g, "_");
  return repo === null ? base : `${base}.${createHash("sha256").update(repo).digest("hex").slice(0, 12)}`;
}

/** The job for a hashed paper, its paths made absolute against `cwd` (the survey's working folder). */
export function queuedPaper(
  job: SurveyJob & { sha256: string },
  options: SurveyPaperOptions,
  cwd: string,
): QueuedPaper {
  return {
    job,
    files: {
      paper: path.resolve(cwd, job.path),
      repo: job.repo === null ? null : path.resolve(cwd, job.repo),
    },
    options,
  };
}

/**
 * A record read from the absolute paths, as the survey would have written it for `job`: the job's metadata and
 * paths, warnings naming the paper by its given path. Also how a result read for one paper serves another paper
 * with the same bytes in the same survey.
 */
export function recordFor(result: QueuedResult, job: SurveyJob): SurveyPaperRecord {
  const { record } = result;
  return {
    ...record,
    ...jobMetadata(job),
    warnings: record.warnings.map((w) => (w.file === result.paper ? { ...w, file: job.path } : w)),
  };
}
