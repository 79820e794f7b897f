/**
 * Step 3 of the pipeline: the selection judged. Paper against code (the cross-check's table of rules), each item
 * of the venue's profile (one module each, items/), the verdict and its headline, and the annotations.
 */
import { getProfile } from "../catalog/venue-profiles.js";
import type { Selection } from "../select/selection.js";
import type { DeclarationResult } from "../readers/declaration.js";
import { annotationsOf } from "./annotations.js";
import type { CheckContext } from "./context.js";
import { crosscheck } from "./crosscheck.js";
import { checkDeclaration, type DeclarationCheckEntry } from "./declaration-check.js";
import { CHECKLIST_ITEMS } from "./items/index.js";
import {
  ITEM_STATUSES,
  type CheckAnnotation,
  type ChecklistItemResult,
  type CrosscheckEntry,
  type ItemConfidence,
  type Verdict,
} from "./types.js";
import type { Evidence } from "../domain/facts.js";
import { verdictOf } from "./verdict.js";

/**
 * How sure the paper reader's selector is of the statements an item cites: the least sure of them. "confirm"
 * when one was chosen below the threshold at which the selector is right 95 % of the time (cross-validated),
 * unless the code sets the same value (two sources agreeing need no confirmation) or footprint.yml declares it.
 */
function selectorConfidence(context: CheckContext, evidence: readonly Evidence[]): ItemConfidence | null {
  let probability: number | null = null;
  let confirm = false;
  for (const [field, chosen] of Object.entries(context.paperChosen)) {
    if (chosen?.probability === undefined || !evidence.includes(chosen.fact.evidence)) continue;
    // A value footprint.yml declares is the authors' own statement: nothing for them to confirm.
    if (context.declaredFacts.some((f) => f.field === field)) continue;
    const codeAgrees = context.crosscheck.some((e) => e.field === field && e.status === "match");
    probability = Math.min(probability ?? 1, chosen.probability);
    confirm ||= Boolean(chosen.confirm) && !codeAgrees;
  }
  return probability === null ? null : { probability, status: confirm ? "confirm" : "found" };
}

export interface JudgeOptions {
  /** Venue profile: an id of data/venue-profiles.json. */
  profile: string;
  /** Item ids the venue requires (app config `required_items`); the profile's defaults otherwise. */
  requiredItems?: string[];
  /** The declaration as read (its errors make the checklist inconsistent and become annotations). */
  declaration: DeclarationResult | null;
  /** The paper's path in the repository, for annotations on its lines; null when it lives elsewhere. */
  paperPath: string | null;
}

export interface Judgement {
  profile: string;
  /** The context the items read (the selection with the cross-check), for the snippets that follow. */
  context: CheckContext;
  crosscheck: CrosscheckEntry[];
  /** footprint.yml against the paper and the code. */
  declarationCheck: readonly DeclarationCheckEntry[];
  /** Required first, then worst status first. */
  items: ChecklistItemResult[];
  verdict: Verdict;
  headline: string;
  annotations: CheckAnnotation[];
}

/**
 * @example
 *   judge(selectFacts(sources), { profile: "neurips", declaration: null, paperPath: "paper/main.tex" }).verdict;
 */
export function judge(selection: Selection, options: JudgeOptions): Judgement {
  const profile = getProfile(options.profile);
  const entries =
    selection.hasPaper && selection.codeRead
      ? crosscheck({
          paperFacts: selection.paperFacts,
          ...(selection.paperAlternatives ? { paperAlternatives: selection.paperAlternatives } : {}),
          paperChosen: selection.paperChosen,
          codeFacts: selection.codeFacts,
          codeChosen: selection.codeChosen,
          mainEntryPoint: selection.mainEntryPoint,
        })
      : [];
  const context: CheckContext = {
    ...selection,
    crosscheck: entries,
    declarationCheck: checkDeclaration(selection),
  };
  const required = options.requiredItems ? new Set(options.requiredItems) : null;
  const items: ChecklistItemResult[] = profile.items.map((profileItem) => {
    const module = CHECKLIST_ITEMS.get(profileItem.id);
    if (!module) throw new Error(`profile ${profile.id} names an unknown item "${profileItem.id}"`);
    const outcome = module.evaluate(context);
    // Without a paper, "the paper does not say" is true but misleading: say that no paper was read.
    if (!context.hasPaper && (outcome.status === "missing" || outcome.status === "inferred"))
      outcome.message = `No paper was read. ${outcome.message}`;
    const found = outcome.status === "disclosed" ? selectorConfidence(context, outcome.evidence) : null;
    if (found?.status === "confirm") outcome.message = `Found, please confirm: ${outcome.message}`;
    return {
      id: profileItem.id,
      title: profileItem.title,
      venueRefs: profileItem.refs,
      required: required ? required.has(profileItem.id) : profileItem.required,
      ...outcome,
      ...(found ? { found } : {}),
    };
  });
  const { verdict, headline } = verdictOf(items, options.declaration?.errors.length ?? 0);
  const declaration = options.declaration
    ? { file: options.declaration.file, errors: options.declaration.errors }
    : null;
  return {
    profile: profile.id,
    context,
    crosscheck: entries,
    declarationCheck: context.declarationCheck,
    items: [...items].sort(
      (a, b) =>
        Number(b.required) - Number(a.required) ||
        ITEM_STATUSES.indexOf(b.status) - ITEM_STATUSES.indexOf(a.status) ||
        0,
    ),
    verdict,
    headline,
    annotations: annotationsOf(
      { items, crosscheck: entries, declaration, declarationCheck: context.declarationCheck },
      options.paperPath,
    ),
  };
}
