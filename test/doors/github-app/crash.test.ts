/**
 * Crash safety of the real server: `probot run ./dist/server.js` (what `npm start` runs) in a child process,
 * GitHub played by the fake API on loopback (GHE_HOST/GHE_PROTOCOL), the real checklist pipeline. The process
 * is killed with SIGKILL mid-analysis, started again on the same data and work folders, and must leave exactly
 * one completed check run for the commit and no temporary folder.
 *
 * The analysis is made to hang deterministically, without any test-only setting in the app: the fake GitHub
 * holds its answer (the archive download, or the check run creation) for as long as the first process lives.
 * Needs `npm run build` (it runs dist/, like the CLI tests).
 */
import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openQueueJournal } from "../../../src/runtime/queue/journal.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { payload, PRIVATE_KEY, SHA_MAIN } from "../../helpers/app/github.js";
import { freePort, githubSignature } from "../../helpers/app/probot-server.js";
import { paperRepoTarball } from "../../helpers/app/tarball.js";

const ROOT = path.resolve(new URL("../../..", import.meta.url).pathname);
const PROBOT = path.join(ROOT, "node_modules/probot/bin/probot.js");
const SECRET = "crash-webhook-secret";
const REPO = "neurips-demo/paper-0042";
const API = `/api/v3/repos/${REPO}`;

type Fake = Awaited<ReturnType<typeof startFakeGitHub>>;

