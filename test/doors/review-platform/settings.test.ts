import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Probot } from "probot";
import type { ServerRuntime } from "../../../src/server.js";
import {
  githubHostsFromEnv,
  readTokensFrom,
  setupReviewPlatform,
} from "../../../src/doors/review-platform/index.js";
import { createBodyBudget } from "../../../src/doors/http/body-budget.js";
import { createLogRedactor } from "../../../src/doors/http/log-redaction.js";
import {
  platformConfigured,
  platformSettingsFromEnv,
  secretValues,
} from "../../../src/doors/review-platform/settings.js";
import {
  EMPTY_VENUES,
  loadVenuesConfig,
  venueSecretVariables,
} from "../../../src/doors/review-platform/venues/config.js";
import { captureLogger } from "../../helpers/app/logger.js";
import { fixtureText, KEY_ONE, SECRET_ONE, testSettings } from "./helpers.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ml-footprint-settings-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("platform settings from the environment", () => {
  it("is off unless a secret, a venues file or a database is configured", () => {
    expect(platformConfigured({})).toBe(false);
    expect(platformConfigured({ ML_FOOTPRINT_PLATFORM_SECRETS: " " })).toBe(false);
    expect(platformConfigured({ ML_FOOTPRINT_VENUES_FILE: "venues.yml" })).toBe(true);
  });

  it("reads secrets (whsec_ and plain, for rotation), tokens, hosts and limits", () => {
    const settings = platformSettingsFromEnv({
      ML_FOOTPRINT_PLATFORM_SECRETS: `${SECRET_ONE}, plain-second`,
      ML_FOOTPRINT_PLATFORM_TOKENS: "t1,t2",
      ML_FOOTPRINT_PAPER_HOSTS: "Papers.Example.org, *.openreview.net",
      ML_FOOTPRINT_MAX_PAPER_MB: "10",
      ML_FOOTPRINT_PUBLIC_URL: "https://footprint.example.org/",
    });
    expect(settings.webhookSecrets).toEqual([KEY_ONE, Buffer.from("plain-second")]);
    expect(settings.callbackSecret).toEqual(KEY_ONE);
    expect(settings.readTokens).toEqual(["t1", "t2"]);
    expect(settings.paperHosts).toEqual(["papers.example.org", "*.openreview.net"]);
    expect(settings.maxPaperBytes).toBe(10 * 1024 * 1024);
    expect(settings.maxBodyBytes).toBe(Math.ceil((10 * 1024 * 1024 * 4) / 3) + 256 * 1024);
    expect(settings.publicUrl).toBe("https://footprint.example.org");
    expect(settings.allowPrivateNetwork).toBe(false);
  });

  it("stops with the variable's name on an invalid value", () => {
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_SECRETS: "whsec_???" })).toThrow(
      "ML_FOOTPRINT_PLATFORM_SECRETS: secret 1 is not valid base64",
    );
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_MAX_PAPER_MB: "-1" })).toThrow(
      'ML_FOOTPRINT_MAX_PAPER_MB must be a positive number, not "-1"',
    );
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE: "yes" })).toThrow(
      "ML_FOOTPRINT_PLATFORM_ALLOW_PRIVATE must be true or false",
    );
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_ANY_VENUE: "1" })).toThrow(
      "ML_FOOTPRINT_PLATFORM_ANY_VENUE must be true or false",
    );
  });

  it("takes listed venues only, unless the operator opens the server to any venue", () => {
    expect(platformSettingsFromEnv({}).anyVenue).toBe(false);
    expect(platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_ANY_VENUE: "true" }).anyVenue).toBe(true);
  });

  it("knows which of its values are secrets, item by item, for the log redaction", () => {
    expect(
      secretValues({
        ML_FOOTPRINT_PLATFORM_SECRETS: `${SECRET_ONE},plain-second`,
        ML_FOOTPRINT_PLATFORM_TOKENS: "t1",
        ML_FOOTPRINT_PAPER_HOSTS: "papers.example.org",
      }),
    ).toEqual([`${SECRET_ONE},plain-second`, SECRET_ONE, "plain-second", "t1", "t1"]);
  });

  it("knows github.com and the Enterprise host the app runs against", () => {
    expect(githubHostsFromEnv({})).toEqual(["github.com"]);
    expect(githubHostsFromEnv({ GHE_HOST: "GitHub.Example.edu" })).toEqual([
      "github.com",
      "github.example.edu",
    ]);
  });
});

