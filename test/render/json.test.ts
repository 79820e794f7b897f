import { checkReportJson, SCHEMA_VERSION, snakeCaseKeys } from "../../src/render/json.js";
import { runCheck } from "../../src/pipeline.js";

describe("the JSON documents we print and send", () => {
  it("turns camelCase keys into snake_case at any depth and leaves snake_case keys alone", () => {
    expect(
      snakeCaseKeys({ estimateMissing: ["x"], items: [{ venueRefs: ["a"], values: { gpu_hours: 1 } }] }),
    ).toEqual({ estimate_missing: ["x"], items: [{ venue_refs: ["a"], values: { gpu_hours: 1 } }] });
  });

  it("puts schema_version first in a check report, with the report's keys in snake_case", async () => {
    const document = checkReportJson(await runCheck({ dir: "fixtures/demo", profile: "neurips" }));
    expect(SCHEMA_VERSION).toBe(1);
    expect(Object.keys(document)).toEqual([
      "schema_version",
      "profile",
      "verdict",
      "headline",
      "items",
      "crosscheck",
      "estimate",
      "estimate_missing",
      "declaration",
      "paper",
      "code",
      "warnings",
      "annotations",
      "snippets",
    ]);
  });
});
