#!/usr/bin/env node
// Burst benchmark of the GitHub App (issue 6): a deadline-night burst of push webhooks, signed and sent over
// HTTP to the real Probot server (as `npm start` runs it), with GitHub played by a fake API on loopback
// (test/helpers/app/fake-github.mjs, reached through GHE_HOST/GHE_PROTOCOL). Every repository's archive is
// a synthetic ~20 MB (compressed) paper repository. Figures are reported, never asserted by tests; the
// script exits 1 when an invariant fails (a repository lost, duplicated or left on an older commit).
//
//   npm run build && node scripts/bench-app.mjs                 # real checklist pipeline (dist/pipeline.js)
//   node scripts/bench-app.mjs --pipeline stub --stub-ms 400    # stand-in with a fixed delay
//   node scripts/bench-app.mjs --github-pacing                  # keep Probot's 1 write/s per installation
//   options: --repos 50 --deliveries 200 --redeliveries 20 --spread-ms 2000 --latency-ms 50
//            --archive-mb 20 --concurrency 2 --singles 10
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const REPOS = Number(option("repos", 50));
const DELIVERIES = Number(option("deliveries", 200));
const REDELIVERIES = Number(option("redeliveries", 20));
const SPREAD_MS = Number(option("spread-ms", 2000));
const LATENCY_MS = Number(option("latency-ms", 50));
const ARCHIVE_MB = Number(option("archive-mb", 20));
const CONCURRENCY = option("concurrency", "2");
const PIPELINE = option("pipeline", "real");
const STUB_MS = Number(option("stub-ms", 400));
const PACING = args.includes("--github-pacing");
const SINGLES = Number(option("singles", 10));
const OWNER = "neurips-bench";
const INSTALLATION = 77;
const SECRET = "bench-secret";

const { run, ProbotOctokit } = await import("probot");
const { setupServer } = await import(path.join(root, "dist/server.js"));
const { startFakeGitHub } = await import(path.join(root, "test/helpers/app/fake-github.mjs"));
const tar = await import("tar");

// A seeded generator, so every run sends the same burst.
let seed = 20260501;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

/** A synthetic paper repository: code, configs, a LaTeX paper and incompressible assets up to the size. */
function writeSyntheticRepository(dir) {
  const w = (rel, text) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  w("README.md", "# Sparse widgets\n\nTrain: `bash scripts/train.slurm`. Evaluate: `python eval.py`.\n");
  w(
    "train.py",
    'import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--epochs", type=int, default=30)\n' +
      'parser.add_argument("--batch-size", type=int, default=256)\nargs = parser.parse_args()\n',
  );
  w(
    "scripts/train.slurm",
    "#!/bin/bash\n#SBATCH --gres=gpu:a100:4\n#SBATCH --time=12:00:00\ntorchrun --nproc_per_node=4 train.py\n",
  );
  w("configs/base.yaml", "epochs: 30\nbatch_size: 256\nlr: 0.001\n");
  w(
    "paper/main.tex",
    "\\documentclass{article}\n\\begin{document}\n\\section{Experiments}\nWe train for 30 epochs on four A100 GPUs for about 12 hours.\n\\end{document}\n",
  );
  for (let i = 0; i < 150; i++) {
    const body = Array.from(
      { length: 120 },
      (_, j) => `    x_${j} = layer_${i}_${j}(x_${j - 1 < 0 ? 0 : j - 1}) * ${(random() * 10).toFixed(4)}`,
    );
    w(`src/models/block_${i}.py`, `def block_${i}(x_0):\n${body.join("\n")}\n    return x_0\n`);
  }
  const assetBytes = Math.max(0, ARCHIVE_MB * 1024 * 1024 - 600 * 1024);
  const files = 10;
  for (let i = 0; i < files; i++) w(`assets/figure_${i}.png`, randomBytes(Math.floor(assetBytes / files)));
}

