/** The redaction every log line passes through (src/app/http/log-redaction.ts). */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { Logger } from "probot";
import {
  createLogRedactor,
  installLogRedaction,
  MAX_LOGGED_STRING,
  REDACTED,
  REDACTED_KEYS,
} from "../../../src/doors/http/log-redaction.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { PRIVATE_KEY } from "../../helpers/app/github.js";

const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;

/** Every string in a parsed value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => [key, ...strings(inner)]);
  return [];
}

describe("the redaction of a log line", () => {
  const redactor = createLogRedactor();

  it("hides the values of the listed keys wherever they are, whatever their case or separators", () => {
    const out = parse(
      redactor.redactLine(
        line({
          msg: "POST /api/github/webhooks 400",
          req: {
            headers: {
              Authorization: "Bearer pc-chair-token",
              "X-Hub-Signature-256": "sha256=abc",
              "webhook-signature": "v1,abc",
              host: "127.0.0.1",
            },
          },
          err: {
            request: { headers: { authorization: "token ghs_x" } },
            response: { data: { token: "ghs_y" } },
          },
          privateKey: "-----BEGIN RSA PRIVATE KEY-----",
          webhook_secret: "s",
          secrets: 2,
        }),
      ),
    );
    expect(out).toEqual({
      msg: "POST /api/github/webhooks 400",
      req: {
        headers: {
          Authorization: REDACTED,
          "X-Hub-Signature-256": REDACTED,
          "webhook-signature": REDACTED,
          host: "127.0.0.1",
        },
      },
      err: { request: { headers: { authorization: REDACTED } }, response: { data: { token: REDACTED } } },
      privateKey: REDACTED,
      webhook_secret: REDACTED,
      // A count of secrets is not one.
      secrets: 2,
    });
  });

  it("hides payloads and request bodies, keeps an event's id and name, keeps a body we log on purpose", () => {
    const out = parse(
      redactor.redactLine(
        line({
          err: { message: "signature does not match", event: { id: "d-1", name: "push", payload: "{...}" } },
          request: { method: "POST", body: "{...}" },
          payload: { ref: "refs/heads/main" },
          rawBody: "AAAA",
          dryRun: true,
          body: { title: "Footprint checklist" },
          event: "push",
        }),
      ),
    );
    expect(out).toEqual({
      err: { message: "signature does not match", event: { id: "d-1", name: "push" } },
      request: { method: "POST", body: REDACTED },
      payload: REDACTED,
      rawBody: REDACTED,
      dryRun: true,
      body: { title: "Footprint checklist" },
      event: "push",
    });
  });

  it("cuts known secret values out of any string, and a PEM key line by line", () => {
    const withSecrets = createLogRedactor(["whsec_c2VjcmV0LXNlY3JldA==", PRIVATE_KEY, "short", undefined]);
    const keyLine = PRIVATE_KEY.split("\n")[2]!;
    const out = withSecrets.redactLine(
      line({
        msg: "failed with whsec_c2VjcmV0LXNlY3JldA== inside",
        stack: `Error: ${keyLine}\n at x`,
        note: "short",
      }),
    );
    expect(parse(out)).toEqual({
      msg: `failed with ${REDACTED} inside`,
      stack: `Error: ${REDACTED}\n at x`,
      // Shorter than MIN_SECRET_LENGTH: not treated as a secret.
      note: "short",
    });
  });

  it("cuts an over-long string, and scrubs a line that is not JSON", () => {
    const long = "x".repeat(MAX_LOGGED_STRING + 10);
    expect(parse(redactor.redactLine(line({ msg: long }))).msg).toBe(
      `${"x".repeat(MAX_LOGGED_STRING)}…[10 more characters]`,
    );
    const scrubbing = createLogRedactor(["s3cret-value"]);
    expect(scrubbing.redactLine("not json s3cret-value\n")).toBe(`not json ${REDACTED}\n`);
  });

  it("never lets a secret or a listed key's value through, whatever the line (property)", () => {
    const secret = fc.stringMatching(/^[0-9a-f]{8,32}$/);
    const variant = fc
      .tuple(fc.constantFrom(...REDACTED_KEYS), fc.boolean(), fc.boolean())
      .map(([key, upper, underscores]) => {
        const cased = upper ? key.toUpperCase() : key;
        return underscores ? cased.replace(/-/g, "_") : cased.replace(/_/g, "-");
      });
    const leaf = (planted: string) =>
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer(),
        fc.constant(planted),
        fc.string({ maxLength: 10 }).map((s) => `${s}${planted}${s}`),
      );
    // A random tree of values with the secret planted in some strings, plus a listed key at some depth.
    const tree = (planted: string) =>
      fc.letrec((tie) => ({
        node: fc.oneof(
          { depthSize: "small" },
          leaf(planted),
          fc.array(tie("node"), { maxLength: 3 }),
          fc.dictionary(fc.string({ maxLength: 8 }), tie("node"), { maxKeys: 3 }),
        ),
      })).node;
    const cases = secret.chain((planted) =>
      fc.record({
        planted: fc.constant(planted),
        other: tree(planted),
        hidden: fc.string({ minLength: 1, maxLength: 40 }),
        key: variant,
        depth: fc.integer({ min: 0, max: 3 }),
      }),
    );
    fc.assert(
      fc.property(cases, ({ planted, other, hidden, key, depth }) => {
        let value: Record<string, unknown> = { [key]: hidden, other, msg: `x ${planted} y` };
        for (let i = 0; i < depth; i++) value = { nested: value };
        const out = createLogRedactor([planted]).redactLine(line(value));
        expect(strings(JSON.parse(out)).some((s) => s.includes(planted))).toBe(false);
        let inner = JSON.parse(out) as Record<string, unknown>;
        for (let i = 0; i < depth; i++) inner = inner.nested as Record<string, unknown>;
        expect(inner[key]).toBe(REDACTED);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe("installing it on a logger", () => {
  it("does nothing on a logger that is not pino (tests' recording loggers)", () => {
    expect(installLogRedaction(captureLogger(), ["s3cret-value"])).toBeNull();
  });

  it("hooks pino's streamWrite on the root, so every child created before or after goes through it", () => {
    // pino keeps its hooks under a symbol described "pino.hooks" on the root logger; children inherit them.
    const hooksSymbol = Symbol("pino.hooks");
    const root = { [hooksSymbol]: { logMethod: undefined } } as Record<symbol, unknown>;
    const childBefore = Object.create(root) as Record<symbol, unknown>;
    const redactor = installLogRedaction(childBefore as unknown as Logger, ["s3cret-value"]);
    expect(redactor).not.toBeNull();
    const childAfter = Object.create(root) as Record<symbol, { streamWrite: (s: string) => string }>;
    expect(
      childAfter[hooksSymbol]!.streamWrite(line({ msg: "s3cret-value", authorization: "Bearer t" })),
    ).toBe(line({ msg: REDACTED, authorization: REDACTED }));
    // Installing again adds secrets to the same redactor instead of stacking a second hook.
    expect(installLogRedaction(childBefore as unknown as Logger, ["other-secret"])).toBe(redactor);
    expect(childAfter[hooksSymbol]!.streamWrite(line({ msg: "other-secret" }))).toBe(line({ msg: REDACTED }));
  });
});
