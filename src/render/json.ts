/**
 * The JSON every front door prints or sends (`check --json`, `analyze --json`, the review platform's report):
 * snake_case keys throughout, as `analyze` and footprint.yml always had, and a `schema_version` first, so a
 * consumer can tell a document of another shape from ours (issue 14). The domain model keeps its TypeScript
 * names (`venueRefs`); the conversion happens here, once, on the way out.
 */
import type { CheckReport } from "../judge/types.js";

/** Bumped when a key is renamed or removed or a value changes meaning; added keys keep the version. */
export const SCHEMA_VERSION = 1;

/** "venueRefs" → "venue_refs", "footprintYml" → "footprint_yml"; snake_case keys are left as they are. */
export function snakeCaseKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/**
 * A plain-data value with every object key in snake_case (arrays and nested objects included). Keys that are
 * already snake_case, such as `summary`'s field names, are unchanged, so the summary keeps exactly its keys.
 *
 * @example
 * snakeCaseKeys({ estimateMissing: ["hardware"], items: [{ venueRefs: [] }] })
 * // { estimate_missing: ["hardware"], items: [{ venue_refs: [] }] }
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== "object") return value;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [snakeCaseKey(key), snakeCaseKeys(inner)]),
  );
}

/** A top-level JSON document: `schema_version` first, then the value's own keys in snake_case. */
export function jsonDocument(value: object): Record<string, unknown> {
  return { schema_version: SCHEMA_VERSION, ...(snakeCaseKeys(value) as Record<string, unknown>) };
}

/**
 * `check --json`: the checklist report and what the analysis itself cost.
 *
 * @example
 * JSON.parse(JSON.stringify(checkReportJson(report, cost))).items[0].venue_refs // ["neurips.8"]
 */
export function checkReportJson(report: CheckReport, cost?: object): Record<string, unknown> {
  return jsonDocument(cost ? { ...report, cost } : report);
}
