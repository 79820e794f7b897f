/**
 * Hardware model, accelerator count and accelerator memory. Hardware names come from the shared catalog
 * (`findHardwareMentions`); counts are read next to a named device ("four NVIDIA V100 GPUs", "8 × A100") or on
 * their own ("on 8 GPUs", "4 nodes with 8 GPUs each").
 */
import type { FactTag } from "../../../domain/tags.js";
import { findHardwareMentions, lookupHardware, type HardwareMention } from "../../../catalog/index.js";
import {
  COUNT,
  NAME_DECIMAL_POINT,
  cardsAreDevices,
  devicesAreDataSources,
  parseNumber,
} from "../quantities.js";
import { candidate, matchesOf, type Candidate, type Extractor, type SentenceView } from "./types.js";

const COMPUTE_VERBS =
  /\b(train(?:ed|ing|s)?|pre-?train(?:ed|ing)?|fine-?tun(?:ed|ing|e)|ran|run(?:s|ning)?|conducted|performed|executed|carried out|experiments?|computations?|equipped|using|used|uses|on (?:a|an|one|two|four|eight|\d+|our|the|single)|cluster|nodes?|machines?|workstation|server|laptop|desktop|computer|hardware|takes?|took|required|requires)\b/i;
const COMPARISON =
  /\b(faster than|slower than|compared (?:to|with)|speed-?ups? (?:over|of|against)|relative to|than (?:on|a|an|the)|vs\.?|versus|outperform)\b/i;
/** A table row labelled as hardware ("GPU | NVIDIA RTX 4070", "Accelerator: TPU v3"). */
const HARDWARE_ROW =
  /^\s*(?:GPUs?|CPUs?|Accelerators?|Hardware|Devices?|Processors?|Graphics cards?|Compute|TPUs?)\s*(?:\||:|\t)/i;
const ACCELERATOR_NOUN = String.raw`(?:GPUs?|graphics cards?|cards?|accelerators?|TPUs?|TPU (?:cores?|chips?|devices?)|chips?|devices?|IPUs?|NPUs?)`;
/** A count right before a named device, possibly with "x"/"×" and vendor words: "8 × NVIDIA Tesla". */
const COUNT_BEFORE = new RegExp(
  String.raw`(?:(\b(?:in total,?|a total of|total of|overall,?)\s+)?\b(a single|single|an?|one|dual|quad|(?:${COUNT}))\s*(?:[x×*]\s*)?(?:(?:of the |of |identical |dedicated |local )?(?:NVIDIA|Nvidia|nvidia|AMD|Google|Cloud|Tesla|GeForce|Quadro|Radeon|Instinct|Intel|Apple)\s+)*)$`,
  "i",
);
/** "a dual RTX 4090 setup", "quad A100": a count word of hardware only (elsewhere "dual" is no number). */
const DEVICE_MULTIPLES: Readonly<Record<string, number>> = { dual: 2, quad: 4 };
const TOTAL_CUE = /\b(?:in total|a total of|total of|overall|altogether)\b[^.;]*$/i;
/** "per node", "on each machine": the count just read is per node. */
const PER_UNIT_AFTER =
  /^\s*(?:GPUs?|cards?|chips?|devices?)?\s*(?:per|on each|in each|each|for each)\s+(?:node|machine|server|host|worker|job|experiment|run)/i;
/**
 * What comes right before a count that describes one node: "Each (compute) node (in the cluster) contains 8
 * GPUs", "each of the 4 nodes has 8", "every DGX-2 server hosts 16", "16 nodes, each equipped with 8" (the node
 * count times it is read as the total). The verb must follow the node words: "each node is connected by
 * InfiniBand and the cluster contains 64" is not. "N nodes with M GPUs" is left alone: M is as often the total.
 */
