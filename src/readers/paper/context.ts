/**
 * Whom a sentence speaks of. A compute figure counts for the paper's own training only when the sentence is
 * about the authors' runs; a GPU in related work, a baseline trained by others, a dataset's collection, or a
 * deployment claim ("can run on a single GPU") is kept as a fact with another context, never summarised.
 *
 * Rules, not a model, for now: first person, citations, cue words and the section. Designed to be replaced by
 * a small classifier behind the same function.
 */
import type { FactContext } from "../../domain/facts.js";
import type { SentenceView } from "./extractors/types.js";

export interface SentenceJudgement {
  context: FactContext;
  /** Added to an extractor's confidence: where and how the sentence is written. */
  confidenceShift: number;
  firstPerson: boolean;
  cited: boolean;
}

const FIRST_PERSON = /\b(we|our|ours|us|I|my)\b/i;
/** Own work said without "we": "this study", "all experiments were run on". A bare passive is not enough. */
const IMPERSONAL_OWN =
  /\b(this (?:work|paper|study|thesis|project|report)|the (?:proposed|present) (?:model|method|approach)|all (?:(?:neural |our )?experiments|models|runs|networks)|(?:experiments|models|runs) (?:were|are|was|is) (?:run|conducted|performed|executed|carried out))\b/i;