async function buildArchive() {
  const work = mkdtempSync(path.join(tmpdir(), "ml-footprint-bench-"));
  const top = path.join(work, "repo-top");
  mkdirSync(top);
  writeSyntheticRepository(top);
  const file = path.join(work, "archive.tar.gz");
  await tar.c({ gzip: true, file, cwd: work, portable: true }, ["repo-top"]);
  const { readFileSync } = await import("node:fs");
  const archive = readFileSync(file);
  rmSync(work, { recursive: true, force: true });
  return archive;
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

const sha = (repo, n) => createHmac("sha1", "bench").update(`${repo}#${n}`).digest("hex");

function pushPayload(repo, n) {
  return {
    ref: "refs/heads/main",
    before: n === 0 ? "0".repeat(40) : sha(repo, n - 1),
    after: sha(repo, n),
    deleted: false,
    repository: {
      id: 1000 + Number(repo.split("-")[1]),
      name: repo,
      full_name: `${OWNER}/${repo}`,
      owner: { login: OWNER, name: OWNER, type: "Organization" },
      default_branch: "main",
    },
    sender: { login: "author", type: "User" },
    installation: { id: INSTALLATION },
  };
}

// 1. The burst: unique pushes spread over the repositories in commit order, plus redeliveries of some of them.
const repos = Array.from({ length: REPOS }, (_, i) => `paper-${String(i).padStart(4, "0")}`);
const unique = DELIVERIES - REDELIVERIES;
const pushesPerRepo = repos.map((_, i) => Math.floor(unique / REPOS) + (i < unique % REPOS ? 1 : 0));
const deliveries = [];
{
  const next = repos.map(() => 0);
  let left = unique;
  while (left > 0) {
    const i = Math.floor(random() * REPOS);
    if (next[i] >= pushesPerRepo[i]) continue;
    const repo = repos[i];
    deliveries.push({
      id: `bench-${repo}-${next[i]}`,
      repo,
      n: next[i],
      body: JSON.stringify(pushPayload(repo, next[i])),
    });
    next[i] += 1;
    left -= 1;
  }
  for (let k = 0; k < REDELIVERIES; k++) {
    const original = deliveries[Math.floor(random() * deliveries.length * 0.8)];
    const at = Math.min(deliveries.length, deliveries.indexOf(original) + 1 + Math.floor(random() * 40));
    deliveries.splice(at, 0, { ...original, redelivery: true });
  }
}
const latest = new Map(repos.map((repo, i) => [repo, sha(repo, pushesPerRepo[i] - 1)]));

// 2. GitHub (fake) and the app (real server, real queue).
process.stdout.write(`building a ${ARCHIVE_MB} MB repository archive... `);
const archive = await buildArchive();
console.log(`${(archive.length / 1024 / 1024).toFixed(1)} MB`);
const fake = await startFakeGitHub({
  tarball: () => archive,
  configs: { [`${OWNER}/.github`]: "profile: neurips\n" },
  latencyMs: LATENCY_MS,
});
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const port = await freePort();
let runtime;
// The real pipeline runs as the app runs it by default: dist/pipeline.js in the app's worker-thread pool.
const services =
  PIPELINE === "stub"
    ? {
        runCheck: async () => {
          await new Promise((r) => setTimeout(r, STUB_MS));
          return {
            profile: "neurips",
            verdict: "incomplete",
            headline: "stub",
            items: [],
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
        },
      }
    : {};
// The app's queue journal goes to a scratch folder, never the checkout's .ml-footprint/.
const dataDir = mkdtempSync(path.join(tmpdir(), "ml-footprint-bench-data-"));
process.env.ML_FOOTPRINT_DATA_DIR = dataDir;
const server = await run(
  async (app, options) => {
    runtime = await setupServer(app, options, services);
  },
  {
    env: {
      APP_ID: "1001",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
      ML_FOOTPRINT_CONCURRENCY: CONCURRENCY,
    },
    ...(PACING ? {} : { Octokit: ProbotOctokit.defaults((o) => ({ ...o, throttle: { enabled: false } })) }),
  },
);

// 3. Send the burst: each delivery at its planned time, acknowledgment latency measured per request.
const acks = [];
const sentAt = new Map();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const started = performance.now();
const wallStart = Date.now();
await Promise.all(
  deliveries.map(async (delivery, index) => {
    const due = (index / deliveries.length) * SPREAD_MS;
    await new Promise((r) => setTimeout(r, due));
    const signature = `sha256=${createHmac("sha256", SECRET).update(delivery.body).digest("hex")}`;
    const t0 = performance.now();
    if (!delivery.redelivery) sentAt.set(sha(delivery.repo, delivery.n), Date.now());
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": delivery.id,
        "x-hub-signature-256": signature,
      },
      body: delivery.body,
    });
    await response.arrayBuffer();
    acks.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`delivery ${delivery.id}: HTTP ${response.status}`);
  }),
);
const sendSeconds = (performance.now() - started) / 1000;
await runtime.queue.onIdle();
const drainSeconds = (Date.now() - wallStart) / 1000;
loopDelay.disable();
const stats = runtime.queue.stats();
const burstCheckRuns = [...fake.state.checkRuns];

