import { describe, expect, it } from "@jest/globals";
import { PassThrough } from "node:stream";
import { createProgress, progressMode } from "../../src/survey/progress.js";
import type { SurveyPaperRecord } from "../../src/survey/types.js";

const record = (id: string, status: "read" | "failed"): SurveyPaperRecord =>
  ({
    id,
    path: `${id}.pdf`,
    status,
    error: status === "failed" ? "corrupt" : null,
    seconds: 0.5,
  }) as SurveyPaperRecord;

const start = { total: 3, workers: 2, text_engine: "pdftotext", reader_version: "v", out: "out" };
const done = { read: 2, failed: 1, cached: 1, total: 3, interrupted: false, wall_s: 1.5 };

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join("") };
}

describe("survey progress", () => {
  it("chooses JSON when asked, a bar on a terminal, lines otherwise", () => {
    expect(progressMode(true, { isTTY: true })).toBe("json");
    expect(progressMode(false, { isTTY: true })).toBe("bar");
    expect(progressMode(false, {})).toBe("lines");
  });

  it("prints plain lines with the counts, rate and ETA", () => {
    const err = capture();
    const progress = createProgress("lines", { stdout: capture().stream, stderr: err.stream }, 0);
    progress.start(start);
    progress.paper(record("a", "read"), true);
    progress.paper(record("b", "failed"), false);
    progress.done(done);
    const lines = err.text().trim().split("\n");
    expect(lines[0]).toBe("survey: 3 papers, 2 workers, text by pdftotext, output in out");
    expect(lines[1]).toMatch(/^survey: 1\/3 papers \(0 failed, 1 cached\), [\d.]+ papers\/s(, ETA \d+ s)?$/);
    expect(lines[2]).toMatch(/^survey: 2\/3 papers \(1 failed, 1 cached\), /);
    expect(lines[3]).toBe("survey done: 2 read, 1 failed, 1 from the cache, of 3, in 1.5 s");
  });

  it("draws a bar with the rate and ETA on a terminal", () => {
    const err = capture();
    const tty = Object.assign(err.stream, {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    const progress = createProgress("bar", { stdout: capture().stream, stderr: tty });
    progress.start(start);
    progress.paper(record("a", "read"), false);
    progress.done(done);
    expect(err.text()).toMatch(/survey .* 1\/3 papers \| [\d.]+ papers\/s \| ETA/);
    expect(err.text()).toContain("survey done: 2 read, 1 failed, 1 from the cache, of 3, in 1.5 s");
  });
});
