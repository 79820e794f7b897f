/** Paper reader entry point (issue 2). Placeholder while the reader is written. */
import { emptySummary, type Fact, type Summary, type Warning } from "../domain/facts.js";

export interface PaperReport {
  paper: { file: string; format: string; pages: number; characters: number };
  facts: Fact[];
  summary: Summary;
  warnings: Warning[];
}

export async function readPaper(file: string): Promise<PaperReport> {
  return {
    paper: { file, format: "unknown", pages: 0, characters: 0 },
    facts: [],
    summary: emptySummary(),
    warnings: [],
  };
}
