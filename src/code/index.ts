/** Code reader entry point (issue 3). Placeholder until the reader lands: reports no facts. */
import { emptySummary, type Fact, type Summary, type Warning } from "../domain/facts.js";

export interface EntryPoint {
  file: string;
  kind: string;
}

export interface CodeReport {
  facts: Fact[];
  summary: Summary;
  frameworks: string[];
  entry_points: EntryPoint[];
  warnings: Warning[];
}

export async function readRepository(_dir: string): Promise<CodeReport> {
  return { facts: [], summary: emptySummary(), frameworks: [], entry_points: [], warnings: [] };
}
