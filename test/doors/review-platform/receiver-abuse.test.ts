/**
 * POST /ml-footprint/submissions under abuse, over real HTTP on loopback: what is refused before a byte of
 * the body is read, what is cut while reading, that nothing touches the store before the signature holds,
 * and the venue rules (the venues file bounds venues, a venue's own secret speaks for it alone, its
 * organisation bounds repositories).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { signingKeysFrom } from "../../../src/doors/review-platform/auth/signing-keys.js";
import { platformHttpHandler } from "../../../src/doors/review-platform/http/router.js";
import { readTokensFrom, submissionPolicy } from "../../../src/doors/review-platform/index.js";
import type { PlatformSettings } from "../../../src/doors/review-platform/settings.js";
import {
  openSubmissionStore,
  type SubmissionStore,
} from "../../../src/doors/review-platform/store/submission-store.js";
import { parseVenuesConfig, type VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { feedChunks, rawExchange, requestHead } from "../../helpers/app/raw-http.js";
import {
  fixtureJson,
  fixtureText,
  KEY_ONE,
  NOW_MS,
  NOW_S,
  OJS_KEY,
  publicResolver,
  standardHeaders,
  startLoopback,
  submissionPayload,
  testBodies,
  testSettings,
  type LoopbackServer,
} from "./helpers.js";

const DEMO = "Demo.cc/2026/Conference";
const JOURNAL = "journal-of-frugal-ml";
/** The Demo venue's and the journal's own secrets, in the environment the venues file names. */
const DEMO_KEY = Buffer.from("demo-venue-own-secret");
const JOURNAL_KEY = Buffer.from("journal-own-ojs-secret");
const ENV = { DEMO_VENUE_SECRET: DEMO_KEY.toString(), JFML_OJS_SECRET: JOURNAL_KEY.toString() };

/** The fixture's venues; `ownSecrets` gives the Demo venue and the journal secrets of their own. */
function venues(ownSecrets: boolean): VenuesConfig {
  const raw = parseYaml(fixtureText("venues.yml")) as { venues: Array<Record<string, unknown>> };
  if (ownSecrets)
    for (const venue of raw.venues) {
      if (venue.id === DEMO) venue.secret_env = "DEMO_VENUE_SECRET";
      if (venue.id === JOURNAL) (venue.ojs as Record<string, unknown>).secret_env = "JFML_OJS_SECRET";
    }
  const parsed = parseVenuesConfig(raw);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return { venues: parsed.venues, source: "venues.yml" };
}

interface Receiver {
  server: LoopbackServer;
  store: SubmissionStore;
  /** Every store method called, in order. */
  storeCalls: string[];
}

async function startReceiver(
  options: {
    settings?: Partial<PlatformSettings>;
    ownSecrets?: boolean;
    spoolDir?: string;
    /** The body time bound: short, for the 408 test; the spool test's megabytes get longer on a loaded machine. */
    bodyTimeoutMs?: number;
  } = {},
): Promise<Receiver> {
  const settings = testSettings(options.settings);
  const config = venues(options.ownSecrets ?? false);
  const store = openSubmissionStore(":memory:");
  const storeCalls: string[] = [];
  // The store as the receiver sees it: every call recorded.
  const watched = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        storeCalls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const server = await startLoopback(
    platformHttpHandler({
      settings,
      store: watched,
      policy: submissionPolicy(settings, config, publicResolver, ["github.com"]),
      signingKeys: signingKeysFrom(settings, config, ENV),
      bodies: {
        ...testBodies(64 * 1024 * 1024, options.bodyTimeoutMs ?? 1_000),
        ...(options.spoolDir ? { spoolDir: options.spoolDir } : {}),
      },
      enqueue: async () => undefined,
      now: () => NOW_MS,
      log: captureLogger(),
      readTokens: readTokensFrom(settings, config, ENV),
    }),
  );
  return { server, store, storeCalls };
}

const stopReceiver = async (receiver: Receiver | undefined) => {
  await receiver?.server.close();
  receiver?.store.close();
};

