/**
 * What a review platform sends to `POST /ml-footprint/submissions`: one submission (id, version, title,
 * venue), its paper (an https URL or the PDF in base64), its code repository, and where to send the report.
 * The zod schema is the validator and, exported as JSON Schema (`npm run schemas` writes
 * schemas/submission.schema.json), the contract platform plugins code against. Semantic checks that depend on
 * the operator's settings (allowed hosts, https only) are separate (`checkSubmissionPolicy`), so the JSON
 * Schema says everything the schema validator says.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

/** Review platforms we know by name; anything else is `other`. */
export const PLATFORMS = ["openreview", "hotcrp", "ojs", "editorial_manager", "other"] as const;
export type Platform = (typeof PLATFORMS)[number];

const PRINTABLE = /^\P{Cc}*$/u;
const FILENAME = /^[^/\\\p{Cc}]{1,255}$/u;
/** `owner/name` (GitHub's own limits on both parts), or a repository URL `https://<host>/owner/name[.git][/]`. */
const OWNER = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})";
const NAME = "[A-Za-z0-9._-]{1,100}";
export const REPOSITORY_PATTERN = new RegExp(
  `^(?:${OWNER}/${NAME}|https://[A-Za-z0-9.-]+(?::\\d+)?/${OWNER}/${NAME}/?)$`,
);

export const submissionSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(200)
      .regex(PRINTABLE, "Must not contain control characters")
      .describe(
        "The submission's id on the review platform (OpenReview note id, HotCRP paper number, OJS submission id).",
      ),
    version: z
      .int()
      .min(1)
      .describe(
        "Revision of the submission, increasing. A higher version replaces the stored one; a lower one is refused (409); " +
          "the same version with the same content is acknowledged and not analysed again.",
      ),
    title: z
      .string()
      .min(1)
      .max(1000)
      .regex(PRINTABLE, "Must not contain control characters")
      .describe("The submission's title."),
    venue: z
      .string()
      .min(1)
      .max(200)
      .regex(PRINTABLE, "Must not contain control characters")
      .describe(
        "The venue's id on the platform, e.g. NeurIPS.cc/2026/Conference; reports are grouped by it.",
      ),
    platform: z
      .enum(PLATFORMS)
      .optional()
      .describe(
        "Which review platform sends it (for the record, and for platform credentials on paper URLs).",
      ),
    paper: z
      .union([
        z
          .object({
            url: z
              .url({ protocol: /^https?$/ })
              .max(2048)
              .describe(
                "Where to download the PDF: https, on a host the operator allows (ML_FOOTPRINT_PAPER_HOSTS).",
              ),
          })
          .strict(),
        z
          .object({
            base64: z.base64().min(8).describe("The PDF itself, base64-encoded (no line breaks)."),
            filename: z
              .string()
              .regex(FILENAME, "Expected a file name without folders or control characters")
              .describe("The PDF's file name, e.g. paper.pdf (no folders)."),
          })
          .strict(),
      ])
      .describe("The paper: a URL to fetch, or the PDF inline. It is only read, never run."),
    repository: z
      .string()
      .max(300)
      .regex(REPOSITORY_PATTERN, "Expected owner/name or https://github.com/owner/name")
      .describe(
        "The code repository, where the app is installed: owner/name, or its URL (https://github.com/owner/name).",
      ),
    callback_url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .describe(
        "Where to POST the report when it is ready, signed like this request (Standard Webhooks). https only.",
      ),
  })
  .strict()
  .describe("A submission sent by a review platform to POST /ml-footprint/submissions.");

export type SubmissionPayload = z.output<typeof submissionSchema>;

/** Where the paper comes from, once validated. */
export type PaperSource = { kind: "url"; url: string } | { kind: "inline"; filename: string; base64: string };

/** A validated, normalised submission: what the store keeps and the job processes. */
export interface Submission {
  venue: string;
  submissionId: string;
  version: number;
  title: string;
  platform: Platform | null;
  repository: { owner: string; repo: string };
  paper: PaperSource | null;
  callbackUrl: string | null;
}

/** One row of the Property | Error table answered with 422. */
export interface SubmissionProblem {
  property: string;
  error: string;
}

function propertyPath(path: ReadonlyArray<PropertyKey>, extraKey?: string): string {
  let out = "";
  for (const part of path)
    out += typeof part === "number" ? `[${part}]` : out === "" ? String(part) : `.${String(part)}`;
  if (extraKey !== undefined) out = out === "" ? extraKey : `${out}.${extraKey}`;
  return out === "" ? "(root)" : out;
}

