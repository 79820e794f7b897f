/**
 * The features of a code candidate (a value a repository sets for a field), for the trained ranker: what tells
 * the main run's effective value from the rest. Where the value sits relative to the main entry point (launch
 * line, config, the script, an import, outside), how it is set (tags: override, default, launch, config kind,
 * per device, global), which file (its kind, its folder and name words: test, eval, example, baseline, debug,
 * scripts, configs), which entry point it belongs to and how that entry point ranks, the parameter's name, the
 * value itself, how many places agree on it, and whether the rule summary chose it. A value of a debug branch or
 * section is seen as such (`tag=debug`) at the trust it would have had otherwise, so that the ranker weighs the
 * debug switch itself rather than a low confidence it shares with noise.
 *
 * The corpus keeps these hashed indices, not the repositories' code: changing a feature here changes
 * CODE_FEATURE_VERSION, and the stored features must be rebuilt (scripts/selector-data.mjs --reader code).
 */
import type { Fact, FactField } from "../../../domain/facts.js";
import { bucket, hashedIndices } from "../../ranking/hash.js";
import { DEBUG_WEIGHT } from "../names.js";
import type { EntryPoint } from "../types.js";

/** Bump when a feature changes: stored corpus features of another version are refused. */
export const CODE_FEATURE_VERSION = 2;
export const MAX_CODE_FEATURES = 200;

/** A candidate with what the features look at: its rank in the main entry point's scope. */
export interface CodeCandidateInContext {
  fact: Fact;
  /** 0 (launch) … 5 (imported three times removed), 9 outside the main scope. */
  rank: number;
  bound: boolean;
}

/** What the features need to know about the whole repository. */
export interface RepositoryCandidates {
  entryPoints: readonly EntryPoint[];
  /** Per field and value: how many candidates state it, and how many distinct values the field has. */
  valueCounts: Map<string, number>;
  distinctValues: Map<FactField, number>;
  /** The rule summary's choice per field (summarize.ts). */
  ruleChoice: Partial<Record<FactField, Fact>>;
}

const ROLE_WORDS =
  /^(test|tests|testing|eval|evaluate|evaluation|inference|infer|predict|demo|demos|example|examples|sample|toy|debug|baseline|baselines|ablation|sweep|search|tune|tuning|finetune|finetuning|pretrain|pretraining|train|training|main|run|scripts|script|configs|config|conf|experiments|exp|tools|utils|lib|src|models|model|third|party|vendor|external|legacy|old|archive|notebooks|docs|fast|small|tiny|large|base|default|final|paper|reproduce)$/;

export const codeValueKey = (field: FactField, value: unknown): string => {
  const number = Number(value);
  return `${field}=${Number.isFinite(number) ? String(Math.round(number * 1000) / 1000) : String(value)}`;
};

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 2 && w.length <= 24);
}

function fileKind(file: string): string {
  const lower = file.toLowerCase();
  if (/(^|\/)readme[^/]*$|\.(md|rst|txt)$/.test(lower)) return "doc";
  if (/\.ipynb$/.test(lower)) return "notebook";
  if (/\.(sh|bash|zsh|slurm|sbatch|pbs|job|bat|cmd)$|makefile$/.test(lower)) return "launch";
  if (/\.(ya?ml|json|toml|ini|cfg|conf|args)$/.test(lower)) return "config";
  if (/\.py$/.test(lower)) return "python";
  return "other";
}

/** A fact's confidence before a debug branch or section halved it. */
export function trustBeforeDebug(fact: Fact): number {
  return fact.tags?.includes("debug") ? fact.confidence / DEBUG_WEIGHT : fact.confidence;
}

export function indexRepositoryCandidates(
  list: readonly CodeCandidateInContext[],
  entryPoints: readonly EntryPoint[],
  ruleChoice: Partial<Record<FactField, Fact>>,
): RepositoryCandidates {
  const valueCounts = new Map<string, number>();
  const values = new Map<FactField, Set<string>>();
  for (const c of list) {
    const key = codeValueKey(c.fact.field, c.fact.value);
    valueCounts.set(key, (valueCounts.get(key) ?? 0) + 1);
    const set = values.get(c.fact.field) ?? new Set<string>();
    set.add(key);
    values.set(c.fact.field, set);
  }
  return {
    entryPoints,
    valueCounts,
    distinctValues: new Map([...values].map(([f, s]) => [f, s.size])),
    ruleChoice,
  };
}

