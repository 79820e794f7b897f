/** The one environment schema of both server doors (src/settings.ts). */
import { describe, expect, it } from "@jest/globals";
import type { z } from "zod";
import {
  appCredentialsPresent,
  appEnvironmentSchema,
  DEFAULT_SETTINGS,
  PLATFORM_SECRET_VARIABLES,
  platformConfigured,
  platformEnvironmentSchema,
  readPlatformEnvironment,
  settingsFromEnv,
  variableDocs,
} from "../src/settings.js";
import { DEFAULT_PLATFORM_SETTINGS, platformSettingsFromEnv } from "../src/doors/review-platform/settings.js";

const MB = 1024 * 1024;

const variablesOf = (schema: { shape: Record<string, z.ZodType> }) => Object.entries(schema.shape);
const everyVariable = [...variablesOf(appEnvironmentSchema), ...variablesOf(platformEnvironmentSchema)];

describe("the environment schema", () => {
  it("documents every variable of both doors with its meaning and default", () => {
    expect(everyVariable).toHaveLength(28);
    const undocumented = everyVariable
      .filter(([, variable]) => {
        const doc = variableDocs.get(variable);
        return !doc || doc.meaning.length < 10 || doc.default === "";
      })
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  it("gives a number the unit its name ends with, and no unit to a name without one", () => {
    const units = Object.fromEntries(everyVariable.map(([name, v]) => [name, variableDocs.get(v)?.unit]));
    for (const [name, unit] of Object.entries(units)) {
      const suffix = /_(MB|S|MS)$/.exec(name)?.[1];
      expect({ name, unit }).toEqual({ name, unit: suffix === "S" ? "s" : suffix === "MS" ? "ms" : suffix });
    }
  });

  it("hands numbers on in the code's units: bytes, milliseconds, whole counts", () => {
    const settings = settingsFromEnv({
      ML_FOOTPRINT_RETRY_BASE_MS: "500",
      ML_FOOTPRINT_MAX_FILE_MB: "1.5",
      ML_FOOTPRINT_ANALYSIS_TIMEOUT_S: "2",
      ML_FOOTPRINT_MAX_FILES: "7.9",
    });
    expect(settings.backoff.baseDelayMs).toBe(500);
    expect(settings.limits.maxFileBytes).toBe(1.5 * MB);
    expect(settings.analysisTimeoutMs).toBe(2_000);
    expect(settings.limits.maxEntries).toBe(7);
    expect(
      readPlatformEnvironment({ ML_FOOTPRINT_CALLBACK_TIMEOUT_S: "4" }).ML_FOOTPRINT_CALLBACK_TIMEOUT_S,
    ).toBe(4_000);
  });

  it("reads a blank value as unset", () => {
    expect(settingsFromEnv({ ML_FOOTPRINT_CONCURRENCY: "  ", ML_FOOTPRINT_DATA_DIR: " " })).toEqual(
      settingsFromEnv({}),
    );
    expect(platformSettingsFromEnv({ ML_FOOTPRINT_PLATFORM_DB: " ", ML_FOOTPRINT_PUBLIC_URL: "" })).toEqual(
      DEFAULT_PLATFORM_SETTINGS,
    );
  });

  it("keeps today's defaults", () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      concurrency: 2,
      maxAttempts: 4,
      backoff: { baseDelayMs: 2_000, maxDelayMs: 900_000 },
      limits: {
        maxArchiveBytes: 200 * MB,
        maxExtractedBytes: 300 * MB,
        maxEntries: 20_000,
        maxFileBytes: 50 * MB,
      },
      analysisTimeoutMs: 300_000,
      journalFile: null,
      healthPath: "/ml-footprint/health",
    });
    expect({ ...settingsFromEnv({}), journalFile: null }).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_PLATFORM_SETTINGS).toMatchObject({
      webhookSecrets: [],
      callbackSecret: null,
      databaseFile: ".ml-footprint/platform.sqlite",
      venuesFile: null,
      callbackHosts: [],
      allowPrivateNetwork: false,
      anyVenue: false,
      maxPaperBytes: 25 * MB,
      paperTimeoutMs: 60_000,
      callbackTimeoutMs: 15_000,
      publicUrl: null,
      basePath: "/ml-footprint",
    });
  });

  it("stops the start with one message naming the variable and the reason", () => {
    expect(() => settingsFromEnv({ ML_FOOTPRINT_RETRY_MAX_MS: "soon" })).toThrow(
      'ML_FOOTPRINT_RETRY_MAX_MS must be a positive number, not "soon"',
    );
    expect(() => readPlatformEnvironment({ ML_FOOTPRINT_PUBLIC_URL: " footprint " })).toThrow(
      'ML_FOOTPRINT_PUBLIC_URL is not a URL: "footprint"',
    );
    // Two invalid values: the message names the first, alone.
    let message = "";
    try {
      settingsFromEnv({ ML_FOOTPRINT_MAX_FILES: "0", ML_FOOTPRINT_CONCURRENCY: "-2" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('ML_FOOTPRINT_CONCURRENCY must be a positive number, not "-2"');
    expect(() => settingsFromEnv({ ML_FOOTPRINT_CONCURRENCY: "-2" })).toThrow(
      expect.objectContaining({ code: "invalid_setting" }),
    );
  });
});

describe("what the schema says of the platform's variables", () => {
  it("turns the receiver on with a secret, a venues file or a database, and with nothing else", () => {
    const turningOn = everyVariable
      .filter(([name]) => platformConfigured({ [name]: "something" }))
      .map(([name]) => name);
    expect(turningOn.sort()).toEqual([
      "ML_FOOTPRINT_OJS_SECRETS",
      "ML_FOOTPRINT_PLATFORM_DB",
      "ML_FOOTPRINT_PLATFORM_SECRETS",
      "ML_FOOTPRINT_VENUES_FILE",
    ]);
  });

  it("knows which variables hold secrets, for the log redaction", () => {
    expect(PLATFORM_SECRET_VARIABLES).toEqual([
      "ML_FOOTPRINT_PLATFORM_SECRETS",
      "ML_FOOTPRINT_OJS_SECRETS",
      "ML_FOOTPRINT_CALLBACK_SECRET",
      "ML_FOOTPRINT_PLATFORM_TOKENS",
    ]);
  });

  it("lowercases host lists and keeps secrets as written until the platform decodes them", () => {
    const read = readPlatformEnvironment({
      ML_FOOTPRINT_CALLBACK_HOSTS: "Hooks.Example.org, ,cb.example.org",
      ML_FOOTPRINT_OJS_SECRETS: "Mixed-Case-Secret",
    });
    expect(read.ML_FOOTPRINT_CALLBACK_HOSTS).toEqual(["hooks.example.org", "cb.example.org"]);
    expect(read.ML_FOOTPRINT_OJS_SECRETS).toEqual(["Mixed-Case-Secret"]);
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_OJS_SECRETS: "ok, whsec_!!" })).toThrow(
      "ML_FOOTPRINT_OJS_SECRETS: secret 2 is not valid base64",
    );
    expect(() => platformSettingsFromEnv({ ML_FOOTPRINT_CALLBACK_SECRET: "whsec_!!" })).toThrow(
      "ML_FOOTPRINT_CALLBACK_SECRET is not valid base64",
    );
  });
});

describe("Probot's credentials", () => {
  it("are there with an app id and a key, as text or as a path", () => {
    expect(appCredentialsPresent({ APP_ID: "1", PRIVATE_KEY: "-----BEGIN" })).toBe(true);
    expect(appCredentialsPresent({ APP_ID: "1", PRIVATE_KEY_PATH: "key.pem" })).toBe(true);
    expect(appCredentialsPresent({ APP_ID: "1" })).toBe(false);
    expect(appCredentialsPresent({ PRIVATE_KEY: "-----BEGIN" })).toBe(false);
  });
});
