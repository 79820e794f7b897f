import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SUMMARY_FIELDS } from "../../src/domain/facts.js";
import { openPapersWriter, readPapersFile } from "../../src/survey/papers-file.js";
import { distributionOf, summarizePapersFile, SurveySummaryBuilder } from "../../src/survey/summarize.js";
import { SURVEY_SCHEMA_VERSION, type SurveyPaperRecord } from "../../src/survey/types.js";

const emptySummary = (): Record<string, number | string | null> =>
  Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, null]));

function paper(
  id: string,
  options: {
    venue?: string;
    year?: number;
    fields?: Record<string, number | string>;
    co2e?: number;
    energy?: number;
    family?: string;
    failed?: boolean;
  } = {},
): SurveyPaperRecord {
  const range = (central: number) => ({ low: central / 2, central, high: central * 2 });
  return {
    schema_version: SURVEY_SCHEMA_VERSION,
    id,
    path: `${id}.pdf`,
    sha256: id.padEnd(64, "0"),
    title: `Paper ${id}`,
    venue: options.venue ?? null,
    year: options.year ?? null,
    repo: null,
    status: options.failed ? "failed" : "read",
    error: options.failed ? "corrupt" : null,
    summary: options.failed ? null : { ...emptySummary(), ...options.fields },
    estimate:
      options.co2e !== undefined || options.family
        ? {
            energy_kwh: options.energy !== undefined ? range(options.energy) : null,
            co2e_kg: options.co2e !== undefined ? range(options.co2e) : null,
            device_hours: null,
            hardware_family: options.family ?? null,
          }
        : null,
    evidence: [{ field: "hardware", value: "x", page: 1, quote: `quote of ${id}` }],
    warnings: [],
    reader_version: "test",
    seconds: 0.1,
  };
}

const run = {
  readerVersion: "test",
  cached: 2,
  generatedAt: "2024-01-01T00:00:00.000Z",
  cost: { cpu_s: 1, wall_s: 2, energy_wh: 0.01, workers: 2, text_engine: "pdftotext" },
};