const PER_UNIT_BEFORE = new RegExp(
  String.raw`(?:\b(?:each|every)\s+(?:of\s+the\s+\w+\s+)?(?:[\w-]+\s+)?(?:node|machine|server|host)s?\b(?:\s+(?:in|of)\s+(?:the\s+|our\s+)?[\w-]+(?:\s+[\w-]+)?)?\s+(?:has|have|had|contains?|contained|consists?\s+of|comprises?|(?:is\s+|was\s+)?equipped\s+with|hosts?|houses?|holds?)|\b(?:nodes|machines|servers|hosts),?\s+each\s+(?:with|having|equipped\s+with|containing))\s+(?:[\w-]+\s+){0,2}?$`,
  "i",
);
/** A character of the same clause: not a full stop or semicolon, but a decimal point ("the 1.5B model") is. */
const WITHIN_CLAUSE = String.raw`(?:[^.;]|${NAME_DECIMAL_POINT})`;
/** The node count after a per-node figure: "(8 V100s per node) on 4 nodes", "(…) across two machines". */
const NODES_AFTER = new RegExp(
  String.raw`^${WITHIN_CLAUSE}{0,30}?\b(?:on|across|over|using|with|of)\s+(${COUNT})\s+(?:compute\s+|DGX\s+)?(?:nodes?|machines?|servers?|hosts?)\b`,
  "i",
);
/** "~446 A100 GPU-hours", "120 V100 days", "50 A100 GPU-months": the number counts device-time, not devices. */
const DEVICE_TIME_AFTER =
  /^\s*(?:GPUs?|TPUs?|cards?|accelerators?|chips?|devices?)?\s*-?\s*(?:hours?|hrs?|days?|weeks?|months?|years?|minutes?|mins?|h)\b/i;
/** "(8×)", "x8", "×8" right after a named device. */
const COUNT_AFTER = /^\s*(?:GPUs?|cards?)?\s*(?:\(\s*)?[x×]\s*(\d{1,5})\b/;
/** Counts of unnamed accelerators. `hours` and `memory` right after the noun mean another field. */
const PLAIN_COUNT = new RegExp(
  String.raw`(?<![\w.-])(a total of\s+|total of\s+|in total,?\s+(?:we\s+\w+\s+)?)?(a single|single|one|${COUNT})\s*(?:[x×]\s*)?(?:NVIDIA\s+|Nvidia\s+)?${ACCELERATOR_NOUN}(?![- ]?(?:hours?|days?|hrs?|h\b|memory|RAM|VRAM|utili[sz]ation|kernels?|implementations?|-?based|time|seconds|minutes))`,
  "gi",
);
/** "a mid-range consumer GPU", "one NVIDIA GPU": a single device, said in passing. */
const ARTICLE_DEVICE = new RegExp(
  String.raw`\b(an?|one|single|a single)\s+(?:[A-Za-z-]+\s+){0,3}?(?:GPU|graphics card|TPU)(?![-\w])(?![- ]?(?:s\b|hours?|days?|memory|RAM|VRAM|utili[sz]ation|kernels?|implementations?|-?based|clusters?|servers?|nodes?|machines?|instances?|time|seconds|minutes|cards))`,
  "gi",
);
/** Up to four words naming the device between a count and its noun, a short aside included: "8 Nvidia A100 (40GB) GPUs". */
const DEVICE_WORDS = String.raw`(?:[\w-]+\s+|\([^()]{1,15}\)\s+){0,4}?`;
const NODES_TIMES_DEVICES = new RegExp(
  String.raw`\b(${COUNT})\s+(?:compute\s+|DGX\s+|GPU\s+|TPU\s+)?(?:nodes?|machines?|servers?|hosts?|workers?)\b${WITHIN_CLAUSE}{0,40}?\b(?:with|each (?:with|having|equipped with|containing)|having|equipped with|containing|of)\s+(${COUNT})\s+${DEVICE_WORDS}${ACCELERATOR_NOUN}(?:\s+each)?`,
  "gid", // d: where the device count starts, to read what is said just before it
);
/**
 * A device count that is the total, not a per-node figure: said just before it ("with a total of 16 GPUs") or
 * just after it ("16 GPUs in total", "altogether"; "overall", "combined" and a bare "total" only where the clause
 * ends, since "overall taking 3 days" or "combined with ZeRO" say nothing of the count).
 */
const TOTAL_BEFORE = /\b(?:a\s+)?total(?:l?ing)?\s+(?:of\s+)?$/i;
const TOTAL_AFTER = /^[\s,)]*(?:in\s+total\b|altogether\b|(?:total|overall|combined)\s*(?:[.,;)]|$))/i;
const DEVICES_PER_NODE = new RegExp(
  String.raw`\b(${COUNT})\s+(?:[\w-]+\s+){0,3}?${ACCELERATOR_NOUN}\s+(?:per|on each|in each|each)\s+(?:node|machine|server|host)\b${WITHIN_CLAUSE}{0,40}?\b(${COUNT})\s+(?:compute\s+)?(?:nodes?|machines?|servers?|hosts?)`,
  "gi",
);
const MEMORY_AFTER =
  /^[^.;]{0,40}?\b(?:with\s+)?(\d{1,3})\s*(?:GB|GiB|G)\b\s*(?:of\s+)?(?:GPU\s+|device\s+|on-?board\s+|HBM2?e?\s+|GDDR\d?X?\s+)?(?:memory|RAM|VRAM)/i;

