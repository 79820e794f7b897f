import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import * as prettier from "prettier";
import { submissionPolicy } from "../../../src/doors/review-platform/index.js";
import { hostAllowed, nonPublicReason } from "../../../src/doors/review-platform/net/addresses.js";
import { urlPolicyProblem } from "../../../src/doors/review-platform/net/safe-request.js";
import { mapOjsPayload } from "../../../src/doors/review-platform/submission/ojs.js";
import { checkSubmissionPolicy, type Signer } from "../../../src/doors/review-platform/submission/policy.js";
import { repositoryInText } from "../../../src/doors/review-platform/submission/repository.js";
import {
  parseSubmission,
  submissionContentHash,
  submissionJsonSchema,
  submissionRecordId,
  type Submission,
} from "../../../src/doors/review-platform/submission/schema.js";
import { parseVenuesConfig, type VenuesConfig } from "../../../src/doors/review-platform/venues/config.js";
import { parse as parseYaml } from "yaml";
import { fixtureJson, fixtureText, publicResolver, submissionPayload, testSettings } from "./helpers.js";

const venuesParsed = parseVenuesConfig(parseYaml(fixtureText("venues.yml")));
if (!venuesParsed.ok) throw new Error(venuesParsed.problems.join("\n"));
const VENUES: VenuesConfig = { venues: venuesParsed.venues, source: "fixtures/platform/venues.yml" };
const POLICY = submissionPolicy(testSettings(), VENUES, publicResolver, ["github.com"]);
/** Signed with a server-wide secret. */
const GLOBAL: Signer = { scheme: "standard", venue: null };

