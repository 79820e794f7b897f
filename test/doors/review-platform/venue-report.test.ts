/**
 * A venue's survey report on the platform: the stored submissions translated into survey input, and
 * GET /ml-footprint/venues/:venue/report.html over real HTTP on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { parse as parseYaml } from "yaml";
import { signingKeysFrom } from "../../../src/doors/review-platform/auth/signing-keys.js";
import { platformHttpHandler } from "../../../src/doors/review-platform/http/router.js";
import { readTokensFrom, submissionPolicy } from "../../../src/doors/review-platform/index.js";
import type { SubmissionReportBody } from "../../../src/doors/review-platform/report.js";
import {
  openSubmissionStore,
  type SubmissionRecord,
  type SubmissionStore,
} from "../../../src/doors/review-platform/store/submission-store.js";
import {
  parseSubmission,
  submissionContentHash,
} from "../../../src/doors/review-platform/submission/schema.js";
import { venueSurvey } from "../../../src/doors/review-platform/venue-survey.js";
import { parseVenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { SURVEY_REPORT_CSP } from "../../../src/survey/report/index.js";
import { captureLogger } from "../../helpers/app/logger.js";
import {
  fixtureText,
  NOW_MS,
  publicResolver,
  READ_TOKEN,
  startLoopback,
  submissionPayload,
  testBodies,
  testSettings,
  type LoopbackServer,
} from "./helpers.js";

const VENUE = "Demo.cc/2026/Conference";
const HOSTILE_TITLE = "<script>alert(1)</script>";

type Status = "disclosed" | "missing" | "inconsistent" | "not_applicable" | "partial" | "inferred";

function body(
  record: SubmissionRecord,
  items: Record<string, Status>,
  co2e: number | null,
  status: "completed" | "failed" = "completed",
): SubmissionReportBody {
  return {
    schema_version: 1,
    type: "submission.report",
    id: record.id,
    venue: record.venue,
    submission_id: record.submissionId,
    version: record.version,
    title: record.title,
    repository: record.repository,
    status,
    error: status === "failed" ? "the paper is not a PDF" : null,
    commit: null,
    tracking_issue_url: null,
    checklist:
      status === "failed"
        ? null
        : {
            profile: "neurips",
            verdict: "incomplete",
            headline: "",
            items: Object.entries(items).map(([id, s]) => ({
              id,
              title: id,
              status: s,
              required: true,
              message: s === "disclosed" ? `${id}: 8 × A100 (p. 6) <b>bold</b>.` : `Add the ${id}.`,
              venue_refs: [],
            })),
            estimate:
              co2e === null
                ? null
                : {
                    co2e_kg: { low: co2e / 2, central: co2e, high: co2e * 2 },
                    energy_kwh: { low: co2e, central: co2e * 2, high: co2e * 4 },
                  },
            estimate_missing: [],
            paper: { file: "paper.pdf", format: "pdf" },
            warnings: [],
          },
    markdown: null,
    generated_at: new Date(NOW_MS).toISOString(),
  };
}

/** Stores a submission of `venue` and, unless `pending`, its finished report. */
function storeSubmission(
  store: SubmissionStore,
  id: string,
  options: {
    venue?: string;
    title?: string;
    items?: Record<string, Status>;
    co2e?: number | null;
    status?: "completed" | "failed" | "pending";
  } = {},
): SubmissionRecord {
  const parsed = parseSubmission(
    submissionPayload({ id, venue: options.venue ?? VENUE, title: options.title ?? `Paper ${id}` }),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const hash = submissionContentHash(parsed.submission);
  const { record } = store.accept(parsed.submission, hash, null, NOW_MS);
  const status = options.status ?? "completed";
  if (status === "pending") return record;
  store.finish(
    record.id,
    record.version,
    hash,
    {
      status,
      reason: status === "failed" ? "the paper is not a PDF" : null,
      reportJson: JSON.stringify(body(record, options.items ?? {}, options.co2e ?? null, status)),
      verdict: status === "failed" ? null : "incomplete",
      co2eCentralKg: options.co2e ?? null,
    },
    NOW_MS + 1000,
  );
  return store.get(record.id)!;
}

let store: SubmissionStore;

beforeAll(() => {
  store = openSubmissionStore(":memory:");
  storeSubmission(store, "101", {
    items: {
      hardware: "disclosed",
      training_time: "disclosed",
      energy_emissions: "missing",
      consistency: "inconsistent",
    },
    co2e: 120,
  });
  storeSubmission(store, "102", {
    title: HOSTILE_TITLE,
    items: { hardware: "inconsistent", training_time: "missing", energy_emissions: "not_applicable" },
    co2e: 4500,
  });
  storeSubmission(store, "103", {
    items: {
      hardware: "inferred",
      training_time: "partial",
      energy_emissions: "missing",
      venue_answer: "missing",
    },
  });
  storeSubmission(store, "104", { status: "failed" });
  storeSubmission(store, "105", { status: "pending" });
  storeSubmission(store, "901", { venue: "journal-of-frugal-ml", items: { hardware: "disclosed" }, co2e: 1 });
});
afterAll(() => store.close());

describe("a venue's submissions as survey input", () => {
  it("counts an item as disclosed when the paper states it, over the processed submissions it applies to", () => {
    const { summary, papers } = venueSurvey(store.listVenue(VENUE), new Date(NOW_MS));
    expect(papers.map((p) => [p.id, p.status])).toEqual([
      ["101", "read"],
      ["102", "read"],
      ["103", "read"],
      ["104", "failed"],
    ]);
    expect(summary.papers).toEqual({ read: 3, failed: 1, cached: 0 });
    expect(Object.keys(summary.disclosure).sort()).toEqual(["energy_emissions", "hardware", "training_time"]);
    expect(summary.disclosure.hardware).toMatchObject({ disclosed: 2, total: 3 });
    expect(summary.disclosure.training_time).toMatchObject({ disclosed: 1, total: 3 });
    expect(summary.disclosure.energy_emissions).toMatchObject({ disclosed: 0, total: 2 });
    expect(summary.by_venue).toEqual({});
    expect(summary.by_year).toEqual({});
  });

  it("carries the estimates, the failures' reasons and each disclosed item's finding as evidence", () => {
    const { summary, papers } = venueSurvey(store.listVenue(VENUE), new Date(NOW_MS));
    expect(papers[1]!.estimate).toEqual({
      co2e_kg: { low: 2250, central: 4500, high: 9000 },
      energy_kwh: { low: 4500, central: 9000, high: 18000 },
      device_hours: null,
      hardware_family: null,
    });
    expect(papers[3]!.error).toBe("the paper is not a PDF");
    expect(summary.total.papers_estimated).toBe(2);
    expect(summary.largest.map((l) => l.id)).toEqual(["102", "101"]);
    expect(summary.largest[1]!.evidence).toEqual([
      { field: "hardware", value: "disclosed", page: null, quote: "hardware: 8 × A100 (p. 6) <b>bold</b>." },
      {
        field: "training_time",
        value: "disclosed",
        page: null,
        quote: "training_time: 8 × A100 (p. 6) <b>bold</b>.",
      },
    ]);
  });
});

describe("GET /ml-footprint/venues/:venue/report.html", () => {
  let server: LoopbackServer;
  const settings = testSettings();
  const parsedVenues = parseVenuesConfig(parseYaml(fixtureText("venues.yml")));
  if (!parsedVenues.ok) throw new Error("fixture venues.yml is invalid");
  const venues = { venues: parsedVenues.venues, source: "venues.yml" };
  const env = { DEMO_PC_TOKEN: "demo-pc-token" };

  beforeAll(async () => {
    server = await startLoopback(
      platformHttpHandler({
        settings,
        store,
        policy: submissionPolicy(settings, venues, publicResolver, ["github.com"]),
        signingKeys: signingKeysFrom(settings, venues, env),
        bodies: testBodies(),
        enqueue: async () => {},
        now: () => NOW_MS,
        log: captureLogger(),
        readTokens: readTokensFrom(settings, venues, env),
      }),
    );
  });
  afterAll(() => server.close());

  const get = (venue: string, token?: string, method = "GET") =>
    fetch(`${server.url}/ml-footprint/venues/${encodeURIComponent(venue)}/report.html`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("needs a bearer token (401 with WWW-Authenticate)", async () => {
    const missing = await get(VENUE);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="ml-footprint"');
    expect(missing.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await get(VENUE, "wrong-token")).status).toBe(401);
  });

  it("answers 404 for a venue nobody configured or submitted to, and for a venue outside the token's scope", async () => {
    const unknown = await get("Nowhere.cc/2026/Conference", READ_TOKEN);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "not_found" });
    expect((await get("journal-of-frugal-ml", "demo-pc-token")).status).toBe(404);
    expect((await get("journal-of-frugal-ml", READ_TOKEN)).status).toBe(200);
  });

  it("serves the venue's report: HTML with its plots, paper text escaped, under a strict policy", async () => {
    const response = await get(VENUE, "demo-pc-token");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(
      `${SURVEY_REPORT_CSP}; frame-ancestors 'none'`,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(html));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const chart of ["disclosure", "energy", "co2e"])
      expect(html).toMatch(
        new RegExp(`<figure class="chart" data-chart="${chart}"><svg [^]*?class="mark-symbol role-mark`),
      );
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("hardware: 8 × A100 (p. 6) &lt;b&gt;bold&lt;/b&gt;.");
    expect(html).toContain("failed: the paper is not a PDF");
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("serves a configured venue with no submission yet as an empty report, and answers HEAD without a body", async () => {
    const empty = await get("funconf26", READ_TOKEN);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("0 papers read, 0 failed");
    const head = await get(VENUE, READ_TOKEN, "HEAD");
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await head.text()).toBe("");
  });
});
