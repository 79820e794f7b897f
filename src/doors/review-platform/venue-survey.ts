/**
 * A venue's stored submissions as survey input (SurveySummary + SurveyPaperRecord[]), so the platform serves
 * the same HTML report as `ml-footprint survey` (issue 15). Pure translation of stored data.
 *
 * What the store keeps is the checklist report, not `analyze --json`'s summary, so:
 *   - disclosure is counted per checklist item (hardware, accelerator_count, training_time, ...): an item is
 *     disclosed when the paper (or the footprint declaration) states it, status `disclosed` or `inconsistent`
 *     (stated, but the code disagrees); `partial`, `inferred` (only the code shows it) and `missing` are not;
 *     `not_applicable` leaves the paper out of that item's total. The cross-check and the venue-checklist
 *     answer are not disclosures and are left out;
 *   - a paper's `summary` is null, hardware families and years are unknown;
 *   - the evidence of a footprint is what each disclosed item found (its one-line finding, which names the page).
 * Submissions not processed yet are left out.
 */
import { summarizeRecords } from "../../survey/report/from-records.js";
import { wilsonRate } from "../../survey/wilson.js";
import {
  SURVEY_SCHEMA_VERSION,
  type Rate,
  type SurveyPaperRecord,
  type SurveySummary,
} from "../../survey/types.js";
import type { SubmissionReportBody } from "./report.js";
import type { SubmissionRecord } from "./store/submission-store.js";

/** Items that judge something other than whether the paper states a fact. */
const NOT_DISCLOSURE_ITEMS = new Set(["consistency", "venue_answer"]);
const STATED = new Set(["disclosed", "inconsistent"]);

type Item = NonNullable<SubmissionReportBody["checklist"]>["items"][number];

interface ProcessedSubmission {
  record: SubmissionRecord;
  report: SubmissionReportBody | null;
}

function parseReport(record: SubmissionRecord): SubmissionReportBody | null {
  if (!record.reportJson) return null;
  try {
    return JSON.parse(record.reportJson) as SubmissionReportBody;
  } catch {
    return null;
  }
}

function disclosureItems(report: SubmissionReportBody | null): Item[] {
  return (report?.checklist?.items ?? []).filter((item) => !NOT_DISCLOSURE_ITEMS.has(item.id));
}

function paperRecordOf({ record, report }: ProcessedSubmission): SurveyPaperRecord {
  const checklist = report?.checklist ?? null;
  const read = record.status === "completed" && checklist !== null;
  const estimate = checklist?.estimate ?? null;
  return {
    schema_version: SURVEY_SCHEMA_VERSION,
    id: record.submissionId,
    path: checklist?.paper?.file ?? record.repository,
    sha256: record.contentHash,
    title: record.title,
    venue: record.venue,
    year: null,
    repo: record.repository,
    status: read ? "read" : "failed",
    error: read ? null : (report?.error ?? record.statusReason ?? "no checklist was produced"),
    summary: null,
    estimate: estimate
      ? {
          energy_kwh: estimate.energy_kwh,
          co2e_kg: estimate.co2e_kg,
          device_hours: null,
          hardware_family: null,
        }
      : null,
    evidence: disclosureItems(report)
      .filter((item) => STATED.has(item.status))
      .map((item) => ({ field: item.id, value: item.status, page: null, quote: item.message })),
    warnings: (checklist?.warnings ?? []).map((message) => ({
      code: "checklist",
      message,
      file: checklist?.paper?.file ?? "",
    })),
    reader_version: "",
    seconds: 0,
  };
}

function itemDisclosure(processed: readonly ProcessedSubmission[]): Record<string, Rate> {
  const counts = new Map<string, { disclosed: number; total: number }>();
  for (const { record, report } of processed) {
    if (record.status !== "completed") continue;
    for (const item of disclosureItems(report)) {
      if (item.status === "not_applicable") continue;
      const count = counts.get(item.id) ?? { disclosed: 0, total: 0 };
      count.total += 1;
      if (STATED.has(item.status)) count.disclosed += 1;
      counts.set(item.id, count);
    }
  }
  return Object.fromEntries([...counts].map(([id, c]) => [id, wilsonRate(c.disclosed, c.total)]));
}

/**
 * The survey input of a venue's submissions.
 *
 * @example
 * const { summary, papers } = venueSurvey(store.listVenue(venue), new Date());
 * await renderSurveyReport(summary, papers);
 */
export function venueSurvey(
  records: readonly SubmissionRecord[],
  now: Date,
): { summary: SurveySummary; papers: SurveyPaperRecord[] } {
  const processed = records
    .filter((record) => record.status === "completed" || record.status === "failed")
    .map((record) => ({ record, report: parseReport(record) }));
  const papers = processed.map(paperRecordOf);
  const summary = summarizeRecords(papers, { generatedAt: now, readerVersion: "" });
  // One venue and no years: per-group plots would show one group or none.
  return {
    summary: { ...summary, disclosure: itemDisclosure(processed), by_venue: {}, by_year: {} },
    papers,
  };
}