interface ServerProcess {
  child: ChildProcess;
  base: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts the server as `npm start` does, with only the environment given here, and waits for its health route. */
async function startServer(fake: Fake, folders: { work: string; data: string }): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [PROBOT, "run", "./dist/server.js"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      APP_ID: "1001",
      PRIVATE_KEY,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      NODE_ENV: "production",
      ML_FOOTPRINT_TMPDIR: folders.work,
      ML_FOOTPRINT_DATA_DIR: folders.data,
      ML_FOOTPRINT_CONCURRENCY: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const server = { child, base: `http://127.0.0.1:${port}`, output, exited };
  running.push(server);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${output.join("")}`);
    const health = await fetch(`${server.base}/ml-footprint/health`).catch(() => null);
    if (health?.ok) return server;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the server's queue has finished `completed` jobs and runs nothing (its health route). */
async function untilIdle(server: ServerProcess, completed: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(`${server.base}/ml-footprint/health`)).json()) as {
      queue: { running: number; waiting: number; delayed: number; completed: number };
    };
    const { running: busy, waiting, delayed } = health.queue;
    if (health.queue.completed >= completed && busy + waiting + delayed === 0) return;
    if (Date.now() > deadline)
      throw new Error(`the server did not finish ${completed} job(s): ${JSON.stringify(health.queue)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function killHard(server: ServerProcess): Promise<void> {
  server.child.kill("SIGKILL");
  expect(await server.exited).toEqual({ code: null, signal: "SIGKILL" });
}

async function sendPush(server: ServerProcess, deliveryId: string): Promise<number> {
  const body = JSON.stringify(payload("push"));
  const response = await fetch(`${server.base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": githubSignature(body, SECRET),
    },
    body,
  });
  return response.status;
}

interface FakeCheckRun {
  id: number;
  head_sha: string;
  external_id: string;
  status: string;
  updates: unknown[];
  output: { title: string };
}
const checkRuns = (fake: Fake): FakeCheckRun[] => fake.state.checkRuns as unknown as FakeCheckRun[];

const calls = (fake: Fake, from = 0): string[] =>
  fake.state.requests.slice(from).map((r: { method: string; path: string }) => `${r.method} ${r.path}`);

/** The temporary folders left in the work root: `run-<pid>-*` folders and what they hold. */
function workTree(work: string): Record<string, string[]> {
  const tree: Record<string, string[]> = {};
  for (const name of readdirSync(work)) tree[name] = readdirSync(path.join(work, name));
  return tree;
}

const running: ServerProcess[] = [];
let scratch: string;
let fake: Fake | null = null;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, "dist/server.js")))
    throw new Error(
      "dist/ is missing: run `npm run build` before this test (it runs the server as npm start does)",
    );
});

afterEach(async () => {
  for (const server of running.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  }
  await fake?.close();
  fake = null;
  rmSync(scratch, { recursive: true, force: true });
});

function setUp(hold: (request: { method: string; path: string }) => boolean) {
  scratch = mkdtempSync(path.join(tmpdir(), "ml-footprint-crash-"));
  return { work: path.join(scratch, "work"), data: path.join(scratch, "data"), hold };
}

/** After the last server stopped: the journal holds nothing unfinished. */
function expectJournalEmpty(data: string): void {
  const journal = openQueueJournal(path.join(data, "queue.sqlite"));
  try {
    expect(journal.takeOver()).toEqual([]);
  } finally {
    journal.close();
  }
}

describe("the server killed with SIGKILL mid-analysis and started again", () => {
  it("completes the check run it had opened, once, and leaves no temporary folder (killed while downloading)", async () => {
    let holdArchive = true;
    const folders = setUp(({ path: p }) => holdArchive && p.startsWith("/codeload/"));
    fake = await startFakeGitHub({
      tarball: (_o: string, _r: string, sha: string) => paperRepoTarball(sha),
      hold: folders.hold,
    });

    const first = await startServer(fake, folders);
    expect(await sendPush(first, "crash-push-1")).toBe(200);
    await until("the archive download is under way", () => fake!.state.held === 1);
    // Mid-analysis: the check run is open and the commit's folder exists.
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({ status: "in_progress", head_sha: SHA_MAIN });
    const firstFolders = workTree(folders.work);
    expect(Object.keys(firstFolders)).toEqual([expect.stringMatching(`^run-${first.child.pid}-`)]);
    expect(Object.values(firstFolders)[0]).toEqual([expect.stringMatching(/^checkout-/)]);
    const key = checkRuns(fake)[0]!.external_id;
    expect(key).toMatch(new RegExp(`^ml-footprint/1:${SHA_MAIN}:[0-9a-f]{16}$`));
    expect(calls(fake)).toEqual([
      "POST /api/v3/app/installations/4242/access_tokens",
      `GET ${API}/contents/.github%2Fml-footprint.yml`,
      "GET /api/v3/repos/neurips-demo/.github/contents/.github%2Fml-footprint.yml",
      `GET ${API}/commits/${SHA_MAIN}/check-runs`,
      `POST ${API}/check-runs`,
      `GET ${API}/tarball/${SHA_MAIN}`,
      `GET /codeload/${REPO}/${SHA_MAIN}`,
    ]);

    await killHard(first);
    holdArchive = false;
    const before = fake.state.requests.length;
    const second = await startServer(fake, folders);
    await untilIdle(second, 1);

    // The second process took the job over from its journal, with the check run's id: no lookup, no second run.
    expect(calls(fake, before)).toEqual([
      "POST /api/v3/app/installations/4242/access_tokens",
      `GET ${API}/contents/.github%2Fml-footprint.yml`,
      "GET /api/v3/repos/neurips-demo/.github/contents/.github%2Fml-footprint.yml",
      `GET ${API}/tarball/${SHA_MAIN}`,
      `GET /codeload/${REPO}/${SHA_MAIN}`,
      "GET /api/v3/app",
      `GET ${API}/issues`,
      `POST ${API}/issues`,
      `PATCH ${API}/check-runs/1000`,
    ]);
    expect(fake.state.unmatched).toEqual([]);
    expect(fake.state.checkRuns).toHaveLength(1);
    const run = checkRuns(fake)[0]!;
    expect(run).toMatchObject({ id: 1000, head_sha: SHA_MAIN, external_id: key, status: "completed" });
    expect(run.updates).toHaveLength(1);
    expect(run.output.title).not.toMatch(/interrupted|could not be computed/);
    expect(fake.state.issues.get(REPO)).toHaveLength(1);
    expect(fake.state.issues.get(REPO)[0].body).toContain(`Last checked: ${REPO}@${SHA_MAIN}.`);

    // The killed process's folder was removed at start; the new one holds no checkout.
    expect(workTree(folders.work)).toEqual({ [Object.keys(workTree(folders.work))[0]!]: [] });
    expect(Object.keys(workTree(folders.work))[0]).toMatch(new RegExp(`^run-${second.child.pid}-`));
    await killHard(second);
    expectJournalEmpty(folders.data);
  }, 60_000);

  it("finds the check run GitHub created by its key when the process died before hearing the answer", async () => {
    let holdCreation = true;
    const folders = setUp(
      ({ method, path: p }) => holdCreation && method === "POST" && p.endsWith("/check-runs"),
    );
    fake = await startFakeGitHub({
      tarball: (_o: string, _r: string, sha: string) => paperRepoTarball(sha),
      hold: folders.hold,
    });

    const first = await startServer(fake, folders);
    expect(await sendPush(first, "crash-push-2")).toBe(200);
    await until("the check run creation is sent", () => fake!.state.held === 1);
    expect(fake.state.checkRuns).toHaveLength(1);
    await killHard(first);

    holdCreation = false;
    const before = fake.state.requests.length;
    const second = await startServer(fake, folders);
    await untilIdle(second, 1);

    expect(calls(fake, before)).toEqual([
      "POST /api/v3/app/installations/4242/access_tokens",
      `GET ${API}/contents/.github%2Fml-footprint.yml`,
      "GET /api/v3/repos/neurips-demo/.github/contents/.github%2Fml-footprint.yml",
      `GET ${API}/commits/${SHA_MAIN}/check-runs`,
      `GET ${API}/tarball/${SHA_MAIN}`,
      `GET /codeload/${REPO}/${SHA_MAIN}`,
      "GET /api/v3/app",
      `GET ${API}/issues`,
      `POST ${API}/issues`,
      `PATCH ${API}/check-runs/1000`,
    ]);
    expect(fake.state.unmatched).toEqual([]);
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({ id: 1000, status: "completed" });
    expect(Object.values(workTree(folders.work))).toEqual([[]]);
    expect(Object.keys(workTree(folders.work))[0]).toMatch(new RegExp(`^run-${second.child.pid}-`));
    await killHard(second);
    expectJournalEmpty(folders.data);
  }, 60_000);
});
