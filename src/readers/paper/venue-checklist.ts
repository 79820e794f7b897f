/**
 * The venue checklist a paper carries: the NeurIPS "Experiments compute resources" answer (item 8 since 2023,
 * item 3(d) in 2021-22) and the ACL Responsible NLP checklist item C1, each with the answer, the authors'
 * justification and where it was read. The checklist compares the answer with what the paper discloses: a Yes
 * with no compute facts is a finding.
 */
import type { PaperEvidence } from "../../domain/facts.js";
import { evidenceAt, type PaperDocument } from "./document.js";

export type VenueAnswerValue = "yes" | "no" | "na" | "todo";

export interface VenueAnswer {
  venue: "neurips" | "acl";
  /** "neurips.8", "neurips.3d", "acl.C1". */
  item: string;
  answer: VenueAnswerValue;
  justification: string | null;
  evidence: PaperEvidence;
}

interface ItemPattern {
  venue: VenueAnswer["venue"];
  item: string;
  question: RegExp;
}

const ITEMS: ItemPattern[] = [
  { venue: "neurips", item: "neurips.8", question: /experiments?\s+compute\s+resources/i },
  {
    venue: "neurips",
    item: "neurips.3d",
    question: /total\s+amount\s+of\s+compute\s+and\s+the\s+type\s+of\s+resources\s+used/i,
  },
  {
    venue: "acl",
    item: "acl.C1",
    question: /number\s+of\s+parameters\s+in\s+the\s+models\s+used,?\s+the\s+total\s+computational\s+budget/i,
  },
];

/** How far after the question the answer may be (guidelines sit between them in some templates). */
const ANSWER_WINDOW = 2500;
const ANSWER = /(?:Answer\s*:?\s*)?\[\s*(Yes|No|N\/?A|TODO)\s*\]|\bAnswer\s*:\s*(Yes|No|N\/?A|NA|TODO)\b/i;
const JUSTIFICATION =
  /Justification\s*:\s*([\s\S]{0,600}?)(?=\n\s*\n|Guidelines\s*:|\n\s*(?:\d+\.|\(?[a-z]\)|•)\s|\[\s*(?:Yes|No|N\/?A)\s*\]|$)/i;

function answerValue(written: string): VenueAnswerValue {
  const word = written.toLowerCase().replace(/\//g, "");
  return word === "yes" ? "yes" : word === "no" ? "no" : word === "todo" ? "todo" : "na";
}

/**
 * Finds the compute-resources answers of the venue checklists printed in a paper.
 *
 * @example
 *   readVenueAnswers(doc); // [{ venue: "neurips", item: "neurips.8", answer: "yes", justification: "See Sec. 4." }]
 */
export function readVenueAnswers(document: PaperDocument): VenueAnswer[] {
  const answers: VenueAnswer[] = [];
  const text = document.text;
  for (const pattern of ITEMS) {
    const question = pattern.question.exec(text);
    if (!question) continue;
    const from = question.index + question[0].length;
    const window = text.slice(from, from + ANSWER_WINDOW);
    // The next item ends this item's window: its number, its "Question:" (LaTeX-converted checklists lose the
    // numbers), or the next lettered question of the older forms.
    const firstQuestion = window.search(/\bQuestion\s*:/i);
    const nextQuestion = firstQuestion >= 0 ? window.slice(firstQuestion + 9).search(/\bQuestion\s*:/i) : -1;
    const nextItem = window.search(/\n\s*(?:\d{1,2}\.\s+[A-Z]|\(?[a-z]\)\s+Did you|C[2-9]\.?\s)/);
    const ends = [nextItem, nextQuestion >= 0 ? firstQuestion + 9 + nextQuestion : -1].filter((i) => i > 0);
    // Without "Question:" labels, another answer also ends the window after this item's own.
    const scope = ends.length ? window.slice(0, Math.min(...ends)) : window;
    const answer = ANSWER.exec(scope);
    if (!answer) continue;
    const written = (answer[1] ?? answer[2]) as string;
    const afterAnswer = scope.slice(answer.index + answer[0].length);
    // Older forms put the justification right after the answer, without a label ("[Yes] See Section 4.").
    const justification =
      JUSTIFICATION.exec(afterAnswer)?.[1]?.replace(/\s+/g, " ").trim() ??
      (/^\s*[^\s[•]/.test(afterAnswer)
        ? afterAnswer
            .split(/\n\s*\n|\[\s*(?:Yes|No|N\/?A)\s*\]|•|\n\s*\(?[a-z]\)\s/)[0]
            ?.replace(/\s+/g, " ")
            .trim()
            .slice(0, 300)
        : null) ??
      null;
    const end = from + answer.index + answer[0].length;
    answers.push({
      venue: pattern.venue,
      item: pattern.item,
      answer: answerValue(written),
      justification: justification || null,
      evidence: evidenceAt(
        document,
        question.index,
        end,
        text.slice(question.index, end).replace(/\s+/g, " ").trim().slice(0, 400),
      ),
    });
  }
  return answers;
}
