/**
 * One pull pass for a venue (`ml-footprint sync --venue X`, or the server's timer):
 *
 *   1. For each enabled adapter of the venue, read the stored watermark.
 *   2. Ask the platform for submissions new or modified since then.
 *   3. Check each against the operator's rules; store it (new, updated, unchanged or stale, like a webhook).
 *   4. Queue the new and updated ones, when a queue is given.
 *   5. Store the new watermark, only after everything above is stored (a crash re-reads, never skips).
 *
 * A dry run does 1-3 without writing: it reports what it would store and queue.
 */
import { hotcrpAdapter } from "./adapters/hotcrp.js";
import { openReviewAdapter } from "./adapters/openreview.js";
import type { AdapterDependencies, PullAdapter } from "./adapters/types.js";
import type { SubmissionRecord, SubmissionStore } from "./store/submission-store.js";
import { checkSubmissionPolicy, type SubmissionPolicy } from "./submission/policy.js";
import { submissionContentHash, submissionRecordId } from "./submission/schema.js";
import type { VenueConfig } from "./venues/config.js";

export interface SyncSummary {
  venue: string;
  adapter: string;
  dryRun: boolean;
  /** Entries the platform returned that are newer than the watermark. */
  seen: number;
  created: string[];
  updated: string[];
  unchanged: number;
  stale: number;
  skipped: Array<{ id: string; reason: string }>;
  enqueued: number;
  watermarkBefore: string | null;
  watermarkAfter: string | null;
  requests: number;
}

/** The enabled pull adapters of a venue (none unless the venues file says `enabled: true`). */
export function adaptersFor(venue: VenueConfig, deps: AdapterDependencies): PullAdapter[] {
  const adapters: PullAdapter[] = [];
  if (venue.openreview?.enabled) {
    const apiHost = new URL(venue.openreview.api_url).hostname;
    adapters.push(
      openReviewAdapter(venue as VenueConfig & { openreview: typeof venue.openreview }, {
        ...deps,
        policy: { ...deps.policy, allowedHosts: [apiHost] },
      }),
    );
  }
  if (venue.hotcrp?.enabled) {
    const siteHost = new URL(venue.hotcrp.site_url).hostname;
    adapters.push(
      hotcrpAdapter(venue as VenueConfig & { hotcrp: typeof venue.hotcrp }, {
        ...deps,
        policy: { ...deps.policy, allowedHosts: [siteHost] },
      }),
    );
  }
  return adapters;
}

export interface SyncOptions {
  store: SubmissionStore;
  policy: SubmissionPolicy;
  dryRun: boolean;
  /** Queues a stored submission; absent: stored only (picked up by the server's next start). */
  enqueue?: (record: SubmissionRecord) => Promise<void>;
  now(): number;
}

/**
 * Runs one pass of one adapter.
 *
 * @example
 * const summary = await syncAdapter(venue, openReviewAdapter(venue, deps), { store, policy, dryRun: false, enqueue, now: Date.now });
 */
export async function syncAdapter(
  venue: VenueConfig,
  adapter: PullAdapter,
  options: SyncOptions,
): Promise<SyncSummary> {
  // 1-2. Watermark, then the platform.
  const before = options.store.watermark(venue.id, adapter.name);
  const pulled = await adapter.poll(before);
  const summary: SyncSummary = {
    venue: venue.id,
    adapter: adapter.name,
    dryRun: options.dryRun,
    seen: pulled.submissions.length + pulled.skipped.length,
    created: [],
    updated: [],
    unchanged: 0,
    stale: 0,
    skipped: [...pulled.skipped],
    enqueued: 0,
    watermarkBefore: before,
    watermarkAfter: options.dryRun ? before : pulled.watermark,
    requests: pulled.requests,
  };
  // 3-4. Rules, store, queue.
  for (const submission of pulled.submissions) {
    const verdict = checkSubmissionPolicy(submission, null, options.policy, "operator");
    if (!verdict.ok) {
      summary.skipped.push({
        id: submission.submissionId,
        reason: verdict.problems.map((p) => `${p.property}: ${p.error}`).join("; "),
      });
      continue;
    }
    const hash = submissionContentHash(submission);
    const outcome = options.dryRun
      ? options.store.preview(submission, hash)
      : options.store.accept(submission, hash, null, options.now()).outcome;
    if (outcome === "created") summary.created.push(submission.submissionId);
    else if (outcome === "updated") summary.updated.push(submission.submissionId);
    else if (outcome === "unchanged") summary.unchanged += 1;
    else summary.stale += 1;
    if (!options.dryRun && options.enqueue && (outcome === "created" || outcome === "updated")) {
      const record = options.store.get(submissionRecordId(submission.venue, submission.submissionId));
      if (record) {
        await options.enqueue(record);
        summary.enqueued += 1;
      }
    }
  }
  // 5. Watermark last.
  if (!options.dryRun && pulled.watermark !== null && pulled.watermark !== before)
    options.store.setWatermark(venue.id, adapter.name, pulled.watermark, options.now());
  return summary;
}

/** One line per adapter, for the CLI and the logs. */
export function describeSync(summary: SyncSummary): string {
  const verb = summary.dryRun ? "would store" : "stored";
  const parts = [
    `${summary.venue} (${summary.adapter}): ${summary.seen} new or modified since ${summary.watermarkBefore ?? "the start"}`,
    `${verb} ${summary.created.length} new, ${summary.updated.length} updated`,
    `${summary.unchanged} unchanged`,
  ];
  if (summary.stale) parts.push(`${summary.stale} older than stored`);
  if (summary.skipped.length) parts.push(`${summary.skipped.length} skipped`);
  if (!summary.dryRun)
    parts.push(`${summary.enqueued} queued`, `watermark ${summary.watermarkAfter ?? "none"}`);
  return parts.join("; ");
}
