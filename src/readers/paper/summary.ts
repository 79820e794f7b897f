/**
 * One value per field for the paper's main training setup, or null. Only facts about the authors' own
 * training count, and only above a confidence bar: abstaining is better than reporting a GPU from related work
 * or a per-dataset value that is not the main one.
 */
import { hardwareFamily, isProcessor } from "../../catalog/index.js";
import { CONFIDENCE_BAR } from "../../domain/confidence.js";
import type { FactTag } from "../../domain/tags.js";
import {
  chosen as choose,
  EXTRA_FIELDS,
  summaryOf,
  type ChosenFacts,
  type Fact,
  type FactField,
  type FactValue,
  type Summary,
} from "../../domain/facts.js";

/** Facts below this confidence never reach the summary (they stay in `facts` for the reader to see). */
export const SUMMARY_THRESHOLD = CONFIDENCE_BAR.paperStatement;

export interface PaperSummary {
  /** The fact chosen for each field the paper states (summary fields and the extra ones: runs, memory...). */
  chosen: ChosenFacts;
  /** The plain values of the summary fields (`analyze --json`'s `summary`). */
  summary: Summary;
  /** Values computed from two stated ones (GPU-hours from count × time); they carry a `note`. */
  derived: Fact[];
}

/** Extra fields chosen like the summary's (highest confidence, agreement, then position). */
const CHOSEN_EXTRA_FIELDS = EXTRA_FIELDS.filter((f) => f !== "time_per_epoch_hours");

function eligible(facts: readonly Fact[], field: FactField): Fact[] {
  return facts.filter(
    (f) => f.field === field && f.context === "training" && f.confidence >= SUMMARY_THRESHOLD,
  );
}

/** Scores each distinct value: its best confidence, plus a little for every other sentence that agrees. */
function rankValues(
  facts: readonly Fact[],
  prefer?: (fact: Fact) => number,
): Array<{ value: FactValue; score: number; best: Fact }> {
  const byValue = new Map<string, { value: FactValue; score: number; best: Fact; count: number }>();
  for (const fact of facts) {
    const key = String(fact.value);
    const score = fact.confidence + (prefer?.(fact) ?? 0);
    const entry = byValue.get(key);
    if (!entry) byValue.set(key, { value: fact.value, score, best: fact, count: 1 });
    else {
      entry.count++;
      if (score > entry.score) {
        entry.score = score;
        entry.best = fact;
      }
    }
  }
  return [...byValue.values()]
    .map((e) => ({ value: e.value, best: e.best, score: e.score + Math.min(0.15, 0.05 * (e.count - 1)) }))
    .sort((a, b) => b.score - a.score || positionOf(a.best) - positionOf(b.best));
}

/** Earlier statements win ties: the first full description of a setup is usually the main one. */
function positionOf(fact: Fact): number {
  return fact.evidence.kind === "paper" ? fact.evidence.start : fact.evidence.line;
}

function pick(facts: readonly Fact[], field: FactField, prefer?: (fact: Fact) => number): Fact | null {
  return rankValues(eligible(facts, field), prefer)[0]?.best ?? null;
}

function pickHardware(facts: readonly Fact[]): Fact | null {
  const candidates = eligible(facts, "hardware");
  const accelerators = candidates.filter((f) => f.tags?.includes("accelerator"));
  const pool = accelerators.length ? accelerators : candidates;
  // Mentions of one family (A100 and A100 80GB) support each other; the most specific spelling is reported.
  const families = new Map<string, Fact[]>();
  for (const fact of pool) {
    const family = hardwareFamily(String(fact.value));
    families.set(family, [...(families.get(family) ?? []), fact]);
  }
  let best: { fact: Fact; score: number } | null = null;
  for (const members of families.values()) {
    const top = Math.max(...members.map((m) => m.confidence));
    const score = top + Math.min(0.15, 0.05 * (members.length - 1));
    const specific = [...members].sort(
      (a, b) => String(b.value).length - String(a.value).length || b.confidence - a.confidence,
    )[0] as Fact;
    if (!best || score > best.score) best = { fact: { ...specific, confidence: top }, score };
  }
  return best?.fact ?? null;
}

