/** The HTTP bounds an operator sets in the environment (src/app/settings.ts). */
import { describe, expect, it } from "@jest/globals";
import { DEFAULT_SETTINGS, settingsFromEnv } from "../../../src/settings.js";

const MB = 1024 * 1024;

describe("the HTTP front's settings", () => {
  it("default to GitHub's own 25 MB cap, 30 s to send a body and 64 MB of unverified bodies at once", () => {
    expect(settingsFromEnv({}).http).toEqual({
      webhookMaxBodyBytes: 25 * MB,
      bodyTimeoutMs: 30_000,
      pendingBodyBytes: 64 * MB,
    });
    expect(DEFAULT_SETTINGS.http).toEqual(settingsFromEnv({}).http);
  });

  it("are read from the environment", () => {
    expect(
      settingsFromEnv({
        ML_FOOTPRINT_WEBHOOK_MAX_MB: "5",
        ML_FOOTPRINT_BODY_TIMEOUT_S: "10",
        ML_FOOTPRINT_PENDING_BODIES_MB: "40",
      }).http,
    ).toEqual({ webhookMaxBodyBytes: 5 * MB, bodyTimeoutMs: 10_000, pendingBodyBytes: 40 * MB });
  });

  it("stop the start with the variable's name when invalid, or when one webhook would not fit the budget", () => {
    expect(() => settingsFromEnv({ ML_FOOTPRINT_BODY_TIMEOUT_S: "0" })).toThrow(
      'ML_FOOTPRINT_BODY_TIMEOUT_S must be a positive number, not "0"',
    );
    expect(() => settingsFromEnv({ ML_FOOTPRINT_PENDING_BODIES_MB: "10" })).toThrow(
      "ML_FOOTPRINT_PENDING_BODIES_MB must be at least ML_FOOTPRINT_WEBHOOK_MAX_MB",
    );
  });
});