async function post(receiver: Receiver, body: string, headers: Record<string, string>) {
  const response = await fetch(`${receiver.server.url}/ml-footprint/submissions`, {
    method: "POST",
    headers,
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

let nextId = 0;
const signed = (payload: Record<string, unknown>, keys: Buffer[] = [KEY_ONE]) => {
  const body = JSON.stringify(payload);
  return { body, headers: standardHeaders(body, { id: `msg_abuse_${++nextId}`, keys }) };
};

describe("refused before a byte of the body is read", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => stopReceiver(receiver));

  // A large declared body that is never sent: an answer proves the server did not wait to read it.
  const head = (headers: Record<string, string>) =>
    requestHead("POST", "/ml-footprint/submissions", { "content-length": "90000", ...headers });
  const signedHeaders = standardHeaders("{}", { id: "msg_head" });

  it.each([
    ["no signature at all", { "content-type": "application/json" }, 401, "missing_signature"],
    [
      "another content type",
      { ...signedHeaders, "content-type": "text/plain" },
      415,
      "unsupported_media_type",
    ],
    [
      "a malformed webhook-timestamp",
      { ...signedHeaders, "webhook-timestamp": "yesterday" },
      400,
      "malformed_headers",
    ],
    [
      "a timestamp an hour old",
      { ...signedHeaders, "webhook-timestamp": String(NOW_S - 3600) },
      401,
      "timestamp_out_of_tolerance",
    ],
    [
      "a malformed OJS signature",
      { "content-type": "application/json", "x-ojsbr-webhook-signature": "md5=abc" },
      400,
      "malformed_headers",
    ],
    [
      "a Content-Length over the limit",
      { ...signedHeaders, "content-length": String(200 * 1024) },
      413,
      "payload_too_large",
    ],
  ])("%s", async (_case, headers, status, error) => {
    const answer = await rawExchange(receiver.server.url, head(headers));
    expect({ status: answer.status, closed: answer.closed, error: JSON.parse(answer.body).error }).toEqual({
      status,
      closed: true,
      error,
    });
    expect(receiver.storeCalls).toEqual([]);
  });

  it("a signature when no secret is configured for its scheme (401)", async () => {
    const bare = await startReceiver({ settings: { webhookSecrets: [] } });
    try {
      const answer = await rawExchange(bare.server.url, head(signedHeaders));
      expect(answer).toMatchObject({ status: 401, closed: true });
      expect(JSON.parse(answer.body)).toMatchObject({ message: "No webhook secret is configured." });
    } finally {
      await stopReceiver(bare);
    }
  });
});

describe("cut while reading, and nothing done before the signature holds", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => stopReceiver(receiver));

  it("cuts a chunked body at the limit (413) and closes the connection", async () => {
    const answer = await rawExchange(
      receiver.server.url,
      requestHead("POST", "/ml-footprint/submissions", {
        ...standardHeaders("{}", { id: "msg_chunked" }),
        "transfer-encoding": "chunked",
      }),
      feedChunks(16 * 1024, 1024 * 1024),
    );
    expect(answer).toMatchObject({ status: 413, closed: true });
    expect(receiver.storeCalls).toEqual([]);
  });

  it("cuts a body that does not arrive within the time bound (408)", async () => {
    const answer = await rawExchange(
      receiver.server.url,
      requestHead("POST", "/ml-footprint/submissions", {
        ...standardHeaders("{}", { id: "msg_slow" }),
        "content-length": "5000",
      }),
      (socket) => socket.write("{"),
    );
    expect(answer).toMatchObject({ status: 408, closed: true });
    expect(receiver.storeCalls).toEqual([]);
  });

  it("refuses a wrong signature (401) with no store call; a signed one is looked up, then stored", async () => {
    const { body } = signed(submissionPayload({ id: "forged-1" }));
    const forged = standardHeaders(body, { id: "msg_forged", keys: [Buffer.from("not-our-secret")] });
    expect(await post(receiver, body, forged)).toMatchObject({
      status: 401,
      json: { error: "bad_signature" },
    });
    const ojsBody = JSON.stringify(fixtureJson("ojs/submission-created.json"));
    const ojsForged = await post(receiver, ojsBody, {
      "content-type": "application/json",
      "x-ojsbr-webhook-signature": `sha256=${createHmac("sha256", "wrong").update(ojsBody).digest("hex")}`,
    });
    expect(ojsForged).toMatchObject({ status: 401, json: { error: "bad_signature" } });
    expect(receiver.storeCalls).toEqual([]);

    // The same body correctly signed: the store is first asked about the webhook id, then written.
    const good = signed(submissionPayload({ id: "forged-1" }));
    expect((await post(receiver, good.body, good.headers)).status).toBe(202);
    expect(receiver.storeCalls.slice(0, 2)).toEqual(["delivery", "accept"]);
  });
});

