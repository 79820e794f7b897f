#!/usr/bin/env node
// Burst benchmark of the review-platform receiver (issue 7): a deadline-night burst of signed submissions
// (Standard Webhooks) POSTed to the real server (Probot's server with the app and the receiver, as `npm start`
// runs them), processed through the app's own queue and analysis job against a fake GitHub
// (test/helpers/app/fake-github.mjs behind test/doors/review-platform/installation-front.mjs), each report POSTed signed to a
// callback receiver. Figures are reported; the script exits 1 when an invariant fails (a submission lost,
// analysed twice, or its report delivered other than exactly once, or a replay processed).
//
// The main thread runs only the server (app, receiver, queue, store). The outside world (the platform's
// clients, the fake GitHub, the callback receiver) runs in a worker thread, so its CPU is not charged to the
// server's event loop (two cores here).
//
// The checklist pipeline is a stub (a fixed report after --stub-ms): what is measured is the receiver, the
// store, the queue, the GitHub round trips and the callbacks; the analysis' own cost is measured by
// scripts/bench-app.mjs and scripts/bench.mjs.
//
//   npm run build && node scripts/bench-platform.mjs
//   options: --submissions 1000 --repos 1000 --replays 50 --clients 20 --concurrency 2 --stub-ms 0 --latency-ms 0
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OWNER = "bench-venue-code";
const VENUE = "Bench.cc/2026/Conference";
const INSTALLATION = 77;
const KEY = Buffer.from("bench-platform-secret");
const SHA = "5555555555555555555555555555555555555555";
const repoOf = (i, repos) => `paper-${String(i % repos).padStart(4, "0")}`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const ms = (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

if (isMainThread) await server();
else await outsideWorld(workerData);

/** The outside world, in a worker: fake GitHub, callback receiver, and the platform's clients. */
async function outsideWorld({
  submissions: SUBMISSIONS,
  repos: REPOS,
  replays: REPLAYS,
  clients: CLIENTS,
  latencyMs,
}) {
  const { signStandardWebhook, verifyStandardWebhook } = await import(
    path.join(root, "dist/doors/review-platform/auth/standard-webhooks.js")
  );
  const { startFakeGitHub } = await import(path.join(root, "test/helpers/app/fake-github.mjs"));
  const { startInstallationFront } = await import(
    path.join(root, "test/doors/review-platform/installation-front.mjs")
  );
  const tar = await import("tar");

  // A small code-only repository (no paper: the submission's PDF is the paper).
  const work = mkdtempSync(path.join(tmpdir(), "ml-footprint-bench-platform-world-"));
  const top = path.join(work, "repo-top");
  mkdirSync(path.join(top, "scripts"), { recursive: true });
  writeFileSync(path.join(top, "README.md"), "# Bench paper\n\nRun `bash scripts/launch.sh`.\n");
  writeFileSync(
    path.join(top, "scripts/launch.sh"),
    "#!/bin/bash\n#SBATCH --gres=gpu:a100:4\npython train.py\n",
  );
  writeFileSync(path.join(top, "train.py"), "EPOCHS = 10\n");
  await tar.c({ gzip: true, file: path.join(work, "a.tar.gz"), cwd: work, portable: true }, ["repo-top"]);
  const archive = readFileSync(path.join(work, "a.tar.gz"));
  rmSync(work, { recursive: true, force: true });

  const branches = {};
  for (let r = 0; r < REPOS; r++) branches[`${OWNER}/${repoOf(r, REPOS)}`] = SHA;
  const fake = await startFakeGitHub({ tarball: () => archive, branches, latencyMs });
  const front = await startInstallationFront(fake.host, (name) =>
    name.startsWith(`${OWNER}/`) ? INSTALLATION : null,
  );

  const callbacks = new Map();
  let badSignatures = 0;
  const receiver = createHttpServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    if (!verifyStandardWebhook(req.headers, body, [KEY], Math.floor(Date.now() / 1000)).ok)
      badSignatures += 1;
    const report = JSON.parse(body.toString("utf8"));
    const list = callbacks.get(report.submission_id) ?? [];
    list.push({ at: Date.now(), status: report.status });
    callbacks.set(report.submission_id, list);
    res.writeHead(204).end();
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const callbackUrl = `http://127.0.0.1:${receiver.address().port}/hooks/ml-footprint`;

  // The burst: one submission per paper repository (--repos fewer shares them), each with a small inline PDF,
  // plus replays of some deliveries (same webhook-id and body: answered, never processed again).
  const submissions = Array.from({ length: SUBMISSIONS }, (_, i) => ({
    id: `msg_bench_${i}`,
    submission: String(10000 + i),
    body: JSON.stringify({
      id: String(10000 + i),
      version: 1,
      title: `Bench submission ${i}`,
      venue: VENUE,
      platform: "other",
      paper: {
        base64: Buffer.from(`%PDF-1.4\n% bench submission ${i}\n%%EOF\n`).toString("base64"),
        filename: `paper-${i}.pdf`,
      },
      repository: `${OWNER}/${repoOf(i, REPOS)}`,
      callback_url: callbackUrl,
    }),
  }));
  const deliveries = [...submissions];
  for (let k = 0; k < REPLAYS; k++) {
    const original = submissions[(k * 7919) % Math.max(1, Math.floor(SUBMISSIONS * 0.9))];
    const at = Math.min(deliveries.length, deliveries.indexOf(original) + 5 + (k % 40));
    deliveries.splice(at, 0, original);
  }

  parentPort.postMessage({ type: "ready", githubHost: front.host });
  const { port } = await new Promise((resolve) => parentPort.once("message", resolve));

  const acks = [];
  const statuses = new Map(); // webhook-id → statuses answered
  const sentAt = {};
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++];
        const timestamp = Math.floor(Date.now() / 1000);
        sentAt[delivery.submission] ??= Date.now();
        const t0 = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/ml-footprint/submissions`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "webhook-id": delivery.id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signStandardWebhook(delivery.id, timestamp, delivery.body, KEY),
          },
          body: delivery.body,
        });
        const answer = await response.json();
        acks.push(performance.now() - t0);
        const label = response.status === 200 && answer.replayed ? "replayed" : String(response.status);
        statuses.set(delivery.id, [...(statuses.get(delivery.id) ?? []), label]);
      }
    }),
  );
  const sendSeconds = (performance.now() - started) / 1000;
  parentPort.postMessage({
    type: "sent",
    acks,
    sendSeconds,
    statuses: [...statuses],
    deliveries: deliveries.length,
  });

  await new Promise((resolve) => parentPort.once("message", resolve));
  parentPort.postMessage({
    type: "world",
    callbacks: [...callbacks],
    badSignatures,
    sentAt,
    checkRuns: fake.state.checkRuns.map((r) => ({ id: r.id, status: r.status })),
    issueCounts: [...fake.state.issues.values()].map((list) => list.length),
    unmatched: fake.state.unmatched,
  });
  await new Promise((resolve) => receiver.close(resolve));
  await front.close();
  await fake.close();
}

/** The ml-footprint server, in the main thread, and the report. */
async function server() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
  };
  const config = {
    submissions: option("submissions", 1000),
    repos: option("repos", option("submissions", 1000)),
    replays: option("replays", 50),
    clients: option("clients", 20),
    latencyMs: option("latency-ms", 0),
  };
  const CONCURRENCY = option("concurrency", 2);
  const STUB_MS = option("stub-ms", 0);

  const { run, ProbotOctokit } = await import("probot");
  const { setupServer } = await import(path.join(root, "dist/server.js"));
  const { setupReviewPlatform } = await import(path.join(root, "dist/doors/review-platform/index.js"));
  const { DEFAULT_PLATFORM_SETTINGS } = await import(
    path.join(root, "dist/doors/review-platform/settings.js")
  );
  const { EMPTY_VENUES } = await import(path.join(root, "dist/doors/review-platform/venues/config.js"));

  const world = new Worker(fileURLToPath(import.meta.url), { workerData: config });
  const fromWorld = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message.type !== type) return;
        world.off("message", onMessage);
        resolve(message);
      };
      world.on("message", onMessage);
      world.once("error", reject);
    });
  const { githubHost } = await fromWorld("ready");

  const stubReport = {
    profile: "neurips",
    verdict: "incomplete",
    headline: "Compute disclosure incomplete: 1 of 2 required items disclosed",
    items: ["hardware", "training_time"].map((id, i) => ({
      id,
      title: id,
      venueRefs: ["neurips.8"],
      required: true,
      status: i === 0 ? "disclosed" : "missing",
      message: "",
      values: {},
      evidence: [],
    })),
    crosscheck: [],
    estimate: null,
    estimateMissing: [],
    declaration: null,
    paper: null,
    code: null,
    warnings: [],
    annotations: [],
    snippets: { paragraph: "", footprintYml: "", modelCard: "" },
  };
  const work = mkdtempSync(path.join(tmpdir(), "ml-footprint-bench-platform-"));
  // The app's queue journal goes to this scratch folder, never the checkout's .ml-footprint/.
  process.env.ML_FOOTPRINT_DATA_DIR = work;
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const port = await freePort();
  let runtime;
  let platform;
  const server = await run(
    async (app, options) => {
      runtime = await setupServer(app, options, {
        runCheck: async () => {
          if (STUB_MS > 0) await new Promise((r) => setTimeout(r, STUB_MS));
          return JSON.parse(JSON.stringify(stubReport));
        },
      });
      platform = await setupReviewPlatform(app, options, runtime, {
        settings: {
          ...DEFAULT_PLATFORM_SETTINGS,
          webhookSecrets: [KEY],
          callbackSecret: KEY,
          readTokens: ["bench-token"],
          databaseFile: path.join(work, "platform.sqlite"),
          callbackHosts: ["127.0.0.1"],
          allowPrivateNetwork: true,
          // The burst's venue is not in a venues file: the server is opened to any venue, as an operator can.
          anyVenue: true,
        },
        venues: EMPTY_VENUES,
        env: {},
        schedulePolls: false,
      });
    },
    {
      env: {
        APP_ID: "1001",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: "bench-github-secret",
        HOST: "127.0.0.1",
        PORT: String(port),
        GHE_HOST: githubHost,
        GHE_PROTOCOL: "http",
        LOG_LEVEL: "fatal",
        ML_FOOTPRINT_CONCURRENCY: String(CONCURRENCY),
      },
      // GitHub's write pacing is Probot's default; off, as in bench-app's main figures, to measure the receiver.
      Octokit: ProbotOctokit.defaults((o) => ({ ...o, throttle: { enabled: false } })),
    },
  );

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const wallStart = Date.now();
  world.postMessage({ port });
  const sent = await fromWorld("sent");
  const loopDuringBurst = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  await runtime.queue.onIdle();
  const drainSeconds = (Date.now() - wallStart) / 1000;
  loopDelay.disable();
  const stats = runtime.queue.stats();
  world.postMessage({ type: "report" });
  const outside = await fromWorld("world");

  // Invariants: every submission stored once, analysed exactly once, completed, and its report delivered
  // exactly once with a valid signature; each webhook-id accepted once, its replays answered and not processed.
  const failures = [];
  const records = platform.store.listVenue(VENUE);
  if (records.length !== config.submissions)
    failures.push(`${records.length} submissions stored, ${config.submissions} sent`);
  for (const record of records) {
    if (record.status !== "completed")
      failures.push(`${record.submissionId}: ${record.status} ${record.statusReason}`);
    if (record.runs !== 1) failures.push(`${record.submissionId}: analysed ${record.runs} times`);
    if (record.callbackStatus !== "delivered")
      failures.push(`${record.submissionId}: callback ${record.callbackStatus}`);
  }
  const callbacks = new Map(outside.callbacks);
  for (let i = 0; i < config.submissions; i++) {
    const delivered = callbacks.get(String(10000 + i)) ?? [];
    if (delivered.length !== 1) failures.push(`${10000 + i}: report delivered ${delivered.length} times`);
  }
  if (outside.badSignatures > 0) failures.push(`${outside.badSignatures} callbacks with a bad signature`);
  let accepted = 0;
  let replayed = 0;
  for (const [id, answers] of sent.statuses) {
    accepted += answers.filter((a) => a === "202").length;
    replayed += answers.filter((a) => a === "replayed").length;
    const other = answers.filter((a) => a !== "202" && a !== "replayed");
    if (answers.filter((a) => a === "202").length !== 1 || other.length > 0)
      failures.push(`${id}: answered ${answers.join(", ")}`);
  }
  if (outside.checkRuns.length !== config.submissions)
    failures.push(`${outside.checkRuns.length} check runs for ${config.submissions} analyses`);
  for (const checkRun of outside.checkRuns)
    if (checkRun.status !== "completed") failures.push(`check run ${checkRun.id} left ${checkRun.status}`);
  if (outside.unmatched.length > 0)
    failures.push(`unexpected API calls: ${outside.unmatched.slice(0, 5).join(", ")}`);
  const severalIssues = outside.issueCounts.filter((n) => n > 1).length;
  if (config.repos === config.submissions && severalIssues > 0)
    failures.push(`${severalIssues} repositories with more than one tracking issue`);

  const toCallback = [...callbacks].map(([id, list]) => list[0].at - outside.sentAt[id]);
  console.log(`
Burst: ${config.submissions} signed submissions (+${config.replays} replayed deliveries) from ${config.clients} concurrent clients in ${sent.sendSeconds.toFixed(2)} s
Server (main thread): Probot's server with the app and the receiver; queue concurrency ${CONCURRENCY}; SQLite (WAL) store; stub checklist (${STUB_MS} ms)
Outside world (worker thread): clients, fake GitHub (${config.latencyMs} ms per answer, write pacing off, ${config.repos} paper repositories), callback receiver

acknowledgment latency   p50 ${ms(percentile(sent.acks, 50))}   p99 ${ms(percentile(sent.acks, 99))}   max ${ms(Math.max(...sent.acks))}   (target p99 < 100 ms)
answers                  ${accepted} × 202 accepted, ${replayed} × 200 replayed (not processed again) of ${sent.deliveries} deliveries
submission → callback    p50 ${ms(percentile(toCallback, 50))}   p95 ${ms(percentile(toCallback, 95))}   max ${ms(Math.max(...toCallback))}
server event-loop delay  p99 ${ms(loopDuringBurst.p99)}   max ${ms(loopDuringBurst.max)} during the burst (the queue works while answering)
drained in               ${drainSeconds.toFixed(1)} s (every analysis and callback)
queue                    ${stats.completed} jobs completed (analyses + callbacks), ${stats.failed} failed, ${stats.retries} retries
store                    ${records.length} submissions, ${records.filter((r) => r.runs === 1).length} analysed exactly once, ${records.filter((r) => r.callbackStatus === "delivered").length} reports delivered
callbacks                ${[...callbacks.values()].reduce((n, l) => n + l.length, 0)} received for ${callbacks.size} submissions, ${outside.badSignatures} bad signatures
GitHub                   ${outside.checkRuns.length} check runs, ${outside.issueCounts.reduce((a, b) => a + b, 0)} tracking issues for ${config.repos} repositories (${severalIssues} with more than one)
invariants               ${failures.length === 0 ? "ok: every submission acknowledged once, stored, analysed once and reported once; no replay processed" : `FAILED (${failures.length})`}`);
  for (const failure of failures.slice(0, 20)) console.log(`  - ${failure}`);

  await runtime.close();
  await platform.close();
  await server.stop();
  await world.terminate();
  rmSync(work, { recursive: true, force: true });
  process.exit(failures.length === 0 ? 0 : 1);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
