/**
 * The operator's rules for a valid submission, checked at receipt so the sender learns at once (no DNS here:
 * addresses are checked again, resolved, when the job fetches): paper and callback URLs (https, allowed hosts),
 * the repository's host and organisation, and the inline paper's size.
 */
import { urlPolicyProblem, type NetworkPolicy } from "../net/safe-request.js";
import type { VenuesConfig } from "../venues/config.js";
import { findVenue } from "../venues/config.js";
import type { Submission, SubmissionProblem } from "./schema.js";

export interface SubmissionPolicy {
  paper: NetworkPolicy;
  callback: NetworkPolicy;
  /** github.com, and the GitHub Enterprise host when the app runs against one. */
  githubHosts: readonly string[];
  maxPaperBytes: number;
  venues: VenuesConfig;
}

export type PolicyVerdict = { ok: true } | { ok: false; status: 413 | 422; problems: SubmissionProblem[] };

/**
 * Applies the rules to a validated submission. `repositoryHost` is the host of a repository given as a URL.
 *
 * @example
 * checkSubmissionPolicy(submission, "github.com", policy) // { ok: true }
 */
export function checkSubmissionPolicy(
  submission: Submission,
  repositoryHost: string | null,
  policy: SubmissionPolicy,
): PolicyVerdict {
  const paper = submission.paper;
  if (paper?.kind === "inline") {
    const bytes = Math.floor((paper.base64.length * 3) / 4);
    if (bytes > policy.maxPaperBytes)
      return {
        ok: false,
        status: 413,
        problems: [
          {
            property: "paper.base64",
            error: `The paper is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${(policy.maxPaperBytes / 1048576).toFixed(0)} MB`,
          },
        ],
      };
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
  const organisation = findVenue(policy.venues, submission.venue)?.organisation;
  if (organisation && submission.repository.owner.toLowerCase() !== organisation.toLowerCase())
    problems.push({
      property: "repository",
      error: `Repositories of ${submission.venue} live in the ${organisation} organisation`,
    });
  return problems.length > 0 ? { ok: false, status: 422, problems } : { ok: true };
}
