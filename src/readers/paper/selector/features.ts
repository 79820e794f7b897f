/**
 * The features of a candidate value, for the trained selector: what a reader looks at to tell the main training
 * run's value from the rest. The words around the value and in its sentence, the table header and row label,
 * the section, the unit and the hedges ("per GPU", "up to"), who did it ("we", a citation, a baseline), which
 * stage it is about (training, fine-tuning, inference, evaluation), how often and where the value is stated, what
 * else the sentence states. Each feature is a string, conjoined with the field and also kept alone (so rare
 * fields borrow from common ones), hashed into a fixed space: the model is a weight per hashed feature.
 *
 * The corpus keeps these hashed indices, not the papers' text: changing a feature here changes FEATURE_VERSION,
 * and the stored features of the corpus must then be rebuilt (scripts/selector-data.mjs).
 */
import type { Fact, FactField } from "../../../domain/facts.js";
import type { SentenceView } from "../extractors/types.js";
import { tableCells } from "../extractors/broad.js";
import { bucket, hashedIndices } from "../../ranking/hash.js";
import { coinedNames, namesOneOf } from "./own-names.js";

/** Bump when a feature changes: stored corpus features of another version are refused. */
export const FEATURE_VERSION = 7;
export { HASH_BITS, HASH_SIZE, hashFeature } from "../../ranking/hash.js";
/** Features of one candidate at most (the model's input is padded to this width). */
export const MAX_FEATURES = 240;

/** A candidate with the sentence it was read in: what the features look at. */
export interface CandidateInContext {
  fact: Fact;
  /** The sentence as the extractors saw it (section, kind, table header). */
  view: SentenceView;
  /** The value's span in the sentence. */
  start: number;
  end: number;
  /** Index of the sentence in the document, and of its paragraph. */
  sentence: number;
  paragraph: number;
  /** Where in the document, 0 (start) to 1 (end). */
  position: number;
}

const CUES: ReadonlyArray<[string, RegExp]> = [
  ["we", /\b(?:we|our|ours|us)\b/i],
  ["cite", /\[cite\]|\bet al\b|\[\d+(?:[,–-]\s*\d+)*\]/i],
  [
    "others",
    /\b(?:they|their|the authors|previous(?:ly)?|prior|original(?:ly)?|reported|baselines?|existing)\b/i,
  ],
  ["finetune", /\bfine-?tun|\bfinetun|\bsft\b|\blora\b|\badapt(?:ation|ed|ing)\b|\binstruction[- ]tun/i],
  ["pretrain", /\bpre-?train/i],
  ["train", /\btrain(?:ed|ing|s)?\b|\boptimi[sz]|\bconverge/i],
  [
    "inference",
    /\binferen|\bdeploy|\bserving\b|\blatency\b|\bthroughput\b|\bdecod(?:e|ing)\b|\bgenerat(?:e|ion) (?:speed|time)/i,
  ],
  ["eval", /\bevaluat|\btest(?:ing|ed)?\b|\bbenchmark|\bvalidat/i],
  ["data", /\bannotat|\bcollect(?:ed|ion)|\bcrawl|\bdataset (?:creation|construction)|\bpreprocess/i],
  ["search", /\bhyper-?parameter (?:search|tuning|sweep)|\bsweep\b|\bgrid search|\bsearch(?:ed)? over\b/i],
  ["ablation", /\bablat/i],
  [
    "per_device",
    /\bper[- ](?:gpu|device|core|card|chip|replica)\b|\bon each (?:gpu|device|node)\b|\beach (?:gpu|device)\b/i,
  ],
  ["per_node", /\bper[- ]node\b|\beach node\b|\bnodes? with\b/i],
  ["up_to", /\bup to\b|\bat most\b|\bmaximum\b|\bmax(?:imal)?\b|\blimit(?:ed)?\b/i],
  ["approx", /\babout\b|\baround\b|\bapprox|~|≈|\broughly\b|\bnearly\b/i],
  ["total", /\btotal\b|\boverall\b|\bin all\b|\bcumulative\b|\bcombined\b/i],
  ["each_run", /\beach (?:run|model|experiment|seed|trial)\b|\bper (?:run|model|experiment|seed|trial)\b/i],
  // "may" in lower case only: "In May we trained" is a month.
  ["would", /\b(?:[Ww]ould|[Cc]ould|[Mm]ight|[Cc]an|[Ss]hould|may)\b/],
  // A requirement or a recommendation, not what was used: "requires at least a T4", "we recommend 8 GPUs".
  ["require", /\brequir\w*|\bat least\b|\bminimum\b|\brecommend\w*|\bsufficient\b|\benough\b/i],
  ["default", /\bdefault\b/i],
  ["final", /\bfinal\b|\bmain\b|\bbest\b|\bproposed\b|\bours\b/i],
  // A value that paces the training rather than sizing it: "warmed up over 30 epochs", "patience of 5 epochs".
  [
    "schedule",
    /\bwarm-?up|\bwarmed\b|\bpatience\b|\bearly[- ]stop|\bdecay|\bevery\b|\bmilestones?\b|\bhalv|\breduc|\bdrop(?:ped|s)?\b|\banneal|\bconverge|\bdecreas|\bincreas|\bschedul/i,
  ],
];
/** Characters on each side of the value whose cues describe the value itself rather than its sentence. */
const NEAR = 40;

