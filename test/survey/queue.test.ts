/**
 * The survey through a real Redis queue, workers in this process (each paper read by `surveyPaper` in this
 * thread, counted): the records equal a local run's, each paper is read once (also when two papers share their
 * bytes, and when a later survey adds it again), `--no-cache` reads again, and a worker of another reader version
 * puts the paper back untouched and stops. Killed workers (child processes) are in queue-workers.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { collectSurveyJobs } from "../../src/survey/inputs.js";
import { parseQueueUrl } from "../../src/survey/queue/connection.js";
import { startQueueWorker, type QueueWorker } from "../../src/survey/queue/queue-worker.js";
import { runSurvey, type SurveyRunOptions } from "../../src/survey/run.js";
import { surveyPaper } from "../../src/survey/survey-paper.js";
import type { SurveyProgress } from "../../src/survey/progress.js";
import type { SurveyPaperRecord } from "../../src/survey/types.js";
import type { SurveyTask } from "../../src/survey/worker.js";
import { writeSurveyFixture, type SurveyFixture } from "./papers.js";
import { redisServerAvailable, startRedis, type TestRedis } from "./redis-server.js";

jest.setTimeout(60_000);

const available = redisServerAvailable();
const describeWithRedis = available ? describe : describe.skip;

let redis: TestRedis;
let fixture: SurveyFixture | undefined;
const workers: QueueWorker[] = [];

beforeAll(async () => {
  if (available) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  if (fixture) rmSync(fixture.root, { recursive: true, force: true });
  fixture = undefined;
});

const silent: SurveyProgress = { start: () => undefined, paper: () => undefined, done: () => undefined };

/** A worker in this process; `reads` collects the ids it read. */
async function worker(url: string, reads: string[], readerBuild?: string): Promise<QueueWorker> {
  const started = await startQueueWorker({
    url,
    concurrency: 1,
    timeoutMs: 30_000,
    ...(readerBuild ? { readerBuild } : {}),
    runTask: (task: SurveyTask) => {
      reads.push(task.job.id);
      return surveyPaper(task.job, task.options);
    },
  });
  workers.push(started);
  return started;
}

function survey(paths: string[], out: string, extra: Partial<SurveyRunOptions> = {}) {
  return runSurvey({
    jobs: collectSurveyJobs({ paths }),
    outDir: path.join(fixture!.root, out),
    workers: 2,
    pdfEngine: "pdfjs",
    useCache: true,
    timeoutMs: 30_000,
    progress: silent,
    ...extra,
  });
}

function records(file: string): SurveyPaperRecord[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as SurveyPaperRecord);
}

/** Records by id, without the time each took. */
function comparable(file: string): Record<string, Omit<SurveyPaperRecord, "seconds">> {
  return Object.fromEntries(
    records(file)
      .map(({ seconds: _seconds, ...rest }) => rest)
      .map((record) => [record.id, record]),
  );
}

describeWithRedis("survey --queue", () => {
  it("gives the records a local survey gives, each distinct paper read once by the two workers", async () => {
    fixture = writeSurveyFixture();
    // A second copy of a paper: two records, one reading.
    mkdirSync(path.join(fixture.papers, "copy"));
    copyFileSync(path.join(fixture.papers, "small-labs.pdf"), path.join(fixture.papers, "copy/again.pdf"));
    const local = await survey([fixture.papers], "local", {
      runTask: (task: SurveyTask) => surveyPaper(task.job, task.options),
    });

    const url = `${redis.url}/1`;
    const reads: string[][] = [[], []];
    await worker(url, reads[0]!);
    await worker(url, reads[1]!);
    const queued = await survey([fixture.papers], "queued", { queue: { url } });

    const expected = comparable(local.files.papers);
    expect(Object.keys(expected)).toHaveLength(6);
    expect(comparable(queued.files.papers)).toEqual(expected);
    expect(records(queued.files.papers)).toHaveLength(6);
    const all = [...reads[0]!, ...reads[1]!];
    // 6 papers, 5 distinct contents: the copy shares its original's reading (whichever of the two went first).
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect(all.filter((id) => id === "small-labs.pdf" || id === "copy/again.pdf")).toHaveLength(1);
    expect(queued.summary.papers).toEqual(local.summary.papers);
    expect(queued.summary.disclosure).toEqual(local.summary.disclosure);
    expect(queued.summary.cost.workers).toBeGreaterThanOrEqual(1);
    expect(queued.summary.cost.workers).toBeLessThanOrEqual(2);

    // A later survey without this survey's cache adds the same jobs: no-ops, the stored results are taken.
    const again = await survey([fixture.papers], "again", { queue: { url } });
    expect(comparable(again.files.papers)).toEqual(expected);
    expect(reads[0]!.length + reads[1]!.length).toBe(5);
    expect(again.summary.cost.workers).toBe(0);

    // --no-cache reads again.
    const fresh = await survey([path.join(fixture.papers, "sparse")], "fresh", {
      queue: { url },
      useCache: false,
    });
    expect(records(fresh.files.papers).map((r) => r.status)).toEqual(["read"]);
    expect([...reads[0]!, ...reads[1]!].filter((id) => id === "main.tex")).toHaveLength(1);
    expect(reads[0]!.length + reads[1]!.length).toBe(6);
  });

  it("a worker of another reader version puts the paper back unread and stops; a right one reads it", async () => {
    fixture = writeSurveyFixture();
    const url = `${redis.url}/2`;
    const staleReads: string[] = [];
    const stale = await worker(url, staleReads, "0.0.0+0123456789ab");
    const running = survey([path.join(fixture.papers, "sparse")], "out", { queue: { url } });

    const stopped = await stale.stopped;
    expect(stopped).toEqual({
      refused: expect.stringMatching(
        /^this worker reads with reader version 0\.0\.0\+0123456789ab\+pdfjs and the survey asked for \S+\+pdfjs: run the same ml-footprint build/,
      ),
      read: 0,
    });
    expect(staleReads).toEqual([]);

    const reads: string[] = [];
    await worker(url, reads);
    const result = await running;
    expect(reads).toEqual(["main.tex"]);
    expect(records(result.files.papers)).toMatchObject([
      { id: "main.tex", status: "read", summary: { accelerator_count: 8 } },
    ]);
  });

  it("an unreachable Redis is one clear error, before any output", async () => {
    fixture = writeSurveyFixture();
    const { port } = parseQueueUrl(redis.url);
    await redis.stop();
    try {
      await expect(
        survey([fixture.papers], "none", { queue: { url: `redis://127.0.0.1:${port}` } }),
      ).rejects.toThrow(
        /^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\) \(--queue\)$/,
      );
    } finally {
      redis = await startRedis();
    }
  });
});

