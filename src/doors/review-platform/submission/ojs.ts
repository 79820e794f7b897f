/**
 * The Open Journal Systems webhook plugin (OJSBR/ojsbr-webhook, OJS 3.4) sends
 * `{event, occurredAt, contextId, baseUrl, test?, object: {id, class, submissionId, contextId, data}}`.
 * `submission.created` becomes one of our submissions: the venue is the configured journal whose `base_url`
 * (and `context_id`) match; the repository comes from a data field or the journal's naming convention; the
 * paper from the journal's URL template, when it has one (the plugin sends no file).
 */
import { z } from "zod";
import type { OjsVenue, VenueConfig, VenuesConfig } from "../venues/config.js";
import { fillTemplate } from "../venues/config.js";
import { mappedRepository } from "./repository.js";
import { parseRepository, type Submission, type SubmissionProblem } from "./schema.js";

export const OJS_EVENT_HEADER = "x-ojsbr-webhook-event";

const ojsPayloadSchema = z.object({
  event: z.string().min(1),
  occurredAt: z.string().min(1),
  contextId: z.union([z.int(), z.string()]).optional(),
  baseUrl: z.string().min(1),
  test: z.boolean().optional(),
  object: z
    .object({
      id: z.union([z.int(), z.string()]).optional(),
      submissionId: z.union([z.int(), z.string()]).optional(),
      contextId: z.union([z.int(), z.string()]).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export type OjsMapping =
  | { kind: "submission"; submission: Submission; occurredAt: number }
  | { kind: "ignored"; reason: string }
  | { kind: "invalid"; problems: SubmissionProblem[] };

/** A localised OJS value (`{en: "..."}`) or a plain string, as one string. */
function localised(value: unknown): string | null {
  if (typeof value === "string") return value.trim() || null;
  if (value && typeof value === "object") {
    for (const entry of Object.values(value as Record<string, unknown>))
      if (typeof entry === "string" && entry.trim()) return entry.trim();
  }
  return null;
}

const sameBase = (a: string, b: string) =>
  a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();

function venueFor(
  config: VenuesConfig,
  baseUrl: string,
  contextId: string | null,
): (VenueConfig & { ojs: OjsVenue }) | null {
  const candidates = config.venues.filter(
    (v): v is VenueConfig & { ojs: OjsVenue } => v.ojs !== undefined && sameBase(v.ojs.base_url, baseUrl),
  );
  return (
    candidates.find((v) => v.ojs.context_id !== undefined && String(v.ojs.context_id) === contextId) ??
    candidates.find((v) => v.ojs.context_id === undefined) ??
    null
  );
}

/**
 * Maps a verified OJS plugin payload to a submission, or says why not (ignored event, test delivery, no venue).
 *
 * @example
 * mapOjsPayload(JSON.parse(body), venues, ["github.com"]).kind // "submission"
 */
export function mapOjsPayload(
  raw: unknown,
  config: VenuesConfig,
  githubHosts: readonly string[],
): OjsMapping {
  const parsed = ojsPayloadSchema.safeParse(raw);
  if (!parsed.success)
    return {
      kind: "invalid",
      problems: parsed.error.issues.map((i) => ({
        property: i.path.join(".") || "(root)",
        error: i.message,
      })),
    };
  const payload = parsed.data;
  if (payload.test) return { kind: "ignored", reason: "test delivery" };
  if (payload.event !== "submission.created")
    return { kind: "ignored", reason: `event ${payload.event} is not handled` };
  const occurredAt = Date.parse(payload.occurredAt);
  if (!Number.isFinite(occurredAt))
    return { kind: "invalid", problems: [{ property: "occurredAt", error: "Not an ISO date" }] };
  const object = payload.object ?? {};
  const submissionId = object.submissionId ?? object.id;
  if (submissionId === undefined)
    return { kind: "invalid", problems: [{ property: "object.submissionId", error: "Required" }] };
  const contextId = payload.contextId ?? object.contextId;
  const venue = venueFor(config, payload.baseUrl, contextId === undefined ? null : String(contextId));
  if (!venue)
    return {
      kind: "invalid",
      problems: [
        { property: "baseUrl", error: `No venue in the venues file has ojs.base_url ${payload.baseUrl}` },
      ],
    };
  const data = object.data ?? {};
  const values = { number: String(submissionId), id: String(submissionId) };
  const repository = mappedRepository(
    venue.ojs,
    venue.ojs.repository_field ? localised(data[venue.ojs.repository_field]) : null,
    values,
    githubHosts,
  );
  const parsedRepository = repository ? parseRepository(repository) : null;
  if (!parsedRepository)
    return {
      kind: "invalid",
      problems: [
        {
          property: "object.data",
          error: `No code repository: the venue ${venue.id} needs ojs.repository_field or ojs.repository_template`,
        },
      ],
    };
  return {
    kind: "submission",
    occurredAt,
    submission: {
      venue: venue.id,
      submissionId: String(submissionId),
      version: 1,
      title: localised(data.title) ?? localised(data.fullTitle) ?? `Submission ${submissionId}`,
      platform: "ojs",
      repository: { owner: parsedRepository.owner, repo: parsedRepository.repo },
      paper: venue.ojs.paper_url_template
        ? { kind: "url", url: fillTemplate(venue.ojs.paper_url_template, values) }
        : null,
      callbackUrl: venue.callback_url ?? null,
    },
  };
}