/**
 * "does not have a GPU", "without a single A100", "could not be trained on one V100", "don't have a GPU": a device
 * said not to be there. Only light words may stand between the negation and the device: "no gradient
 * accumulation on 8 GPUs", "no fewer than 8 GPUs", "not only on a V100" and "did not use more than one GPU" keep
 * their counts.
 */
const NEGATED_BEFORE =
  /\b(?:not|no|never|without|lacks?|lacking|can\s?not|\w+n['’]t)(?:\s+(?:have|has|had|use|used|using|need|needed|require|required|access|to|a|an|any|even|single|be|been|trained|train|training|run|fit|on|with|the|own))*\s+$/i;
/** "would not have been possible without the 64 A100 GPUs": thanks for devices that were there. */
const POSSIBLE_WITHOUT = /\bpossible\s+without(?:\s+\w+){0,3}\s+$/i;
const negatedAt = (text: string, start: number): boolean => {
  const before = text.slice(Math.max(0, start - 60), start);
  return NEGATED_BEFORE.test(before) && !POSSIBLE_WITHOUT.test(before);
};

function mentionCandidates(sentence: SentenceView, mention: HardwareMention): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const before = text.slice(Math.max(0, mention.start - 60), mention.start);
  const countMatch = COUNT_BEFORE.exec(before);
  // "could not be trained on one V100": neither the device nor its count was the setup.
  if (negatedAt(text, mention.start - (countMatch?.[0].length ?? 0))) return out;
  const computeContext = COMPUTE_VERBS.test(text);
  const comparison = COMPARISON.test(text);
  const isAccelerator = mention.entry.kind !== "cpu";
  let confidence = sentence.kind === "table_row" ? 0.45 : 0.55;
  if (computeContext || HARDWARE_ROW.test(text)) confidence += 0.25;
  if (comparison) confidence -= 0.35;
  const tags: FactTag[] = [isAccelerator ? "accelerator" : "cpu"];
  out.push({
    field: "hardware",
    value: mention.entry.id,
    raw: mention.raw,
    start: mention.start,
    end: mention.end,
    confidence,
    tags,
  });

  if (isAccelerator) {
    const after = text.slice(mention.end, mention.end + 20);
    const afterMatch = COUNT_AFTER.exec(after);
    let count: number | null = null;
    let countTags: FactTag[] = [];
    let countConfidence = confidence;
    let start = mention.start;
    let end = mention.end;
    // "a 2022 M2 MacBook Pro": a model year, not a count.
    const yearLike =
      mention.entry.vendor === "Apple" &&
      countMatch?.[2] !== undefined &&
      /^(?:19[89]\d|20\d\d)$/.test(countMatch[2].trim());
    const deviceTime = DEVICE_TIME_AFTER.test(text.slice(mention.end, mention.end + 24));
    if (countMatch && countMatch[2] && !yearLike && !deviceTime) {
      count = DEVICE_MULTIPLES[countMatch[2].trim().toLowerCase()] ?? parseNumber(countMatch[2]);
      start = mention.start - countMatch[0].length;
      if (/^(an?)$/i.test(countMatch[2].trim())) {
        // "on a V100" is a single device, but said in passing: weaker than "a single V100" or "one V100".
        countTags = ["article"];
        countConfidence -= 0.1;
      }
      if (countMatch[1] || TOTAL_CUE.test(text.slice(Math.max(0, start - 25), start))) countTags = ["total"];
    } else if (afterMatch) {
      count = Number(afterMatch[1]);
      end = mention.end + afterMatch[0].length;
    }
    let nodesTotal: Candidate | null = null;
    const perUnit = count !== null ? PER_UNIT_AFTER.exec(text.slice(end, end + 30)) : null;
    if (count !== null && !perUnit && PER_UNIT_BEFORE.test(text.slice(0, start))) {
      countTags = [...countTags, "per_node"];
      countConfidence -= 0.2;
    }
    if (count !== null && perUnit) {
      // "8 V100s per node": a per-node figure, not the setup's total.
      countTags = [...countTags, "per_node"];
      countConfidence -= 0.2;
      // "... per node on 4 nodes": the total is stated too.
      const after = end + perUnit[0].length;
      const nodes = NODES_AFTER.exec(text.slice(after));
      const nodeCount = nodes ? parseNumber(nodes[1] as string) : null;
      if (nodes && nodeCount && /node|machine|server|host/i.test(perUnit[0])) {
        const totalEnd = after + nodes[0].length;
        nodesTotal = {
          field: "accelerator_count",
          value: count * nodeCount,
          raw: text.slice(start, totalEnd).trim(),
          start,
          end: totalEnd,
          confidence,
          tags: ["total"],
          note: `${nodeCount} × ${count}`,
        };
      }
    }
    const slice = mention.slice_chips;
    // "a TPU v3-32 slice" is one slice of 16 chips: the article counts the slice, not the chips.
    if (slice && (count === null || count === 1)) {
      count = slice;
      start = mention.start;
      end = mention.end;
      countTags = ["tpu_slice"];
    }
    if (count !== null && count > 0 && Number.isInteger(count)) {
      const span = text.slice(Math.max(0, start), end);
      out.push({
        field: "accelerator_count",
        value: count,
        raw: span.trim(),
        start: Math.max(0, start) + (span.length - span.trimStart().length),
        end,
        confidence: countConfidence,
        tags: countTags,
        ...(slice && countTags.includes("tpu_slice")
          ? { note: `TPU slice of ${mention.slice_cores} cores = ${slice} chips` }
          : {}),
      });
      if (nodesTotal) out.push(nodesTotal);
    }
    const memory = mention.memory_gb ?? mention.entry.memory_gb ?? null;
    const memoryAfter = MEMORY_AFTER.exec(text.slice(mention.end));
    if (memoryAfter) {
      const leading = memoryAfter[0].length - memoryAfter[0].trimStart().length;
      out.push({
        field: "gpu_memory_gb",
        value: Number(memoryAfter[1]),
        raw: memoryAfter[0].trim(),
        start: mention.end + leading,
        end: mention.end + memoryAfter[0].trimEnd().length,
        confidence,
      });
    } else if (mention.memory_gb && memory) {
      out.push({
        field: "gpu_memory_gb",
        value: memory,
        raw: mention.raw,
        start: mention.start,
        end: mention.end,
        confidence,
      });
    }
  }
  return out;
}

function plainCounts(sentence: SentenceView, covered: Array<[number, number]>): Candidate[] {
  const { text } = sentence;
  const out: Candidate[] = [];
  const overlaps = (start: number, end: number): boolean => covered.some(([s, e]) => start < e && end > s);
  const computeContext = COMPUTE_VERBS.test(text);
  for (const match of matchesOf(NODES_TIMES_DEVICES, text)) {
    const nodes = parseNumber(match[1] as string);
    const perNode = parseNumber(match[2] as string);
    // "2 nodes with 16 GPUs in total", "2 nodes with a total of 16 GPUs": the count is already the total, unless
    // the sentence says it is each node's ("4 nodes in total, each with 8 GPUs").
    const end = match.index + match[0].length;
    const countStart = match.indices?.[2]?.[0] ?? end;
    const perNodeSaid = /\beach\b/i.test(text.slice(match.index, end));
    const totalSaid =
      TOTAL_BEFORE.test(text.slice(match.index, countStart)) || TOTAL_AFTER.test(text.slice(end, end + 25));
    if (totalSaid && !perNodeSaid) continue;
    // Both factors count things: "2 nodes at 2.2 GHz ... and 4 GPUs" is no product of 2.2.
    if (nodes && perNode && Number.isInteger(nodes) && Number.isInteger(perNode)) {
      out.push(
        candidate("accelerator_count", nodes * perNode, match, 0.85, {
          tags: ["total"],
          note: `${nodes} × ${perNode}`,
        }),
      );
      covered.push([match.index, match.index + match[0].length]);
    }
  }
  for (const match of matchesOf(DEVICES_PER_NODE, text)) {
    const perNode = parseNumber(match[1] as string);
    const nodes = parseNumber(match[2] as string);
    if (
      nodes &&
      perNode &&
      Number.isInteger(nodes) &&
      Number.isInteger(perNode) &&
      !overlaps(match.index, match.index + match[0].length)
    ) {
      out.push(
        candidate("accelerator_count", nodes * perNode, match, 0.85, {
          tags: ["total"],
          note: `${nodes} × ${perNode}`,
        }),
      );
      covered.push([match.index, match.index + match[0].length]);
    }
  }
  for (const match of matchesOf(ARTICLE_DEVICE, text)) {
    if (!computeContext || overlaps(match.index, match.index + match[0].length)) continue;
    if (/\b(per|each|every)\s*$/i.test(text.slice(Math.max(0, match.index - 8), match.index))) continue;
    if (negatedAt(text, match.index)) continue;
    // "one experiment per GPU" counts experiments, not GPUs.
    if (/\b(per|each|every|of|on)\b/i.test(match[0])) continue;
    covered.push([match.index, match.index + match[0].length]);
    out.push(candidate("accelerator_count", 1, match, 0.65, { tags: ["article"] }));
  }
  for (const match of matchesOf(PLAIN_COUNT, text)) {
    if (overlaps(match.index, match.index + match[0].length)) continue;
    const count = parseNumber(match[2] as string);
    if (!count || !Number.isInteger(count)) continue;
    // "each of the 8 GPUs", "per GPU" and "GPU memory" are not counts of the setup.
    const before = text.slice(Math.max(0, match.index - 12), match.index);
    if (/\b(per|each|of the|every)\s*$/i.test(before)) continue;
    if (negatedAt(text, match.index)) continue;
    // "three cards" of a game: a bare "card" counts devices only where the sentence speaks of compute.
    if (/(?<!graphics\s)cards?$/i.test(match[0]) && !cardsAreDevices(text)) continue;
    if (devicesAreDataSources(text, match.index, match[0].slice(-7))) continue;
    const end = match.index + match[0].length;
    const tags: FactTag[] =
      match[1] || TOTAL_CUE.test(text.slice(Math.max(0, match.index - 25), match.index)) ? ["total"] : [];
    let confidence = computeContext ? 0.75 : 0.55;
    if (PER_UNIT_AFTER.test(text.slice(end, end + 30)) || PER_UNIT_BEFORE.test(text.slice(0, match.index))) {
      tags.push("per_node");
      confidence -= 0.2;
    } else if (/^\s*across\s+(?:\w+\s+)?(?:nodes|machines|servers|hosts)/i.test(text.slice(end, end + 30))) {
      tags.push("total");
    }
    if (/^(a single|single|one)$/i.test((match[2] as string).trim())) confidence -= 0.05;
    if (sentence.kind === "table_row") confidence -= 0.2;
    out.push(candidate("accelerator_count", count, match, confidence, { tags }));
  }
  return out;
}

/** "a v3-32 TPU pod slice": the slice name before the word TPU, which the catalog reads as "TPU v3-32". */
const TPU_SLICE_BEFORE = /\b(v\d[a-z]?)-(\d{1,4})\s+(?:Cloud\s+)?TPU(?:\s+pod)?(?:\s+slices?)?\b/gi;

function tpuSliceMentions(text: string): HardwareMention[] {
  const mentions: HardwareMention[] = [];
  for (const match of matchesOf(TPU_SLICE_BEFORE, text)) {
    const found = lookupHardware(`TPU ${match[1]}-${match[2]}`);
    if (found)
      mentions.push({ ...found, raw: match[0], start: match.index, end: match.index + match[0].length });
  }
  return mentions;
}

/**
 * "U10, V10, U100, V100": wind components at 10 and 100 m (ERA5's u100/v100), not a GPU. A bare "V100" written as
 * the pair of the U of the same height ("U100, V100", "u100/v100", "v100 and u100") is meteorology; a V100 with a
 * count or a GPU word ("8 V100", "a V100", "V100 GPUs") elsewhere in the sentence is still a device.
 */
function isWindComponent(text: string, mention: HardwareMention): boolean {
  const bare = /^[Vv](\d{2,3})$/.exec(mention.raw.trim());
  if (!bare) return false;
  const height = bare[1]!;
  const link = String.raw`(?:\s*m)?\s*(?:,|/|-|&|\band\b)\s*`;
  return (
    new RegExp(String.raw`\b[Uu]${height}${link}$`).test(
      text.slice(Math.max(0, mention.start - 20), mention.start),
    ) || new RegExp(String.raw`^${link}[Uu]${height}\b`).test(text.slice(mention.end, mention.end + 20))
  );
}

export const hardwareExtractor: Extractor = {
  name: "hardware",
  fields: ["hardware", "accelerator_count", "gpu_memory_gb"],
  trigger:
    // A product line written apart from its number ("a dual RTX 4090 setup") has no letter glued to a digit.
    /[A-Za-z]\d|\d[A-Za-z]|GPU|TPU|CPU|IPU|NPU|NVIDIA|Nvidia|Intel|AMD|Apple|Xeon|EPYC|Ryzen|Titan|TITAN|Gaudi|RTX|GTX|Quadro|Tesla|Radeon|Instinct|Ascend|Graphcore|Cerebras|cards?\b|accelerator|chip|device|node|machine|server|single/,
  extract(sentence) {
    const sliceMentions = tpuSliceMentions(sentence.text);
    const mentions = [
      ...sliceMentions,
      ...findHardwareMentions(sentence.text).filter(
        (m) =>
          !sliceMentions.some((s) => m.start < s.end && m.end > s.start) &&
          !isWindComponent(sentence.text, m),
      ),
    ];
    const out: Candidate[] = [];
    const covered: Array<[number, number]> = [];
    for (const mention of mentions) {
      const found = mentionCandidates(sentence, mention);
      out.push(...found);
      for (const c of found) if (c.field === "accelerator_count") covered.push([c.start, c.end + 12]);
      covered.push([mention.start, mention.end + 12]);
    }
    out.push(...plainCounts(sentence, covered));
    return out;
  },
};