describe("a body past the memory threshold (spooled to an unlinked file)", () => {
  const MB = 1024 * 1024;
  let receiver: Receiver;
  let spoolDir: string;
  beforeAll(async () => {
    spoolDir = mkdtempSync(path.join(tmpdir(), "ml-footprint-spool-http-"));
    receiver = await startReceiver({
      settings: { maxPaperBytes: 3 * MB, maxBodyBytes: 5 * MB },
      spoolDir,
      // Megabytes over loopback took more than 1 s under a loaded full run (a 408 instead of the 401 asserted).
      bodyTimeoutMs: 30_000,
    });
  });
  afterAll(async () => {
    await stopReceiver(receiver);
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it("is read back intact when signed, and leaves nothing behind, signed or forged", async () => {
    const paper = Buffer.alloc(2 * MB, "%PDF-1.7 spooled ").toString("base64");
    const payload = submissionPayload({ id: "spooled-1", paper: { base64: paper, filename: "paper.pdf" } });
    const forged = JSON.stringify(payload);
    expect(
      await post(
        receiver,
        forged,
        standardHeaders(forged, { id: "msg_big_forged", keys: [Buffer.from("nope")] }),
      ),
    ).toMatchObject({ status: 401 });
    expect(readdirSync(spoolDir)).toEqual([]);

    const { body, headers } = signed(payload);
    const accepted = await post(receiver, body, headers);
    expect(accepted.status).toBe(202);
    expect(receiver.store.inlinePaper(accepted.json.id as string, 1)?.base64).toBe(paper);
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});

describe("venues", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => stopReceiver(receiver));

  it("refuses a venue that is not in the venues file (422 unknown_venue) and stores nothing", async () => {
    const { body, headers } = signed(submissionPayload({ id: "elsewhere-1", venue: "Unknown.cc/2026" }));
    expect(await post(receiver, body, headers)).toEqual({
      status: 422,
      json: {
        error: "unknown_venue",
        message: "This server does not take submissions for this venue.",
        errors: [{ property: "venue", error: "Unknown.cc/2026 is not a venue of this server" }],
      },
    });
    expect(receiver.store.listVenue("Unknown.cc/2026")).toEqual([]);
  });

  it("takes any venue when the operator opens the server to any (ML_FOOTPRINT_PLATFORM_ANY_VENUE)", async () => {
    const open = await startReceiver({ settings: { anyVenue: true } });
    try {
      const { body, headers } = signed(submissionPayload({ id: "elsewhere-2", venue: "Unknown.cc/2026" }));
      expect((await post(open, body, headers)).status).toBe(202);
    } finally {
      await stopReceiver(open);
    }
  });

  it("refuses a repository outside the venue's organisation (422 repository_outside_organisation)", async () => {
    const { body, headers } = signed(
      submissionPayload({ id: "outside-1", repository: "https://github.com/someone-else/secret-repo" }),
    );
    expect(await post(receiver, body, headers)).toMatchObject({
      status: 422,
      json: {
        error: "repository_outside_organisation",
        errors: [
          {
            property: "repository",
            error: `Repositories of ${DEMO} live in the demo-2026-code organisation`,
          },
        ],
      },
    });
  });
});

describe("a venue's own signing secret", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ ownSecrets: true });
  });
  afterAll(() => stopReceiver(receiver));

  it("signs for its venue", async () => {
    const { body, headers } = signed(submissionPayload({ id: "own-1" }), [DEMO_KEY]);
    expect((await post(receiver, body, headers)).status).toBe(202);
  });

  it("does not sign for another venue (403 venue_not_allowed)", async () => {
    const { body, headers } = signed(
      submissionPayload({ id: "own-2", venue: "funconf26", repository: "funconf26-code/paper-2" }),
      [DEMO_KEY],
    );
    expect(await post(receiver, body, headers)).toMatchObject({
      status: 403,
      json: { error: "venue_not_allowed", message: "The request is signed with another venue's secret." },
    });
  });

  it("is the only one its venue accepts: the server-wide secret is refused for it (403), accepted for others", async () => {
    const demo = signed(submissionPayload({ id: "own-3" }), [KEY_ONE]);
    expect(await post(receiver, demo.body, demo.headers)).toMatchObject({
      status: 403,
      json: {
        error: "venue_not_allowed",
        message: "This venue's submissions must be signed with its own secret.",
      },
    });
    const other = signed(
      submissionPayload({ id: "own-4", venue: "funconf26", repository: "funconf26-code/paper-4" }),
      [KEY_ONE],
    );
    expect((await post(receiver, other.body, other.headers)).status).toBe(202);
  });

  it("works the same for a journal's own OJS plugin secret", async () => {
    const body = JSON.stringify(fixtureJson("ojs/submission-created.json"));
    const ojs = (key: Buffer) =>
      post(receiver, body, {
        "content-type": "application/json",
        "x-ojsbr-webhook-event": "submission.created",
        "x-ojsbr-webhook-signature": `sha256=${createHmac("sha256", key).update(body).digest("hex")}`,
      });
    expect(await ojs(OJS_KEY)).toMatchObject({ status: 403, json: { error: "venue_not_allowed" } });
    expect((await ojs(JOURNAL_KEY)).status).toBe(202);
  });

  it("must be set in the environment, or the server does not start", () => {
    expect(() => signingKeysFrom(testSettings(), venues(true), { JFML_OJS_SECRET: "x".repeat(8) })).toThrow(
      `Venue ${DEMO}: its secret variable DEMO_VENUE_SECRET is not set in the environment`,
    );
  });
});
