/** The stand-in survey summary built from paper records (the platform's venue report uses it). */
import { describe, expect, it } from "@jest/globals";
import { summarizeRecords } from "../../src/survey/report/from-records.js";
import { wilsonRate } from "../../src/survey/wilson.js";
import { fixturePapers, fixtureSummary, paperRecord } from "./report-fixture.js";

describe("the Wilson interval", () => {
  it("matches published values", () => {
    // Newcombe (1998), Statistics in Medicine 17, table I: 81/263 → 0.2553–0.3662.
    const r = wilsonRate(81, 263);
    expect(r.rate).toBeCloseTo(0.308, 3);
    expect(r.low).toBeCloseTo(0.2553, 4);
    expect(r.high).toBeCloseTo(0.3662, 4);
    // 0/10 → 0–0.2775 (Newcombe table I, 0/10 row).
    expect(wilsonRate(0, 10).low).toBe(0);
    expect(wilsonRate(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilsonRate(10, 10).high).toBe(1);
  });

  it("says nothing is known for no papers", () => {
    expect(wilsonRate(0, 0)).toEqual({ disclosed: 0, total: 0, rate: 0, low: 0, high: 1 });
  });
});

describe("summarizing records", () => {
  const papers = fixturePapers();
  const summary = fixtureSummary(papers);

  it("counts read and failed papers and rates disclosure over the papers read", () => {
    expect(summary.papers).toEqual({ read: 11, failed: 1, cached: 0 });
    expect(summary.disclosure.hardware).toMatchObject({ disclosed: 8, total: 11 });
    expect(summary.disclosure.gpu_hours).toMatchObject({ disclosed: 0, total: 11 });
    expect(Object.keys(summary.by_year)).toEqual(["2023", "2024"]);
    expect(summary.by_venue.ICML!.hardware).toMatchObject({ disclosed: 3, total: 4 });
  });

  it("sums the estimates' ranges and ranks the largest emissions with their evidence", () => {
    expect(summary.total.papers_estimated).toBe(5);
    expect(summary.total.co2e_kg.central).toBeCloseTo(4e5 + 0.4 * 12 * (9 + 81 + 6561 + 59049), 6);
    expect(summary.total.co2e_kg.low).toBeCloseTo(summary.total.co2e_kg.central * 0.6, 6);
    expect(summary.largest.map((l) => l.id)).toEqual(["hostile/<b>id</b>", "p10", "p08", "p04", "p02"]);
    expect(summary.largest[1]!.evidence[0]).toMatchObject({ field: "hardware", page: 6 });
    expect(summary.co2e_kg).toMatchObject({ count: 5, min: 0.4 * 12 * 9, max: 4e5 });
    expect(summary.co2e_kg!.median).toBeCloseTo(0.4 * 12 * 6561, 6);
  });

  it("counts hardware families and leaves years and venues out when none is known", () => {
    expect(summary.hardware_families).toMatchObject({ "NVIDIA A100": 3, "NVIDIA V100": 2, "TPU v4": 2 });
    const anonymous = summarizeRecords([paperRecord({ id: "a", venue: null, year: null })], {
      generatedAt: new Date(0),
    });
    expect(anonymous.by_year).toEqual({});
    expect(anonymous.by_venue).toEqual({});
    expect(anonymous.energy_kwh).toBeNull();
    expect(anonymous.total.papers_estimated).toBe(0);
  });
});