function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z]+|\d+(?:\.\d+)?|[×x#%$~=:]/g) ?? []).map((t) =>
    /^\d/.test(t) ? (t.length > 3 ? "#long" : "#") : t,
  );
}

/** What the features need to know about all candidates of a paper (agreement, order, co-location). */
export interface PaperCandidates {
  list: readonly CandidateInContext[];
  /** Per field: how many candidates state each value. */
  valueCounts: Map<string, number>;
  /** Per field: the order of first statement of each value (0 = first). */
  valueOrder: Map<string, number>;
  /** Per sentence: the fields its precise (non-broad) candidates state. */
  sentenceFields: Map<number, Set<FactField>>;
  /** The rule summary's choice per field (summary.ts): a feature, so the model learns when to trust the rules. */
  ruleChoice: Map<FactField, { fact: Fact; key: string }>;
  /** The names the paper coins for its own model (own-names.ts). */
  ownNames: ReadonlySet<string>;
}

export function valueKey(field: FactField, value: unknown): string {
  const number = Number(value);
  return `${field}=${Number.isFinite(number) ? String(Math.round(number * 1000) / 1000) : String(value)}`;
}

export function indexCandidates(
  list: readonly CandidateInContext[],
  ruleChosen: Partial<Record<FactField, { fact: Fact }>> = {},
  ownNames: ReadonlySet<string> = new Set(),
): PaperCandidates {
  const valueCounts = new Map<string, number>();
  const valueOrder = new Map<string, number>();
  const orderCount = new Map<FactField, number>();
  const sentenceFields = new Map<number, Set<FactField>>();
  for (const c of list) {
    const key = valueKey(c.fact.field, c.fact.value);
    valueCounts.set(key, (valueCounts.get(key) ?? 0) + 1);
    if (!valueOrder.has(key)) {
      const n = orderCount.get(c.fact.field) ?? 0;
      valueOrder.set(key, n);
      orderCount.set(c.fact.field, n + 1);
    }
    if (!c.fact.tags?.includes("broad")) {
      const set = sentenceFields.get(c.sentence) ?? new Set<FactField>();
      set.add(c.fact.field);
      sentenceFields.set(c.sentence, set);
    }
  }
  const ruleChoice = new Map<FactField, { fact: Fact; key: string }>();
  for (const [field, choice] of Object.entries(ruleChosen) as Array<[FactField, { fact: Fact } | undefined]>)
    if (choice) ruleChoice.set(field, { fact: choice.fact, key: valueKey(field, choice.fact.value) });
  return { list, valueCounts, valueOrder, sentenceFields, ruleChoice, ownNames };
}