describe("the venues file", () => {
  it("loads the fixture and gives each venue's program committee its own token", () => {
    const dir = tempDir();
    const file = path.join(dir, "ml-footprint.venues.yml");
    writeFileSync(file, fixtureText("venues.yml"));
    const venues = loadVenuesConfig(file);
    expect(venues.venues.map((v) => v.id)).toEqual([
      "Demo.cc/2026/Conference",
      "funconf26",
      "journal-of-frugal-ml",
    ]);
    expect(venues.venues[0]!.openreview).toMatchObject({ enabled: true, poll_minutes: 0, page_size: 2 });
    const settings = platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_TOKENS: "operator" });
    expect(readTokensFrom(settings, venues, { DEMO_PC_TOKEN: "demo-pc" })).toEqual([
      { token: "operator", scope: { kind: "all" } },
      { token: "demo-pc", scope: { kind: "venue", venue: "Demo.cc/2026/Conference" } },
    ]);
  });

  it("names the variables holding its venues' secrets, and takes a venue's own signing secret", () => {
    const dir = tempDir();
    const file = path.join(dir, "ml-footprint.venues.yml");
    writeFileSync(file, `${fixtureText("venues.yml")}  - id: own-secret\n    secret_env: OWN_SECRET\n`);
    const venues = loadVenuesConfig(file);
    expect(venueSecretVariables(venues).sort()).toEqual([
      "DEMO_HOTCRP_TOKEN",
      "DEMO_OPENREVIEW_TOKEN",
      "DEMO_PC_TOKEN",
      "OWN_SECRET",
    ]);
    writeFileSync(file, "venues:\n  - id: X\n    secret_env: not a variable\n");
    expect(() => loadVenuesConfig(file)).toThrow("venues[0].secret_env");
  });

  it("refuses a missing file, invalid YAML and invalid settings with one clear message", () => {
    const dir = tempDir();
    expect(() => loadVenuesConfig(path.join(dir, "absent.yml"))).toThrow("cannot read the venues file");
    const yaml = path.join(dir, "bad.yml");
    writeFileSync(yaml, "venues: [\n");
    expect(() => loadVenuesConfig(yaml)).toThrow("not valid YAML");
    const invalid = path.join(dir, "invalid.yml");
    writeFileSync(invalid, "venues:\n  - id: X\n    hotcrp: { enabled: true }\n  - id: X\n");
    expect(() => loadVenuesConfig(invalid)).toThrow(
      `${invalid} is invalid:\n  venues[0].hotcrp.site_url: Invalid input: expected string, received undefined`,
    );
  });
});

describe("setting the platform up", () => {
  it("does nothing when the environment does not ask for it", async () => {
    const app = { log: captureLogger() } as unknown as Probot;
    const runtime = {} as ServerRuntime;
    expect(
      await setupReviewPlatform(app, { cwd: process.cwd(), addHandler: () => undefined }, runtime, {
        env: {},
      }),
    ).toBeNull();
  });

  it("stops at start when one whole submission would not fit in the budget of unverified bodies", async () => {
    const app = { log: captureLogger() } as unknown as Probot;
    const runtime = {
      bodies: { budget: createBodyBudget(1024 * 1024), timeoutMs: 1_000, spoolDir: tmpdir() },
      redaction: createLogRedactor(),
    } as unknown as ServerRuntime;
    await expect(
      setupReviewPlatform(app, { cwd: process.cwd(), addHandler: () => undefined }, runtime, {
        settings: testSettings({ maxBodyBytes: 2 * 1024 * 1024 }),
        venues: EMPTY_VENUES,
        env: {},
        schedulePolls: false,
      }),
    ).rejects.toThrow("ML_FOOTPRINT_PENDING_BODIES_MB must be at least 2");
  });
});
