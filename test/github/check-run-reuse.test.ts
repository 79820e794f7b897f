/**
 * One check run per analysis (repository, commit, configuration): the key in `external_id`, the choice of the
 * check run to take over (pure), and the analysis job finding it on the commit before opening another (nock).
 */
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { parseAppConfig, type AppConfig } from "../../src/github/config/schema.js";
import { InputError } from "../../src/domain/errors.js";
import {
  canonicalJson,
  checkRunKey,
  pickCheckRun,
  type ListedCheckRun,
} from "../../src/github/publish/check-run-reuse.js";
import {
  API,
  capture,
  deliver,
  expectAllCalled,
  mockCheckRuns,
  mockConfig,
  mockTarball,
  mockToken,
  payload,
  REPO_PATH,
  SHA_MAIN,
  startApp,
  watchUnmatched,
} from "../helpers/app/github.js";
import { paperRepoTarball } from "../helpers/app/tarball.js";

const config = (raw: object): AppConfig => {
  const parsed = parseAppConfig(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
};

describe("checkRunKey", () => {
  it("is the commit and a digest of the configuration, whatever the order of its properties", () => {
    const a = checkRunKey(SHA_MAIN, { profile: "neurips", defaults: { gpu: "A100", hours: 3 } });
    const b = checkRunKey(SHA_MAIN, { defaults: { hours: 3, gpu: "A100" }, profile: "neurips" });
    expect(a).toBe(b);
    expect(a).toMatch(new RegExp(`^ml-footprint/1:${SHA_MAIN}:[0-9a-f]{16}$`));
  });

  it("changes with the commit and with any configuration value", () => {
    const base = config({ report: ["check"] });
    const key = checkRunKey(SHA_MAIN, base);
    expect(checkRunKey("3".repeat(40), base)).not.toBe(key);
    expect(checkRunKey(SHA_MAIN, config({ report: ["check", "issue"] }))).not.toBe(key);
    expect(checkRunKey(SHA_MAIN, config({ report: ["check"], profile: "neurips" }))).not.toBe(key);
  });

  it("reads configurations as canonical JSON (sorted keys, undefined left out, arrays in order)", () => {
    expect(canonicalJson({ b: [2, 1], a: { d: undefined, c: null } })).toBe('{"a":{"c":null},"b":[2,1]}');
  });
});

describe("pickCheckRun", () => {
  const KEY = checkRunKey(SHA_MAIN, {});
  const run = (id: number, status: string, more: Partial<ListedCheckRun> = {}): ListedCheckRun => ({
    id,
    name: "Footprint checklist",
    external_id: KEY,
    status,
    app: { id: 1001 },
    ...more,
  });

  it("takes an open run of the key first, then the newest completed one when allowed", () => {
    const runs = [run(1, "completed"), run(3, "completed"), run(2, "in_progress")];
    expect(pickCheckRun(runs, KEY, { reuseCompleted: false, appId: 1001 })?.id).toBe(2);
    expect(pickCheckRun(runs.slice(0, 2), KEY, { reuseCompleted: true, appId: 1001 })?.id).toBe(3);
    expect(pickCheckRun(runs.slice(0, 2), KEY, { reuseCompleted: false, appId: 1001 })).toBeNull();
  });

  it("never takes another check name, another key, or another app's run", () => {
    const runs = [
      run(1, "in_progress", { name: "Other check" }),
      run(2, "in_progress", { external_id: checkRunKey(SHA_MAIN, { profile: "neurips" }) }),
      run(3, "in_progress", { app: { id: 42 } }),
      run(4, "in_progress", { external_id: null }),
    ];
    expect(pickCheckRun(runs, KEY, { reuseCompleted: true, appId: 1001 })).toBeNull();
  });
});

describe("the analysis job and the check runs already on the commit", () => {
  let watch: ReturnType<typeof watchUnmatched>;
  beforeEach(() => {
    nock.disableNetConnect();
    watch = watchUnmatched();
  });
  afterEach(() => {
    watch.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const KEY = checkRunKey(SHA_MAIN, config({ report: ["check"] }));
  const listed = (id: number, status: string) => ({
    id,
    name: "Footprint checklist",
    head_sha: SHA_MAIN,
    external_id: KEY,
    status,
    app: { id: 1001, slug: "ml-footprint" },
  });

  /** Token, configuration, the lookup answering `runs`, the archive. */
  function mockAnalysis(scope: nock.Scope, runs: object[]): void {
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN, runs);
    mockTarball(scope, SHA_MAIN, paperRepoTarball(SHA_MAIN));
  }

  it("completes an open run of the same analysis instead of opening another (a redelivery after a restart)", async () => {
    const scope = nock(API);
    mockAnalysis(scope, [listed(9901, "in_progress")]);
    const updates: Array<{ status: string }> = [];
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(updates)).reply(200, { id: 9901 });
    const { probot, runtime, logs } = await startApp();
    await deliver(probot, "push", "redelivered-1", payload("push"));
    await runtime.queue.onIdle();
    expectAllCalled();
    expect(watch.unmatched).toEqual([]);
    expect(updates).toEqual([expect.objectContaining({ status: "completed" })]);
    expect(logs.map((l) => l.msg)).toContain("check run of the same analysis taken over");
  });

  it("updates a completed run of the same analysis on a push (no second check run on the commit)", async () => {
    const scope = nock(API);
    mockAnalysis(scope, [listed(9901, "completed")]);
    scope.patch(`${REPO_PATH}/check-runs/9901`).reply(200, { id: 9901 });
    const { probot, runtime } = await startApp();
    await deliver(probot, "push", "again-1", payload("push"));
    await runtime.queue.onIdle();
    expectAllCalled();
    expect(watch.unmatched).toEqual([]);
  });

  it("leaves a completed run it took over as it was when its own analysis fails", async () => {
    const scope = nock(API);
    mockAnalysis(scope, [listed(9901, "completed")]);
    const { probot, runtime, logs } = await startApp({
      runCheck: async () => {
        throw new InputError("pdf_encrypted", "The paper is encrypted.");
      },
    });
    await deliver(probot, "push", "again-2", payload("push"));
    await runtime.queue.onIdle();
    expectAllCalled(); // no PATCH of 9901: nock would have refused it
    expect(watch.unmatched).toEqual([]);
    expect(runtime.queue.stats().failed).toBe(1);
    expect(logs.map((l) => l.msg)).toContain("analysis failed");
  });

  it("opens a new run when a person asks for a re-run, although the same analysis completed one", async () => {
    const scope = nock(API);
    mockAnalysis(scope, [listed(9901, "completed")]);
    const created: Array<{ external_id: string }> = [];
    scope.post(`${REPO_PATH}/check-runs`, capture(created)).reply(201, { id: 9902, html_url: null });
    scope.patch(`${REPO_PATH}/check-runs/9902`).reply(200, { id: 9902 });
    const { probot, runtime } = await startApp();
    await deliver(probot, "check_suite", "rerun-1", payload("check_suite.rerequested"));
    await runtime.queue.onIdle();
    expectAllCalled();
    expect(watch.unmatched).toEqual([]);
    expect(created).toEqual([expect.objectContaining({ external_id: KEY, head_sha: SHA_MAIN })]);
  });

  it("looks for the run by its key when opening it failed for good, and closes it if GitHub made it", async () => {
    const scope = nock(API);
    mockToken(scope);
    mockConfig(scope, "report: [check]\n");
    mockCheckRuns(scope, SHA_MAIN, []);
    // GitHub answered an error (not retried) but had made the run: the job fails...
    scope.post(`${REPO_PATH}/check-runs`).reply(422, { message: "Validation Failed" });
    // ...and settle finds the run by its key and closes it.
    mockCheckRuns(scope, SHA_MAIN, [listed(9901, "in_progress")]);
    const closed: Array<{ conclusion: string }> = [];
    scope.patch(`${REPO_PATH}/check-runs/9901`, capture(closed)).reply(200, { id: 9901 });
    const { probot, runtime } = await startApp();
    await deliver(probot, "push", "lost-1", payload("push"));
    await runtime.queue.onIdle();
    expectAllCalled();
    expect(watch.unmatched).toEqual([]);
    expect(closed).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
  });
});
