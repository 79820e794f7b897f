/**
 * The app's analysis job with a paper from outside the repository (issue 7's hook in src/app/jobs/analyse.ts):
 * used only when the repository has no paper; an unreadable one costs the repository nothing but a warning.
 * GitHub is nock; the checklist pipeline is a stub that records what it was given.
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analysisJob } from "../../../src/github/jobs.js";
import type { CheckOptions } from "../../../src/pipeline.js";
import {
  API,
  expectAllCalled,
  INSTALLATION,
  mockAppSlug,
  mockCheckRuns,
  mockConfig,
  mockTarball,
  mockToken,
  OWNER,
  REPO,
  REPO_PATH,
  SHA_MAIN,
  startApp,
} from "../../helpers/app/github.js";
import { stubReport } from "../../helpers/app/report.js";
import { buildTarGz } from "../../helpers/app/tarball.js";
import { smallPdf } from "./helpers.js";

let dir: string;
let paperPath: string;
beforeEach(() => {
  nock.disableNetConnect();
  dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-fallback-"));
  paperPath = path.join(dir, "1234.pdf");
  writeFileSync(paperPath, smallPdf());
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
});

const LABEL = "submission 1234.pdf (Demo.cc/2026/Conference #1234 v1)";

function mockAnalysis(tarball: Buffer): void {
  const scope = nock(API);
  mockToken(scope);
  mockConfig(scope, null);
  mockCheckRuns(scope, SHA_MAIN);
  scope.post(`${REPO_PATH}/check-runs`).reply(201, { id: 9901, html_url: "https://github.com/x/runs/9901" });
  mockTarball(scope, SHA_MAIN, tarball);
  mockAppSlug(scope);
  scope.get(`${REPO_PATH}/issues`).query(true).reply(200, []);
  scope.post(`${REPO_PATH}/issues`).reply(201, { number: 1, html_url: "https://github.com/x/issues/1" });
  scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, { id: 9901 });
}

const codeOnly = () =>
  buildTarGz([
    { path: "top/", type: "Directory" },
    { path: "top/train.py", body: "EPOCHS = 3\n" },
  ]);

async function analyse(runCheck: (options: CheckOptions) => Promise<ReturnType<typeof stubReport>>) {
  const { runtime } = await startApp({ runCheck });
  const job = analysisJob("submission-job-1", {
    repository: { installationId: INSTALLATION, owner: OWNER, repo: REPO, defaultBranch: "main" },
    target: { type: "default_branch", sha: SHA_MAIN },
    trigger: "submission",
    receivedAt: 0,
    fallbackPaper: { path: paperPath, label: LABEL },
  });
  const result = await runtime.analysis.run(job, {
    attempt: 1,
    maxAttempts: 1,
    signal: new AbortController().signal,
    state: {},
  });
  await runtime.close();
  return result;
}

describe("a paper from outside the repository", () => {
  it("is handed to the pipeline with its label, which reads it only when the repository has none", async () => {
    mockAnalysis(codeOnly());
    const given: Array<CheckOptions["fallbackPaper"]> = [];
    const result = await analyse(async (options) => {
      given.push(options.fallbackPaper);
      return stubReport({ paper: { file: options.fallbackPaper?.label ?? "?", format: "pdf" } });
    });
    expectAllCalled();
    // One analysis, one search for the paper (in the pipeline), whatever the fallback turns out to be.
    expect(given).toEqual([{ path: paperPath, label: LABEL }]);
    expect(result.report!.paper).toEqual({ file: LABEL, format: "pdf" });
    expect(result).toMatchObject({
      sha: SHA_MAIN,
      trackingIssueUrl: "https://github.com/x/issues/1",
      skipped: null,
    });
  });
});
