import { describe, expect, it } from "@jest/globals";
import {
  estimateInputFromOptions,
  estimateToJson,
  formatEstimate,
} from "../../src/doors/cli/commands/estimate.js";
import { formatValidationTable } from "../../src/doors/cli/commands/validate.js";
import { InputError } from "../../src/domain/errors.js";
import { estimateFootprint, runValidationCases } from "../../src/estimate/index.js";

describe("estimate command", () => {
  it("builds estimator input from the issue's example", () => {
    const input = estimateInputFromOptions({
      hardware: "A100 80GB",
      count: "8",
      hours: "72",
      region: "us-east-1",
    });
    expect(input).toMatchObject({
      hardware: "A100 80GB",
      accelerator_count: 8,
      training_time_hours: 72,
      region: "us-east-1",
    });
  });

  it("prints the JSON fields the issue asks for", () => {
    const input = estimateInputFromOptions({
      hardware: "A100 80GB",
      count: "8",
      hours: "72",
      region: "us-east-1",
      year: "2019",
    });
    const json = estimateToJson(estimateFootprint(input));
    expect(Object.keys(json).slice(0, 5)).toEqual([
      "energy_kwh",
      "co2e_kg",
      "assumptions",
      "sources",
      "derivation",
    ]);
    // 576 device-h exact × 400 W × utilisation 0.4-0.75-1.0 × AWS PUE 1.135-1.2-1.2 (data centre unknown).
    expect(json.energy_kwh).toEqual({ low: 104.602, central: 207.36, high: 276.48 });
    expect(json.co2e_kg).toMatchObject({ central: 86.2099 });
  });

  it("assumes one device when only hours are given, and says so", () => {
    const input = estimateInputFromOptions({
      hardware: "RTX 3090",
      hours: "5",
      personal: true,
      country: "FR",
    });
    expect(input.accelerator_count).toBe(1);
    expect(input.assumptions).toEqual(["1 device assumed (--count not given)"]);
  });

  it("accepts days and readable numbers", () => {
    const input = estimateInputFromOptions({ hardware: "V100", count: "1,024", days: "3.1", country: "US" });
    expect(input).toMatchObject({ accelerator_count: 1024, training_time_hours: 74.4 });
  });

  it("shows --days converted to hours in the derivation", () => {
    const input = estimateInputFromOptions({ hardware: "V100", count: "8", days: "3", country: "US" });
    expect(input.training_time_as_written).toEqual({ amount: 3, unit: "day" });
    expect(estimateFootprint(input).derivation).toMatch(/^3 days = 72 h; 8 devices × 72 h = 576 device-h × /);
    const hours = estimateInputFromOptions({ hardware: "V100", count: "8", hours: "72", country: "US" });
    expect(estimateFootprint(hours).derivation).toMatch(/^8 devices × 72 h = 576 device-h × /);
  });

  it.each([
    [{ hardware: "Flux Capacitor", count: "1", hours: "1" }, /unknown hardware "Flux Capacitor"/],
    [{ hardware: "V100", count: "1", hours: "1", region: "atlantis-1" }, /unknown region "atlantis-1"/],
    [{ hardware: "V100", count: "1", hours: "1", country: "Atlantis" }, /unknown country "Atlantis"/],
    [{ hardware: "V100", count: "1", hours: "1", provider: "Skynet Cloud" }, /unknown cloud provider/],
    [{ hardware: "V100", count: "eight", hours: "1" }, /--count must be a number/],
    [{ hardware: "V100", count: "1", hours: "1", days: "1" }, /--hours or --days/],
  ])("rejects bad options with one clear line", (options, message) => {
    expect(() => estimateInputFromOptions(options)).toThrow(InputError);
    expect(() => estimateInputFromOptions(options)).toThrow(message);
  });

  it("refuses location options that name different places, in one line naming both", () => {
    const base = { hardware: "A100 80GB", count: "8", hours: "72" };
    const conflict = () => estimateInputFromOptions({ ...base, region: "us-east-1", country: "France" });
    expect(conflict).toThrow(InputError);
    expect(conflict).toThrow(
      "--region and --country name different places (us-east-1 is in US, France in FR); give one of them",
    );
    expect(() => estimateInputFromOptions({ ...base, centre: "Jean Zay", country: "Germany" })).toThrow(
      /^--centre and --country name different places/,
    );
    try {
      conflict();
    } catch (error) {
      expect((error as InputError).code).toBe("usage");
    }
    // The same place twice is not a conflict.
    expect(estimateInputFromOptions({ ...base, region: "us-east-1", country: "US" }).country).toBe("US");
  });

  it("keeps --region when --year is added (no silent switch to the national average)", () => {
    const input = estimateInputFromOptions({
      hardware: "A100 80GB",
      count: "8",
      hours: "72",
      region: "us-east-1",
      year: "2024",
    });
    const e = estimateFootprint(input);
    expect(e.carbon_intensity?.zone).toBe("US-VA");
    expect(e.device_hours).toEqual({ low: 576, central: 576, high: 576 });
  });

  it("prints a readable calculator result", () => {
    const text = formatEstimate(
      estimateFootprint({ hardware: "V100", gpu_hours: 1000, power_w: 250, pue: 1.5, carbon_intensity: 400 }),
    );
    expect(text.split("\n").slice(0, 6)).toEqual([
      "Footprint estimate (device hours)",
      "  Hardware        NVIDIA V100 (memory size not stated; SXM2 figures) [nvidia-v100], TDP 300 W",
      "  Device time     1,000 device-h",
      "  Power/device    250 W",
      "  PUE             1.5",
      "  Grid intensity  400 gCO2e/kWh  [stated]",
    ]);
  });
});

describe("validate command", () => {
  it("prints one row per case and a pass count", () => {
    const table = formatValidationTable(runValidationCases());
    const lines = table.split("\n");
    expect(lines[0]).toMatch(
      /^\| case +\| mode +\| metric +\| published +\| ours: low – central – high +\| ratio +\| in range +\| result +\|$/,
    );
    // One row per published metric: T5 reports energy and CO2e.
    const t5 = lines.filter((l) => l.startsWith("| patterson2021-t5 "));
    expect(t5).toHaveLength(2);
    expect(t5[0]).toMatch(
      /\| energy kWh +\| 85,700 +\| 82,690 – 85,330 – 87,990 +\| 0\.996 +\| yes +\| PASS +\|$/,
    );
    expect(lines.at(-1)).toBe(
      "14/14 cases pass (reproduce: within 10 % and inside the range; range: inside the range); 2 skipped (unverified or incomplete inputs).",
    );
  });
});