type Issue = z.core.$ZodIssue;

/** Flattens zod issues into rows; a failed `paper` union reports the branch the sender meant. */
function problemsOf(
  issues: readonly Issue[],
  input: unknown,
  prefix: PropertyKey[] = [],
): SubmissionProblem[] {
  const rows: SubmissionProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        rows.push({ property: propertyPath(path, key), error: "Unknown property" });
    } else if (issue.code === "invalid_union" && path.join(".") === "paper") {
      const paper = (input as { paper?: unknown } | null)?.paper;
      const keys = paper && typeof paper === "object" ? Object.keys(paper) : [];
      const branch = keys.includes("base64") ? 1 : keys.includes("url") ? 0 : -1;
      if (branch < 0 || !issue.errors[branch])
        rows.push({ property: "paper", error: "Expected { url } or { base64, filename }" });
      else rows.push(...problemsOf(issue.errors[branch], input, path));
    } else {
      rows.push({ property: propertyPath(path), error: issue.message });
    }
  }
  return rows;
}

/** `owner/name` from either accepted form; the URL's host is returned for the policy check. */
export function parseRepository(value: string): { owner: string; repo: string; host: string | null } | null {
  if (!REPOSITORY_PATTERN.test(value)) return null;
  if (!value.startsWith("https://")) {
    const [owner, repo] = value.split("/") as [string, string];
    return { owner, repo: repo.replace(/\.git$/, ""), host: null };
  }
  const url = new URL(value);
  const [owner, repo] = url.pathname.split("/").filter(Boolean) as [string, string];
  return { owner, repo: repo.replace(/\.git$/, ""), host: url.host.toLowerCase() };
}

/**
 * Validates a parsed JSON body against the schema.
 *
 * @example
 * parseSubmission({ id: "42", version: 1, title: "T", venue: "V", paper: { url: "https://p.org/42.pdf" }, repository: "org/paper-42" })
 * // { ok: true, submission: { venue: "V", submissionId: "42", repository: { owner: "org", repo: "paper-42" }, ... } }
 */
export function parseSubmission(
  raw: unknown,
): { ok: true; submission: Submission } | { ok: false; problems: SubmissionProblem[] } {
  const result = submissionSchema.safeParse(raw);
  if (!result.success) return { ok: false, problems: problemsOf(result.error.issues, raw) };
  const data = result.data;
  const repository = parseRepository(data.repository)!;
  return {
    ok: true,
    submission: {
      venue: data.venue,
      submissionId: data.id,
      version: data.version,
      title: data.title,
      platform: data.platform ?? null,
      repository: { owner: repository.owner, repo: repository.repo },
      paper:
        "url" in data.paper
          ? { kind: "url", url: data.paper.url }
          : { kind: "inline", filename: data.paper.filename, base64: data.paper.base64 },
      callbackUrl: data.callback_url ?? null,
    },
  };
}

/**
 * Our id of a submission: stable across its versions, URL-safe, and unguessable from outside only as far as
 * venue and id are (the read routes are token-protected anyway).
 *
 * @example
 * submissionRecordId("NeurIPS.cc/2026/Conference", "1234") // "sub_5f0c…" (24 hex digits)
 */
export function submissionRecordId(venue: string, submissionId: string): string {
  return `sub_${createHash("sha256").update(`${venue}\u0000${submissionId}`).digest("hex").slice(0, 24)}`;
}

/** A hash of everything that changes an analysis, so an identical redelivery is recognised. */
export function submissionContentHash(submission: Submission): string {
  const paper =
    submission.paper === null
      ? null
      : submission.paper.kind === "url"
        ? { url: submission.paper.url }
        : {
            filename: submission.paper.filename,
            sha256: createHash("sha256").update(submission.paper.base64).digest("hex"),
          };
  const canonical = JSON.stringify([
    submission.venue,
    submission.submissionId,
    submission.version,
    submission.title,
    submission.platform,
    `${submission.repository.owner}/${submission.repository.repo}`.toLowerCase(),
    paper,
    submission.callbackUrl,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The JSON Schema of the submission payload. */
export function submissionJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://github.com/ml-footprint/ml-footprint/schemas/submission.schema.json",
    title: "ml-footprint review-platform submission",
    ...z.toJSONSchema(submissionSchema, { io: "input" }),
  };
}
