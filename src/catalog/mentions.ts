/**
 * Finds hardware named in prose ("trained on 8 NVIDIA A100-80GB GPUs", "a TPU v3-32 pod slice"). Conservative
 * on purpose: short spellings that are also ordinary tokens ("T4", "M1", "3090") count only next to a qualifier
 * (a vendor word before, or GPU/chip/card after; for Apple chips a Mac named nearby).
 */
import { hardwareForMentions, lookupHardware, type CatalogEntry, type HardwareMatch } from "./hardware.js";

export interface HardwareMention extends HardwareMatch {
  /** Offsets into the scanned text: text.slice(start, end) is the mention. */
  start: number;
  end: number;
}

/** CPU model names as they appear in papers and logs; resolved through the CPU power table. */
const CPU_MODEL_PATTERNS: readonly RegExp[] = [
  /\b(?:Intel(?:\(R\))?\s+)?Xeon(?:\(R\))?\s+(?:CPU\s+)?(?:(?:Gold|Silver|Platinum|Bronze)\s+\d{4}[A-Z]{0,2}|[EWX]\d?-\s?\d{4}[A-Z]{0,2}(?:\s*v\d)?|[EWX]-?\d{4}[A-Z]{0,2}|Phi\s+\d{4}[A-Z]?)/gi,
  /\b(?:AMD\s+)?EPYC(?:\(TM\))?\s+\d{4}[A-Z0-9]{0,3}\b/gi,
  /\b(?:AMD\s+)?Ryzen(?:\(TM\))?\s+(?:Threadripper\s+(?:PRO\s+)?\d{4}[A-Z]{0,3}|\d\s+(?:PRO\s+)?\d{4}[A-Z0-9]{0,3})\b/gi,
  /\b(?:Intel(?:\(R\))?\s+)?(?:Core(?:\(TM\))?\s+)?i[3579]-\d{4,5}[A-Z]{0,3}\b/gi,
];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * "RTX 3090" → /RTX[\s\-_]*3090/: separators optional, so "RTX3090" and "RTX-3090" match too; "P100" also matches
 * "P-100" (a hyphen between a model's letters and its number is a common spelling).
 */
const aliasPattern = (alias: string) =>
  alias
    .trim()
    .split(/[\s\-_]+/)
    .map((part) => escapeRegex(part).replace(/([A-Za-z])(\d)/g, "$1-?$2"))
    .join("[\\s\\-_]*");

interface Scanner {
  regex: RegExp;
  /** Short spellings (lower-cased, separators removed) that need a qualifier next to them in prose. */
  strict: Set<string>;
  beforeWords: string[];
  afterRegex: RegExp;
  appleContext: RegExp;
  appleWindow: number;
}

let scanner: Scanner | undefined;

function buildScanner(): Scanner {
  const { entries, qualifiers } = hardwareForMentions();
  const normal: string[] = [];
  const strict = new Set<string>();
  const collect = (e: CatalogEntry) => {
    for (const a of e.aliases) normal.push(a);
    for (const a of e.strict_aliases) {
      normal.push(a);
      strict.add(squash(a));
    }
  };
  entries.forEach(collect);
  const unique = [...new Set(normal)].sort((a, b) => b.length - a.length);
  const prefixWords = qualifiers.before.filter((w) => !/^mac/i.test(w)).map(escapeRegex);
  const prefix = `((?:(?:${prefixWords.join("|")}|Cloud)[\\s\\-]+)*)`;
  const memoryBefore = `((?:\\d{1,3}\\s?GB[\\s\\-]+)?)`;
  const body = `(${unique.map(aliasPattern).join("|")})`;
  // Memory, form factor or TPU slice written after the name: "A100-SXM4-40GB", "V100 (32 GB)", "TPU v3-32".
  const suffix = `((?:[\\s\\-_]*(?:SXM\\d?|PCIe|NVL|\\(\\s*\\d{1,3}\\s?GB\\s*\\)|\\d{1,3}\\s?GB))*(?:\\s*-\\s*\\d{1,4}(?:\\s+pod)?(?:\\s+slices?)?)?)`;
  const regex = new RegExp(
    `(?:(?<![A-Za-z0-9])|(?<=\\d[xX]))${prefix}${memoryBefore}${body}${suffix}s?(?![A-Za-z0-9])`,
    "gi",
  );
  const afterRegex = new RegExp(`^[\\s\\-]*(?:${qualifiers.after.map(escapeRegex).join("|")})\\b`, "i");
  const appleContext = new RegExp(`\\b(?:${qualifiers.apple_context.map(escapeRegex).join("|")})\\b`);
  return {
    regex,
    strict,
    beforeWords: qualifiers.before,
    afterRegex,
    appleContext,
    appleWindow: qualifiers.apple_window_chars,
  };
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** True when a short, ambiguous spelling has something next to it that says it is hardware. */
function isQualified(s: Scanner, text: string, m: RegExpExecArray, entry: CatalogEntry | undefined): boolean {
  const prefix = m[1] ?? "";
  const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
  const afterOk = s.afterRegex.test(after);
  if (entry?.vendor === "Apple") {
    const from = Math.max(0, m.index - s.appleWindow);
    const window = text.slice(from, m.index + m[0].length + s.appleWindow);
    return /apple/i.test(prefix) || afterOk || s.appleContext.test(window);
  }
  return prefix.trim() !== "" || afterOk || (m[2] ?? "").trim() !== "";
}

/**
 * All non-overlapping hardware mentions in a text, in order, longest match first where two overlap.
 *
 * @example findHardwareMentions("on 8 NVIDIA A100-80GB GPUs") // [{ entry: nvidia-a100-80gb, start: 7, end: 24 }]
 */
export function findHardwareMentions(text: string): HardwareMention[] {
  if (typeof text !== "string" || text.length === 0) return [];
  scanner ??= buildScanner();
  const s = scanner;
  const found: HardwareMention[] = [];
  s.regex.lastIndex = 0;
  for (let m = s.regex.exec(text); m; m = s.regex.exec(text)) {
    const span = m[0];
    const match = lookupHardware(span) ?? lookupHardware(m[3] ?? "");
    // "P-100" with a hyphen the catalog does not spell needs a qualifier too: "Section A-100" is not a GPU.
    const isStrict = s.strict.has(squash(m[3] ?? "")) || /(?:^|[^A-Za-z])[A-Za-z]{1,2}-\d/.test(m[3] ?? "");
    if (match && (!isStrict || isQualified(s, text, m, match.entry as CatalogEntry))) {
      found.push({ ...match, raw: span, start: m.index, end: m.index + span.length });
    }
    // Retry one character later so a rejected short alias cannot hide a longer mention starting inside it.
    if (!match) s.regex.lastIndex = m.index + 1;
  }
  for (const pattern of CPU_MODEL_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const match = lookupHardware(m[0]);
      if (match) found.push({ ...match, raw: m[0], start: m.index, end: m.index + m[0].length });
    }
  }
  return nonOverlapping(found);
}

/**
 * Keeps the longest of overlapping mentions, then returns them in text order. Mentions are grouped into
 * clusters of mutually overlapping spans first, so the longest-first choice stays local (papers have thousands
 * of mentions; overlaps are rare and small).
 */
function nonOverlapping(mentions: HardwareMention[]): HardwareMention[] {
  const byStart = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: HardwareMention[] = [];
  let cluster: HardwareMention[] = [];
  let clusterEnd = -1;
  const flush = () => {
    const longestFirst = cluster.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: HardwareMention[] = [];
    for (const m of longestFirst) {
      if (chosen.every((k) => m.end <= k.start || m.start >= k.end)) chosen.push(m);
    }
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    cluster = [];
  };
  for (const m of byStart) {
    if (m.start >= clusterEnd && cluster.length > 0) flush();
    cluster.push(m);
    clusterEnd = Math.max(clusterEnd, m.end);
  }
  if (cluster.length > 0) flush();
  return kept;
}
