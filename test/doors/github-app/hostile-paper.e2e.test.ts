/**
 * A paper repository that tries to make the app quote files of the server, end to end over HTTP: the real
 * Probot server, the real checklist (in-process) and renderer, GitHub played by the fake on loopback. Nothing
 * of the host may reach the check run, the tracking issue or the annotations.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "probot";
import { setupServer, type ServerRuntime } from "../../../src/server.js";
import { renderCheckMarkdown, runCheck } from "../../../src/pipeline.js";
import { startFakeGitHub } from "../../helpers/app/fake-github.mjs";
import { FIXED_NOW, payload, SHA_MAIN, TEST_SETTINGS } from "../../helpers/app/github.js";
import { sendWebhook, startProbotServer } from "../../helpers/app/probot-server.js";
import { buildTarGz } from "../../helpers/app/tarball.js";

const SECRET = "hostile-webhook-secret";
const REPO = "neurips-demo/paper-0042";
const PREFIX = `neurips-demo-paper-0042-${SHA_MAIN.slice(0, 7)}`;
// Something of this machine the attacker names; whatever it holds must not appear anywhere we post.
const HOST_FILE = "/etc/hostname";
const hostText = (() => {
  try {
    return readFileSync(HOST_FILE, "utf8").trim();
  } catch {
    return "";
  }
})();

// A file of the server whose text would be quoted as evidence if it were read (it states a compute fact).
const outside = mkdtempSync(path.join(tmpdir(), "hostile-app-"));
const SECRET_FILE = path.join(outside, "secret.tex");
writeFileSync(SECRET_FILE, "SECRET-OF-THE-SERVER: we trained on 64 NVIDIA H100 GPUs for 9 days.\n");

function hostileTarball(): Buffer {
  return buildTarGz([
    { path: `${PREFIX}/`, type: "Directory" },
    { path: `${PREFIX}/paper/`, type: "Directory" },
    {
      path: `${PREFIX}/paper/main.tex`,
      body: [
        "\\documentclass{article}",
        "\\begin{document}",
        "\\section{Experiments}",
        "We train our model for 30 epochs with a batch size of 64.",
        `\\input{${HOST_FILE}}`,
        `\\input{${SECRET_FILE}}`,
        "\\input{/etc/passwd}",
        "\\input{/proc/self/environ}",
        "\\input{../../../../../../../../etc/passwd}",
        "\\input{linked}",
        "\\end{document}",
      ].join("\n"),
    },
    { path: `${PREFIX}/paper/linked.tex`, type: "SymbolicLink", linkpath: "/etc/passwd" },
    { path: `${PREFIX}/footprint.yml`, type: "SymbolicLink", linkpath: "/proc/self/environ" },
  ]);
}

let fake: Awaited<ReturnType<typeof startFakeGitHub>>;
let server: Server;
let runtime: ServerRuntime;
let base: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ tarball: () => hostileTarball() });
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
  rmSync(outside, { recursive: true, force: true });
  await runtime?.close();
  await server?.stop();
  await fake?.close();
});

describe("a hostile paper repository pushed to the app", () => {
  it("posts a checklist that quotes nothing of the server", async () => {
    const response = await sendWebhook(base, {
      event: "push",
      id: "hostile-1",
      body: payload("push"),
      secret: SECRET,
    });
    expect(response.status).toBe(200);
    await runtime.queue.onIdle();

    expect(fake.state.unmatched).toEqual([]);
    expect(fake.state.checkRuns).toHaveLength(1);
    const checkRun = fake.state.checkRuns[0];
    expect(checkRun).toMatchObject({ repo: REPO, head_sha: SHA_MAIN, status: "completed" });
    const issues = fake.state.issues.get(REPO);
    expect(issues).toHaveLength(1);

    const posted = JSON.stringify([checkRun, issues]);
    expect(posted).not.toContain("SECRET-OF-THE-SERVER");
    expect(posted).not.toContain("H100");
    expect(posted).not.toMatch(/root:x?:0:0/);
    expect(posted).not.toContain("PRIVATE_KEY");
    expect(posted).not.toContain("WEBHOOK_SECRET");
    if (hostText.length >= 4) expect(posted).not.toContain(hostText);
    // The paper itself was read: its own sentence is evidence.
    expect(posted).toContain("30 epochs with a batch size of 64");
  });
});
