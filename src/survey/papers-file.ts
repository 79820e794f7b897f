/**
 * DIR/papers.jsonl: one record per line, written as each paper finishes (one write call per record, so an
 * interrupted run keeps every line it wrote), and read back one line at a time so that nothing holds all the
 * records of a large survey.
 */
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import type { SurveyPaperRecord } from "./types.js";

export interface PapersWriter {
  readonly file: string;
  append(record: SurveyPaperRecord): void;
  close(): void;
}

/** Starts `file` afresh (queue workers return their records to the survey, which is the only writer). */
export function openPapersWriter(file: string): PapersWriter {
  const fd = openSync(file, "w");
  let open = true;
  return {
    file,
    append(record) {
      writeSync(fd, `${JSON.stringify(record)}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** The records of a papers.jsonl, one at a time; a line that is not a record (a torn last line) is skipped. */
export async function* readPapersFile(file: string): AsyncGenerator<SurveyPaperRecord> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    try {
      yield JSON.parse(line) as SurveyPaperRecord;
    } catch {
      // a line cut short by a kill: the paper is not in the cache either, and is read again next run
    }
  }
}
