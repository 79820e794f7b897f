/**
 * OpenReview API v2. Submissions are notes of the invitation `<venue>/-/Submission`; every content field is
 * wrapped (`{"title": {"value": ...}}`); `pdf` is a path on the API host (`/pdf/<hash>.pdf`).
 *
 * New and modified notes: the API filters on creation (`mintcdate`) but, as far as we could verify, not on
 * modification, so a pass reads notes sorted by `tmdate` (true modification date) newest first and stops at
 * the first one older than the watermark (the newest `tmdate` of the previous pass). Notes exactly at the
 * watermark are read again and recognised as unchanged by the store. The note's `tmdate` is the version.
 */
import { InputError } from "../../../domain/errors.js";
import { mappedRepository } from "../submission/repository.js";
import { parseRepository, type Submission } from "../submission/schema.js";
import type { OpenReviewVenue, VenueConfig } from "../venues/config.js";
import {
  apiJson,
  secretFromEnv,
  type AdapterDependencies,
  type PullAdapter,
  type PullResult,
} from "./types.js";

interface Note {
  id?: unknown;
  number?: unknown;
  tmdate?: unknown;
  ddate?: unknown;
  content?: Record<string, { value?: unknown } | undefined>;
}

/** Stops a runaway pass (an API that never says "no more"). */
const MAX_PAGES = 200;

const unwrap = (content: Note["content"], field: string): unknown => content?.[field]?.value;

/**
 * One note as a submission, or why it is skipped.
 *
 * @example
 * noteToSubmission(note, venue, ["github.com"]) // { submission: { submissionId: "aBc123", version: 1767225600000, ... } }
 */
export function noteToSubmission(
  note: Note,
  venue: VenueConfig & { openreview: OpenReviewVenue },
  githubHosts: readonly string[],
): { submission: Submission } | { skipped: string } {
  const config = venue.openreview;
  if (typeof note.id !== "string" || typeof note.tmdate !== "number" || note.tmdate < 1)
    return { skipped: "note without id or tmdate" };
  if (note.ddate !== undefined && note.ddate !== null) return { skipped: "deleted" };
  const number = typeof note.number === "number" ? note.number : note.id;
  const title = unwrap(note.content, "title");
  const pdf = unwrap(note.content, "pdf");
  const repository = mappedRepository(
    config,
    config.repository_field ? unwrap(note.content, config.repository_field) : null,
    { number, id: note.id },
    githubHosts,
  );
  const parsed = repository ? parseRepository(repository) : null;
  if (!parsed) return { skipped: "no code repository (field empty and no repository_template)" };
  return {
    submission: {
      venue: venue.id,
      submissionId: note.id,
      version: Math.floor(note.tmdate),
      title: typeof title === "string" && title.trim() ? title.trim() : `Submission ${number}`,
      platform: "openreview",
      repository: { owner: parsed.owner, repo: parsed.repo },
      paper: typeof pdf === "string" && pdf ? { kind: "url", url: new URL(pdf, config.api_url).href } : null,
      callbackUrl: venue.callback_url ?? null,
    },
  };
}

async function token(config: OpenReviewVenue, deps: AdapterDependencies): Promise<string | null> {
  if (config.token_env) return secretFromEnv(deps.env, config.token_env, "OpenReview");
  if (config.username_env || config.password_env) {
    if (!config.username_env || !config.password_env)
      throw new InputError("missing_secret", "OpenReview: set both username_env and password_env.");
    const body = (await apiJson(new URL("/login", config.api_url).href, deps, "OpenReview", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: secretFromEnv(deps.env, config.username_env, "OpenReview"),
        password: secretFromEnv(deps.env, config.password_env, "OpenReview"),
      }),
    })) as { token?: unknown };
    if (typeof body.token !== "string")
      throw new InputError("platform_error", "OpenReview: login gave no token.");
    return body.token;
  }
  return null;
}

/**
 * The adapter of one venue.
 *
 * @example
 * const result = await openReviewAdapter(venue, deps).poll(store.watermark(venue.id, "openreview"));
 */
export function openReviewAdapter(
  venue: VenueConfig & { openreview: OpenReviewVenue },
  deps: AdapterDependencies,
): PullAdapter {
  const config = venue.openreview;
  return {
    name: "openreview",
    async poll(watermark: string | null): Promise<PullResult> {
      const since = watermark === null ? 0 : Number(watermark);
      if (!Number.isFinite(since))
        throw new InputError("bad_watermark", `OpenReview watermark "${watermark}"`);
      let requests = 0;
      const bearer = await token(config, deps);
      if (bearer !== null && (config.username_env || config.password_env)) requests += 1;
      const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
      const invitation = config.invitation ?? `${venue.id}/-/Submission`;
      const result: PullResult = { submissions: [], skipped: [], watermark, requests: 0 };
      let newest = since;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL("/notes", config.api_url);
        url.searchParams.set("invitation", invitation);
        url.searchParams.set("sort", "tmdate:desc");
        url.searchParams.set("limit", String(config.page_size));
        url.searchParams.set("offset", String(page * config.page_size));
        const body = (await apiJson(url.href, deps, "OpenReview", { headers })) as { notes?: unknown };
        requests += 1;
        if (!Array.isArray(body.notes))
          throw new InputError("platform_error", "OpenReview: no notes in the answer.");
        const notes = body.notes as Note[];
        let older = false;
        for (const note of notes) {
          if (typeof note.tmdate === "number" && note.tmdate < since) {
            older = true;
            break;
          }
          const mapped = noteToSubmission(note, venue, deps.githubHosts);
          if ("skipped" in mapped)
            result.skipped.push({ id: String(note.id ?? "?"), reason: mapped.skipped });
          else result.submissions.push(mapped.submission);
          if (typeof note.tmdate === "number") newest = Math.max(newest, note.tmdate);
        }
        if (older || notes.length < config.page_size) break;
      }
      result.watermark = newest > since || watermark === null ? String(newest) : watermark;
      result.requests = requests;
      return result;
    },
  };
}
