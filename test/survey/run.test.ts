/**
 * The survey runner in this process: each paper read by `surveyPaper` here (the stand-in for the worker pool
 * that runTask allows), so the cache, the resume and the interrupt are tested without threads. The pool itself
 * is tested in pool.test.ts and through the command in survey-command.test.ts.
 */
import { afterEach, describe, expect, it, jest } from "@jest/globals";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { collectSurveyJobs } from "../../src/survey/inputs.js";
import { openSurveyCache } from "../../src/survey/cache.js";
import { createProgress, type SurveyProgress } from "../../src/survey/progress.js";
import { readerVersion } from "../../src/survey/reader-version.js";
import { runSurvey, type SurveyRunOptions } from "../../src/survey/run.js";
import { surveyPaper } from "../../src/survey/survey-paper.js";
import type { SurveyPaperRecord } from "../../src/survey/types.js";
import type { SurveyTask } from "../../src/survey/worker.js";
import { writeSurveyFixture, type SurveyFixture } from "./papers.js";

// Each test reads a few papers in this process; a loaded machine (the full suite on 2 cores) needs the margin.
jest.setTimeout(60_000);

let fixture: SurveyFixture;
afterEach(() => rmSync(fixture.root, { recursive: true, force: true }));

const silent: SurveyProgress = { start: () => undefined, paper: () => undefined, done: () => undefined };

/** Runs a survey of `paths` in this process; returns the ids each run read (not from the cache). */
async function survey(paths: string[], extra: Partial<SurveyRunOptions> = {}) {
  const read: string[] = [];
  const result = await runSurvey({
    jobs: collectSurveyJobs({ paths }),
    outDir: path.join(fixture.root, "out"),
    workers: 2,
    pdfEngine: "pdfjs",
    useCache: true,
    timeoutMs: 30_000,
    progress: silent,
    runTask: (task: SurveyTask) => {
      read.push(task.job.id);
      return surveyPaper(task.job, task.options);
    },
    ...extra,
  });
  const records = readFileSync(result.files.papers, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as SurveyPaperRecord);
  return { result, read: read.sort(), records };
}

const byId = (records: SurveyPaperRecord[]) => Object.fromEntries(records.map((r) => [r.id, r]));

