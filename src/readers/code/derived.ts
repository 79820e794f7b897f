/**
 * The effective batch of the main entry point: per-device batch × gradient accumulation × devices. It is
 * reported as its own fact (tags `effective`, `derived`) and never replaces the per-device `batch_size`.
 */
import { CONFIDENCE_BAR } from "../../domain/confidence.js";
import type { Fact } from "../../domain/facts.js";
import type { RankedFact } from "./resolve.js";

export function derivedBatchFacts(facts: RankedFact[]): RankedFact[] {
  const best = (field: Fact["field"]) =>
    facts
      .filter(
        (f) =>
          f.fact.field === field &&
          f.rank <= 5 &&
          f.fact.context === "training" &&
          f.fact.confidence >= CONFIDENCE_BAR.codeSetting,
      )
      .filter(
        (f) => !(f.fact.tags ?? []).some((t) => t === "global" || t === "device_index" || t === "time_limit"),
      )
      .sort((a, b) => a.rank - b.rank || b.fact.confidence - a.fact.confidence)[0];
  const batch = best("batch_size");
  if (!batch || typeof batch.fact.value !== "number") return [];
  const accumulation = best("gradient_accumulation");
  const devices = best("accelerator_count");
  const steps = Number(accumulation?.fact.value ?? 1);
  // DataParallel splits the loader's batch across its devices: that batch is already the global one.
  const splitsBatch = devices?.fact.tags?.includes("call:DataParallel") ?? false;
  const count = splitsBatch ? 1 : Number(devices?.fact.value ?? 1);
  if (!(steps > 1 || count > 1) || !Number.isFinite(steps * count)) return [];
  const parts = [`batch_size ${batch.fact.value}`];
  if (steps > 1) parts.push(`gradient_accumulation ${steps}`);
  if (count > 1) parts.push(`accelerator_count ${count}`);
  return [
    {
      rank: batch.rank,
      bound: true,
      fact: {
        ...batch.fact,
        value: batch.fact.value * steps * count,
        raw: parts.join(" × "),
        confidence: Math.min(
          batch.fact.confidence,
          accumulation?.fact.confidence ?? 1,
          devices?.fact.confidence ?? 1,
        ),
        tags: ["effective", "derived"],
      },
    },
  ];
}
