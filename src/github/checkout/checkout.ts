/**
 * Reads a repository at one exact commit through the API into a fresh temporary folder, hands the folder to
 * a callback, and removes it afterwards, also when anything fails. Nothing in the folder is ever executed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { ProbotOctokit } from "probot";
import { InputError } from "../../domain/errors.js";
import { extractTarball, formatBytes, type ExtractionSummary } from "./extract.js";
import type { RepositoryLimits } from "./limits.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface CommitRef {
  owner: string;
  repo: string;
  sha: string;
}

export interface CheckoutOptions {
  limits: RepositoryLimits;
  /** Parent of the checkout folders: the process folder in the work root (the OS temp dir by default). */
  tmpRoot?: string;
  signal?: AbortSignal;
}

/**
 * Downloads `GET /repos/{owner}/{repo}/tarball/{sha}` (GitHub answers with a redirect to codeload, which
 * fetch follows) as a stream and extracts it within the limits.
 */
export async function downloadCommit(
  octokit: Octokit,
  commit: CommitRef,
  dir: string,
  options: CheckoutOptions,
): Promise<ExtractionSummary> {
  const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    owner: commit.owner,
    repo: commit.repo,
    ref: commit.sha,
    request: { parseSuccessResponseBody: false, signal: options.signal },
  });
  const length = Number(response.headers["content-length"]);
  const body = response.data as unknown as WebReadableStream<Uint8Array> | null;
  if (Number.isFinite(length) && length > options.limits.maxArchiveBytes) {
    await body?.cancel().catch(() => undefined);
    throw new InputError(
      "archive_too_large",
      `The repository archive is ${formatBytes(length)}, more than the ${formatBytes(options.limits.maxArchiveBytes)} limit.`,
    );
  }
  if (!body) throw new InputError("bad_archive", "GitHub returned an empty repository archive.");
  return extractTarball(Readable.fromWeb(body), dir, options.limits, options.signal);
}

/**
 * Runs `use` on the repository at `commit`, extracted into a temporary folder that is removed afterwards.
 *
 * @example
 * const report = await withCommitCheckout(octokit, { owner, repo, sha }, { limits }, (dir) => runCheck({ dir }));
 */
export async function withCommitCheckout<T>(
  octokit: Octokit,
  commit: CommitRef,
  options: CheckoutOptions,
  use: (dir: string, extraction: ExtractionSummary) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(options.tmpRoot ?? tmpdir(), "checkout-"));
  try {
    const extraction = await downloadCommit(octokit, commit, dir, options);
    return await use(dir, extraction);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 2 });
  }
}