describe("survey run", () => {
  it("writes a record per paper, a corrupt PDF as failed while the others are read, and the summary", async () => {
    fixture = writeSurveyFixture();
    const { result, records } = await survey([fixture.papers]);
    const papers = byId(records);
    expect(Object.keys(papers).sort()).toEqual([
      "broken/corrupt.pdf",
      "dense/paper.tex",
      "silent.tex",
      "small-labs.pdf",
      "sparse/main.tex",
    ]);
    expect(papers["broken/corrupt.pdf"]).toMatchObject({
      status: "failed",
      summary: null,
      estimate: null,
      error: expect.stringMatching(/corrupt\.pdf: the PDF is corrupt or truncated/),
    });
    expect(papers["sparse/main.tex"]).toMatchObject({
      status: "read",
      error: null,
      summary: {
        hardware: "nvidia-a100-80gb",
        accelerator_count: 8,
        training_time_hours: 36,
        batch_size: 256,
      },
      estimate: { hardware_family: "NVIDIA A100", device_hours: 288 },
      reader_version: readerVersion("pdfjs"),
    });
    expect(papers["sparse/main.tex"]?.evidence).toContainEqual({
      field: "accelerator_count",
      value: 8,
      page: null,
      quote: "We train the planner on 8 NVIDIA A100 80GB GPUs for 36 hours with a batch size of 256.",
    });
    expect(papers["sparse/main.tex"]?.estimate?.co2e_kg?.central).toBeGreaterThan(0);
    expect(papers["dense/paper.tex"]?.summary).toMatchObject({
      hardware: "nvidia-v100",
      accelerator_count: 4,
      epochs: 40,
    });
    expect(papers["small-labs.pdf"]?.summary).toMatchObject({
      accelerator_count: 2,
      training_time_hours: 10,
    });
    expect(papers["silent.tex"]).toMatchObject({ status: "read", estimate: null });
    expect(papers["silent.tex"]?.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect(result.interrupted).toBe(false);
    expect(result.summary.papers).toEqual({ read: 4, failed: 1, cached: 0 });
    expect(result.summary.disclosure.hardware).toMatchObject({ disclosed: 3, total: 4 });
    expect(result.summary.cost).toMatchObject({ workers: 2, text_engine: "pdfjs" });
    expect(result.summary.cost.wall_s).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(result.files.summary, "utf8"))).toEqual(result.summary);
    expect(readFileSync(result.files.report, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("reads only new or changed papers on a re-run (the resume after an interrupted run)", async () => {
    fixture = writeSurveyFixture();
    const first = await survey([path.join(fixture.papers, "sparse"), path.join(fixture.papers, "dense")]);
    expect(first.read).toEqual(["main.tex", "paper.tex"]);

    writeFileSync(
      path.join(fixture.papers, "dense/paper.tex"),
      `${readFileSync(path.join(fixture.papers, "dense/paper.tex"), "utf8")}% revised\n`,
    );
    const second = await survey([fixture.papers]);
    // The same bytes found under another PATH are not read again; the changed paper is.
    expect(second.read).toEqual(["broken/corrupt.pdf", "dense/paper.tex", "silent.tex", "small-labs.pdf"]);
    expect(second.result.summary.papers).toEqual({ read: 4, failed: 1, cached: 1 });
    expect(second.records).toHaveLength(5);
    // A cached record takes this run's metadata: the same bytes under another folder keep their own id.
    expect(byId(second.records)["sparse/main.tex"]).toMatchObject({
      path: path.join(fixture.papers, "sparse/main.tex"),
    });

    const third = await survey([fixture.papers]);
    expect(third.read).toEqual([]);
    expect(third.result.summary.papers.cached).toBe(5);
    expect(third.result.summary.disclosure).toEqual(second.result.summary.disclosure);
  });

  it("reads everything again under another reader version, or with the cache off", async () => {
    fixture = writeSurveyFixture();
    const paths = [path.join(fixture.papers, "sparse"), path.join(fixture.papers, "silent.tex")];
    await survey(paths);
    expect((await survey(paths)).read).toEqual([]);
    expect((await survey(paths, { pdfEngine: "pdftotext" })).read).toEqual(["main.tex", "silent.tex"]);
    expect((await survey(paths, { useCache: false })).read).toEqual(["main.tex", "silent.tex"]);

    const cache = openSurveyCache(path.join(fixture.root, "out/.cache.sqlite"));
    const sha256 = byId((await survey(paths)).records)["silent.tex"]!.sha256;
    expect(cache.get({ sha256, readerVersion: readerVersion("pdfjs"), repo: null })?.id).toBe("silent.tex");
    expect(cache.get({ sha256, readerVersion: "0.0.0+000000000000+pdfjs", repo: null })).toBeNull();
    expect(cache.get({ sha256, readerVersion: readerVersion("pdfjs"), repo: "/elsewhere" })).toBeNull();
    expect(cache.size()).toBe(4);
    cache.close();
  });

  it("keeps every paper finished before an interrupt, summarises them, and reads the rest next run", async () => {
    fixture = writeSurveyFixture();
    const interrupt = new AbortController();
    let finished = 0;
    const progress: SurveyProgress = {
      ...silent,
      paper: () => {
        if (++finished === 2) interrupt.abort();
      },
    };
    // The first two papers are read; the others are still being read when Ctrl-C comes, as a worker would.
    let started = 0;
    const runTask = (task: SurveyTask, signal: AbortSignal): Promise<SurveyPaperRecord> =>
      ++started <= 2
        ? surveyPaper(task.job, task.options)
        : new Promise((_, reject) => {
            if (signal.aborted) reject(new Error("aborted"));
            signal.addEventListener("abort", () => reject(new Error("aborted")));
          });
    const stopped = await survey([fixture.papers], { progress, signal: interrupt.signal, runTask });
    expect(stopped.result.interrupted).toBe(true);
    expect(stopped.records.length).toBeGreaterThanOrEqual(2);
    expect(stopped.records.length).toBeLessThan(5);
    expect(stopped.result.summary.papers.read + stopped.result.summary.papers.failed).toBe(
      stopped.records.length,
    );

    const resumed = await survey([fixture.papers]);
    expect(resumed.read).toHaveLength(5 - stopped.records.length);
    expect(resumed.result.summary.papers.cached).toBe(stopped.records.length);
    expect(resumed.records).toHaveLength(5);
  });

  it("reads a manifest paper's repository with it, keeps the paper's own summary, and caches per repository", async () => {
    fixture = writeSurveyFixture();
    const repo = path.join(fixture.root, "repos/silent-code");
    mkdirSync(repo, { recursive: true });
    writeFileSync(
      path.join(repo, "train.py"),
      'import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--epochs", type=int, default=12)\n',
    );
    const manifest = path.join(fixture.root, "manifest.jsonl");
    writeFileSync(manifest, '{"id":"silent","paper":"papers/silent.tex","repo":"silent-code"}\n');
    const jobs = collectSurveyJobs({ paths: [], manifest, repos: path.join(fixture.root, "repos") });
    const withRepo = await survey([], { jobs });
    expect(withRepo.records[0]).toMatchObject({
      id: "silent",
      repo,
      status: "read",
      summary: { epochs: null },
    });
    const paperOnly = await survey([path.join(fixture.papers, "silent.tex")]);
    expect(paperOnly.read).toEqual(["silent.tex"]); // another repository (none): another cache entry
    expect(paperOnly.records[0]?.summary).toEqual(withRepo.records[0]?.summary);
  });

  it("records a paper whose worker stopped as failed, without caching it", async () => {
    fixture = writeSurveyFixture();
    const paths = [path.join(fixture.papers, "silent.tex")];
    const crash = async (): Promise<SurveyPaperRecord> => {
      throw new Error("exit code 1");
    };
    const { records } = await survey(paths, { runTask: crash });
    expect(records[0]).toMatchObject({
      status: "failed",
      error: "the worker reading the paper stopped: exit code 1",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await survey(paths)).read).toEqual(["silent.tex"]);
  });

  it("prints JSON events: start, one per paper, done with the counts", async () => {
    fixture = writeSurveyFixture();
    const lines: string[] = [];
    const stdout = { write: (text: string) => lines.push(text) } as unknown as NodeJS.WritableStream;
    await survey([path.join(fixture.papers, "sparse"), path.join(fixture.papers, "broken")], {
      progress: createProgress("json", { stdout, stderr: process.stderr }),
    });
    const events = lines
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0]).toEqual({
      event: "start",
      total: 2,
      workers: 2,
      text_engine: "pdfjs",
      reader_version: readerVersion("pdfjs"),
      out: path.join(fixture.root, "out"),
    });
    expect(
      events
        .slice(1, 3)
        .map((e) => [e.event, e.id, e.status, e.cached])
        .sort(),
    ).toEqual([
      ["paper", "corrupt.pdf", "failed", false],
      ["paper", "main.tex", "read", false],
    ]);
    expect(events[3]).toMatchObject({
      event: "done",
      read: 1,
      failed: 1,
      cached: 0,
      total: 2,
      interrupted: false,
    });
    expect(events).toHaveLength(4);
  });
});
