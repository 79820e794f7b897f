/** Outbound requests under the network policy, and getting a submission's paper (nock, no network). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import {
  obtainSubmissionPaper,
  safePaperName,
  type PaperDependencies,
} from "../../../src/doors/review-platform/jobs/paper.js";
import {
  safeRequest,
  UpstreamUnavailableError,
  type NetworkPolicy,
  type SafeRequestOptions,
} from "../../../src/doors/review-platform/net/safe-request.js";
import {
  openSubmissionStore,
  type SubmissionStore,
} from "../../../src/doors/review-platform/store/submission-store.js";
import {
  parseSubmission,
  submissionContentHash,
} from "../../../src/doors/review-platform/submission/schema.js";
import { NOW_MS, smallPdf, submissionPayload, tableResolver } from "./helpers.js";

const PAPERS = "https://papers.demo-venue.org";
const resolve = tableResolver({
  "papers.demo-venue.org": ["93.184.216.34"],
  "mirror.demo-venue.org": ["93.184.216.35"],
  "internal.demo-venue.org": ["10.20.30.40"],
  "split.demo-venue.org": ["93.184.216.36", "192.168.0.9"],
  "other.example.org": ["93.184.216.37"],
});
const policy: NetworkPolicy = {
  allowedHosts: [
    "papers.demo-venue.org",
    "mirror.demo-venue.org",
    "internal.demo-venue.org",
    "split.demo-venue.org",
  ],
  allowPrivateNetwork: false,
  resolve,
};
const get: SafeRequestOptions = { maxBytes: 4096, timeoutMs: 2000, maxRedirects: 3, what: "paper URL" };
const PDF = smallPdf();

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("safeRequest", () => {
  it("fetches over https from an allowed host that resolves to a public address", async () => {
    const scope = nock(PAPERS).get("/pdf/1234.pdf").reply(200, PDF, { "content-type": "application/pdf" });
    const response = await safeRequest(`${PAPERS}/pdf/1234.pdf`, policy, get);
    expect(response.status).toBe(200);
    expect(response.body.equals(PDF)).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it("refuses a name that resolves to a private address, before connecting", async () => {
    await expect(safeRequest("https://internal.demo-venue.org/p.pdf", policy, get)).rejects.toMatchObject({
      code: "url_refused",
      message:
        "The paper URL was refused: internal.demo-venue.org resolves to 10.20.30.40, which is not a public address (private).",
    });
  });

  it("refuses a name when any one of its addresses is private", async () => {
    await expect(safeRequest("https://split.demo-venue.org/p.pdf", policy, get)).rejects.toMatchObject({
      message: expect.stringContaining("resolves to 192.168.0.9"),
    });
  });

  it("checks every redirect like the first URL: a redirect to a private address is refused", async () => {
    nock(PAPERS).get("/pdf/1234.pdf").reply(302, "", { location: "https://internal.demo-venue.org/steal" });
    await expect(safeRequest(`${PAPERS}/pdf/1234.pdf`, policy, get)).rejects.toMatchObject({
      code: "url_refused",
      message: expect.stringMatching(
        /^The paper URL \(redirect\) was refused: internal\.demo-venue\.org resolves/,
      ),
    });
  });

  it("refuses a redirect to a loopback literal and to a host off the allow-list", async () => {
    nock(PAPERS).get("/a.pdf").reply(301, "", { location: "https://127.0.0.1/a.pdf" });
    await expect(safeRequest(`${PAPERS}/a.pdf`, policy, get)).rejects.toMatchObject({
      message: "The paper URL (redirect) was refused: host 127.0.0.1 is not on the allow-list.",
    });
    nock(PAPERS).get("/b.pdf").reply(307, "", { location: "https://other.example.org/b.pdf" });
    await expect(safeRequest(`${PAPERS}/b.pdf`, policy, get)).rejects.toMatchObject({
      message: "The paper URL (redirect) was refused: host other.example.org is not on the allow-list.",
    });
  });

  it("follows a redirect within the allow-list, and sends credentials only to their origin", async () => {
    nock(PAPERS)
      .matchHeader("authorization", "Bearer platform-token")
      .get("/pdf/1234.pdf")
      .reply(302, "", { location: "https://mirror.demo-venue.org/1234.pdf" });
    nock("https://mirror.demo-venue.org")
      .matchHeader("authorization", (value) => value === undefined)
      .get("/1234.pdf")
      .reply(200, PDF);
    const response = await safeRequest(`${PAPERS}/pdf/1234.pdf`, policy, {
      ...get,
      credentials: { origin: PAPERS, headers: { authorization: "Bearer platform-token" } },
    });
    expect(response).toMatchObject({ status: 200, url: "https://mirror.demo-venue.org/1234.pdf" });
  });

  it("stops after too many redirects", async () => {
    nock(PAPERS)
      .get("/loop")
      .times(5)
      .reply(302, "", { location: `${PAPERS}/loop` });
    await expect(safeRequest(`${PAPERS}/loop`, policy, get)).rejects.toMatchObject({
      message: "The paper URL redirected more than 3 times.",
    });
  });

  it("refuses an answer over the size limit, declared or streamed", async () => {
    nock(PAPERS).get("/declared.pdf").reply(200, Buffer.alloc(5000), { "content-length": "5000" });
    await expect(safeRequest(`${PAPERS}/declared.pdf`, policy, get)).rejects.toMatchObject({
      code: "too_large",
    });
    nock(PAPERS)
      .get("/streamed.pdf")
      .reply(200, () => Readable.from([Buffer.alloc(3000), Buffer.alloc(3000)]));
    await expect(safeRequest(`${PAPERS}/streamed.pdf`, policy, get)).rejects.toMatchObject({
      code: "too_large",
    });
  });

  it("reports a timeout as retryable", async () => {
    nock(PAPERS).get("/slow.pdf").delay(500).reply(200, PDF);
    const error = await safeRequest(`${PAPERS}/slow.pdf`, policy, { ...get, timeoutMs: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ status: 503, message: "the paper URL did not answer in time" });
  });

  it("refuses http unless the policy allows the private network (tests)", async () => {
    await expect(safeRequest("http://papers.demo-venue.org/p.pdf", policy, get)).rejects.toMatchObject({
      message: "The paper URL was refused: must use https.",
    });
  });
});

describe("a submission's paper", () => {
  let store: SubmissionStore;
  beforeAll(() => {
    store = openSubmissionStore(":memory:");
  });
  afterAll(() => store.close());

  const deps = (): PaperDependencies => ({
    store,
    policy,
    maxBytes: 64 * 1024,
    timeoutMs: 2000,
    credentialsFor: () => null,
  });

  function stored(overrides: Record<string, unknown>) {
    const parsed = parseSubmission(submissionPayload(overrides));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return store.accept(parsed.submission, submissionContentHash(parsed.submission), null, NOW_MS).record;
  }

  it("decodes an inline paper into a temporary .pdf file, removed by cleanup", async () => {
    const record = stored({
      id: "inline-1",
      paper: { base64: PDF.toString("base64"), filename: "my paper.pdf" },
    });
    const paper = await obtainSubmissionPaper(record, deps(), { lastAttempt: false });
    expect(paper.kind).toBe("file");
    if (paper.kind !== "file") return;
    expect(paper.path).toMatch(/ml-footprint-paper-[^/]+\/my_paper\.pdf$/);
    expect(readFileSync(paper.path).equals(PDF)).toBe(true);
    await paper.cleanup();
    expect(() => readFileSync(paper.path)).toThrow();
  });

  it("downloads a paper by URL", async () => {
    nock(PAPERS).get("/pdf/url-1.pdf").reply(200, PDF);
    const record = stored({ id: "url-1", paper: { url: `${PAPERS}/pdf/url-1.pdf` } });
    const paper = await obtainSubmissionPaper(record, deps(), { lastAttempt: false });
    expect(paper.kind === "file" && readFileSync(paper.path).equals(PDF)).toBe(true);
    if (paper.kind === "file") await paper.cleanup();
  });

  it("gives a reason instead of a file for a non-PDF, a 404 or a refused address", async () => {
    const notPdf = stored({
      id: "html-1",
      paper: { base64: Buffer.from("<html>hello</html>").toString("base64"), filename: "p.pdf" },
    });
    expect(await obtainSubmissionPaper(notPdf, deps(), { lastAttempt: false })).toEqual({
      kind: "none",
      reason: "the paper is not a PDF (no %PDF- header)",
    });
    nock(PAPERS).get("/pdf/gone.pdf").reply(404, "no");
    const gone = stored({ id: "gone-1", paper: { url: `${PAPERS}/pdf/gone.pdf` } });
    expect(await obtainSubmissionPaper(gone, deps(), { lastAttempt: false })).toEqual({
      kind: "none",
      reason: "The paper URL answered 404.",
    });
    const internal = stored({ id: "internal-1", paper: { url: "https://internal.demo-venue.org/p.pdf" } });
    expect(await obtainSubmissionPaper(internal, deps(), { lastAttempt: false })).toMatchObject({
      kind: "none",
      reason: expect.stringContaining("not a public address (private)"),
    });
  });

  it("throws a 5xx for a retry, and gives up with a reason on the last attempt", async () => {
    nock(PAPERS).get("/pdf/busy.pdf").times(2).reply(503, "busy");
    const busy = stored({ id: "busy-1", paper: { url: `${PAPERS}/pdf/busy.pdf` } });
    await expect(obtainSubmissionPaper(busy, deps(), { lastAttempt: false })).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    expect(await obtainSubmissionPaper(busy, deps(), { lastAttempt: true })).toEqual({
      kind: "none",
      reason: "the paper URL answered 503 (gave up after retries)",
    });
  });

  it("names temporary files safely", () => {
    expect(safePaperName("../../etc/passwd")).toBe("passwd.pdf");
    expect(safePaperName("Paper (final).PDF")).toBe("Paper_final_.PDF");
    expect(safePaperName("")).toBe("paper.pdf");
  });
});
