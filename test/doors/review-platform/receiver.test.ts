/** The platform's HTTP routes over real HTTP on loopback: every status code, replays, and the read routes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { signingKeysFrom } from "../../../src/doors/review-platform/auth/signing-keys.js";
import { platformHttpHandler } from "../../../src/doors/review-platform/http/router.js";
import { readTokensFrom, submissionPolicy } from "../../../src/doors/review-platform/index.js";
import { submissionReport } from "../../../src/doors/review-platform/report.js";
import {
  openSubmissionStore,
  type SubmissionRecord,
  type SubmissionStore,
} from "../../../src/doors/review-platform/store/submission-store.js";
import { parseVenuesConfig, type VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { item, stubReport } from "../../helpers/app/report.js";
import {
  fixtureJson,
  fixtureText,
  KEY_TWO,
  NOW_MS,
  NOW_S,
  OJS_KEY,
  publicResolver,
  READ_TOKEN,
  smallPdf,
  standardHeaders,
  startLoopback,
  submissionPayload,
  testBodies,
  testSettings,
  type LoopbackServer,
} from "./helpers.js";

const parsedVenues = parseVenuesConfig(parseYaml(fixtureText("venues.yml")));
if (!parsedVenues.ok) throw new Error("fixture venues.yml is invalid");
const VENUES: VenuesConfig = { venues: parsedVenues.venues, source: "venues.yml" };
const ENV = { DEMO_PC_TOKEN: "demo-pc-token" };
const settings = testSettings({ webhookSecrets: [Buffer.from("demo-secret-one"), KEY_TWO] });

let store: SubmissionStore;
let server: LoopbackServer;
let enqueued: SubmissionRecord[];
let clock: number;

function startServer(withStore: SubmissionStore): Promise<LoopbackServer> {
  return startLoopback(
    platformHttpHandler({
      settings,
      store: withStore,
      policy: submissionPolicy(settings, VENUES, publicResolver, ["github.com"]),
      signingKeys: signingKeysFrom(settings, VENUES, ENV),
      bodies: testBodies(),
      enqueue: async (record) => {
        enqueued.push(record);
      },
      now: () => clock,
      log: captureLogger(),
      readTokens: readTokensFrom(settings, VENUES, ENV),
    }),
  );
}

beforeAll(async () => {
  store = openSubmissionStore(":memory:");
  server = await startServer(store);
});
afterAll(async () => {
  await server.close();
  store.close();
});
beforeEach(() => {
  enqueued = [];
  clock = NOW_MS;
});

/** An answer's status and JSON body, read loosely (the tests assert on its exact fields). */
interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test asserts the exact shape it expects
  json: any;
}

