/**
 * Building code facts: every fact carries `{kind: "code", file, line, snippet}` evidence and a confidence taken
 * from one table, so that the ranking between sources (a launch override beats an argparse default, which beats
 * a function's default) is written down once.
 */
import type { FactTag } from "../../domain/tags.js";
import type { Fact, FactContext, FactField, FactValue } from "../../domain/facts.js";
import { contextForPath } from "./roles.js";

/** How much a value read from each kind of source is trusted to be the training setting. */
export const CONFIDENCE = {
  measured: 0.95,
  launchOverride: 0.9,
  launcherDevices: 0.85,
  schedulerDevices: 0.8,
  schedulerHardware: 0.8,
  callKeyword: 0.8,
  config: 0.75,
  cudaVisibleDevices: 0.75,
  argparseDefault: 0.7,
  moduleConstant: 0.65,
  classField: 0.65,
  attributeAssignment: 0.6,
  dictEntry: 0.6,
  checkpointCatalog: 0.6,
  partitionHardware: 0.6,
  localAssignment: 0.55,
  functionDefault: 0.5,
  readmeHardware: 0.5,
  deviceIndex: 0.35,
  timeLimit: 0.3,
} as const;

export interface CodeFactInput {
  field: FactField;
  value: FactValue;
  raw: string;
  confidence: number;
  file: string;
  line: number;
  /** The source line the value was read from; trimmed and shortened here. */
  snippet: string;
  tags?: FactTag[];
  context?: FactContext;
  entry_point?: string;
  measured?: boolean;
}

const MAX_SNIPPET = 200;

/** Builds a code fact; the context defaults to what the file's path says (eval scripts → inference). */
export function codeFact(input: CodeFactInput): Fact {
  const fact: Fact = {
    field: input.field,
    value: input.value,
    raw: input.raw.length > MAX_SNIPPET ? `${input.raw.slice(0, MAX_SNIPPET)}…` : input.raw,
    confidence: Math.round(Math.min(1, Math.max(0, input.confidence)) * 100) / 100,
    context: input.context ?? contextForPath(input.file),
    evidence: { kind: "code", file: input.file, line: input.line, snippet: shortenSnippet(input.snippet) },
  };
  if (input.tags && input.tags.length > 0) fact.tags = [...new Set(input.tags)];
  if (input.entry_point) fact.entry_point = input.entry_point;
  if (input.measured) fact.measured = true;
  return fact;
}

export function shortenSnippet(line: string): string {
  const text = line.trim();
  return text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET)}…` : text;
}

/** Splits text into lines (any line ending), for 1-based line lookups. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** 1-based line number of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** A line-offset index for repeated offset→line lookups in one text. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