function withTag(tags: FactTag[] | undefined, tag: FactTag): FactTag[] {
  return [...new Set([...(tags ?? []), tag])];
}

function numeric(fact: Fact | null): number | null {
  return fact && typeof fact.value === "number" ? fact.value : null;
}

/**
 * Chooses one fact per field, once: later steps receive these choices. Derived values are used only when no
 * sentence states the field itself.
 *
 * @example
 *   summarizePaperFacts(facts).summary.hardware; // "nvidia-a100-80gb" or null
 */
export function summarizePaperFacts(facts: readonly Fact[]): PaperSummary {
  const chosen: ChosenFacts = {};
  const derived: Fact[] = [];
  const set = (field: FactField, fact: Fact | null): void => {
    if (fact) chosen[field] = choose(fact);
  };

  const hardware = pickHardware(facts);
  set("hardware", hardware);

  const count = pick(facts, "accelerator_count", (f) =>
    f.tags?.includes("total")
      ? 0.1
      : f.tags?.includes("article")
        ? -0.05
        : f.tags?.includes("per_node")
          ? -0.1
          : 0,
  );
  set("accelerator_count", count);

  const epochs = pick(facts, "epochs");
  set("epochs", epochs);
  set("steps", pick(facts, "steps"));
  set(
    "batch_size",
    pick(
      facts.filter((f) => !(f.field === "batch_size" && f.tags?.includes("tokens"))),
      "batch_size",
      (f) => (f.tags?.includes("global") ? 0.05 : f.tags?.includes("per_device") ? -0.05 : 0),
    ),
  );
  set(
    "params",
    pick(facts, "params", (f) => (f.tags?.includes("active") ? -0.1 : 0)),
  );
  set("flops", pick(facts, "flops"));
  set("cloud_provider", pick(facts, "cloud_provider"));
  set("region", pick(facts, "region"));
  set("country", pick(facts, "country"));
  set(
    "energy_kwh",
    pick(facts, "energy_kwh", (f) => (f.tags?.includes("total") ? 0.2 : 0)),
  );
  set(
    "co2e_kg",
    pick(facts, "co2e_kg", (f) => (f.tags?.includes("total") ? 0.2 : 0)),
  );

  let time = pick(facts, "training_time_hours");
  if (!time) {
    const perEpoch = pick(facts, "time_per_epoch_hours");
    const epochCount = numeric(epochs);
    const hours = numeric(perEpoch);
    if (perEpoch && epochCount && hours) {
      time = {
        ...perEpoch,
        field: "training_time_hours",
        value: Math.round(hours * epochCount * 1000) / 1000,
        note: `${hours} h per epoch × ${epochCount} epochs`,
        tags: withTag(perEpoch.tags, "derived"),
      };
      derived.push(time);
    }
  }
  set("training_time_hours", time);

  // The summary describes the main run: a project-wide total (search and failed runs included) is kept as a fact
  // for the checklist's "total compute" item, not reported as the run's GPU-hours.
  let gpuHours = pick(
    facts.filter((f) => !(f.field === "gpu_hours" && f.tags?.includes("project_total"))),
    "gpu_hours",
  );
  const devices = numeric(count);
  const hours = numeric(time);
  if (!gpuHours && devices && hours && time && !isProcessor(String(hardware?.value ?? ""))) {
    gpuHours = {
      ...time,
      field: "gpu_hours",
      value: Math.round(devices * hours * 1000) / 1000,
      note: `${devices} devices × ${hours} h`,
      tags: withTag(time.tags, "derived"),
    };
    derived.push(gpuHours);
  }
  set("gpu_hours", gpuHours);

  for (const field of CHOSEN_EXTRA_FIELDS) set(field, pick(facts, field));
  return { chosen, summary: summaryOf(chosen), derived };
}
