#!/usr/bin/env node
// Abuse benchmark of the server's two doors (issue 10): the real server, started as `npm start` starts it
// (`probot run ./dist/server.js`, in a child process, so its memory and log are its own), with the review
// platform on, on loopback. Eight unsigned 20 MB bodies go to each endpoint, two at a time (half with a
// Content-Length, half chunked; each with a forged signature, so the server must read the body to refuse
// it), then one signed push that must still be processed (GitHub played by test/helpers/app/fake-github.mjs).
// Printed: each request's time to refusal, the server's RSS growth (peak during the attack, sampled from
// /proc) and its log growth in bytes. Targets: refusal <= 1 s, RSS growth < 100 MB, log growth < 100 KB.
// The script exits 1 when a target is missed, a body byte or a secret shows in the log, or the push is lost.
//
//   npm run build && npm run bench:abuse
//   options: --mb 20 --requests 8 --parallel 2
import { spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setInterval, clearInterval } from "node:timers";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const BODY_MB = option("mb", 20);
const REQUESTS = option("requests", 8);
const PARALLEL = option("parallel", 2);
const TARGET_REFUSAL_MS = 1000;
const TARGET_RSS_MB = 100;
const TARGET_LOG_BYTES = 100 * 1024;

const OWNER = "abuse-bench";
const REPO = "paper-0001";
const INSTALLATION = 77;
const SHA = "5".repeat(40);
const WEBHOOK_SECRET = "abuse-bench-webhook-secret";
const PLATFORM_SECRET = "abuse-bench-platform-secret";
const READ_TOKEN = "abuse-bench-read-token";
/** Every body byte is this pattern, so the log can be searched for any of it. */
const BODY_MARKER = "ABUSE-BODY-BYTES-";

if (process.platform !== "linux") console.warn("RSS is read from /proc/<pid>/status: Linux only.");

const { startFakeGitHub } = await import(path.join(root, "test/helpers/app/fake-github.mjs"));
const tar = await import("tar");

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

/** A small paper repository for the signed push. */
async function paperArchive(work) {
  const top = path.join(work, "repo-top");
  const w = (rel, text) => {
    mkdirSync(path.dirname(path.join(top, rel)), { recursive: true });
    writeFileSync(path.join(top, rel), text);
  };
  w("README.md", "# Sparse widgets\n\nTrain: `bash train.sh`.\n");
  w("train.sh", "#!/bin/bash\n#SBATCH --gres=gpu:a100:4\n#SBATCH --time=12:00:00\ntorchrun train.py\n");
  w("train.py", "EPOCHS = 30\n");
  w(
    "paper/main.tex",
    "\\documentclass{article}\n\\begin{document}\n\\section{Experiments}\nWe train on four A100 GPUs for 12 hours.\n\\end{document}\n",
  );
  const file = path.join(work, "archive.tar.gz");
  await tar.c({ gzip: true, file, cwd: work, portable: true }, ["repo-top"]);
  return readFileSync(file);
}

function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

// 1. The outside world: a fake GitHub, a venues file, a temporary folder for the store and the jobs.
const work = mkdtempSync(path.join(tmpdir(), "ml-footprint-bench-abuse-"));
const archive = await paperArchive(work);
const fake = await startFakeGitHub({ tarball: () => archive, branches: { [`${OWNER}/${REPO}`]: SHA } });
const venuesFile = path.join(work, "ml-footprint.venues.yml");
writeFileSync(venuesFile, `venues:\n  - id: Abuse.cc/2026\n    organisation: ${OWNER}\n`);
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

