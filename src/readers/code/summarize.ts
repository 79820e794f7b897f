/**
 * The code summary: one value per field, read from the main entry point's scope in rank order (its launch
 * commands, then the configs it loads, then its own source, then what it imports). It abstains rather than
 * borrow a value from an unrelated script: hyperparameters (epochs, steps, batch size) only ever come from the
 * main entry point's scope; devices and hardware may also come from launch files that start no known script
 * (a SLURM array running `wandb agent`), and measurements always apply to the repository.
 *
 * Never used: scheduler time limits (an upper bound, often the queue's maximum, not how long training took),
 * CodeCarbon's summed `duration` (wall time of whatever blocks were tracked, evaluation included, and runs that
 * overlapped in time add up),
 * device indices (`cuda:2` says which GPU, not how many), derived effective batch sizes, subset measurement files,
 * and anything below MIN_CONFIDENCE or outside a training context.
 */
import { CONFIDENCE_BAR } from "../../domain/confidence.js";
import {
  chosen as choose,
  EXTRA_FIELDS,
  SUMMARY_FIELDS,
  summaryOf,
  type ChosenFacts,
  type Fact,
  type FactField,
  type Summary,
} from "../../domain/facts.js";
import type { FactTag } from "../../domain/tags.js";
import type { RankedFact } from "./resolve.js";

export const MIN_CONFIDENCE = CONFIDENCE_BAR.codeSetting;
/** Ranks inside the main entry point's scope (see resolve.ts). */
const MAX_SCOPE_RANK = 5;
/**
 * Tags of values that are never a run's setting, whoever chooses (these rules or the trained ranker,
 * selector/candidates.ts): an upper bound, a device index, a part of a measurement.
 */
export const NOT_A_RUN_SETTING: ReadonlySet<FactTag> = new Set<FactTag>([
  "time_limit",
  "device_index",
  "subset",
  "tracked_duration",
]);
/**
 * The summary also leaves out the derived effective batch (it never replaces the per-device batch size) and a class
 * field's default the main run replaces when it builds the class (its keyword's value is a fact of its own, or
 * unreadable: then nothing is said). Other `overridden` defaults stay eligible: the launch that overrides them may
 * start another script than the main one, and the ranker, which never sees them, decides the run's fields.
 */
const EXCLUDED_TAGS = new Set<FactTag>([...NOT_A_RUN_SETTING, "effective", "built_with"]);
/** Outside the main scope, a value is used only when this share of the most trusted facts agrees on it. */
const REPOSITORY_AGREEMENT = 2 / 3;
/** Fields that may be filled from facts outside the main entry point's scope (repository-level evidence). */
const REPOSITORY_FIELDS = new Set<FactField>([
  "hardware",
  "accelerator_count",
  "cloud_provider",
  "region",
  "country",
  "energy_kwh",
  "co2e_kg",
]);
/** Fields whose value must be read where it is stated, never by majority over many scripts. */
const UNIQUE_FIELDS = new Set<FactField>(["params"]);

export interface SummaryResult {
  /** The fact chosen for each field the code sets (summary fields and the extra ones), once. */
  chosen: ChosenFacts;
  /** The plain values of the summary fields. */
  summary: Summary;
}

export function summarizeFacts(facts: RankedFact[]): SummaryResult {
  const chosen: ChosenFacts = {};
  for (const field of [...SUMMARY_FIELDS, ...EXTRA_FIELDS]) {
    const fact = chooseFact(field, facts);
    if (fact) chosen[field] = choose(fact);
  }
  return { chosen, summary: summaryOf(chosen) };
}

function eligible(ranked: RankedFact, field: FactField): boolean {
  const fact = ranked.fact;
  return (
    fact.field === field &&
    fact.context === "training" &&
    fact.confidence >= MIN_CONFIDENCE &&
    !(fact.tags ?? []).some((tag) => EXCLUDED_TAGS.has(tag))
  );
}

function chooseFact(field: FactField, facts: RankedFact[]): Fact | null {
  const candidates = facts.filter((f) => eligible(f, field));
  if (candidates.length === 0) return null;
  const measured = candidates.filter((c) => c.fact.measured);
  if (measured.length > 0) {
    const total = measured.find((c) => c.fact.tags?.includes("repository_total"));
    return (total ?? pickWithin(measured)).fact;
  }
  for (let rank = 0; rank <= MAX_SCOPE_RANK; rank += 1) {
    let tier = candidates.filter((c) => c.rank === rank);
    if (field === "batch_size" && tier.some((c) => !c.fact.tags?.includes("global"))) {
      tier = tier.filter((c) => !c.fact.tags?.includes("global"));
    }
    if (tier.length === 0) continue;
    if (UNIQUE_FIELDS.has(field) && new Set(tier.map((c) => c.fact.value)).size > 1) return null;
    return pickWithin(tier).fact;
  }
  if (!REPOSITORY_FIELDS.has(field)) return null;
  const unbound = candidates.filter((c) => c.rank > MAX_SCOPE_RANK && !c.bound);
  if (unbound.length === 0) return null;
  const best = pickWithin(unbound);
  const peers = unbound.filter((c) => c.fact.confidence === best.fact.confidence);
  const agreeing = peers.filter((c) => c.fact.value === best.fact.value).length;
  return agreeing / peers.length >= REPOSITORY_AGREEMENT ? best.fact : null;
}

/** Highest confidence; then the value stated most often; then the first stated. */
function pickWithin(tier: RankedFact[]): RankedFact {
  const counts = new Map<string, number>();
  for (const c of tier) counts.set(String(c.fact.value), (counts.get(String(c.fact.value)) ?? 0) + 1);
  return [...tier].sort(
    (a, b) =>
      b.fact.confidence - a.fact.confidence ||
      (counts.get(String(b.fact.value)) ?? 0) - (counts.get(String(a.fact.value)) ?? 0),
  )[0]!;
}