describe("survey summary", () => {
  it("counts disclosure per field over read papers, by venue and year, with Wilson intervals", () => {
    const builder = new SurveySummaryBuilder();
    builder.add(
      paper("a", { venue: "NeurIPS", year: 2023, fields: { hardware: "nvidia-a100", epochs: 10 } }),
    );
    builder.add(paper("b", { venue: "NeurIPS", year: 2024, fields: { hardware: "nvidia-v100" } }));
    builder.add(paper("c", { venue: "ICML", year: 2023 }));
    builder.add(paper("d", { venue: "ICML", failed: true }));
    const summary = builder.build(run);
    expect(summary.papers).toEqual({ read: 3, failed: 1, cached: 2 });
    expect(Object.keys(summary.disclosure)).toEqual([...SUMMARY_FIELDS]);
    expect(summary.disclosure.hardware).toEqual({
      disclosed: 2,
      total: 3,
      rate: 0.6667,
      low: 0.2077,
      high: 0.9385,
    });
    expect(summary.disclosure.co2e_kg).toEqual({ disclosed: 0, total: 3, rate: 0, low: 0, high: 0.5615 });
    expect(Object.keys(summary.by_venue)).toEqual(["ICML", "NeurIPS"]);
    expect(summary.by_venue.NeurIPS?.hardware).toMatchObject({ disclosed: 2, total: 2 });
    expect(summary.by_venue.ICML?.hardware).toMatchObject({ disclosed: 0, total: 1 });
    expect(summary.by_year["2023"]?.epochs).toMatchObject({ disclosed: 1, total: 2 });
    expect(summary.by_year["2024"]?.epochs).toMatchObject({ disclosed: 0, total: 1 });
    expect(summary.generated_at).toBe("2024-01-01T00:00:00.000Z");
    expect(summary.cost).toEqual(run.cost);
  });

  it("leaves by_venue and by_year empty when no paper has them", () => {
    const builder = new SurveySummaryBuilder();
    builder.add(paper("a"));
    const summary = builder.build(run);
    expect(summary.by_venue).toEqual({});
    expect(summary.by_year).toEqual({});
    expect(summary.energy_kwh).toBeNull();
    expect(summary.largest).toEqual([]);
    expect(summary.total).toEqual({
      energy_kwh: { low: 0, central: 0, high: 0 },
      co2e_kg: { low: 0, central: 0, high: 0 },
      papers_estimated: 0,
    });
  });

  it("gives no disclosure rate when no paper was read (not a rate of 0 out of 0 per field)", () => {
    const builder = new SurveySummaryBuilder();
    builder.add(paper("a", { venue: "ICML", year: 2024, failed: true }));
    const summary = builder.build(run);
    expect(summary.papers).toEqual({ read: 0, failed: 1, cached: 2 });
    expect(summary.disclosure).toEqual({});
    expect(summary.by_venue).toEqual({});
  });

  it("counts a read record without a summary (the review platform's) as read, in the footprints only", () => {
    const builder = new SurveySummaryBuilder();
    builder.add(paper("a", { fields: { hardware: "nvidia-a100" } }));
    builder.add({ ...paper("b", { venue: "ICML", co2e: 3, family: "NVIDIA V100" }), summary: null });
    const summary = builder.build(run);
    expect(summary.papers).toEqual({ read: 2, failed: 0, cached: 2 });
    expect(summary.disclosure.hardware).toMatchObject({ disclosed: 1, total: 1 });
    expect(summary.by_venue).toEqual({});
    expect(summary.total.papers_estimated).toBe(1);
    expect(summary.hardware_families).toEqual({ "NVIDIA V100": 1 });
  });

  it("sums ranges, gives distributions, hardware families and the ten largest footprints with their evidence", () => {
    const builder = new SurveySummaryBuilder();
    for (let i = 1; i <= 12; i++)
      builder.add(
        paper(`p${i}`, { co2e: i, energy: i * 10, family: i % 3 === 0 ? "Google TPU v4" : "NVIDIA A100" }),
      );
    builder.add(paper("measured-co2-only", { co2e: 0.5 }));
    builder.add(paper("hardware-only", { family: "NVIDIA V100" }));
    const summary = builder.build(run);
    expect(summary.total.papers_estimated).toBe(13);
    expect(summary.total.co2e_kg).toEqual({ low: 39.25, central: 78.5, high: 157 });
    expect(summary.total.energy_kwh).toEqual({ low: 390, central: 780, high: 1560 });
    expect(summary.energy_kwh).toEqual({ count: 12, min: 10, p25: 37.5, median: 65, p75: 92.5, max: 120 });
    expect(summary.co2e_kg?.count).toBe(13);
    expect(summary.hardware_families).toEqual({ "NVIDIA A100": 8, "Google TPU v4": 4, "NVIDIA V100": 1 });
    expect(Object.keys(summary.hardware_families)).toEqual(["NVIDIA A100", "Google TPU v4", "NVIDIA V100"]);
    expect(summary.largest.map((l) => l.id)).toEqual([
      "p12",
      "p11",
      "p10",
      "p9",
      "p8",
      "p7",
      "p6",
      "p5",
      "p4",
      "p3",
    ]);
    expect(summary.largest[0]).toEqual({
      id: "p12",
      title: "Paper p12",
      co2e_kg: 12,
      energy_kwh: 120,
      evidence: [{ field: "hardware", value: "x", page: 1, quote: "quote of p12" }],
    });
  });

  it("computes quartiles like numpy's default (linear interpolation)", () => {
    expect(distributionOf([])).toBeNull();
    expect(distributionOf([5])).toEqual({ count: 1, min: 5, p25: 5, median: 5, p75: 5, max: 5 });
    expect(distributionOf([4, 1, 3, 2])).toEqual({
      count: 4,
      min: 1,
      p25: 1.75,
      median: 2.5,
      p75: 3.25,
      max: 4,
    });
  });

  describe("from papers.jsonl", () => {
    let dir: string;
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("reads the records back line by line, skipping a line torn by a kill", async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "survey-summary-"));
      const file = path.join(dir, "papers.jsonl");
      const writer = openPapersWriter(file);
      writer.append(paper("a", { fields: { hardware: "nvidia-a100" } }));
      writer.append(paper("b"));
      writer.close();
      writeFileSync(file, '{"schema_version":1,"id":"c","pa', { flag: "a" });
      const ids: string[] = [];
      for await (const record of readPapersFile(file)) ids.push(record.id);
      expect(ids).toEqual(["a", "b"]);
      const summary = await summarizePapersFile(file, run);
      expect(summary.disclosure.hardware).toMatchObject({ disclosed: 1, total: 2 });
    });
  });
});
