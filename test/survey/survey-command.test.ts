/**
 * `ml-footprint survey` end to end (built CLI, real worker threads): the record's summary is exactly what
 * `analyze --json` prints for the same file and engine, a corrupt paper is a failed record, the progress goes to
 * stderr as plain lines when stderr is not a terminal, and bad arguments get one line and exit code 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { SurveyPaperRecord, SurveySummary } from "../../src/survey/types.js";
import { writeSurveyFixture, type SurveyFixture } from "./papers.js";

const run = promisify(execFile);
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("./bin/ml-footprint", args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let fixture: SurveyFixture;
let records: Record<string, SurveyPaperRecord>;
let summary: SurveySummary;
let stderr: string;
const engine = hasPdftotext ? "pdftotext" : "pdfjs";

beforeAll(async () => {
  fixture = writeSurveyFixture();
  const manifest = path.join(fixture.papers, "manifest.csv");
  writeFileSync(
    manifest,
    [
      "id,title,venue,year,paper",
      "retrieval,Dense Retrieval at Scale,ICLR,2024,retrieval.md",
      'sparse,"Sparse Planners, Again",NeurIPS,2023,sparse/main.tex',
    ].join("\n"),
  );
  const out = path.join(fixture.root, "out");
  const result = await cli([
    "survey",
    fixture.papers,
    "--manifest",
    manifest,
    "--out",
    out,
    "--jobs",
    "2",
    "--pdf-engine",
    engine,
  ]);
  expect(result.code).toBe(0);
  stderr = result.stderr;
  records = Object.fromEntries(
    readFileSync(path.join(out, "papers.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as SurveyPaperRecord)
      .map((r) => [r.id, r]),
  );
  summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as SurveySummary;
}, 60_000);
afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));

describe("ml-footprint survey", () => {
  it("gives each paper exactly the summary analyze --json gives for the same file", async () => {
    for (const [id, file] of [
      ["sparse", "sparse/main.tex"],
      ["dense/paper.tex", "dense/paper.tex"],
      ["small-labs.pdf", "small-labs.pdf"],
      ["retrieval", "retrieval.md"],
    ] as const) {
      const analyzed = await cli([
        "analyze",
        "--paper",
        path.join(fixture.papers, file),
        "--json",
        "--pdf-engine",
        engine,
      ]);
      expect(analyzed.code).toBe(0);
      expect(records[id]?.summary).toEqual(JSON.parse(analyzed.stdout).summary);
    }
    expect(records["sparse"]?.summary?.hardware).toBe("nvidia-a100-80gb");
    expect(records["retrieval"]?.summary?.accelerator_count).toBe(32);
  }, 60_000);

  it("takes the manifest's metadata, and reads a paper named in the manifest and found in the folder once", () => {
    expect(records["sparse"]).toMatchObject({
      title: "Sparse Planners, Again",
      venue: "NeurIPS",
      year: 2023,
    });
    expect(records["sparse/main.tex"]).toBeUndefined();
    expect(Object.keys(records).sort()).toEqual([
      "broken/corrupt.pdf",
      "dense/paper.tex",
      "retrieval",
      "silent.tex",
      "small-labs.pdf",
      "sparse",
    ]);
    expect(summary.by_venue.NeurIPS?.hardware).toMatchObject({ disclosed: 1, total: 1 });
    expect(Object.keys(summary.by_year)).toEqual(["2023", "2024"]);
  });

  it("writes a corrupt PDF as a failed record and reads the others", () => {
    expect(records["broken/corrupt.pdf"]).toMatchObject({ status: "failed", summary: null });
    expect(records["broken/corrupt.pdf"]?.error).toMatch(/corrupt or truncated/);
    expect(summary.papers).toEqual({ read: 5, failed: 1, cached: 0 });
  });

  it("counts its own cost, workers and text engine", () => {
    expect(summary.cost).toMatchObject({ workers: 2, text_engine: engine });
    expect(summary.cost.cpu_s).toBeGreaterThan(0);
    expect(summary.cost.energy_wh).toBeGreaterThan(0);
  });

  it("prints plain progress lines on stderr when it is not a terminal", () => {
    expect(stderr).toMatch(/^survey: 6 papers, 2 workers, text by (pdftotext|pdfjs), output in /);
    expect(stderr).toMatch(/survey done: 5 read, 1 failed, 0 from the cache, of 6, in [\d.]+ s\n$/);
  });

  it("refuses bad arguments with one line and exit code 2", async () => {
    expect(await cli(["survey", fixture.papers])).toMatchObject({ code: 2 });
    const noPath = await cli(["survey", "--out", path.join(fixture.root, "x")]);
    expect(noPath).toMatchObject({ code: 2, stderr: "ml-footprint: give PATH... and/or --manifest FILE\n" });
    const jobs = await cli(["survey", fixture.papers, "--out", path.join(fixture.root, "x"), "--jobs", "0"]);
    expect(jobs).toMatchObject({
      code: 2,
      stderr: "ml-footprint: --jobs must be a whole number from 1 to 256, not 0\n",
    });
    const engineArg = await cli([
      "survey",
      fixture.papers,
      "--out",
      path.join(fixture.root, "x"),
      "--pdf-engine",
      "ocr",
    ]);
    expect(engineArg).toMatchObject({
      code: 2,
      stderr: "ml-footprint: --pdf-engine must be auto, pdftotext or pdfjs, not ocr\n",
    });
    const badManifest = path.join(fixture.root, "bad.jsonl");
    writeFileSync(badManifest, '{"paper":"a.pdf"}\n{nope}\n');
    const manifest = await cli(["survey", "--manifest", badManifest, "--out", path.join(fixture.root, "x")]);
    expect(manifest.code).toBe(2);
    expect(manifest.stderr).toMatch(/^ml-footprint: .*bad\.jsonl:2: not JSON/);
  });
});