async function post(body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${server.url}/ml-footprint/submissions`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

let nextId = 0;
const send = (payload: Record<string, unknown>, options: Parameters<typeof standardHeaders>[1] = {}) => {
  const body = JSON.stringify(payload);
  return post(body, standardHeaders(body, { id: `msg_${++nextId}`, ...options }));
};

describe("POST /ml-footprint/submissions", () => {
  it("stores and enqueues a signed submission, and answers 202 with its id and status URL", async () => {
    const { status, json } = await send(submissionPayload({ id: "accept-1" }));
    expect(status).toBe(202);
    expect(json).toEqual({
      id: expect.stringMatching(/^sub_[0-9a-f]{24}$/),
      status: "received",
      version: 1,
      status_url: `/ml-footprint/submissions/${json.id}`,
    });
    expect(enqueued.map((r) => r.submissionId)).toEqual(["accept-1"]);
    expect(store.get(json.id)).toMatchObject({ repository: "demo-2026-code/paper-1234", status: "received" });
  });

  it("accepts a submission signed with the second of two secrets (rotation)", async () => {
    const { status } = await send(submissionPayload({ id: "rotated-1" }), { keys: [KEY_TWO] });
    expect(status).toBe(202);
  });

  it("does not process a replayed webhook-id again (200, replayed) and refuses its reuse for another body (409)", async () => {
    const body = JSON.stringify(submissionPayload({ id: "replay-1" }));
    const headers = standardHeaders(body, { id: "msg_replay" });
    expect((await post(body, headers)).status).toBe(202);
    const replay = await post(body, headers);
    expect(replay).toMatchObject({ status: 200, json: { replayed: true, status: "received" } });
    expect(enqueued).toHaveLength(1);
    const other = JSON.stringify(submissionPayload({ id: "replay-2" }));
    expect(await post(other, standardHeaders(other, { id: "msg_replay" }))).toMatchObject({
      status: 409,
      json: { error: "webhook_id_reused" },
    });
  });

  it("acknowledges the same content under a new webhook-id without analysing it again", async () => {
    await send(submissionPayload({ id: "same-1" }));
    const again = await send(submissionPayload({ id: "same-1" }));
    expect(again).toMatchObject({ status: 202, json: { unchanged: true } });
    expect(enqueued).toHaveLength(1);
  });

  it("replaces the stored version with a newer one and refuses an older one (409)", async () => {
    await send(submissionPayload({ id: "versions-1", version: 2 }));
    expect(await send(submissionPayload({ id: "versions-1", version: 3 }))).toMatchObject({
      status: 202,
      json: { version: 3 },
    });
    expect(await send(submissionPayload({ id: "versions-1", version: 1 }))).toMatchObject({
      status: 409,
      json: { error: "stale_version", message: "Version 1 is older than the stored version 3.", version: 3 },
    });
  });

  it("answers 401 for a wrong signature, an expired timestamp, or no signature at all", async () => {
    const body = JSON.stringify(submissionPayload({ id: "auth-1" }));
    const wrong = standardHeaders(body, { keys: [Buffer.from("not-our-secret")] });
    expect(await post(body, wrong)).toMatchObject({ status: 401, json: { error: "bad_signature" } });
    const expired = standardHeaders(body, { timestamp: NOW_S - 3600 });
    expect(await post(body, expired)).toMatchObject({
      status: 401,
      json: { error: "timestamp_out_of_tolerance" },
    });
    const response = await fetch(`${server.url}/ml-footprint/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Signature realm="ml-footprint"');
    expect(enqueued).toEqual([]);
  });

  it("answers 400 for malformed headers and for a body that is not a JSON object", async () => {
    const body = JSON.stringify(submissionPayload());
    const headers = standardHeaders(body);
    delete headers["webhook-id"];
    expect(await post(body, headers)).toMatchObject({ status: 400, json: { error: "missing_headers" } });
    expect(await post("{not json", standardHeaders("{not json"))).toMatchObject({
      status: 400,
      json: { error: "malformed_json" },
    });
    expect(await post("[1,2]", standardHeaders("[1,2]"))).toMatchObject({
      status: 400,
      json: { message: "The body must be a JSON object." },
    });
  });

  it("answers 415 for another content type", async () => {
    const body = JSON.stringify(submissionPayload());
    const headers = { ...standardHeaders(body), "content-type": "text/plain" };
    expect(await post(body, headers)).toMatchObject({
      status: 415,
      json: { error: "unsupported_media_type" },
    });
  });

  it("answers 422 with every schema problem as property and error", async () => {
    const { status, json } = await send({ ...submissionPayload(), version: "2", repository: "x" });
    expect(status).toBe(422);
    expect(json).toEqual({
      error: "invalid_submission",
      message: "The submission does not match the schema.",
      errors: [
        { property: "version", error: "Invalid input: expected number, received string" },
        { property: "repository", error: "Expected owner/name or https://github.com/owner/name" },
      ],
    });
  });

  it("answers 422 when a rule of this server is broken (a paper host off the allow-list)", async () => {
    const { status, json } = await send(submissionPayload({ paper: { url: "https://elsewhere.org/p.pdf" } }));
    expect(status).toBe(422);
    expect(json.errors).toEqual([
      { property: "paper.url", error: "The URL host elsewhere.org is not on the allow-list" },
    ]);
  });

  it("answers 413 for a declared body over the limit without reading it", async () => {
    const body = JSON.stringify(
      submissionPayload({ paper: { base64: "A".repeat(100_000), filename: "p.pdf" } }),
    );
    expect(await post(body, standardHeaders(body))).toMatchObject({
      status: 413,
      json: { error: "payload_too_large" },
    });
  });

  it("answers 413 while reading a chunked body that grows over the limit", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      // Signed headers (for another body): the signature can only be checked once the body is read.
      const req = request(`${server.url}/ml-footprint/submissions`, {
        method: "POST",
        headers: { ...standardHeaders("{}"), "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", (error) => reject(error));
      let sent = 0;
      const pump = () => {
        while (sent < 400_000) {
          sent += 16_384;
          if (!req.write(Buffer.alloc(16_384, 0x41))) return req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it("answers 413 for an inline paper over the paper limit that fits in the body limit", async () => {
    const payload = submissionPayload({
      paper: { base64: Buffer.alloc(66 * 1024).toString("base64"), filename: "p.pdf" },
    });
    expect(await send(payload)).toMatchObject({ status: 413, json: { error: "paper_too_large" } });
  });

  it("takes an inline PDF and stores it for the job", async () => {
    const { status, json } = await send(
      submissionPayload({
        id: "inline-1",
        paper: { base64: smallPdf().toString("base64"), filename: "paper.pdf" },
      }),
    );
    expect(status).toBe(202);
    expect(store.inlinePaper(json.id, 1)?.filename).toBe("paper.pdf");
  });

  it("answers 405 for another method", async () => {
    const response = await fetch(`${server.url}/ml-footprint/submissions`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("the OJS webhook plugin adapter", () => {
  const ojs = (payload: unknown, key = OJS_KEY) => {
    const body = JSON.stringify(payload);
    return post(body, {
      "content-type": "application/json",
      "x-ojsbr-webhook-event": "submission.created",
      "x-ojsbr-webhook-signature": `sha256=${createHmac("sha256", key).update(body).digest("hex")}`,
    });
  };

  it("accepts a signed submission.created and maps it to the configured journal", async () => {
    const { status, json } = await ojs(fixtureJson("ojs/submission-created.json"));
    expect(status).toBe(202);
    expect(store.get(json.id)).toMatchObject({
      venue: "journal-of-frugal-ml",
      submissionId: "57",
      repository: "jfml-code/counting-joules",
      platform: "ojs",
      paper: { kind: "url", url: "https://journal.demo-venue.org/index.php/jfml/pdf/57" },
    });
    expect(await ojs(fixtureJson("ojs/submission-created.json"))).toMatchObject({
      status: 200,
      json: { replayed: true },
    });
  });

  it("refuses a wrong signature (401) and an old occurredAt (401)", async () => {
    expect((await ojs(fixtureJson("ojs/submission-created.json"), Buffer.from("wrong"))).status).toBe(401);
    clock = NOW_MS + 3600_000;
    const late = fixtureJson<{ object: Record<string, unknown> }>("ojs/submission-created.json");
    expect(await ojs({ ...late, object: { ...late.object, id: 58, submissionId: 58 } })).toMatchObject({
      status: 401,
      json: { error: "timestamp_out_of_tolerance" },
    });
  });

  it("answers 200 and does nothing for events it does not handle", async () => {
    expect(
      await ojs({ ...fixtureJson<object>("ojs/submission-created.json"), event: "publication.created" }),
    ).toEqual({
      status: 200,
      json: { ignored: true, reason: "event publication.created is not handled" },
    });
    expect(enqueued).toEqual([]);
  });
});

describe("a restart", () => {
  it("still recognises a replayed webhook-id: the ids are in the SQLite file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-replay-"));
    const file = path.join(dir, "platform.sqlite");
    try {
      const body = JSON.stringify(submissionPayload({ id: "restart-replay" }));
      const headers = standardHeaders(body, { id: "msg_before_restart" });
      const firstStore = openSubmissionStore(file);
      const first = await startServer(firstStore);
      const accepted = await fetch(`${first.url}/ml-footprint/submissions`, {
        method: "POST",
        headers,
        body,
      });
      expect(accepted.status).toBe(202);
      await first.close();
      firstStore.close();

      const secondStore = openSubmissionStore(file);
      const second = await startServer(secondStore);
      const replayed = await fetch(`${second.url}/ml-footprint/submissions`, {
        method: "POST",
        headers,
        body,
      });
      expect(replayed.status).toBe(200);
      expect(await replayed.json()).toMatchObject({ replayed: true });
      await second.close();
      secondStore.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("GET routes for program committees", () => {
  let record: SubmissionRecord;
  beforeAll(async () => {
    const { json } = await send(
      submissionPayload({ id: "=report-1", title: 'Widgets, "quoted"', version: 2 }),
    );
    record = store.get(json.id)!;
    const report = stubReport({
      items: [item("hardware", "disclosed"), item("training_time", "missing")],
    });
    const body = submissionReport(
      record,
      { status: "completed", error: null, report, markdown: "md", commit: "c0ffee", trackingIssueUrl: null },
      new Date(NOW_MS),
    );
    store.finish(
      record.id,
      2,
      record.contentHash,
      {
        status: "completed",
        reason: null,
        reportJson: JSON.stringify(body),
        verdict: "incomplete",
        co2eCentralKg: 12.34567,
      },
      NOW_MS + 1000,
    );
  });

  const get = (route: string, token?: string) =>
    fetch(`${server.url}${route}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("needs a bearer token (401 with WWW-Authenticate)", async () => {
    const response = await get(`/ml-footprint/submissions/${record.id}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="ml-footprint"');
    expect((await get(`/ml-footprint/submissions/${record.id}`, "wrong")).status).toBe(401);
  });

  it("returns a submission's status and latest report", async () => {
    const response = await get(`/ml-footprint/submissions/${record.id}`, READ_TOKEN);
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view).toMatchObject({
      id: record.id,
      submission_id: "=report-1",
      version: 2,
      status: "completed",
      callback: { host: "platform.demo-venue.org", status: "pending", attempts: 0 },
      report: {
        type: "submission.report",
        status: "completed",
        commit: "c0ffee",
        checklist: {
          verdict: "incomplete",
          items: [{ id: "hardware", status: "disclosed" }, { id: "training_time" }],
        },
      },
    });
    expect((await get("/ml-footprint/submissions/sub_000000000000000000000000", READ_TOKEN)).status).toBe(
      404,
    );
  });

  it("serves the venue's CSV, one row per submission, with formula-looking text defused", async () => {
    const venue = encodeURIComponent("Demo.cc/2026/Conference");
    const response = await get(`/ml-footprint/venues/${venue}/report.csv`, "demo-pc-token");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe(
      "id,version,title,repository,status,verdict,hardware,training_time,co2e_kg_central,updated_at",
    );
    expect(lines).toContain(
      `'=report-1,2,"Widgets, ""quoted""",demo-2026-code/paper-1234,completed,incomplete,disclosed,missing,12.35,2026-05-01T12:00:01.000Z`,
    );
    expect(lines).toContain(
      "accept-1,1,Sparse Widgets for Frugal Training,demo-2026-code/paper-1234,received,,,,,2026-05-01T12:00:00.000Z",
    );
  });

  it("lets a venue's token read only its venue", async () => {
    const other = encodeURIComponent("journal-of-frugal-ml");
    expect((await get(`/ml-footprint/venues/${other}/report.csv`, "demo-pc-token")).status).toBe(404);
    const ojsRecord = store.listVenue("journal-of-frugal-ml")[0]!;
    expect((await get(`/ml-footprint/submissions/${ojsRecord.id}`, "demo-pc-token")).status).toBe(404);
    expect((await get(`/ml-footprint/submissions/${ojsRecord.id}`, READ_TOKEN)).status).toBe(200);
  });
});