function parsed(overrides: Record<string, unknown> = {}): Submission {
  const result = parseSubmission(submissionPayload(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.submission;
}

describe("the submission payload", () => {
  it("normalises a valid payload: repository URL to owner/name, paper and callback kept", () => {
    expect(parseSubmission(submissionPayload())).toEqual({
      ok: true,
      submission: {
        venue: "Demo.cc/2026/Conference",
        submissionId: "1234",
        version: 1,
        title: "Sparse Widgets for Frugal Training",
        platform: "openreview",
        repository: { owner: "demo-2026-code", repo: "paper-1234" },
        paper: { kind: "url", url: "https://papers.demo-venue.org/pdf/1234.pdf" },
        callbackUrl: "https://platform.demo-venue.org/hooks/ml-footprint",
      },
    });
  });

  it("takes an inline paper and an owner/name repository (a trailing .git dropped)", () => {
    const result = parseSubmission(
      submissionPayload({
        paper: { base64: "JVBERi0xLjQK", filename: "paper.pdf" },
        repository: "org/paper.git",
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      submission: {
        paper: { kind: "inline", filename: "paper.pdf", base64: "JVBERi0xLjQK" },
        repository: { owner: "org", repo: "paper" },
      },
    });
  });

  it("lists every problem as property and error", () => {
    const result = parseSubmission({
      id: "",
      version: 0,
      title: "T",
      venue: "V",
      paper: { url: "ftp://x.org/p.pdf" },
      repository: "not a repository",
      callback_url: "not a url",
      extra: true,
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { property: "id", error: "Too small: expected string to have >=1 characters" },
      { property: "version", error: "Too small: expected number to be >=1" },
      { property: "paper.url", error: "Invalid URL" },
      { property: "repository", error: "Expected owner/name or https://github.com/owner/name" },
      { property: "callback_url", error: "Invalid URL" },
      { property: "extra", error: "Unknown property" },
    ]);
  });

  it("says which paper form it expected, and what is wrong within the one the sender chose", () => {
    const neither = parseSubmission(submissionPayload({ paper: { pdf: "x" } }));
    expect(!neither.ok && neither.problems).toEqual([
      { property: "paper", error: "Expected { url } or { base64, filename }" },
    ]);
    const inline = parseSubmission(
      submissionPayload({ paper: { base64: "not base64!", filename: "a/b.pdf" } }),
    );
    expect(!inline.ok && inline.problems.map((p) => p.property)).toEqual(["paper.base64", "paper.filename"]);
  });

  it("refuses control characters in ids and titles", () => {
    const result = parseSubmission(submissionPayload({ title: "Line\nbreak" }));
    expect(!result.ok && result.problems.map((p) => p.property)).toEqual(["title"]);
  });

  it("derives a stable, URL-safe record id and a content hash that follows every field", () => {
    expect(submissionRecordId("Demo.cc/2026/Conference", "1234")).toMatch(/^sub_[0-9a-f]{24}$/);
    expect(submissionRecordId("Demo.cc/2026/Conference", "1234")).toBe(
      submissionRecordId("Demo.cc/2026/Conference", "1234"),
    );
    expect(submissionContentHash(parsed())).toBe(submissionContentHash(parsed()));
    expect(submissionContentHash(parsed({ title: "Other" }))).not.toBe(submissionContentHash(parsed()));
  });

  it("is published as JSON Schema, and schemas/submission.schema.json is up to date", async () => {
    const options = (await prettier.resolveConfig("schemas/submission.schema.json")) ?? {};
    const expected = await prettier.format(JSON.stringify(submissionJsonSchema()), {
      ...options,
      parser: "json",
    });
    expect(readFileSync("schemas/submission.schema.json", "utf8")).toBe(expected);
  });
});

describe("the operator's rules", () => {
  it("passes a submission whose hosts are allowed", () => {
    expect(checkSubmissionPolicy(parsed(), "github.com", POLICY, GLOBAL)).toEqual({ ok: true });
  });

  it("refuses paper URLs off the allow-list, over http, or on a private address literal", () => {
    const check = (url: string) => checkSubmissionPolicy(parsed({ paper: { url } }), null, POLICY, GLOBAL);
    expect(check("https://elsewhere.org/p.pdf")).toEqual({
      ok: false,
      status: 422,
      error: "invalid_submission",
      message: "The submission breaks a rule of this server.",
      problems: [{ property: "paper.url", error: "The URL host elsewhere.org is not on the allow-list" }],
    });
    expect(check("http://papers.demo-venue.org/p.pdf")).toMatchObject({
      problems: [{ property: "paper.url", error: "The URL must use https" }],
    });
    const literal = submissionPolicy(testSettings({ paperHosts: ["10.0.0.7"] }), VENUES, publicResolver, [
      "github.com",
    ]);
    expect(
      checkSubmissionPolicy(parsed({ paper: { url: "https://10.0.0.7/p.pdf" } }), null, literal, GLOBAL),
    ).toMatchObject({
      problems: [{ property: "paper.url", error: "The URL host 10.0.0.7 is not a public address (private)" }],
    });
  });

  it("adds the venues' own platform hosts to the paper allow-list", () => {
    expect(
      checkSubmissionPolicy(
        parsed({ paper: { url: "https://api2.openreview.net/pdf/x.pdf" } }),
        null,
        POLICY,
        GLOBAL,
      ),
    ).toEqual({ ok: true });
  });

  it("refuses a repository on another GitHub host or outside the venue's organisation", () => {
    expect(
      checkSubmissionPolicy(
        parsed({ repository: "https://gitlab.com/demo-2026-code/p" }),
        "gitlab.com",
        POLICY,
        GLOBAL,
      ),
    ).toMatchObject({
      problems: [{ property: "repository", error: expect.stringContaining("gitlab.com is not") }],
    });
    expect(
      checkSubmissionPolicy(parsed({ repository: "someone-else/p" }), null, POLICY, GLOBAL),
    ).toMatchObject({
      status: 422,
      error: "repository_outside_organisation",
      problems: [
        {
          property: "repository",
          error: "Repositories of Demo.cc/2026/Conference live in the demo-2026-code organisation",
        },
      ],
    });
  });

  it("answers 413 for an inline paper over the size limit", () => {
    const big = Buffer.alloc(70 * 1024, 1).toString("base64");
    expect(
      checkSubmissionPolicy(parsed({ paper: { base64: big, filename: "p.pdf" } }), null, POLICY, GLOBAL),
    ).toMatchObject({
      ok: false,
      status: 413,
      problems: [{ property: "paper.base64" }],
    });
  });

  it("lets tests allow http and loopback, but never a host off the allow-list", () => {
    const open = { allowedHosts: ["127.0.0.1"], allowPrivateNetwork: true };
    expect(urlPolicyProblem("http://127.0.0.1:8080/cb", open)).toBeNull();
    expect(urlPolicyProblem("http://localhost:8080/cb", open)).toBe(
      "host localhost is not on the allow-list",
    );
    expect(urlPolicyProblem("https://user:pw@127.0.0.1/cb", open)).toBe(
      "must not carry a user name or password",
    );
  });
});

describe("public and non-public addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local (cloud metadata services live here)"],
    ["100.64.0.1", "shared address space (carrier-grade NAT)"],
    ["0.0.0.0", "this network"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved, and limited broadcast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fd12:3456::1", "unique local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["2001:db8::1", "documentation"],
    ["localhost", "not an IP address"],
  ])("%s is not public (%s)", (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34", "64:ff9b::808:808"])(
    "%s is public",
    (address) => {
      expect(nonPublicReason(address)).toBeNull();
    },
  );

  it("matches allow-list entries exactly or by *. wildcard (not the bare domain)", () => {
    expect(hostAllowed("api2.openreview.net", ["*.openreview.net"])).toBe(true);
    expect(hostAllowed("openreview.net", ["*.openreview.net"])).toBe(false);
    expect(hostAllowed("evilopenreview.net", ["*.openreview.net"])).toBe(false);
    expect(hostAllowed("Papers.Demo-Venue.org", ["papers.demo-venue.org"])).toBe(true);
  });
});

describe("repositories in free text and the OJS plugin's payload", () => {
  it("finds the first GitHub repository link in a sentence", () => {
    expect(repositoryInText("See https://github.com/org/repo-1.git, and more.", ["github.com"])).toBe(
      "org/repo-1",
    );
    expect(repositoryInText("https://gitlab.com/org/repo", ["github.com"])).toBeNull();
    expect(repositoryInText("org/repo", ["github.com"])).toBe("org/repo");
  });

  it("maps submission.created to a submission of the configured journal", () => {
    expect(mapOjsPayload(fixtureJson("ojs/submission-created.json"), VENUES, ["github.com"])).toEqual({
      kind: "submission",
      occurredAt: Date.parse("2026-05-01T12:00:00Z"),
      submission: {
        venue: "journal-of-frugal-ml",
        submissionId: "57",
        version: 1,
        title: "Counting the Joules of Small Models",
        platform: "ojs",
        repository: { owner: "jfml-code", repo: "counting-joules" },
        paper: { kind: "url", url: "https://journal.demo-venue.org/index.php/jfml/pdf/57" },
        callbackUrl: null,
      },
    });
  });

  it("ignores other events and test deliveries, and refuses a journal it does not know", () => {
    const payload = fixtureJson<Record<string, unknown>>("ojs/submission-created.json");
    expect(mapOjsPayload({ ...payload, event: "publication.created" }, VENUES, ["github.com"])).toEqual({
      kind: "ignored",
      reason: "event publication.created is not handled",
    });
    expect(mapOjsPayload({ ...payload, test: true }, VENUES, ["github.com"])).toEqual({
      kind: "ignored",
      reason: "test delivery",
    });
    expect(
      mapOjsPayload({ ...payload, baseUrl: "https://other.org/ojs" }, VENUES, ["github.com"]),
    ).toMatchObject({
      kind: "invalid",
      problems: [{ property: "baseUrl" }],
    });
  });
});

describe("the venues file", () => {
  it("reports unknown properties and wrong values with their path", () => {
    const result = parseVenuesConfig({
      venues: [{ id: "X", hotcrp: { site_url: "not a url", token_env: "lower-case" }, extra: 1 }],
    });
    expect(!result.ok && result.problems).toEqual([
      "venues[0].hotcrp.site_url: Invalid URL",
      "venues[0].hotcrp.token_env: Invalid string: must match pattern /^[A-Z_][A-Z0-9_]*$/",
      "venues[0].extra: Unknown property",
    ]);
  });
});
