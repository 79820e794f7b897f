import { buildReport } from "../../../src/readers/code/index.js";
import {
  analyzeCodeCarbonCsv,
  codeCarbonFacts,
  codeCarbonJsonRuns,
} from "../../../src/readers/code/measured/codecarbon.js";
import {
  carbontrackerFacts,
  impactTrackerFacts,
  modelCardFacts,
} from "../../../src/readers/code/measured/trackers.js";
import { brief } from "./helpers.js";

const HEADER =
  "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_iso_code,gpu_count,gpu_model";
const row = (id: string, seconds: number, kg: number, kwh: number) =>
  `2026-01-01T00:00:00,p,${id},${seconds},${kg},${kwh},DEU,1,1 x NVIDIA GeForce RTX 4070`;

describe("measurements", () => {
  it("sums a CodeCarbon CSV's runs and reports the machine columns all rows agree on", () => {
    const findings = analyzeCodeCarbonCsv(
      "emissions.csv",
      [HEADER, row("a", 1800, 0.2, 0.5), row("b", 5400, 0.4, 1.0), ""].join("\n"),
    );
    expect(brief(findings.facts)).toEqual([
      "energy_kwh=1.5 @emissions.csv:2 [codecarbon,csv,total,runs:2] training",
      "co2e_kg=0.6 @emissions.csv:2 [codecarbon,csv,total,runs:2] training",
      "training_time_hours=2 @emissions.csv:2 [codecarbon,csv,total,runs:2,tracked_duration] training",
      'country="DEU" @emissions.csv:2 [codecarbon,csv,total,runs:2] training',
      'hardware="nvidia-rtx-4070" @emissions.csv:2 [codecarbon,csv,total,runs:2] training',
      "accelerator_count=1 @emissions.csv:2 [codecarbon,csv,total,runs:2] training",
    ]);
    expect(findings.facts.every((f) => f.measured === true && f.confidence === 0.95)).toBe(true);
    expect(findings.measurementRuns).toEqual(["a", "b"]);
  });

  it("ignores a CSV without CodeCarbon's columns", () => {
    expect(analyzeCodeCarbonCsv("emissions_by_country.csv", "country,emissions_mt\nDEU,600\n").facts).toEqual(
      [],
    );
  });

  it("reads CodeCarbon's record saved as JSON", () => {
    const runs = codeCarbonJsonRuns(
      '{\n  "run_id": "x",\n  "duration": 36,\n  "emissions": 0.01,\n  "energy_consumed": 0.03\n}',
    );
    expect(brief(codeCarbonFacts("out/emissions.json", runs!, "json"), ["energy_kwh", "co2e_kg"])).toEqual([
      "energy_kwh=0.03 @out/emissions.json:5 [codecarbon,json,total,runs:1] training",
      "co2e_kg=0.01 @out/emissions.json:5 [codecarbon,json,total,runs:1] training",
    ]);
  });

  it("reads a model card's co2_eq_emissions in grams as kilograms", () => {
    const card = [
      "---",
      "license: mit",
      "co2_eq_emissions:",
      "  emissions: 1250",
      "  hardware_used: 8 x A100",
      "---",
      "# Model",
    ].join("\n");
    expect(brief(modelCardFacts("README.md", card))).toEqual([
      "co2e_kg=1.25 @README.md:4 [model_card] training",
      'hardware="nvidia-a100" @README.md:5 [model_card] training',
      "accelerator_count=8 @README.md:5 [model_card] training",
    ]);
    expect(brief(modelCardFacts("README.md", "---\nco2_eq_emissions: 40\n---\n"))).toEqual([
      "co2e_kg=0.04 @README.md:2 [model_card] training",
    ]);
  });

  it("reads carbontracker's last actual-consumption block, not its predictions", () => {
    const log = [
      "2026-01-01 10:00:00 - carbontracker.output - INFO - Predicted consumption for 10 epoch(s):",
      "\tTime:\t1:00:00",
      "\tEnergy:\t9.000000 kWh",
      "\tCO2eq:\t999.000000 g",
      "2026-01-01 12:00:00 - carbontracker.output - INFO - Actual consumption for 10 epoch(s):",
      "\tTime:\t2:30:00",
      "\tEnergy:\t1.250000 kWh",
      "\tCO2eq:\t312.500000 g",
    ].join("\n");
    expect(brief(carbontrackerFacts("logs/123_carbontracker_output.log", log))).toEqual([
      "training_time_hours=2.5 @logs/123_carbontracker_output.log:6 [carbontracker,epochs_measured:10] training",
      "energy_kwh=1.25 @logs/123_carbontracker_output.log:7 [carbontracker,epochs_measured:10] training",
      "co2e_kg=0.3125 @logs/123_carbontracker_output.log:8 [carbontracker,epochs_measured:10] training",
    ]);
  });

  it("reads experiment-impact-tracker's statement", () => {
    const text =
      "Our runs: This work contributed 12.5 kg of $\\text{CO}_{2eq}$ to the atmosphere and used 40.2 kWh of electricity.";
    expect(brief(impactTrackerFacts("NOTES.md", text))).toEqual([
      "co2e_kg=12.5 @NOTES.md:1 [experiment_impact_tracker] training",
      "energy_kwh=40.2 @NOTES.md:1 [experiment_impact_tracker] training",
    ]);
  });

  it("adds independent measurement files up and leaves a file that repeats another's runs out", () => {
    const all = analyzeCodeCarbonCsv(
      "all.csv",
      [HEADER, row("a", 3600, 1, 2), row("b", 3600, 1, 2)].join("\n"),
    );
    const part = analyzeCodeCarbonCsv("part.csv", [HEADER, row("a", 3600, 1, 2)].join("\n"));
    const other = analyzeCodeCarbonCsv("other.csv", [HEADER, row("c", 3600, 0.5, 1)].join("\n"));
    const report = buildReport([all, part, other]);
    expect([report.summary.energy_kwh, report.summary.co2e_kg]).toEqual([5, 2.5]);
    expect(
      report.facts
        .filter((f) => f.tags?.includes("subset"))
        .map((f) => f.evidence.kind === "code" && f.evidence.file),
    ).toContain("part.csv");
  });
});
