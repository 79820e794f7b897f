/**
 * A paper repository whose paper and code disagree, end to end over HTTP: the real Probot server, the real
 * checklist (readers, cross-check, renderer) and GitHub played by the fake on loopback. The code's values reach
 * the run through a README launch line and an argparse argument file; every mismatch the cross-check finds must
 * reach the posted checklist as a line with both evidences (the paper's page or line and quote, the code's chain).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { fileURLToPath } from "node:url";
import type { Server } from "probot";
import { setupServer, type ServerRuntime } from "../../../src/server.js";
import { renderCheckMarkdown, runCheck } from "../../../src/pipeline.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { FIXED_NOW, payload, SHA_MAIN, TEST_SETTINGS } from "../../helpers/app/github.js";
import { sendWebhook, startProbotServer } from "../../helpers/app/probot-server.js";
import { buildTarGz, folderEntries } from "../../helpers/app/tarball.js";

const SECRET = "mismatch-webhook-secret";
const REPO = "neurips-demo/paper-0042";
const PREFIX = `neurips-demo-paper-0042-${SHA_MAIN.slice(0, 7)}`;
const FIXTURE = fileURLToPath(new URL("../../../fixtures/app/argfile-mismatch", import.meta.url));

let fake: Awaited<ReturnType<typeof startFakeGitHub>>;
let server: Server;
let runtime: ServerRuntime;
let base: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ tarball: () => buildTarGz(folderEntries(FIXTURE, PREFIX)) });
  ({ server, base } = await startProbotServer(
    async (app, options) => {
      runtime = await setupServer(app, options, {
        runCheck,
        renderCheckMarkdown,
        settings: TEST_SETTINGS,
        now: () => FIXED_NOW,
      });
    },
    { secret: SECRET, githubHost: fake.host },
  ));
});

afterAll(async () => {
  await runtime?.close();
  await server?.stop();
  await fake?.close();
});

describe("a paper repository whose paper and code disagree, pushed to the app", () => {
  it("posts a checklist with one mismatch line, with both evidences, for every mismatch found", async () => {
    // What the cross-check finds on the same files, read in-process.
    const report = await runCheck({ dir: FIXTURE });
    const mismatches = (report.crosscheck ?? []).filter((e) => e.status === "mismatch");
    expect(mismatches.map((e) => [e.field, e.paper?.value, e.code?.value])).toEqual([
      ["epochs", 100, 300],
      ["batch_size", 256, 96],
    ]);

    const response = await sendWebhook(base, {
      event: "push",
      id: "mismatch-1",
      body: payload("push"),
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    await runtime.queue.onIdle();

    expect(fake.state.unmatched).toEqual([]);
    expect(fake.state.checkRuns).toHaveLength(1);
    const checkRun = fake.state.checkRuns[0] as unknown as { conclusion: string; output: unknown };
    expect(checkRun).toMatchObject({ repo: REPO, head_sha: SHA_MAIN, status: "completed" });
    const issues = fake.state.issues.get(REPO);
    expect(issues).toHaveLength(1);
    const body: string = issues[0].body;
    const lines = body.split("\n");

    // The consistency item names both disagreements with both evidences.
    const item = lines.find((l) => l.startsWith("| Paper and code agree"));
    expect(item).toContain("**inconsistent**");
    expect(item).toContain(
      "epochs: paper 100 (paper/main.tex:9), code 300 (README.md:6, over 10 at train.py:9)",
    );
    expect(item).toContain(
      "batch_size: paper 256 (paper/main.tex:9), code 96 (configs/vit_small.args:1, over 32 at train.py:10)",
    );
    // And the paper/code table has one mismatch row per mismatch, paper evidence and code chain side by side.
    const rows = lines.filter((l) => l.includes("| **mismatch** |"));
    expect(rows).toEqual([
      "| epochs | 100 (paper/main.tex:9) | 300 (README.md:6, over 10 at train.py:9) | **mismatch** |",
      "| batch_size | 256 (paper/main.tex:9) | 96 (configs/vit_small.args:1, over 32 at train.py:10) | **mismatch** |",
    ]);
    expect(rows).toHaveLength(mismatches.length);
    // The quoted evidence: the paper's sentence and the launch line.
    expect(body).toContain("100 epochs with a batch size of 256");
    expect(body).toContain("`python train.py @configs/vit_small.args --epochs 300`");
    // The check run's summary says the checklist is inconsistent.
    expect(checkRun.conclusion).toBe("action_required");
    expect(JSON.stringify(checkRun.output)).toContain("inconsistent");
  });
});