/** The feature strings of one candidate (before hashing), for inspection and tests. */
export function featureStrings(c: CandidateInContext, paper: PaperCandidates): string[] {
  const { fact, view } = c;
  const out: string[] = ["bias"];
  const add = (f: string) => out.push(f);
  const tags = fact.tags ?? [];
  add(`src=${tags.includes("broad") ? "broad" : "precise"}`);
  for (const tag of tags) add(`tag=${tag.replace(/:.*/, ":")}`);
  add(`conf=${bucket(fact.confidence, [0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9])}`);
  add(`ctx=${fact.context}`);
  add(`sec=${view.section ?? "none"}`);
  add(`ctx_sec=${fact.context}_${view.section ?? "none"}`);
  const rule = paper.ruleChoice.get(fact.field);
  add(
    rule === undefined
      ? "rule=abstained"
      : rule.fact === fact
        ? "rule=this"
        : rule.key === valueKey(fact.field, fact.value)
          ? "rule=same_value"
          : "rule=other_value",
  );
  if (view.appendix) add("appendix");
  add(`kind=${view.kind}`);
  if (fact.note) add("derived");

  // The words around the value: the nearest on each side, and the windows.
  const left = tokens(view.text.slice(Math.max(0, c.start - 60), c.start)).slice(-6);
  const right = tokens(view.text.slice(c.end, c.end + 60)).slice(0, 6);
  if (left.length) add(`l1=${left[left.length - 1]}`);
  if (left.length > 1) add(`l2=${left[left.length - 2]} ${left[left.length - 1]}`);
  if (right.length) add(`r1=${right[0]}`);
  if (right.length > 1) add(`r2=${right[0]} ${right[1]}`);
  for (const t of new Set(left)) add(`lw=${t}`);
  for (const t of new Set(right)) add(`rw=${t}`);
  const words = [...new Set(tokens(view.text))].slice(0, 60);
  for (const t of words) add(`s=${t}`);
  for (const [name, pattern] of CUES) if (pattern.test(view.text)) add(`cue=${name}`);
  for (const [name, pattern] of CUES)
    if (pattern.test(view.paragraph) && !pattern.test(view.text)) add(`pcue=${name}`);
  const near = view.text.slice(Math.max(0, c.start - NEAR), c.end + NEAR);
  for (const [name, pattern] of CUES) if (pattern.test(near)) add(`ncue=${name}`);
  // Whose value: the paper's own model named beside it ("DTS-Net is trained for 40 epochs"), or another coined name
  // ("FullST-GCN-COCO is trained for 24 epochs": often a baseline).
  if (namesOneOf(view.text, paper.ownNames)) add("own_name");
  if (namesOneOf(near, paper.ownNames)) add("own_name_near");
  else if (coinedNames(near).size > 0) add("other_name_near");

  // A table cell: the column's header and the row's label.
  if (view.table) {
    const cells = tableCells(view.text);
    let column = -1;
    let cursor = 0;
    cells.forEach((cell, i) => {
      const at = view.text.indexOf(cell, cursor);
      if (at >= 0) {
        if (c.start >= at && c.start < at + cell.length + 1) column = i;
        cursor = at + cell.length;
      }
    });
    if (column === 0) add("table_first_column");
    if (namesOneOf(cells[0] ?? "", paper.ownNames)) add("own_row");
    for (const t of new Set(tokens(cells[0] ?? ""))) add(`row=${t}`);
    const header = column >= 0 ? view.table.header?.[column] : undefined;
    if (header !== undefined) for (const t of new Set(tokens(header))) add(`head=${t}`);
    else add("head=none");
    add(`trow=${bucket(view.table.row, [1, 2, 4, 8])}`);
  }

  // The value itself.
  const value = Number(fact.value);
  if (Number.isFinite(value) && value > 0) {
    add(`mag=${Math.floor(Math.log10(value))}`);
    if (Number.isInteger(value)) {
      add("int");
      if (value >= 1900 && value <= 2100) add("year_like");
      if ((value & (value - 1)) === 0 && value >= 2) add("pow2");
      if (value % 10 === 0) add("round10");
      if (value <= 3) add(`small=${value}`);
    } else add("fraction");
  } else if (typeof fact.value === "string") {
    add(`val=${fact.value}`);
  }

  // How often and where the value is stated, and what else its sentence states.
  const key = valueKey(fact.field, fact.value);
  add(`count=${bucket(paper.valueCounts.get(key) ?? 1, [2, 3, 5])}`);
  add(`order=${bucket(paper.valueOrder.get(key) ?? 0, [1, 2, 4])}`);
  add(`pos=${bucket(c.position, [0.1, 0.3, 0.6, 0.85])}`);
  const companions = paper.sentenceFields.get(c.sentence);
  const others = companions ? [...companions].filter((f) => f !== fact.field) : [];
  add(`with=${bucket(others.length, [1, 2, 3])}`);
  for (const f of others) add(`with_${f}`);
  return out;
}

/** Hashed features, conjoined with the field and kept alone, unique, at most MAX_FEATURES. */
export function featureIndices(c: CandidateInContext, paper: PaperCandidates): number[] {
  return hashedIndices(c.fact.field, featureStrings(c, paper), MAX_FEATURES);
}
