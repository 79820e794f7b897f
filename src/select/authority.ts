/**
 * The one place where sources are ranked (issue 14): what the authors declared in `footprint.yml` wins over a
 * measurement found in the repository, which wins over the paper, which wins over the code. Every later step
 * (the items, the estimate, the ready-to-paste blocks) reads the values resolved here and never ranks again.
 *
 * One run's compute is three linked values: accelerators × wall-clock hours = accelerator-hours. Taken field by
 * field, they can come from different sources that describe different runs (footprint.yml's 16 GPUs for 40 h next
 * to the paper's 288 GPU-hours for 8 × 36 h). The triple is made consistent here, by the same ranking: the value
 * of the least authoritative source gives way and is derived from the two others, so that every block says
 * "16 × 40 h = 640 GPU-hours".
 */
import { SUMMARY_FIELDS, EXTRA_FIELDS, type Fact, type FactField } from "../domain/facts.js";
import { sameHours } from "../domain/units.js";

/** Sources, most authoritative first. */
export const AUTHORITY = ["declared", "measured", "paper", "code"] as const;
export type FactSource = (typeof AUTHORITY)[number];

export interface SourcedFact {
  source: FactSource;
  fact: Fact;
}

/** The most authoritative statement of each field (absent: no source states it, or it gave way to abstain). */
export type ResolvedFacts = Partial<Record<FactField, SourcedFact>>;

/** What one source states for one field (null: the source is silent). */
export type StatementOf = (source: FactSource, field: FactField) => Fact | null;

const FIELDS: readonly FactField[] = [...SUMMARY_FIELDS, ...EXTRA_FIELDS];

const rank = (found: SourcedFact): number => AUTHORITY.indexOf(found.source);

/**
 * Resolves every field by authority, then keeps one run's count, hours and accelerator-hours consistent.
 *
 * @example
 *   resolveByAuthority((source, field) => (source === "declared" ? declared[field] : paper[field]) ?? null);
 */
export function resolveByAuthority(statementOf: StatementOf): ResolvedFacts {
  const resolved: ResolvedFacts = {};
  for (const field of FIELDS)
    for (const source of AUTHORITY) {
      const fact = statementOf(source, field);
      if (fact) {
        resolved[field] = { source, fact };
        break;
      }
    }
  return consistentCompute(resolved);
}

/**
 * Count × hours = accelerator-hours, when the three come from sources of different authority and disagree. The
 * accelerator-hours give way when their source ranks lowest (or ties lowest: they are the derived figure); else
 * the one lowest-ranked of count and hours is derived from the others; when count and hours tie below the
 * accelerator-hours, neither can be told wrong, so both are left out (abstain) rather than guessed.
 */
export function consistentCompute(resolved: ResolvedFacts): ResolvedFacts {
  const count = resolved.accelerator_count;
  const hours = resolved.training_time_hours;
  const gpuHours = resolved.gpu_hours;
  if (!count || !hours || !gpuHours) return resolved;
  const n = Number(count.fact.value);
  const h = Number(hours.fact.value);
  const g = Number(gpuHours.fact.value);
  if (![n, h, g].every((x) => Number.isFinite(x) && x > 0)) return resolved;
  // Within 1 %: a paper's rounding ("about 290 GPU-hours" for 8 × 36 h), not another run.
  if (sameHours(n * h, g) || Math.abs(n * h - g) <= 0.01 * g) return resolved;
  const ranks = { count: rank(count), hours: rank(hours), gpu: rank(gpuHours) };
  // One source for all three: the reader's own choice (a paper may state GPU-hours of several runs); not ours.
  if (ranks.count === ranks.hours && ranks.hours === ranks.gpu) return resolved;
  const out: ResolvedFacts = { ...resolved };
  if (ranks.gpu >= Math.max(ranks.count, ranks.hours)) {
    out.gpu_hours = derived({
      field: "gpu_hours",
      value: round(n * h),
      note: `${n} × ${h} h`,
      from: [count, hours],
    });
    return out;
  }
  if (ranks.count === ranks.hours) {
    delete out.accelerator_count;
    delete out.training_time_hours;
    return out;
  }
  if (ranks.hours > ranks.count) {
    out.training_time_hours = derived({
      field: "training_time_hours",
      value: round(g / n),
      note: `${g} accelerator-hours / ${n}`,
      from: [gpuHours, count],
    });
    return out;
  }
  const perHour = g / h;
  if (Math.abs(perHour - Math.round(perHour)) > 1e-6 || Math.round(perHour) < 1) {
    delete out.accelerator_count;
    return out;
  }
  out.accelerator_count = derived({
    field: "accelerator_count",
    value: Math.round(perHour),
    note: `${g} accelerator-hours / ${h} h`,
    from: [gpuHours, hours],
  });
  return out;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * A value computed from others: it carries the most authoritative input's evidence and source (a fact's `note`
 * says how it was obtained), and the least confidence of its inputs.
 */
function derived(spec: { field: FactField; value: number; note: string; from: SourcedFact[] }): SourcedFact {
  const main = [...spec.from].sort((a, b) => rank(a) - rank(b))[0] as SourcedFact;
  return {
    source: main.source,
    fact: {
      field: spec.field,
      value: spec.value,
      raw: spec.note,
      confidence: Math.min(...spec.from.map((f) => f.fact.confidence)),
      context: "training",
      evidence: main.fact.evidence,
      tags: ["derived"],
      note: spec.note,
    },
  };
}
