/**
 * Killed workers: two `bin/ml-footprint worker` processes (the built CLI) on a real Redis. The first reads PDFs
 * with a pdftotext that never answers (a stand-in first on its PATH), so it is certainly mid-paper when it is
 * killed (SIGKILL, its whole process group); the second, started then, reads the other papers and, once the
 * killed worker's lock has expired, the paper it held. Each paper is in papers.jsonl once and was read to the
 * end once.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { collectSurveyJobs } from "../../src/survey/inputs.js";
import { parseQueueUrl, SURVEY_QUEUE_NAME } from "../../src/survey/queue/connection.js";
import { runSurvey } from "../../src/survey/run.js";
import type { SurveyProgress } from "../../src/survey/progress.js";
import type { SurveyPaperRecord } from "../../src/survey/types.js";
import { writeSurveyFixture, type SurveyFixture } from "./papers.js";
import { redisServerAvailable, startRedis, type TestRedis } from "./redis-server.js";

jest.setTimeout(60_000);

const realPdftotext = spawnSync("sh", ["-c", "command -v pdftotext"], { encoding: "utf8" }).stdout.trim();
if (!realPdftotext && process.env.CI)
  throw new Error("pdftotext is missing: the killed-worker test needs it in CI");
const available = redisServerAvailable() && realPdftotext !== "";
if (!realPdftotext) console.warn("pdftotext is not installed: the killed-worker test is skipped");

let redis: TestRedis;
let fixture: SurveyFixture;
beforeAll(async () => {
  if (!available) return;
  redis = await startRedis();
  fixture = writeSurveyFixture();
});
afterAll(async () => {
  await redis?.stop();
  if (fixture) rmSync(fixture.root, { recursive: true, force: true });
});

interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `bin/ml-footprint worker` in its own process group (so that a kill takes its pdftotext children too). */
function startWorker(url: string, env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(
    "./bin/ml-footprint",
    ["worker", "--queue", url, "--jobs", "1", "--lock-duration", "1"],
    { detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const silent: SurveyProgress = { start: () => undefined, paper: () => undefined, done: () => undefined };

/** The ids a worker's log says it finished. */
const finished = (log: string): string[] =>
  [...log.matchAll(/^worker \S+: (?:read|failed) (\S+) \(/gm)].map((match) => match[1]!);

(available ? describe : describe.skip)("killed queue workers", () => {
  it("a paper whose worker is killed mid-paper is read by another worker, and recorded once", async () => {
    const url = redis.url;
    // The stand-in pdftotext: answers -v like the real one (the worker checks it is installed), hangs on a PDF.
    const bin = path.join(fixture.root, "hanging-bin");
    const mark = path.join(fixture.root, "pdftotext-started");
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, "pdftotext"),
      `#!/bin/sh\nif [ "$1" = "-v" ]; then exec ${realPdftotext} -v; fi\ntouch "${mark}"\nexec sleep 120\n`,
    );
    chmodSync(path.join(bin, "pdftotext"), 0o755);

    const first = startWorker(url, { PATH: `${bin}:${process.env.PATH ?? ""}` });
    const surveying = runSurvey({
      jobs: collectSurveyJobs({ paths: [fixture.papers] }),
      outDir: path.join(fixture.root, "out"),
      workers: 2,
      pdfEngine: "pdftotext",
      useCache: true,
      timeoutMs: 60_000,
      progress: silent,
      queue: { url },
    });
    const queue = new Queue(SURVEY_QUEUE_NAME, { connection: parseQueueUrl(url) });
    let second: WorkerProcess | null = null;
    try {
      await until("the first worker to be mid-PDF", () => existsSync(mark));
      const [held] = await queue.getActive();
      const heldId = (held?.data as { job: { id: string } }).job.id;
      expect(heldId).toMatch(/\.pdf$/);
      process.kill(-first.child.pid!, "SIGKILL");
      expect(await first.exited).toBeNull(); // killed, not exited

      second = startWorker(url);
      const result = await surveying;

      const records = readFileSync(result.files.papers, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as SurveyPaperRecord);
      const ids = records.map((r) => r.id).sort();
      expect(ids).toEqual([
        "broken/corrupt.pdf",
        "dense/paper.tex",
        "silent.tex",
        "small-labs.pdf",
        "sparse/main.tex",
      ]);
      const heldRecord = records.find((r) => r.id === heldId);
      if (heldId === "small-labs.pdf")
        expect(heldRecord).toMatchObject({ status: "read", summary: { accelerator_count: 2 } });
      else expect(heldRecord).toMatchObject({ status: "failed", error: expect.stringMatching(/corrupt/) });

      // Read to the end once each: the killed worker never finished the held paper, the second did.
      const done = [...finished(first.stderr()), ...finished(second.stderr())].sort();
      expect(done).toEqual(ids);
      expect(finished(first.stderr())).not.toContain(heldId);
      const job = await queue.getJob(
        (await queue.getCompleted()).find((j) => (j.data as { job: { id: string } }).job.id === heldId)!.id!,
      );
      expect(job?.stalledCounter).toBe(1);
      expect(job?.attemptsStarted).toBe(2);
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null)
        process.kill(-first.child.pid!, "SIGKILL");
      if (second) {
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);
      }
      await queue.close();
    }
  });
});

describe("ml-footprint worker and survey --queue, bad queues", () => {
  const cli = (args: string[]) =>
    spawnSync("./bin/ml-footprint", args, { encoding: "utf8", timeout: 30_000 });

  it("refuses a URL that is not redis://HOST:PORT, and says so when Redis does not answer", () => {
    const worker = cli(["worker", "--queue", "http://redis:6379"]);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toBe(
      "ml-footprint: --queue must be redis://HOST:PORT (the scheme is redis or rediss), not http://redis:6379\n",
    );
    const out = path.join(os.tmpdir(), `survey-unreachable-${process.pid}`);
    const survey = cli(["survey", "fixtures", "--out", out, "--queue", "redis://127.0.0.1:1"]);
    expect(survey.status).toBe(2);
    expect(survey.stderr).toMatch(
      /^ml-footprint: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED/,
    );
    expect(existsSync(out)).toBe(false); // nothing written before the queue answered
  });
});
