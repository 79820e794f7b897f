/** Paper records and their summary for the report tests: written for these tests, hostile text included. */
import { summarizeRecords } from "../../src/survey/report/from-records.js";
import type { SurveyPaperRecord, SurveySummary } from "../../src/survey/types.js";

export const HOSTILE_TITLE = `<script>alert(1)</script>`;
export const HOSTILE_QUOTE = `We trained on 8 A100s</blockquote><img src=x onerror="alert(2)">`;

const FIELDS = ["hardware", "accelerator_count", "training_time_hours", "gpu_hours", "energy_kwh", "co2e_kg"];

type Range = { low: number; central: number; high: number };
const range = (central: number): Range => ({ low: central * 0.6, central, high: central * 1.7 });

export function paperRecord(overrides: Partial<SurveyPaperRecord> & { id: string }): SurveyPaperRecord {
  return {
    schema_version: 1,
    path: `papers/${overrides.id}.pdf`,
    sha256: "0".repeat(64),
    title: `Paper ${overrides.id}`,
    venue: "NeurIPS",
    year: 2023,
    repo: null,
    status: "read",
    error: null,
    summary: Object.fromEntries(FIELDS.map((f) => [f, null])),
    estimate: null,
    evidence: [],
    warnings: [],
    reader_version: "0.1.0+test",
    seconds: 0.4,
    ...overrides,
  };
}

function stated(fields: Record<string, number | string>): Record<string, number | string | null> {
  return { ...Object.fromEntries(FIELDS.map((f) => [f, null])), ...fields };
}

/** Twelve papers over two venues and two years, one failed, one with a hostile title and quote. */
export function fixturePapers(): SurveyPaperRecord[] {
  const families = ["NVIDIA A100", "NVIDIA V100", "TPU v4", "NVIDIA A100"];
  const papers: SurveyPaperRecord[] = [];
  for (let i = 1; i <= 10; i++) {
    const hasHardware = i % 3 !== 0;
    const estimated = hasHardware && i % 2 === 0;
    const energy = 12 * Math.pow(3, i);
    papers.push(
      paperRecord({
        id: `p${String(i).padStart(2, "0")}`,
        venue: i <= 6 ? "NeurIPS" : "ICML",
        year: i % 2 === 0 ? 2024 : 2023,
        summary: stated({
          ...(hasHardware ? { hardware: "nvidia-a100-80gb", accelerator_count: 8 } : {}),
          ...(estimated ? { training_time_hours: 24 * i } : {}),
        }),
        estimate: hasHardware
          ? {
              energy_kwh: estimated ? range(energy) : null,
              co2e_kg: estimated ? range(energy * 0.4) : null,
              device_hours: estimated ? 8 * 24 * i : null,
              hardware_family: families[i % families.length]!,
            }
          : null,
        evidence: estimated
          ? [
              {
                field: "hardware",
                value: "nvidia-a100-80gb",
                page: 6,
                quote: `Each run used 8 A100 GPUs for ${i} days.`,
              },
            ]
          : [],
      }),
    );
  }
  papers.push(
    paperRecord({
      id: "hostile/<b>id</b>",
      title: HOSTILE_TITLE,
      venue: `ICML"><script>alert(3)</script>`,
      year: 2024,
      summary: stated({ hardware: "nvidia-a100-80gb", accelerator_count: 8, training_time_hours: 10 }),
      estimate: {
        energy_kwh: range(1e6),
        co2e_kg: range(4e5),
        device_hours: 80,
        hardware_family: `<svg onload=alert(4)>`,
      },
      evidence: [{ field: "training_time_hours", value: 10, page: null, quote: HOSTILE_QUOTE }],
    }),
  );
  papers.push(
    paperRecord({
      id: "broken",
      title: null,
      status: "failed",
      error: "not a PDF <or> anything else",
      summary: null,
      reader_version: "0.1.0+test",
    }),
  );
  return papers;
}

export function fixtureSummary(papers: SurveyPaperRecord[] = fixturePapers()): SurveySummary {
  return summarizeRecords(papers, {
    generatedAt: new Date("2026-05-01T12:00:00Z"),
    readerVersion: "0.1.0+test",
    cost: { cpu_s: 41.5, wall_s: 22.1, energy_wh: 0.14, workers: 2, text_engine: "pdftotext" },
  });
}