describe("--queue URLs", () => {
  it("reads host, port, database and credentials, and refuses what is not redis://HOST:PORT", () => {
    expect(parseQueueUrl("redis://redis:6379")).toEqual({
      host: "redis",
      port: 6379,
      db: 0,
      maxRetriesPerRequest: null,
    });
    expect(parseQueueUrl("rediss://u:p%40ss@10.0.0.2/3")).toEqual({
      host: "10.0.0.2",
      port: 6379,
      db: 3,
      username: "u",
      password: "p@ss",
      tls: {},
      maxRetriesPerRequest: null,
    });
    expect(() => parseQueueUrl("http://redis:6379")).toThrow(/scheme is redis or rediss/);
    expect(() => parseQueueUrl("redis:6379")).toThrow(/--queue must be redis:\/\/HOST:PORT/);
    expect(() => parseQueueUrl("redis://redis:6379/99")).toThrow(/database is 0 to 15/);
  });

  it("never repeats the password of a URL it refuses", () => {
    expect(() => parseQueueUrl("redis://u:s3cret@redis:6379/99")).toThrow(
      "--queue must be redis://HOST:PORT (the database is 0 to 15), not redis://u:***@redis:6379/99",
    );
    expect(() => parseQueueUrl("redis://u:s3cret@redis:99999")).toThrow(
      "--queue must be redis://HOST:PORT (not a URL), not redis://u:***@redis:99999",
    );
  });
});

describe("docs/survey-compose.yml", () => {
  const compose = readFileSync("docs/survey-compose.yml", "utf8");

  it("is the copy docs/survey.md shows", () => {
    expect(readFileSync("docs/survey.md", "utf8")).toContain(`\`\`\`yaml\n${compose}\`\`\``);
  });

  it("runs Redis, three workers and the survey on one queue, all seeing the papers at /survey", () => {
    const services = (
      parseYaml(compose, { merge: true }) as {
        services: Record<string, { command?: string[]; volumes?: string[]; image?: string }>;
      }
    ).services;
    expect(Object.keys(services).sort()).toEqual(["redis", "survey", "worker-1", "worker-2", "worker-3"]);
    for (const name of ["worker-1", "worker-2", "worker-3"]) {
      expect(services[name]?.command).toEqual(["ml-footprint", "worker", "--queue", "redis://redis:6379"]);
      expect(services[name]?.volumes).toEqual(["${SURVEY_DIR:-../survey}:/survey"]);
    }
    expect(services.survey?.volumes).toEqual(services["worker-1"]?.volumes);
    expect(services.survey?.command).toEqual([
      "ml-footprint",
      "survey",
      "/survey/papers",
      "--out",
      "/survey/out",
      "--queue",
      "redis://redis:6379",
    ]);
    // The image puts ml-footprint on the PATH for these commands.
    expect(readFileSync("Dockerfile", "utf8")).toContain(
      "RUN ln -s /app/bin/ml-footprint /usr/local/bin/ml-footprint",
    );
  });
});
