/** Pull adapters against API answers we wrote (fixtures/platform), played by nock; the watermark between passes. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { Command } from "commander";
import nock from "nock";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { registerSync } from "../../../src/doors/cli/commands/sync.js";
import { openReviewAdapter } from "../../../src/doors/review-platform/adapters/openreview.js";
import type { AdapterDependencies } from "../../../src/doors/review-platform/adapters/types.js";
import { submissionPolicy } from "../../../src/doors/review-platform/index.js";
import {
  openSubmissionStore,
  type SubmissionStore,
} from "../../../src/doors/review-platform/store/submission-store.js";
import { adaptersFor, describeSync, syncAdapter } from "../../../src/doors/review-platform/sync.js";
import {
  parseVenuesConfig,
  type VenueConfig,
  type VenuesConfig,
} from "../../../src/doors/review-platform/venues/config.js";
import { fixtureJson, fixtureText, NOW_MS, publicResolver, testSettings } from "./helpers.js";

const OPENREVIEW = "https://api2.openreview.net";
const HOTCRP = "https://funconf26.hotcrp.com";
const parsedVenues = parseVenuesConfig(parseYaml(fixtureText("venues.yml")));
if (!parsedVenues.ok) throw new Error("fixture venues.yml is invalid");
const VENUES: VenuesConfig = { venues: parsedVenues.venues, source: "venues.yml" };
const DEMO = VENUES.venues.find((v) => v.id === "Demo.cc/2026/Conference")!;
const FUNCONF = VENUES.venues.find((v) => v.id === "funconf26")!;
const ENV = { DEMO_OPENREVIEW_TOKEN: "or-token", DEMO_HOTCRP_TOKEN: "hct_demo" };
const deps: AdapterDependencies = {
  policy: { allowedHosts: [], allowPrivateNetwork: false, resolve: publicResolver },
  env: ENV,
  githubHosts: ["github.com"],
  timeoutMs: 2000,
};
const policy = submissionPolicy(testSettings(), VENUES, publicResolver, ["github.com"]);

let store: SubmissionStore;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  store = openSubmissionStore(":memory:");
});
afterEach(() => {
  store.close();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

/** `GET /notes` of the venue's submission invitation, newest modification first. */
function notesPage(offset: number, fixture: string | null) {
  return nock(OPENREVIEW)
    .matchHeader("authorization", "Bearer or-token")
    .get("/notes")
    .query({
      invitation: "Demo.cc/2026/Conference/-/Submission",
      sort: "tmdate:desc",
      limit: "2",
      offset: String(offset),
    })
    .reply(200, fixture ? fixtureJson(fixture) : { notes: [], count: 4 });
}

const sync = (venue: VenueConfig, dryRun = false) =>
  syncAdapter(venue, adaptersFor(venue, deps)[0]!, { store, policy, dryRun, now: () => NOW_MS });

