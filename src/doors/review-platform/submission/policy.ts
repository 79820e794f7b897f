/**
 * The operator's rules for a valid submission, checked at receipt so the sender learns at once (no DNS here:
 * addresses are checked again, resolved, when the job fetches), in this order:
 *
 *   1. The venue: it must be in the venues file (unless the operator opens the server to any venue), and a
 *      request signed with a venue's own secret may only speak for that venue; a venue with its own secret
 *      accepts no other (403 / 422).
 *   2. The venue's `organisation` bounds the repositories its submissions may name (422).
 *   3. The inline paper's size (413).
 *   4. Paper and callback URLs (https, allowed hosts) and the repository's host (422).
 */
import { urlPolicyProblem, type NetworkPolicy } from "../net/safe-request.js";
import type { VenueConfig, VenuesConfig } from "../venues/config.js";
import { findVenue } from "../venues/config.js";
import type { Submission, SubmissionProblem } from "./schema.js";

export interface SubmissionPolicy {
  paper: NetworkPolicy;
  callback: NetworkPolicy;
  /** github.com, and the GitHub Enterprise host when the app runs against one. */
  githubHosts: readonly string[];
  maxPaperBytes: number;
  venues: VenuesConfig;
  /** Submissions may name venues that are not in the venues file (ML_FOOTPRINT_PLATFORM_ANY_VENUE). */
  anyVenue: boolean;
}

/**
 * Who vouches for a submission: a signed request (Standard Webhooks or the OJS plugin) with a server-wide
 * secret (`venue: null`) or a venue's own secret, or the operator's own pull from a configured venue (sync).
 */
export type Signer = { scheme: "standard" | "ojs"; venue: string | null } | "operator";

export type PolicyVerdict =
  | { ok: true }
  | {
      ok: false;
      status: 403 | 413 | 422;
      /** Machine-readable code of the answer. */
      error: string;
      message: string;
      problems: SubmissionProblem[];
    };

const refuse = (
  status: 403 | 413 | 422,
  error: string,
  message: string,
  problems: SubmissionProblem[],
): PolicyVerdict => ({ ok: false, status, error, message, problems });

/** Whether a venue accepts only its own secret for this signature scheme. */
export function venueHasOwnSecret(venue: VenueConfig, scheme: "standard" | "ojs"): boolean {
  return scheme === "standard" ? Boolean(venue.secret_env) : Boolean(venue.ojs?.secret_env);
}

/** Rule 1: the venue, and whether the signer may speak for it. */
function checkVenue(submission: Submission, signer: Signer, policy: SubmissionPolicy): PolicyVerdict {
  if (signer === "operator") return { ok: true };
  const venue = findVenue(policy.venues, submission.venue);
  if (signer.venue !== null && signer.venue !== submission.venue)
    return refuse(403, "venue_not_allowed", "The request is signed with another venue's secret.", [
      { property: "venue", error: `A request signed with the secret of ${signer.venue} may only name it` },
    ]);
  if (!venue && !policy.anyVenue)
    return refuse(422, "unknown_venue", "This server does not take submissions for this venue.", [
      { property: "venue", error: `${submission.venue} is not a venue of this server` },
    ]);
  if (venue && venueHasOwnSecret(venue, signer.scheme) && signer.venue !== venue.id)
    return refuse(403, "venue_not_allowed", "This venue's submissions must be signed with its own secret.", [
      { property: "venue", error: `${venue.id} accepts requests signed with its own secret only` },
    ]);
  return { ok: true };
}

/**
 * Applies the rules to a validated submission. `repositoryHost` is the host of a repository given as a URL.
 *
 * @example
 * checkSubmissionPolicy(submission, "github.com", policy, { scheme: "standard", venue: null }) // { ok: true }
 */
export function checkSubmissionPolicy(
  submission: Submission,
  repositoryHost: string | null,
  policy: SubmissionPolicy,
  signer: Signer,
): PolicyVerdict {
  const venue = checkVenue(submission, signer, policy);
  if (!venue.ok) return venue;

  const organisation = findVenue(policy.venues, submission.venue)?.organisation;
  if (organisation && submission.repository.owner.toLowerCase() !== organisation.toLowerCase())
    return refuse(
      422,
      "repository_outside_organisation",
      "The repository is not in the venue's organisation.",
      [
        {
          property: "repository",
          error: `Repositories of ${submission.venue} live in the ${organisation} organisation`,
        },
      ],
    );

  const paper = submission.paper;
  if (paper?.kind === "inline") {
    const bytes = Math.floor((paper.base64.length * 3) / 4);
    if (bytes > policy.maxPaperBytes)
      return refuse(413, "paper_too_large", "The paper is over the size limit.", [
        {
          property: "paper.base64",
          error: `The paper is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${(policy.maxPaperBytes / 1048576).toFixed(0)} MB`,
        },
      ]);
  }
  const problems: SubmissionProblem[] = [];
  if (paper?.kind === "url") {
    const problem = urlPolicyProblem(paper.url, policy.paper);
    if (problem) problems.push({ property: "paper.url", error: `The URL ${problem}` });
  }
  if (submission.callbackUrl) {
    const problem = urlPolicyProblem(submission.callbackUrl, policy.callback);
    if (problem) problems.push({ property: "callback_url", error: `The URL ${problem}` });
  }
  if (repositoryHost !== null && !policy.githubHosts.includes(repositoryHost))
    problems.push({
      property: "repository",
      error: `${repositoryHost} is not the GitHub this app is installed on (${policy.githubHosts.join(", ")})`,
    });
  return problems.length > 0
    ? refuse(422, "invalid_submission", "The submission breaks a rule of this server.", problems)
    : { ok: true };
}
