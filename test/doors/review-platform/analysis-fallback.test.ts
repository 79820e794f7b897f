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
import { analysisJob, analysisResult } from "../../../src/doors/github-app/index.js";
import type { CheckOptions } from "../../../src/judge/check.js";
import { InputError } from "../../../src/domain/errors.js";
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
import { buildTarGz, paperRepoTarball } from "../../helpers/app/tarball.js";
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
  const state: Record<string, unknown> = {};
  await runtime.analysis.run(job, {
    attempt: 1,
    maxAttempts: 1,
    signal: new AbortController().signal,
    state,
  });
  await runtime.close();
  return analysisResult(state);
}

describe("a paper from outside the repository", () => {
  it("is read when the repository has no paper, and named by its label rather than its temporary path", async () => {
    mockAnalysis(codeOnly());
    const given: Array<string | undefined> = [];
    const result = await analyse(async (options) => {
      given.push(options.paper);
      return stubReport({ paper: { file: options.paper ?? "?", format: "pdf" } });
    });
    expectAllCalled();
    expect(given).toEqual([paperPath]);
    expect(result.report!.paper).toEqual({ file: LABEL, format: "pdf" });
    expect(result).toMatchObject({
      sha: SHA_MAIN,
      trackingIssueUrl: "https://github.com/x/issues/1",
      skipped: null,
    });
  });

  it("is not used when the repository has its own paper", async () => {
    mockAnalysis(paperRepoTarball(SHA_MAIN));
    const given: Array<string | undefined> = [];
    await analyse(async (options) => {
      given.push(options.paper);
      return stubReport();
    });
    expect(given).toEqual([undefined]);
  });

  it("that cannot be read leaves the checklist to the repository alone, with a warning saying why", async () => {
    mockAnalysis(codeOnly());
    const given: Array<string | undefined> = [];
    const result = await analyse(async (options) => {
      given.push(options.paper);
      if (options.paper)
        throw new InputError("pdf_encrypted", `${options.paper}: the PDF is encrypted`, options.paper);
      return stubReport();
    });
    expect(given).toEqual([paperPath, undefined]);
    expect(result.report!.warnings).toEqual([
      { code: "pdf_encrypted", message: `${LABEL} not read: the file: the PDF is encrypted` },
    ]);
  });
});