describe("OpenReview API v2", () => {
  it("reads every submission on the first pass, page by page, and stores the newest tmdate as watermark", async () => {
    notesPage(0, "openreview/notes-first-pass-page-1.json");
    notesPage(2, "openreview/notes-first-pass-page-2.json");
    notesPage(4, null);
    const summary = await sync(DEMO);
    expect(nock.pendingMocks()).toEqual([]);
    expect(summary).toEqual({
      venue: "Demo.cc/2026/Conference",
      adapter: "openreview",
      dryRun: false,
      seen: 4,
      created: ["nR7xPq2Lk0", "mQ4wEr8Ty1", "jH5vBn3Mm9"],
      updated: [],
      unchanged: 0,
      stale: 0,
      skipped: [{ id: "kP1sDf6Gh2", reason: "deleted" }],
      enqueued: 0,
      watermarkBefore: null,
      watermarkAfter: "1767398400000",
      requests: 3,
    });
    expect(store.watermark("Demo.cc/2026/Conference", "openreview")).toBe("1767398400000");
    const stored = store.listVenue("Demo.cc/2026/Conference").map((r) => ({
      id: r.submissionId,
      version: r.version,
      title: r.title,
      repository: r.repository,
      paper: r.paper,
      callback: r.callbackUrl,
    }));
    expect(stored).toEqual([
      {
        id: "jH5vBn3Mm9",
        version: 1767052800000,
        title: "Green Baselines",
        repository: "demo-2026-code/green-baselines",
        paper: { kind: "url", url: `${OPENREVIEW}/pdf/2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c.pdf` },
        callback: "https://platform.demo-venue.org/hooks/ml-footprint",
      },
      {
        id: "mQ4wEr8Ty1",
        version: 1767312000000,
        title: "Pruning Widgets Early",
        // No code field: the venue's naming convention.
        repository: "demo-2026-code/paper-102",
        paper: { kind: "url", url: `${OPENREVIEW}/pdf/1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b.pdf` },
        callback: "https://platform.demo-venue.org/hooks/ml-footprint",
      },
      {
        id: "nR7xPq2Lk0",
        version: 1767398400000,
        title: "Frugal Attention at Scale",
        repository: "demo-2026-code/frugal-attention",
        paper: { kind: "url", url: `${OPENREVIEW}/pdf/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d.pdf` },
        callback: "https://platform.demo-venue.org/hooks/ml-footprint",
      },
    ]);
  });

  it("on the next pass stops at the watermark and takes only what was modified since", async () => {
    notesPage(0, "openreview/notes-first-pass-page-1.json");
    notesPage(2, "openreview/notes-first-pass-page-2.json");
    notesPage(4, null);
    await sync(DEMO);
    // Note 102 was revised; note 103, exactly at the watermark, is read again and found unchanged.

    notesPage(0, "openreview/notes-second-pass-page-1.json");
    notesPage(2, "openreview/notes-first-pass-page-2.json");
    const summary = await sync(DEMO);
    expect(nock.pendingMocks()).toEqual([]);
    expect(summary).toMatchObject({
      seen: 2,
      created: [],
      updated: ["mQ4wEr8Ty1"],
      unchanged: 1,
      watermarkBefore: "1767398400000",
      watermarkAfter: "1767484800000",
      requests: 2,
    });
    expect(describeSync(summary)).toBe(
      "Demo.cc/2026/Conference (openreview): 2 new or modified since 1767398400000; stored 0 new, 1 updated; 1 unchanged; 0 queued; watermark 1767484800000",
    );
    const revised = store.listVenue("Demo.cc/2026/Conference").find((r) => r.submissionId === "mQ4wEr8Ty1")!;
    expect(revised).toMatchObject({ version: 1767484800000, title: "Pruning Widgets Early (revised)" });
  });

  it("writes nothing on a dry run, not even the watermark", async () => {
    notesPage(0, "openreview/notes-first-pass-page-1.json");
    notesPage(2, "openreview/notes-first-pass-page-2.json");
    notesPage(4, null);
    const summary = await sync(DEMO, true);
    expect(summary).toMatchObject({ dryRun: true, created: ["nR7xPq2Lk0", "mQ4wEr8Ty1", "jH5vBn3Mm9"] });
    expect(store.listVenue("Demo.cc/2026/Conference")).toEqual([]);
    expect(store.watermark("Demo.cc/2026/Conference", "openreview")).toBeNull();
  });

  it("logs in with user name and password when the venue gives no token", async () => {
    const venue = {
      ...DEMO,
      openreview: {
        ...DEMO.openreview!,
        token_env: undefined,
        username_env: "OR_USER",
        password_env: "OR_PASS",
      },
    };
    nock(OPENREVIEW)
      .post("/login", { id: "pc@demo-venue.org", password: "pw" })
      .reply(200, { token: "from-login" });
    nock(OPENREVIEW)
      .matchHeader("authorization", "Bearer from-login")
      .get("/notes")
      .query(true)
      .reply(200, { notes: [], count: 0 });
    const result = await openReviewAdapter(
      venue as typeof DEMO & { openreview: NonNullable<typeof DEMO.openreview> },
      {
        ...deps,
        env: { OR_USER: "pc@demo-venue.org", OR_PASS: "pw" },
        policy: { ...deps.policy, allowedHosts: ["api2.openreview.net"] },
      },
    ).poll(null);
    expect(result).toEqual({ submissions: [], skipped: [], watermark: "0", requests: 2 });
  });

  it("names the platform and its answer when the API refuses", async () => {
    nock(OPENREVIEW).get("/notes").query(true).reply(403, { name: "ForbiddenError", message: "Forbidden" });
    await expect(sync(DEMO)).rejects.toMatchObject({
      message: "The OpenReview API answered 403: Forbidden.",
    });
    expect(store.watermark("Demo.cc/2026/Conference", "openreview")).toBeNull();
  });
});

describe("HotCRP", () => {
  const papers = (fixture: string) =>
    nock(HOTCRP)
      .matchHeader("authorization", "bearer hct_demo")
      .get("/api/papers")
      .query({ q: "", t: "s" })
      .reply(200, fixtureJson(fixture));

  it("stores submitted papers with a code link, skips drafts, withdrawn papers and papers without code", async () => {
    papers("hotcrp/papers.json");
    const summary = await sync(FUNCONF);
    expect(summary).toMatchObject({
      created: ["1"],
      skipped: [
        { id: "2", reason: "status draft" },
        { id: "3", reason: "status withdrawn" },
        { id: "4", reason: "no code repository (field empty and no repository_template)" },
      ],
      // The newest modification seen, the withdrawn paper's: skipped papers come back when modified.
      watermarkAfter: "1767240000",
    });
    expect(store.listVenue("funconf26")[0]).toMatchObject({
      submissionId: "1",
      version: 1767229200,
      title: "Measuring Widget Energy",
      platform: "hotcrp",
      repository: "funconf26-artifacts/widget-energy",
      paper: { kind: "url", url: `${HOTCRP}/doc/funconf26-paper1.pdf` },
    });
  });

  it("takes a paper modified after the watermark as a new version and leaves older ones alone", async () => {
    papers("hotcrp/papers.json");
    await sync(FUNCONF);
    papers("hotcrp/papers-later.json");
    const summary = await sync(FUNCONF);
    expect(summary).toMatchObject({
      seen: 1,
      updated: ["1"],
      skipped: [],
      watermarkBefore: "1767240000",
      watermarkAfter: "1767315600",
    });
    expect(store.listVenue("funconf26")[0]).toMatchObject({
      version: 1767315600,
      paper: { kind: "url", url: `${HOTCRP}/doc/funconf26-paper1.pdf?version=2` },
    });
  });

  it("says what HotCRP said when it answers ok: false", async () => {
    nock(HOTCRP)
      .get("/api/papers")
      .query(true)
      .reply(200, { ok: false, message_list: [{ status: 2, message: "Invalid token" }] });
    await expect(sync(FUNCONF)).rejects.toMatchObject({ message: "HotCRP: Invalid token." });
  });
});

