import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { profileIds } from "../../src/catalog/venue-profiles.js";
import { mergeConfigs } from "../../src/github/config/load.js";
import { appConfigJsonSchema, DEFAULT_APP_CONFIG, parseAppConfig } from "../../src/github/config/schema.js";
import { settingsFromEnv } from "../../src/settings.js";
import { configFixture } from "../helpers/app/github.js";

describe(".github/ml-footprint.yml", () => {
  it("needs no configuration: every field has a default", () => {
    expect(DEFAULT_APP_CONFIG).toEqual({
      profile: "generic",
      report: ["check", "issue", "pr"],
      defaults: {},
      incomplete_conclusion: "action_required",
      dry_run: false,
      forks: true,
      scan_on_install: false,
    });
  });

  it("accepts a venue configuration", () => {
    expect(parseAppConfig(parse(configFixture("neurips-check-only")))).toEqual({
      ok: true,
      config: {
        ...DEFAULT_APP_CONFIG,
        profile: "neurips",
        report: ["check"],
        paper: ["paper/*.tex"],
        defaults: { country: "Canada", pue: 1.2 },
      },
    });
  });

  it("names every invalid property with the reason, unknown ones included", () => {
    expect(parseAppConfig(parse(configFixture("invalid")))).toEqual({
      ok: false,
      problems: [
        {
          property: "profile",
          error: 'Invalid option: expected one of "generic"|"neurips"|"acl"|"aaai"|"pineau"',
        },
        { property: "report[1]", error: 'Invalid option: expected one of "check"|"issue"|"pr"' },
        { property: "defaults.pue", error: "Too big: expected number to be <=3" },
        { property: "dryrun", error: "Unknown property" },
      ],
    });
  });

  it("offers exactly the venue profiles of data/venue-profiles.json, and names them in its description", () => {
    for (const profile of profileIds()) expect(parseAppConfig({ profile })).toMatchObject({ ok: true });
    expect(parseAppConfig({ profile: "icml" })).toMatchObject({ ok: false });
    const profileSchema = (
      appConfigJsonSchema().properties as Record<string, { enum: string[]; description: string }>
    ).profile!;
    expect(profileSchema.enum).toEqual(profileIds());
    for (const id of profileIds()) expect(profileSchema.description).toContain(id);
  });

  it("knows the checklist's item ids", () => {
    expect(parseAppConfig({ required_items: ["hardware", "gpu_type"] })).toMatchObject({
      ok: false,
      problems: [
        { property: "required_items[1]", error: expect.stringContaining('expected one of "hardware"') },
      ],
    });
  });

  it("reports a configuration that is not a mapping", () => {
    expect(parseAppConfig(["check"])).toEqual({
      ok: false,
      problems: [{ property: "(root)", error: "Invalid input: expected object, received array" }],
    });
  });

  it("merges files with arrays replaced, not concatenated (org defaults, then the repository)", () => {
    const org = { profile: "neurips", report: ["check", "issue"], defaults: { country: "Canada", pue: 1.3 } };
    const repo = { report: ["check"], defaults: { pue: 1.1 } };
    expect(mergeConfigs([org, repo])).toEqual({
      profile: "neurips",
      report: ["check"],
      defaults: { country: "Canada", pue: 1.1 },
    });
  });

  it("has its JSON Schema committed and up to date (regenerate: npm run build && node scripts/schemas.mjs)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("../../schemas/app-config.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(appConfigJsonSchema());
  });
});

describe("operator settings from the environment", () => {
  it("reads numbers and converts megabytes and seconds", () => {
    const settings = settingsFromEnv({
      ML_FOOTPRINT_CONCURRENCY: "4",
      ML_FOOTPRINT_MAX_ARCHIVE_MB: "50",
      ML_FOOTPRINT_ANALYSIS_TIMEOUT_S: "60",
      ML_FOOTPRINT_TMPDIR: "/scratch",
    });
    expect(settings.concurrency).toBe(4);
    expect(settings.limits.maxArchiveBytes).toBe(50 * 1024 * 1024);
    expect(settings.analysisTimeoutMs).toBe(60_000);
    expect(settings.tmpRoot).toBe("/scratch");
  });

  it("stops the app at start on an invalid value", () => {
    expect(() => settingsFromEnv({ ML_FOOTPRINT_CONCURRENCY: "many" })).toThrow(
      'ML_FOOTPRINT_CONCURRENCY must be a positive number, not "many"',
    );
  });
});
