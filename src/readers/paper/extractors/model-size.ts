/**
 * Model size (parameters) and total training compute (FLOPs). Rates ("312 TFLOPS", "FLOP/s") and per-sample
 * costs ("4.1 GFLOPs per image") are not training compute and are skipped.
 */
import type { FactTag } from "../../../domain/tags.js";
import { scaleOf } from "../../../domain/numbers.js";
import { parseFlopUnit, toFlop } from "../../../domain/units.js";
import { DECIMAL, SCALE, SCIENTIFIC, parseNumber } from "../quantities.js";
import { candidate, matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

const PARAM_QUALIFIER = String.raw`(?:trainable|learnable|total|non-embedding|activated|active|sparse|dense|model|free|tunable|additional|extra)`;
const PARAMS_PATTERNS: Array<{ pattern: RegExp; confidence: number }> = [
  // "110M parameters", "1.3 billion trainable parameters", "16.4B total params"
  {
    pattern: new RegExp(
      String.raw`(?<![\w.])(${DECIMAL})(${SCALE})?\s*(?:${PARAM_QUALIFIER}\s+){0,2}(?:parameters|params)\b`,
      "gi",
    ),
    confidence: 0.75,
  },
  // "a 1.3B-parameter model", "7-billion-parameter"
  {
    pattern: new RegExp(
      String.raw`(?<![\w.])(${DECIMAL})\s*-?\s*(${SCALE})?\s*-?\s*parameters?\s+(?:language\s+|vision\s+)?(?:model|network|transformer|LM|LLM|version|variant)`,
      "gi",
    ),
    confidence: 0.75,
  },
  // "number of parameters is 1.2M", "#params: 110M", "Parameters | 110M"
  {
    pattern: new RegExp(
      String.raw`(?:number of (?:trainable |total )?parameters|#\s*param(?:eter)?s|(?:trainable |total )?param(?:eter)?s(?: count)?)\s*(?:\([^)]{0,10}\))?\s*(?:is|was|of|:|=|\||are|totals?|amounts? to)\s*(?:about\s+|approximately\s+|~\s*)?(${DECIMAL})(${SCALE})?`,
      "gi",
    ),
    confidence: 0.75,
  },
];

const FLOPS_PATTERN = new RegExp(
  String.raw`(${SCIENTIFIC})(${SCALE})?\s*(petaflop(?:\/s)?[- ]days?|pf(?:lop)?(?:\/s)?[- ]?s?[- ]days?|pfs?[- ]days?|[zepgt]?flops?|(?:zetta|exa|peta|tera|giga)flops?|floating[- ]point operations)(?!\s*\/\s*s|\s*per\s+second|[A-Za-z/])`,
  "gi",
);
const PER_UNIT =
  /^\s*(?:per|\/|each|for each|for every|for one|for a single)\s*(?:image|sample|example|token|forward|step|iteration|query|prompt|frame|inference|pass|second|s\b)/i;
const RATE_WORDS =
  /\b(throughput|per second|peaks?|theoretical|achieves?|achieved|utili[sz]ation|MFU|rate|speed|sustain(?:s|ed)?|delivers?|FLOP\/s|FLOPS\/s)\b|\bat\s+[\d.,]+\s*[A-Z]?FLOPS\b/i;

function paramsCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const seen = new Set<number>();
  for (const { pattern, confidence } of PARAMS_PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      if (seen.has(match.index)) continue;
      const value = parseNumber(match[1] as string);
      if (value === null) continue;
      const params = value * scaleOf(match[2]);
      // Below a thousand a "parameter" is a hyper-parameter or an equation's symbol count.
      if (params < 1000 || params > 1e14) continue;
      seen.add(match.index);
      const tags: FactTag[] = /activated|active/i.test(match[0]) ? ["active"] : [];
      out.push(candidate("params", params, match, confidence, { tags }));
    }
  }
  return out;
}

function flopsCandidates(sentence: SentenceView): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  for (const match of matchesOf(FLOPS_PATTERN, text)) {
    const unit = (match[3] as string).trim();
    // "TFLOPS"/"PFLOPS" written in capitals next to a rate word are throughput, not an amount.
    if (/^[TPGE]FLOPS$/.test(unit) || /FLOPS$/.test(unit)) {
      if (RATE_WORDS.test(text)) continue;
    }
    const flopUnit = parseFlopUnit(unit);
    const value = parseNumber(match[1] as string);
    if (flopUnit === null || value === null) continue;
    const flops = toFlop(value * scaleOf(match[2]), flopUnit);
    const following = text.slice(match.index + match[0].length, match.index + match[0].length + 25);
    if (PER_UNIT.test(following)) continue;
    // Whole trainings are at least a petaFLOP; smaller figures are per-sample or per-step costs.
    if (flops < 1e15) continue;
    out.push(candidate("flops", flops, match, /\btrain|compute|budget|total/i.test(text) ? 0.8 : 0.6));
  }
  return out;
}

export const modelSizeExtractor: Extractor = {
  name: "model_size",
  fields: ["params", "flops"],
  trigger: /param|flop|floating/i,
  extract(sentence) {
    return [...paramsCandidates(sentence), ...flopsCandidates(sentence)];
  },
};