/** The feature strings of one candidate (before hashing), for inspection and tests. */
export function codeFeatureStrings(c: CodeCandidateInContext, repo: RepositoryCandidates): string[] {
  const { fact } = c;
  const out: string[] = ["bias"];
  const add = (f: string) => out.push(f);
  // The class a field is declared in only serves the resolution (a constructor's keyword overrides it).
  for (const tag of fact.tags ?? [])
    if (!tag.startsWith("class:") && !tag.startsWith("def:")) add(`tag=${tag.replace(/:.*/, ":")}`);
  for (const tag of fact.tags ?? []) if (tag.startsWith("launcher:")) add(`launcher=${tag.slice(9)}`);
  add(`rank=${c.rank}`);
  add(c.bound ? "bound" : "unbound");
  add(`conf=${bucket(trustBeforeDebug(fact), [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])}`);
  add(`ctx=${fact.context}`);
  if (fact.measured) add("measured");

  const rule = repo.ruleChoice[fact.field];
  add(
    rule === undefined
      ? "rule=abstained"
      : rule === fact
        ? "rule=this"
        : codeValueKey(rule.field, rule.value) === codeValueKey(fact.field, fact.value)
          ? "rule=same_value"
          : "rule=other_value",
  );

  // The file: its kind, its folders' and name's words, its depth.
  if (fact.evidence.kind === "code") {
    const file = fact.evidence.file;
    const kind = fileKind(file);
    add(`file=${kind}`);
    add(`file_rank=${kind}_${c.rank}`);
    const parts = file.split("/");
    add(`depth=${bucket(parts.length - 1, [1, 2, 3, 5])}`);
    const base = parts[parts.length - 1] ?? "";
    for (const w of new Set(words(base.replace(/\.[a-z0-9]+$/i, "")))) {
      add(`fw=${w}`);
      if (ROLE_WORDS.test(w)) add(`frole=${w}`);
    }
    for (const w of new Set(parts.slice(0, -1).flatMap(words))) if (ROLE_WORDS.test(w)) add(`drole=${w}`);
  }

  // The entry point the value belongs to.
  const entry = fact.entry_point ? repo.entryPoints.find((e) => e.file === fact.entry_point) : undefined;
  if (!fact.entry_point) add("entry=none");
  else if (!entry) add("entry=unranked");
  else {
    add(entry.main ? "entry=main" : "entry=other");
    add(`entry_score=${bucket(entry.score, [1, 2, 4, 6, 9, 12])}`);
    add(`entry_invoked=${bucket(entry.invoked_by.length, [1, 2, 4])}`);
    for (const w of new Set(words(entry.file.split("/").pop() ?? "")))
      if (ROLE_WORDS.test(w)) add(`erole=${w}`);
    const best = Math.max(...repo.entryPoints.map((e) => e.score));
    add(`entry_gap=${bucket(best - entry.score, [0.01, 1, 3, 6])}`);
  }
  add(`entries=${bucket(repo.entryPoints.length, [1, 2, 3, 5, 8])}`);

  // The parameter's name as written (`--num_epochs`, `max_steps:`, `batch_size=`).
  for (const w of new Set(words(fact.raw).slice(0, 8))) add(`name=${w}`);

  // The value, and how many places agree on it.
  const value = Number(fact.value);
  if (Number.isFinite(value) && value > 0) {
    add(`mag=${Math.floor(Math.log10(value))}`);
    if (Number.isInteger(value)) {
      if ((value & (value - 1)) === 0 && value >= 2) add("pow2");
      if (value % 10 === 0) add("round10");
      if (value <= 3) add(`small=${value}`);
    } else add("fraction");
  }
  const count = repo.valueCounts.get(codeValueKey(fact.field, fact.value)) ?? 1;
  add(`count=${bucket(count, [2, 3, 5, 9])}`);
  add(`distinct=${bucket(repo.distinctValues.get(fact.field) ?? 1, [2, 3, 5, 9])}`);
  return out;
}

export function codeFeatureIndices(c: CodeCandidateInContext, repo: RepositoryCandidates): number[] {
  return hashedIndices(c.fact.field, codeFeatureStrings(c, repo), MAX_CODE_FEATURES);
}
