/**
 * HotCRP's REST API: `GET <site>/api/papers?q=<search>&t=<collection>` with `Authorization: bearer <token>`
 * answers `{ok, papers: [{object: "paper", pid, status, title, submission: {mimetype, size, hash, siteurl}, ...}],
 * message_list}`. The submission document's `siteurl` is relative to the site.
 *
 * HotCRP's search has no "modified since", so a pass reads every paper the search returns and keeps those
 * whose `modified_at` (else `submitted_at`, Unix seconds) is not older than the watermark; that time is the
 * version. Papers that are not submitted (drafts, withdrawn) are skipped.
 */
import { InputError } from "../../../domain/errors.js";
import { mappedRepository } from "../submission/repository.js";
import { parseRepository, type Submission } from "../submission/schema.js";
import type { HotcrpVenue, VenueConfig } from "../venues/config.js";
import {
  apiJson,
  secretFromEnv,
  type AdapterDependencies,
  type PullAdapter,
  type PullResult,
} from "./types.js";

interface Paper {
  object?: unknown;
  pid?: unknown;
  status?: unknown;
  title?: unknown;
  modified_at?: unknown;
  submitted_at?: unknown;
  submission?: { siteurl?: unknown; mimetype?: unknown } | null;
  [field: string]: unknown;
}

const ANALYSABLE = new Set(["submitted", "accepted"]);

/** The site URL with a trailing slash, so relative `siteurl`s and `api/` resolve under it. */
const siteBase = (site: string) => (site.endsWith("/") ? site : `${site}/`);

/** The paper's modification time (Unix seconds), or null. */
export function paperVersion(paper: Paper): number | null {
  for (const value of [paper.modified_at, paper.submitted_at])
    if (typeof value === "number" && Number.isFinite(value) && value >= 1) return Math.floor(value);
  return null;
}

/**
 * One HotCRP paper as a submission, or why it is skipped.
 *
 * @example
 * hotcrpPaperToSubmission({ object: "paper", pid: 7, status: "submitted", ... }, venue, ["github.com"])
 */
export function hotcrpPaperToSubmission(
  paper: Paper,
  venue: VenueConfig & { hotcrp: HotcrpVenue },
  githubHosts: readonly string[],
): { submission: Submission } | { skipped: string } {
  const config = venue.hotcrp;
  if (typeof paper.pid !== "number") return { skipped: "paper without pid" };
  const status = typeof paper.status === "string" ? paper.status : "";
  if (!ANALYSABLE.has(status)) return { skipped: `status ${status || "unknown"}` };
  const version = paperVersion(paper);
  if (version === null) return { skipped: "no modified_at or submitted_at" };
  const repository = mappedRepository(
    config,
    config.repository_field ? paper[config.repository_field] : null,
    { number: paper.pid, id: String(paper.pid) },
    githubHosts,
  );
  const parsed = repository ? parseRepository(repository) : null;
  if (!parsed) return { skipped: "no code repository (field empty and no repository_template)" };
  const siteurl = paper.submission?.siteurl;
  return {
    submission: {
      venue: venue.id,
      submissionId: String(paper.pid),
      version,
      title:
        typeof paper.title === "string" && paper.title.trim()
          ? paper.title.trim()
          : `Submission ${paper.pid}`,
      platform: "hotcrp",
      repository: { owner: parsed.owner, repo: parsed.repo },
      paper:
        typeof siteurl === "string" && siteurl
          ? { kind: "url", url: new URL(siteurl, siteBase(config.site_url)).href }
          : null,
      callbackUrl: venue.callback_url ?? null,
    },
  };
}

/**
 * The adapter of one venue.
 *
 * @example
 * const result = await hotcrpAdapter(venue, deps).poll(store.watermark(venue.id, "hotcrp"));
 */
export function hotcrpAdapter(
  venue: VenueConfig & { hotcrp: HotcrpVenue },
  deps: AdapterDependencies,
): PullAdapter {
  const config = venue.hotcrp;
  return {
    name: "hotcrp",
    async poll(watermark: string | null): Promise<PullResult> {
      const since = watermark === null ? 0 : Number(watermark);
      if (!Number.isFinite(since)) throw new InputError("bad_watermark", `HotCRP watermark "${watermark}"`);
      const url = new URL("api/papers", siteBase(config.site_url));
      url.searchParams.set("q", config.query);
      url.searchParams.set("t", config.collection);
      const body = (await apiJson(url.href, deps, "HotCRP", {
        headers: { authorization: `bearer ${secretFromEnv(deps.env, config.token_env, "HotCRP")}` },
      })) as { ok?: unknown; papers?: unknown; message_list?: Array<{ message?: string }> };
      if (body.ok !== true || !Array.isArray(body.papers))
        throw new InputError(
          "platform_error",
          `HotCRP: ${body.message_list?.map((m) => m.message).join("; ") || "no papers in the answer"}.`,
        );
      const result: PullResult = { submissions: [], skipped: [], watermark, requests: 1 };
      let newest = since;
      for (const paper of body.papers as Paper[]) {
        const version = paperVersion(paper);
        if (version !== null && version < since) continue;
        // Skipped papers move the watermark too: a draft that is submitted later is modified, so it comes back.
        if (version !== null) newest = Math.max(newest, version);
        const mapped = hotcrpPaperToSubmission(paper, venue, deps.githubHosts);
        if ("skipped" in mapped)
          result.skipped.push({ id: String(paper.pid ?? "?"), reason: mapped.skipped });
        else result.submissions.push(mapped.submission);
      }
      result.watermark = newest > since || watermark === null ? String(newest) : watermark;
      return result;
    },
  };
}