const CITATION =
  /\[cite\]|\[\d+(?:\s*[,–-]\s*\d+)*\]|\((?:[A-Z][A-Za-z'-]+(?: et al\.?| and [A-Z][A-Za-z'-]+| & [A-Z][A-Za-z'-]+)?,? (?:19|20)\d{2}[a-z]?(?:[;,] ?)?)+\)|\b[A-Z][A-Za-z'-]+ et al\.?,? \(?(?:19|20)\d{2}/;
/**
 * A use's speed or a measured processing time: "each sample is generated in ≈2 seconds", "processing times were
 * measured on an i7". A duration must follow the verb ("data were generated in simulation" and "created in
 * PyTorch" say nothing of a use), and "pre-processing" is data preparation.
 */
const SPEED_OF_USE = String.raw`(?:generated|sampled|synthesi[sz]ed|rendered) in (?:about |approximately |roughly |under |less than |only |~|≈)?(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|a few)\s*(?:ms|milliseconds?|s|secs?|seconds?|minutes?)\b|(?<![-\w])processing times? (?:was|were|is|are) measured`;
const INFERENCE = new RegExp(
  String.raw`\b(inference|latency|throughput|deploy(?:ed|ment|ing)?|serving|served|at test time|test-time|decoding speed|generation speed|tokens? per second|tokens\/s|per (?:image|query|request|prompt|prediction)|predictions?\b|_inference|real-?time|on-?device|edge devices?|can (?:be )?(?:run|fit|deployed|loaded|served)|fits? (?:on|in|into)|quantiz|frames per second|fps\b|${SPEED_OF_USE})`,
  "i",
);
const TRAINING =
  /\b(train(?:ed|ing|s)?|pre-?train(?:ed|ing)?|fine-?tun(?:ed|ing|e)|optimi[sz](?:ed|ation)|epochs?|converge|learning rate|batch size|experiments? (?:were|are|was)|(?:were|are|was) (?:run|conducted|performed|carried out|executed))\b/i;
const OTHERS =
  /\b(previous(?:ly)?|prior (?:work|studies|art)|existing (?:work|methods|models)|they|their|originally|(?:was|were) (?:trained|pre-?trained|released|developed) by|released by|reported (?:by|in)|according to|the authors of|official (?:implementation|checkpoints?|weights)|(?:dataset|corpus|data) (?:was|were) (?:collected|annotated|labell?ed|crawled)|crowd-?sourc|annotators?|for comparison|state-of-the-art (?:models?|systems?) (?:such as|like)|typically|commonly|usually|in general|such as|e\.g\.)/i;
/** A code listing printed in the paper ("13 # batch size to 64"): an example, not the setup. */
const CODE_LISTING =
  /(?:^|\s)\d{1,3}\s+#\s|\b(?:def|import|return|lambda)\s+\w|\w+\s*=\s*\w+\([^)]*\)|\b\w+_\w+\s*=\s*[\w"'\d]/;
/** Claims about deployment hold even when the sentence also says "trained": "Once trained, it runs on one GPU." */
const DEPLOYMENT =
  /\b(deploy(?:ed|ment|ing)?|serving|served|can (?:be )?(?:run|fit|deployed|loaded|served)|fits? (?:on|in|into)|on-?device|edge devices?)\b/i;
/**
 * The authors' runs fitting on their devices is a training setup, not a deployment: "each run fits on a single
 * H100", "so that we can fit our experiments into a single GPU".
 */
const RUNS_FIT =
  /\b(?:each|every|all|our|the)\s+(?:training\s+)?(?:runs?|experiments?)\b[^.;,]{0,25}?\bfits?\s+(?:on|in|into)\b|\btraining(?:\s+(?:runs?|jobs?))?\s+fits?\s+(?:on|in|into)\b|\bfit\s+(?:our|the|all|each)\s+(?:\w+\s+){0,2}?(?:experiments?|runs?|training)\b/gi;
/** Counterfactuals describe runs that did not happen ("training would take 3 weeks on one GPU"). */
const COUNTERFACTUAL = /\b(would|could|might)\b|\bif (?:we|one|you)\b|\bhypothetical/i;
const HYPOTHETICAL = /\b(should|estimate[sd]? that|for example|for instance)\b/i;

const SECTION_SHIFT: Partial<Record<string, number>> = {
  implementation: 0.12,
  experiments: 0.08,
  results: 0.02,
  method: 0,
  checklist: 0.05,
  appendix: 0.05,
  abstract: -0.05,
  introduction: -0.15,
  background: -0.2,
  related_work: -0.35,
  conclusion: -0.05,
  limitations: -0.05,
  broader_impact: -0.05,
  acknowledgments: -0.1,
};

export function judgeSentence(sentence: SentenceView): SentenceJudgement {
  const { text } = sentence;
  const firstPerson = FIRST_PERSON.test(text) || IMPERSONAL_OWN.test(text);
  const cited = CITATION.test(text);
  const ofUse = text.replace(RUNS_FIT, " ");
  const inference = INFERENCE.test(ofUse);
  const training = TRAINING.test(text);
  const others = OTHERS.test(text);
  let shift = SECTION_SHIFT[sentence.section ?? ""] ?? 0;
  if (sentence.appendix && sentence.section !== "related_work") shift = Math.max(shift, 0.05);
  if (firstPerson) shift += 0.05;
  if (HYPOTHETICAL.test(text)) shift -= 0.15;

  // Someone else's work is often named once ("The authors ...", a citation) and then described without names.
  const paragraphOthers =
    !firstPerson &&
    !FIRST_PERSON.test(sentence.paragraph) &&
    (CITATION.test(sentence.paragraph) || /\b(the authors|they|their)\b/i.test(sentence.paragraph));

  let context: FactContext = "training";
  if (CODE_LISTING.test(text) || COUNTERFACTUAL.test(text)) context = "other";
  else if (sentence.section === "related_work" && !firstPerson) context = "other";
  else if (paragraphOthers) context = "other";
  else if (cited && !firstPerson) context = "other";
  else if (others && !firstPerson) context = "other";
  else if (DEPLOYMENT.test(ofUse) || (inference && !training)) context = "inference";
  if (cited && firstPerson) shift -= 0.1;
  return { context, confidenceShift: shift, firstPerson, cited };
}

/** A sentence that opens by conceding another's run: "Although [24] ran their model for 300 epochs, we ...". */
const CONCESSIVE_OPENING = /^\s*(?:although|though|while|whilst|whereas|unlike)\s+/i;
/** Where the authors' clause begins: a comma before "we", "our" or "ours". */
const AUTHORS_CLAUSE = /,\s+(?=(?:we|our|ours)\b)/gi;
/** A contrast or a semicolon that hands the rest of the clause to another run: ", while [5] trains for 300 epochs". */
const CONTRAST_LINK = /,\s+(?:while|whilst|whereas|but)\s+|;\s+/gi;
/**
 * A clause whose subject, at its very start, is another's named work: a citation ("[12]", or "[cite]" where the LaTeX
 * reader put a \cite), "Smith et al.", "Smith and Jones (2020)" (with its year: "CIFAR and ImageNet models" are
 * not authors), the (original) authors, prior or previous work, the original paper; not its possessive
 * ("[12]'s learning rate is used" adopts it). "Following [12], ...", "as in
 * [5], ...", "fine-tuning on GLUE [45] ..." do not start with a subject of others; bare "they" may be the authors'
 * own models ("We train three models; they use 8 GPUs each").
 */
const OTHERS_AS_SUBJECT =
  /^(?:\[cite\]|\[\d+(?:\s*[,–-]\s*\d+)*\]|[A-Z][A-Za-z'-]+ et al\.?(?:,? \(?(?:19|20)\d{2}[a-z]?\)?)?|[A-Z][A-Za-z'-]+ and [A-Z][A-Za-z'-]+,? \(?(?:19|20)\d{2}[a-z]?\)?|[Tt]he (?:original )?authors\b|(?:[Pp]rior|[Pp]revious|[Ee]arlier) (?:work|works|studies)\b|[Tt]he original (?:paper|work|implementation)\b)/;
/** A possessive after the subject: "[12]'s learning rate", "Smith et al.'s schedule" (adopted, not another's run). */
const POSSESSIVE = /^\.?\s*['’]s\b/;

/** Where a sentence's clauses begin: links outside parentheses, and the authors' clauses. */
function clauseMarks(text: string): { links: Array<{ start: number; end: number }>; authors: number[] } {
  // A semicolon between two citations of one parenthesis, "(Smith et al., 2020; Jones et al., 2021)", links nothing.
  const links: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let at = 0;
  for (const link of text.matchAll(CONTRAST_LINK)) {
    const index = link.index ?? 0;
    for (; at < index; at++) depth += text[at] === "(" ? 1 : text[at] === ")" && depth > 0 ? -1 : 0;
    if (depth === 0) links.push({ start: index, end: index + link[0].length });
  }
  return { links, authors: [...text.matchAll(AUTHORS_CLAUSE)].map((m) => m.index ?? 0) };
}

/**
 * The context of a value at [start, end) of a sentence judged `judgement`. A sentence judged the authors' training
 * (it may name others too) is theirs as a whole, except a clause that begins with another's named work as its
 * subject and says nothing of the authors: the opening of "Although [24] ran their final model for 300 epochs, we
 * ran ours for 30", what follows ", while Smith et al. (2020) train for 300 epochs" or "; [5] train for 300 epochs"
 * up to the authors' next clause. Following another's setup ("but following [12], the batch size is 256"), a list
 * of settings with a citation, or "they" for the authors' own models stay the authors' training.
 *
 * @example
 *   const text = "Although [24] ran their model for 300 epochs, we ran ours for 30 epochs.";
 *   valueContext(text, 34, 37, judgeSentence(view)); // "other"
 *   valueContext(text, 62, 64, judgeSentence(view)); // "training"
 */
export function valueContext(
  text: string,
  start: number,
  end: number,
  judgement: SentenceJudgement,
): FactContext {
  return valueContexts(text, judgement)(start, end);
}

/**
 * `valueContext` for every value of one sentence: its clauses are found once (a 200 KB sentence may hold
 * thousands of links and values).
 */
export function valueContexts(
  text: string,
  judgement: SentenceJudgement,
): (start: number, end: number) => FactContext {
  if (judgement.context !== "training") return () => judgement.context;
  const { links, authors } = clauseMarks(text);
  return (start, end) => clauseContext(text, start, end, judgement, links, authors);
}

function clauseContext(
  text: string,
  start: number,
  end: number,
  judgement: SentenceJudgement,
  links: ReadonlyArray<{ start: number; end: number }>,
  authors: readonly number[],
): FactContext {
  // The value's clause begins after the last link before it, or after a concessive opening.
  let from = -1;
  for (const link of links) {
    if (link.end > start) break;
    from = link.end;
  }
  if (from < 0) {
    const opening = CONCESSIVE_OPENING.exec(text);
    if (!opening || opening[0].length > start) return judgement.context;
    from = opening[0].length;
  }
  // It ends at the authors' next clause or the next link.
  const to = Math.min(
    authors.find((a) => a >= from) ?? text.length,
    links.find((l) => l.start >= from)?.start ?? text.length,
  );
  if (end > to) return judgement.context;
  const clause = text.slice(from, to);
  // "I" in capitals only: the "i" of "i.e." is not an author.
  const saysNothingOfAuthors =
    !/\b(?:we|our|ours|us|my)\b/i.test(clause) && !/\bI\b/.test(clause) && !IMPERSONAL_OWN.test(clause);
  const subject = OTHERS_AS_SUBJECT.exec(clause);
  const othersRun = subject !== null && !POSSESSIVE.test(clause.slice(subject[0].length));
  return othersRun && saysNothingOfAuthors ? "other" : judgement.context;
}
