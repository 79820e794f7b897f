/**
 * Canonical section names. Where a sentence sits says much about whom it speaks of: a GPU in "Related work" is
 * someone else's, a GPU in "Implementation details" is ours.
 */
export type CanonicalSection =
  | "abstract"
  | "introduction"
  | "related_work"
  | "background"
  | "method"
  | "implementation"
  | "experiments"
  | "results"
  | "conclusion"
  | "limitations"
  | "broader_impact"
  | "acknowledgments"
  | "references"
  | "appendix"
  | "checklist"
  | "other";

/** Ordered: the first pattern that matches wins ("Experimental setup" is implementation, not experiments). */
const SECTION_PATTERNS: Array<[CanonicalSection, RegExp]> = [
  ["references", /^(references|bibliography|works cited|literature cited)$/i],
  ["checklist", /checklist/i],
  ["acknowledgments", /acknowledg|funding|thanks/i],
  ["abstract", /^abstract$/i],
  ["related_work", /related work|prior work|previous work|literature review|state of the art/i],
  [
    "implementation",
    /implementation|training (details|setup|procedure|protocol|configuration)|experimental (set-?up|details|settings|protocol|configuration)|^set-?up$|hyper-?parameters?|compute|computing|computational (resources|cost|budget)|hardware|infrastructure|reproducibility|carbon|energy|environmental|emissions|footprint/i,
  ],
  ["appendix", /appendix|appendices|supplementa/i],
  ["introduction", /introduction|motivation|overview/i],
  ["limitations", /limitation/i],
  ["broader_impact", /broader impact|societal|ethic|impact statement/i],
  ["background", /background|preliminar|problem (setting|statement|formulation)|notation/i],
  ["experiments", /experiment|evaluation|empirical|benchmark/i],
  ["results", /result|analysis|discussion|ablation|findings/i],
  ["conclusion", /conclu|summary|future work|outlook/i],
  ["method", /method|approach|model|architecture|framework|algorithm|proposed|design/i],
];

export function canonicalSectionName(title: string): CanonicalSection {
  const clean = title
    .replace(/^(?:\d{1,2}|[A-Z])(?:\.\d{1,2})*\.?\s+/, "")
    .replace(/^(chapter|section|appendix)\s+[A-Z0-9]+[.:]?\s+/i, (m) =>
      /appendix/i.test(m) ? "Appendix " : "",
    )
    .trim();
  for (const [name, pattern] of SECTION_PATTERNS) if (pattern.test(clean)) return name;
  return "other";
}