// 2. The server, as `npm start` runs it, logging JSON at info level into a buffer we measure.
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(
  process.execPath,
  [path.join(root, "node_modules/probot/bin/probot.js"), "run", "./dist/server.js"],
  {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      APP_ID: "1001",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      ML_FOOTPRINT_PLATFORM_SECRETS: PLATFORM_SECRET,
      ML_FOOTPRINT_PLATFORM_TOKENS: READ_TOKEN,
      ML_FOOTPRINT_PLATFORM_DB: path.join(work, "platform.sqlite"),
      ML_FOOTPRINT_VENUES_FILE: venuesFile,
      ML_FOOTPRINT_TMPDIR: work,
    },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
const logChunks = [];
let logBytes = 0;
const onLog = (chunk) => {
  logChunks.push(chunk);
  logBytes += chunk.length;
};
server.stdout.on("data", onLog);
server.stderr.on("data", onLog);
const exited = new Promise((resolve) => server.once("exit", (code, signal) => resolve({ code, signal })));

const stop = async () => {
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  await fake.close();
  rmSync(work, { recursive: true, force: true });
};

for (let i = 0; ; i++) {
  if (i > 300) {
    console.log(Buffer.concat(logChunks).toString("utf8"));
    await stop();
    throw new Error("the server did not start within 30 s");
  }
  const up = await fetch(`${base}/ml-footprint/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  await new Promise((r) => setTimeout(r, 100));
}

/** One POST: status and the time from the first byte sent to the answer's status line. */
function post(pathname, headers, body, { chunked }) {
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    const settle = (status, error = null) => {
      if (settled) return;
      settled = true;
      resolve({ status, ms: performance.now() - started, error });
    };
    const req = request(`${base}${pathname}`, {
      method: "POST",
      headers: chunked ? headers : { ...headers, "content-length": String(body.length) },
    });
    req.on("response", (res) => {
      settle(res.statusCode);
      res.resume();
    });
    // After a refusal the server closes the connection while we may still be sending: not an error here.
    req.on("error", (error) => settle(null, error.code ?? error.message));
    if (!chunked) {
      req.end(body);
      return;
    }
    let offset = 0;
    const pump = () => {
      while (offset < body.length && !req.destroyed) {
        const end = Math.min(body.length, offset + 64 * 1024);
        const more = req.write(body.subarray(offset, end));
        offset = end;
        if (!more) return req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const body = Buffer.alloc(BODY_MB * 1024 * 1024, BODY_MARKER);
const forgedWebhookHeaders = (n) => ({
  "content-type": "application/json",
  "x-github-event": "push",
  "x-github-delivery": `abuse-${n}`,
  "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
});
const forgedSubmissionHeaders = (n) => ({
  "content-type": "application/json",
  "webhook-id": `msg_abuse_${n}`,
  "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
  "webhook-signature": `v1,${Buffer.alloc(32).toString("base64")}`,
});

// 3. The attack: each endpoint in turn, REQUESTS bodies, PARALLEL at a time; RSS sampled all along.
await new Promise((r) => setTimeout(r, 1000));
const baselineRss = rssBytes(server.pid);
const logBefore = logBytes;
const attackFirstChunk = logChunks.length;
let peakRss = baselineRss;
const sampler = setInterval(() => {
  try {
    peakRss = Math.max(peakRss, rssBytes(server.pid));
  } catch {
    // The process is gone; the exit check below reports it.
  }
}, 20);

const rows = [];
for (const [endpoint, pathname, headersFor] of [
  ["webhook", "/api/github/webhooks", forgedWebhookHeaders],
  ["submission", "/ml-footprint/submissions", forgedSubmissionHeaders],
]) {
  for (let i = 0; i < REQUESTS; i += PARALLEL) {
    const batch = [];
    for (let j = i; j < Math.min(REQUESTS, i + PARALLEL); j++) {
      const chunked = j % 2 === 1;
      batch.push(
        post(pathname, headersFor(j), body, { chunked }).then((r) => ({
          endpoint,
          n: j + 1,
          transfer: chunked ? "chunked" : "content-length",
          ...r,
        })),
      );
    }
    rows.push(...(await Promise.all(batch)));
  }
}
await new Promise((r) => setTimeout(r, 500));
clearInterval(sampler);
const afterRss = rssBytes(server.pid);
const attackLogBytes = logBytes - logBefore;
const attackLog = Buffer.concat(logChunks.slice(attackFirstChunk)).toString("utf8");

// 4. A signed push afterwards: still answered and processed to a completed check run.
const push = JSON.stringify({
  ref: "refs/heads/main",
  before: "0".repeat(40),
  after: SHA,
  deleted: false,
  repository: {
    id: 4242,
    name: REPO,
    full_name: `${OWNER}/${REPO}`,
    owner: { login: OWNER, name: OWNER, type: "Organization" },
    default_branch: "main",
  },
  sender: { login: "author", type: "User" },
  installation: { id: INSTALLATION },
});
const pushStarted = Date.now();
const pushAnswer = await post(
  "/api/github/webhooks",
  {
    "content-type": "application/json",
    "x-github-event": "push",
    "x-github-delivery": "signed-push-1",
    "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(push).digest("hex")}`,
  },
  Buffer.from(push),
  { chunked: false },
);
let checkRun = null;
for (let i = 0; i < 1200 && !checkRun; i++) {
  checkRun = fake.state.checkRuns.find((r) => r.head_sha === SHA && r.status === "completed") ?? null;
  if (!checkRun) await new Promise((r) => setTimeout(r, 100));
}
const pushSeconds = (Date.now() - pushStarted) / 1000;

// 5. What the log holds: no body bytes, no secret.
const fullLog = Buffer.concat(logChunks).toString("utf8");
const leaks = [
  ["body bytes", BODY_MARKER.slice(0, 12)],
  ["WEBHOOK_SECRET", WEBHOOK_SECRET],
  ["platform secret", PLATFORM_SECRET],
  ["read token", READ_TOKEN],
  ["private key", privateKey.split("\n")[1]],
]
  .filter(([, needle]) => fullLog.includes(needle))
  .map(([what]) => what);

// 6. The report.
const MB = 1024 * 1024;
const maxMs = Math.max(...rows.map((r) => r.ms));
const rssGrowth = (peakRss - baselineRss) / MB;
const failures = [];
for (const row of rows)
  if (row.status === null) failures.push(`${row.endpoint} #${row.n}: no answer (${row.error})`);
if (maxMs > TARGET_REFUSAL_MS)
  failures.push(`slowest refusal ${maxMs.toFixed(0)} ms > ${TARGET_REFUSAL_MS} ms`);
if (rssGrowth >= TARGET_RSS_MB) failures.push(`RSS growth ${rssGrowth.toFixed(1)} MB >= ${TARGET_RSS_MB} MB`);
if (attackLogBytes >= TARGET_LOG_BYTES)
  failures.push(`log growth ${attackLogBytes} bytes >= ${TARGET_LOG_BYTES}`);
if (leaks.length > 0) failures.push(`the log shows: ${leaks.join(", ")}`);
if (pushAnswer.status !== 200) failures.push(`signed push answered ${pushAnswer.status}`);
if (!checkRun) failures.push("signed push: no completed check run");

const pad = (text, width) => String(text).padEnd(width);
console.log(
  `\nAbuse: ${REQUESTS} unsigned ${BODY_MB} MB bodies per endpoint, ${PARALLEL} at a time, forged signatures, against \`probot run ./dist/server.js\` (review platform on)\n`,
);
console.log(`${pad("endpoint", 12)}${pad("#", 4)}${pad("transfer", 16)}${pad("status", 8)}time to refusal`);
for (const row of rows)
  console.log(
    `${pad(row.endpoint, 12)}${pad(row.n, 4)}${pad(row.transfer, 16)}${pad(row.status ?? row.error, 8)}${row.ms.toFixed(0)} ms`,
  );
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`
time to refusal    median ${median(rows.map((r) => r.ms)).toFixed(0)} ms, max ${maxMs.toFixed(0)} ms      (target <= ${TARGET_REFUSAL_MS} ms)
server RSS         ${(baselineRss / MB).toFixed(1)} MB before, peak ${(peakRss / MB).toFixed(1)} MB, ${(afterRss / MB).toFixed(1)} MB after: growth ${rssGrowth.toFixed(1)} MB (target < ${TARGET_RSS_MB} MB)
server log         +${attackLogBytes} bytes for ${rows.length} requests (target < ${TARGET_LOG_BYTES / 1024} KB); body bytes or secrets in the log: ${leaks.length === 0 ? "none" : leaks.join(", ")}
signed push after  HTTP ${pushAnswer.status}, check run ${checkRun ? `completed (${checkRun.conclusion}) ${pushSeconds.toFixed(1)} s after sending` : "MISSING"}
verdict            ${failures.length === 0 ? "ok: every target met" : `FAILED (${failures.length})`}`);
for (const failure of failures) console.log(`  - ${failure}`);
if (args.includes("--show-log")) console.log(`\n--- server log during the attack ---\n${attackLog}`);

await stop();
process.exit(failures.length === 0 ? 0 : 1);
