/**
 * What the server writes to its log under abuse: `probot run ./dist/server.js` (as `npm start`, run
 * `npm run build` first) in a child process at LOG_LEVEL=trace, in both log formats, its stdout and stderr
 * captured. Bad-signature, oversized, malformed and unauthorised requests go to both endpoints with a marker
 * in every body; afterwards the log holds no body byte, no secret, no token and no signature, while the
 * requests themselves are in it (so the search is not vacuous).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { signStandardWebhook } from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import { PRIVATE_KEY } from "../../helpers/app/github.js";
import { freePort, githubSignature } from "../../helpers/app/probot-server.js";
import { feedChunks, rawExchange, requestHead } from "../../helpers/app/raw-http.js";

const MARKER = "BODY-MARKER-7f3a";
const WEBHOOK_SECRET = "log-test-webhook-secret-1234";
const PLATFORM_SECRET = "log-test-platform-secret-5678";
const READ_TOKEN = "log-test-read-token-9012";
const WRONG_TOKEN = "log-test-wrong-token-3456";
const VENUE_TOKEN = "log-test-venue-token-7890";
const KEY_LINE = PRIVATE_KEY.split("\n")[1]!;

describe.each(["json", "pretty"] as const)(
  "the server's log (LOG_FORMAT=%s) after abusive requests",
  (format) => {
    let dir: string;
    let child: ChildProcess;
    let github: HttpServer;
    let base: string;
    let log = "";
    const signatures: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-logs-"));
      const venuesFile = path.join(dir, "venues.yml");
      writeFileSync(
        venuesFile,
        "venues:\n  - id: Logs.cc/2026\n    organisation: logs-code\n    read_token_env: LOGS_VENUE_TOKEN\n",
      );
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      // A GitHub that answers 404 to everything: the signed push's job fails at once, and its error is logged.
      github = createHttpServer((req, res) => {
        req.resume();
        res.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
      });
      await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
      const githubPort = (github.address() as AddressInfo).port;
      child = spawn(process.execPath, ["node_modules/probot/bin/probot.js", "run", "./dist/server.js"], {
        cwd: process.cwd(),
        env: {
          PATH: process.env.PATH,
          APP_ID: "1001",
          PRIVATE_KEY,
          WEBHOOK_SECRET,
          HOST: "127.0.0.1",
          PORT: String(port),
          GHE_HOST: `127.0.0.1:${githubPort}`,
          GHE_PROTOCOL: "http",
          LOG_LEVEL: "trace",
          LOG_FORMAT: format,
          ML_FOOTPRINT_MAX_ATTEMPTS: "1",
          ML_FOOTPRINT_PLATFORM_SECRETS: PLATFORM_SECRET,
          ML_FOOTPRINT_PLATFORM_TOKENS: READ_TOKEN,
          ML_FOOTPRINT_PLATFORM_DB: path.join(dir, "platform.sqlite"),
          ML_FOOTPRINT_VENUES_FILE: venuesFile,
          ML_FOOTPRINT_TMPDIR: dir,
          LOGS_VENUE_TOKEN: VENUE_TOKEN,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
      child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
      for (let i = 0; ; i++) {
        const up = await fetch(`${base}/ml-footprint/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (i > 250) throw new Error(`the server did not start:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const hook = `${base}/api/github/webhooks`;
      const submissions = `${base}/ml-footprint/submissions`;
      const withMarker = JSON.stringify({ zen: MARKER, hook_id: 1 });
      const push = JSON.stringify({
        ref: "refs/heads/main",
        after: "6".repeat(40),
        head_commit: { message: MARKER },
        repository: {
          name: "paper",
          full_name: "logs-code/paper",
          owner: { login: "logs-code" },
          default_branch: "main",
        },
        installation: { id: 5 },
      });
      const hookHeaders = (body: string, secret: string, id: string) => {
        const signature = githubSignature(body, secret);
        signatures.push(signature.slice("sha256=".length));
        return {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": id,
          "x-hub-signature-256": signature,
        };
      };
      const standard = (body: string, key: string, id: string) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = signStandardWebhook(id, timestamp, body, Buffer.from(key));
        signatures.push(signature.slice("v1,".length));
        return {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signature,
        };
      };
      const post = (url: string, body: string, headers: Record<string, string>) =>
        fetch(url, { method: "POST", headers, body }).then((r) => r.status);

      const statuses = [
        // GitHub webhooks: a forged signature, a signed body that is not JSON, a signed push (its job fails).
        await post(hook, withMarker, hookHeaders(withMarker, "not-the-secret", "forged-1")),
        await post(hook, `${MARKER} not json`, hookHeaders(`${MARKER} not json`, WEBHOOK_SECRET, "broken-1")),
        await post(hook, push, hookHeaders(push, WEBHOOK_SECRET, "signed-1")),
        // Submissions: unsigned, forged, signed but invalid.
        await post(submissions, withMarker, { "content-type": "application/json" }),
        await post(submissions, withMarker, standard(withMarker, "not-the-secret", "msg_forged")),
        await post(submissions, withMarker, standard(withMarker, PLATFORM_SECRET, "msg_invalid")),
        // Read routes with a right, a wrong and a venue token.
        ...(await Promise.all(
          [READ_TOKEN, WRONG_TOKEN, VENUE_TOKEN].map((token) =>
            fetch(`${base}/ml-footprint/submissions/sub_000000000000000000000000`, {
              headers: { authorization: `Bearer ${token}` },
            }).then((r) => r.status),
          ),
        )),
      ];
      // Oversized: declared, and chunked with the marker in every byte.
      const declared = await rawExchange(
        base,
        requestHead("POST", "/api/github/webhooks", {
          ...hookHeaders("{}", "not-the-secret", "big-1"),
          "content-length": String(26 * 1024 * 1024),
        }),
      );
      const chunked = await rawExchange(
        base,
        requestHead("POST", "/ml-footprint/submissions", {
          ...standard("{}", "not-the-secret", "msg_big"),
          "transfer-encoding": "chunked",
        }),
        feedChunks(64 * 1024, 40 * 1024 * 1024, { fill: MARKER }),
      );
      statuses.push(declared.status ?? 0, chunked.status ?? 0);
      expect(statuses).toEqual([400, 400, 200, 401, 401, 422, 404, 401, 404, 413, 413]);
      // The signed push's job runs (and fails on GitHub's 404) before the log is read.
      for (let i = 0; i < 100; i++) {
        const { queue } = (await fetch(`${base}/ml-footprint/health`).then((r) => r.json())) as {
          queue: { failed: number; completed: number; running: number; waiting: number };
        };
        if (queue.failed + queue.completed >= 1 && queue.running + queue.waiting === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
    }, 60_000);

    afterAll(async () => {
      child?.kill("SIGTERM");
      await new Promise((r) => github?.close(r));
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    });

    it("logs the requests (so the search below is not vacuous)", () => {
      expect(log).toMatch(/POST \/api\/github\/webhooks 400/);
      expect(log).toMatch(/POST \/ml-footprint\/submissions 401/);
      expect(log).toMatch(/GET \/ml-footprint\/submissions\/sub_0+ 401/);
      expect(log).toMatch(/webhook refused/);
      expect(log).toMatch(/submission delivery refused/);
      // The signed push's job reached GitHub and failed there: its error, request and all, is in the log.
      expect(log).toMatch(/Not Found/);
    });

    it("holds no body byte, no secret, no token, no signature", () => {
      const leaks = Object.entries({
        "body marker": MARKER,
        WEBHOOK_SECRET,
        PLATFORM_SECRET,
        "operator read token": READ_TOKEN,
        "wrong token": WRONG_TOKEN,
        "venue read token": VENUE_TOKEN,
        "private key": KEY_LINE,
        ...Object.fromEntries(signatures.map((s, i) => [`signature ${i + 1}`, s])),
      })
        .filter(([, value]) => log.includes(value))
        .map(([what]) => what);
      expect(leaks).toEqual([]);
    });
  },
);
