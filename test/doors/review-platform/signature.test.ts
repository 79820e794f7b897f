import { describe, expect, it } from "@jest/globals";
import { createHmac } from "node:crypto";
import { authorizeBearer, mayRead } from "../../../src/doors/review-platform/auth/bearer.js";
import { constantTimeEqual } from "../../../src/doors/http/constant-time.js";
import { verifyOjsSignature } from "../../../src/doors/review-platform/auth/ojs-signature.js";
import {
  decodeWebhookSecret,
  signStandardWebhook,
  verifyStandardWebhook,
} from "../../../src/doors/review-platform/auth/standard-webhooks.js";
import { KEY_ONE, KEY_TWO, NOW_S, OJS_KEY, SECRET_ONE, standardHeaders } from "./helpers.js";

const BODY = '{"id":"1234","version":1}';
const bytes = Buffer.from(BODY);

describe("Standard Webhooks verification", () => {
  it("accepts a valid signature and returns the id and timestamp", () => {
    expect(verifyStandardWebhook(standardHeaders(BODY), bytes, [KEY_ONE], NOW_S)).toEqual({
      ok: true,
      id: "msg_demo_1",
      timestamp: NOW_S,
    });
  });

  it("signs `${id}.${timestamp}.${body}` with HMAC-SHA256 in base64, as the spec's example does", () => {
    // The specification's own test vector (standard-webhooks spec, "Verifying a webhook").
    const key = decodeWebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;
    expect(signStandardWebhook("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}', key)).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("refuses a body changed by one byte (401)", () => {
    const headers = standardHeaders(BODY);
    expect(
      verifyStandardWebhook(headers, Buffer.from(BODY.replace("1234", "1235")), [KEY_ONE], NOW_S),
    ).toEqual({
      ok: false,
      status: 401,
      error: "bad_signature",
      message: "No webhook-signature matches the body.",
    });
  });

  it("refuses a signature made with another secret (401)", () => {
    const result = verifyStandardWebhook(standardHeaders(BODY, { keys: [KEY_TWO] }), bytes, [KEY_ONE], NOW_S);
    expect(result).toMatchObject({ ok: false, status: 401, error: "bad_signature" });
  });

  it("refuses a timestamp more than five minutes old or ahead (401), and accepts one at the edge", () => {
    const old = verifyStandardWebhook(
      standardHeaders(BODY, { timestamp: NOW_S - 301 }),
      bytes,
      [KEY_ONE],
      NOW_S,
    );
    const ahead = verifyStandardWebhook(
      standardHeaders(BODY, { timestamp: NOW_S + 301 }),
      bytes,
      [KEY_ONE],
      NOW_S,
    );
    const edge = verifyStandardWebhook(
      standardHeaders(BODY, { timestamp: NOW_S - 300 }),
      bytes,
      [KEY_ONE],
      NOW_S,
    );
    expect(old).toMatchObject({ ok: false, status: 401, error: "timestamp_out_of_tolerance" });
    expect(ahead).toMatchObject({ ok: false, status: 401, error: "timestamp_out_of_tolerance" });
    expect(edge.ok).toBe(true);
  });

  it("accepts either of two configured secrets while we rotate ours", () => {
    expect(
      verifyStandardWebhook(standardHeaders(BODY, { keys: [KEY_TWO] }), bytes, [KEY_ONE, KEY_TWO], NOW_S).ok,
    ).toBe(true);
  });

  it("accepts a header with several signatures while the sender rotates its secret", () => {
    const headers = standardHeaders(BODY, { keys: [KEY_TWO, KEY_ONE] });
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifyStandardWebhook(headers, bytes, [KEY_ONE], NOW_S).ok).toBe(true);
  });

  it("ignores signature versions other than v1", () => {
    const headers = standardHeaders(BODY);
    headers["webhook-signature"] = headers["webhook-signature"]!.replace("v1,", "v1a,");
    expect(verifyStandardWebhook(headers, bytes, [KEY_ONE], NOW_S)).toMatchObject({ status: 401 });
  });

  it("answers 400 for missing or malformed headers", () => {
    expect(verifyStandardWebhook({ "webhook-signature": "v1,xx" }, bytes, [KEY_ONE], NOW_S)).toEqual({
      ok: false,
      status: 400,
      error: "missing_headers",
      message: "Missing webhook-id, webhook-timestamp.",
    });
    const headers = standardHeaders(BODY);
    expect(
      verifyStandardWebhook({ ...headers, "webhook-timestamp": "2026-05-01" }, bytes, [KEY_ONE], NOW_S),
    ).toMatchObject({ status: 400, error: "malformed_headers" });
    expect(verifyStandardWebhook({ ...headers, "webhook-id": "a b" }, bytes, [KEY_ONE], NOW_S)).toMatchObject(
      {
        status: 400,
      },
    );
  });

  it("decodes whsec_ secrets as base64 and takes any other secret as its text", () => {
    expect(decodeWebhookSecret(SECRET_ONE)).toEqual(KEY_ONE);
    expect(decodeWebhookSecret("plain text secret")).toEqual(Buffer.from("plain text secret"));
    expect(decodeWebhookSecret("whsec_not base64!")).toBeNull();
  });
});

describe("OJS webhook plugin signature (sha256=<hex>)", () => {
  const sign = (body: string, key: Buffer) =>
    `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

  it("accepts the HMAC-SHA256 of the body in hex", () => {
    expect(verifyOjsSignature(sign(BODY, OJS_KEY), bytes, [OJS_KEY])).toEqual({ ok: true });
  });

  it("accepts upper-case hex and either of two secrets", () => {
    expect(
      verifyOjsSignature(sign(BODY, KEY_TWO).toUpperCase().replace("SHA256", "sha256"), bytes, [
        OJS_KEY,
        KEY_TWO,
      ]).ok,
    ).toBe(true);
  });

  it("refuses a wrong signature (401) and a malformed header (400)", () => {
    expect(verifyOjsSignature(sign(BODY, KEY_ONE), bytes, [OJS_KEY])).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(verifyOjsSignature("md5=abc", bytes, [OJS_KEY])).toMatchObject({ ok: false, status: 400 });
  });
});

describe("constant-time comparison and bearer tokens", () => {
  it("compares equal and unequal byte strings, of equal and different lengths", () => {
    expect(constantTimeEqual(Buffer.from("abc"), Buffer.from("abc"))).toBe(true);
    expect(constantTimeEqual(Buffer.from("abc"), Buffer.from("abd"))).toBe(false);
    expect(constantTimeEqual(Buffer.from("abc"), Buffer.from("abcd"))).toBe(false);
  });

  it("gives an operator token every venue and a venue token its venue only", () => {
    const tokens = [
      { token: "operator", scope: { kind: "all" as const } },
      { token: "neurips-pc", scope: { kind: "venue" as const, venue: "NeurIPS" } },
    ];
    expect(authorizeBearer("Bearer operator", tokens)).toEqual({ kind: "all" });
    const venue = authorizeBearer("bearer neurips-pc", tokens)!;
    expect(mayRead(venue, "NeurIPS")).toBe(true);
    expect(mayRead(venue, "ICML")).toBe(false);
    expect(authorizeBearer("Bearer nope", tokens)).toBeNull();
    expect(authorizeBearer("Basic b3BlcmF0b3I=", tokens)).toBeNull();
    expect(authorizeBearer(undefined, tokens)).toBeNull();
  });
});