// 4. Invariants: one tracking issue per repository, on the latest commit; the latest commit's check run
//    exists once and is completed; no check run appears twice for a commit or stays in progress.
const failures = [];
const runsBySha = new Map();
for (const run of fake.state.checkRuns)
  runsBySha.set(run.head_sha, [...(runsBySha.get(run.head_sha) ?? []), run]);
for (const repo of repos) {
  const issues = fake.state.issues.get(`${OWNER}/${repo}`) ?? [];
  const head = latest.get(repo);
  if (issues.length !== 1) failures.push(`${repo}: ${issues.length} tracking issues`);
  else if (!issues[0].body.includes(`@${head}.`))
    failures.push(`${repo}: tracking issue not on the latest commit`);
  const runs = runsBySha.get(head) ?? [];
  if (runs.length !== 1) failures.push(`${repo}: ${runs.length} check runs on the latest commit`);
  else if (runs[0].status !== "completed" || runs[0].conclusion === "cancelled") {
    failures.push(`${repo}: latest check run ${runs[0].status}/${runs[0].conclusion}`);
  }
}
for (const [head, runs] of runsBySha)
  if (runs.length > 1) failures.push(`${head}: ${runs.length} check runs`);
for (const run of fake.state.checkRuns)
  if (run.status !== "completed") failures.push(`check run ${run.id} left ${run.status}`);
if (fake.state.unmatched.length > 0)
  failures.push(`unexpected API calls: ${fake.state.unmatched.join(", ")}`);

// 5. Uncontended: one push at a time to a quiet app, each waited for.
const single = [];
for (const repo of repos.slice(0, SINGLES)) {
  const n = pushesPerRepo[repos.indexOf(repo)];
  const body = JSON.stringify(pushPayload(repo, n));
  const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
  const t0 = Date.now();
  await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": `single-${repo}`,
      "x-hub-signature-256": signature,
    },
    body,
  }).then((r) => r.arrayBuffer());
  await runtime.queue.onIdle();
  const run = fake.state.checkRuns.find((r) => r.head_sha === sha(repo, n));
  single.push(run?.completedAt ? run.completedAt - t0 : Number.NaN);
}

const pushToCheck = repos.map((repo) => {
  const head = latest.get(repo);
  const run = (runsBySha.get(head) ?? [])[0];
  return run?.completedAt ? run.completedAt - sentAt.get(head) : Number.NaN;
});
const conclusions = {};
for (const run of burstCheckRuns) conclusions[run.conclusion] = (conclusions[run.conclusion] ?? 0) + 1;

console.log(`
Burst: ${deliveries.length} push deliveries (${REDELIVERIES} redelivered) for ${REPOS} repositories in ${sendSeconds.toFixed(2)} s
App:   pipeline=${PIPELINE === "stub" ? `stub (${STUB_MS} ms)` : "real runCheck (dist/pipeline.js, worker threads)"}, concurrency=${CONCURRENCY}, GitHub write pacing=${PACING ? "on (Probot default, 1 write/s per installation)" : "off"}, fake API latency=${LATENCY_MS} ms
Archive: ${(archive.length / 1024 / 1024).toFixed(1)} MB compressed per commit

acknowledgment latency   p50 ${ms(percentile(acks, 50))}   p99 ${ms(percentile(acks, 99))}   max ${ms(Math.max(...acks))}
push-to-check-run (latest commit of each repository, send → check run completed)
                         p50 ${ms(percentile(pushToCheck, 50))}   p95 ${ms(percentile(pushToCheck, 95))}   max ${ms(Math.max(...pushToCheck))}
single push, quiet app   p50 ${ms(percentile(single, 50))}   p95 ${ms(percentile(single, 95))}   (${single.length} pushes, one at a time)
event-loop delay         p99 ${ms(loopDelay.percentile(99) / 1e6)}   max ${ms(loopDelay.max / 1e6)} (server and client share this process)
burst drained in         ${drainSeconds.toFixed(1)} s
jobs                     ${stats.completed} completed for ${unique} unique pushes (coalesced ${stats.replaced}, duplicates dropped ${stats.duplicates}, failed ${stats.failed})
check runs               ${burstCheckRuns.length} (${Object.entries(conclusions)
  .map(([k, v]) => `${k} ${v}`)
  .join(", ")})
tracking issues          ${[...fake.state.issues.values()].reduce((n, list) => n + list.length, 0)} for ${REPOS} repositories
invariants               ${failures.length === 0 ? "ok: every repository has exactly one up-to-date checklist, none lost, none duplicated" : `FAILED (${failures.length})`}`);
for (const failure of failures.slice(0, 20)) console.log(`  - ${failure}`);

await runtime.close();
await server.stop();
await fake.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(failures.length === 0 ? 0 : 1);