describe("ml-footprint sync --dry-run", () => {
  it("prints what it would store and process, and writes no database", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-sync-"));
    try {
      const venuesFile = path.join(dir, "venues.yml");
      writeFileSync(venuesFile, fixtureText("venues.yml"));
      const databaseFile = path.join(dir, "platform.sqlite");
      papersForCli();
      const lines: string[] = [];
      const program = new Command().exitOverride();
      registerSync(program, {
        resolve: publicResolver,
        env: { ...ENV, ML_FOOTPRINT_VENUES_FILE: venuesFile, ML_FOOTPRINT_PLATFORM_DB: databaseFile },
        print: (line) => lines.push(line),
      });
      await program.parseAsync(["node", "ml-footprint", "sync", "--venue", "funconf26", "--dry-run"]);
      expect(lines).toEqual([
        "funconf26 (hotcrp): 4 new or modified since the start; would store 1 new, 0 updated; 0 unchanged; 3 skipped",
        "  would store and process 1 (new)",
        "  would skip 2: status draft",
        "  would skip 3: status withdrawn",
        "  would skip 4: no code repository (field empty and no repository_template)",
      ]);
      const { existsSync } = await import("node:fs");
      expect(existsSync(databaseFile)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cleans what the platform sent before printing it: no escape sequence or line of its own", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-sync-"));
    try {
      const venuesFile = path.join(dir, "venues.yml");
      writeFileSync(venuesFile, fixtureText("venues.yml"));
      const answer = fixtureJson<{ papers: Array<Record<string, unknown>> }>("hotcrp/papers.json");
      answer.papers[1]!.status = "\u001b]0;owned\u0007draft\n  would store and process 9 (new)";
      nock(HOTCRP).get("/api/papers").query({ q: "", t: "s" }).reply(200, answer);
      const lines: string[] = [];
      const program = new Command().exitOverride();
      registerSync(program, {
        resolve: publicResolver,
        env: {
          ...ENV,
          ML_FOOTPRINT_VENUES_FILE: venuesFile,
          ML_FOOTPRINT_PLATFORM_DB: path.join(dir, "p.db"),
        },
        print: (line) => lines.push(line),
      });
      await program.parseAsync(["node", "ml-footprint", "sync", "--venue", "funconf26", "--dry-run"]);
      expect(lines[2]).toBe("  would skip 2: status ]0;owneddraft would store and process 9 (new)");
      expect(lines.some((line) => [...line].some((c) => c < " "))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the pass as one JSON document with --json: schema_version first, keys in snake_case", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-sync-"));
    try {
      const venuesFile = path.join(dir, "venues.yml");
      writeFileSync(venuesFile, fixtureText("venues.yml"));
      papersForCli();
      const lines: string[] = [];
      const program = new Command().exitOverride();
      registerSync(program, {
        resolve: publicResolver,
        env: {
          ...ENV,
          ML_FOOTPRINT_VENUES_FILE: venuesFile,
          ML_FOOTPRINT_PLATFORM_DB: path.join(dir, "p.db"),
        },
        print: (line) => lines.push(line),
      });
      await program.parseAsync([
        "node",
        "ml-footprint",
        "sync",
        "--venue",
        "funconf26",
        "--dry-run",
        "--json",
      ]);
      expect(lines).toHaveLength(1);
      const document = JSON.parse(lines[0]!);
      expect(Object.keys(document)).toEqual(["schema_version", "passes"]);
      expect(document.schema_version).toBe(1);
      expect(document.passes[0]).toMatchObject({
        venue: "funconf26",
        adapter: "hotcrp",
        dry_run: true,
        created: ["1"],
        watermark_before: null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to process without the app's credentials, and names what is missing", async () => {
    const program = new Command().exitOverride();
    registerSync(program, { env: { ML_FOOTPRINT_VENUES_FILE: "venues.yml" }, print: () => undefined });
    await expect(
      program.parseAsync(["node", "ml-footprint", "sync", "--venue", "funconf26"]),
    ).rejects.toMatchObject({ code: "missing_credentials" });
  });
});

function papersForCli() {
  nock(HOTCRP).get("/api/papers").query({ q: "", t: "s" }).reply(200, fixtureJson("hotcrp/papers.json"));
}
