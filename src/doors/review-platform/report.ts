/**
 * What a review platform and a program committee get back: the JSON report of one submission (GET and the
 * callback send the same document) and the CSV of a venue, one row per submission. Pure functions of stored
 * data.
 */
import { CHECKLIST_ITEMS } from "../../judge/items/index.js";
import type { CheckReport } from "../../judge/types.js";
import type { Range } from "../../estimate/types.js";
import type { SubmissionRecord } from "./store/submission-store.js";
import { SCHEMA_VERSION } from "../../render/json.js";
import { warningText } from "../../render/warnings.js";

/** The report document: `type` lets a callback receiver tell it from other events. */
export interface SubmissionReportBody {
  /** The shape of this document (src/render/json.ts); a receiver checks it before reading the rest. */
  schema_version: number;
  type: "submission.report";
  /** Our id (GET /ml-footprint/submissions/:id). */
  id: string;
  venue: string;
  submission_id: string;
  version: number;
  title: string;
  repository: string;
  status: "completed" | "failed";
  /** Why there is no checklist, when failed. */
  error: string | null;
  /** The commit analysed (the default branch's head when the job ran). */
  commit: string | null;
  tracking_issue_url: string | null;
  checklist: {
    profile: string;
    verdict: string;
    headline: string;
    items: Array<{
      id: string;
      title: string;
      status: string;
      required: boolean;
      message: string;
      venue_refs: string[];
    }>;
    estimate: { co2e_kg: Range; energy_kwh: Range | null } | null;
    estimate_missing: string[];
    paper: { file: string; format: string } | null;
    warnings: string[];
  } | null;
  /** The checklist rendered as Markdown (what the repository's tracking issue shows). */
  markdown: string | null;
  generated_at: string;
}

export interface ReportInput {
  status: "completed" | "failed";
  error: string | null;
  report: CheckReport | null;
  markdown: string | null;
  commit: string | null;
  trackingIssueUrl: string | null;
}

/**
 * Builds the report document of a submission.
 *
 * @example
 * submissionReport(record, { status: "completed", error: null, report, markdown, commit: sha, trackingIssueUrl: url }, new Date())
 */
export function submissionReport(
  record: SubmissionRecord,
  input: ReportInput,
  now: Date,
): SubmissionReportBody {
  const report = input.report;
  return {
    schema_version: SCHEMA_VERSION,
    type: "submission.report",
    id: record.id,
    venue: record.venue,
    submission_id: record.submissionId,
    version: record.version,
    title: record.title,
    repository: record.repository,
    status: input.status,
    error: input.error,
    commit: input.commit,
    tracking_issue_url: input.trackingIssueUrl,
    checklist: report
      ? {
          profile: report.profile,
          verdict: report.verdict,
          headline: report.headline,
          items: report.items.map((item) => ({
            id: item.id,
            title: item.title,
            status: item.status,
            required: item.required,
            message: item.message,
            venue_refs: item.venueRefs,
          })),
          estimate: report.estimate
            ? { co2e_kg: report.estimate.co2e_kg, energy_kwh: report.estimate.energy_kwh }
            : null,
          estimate_missing: report.estimateMissing,
          paper: report.paper,
          warnings: report.warnings.map((w) => warningText(w)),
        }
      : null,
    markdown: input.markdown,
    generated_at: now.toISOString(),
  };
}

/** The stored record as the read route shows it. */
export function submissionView(record: SubmissionRecord): Record<string, unknown> {
  let callbackHost: string | null = null;
  if (record.callbackUrl) {
    try {
      // Only the host: a callback URL can carry a token in its path or query.
      callbackHost = new URL(record.callbackUrl).host;
    } catch {
      callbackHost = null;
    }
  }
  return {
    schema_version: SCHEMA_VERSION,
    id: record.id,
    venue: record.venue,
    submission_id: record.submissionId,
    version: record.version,
    title: record.title,
    platform: record.platform,
    repository: record.repository,
    status: record.status,
    status_reason: record.statusReason,
    received_at: new Date(record.receivedAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
    callback: record.callbackUrl
      ? {
          host: callbackHost,
          status: record.callbackStatus,
          attempts: record.callbackAttempts,
          error: record.callbackError,
        }
      : null,
    report: record.reportJson ? (JSON.parse(record.reportJson) as SubmissionReportBody) : null,
  };
}

/**
 * What a spreadsheet may read as the start of a formula (OWASP, CSV injection): `=`, `+`, `-`, `@` (also in
 * their full-width and small forms, which some spreadsheets fold to ASCII), after any leading whitespace
 * (Excel and LibreOffice skip it), or a tab, CR, LF or NUL as the very first character.
 */
const FORMULA_START = /^(?:[\t\r\n\0]|[\s\0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet could take for a formula gets a leading apostrophe, which
 * spreadsheets read as "this is text" and do not show: titles and repositories come from authors, and the
 * file is opened by program committees. A cell with a quote, a comma, a semicolon (the separator of some
 * locales), a tab or a line break is quoted. Numbers are the ones we compute (versions, kgCO2e): they are
 * written as numbers, a negative one included, so the column still sorts; a string that looks like a number
 * ("-2+3") is text and gets the apostrophe.
 *
 * @example
 * csvCell(" =1+1") // "' =1+1"
 * csvCell(-2) // "-2"
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const ITEM_ORDER = [...CHECKLIST_ITEMS.keys()];

/**
 * The program committee's CSV of a venue: id, version, title, repository, status, verdict, one column per
 * checklist item (its status), the central kgCO2e estimate, updated_at. Item columns are the union of the
 * items the reports have, in the checklist registry's order.
 *
 * @example
 * venueCsv(store.listVenue("NeurIPS.cc/2026/Conference"))
 * // "id,version,title,repository,status,verdict,hardware,...,co2e_kg_central,updated_at\r\n1234,2,..."
 */
export function venueCsv(records: readonly SubmissionRecord[]): string {
  const statuses = records.map((record) => {
    const byItem = new Map<string, string>();
    const report = record.reportJson ? (JSON.parse(record.reportJson) as SubmissionReportBody) : null;
    for (const item of report?.checklist?.items ?? []) byItem.set(item.id, item.status);
    return byItem;
  });
  const seen = new Set(statuses.flatMap((m) => [...m.keys()]));
  const items = [
    ...ITEM_ORDER.filter((id) => seen.has(id)),
    ...[...seen].filter((id) => !ITEM_ORDER.includes(id)).sort(),
  ];
  const header = [
    "id",
    "version",
    "title",
    "repository",
    "status",
    "verdict",
    ...items,
    "co2e_kg_central",
    "updated_at",
  ];
  const rows = records.map((record, index) =>
    [
      csvCell(record.submissionId),
      csvCell(record.version),
      csvCell(record.title),
      csvCell(record.repository),
      csvCell(record.status),
      csvCell(record.verdict),
      ...items.map((id) => csvCell(statuses[index]!.get(id) ?? null)),
      csvCell(record.co2eCentralKg === null ? null : Number(record.co2eCentralKg.toPrecision(4))),
      csvCell(new Date(record.updatedAt).toISOString()),
    ].join(","),
  );
  return [header.map(csvCell).join(","), ...rows].map((line) => `${line}\r\n`).join("");
}
