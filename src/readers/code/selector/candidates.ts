/**
 * The code ranker's view of a repository: each candidate value of a decided field with its hashed features, in
 * the plain form the corpus stores and the model reads (no code).
 */
import type { Fact, FactField } from "../../../domain/facts.js";
import { CONFIDENCE_BAR } from "../../../domain/confidence.js";
import { NOT_A_RUN_SETTING } from "../summarize.js";
import type { EntryPoint } from "../types.js";
import {
  codeFeatureIndices,
  indexRepositoryCandidates,
  trustBeforeDebug,
  type CodeCandidateInContext,
} from "./features.js";
import { isCodeSelectedField, type CodeSelectedField } from "./fields.js";

export interface CodeScoredCandidate {
  field: CodeSelectedField;
  value: number | string;
  features: number[];
  /** The fact (absent in stored corpus features). */
  fact: Fact;
}

/**
 * Not a run's setting whatever the model thinks: what the summary never uses either. A one-line statement in a
 * language we do not parse (`'MaxEpochs', 5` in MATLAB) is a candidate like any other, with its `other_language`
 * tag as a feature: the model learnt when such a line is the run's value (+0.015 mean code F1 over 5 assignments).
 * Except a device count: it feeds the energy estimate, so a stray `#define NUM_GPUS 8` must not become one.
 */
function neverACandidate(fact: Fact): boolean {
  return (fact.tags ?? []).some(
    (t) =>
      NOT_A_RUN_SETTING.has(t) ||
      t === "overridden" ||
      (t === "other_language" && fact.field === "accelerator_count"),
  );
}

/**
 * Candidates well below the reader's bar are noise to the model (a number near a name in a comment); a debug
 * value is judged at its trust before the debug halving, so that the model sees it with its `debug` tag.
 */
const MIN_CONFIDENCE = CONFIDENCE_BAR.codeSetting - 0.2;

/**
 * @example
 *   codeCandidates(ranked, entryPoints, ruleChosen).length; // every candidate of a decided field
 */
export function codeCandidates(
  ranked: readonly CodeCandidateInContext[],
  entryPoints: readonly EntryPoint[],
  ruleChoice: Partial<Record<FactField, Fact>>,
): CodeScoredCandidate[] {
  const hydraOverrides = ranked
    .filter((r) => r.fact.tags?.includes("hydra_override"))
    .map((r) => r.fact.raw.split(/\s+/)[0] ?? "");
  const eligible = ranked.filter(
    (r) =>
      isCodeSelectedField(r.fact.field) &&
      r.fact.context === "training" &&
      trustBeforeDebug(r.fact) >= MIN_CONFIDENCE &&
      typeof r.fact.value === "number" &&
      // Exact rules stay rules: a default the launch command overrides is not what runs.
      !neverACandidate(r.fact) &&
      !overriddenByHydra(r.fact, hydraOverrides),
  );
  const repo = indexRepositoryCandidates(eligible, entryPoints, ruleChoice);
  return eligible.map((r) => ({
    field: r.fact.field as CodeSelectedField,
    value: r.fact.value,
    features: codeFeatureIndices(r, repo),
    fact: r.fact,
  }));
}

/**
 * A config value a Hydra command-line override replaces (`trainer.max_epochs=50` over `max_epochs: 100` in
 * conf/trainer/gpu.yaml, or `data.batch_size` in the primary config): the override's dotted name ends with the
 * value's key path, and its group prefix names the config's folder or the start of the key path.
 */
export function overriddenByHydra(fact: Fact, overrides: readonly string[]): boolean {
  if (fact.evidence.kind !== "code" || !/\.ya?ml$/i.test(fact.evidence.file)) return false;
  const key = fact.tags?.find((t) => t.startsWith("key:"))?.slice(4);
  if (!key) return false;
  const folders = fact.evidence.file.split("/").slice(0, -1);
  return overrides.some((name) => {
    const path = name.replace(/^\+{1,2}/, "");
    if (path === key) return true;
    if (!path.endsWith(`.${key}`)) return false;
    const group = path.slice(0, -key.length - 1).split(".");
    return group.every((g, i) => folders[folders.length - group.length + i] === g);
  });
}
