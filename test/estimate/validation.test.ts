import { describe, expect, it } from "@jest/globals";
import { runValidationCases } from "../../src/estimate/index.js";
import { loadValidationCases, REPRODUCE_TOLERANCE } from "../../src/estimate/validation.js";

const rows = runValidationCases();
const verified = rows.filter((r) => r.status === "verified" && r.mode === "reproduce");

describe("published trainings", () => {
  it("has the verified cases of the research notes", () => {
    expect(verified.map((r) => r.id)).toEqual([
      "patterson2021-t5",
      "patterson2021-gpt3",
      "luccioni2022-bloom-176b",
      "wu2022-xlm",
    ]);
  });

  it.each(verified.map((r) => [r.id, r] as const))(
    "reproduces %s within 10 %% and inside the range",
    (_id, row) => {
      expect(row.error).toBeUndefined();
      const metrics = [row.energy, row.co2e].filter((m) => m !== null);
      expect(metrics.length).toBeGreaterThan(0);
      for (const m of metrics) {
        expect(Math.abs(m.ratio - 1)).toBeLessThanOrEqual(REPRODUCE_TOLERANCE);
        expect(m.ours.low).toBeLessThanOrEqual(m.reported);
        expect(m.ours.high).toBeGreaterThanOrEqual(m.reported);
      }
    },
  );

  it("reproduces the partially verified cases within 10 %", () => {
    const partial = rows.filter((r) => r.status === "partially_verified");
    expect(partial.length).toBe(4);
    for (const row of partial) {
      for (const m of [row.energy, row.co2e].filter((x) => x !== null)) {
        expect(Math.abs(m.ratio - 1)).toBeLessThanOrEqual(REPRODUCE_TOLERANCE);
      }
    }
  });

  it("brackets Dodge et al.'s measured 37.3 kWh with the TDP × utilisation range", () => {
    const dodge = rows.find((r) => r.id === "dodge2022-bert-pretrain")!;
    expect(dodge.mode).toBe("range");
    expect(dodge.energy?.in_range).toBe(true);
    expect(dodge.pass).toBe(true);
  });

  it("lands every case it runs inside our range", () => {
    const run = rows.filter((r) => r.pass !== null);
    expect(run.length).toBeGreaterThanOrEqual(14);
    for (const row of run) {
      expect({ id: row.id, pass: row.pass }).toEqual({ id: row.id, pass: true });
    }
  });

  it("has published footprints beyond the research notes, each with its source and stated inputs", () => {
    const added = ["wu2022-xlm", "meta2024-llama3-70b", "meta2025-llama4-scout", "meta2025-llama4-maverick"];
    const cases = loadValidationCases().filter((c) => added.includes(c.id));
    expect(cases.map((c) => c.id)).toEqual(added);
    for (const c of cases) {
      expect(c.paper).not.toBe("");
      expect(c.read_at).toMatch(/@ [0-9a-f]{40}/);
      expect(c.input).not.toBeNull();
    }
  });

  it("runs a case whose grid intensity the publication does not state in range mode, on our location-based grid", () => {
    const scout = rows.find((r) => r.id === "meta2025-llama4-scout")!;
    expect(scout.mode).toBe("range");
    expect(scout.estimate?.carbon_intensity?.zone).toBe("US");
    expect(scout.co2e?.in_range).toBe(true);
  });

  it("skips the unverified cases", () => {
    expect(rows.filter((r) => r.pass === null).map((r) => r.id)).toEqual([
      "patterson2021-meena",
      "zhang2022-opt-175b",
    ]);
  });

  it("fails a case whose reported value the estimate misses", () => {
    const [t5] = loadValidationCases().filter((c) => c.id === "patterson2021-t5");
    const tampered = { ...t5!, reported: { energy_kwh: 120_000, co2e_kg: null } };
    const [row] = runValidationCases([tampered]);
    expect(row?.pass).toBe(false);
    expect(row?.energy?.in_range).toBe(false);
  });
});
