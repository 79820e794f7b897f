/**
 * `ml-footprint sync --venue X` processing for real, without the server: a HotCRP site, the app tests' fake
 * GitHub and the platform's callback receiver on loopback (allowed by ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE).
 * Only the checklist is a stub. Two runs on the same database: the second starts from the stored watermark.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Command } from "commander";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Probot, ProbotOctokit } from "probot";
import { registerSync } from "../../../src/doors/cli/commands/sync.js";
import { verifyStandardWebhook } from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import { openSubmissionStore } from "../../../src/doors/review-platform/store/submission-store.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { PRIVATE_KEY, TEST_SETTINGS } from "../../helpers/app/github.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { renderStub, stubReport } from "../../helpers/app/report.js";
import { buildTarGz } from "../../helpers/app/tarball.js";
import { fixtureJson, KEY_ONE, SECRET_ONE, smallPdf, startLoopback, type LoopbackServer } from "./helpers.js";

const SHA = "6666666666666666666666666666666666666666";
const REPO = "funconf26-artifacts/widget-energy";
let dir: string;
let fake: Awaited<ReturnType<typeof startFakeGitHub>>;
let hotcrp: LoopbackServer;
let receiver: LoopbackServer;
const callbacks: Array<{ headers: Record<string, string>; body: string }> = [];
const authorizations: string[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-sync-command-"));
  fake = await startFakeGitHub({
    tarball: () =>
      buildTarGz([
        { path: "top/", type: "Directory" },
        { path: "top/train.py", body: "EPOCHS = 5\n" },
      ]),
    branches: { [REPO]: SHA },
  });
  hotcrp = await startLoopback((req, res) => {
    authorizations.push(String(req.headers.authorization));
    if (req.url?.startsWith("/api/papers?")) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(fixtureJson("hotcrp/papers.json")));
      return true;
    }
    if (req.url === "/doc/funconf26-paper1.pdf") {
      res.writeHead(200, { "content-type": "application/pdf" }).end(smallPdf());
      return true;
    }
    return false;
  });
  receiver = await startLoopback(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    callbacks.push({
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(200).end();
    return true;
  });
  const venuesFile = path.join(dir, "ml-footprint.venues.yml");
  writeFileSync(
    venuesFile,
    [
      "venues:",
      "  - id: funconf26",
      "    installation_id: 4242",
      `    callback_url: ${receiver.url}/hooks/ml-footprint`,
      "    hotcrp:",
      "      enabled: true",
      `      site_url: ${hotcrp.url}`,
      "      token_env: DEMO_HOTCRP_TOKEN",
      "      repository_field: code",
      "",
    ].join("\n"),
  );
  env = {
    APP_ID: "1001",
    PRIVATE_KEY,
    ML_FOOTPRINT_VENUES_FILE: venuesFile,
    ML_FOOTPRINT_PLATFORM_DB: path.join(dir, "platform.sqlite"),
    ML_FOOTPRINT_PLATFORM_SECRETS: SECRET_ONE,
    ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE: "true",
    DEMO_HOTCRP_TOKEN: "hct_demo",
  };
});

afterAll(async () => {
  await receiver?.close();
  await hotcrp?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sync(): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerSync(program, {
    env,
    print: (line) => lines.push(line),
    probot: () =>
      new Probot({
        appId: 1001,
        privateKey: PRIVATE_KEY,
        baseUrl: `http://${fake.host}/api/v3`,
        log: captureLogger(),
        Octokit: ProbotOctokit.defaults((o: object) => ({
          ...o,
          throttle: { enabled: false },
          retry: { enabled: false },
        })),
      }),
    appServices: {
      runCheck: async () => stubReport(),
      renderCheckMarkdown: renderStub,
      settings: TEST_SETTINGS,
    },
  });
  await program.parseAsync(["node", "ml-footprint", "sync", "--venue", "funconf26"]);
  return lines;
}

describe("ml-footprint sync --venue (processing)", () => {
  it("stores the new submissions, analyses them through the app, and reports them to the venue's callback", async () => {
    expect(await sync()).toEqual([
      "funconf26 (hotcrp): 4 new or modified since the start; stored 1 new, 0 updated; 0 unchanged; 3 skipped; 1 queued; watermark 1767240000",
      "  1: completed (incomplete)",
    ]);
    expect(authorizations).toEqual(["bearer hct_demo", "bearer hct_demo"]);
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({ head_sha: SHA, status: "completed" });
    expect(fake.state.issues.get(REPO)).toHaveLength(1);
    expect(callbacks).toHaveLength(1);
    const { headers, body } = callbacks[0]!;
    expect(
      verifyStandardWebhook(headers, Buffer.from(body), [KEY_ONE], Math.floor(Date.now() / 1000)).ok,
    ).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ venue: "funconf26", submission_id: "1", status: "completed" });
  });

  it("starts the next run from the stored watermark and processes nothing twice", async () => {
    expect(await sync()).toEqual([
      "funconf26 (hotcrp): 1 new or modified since 1767240000; stored 0 new, 0 updated; 0 unchanged; 1 skipped; 0 queued; watermark 1767240000",
    ]);
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(callbacks).toHaveLength(1);
    const store = openSubmissionStore(env.ML_FOOTPRINT_PLATFORM_DB!);
    expect(
      store.listVenue("funconf26").map((r) => [r.submissionId, r.status, r.runs, r.callbackStatus]),
    ).toEqual([["1", "completed", 1, "delivered"]]);
    store.close();
  });
});
