import { describe, expect, it } from "@jest/globals";
import { InputError } from "../../src/domain/errors.js";
import { emptySummary } from "../../src/domain/facts.js";
import {
  estimateFootprint,
  footprintInputFromSummary,
  type FootprintInput,
} from "../../src/estimate/index.js";

const expectInputError = (input: FootprintInput, message: RegExp) => {
  expect(() => estimateFootprint(input)).toThrow(InputError);
  expect(() => estimateFootprint(input)).toThrow(message);
};

describe("device-hours × power × PUE × intensity", () => {
  it("multiplies stated figures straight through", () => {
    const e = estimateFootprint({
      hardware: "V100",
      gpu_hours: 1000,
      power_w: 250,
      pue: 1.5,
      carbon_intensity: 400,
    });
    expect(e.method).toBe("device_hours");
    expect(e.energy_kwh?.central).toBeCloseTo(375, 9); // 1000 h × 250 W × 1.5 / 1000
    expect(e.co2e_kg.central).toBeCloseTo(150, 9); // 375 kWh × 400 g / 1000
    expect(e.derivation).toBe(
      "1,000 device-h (stated) × 250 W (stated average per device) = 250 kWh; × PUE 1.5 = 375 kWh; × 400 gCO2e/kWh (stated) = 150 kgCO2e",
    );
  });

  it("gives no range on exact inputs (8 devices × 72 h is 576 device-h, not 573.1-578.9)", () => {
    const e = estimateFootprint({
      hardware: "A100 80GB",
      accelerator_count: 8,
      training_time_hours: 72,
      power_w: 300,
      pue: 1.2,
      carbon_intensity: 400,
    });
    expect(e.device_hours).toEqual({ low: 576, central: 576, high: 576 });
    expect(e.energy_kwh?.low).toBe(e.energy_kwh?.high);
    expect(e.co2e_kg.low).toBe(e.co2e_kg.high);
  });

  it("keeps the rounding of inputs declared rounded: '310 W', PUE '1.12' and '3.1 days' as written", () => {
    const e = estimateFootprint({
      hardware: "TPU v3",
      accelerator_count: 1024,
      training_time_hours: 74.4,
      training_time_as_written: { amount: 3.1, unit: "day" },
      power_w: 310,
      pue: 1.12,
      carbon_intensity: 400,
      rounded: ["training_time_hours", "power_w", "pue"],
    });
    expect(e.device_hours?.low).toBeCloseTo(1024 * 3.05 * 24, 6);
    expect(e.device_hours?.high).toBeCloseTo(1024 * 3.15 * 24, 6);
    expect(e.power_w).toEqual({ low: 309.5, central: 310, high: 310.5 });
    expect(e.pue?.low).toBeCloseTo(1.115, 9);
    expect(e.pue?.high).toBeCloseTo(1.125, 9);
    expect(e.carbon_intensity?.low).toBe(400); // not declared rounded: exact
    expect(e.assumptions).toContain(
      "taken as rounded to their last written digit: training_time_hours, power_w, pue",
    );
  });

  it("uses count × wall-clock hours and TDP × the utilisation range when no power was measured", () => {
    const e = estimateFootprint({
      hardware: "nvidia-v100",
      accelerator_count: 2,
      training_time_hours: 10,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.device_hours?.central).toBe(20);
    expect(e.power_w).toEqual({ low: 120, central: 225, high: 300 }); // 300 W × 0.4 / 0.75 / 1.0
    expect(e.energy_kwh?.central).toBeCloseTo(4.5, 9); // 20 h × 300 W × 0.75
    expect(e.energy_kwh?.low).toBeCloseTo((20 * 120 * 1) / 1000, 9);
    expect(e.energy_kwh?.high).toBeCloseTo((20 * 300 * 1) / 1000, 9);
    expect(e.assumptions).toContain("average draw 0.75 × TDP (range 0.4-1); no measured power");
    expect(e.sources).toContain(
      "NVIDIA V100 (memory size not stated; SXM2 figures) TDP 300 W: Epoch AI ML hardware: NVIDIA V100",
    );
  });

  it("applies a stated utilisation instead of the range", () => {
    const e = estimateFootprint({
      hardware: "nvidia-v100",
      gpu_hours: 100,
      utilisation: 0.5,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.power_w?.central).toBe(150);
  });

  it("counts the chips of a TPU slice when no count is given", () => {
    const e = estimateFootprint({
      hardware: "TPU v3-32",
      training_time_hours: 10,
      power_w: 200,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.device_hours?.central).toBe(160); // 16 chips × 10 h
    expect(e.assumptions[0]).toBe('16 chips from the slice name "TPU v3-32" (32 TensorCores)');
  });

  it("adds the host CPU and memory share when cores and memory are given", () => {
    const e = estimateFootprint({
      hardware: "V100",
      accelerator_count: 1,
      training_time_hours: 10,
      power_w: 300,
      cpu_model: "Xeon Gold 6248",
      cpu_cores: 10,
      memory_gb: 100,
      pue: 1,
      carbon_intensity: 100,
    });
    // GPU 10 h × 300 W = 3 kWh; host (10 cores × 7.5 W × 0.75 + 100 GB × 0.3725 W) × 10 h = 0.935 kWh
    expect(e.energy_kwh?.central).toBeCloseTo(3.935, 9);
    expect(e.derivation).toContain("+ host 93.5 W × 10 h = 935 Wh;");
  });
});

describe("derivation steps: how device-hours and hours were obtained", () => {
  const stated = { hardware: "A100 80GB", pue: 1, carbon_intensity: 100 } as const;

  it("shows count × hours when device-hours come from them", () => {
    const e = estimateFootprint({ ...stated, accelerator_count: 2, training_time_hours: 10 });
    expect(e.derivation).toMatch(/^2 devices × 10 h = 20 device-h × 400 W TDP/);
    expect(
      estimateFootprint({ ...stated, accelerator_count: 1, training_time_hours: 10 }).derivation,
    ).toMatch(/^1 device × 10 h = 10 device-h × /);
  });

  it("keeps the count × hours step of device-hours the summary derived, and their value", () => {
    const derived = estimateFootprint({
      ...stated,
      accelerator_count: 8,
      training_time_hours: 72,
      gpu_hours: 576,
      gpu_hours_from: "count_x_hours",
    });
    const statedOnly = estimateFootprint({ ...stated, gpu_hours: 576 });
    expect(derived.derivation).toMatch(/^8 devices × 72 h = 576 device-h × 400 W TDP/);
    expect(statedOnly.derivation).toMatch(/^576 device-h \(stated\) × 400 W TDP/);
    // Only the text changes: the device-hours used are the 576 given, with a stated figure's rounding.
    expect(derived.device_hours).toEqual(statedOnly.device_hours);
    expect(derived.energy_kwh).toEqual(statedOnly.energy_kwh);
  });

  it("calls device-hours stated when the count and hours given do not make them", () => {
    const e = estimateFootprint({
      ...stated,
      accelerator_count: 8,
      training_time_hours: 72,
      gpu_hours: 1000,
      gpu_hours_from: "count_x_hours",
    });
    expect(e.derivation).toMatch(/^1,000 device-h \(stated\) × /);
  });

  it("shows a converted time before the step that uses it: '3 days = 72 h'", () => {
    const e = estimateFootprint({
      ...stated,
      accelerator_count: 8,
      training_time_hours: 72,
      training_time_as_written: { amount: 3, unit: "day" },
      gpu_hours: 576,
      gpu_hours_from: "count_x_hours",
    });
    expect(e.derivation).toMatch(/^3 days = 72 h; 8 devices × 72 h = 576 device-h × 400 W TDP × 0.75/);
    const direct = estimateFootprint({
      ...stated,
      accelerator_count: 8,
      training_time_hours: 72,
      training_time_as_written: { amount: 3, unit: "day" },
    });
    expect(direct.derivation).toMatch(/^3 days = 72 h; 8 devices × 72 h = 576 device-h × /);
  });

  it("shows the conversion for the host's share when only the host uses the hours", () => {
    const e = estimateFootprint({
      ...stated,
      gpu_hours: 100,
      training_time_hours: 36,
      training_time_as_written: { amount: 1.5, unit: "day" },
      memory_gb: 100,
    });
    expect(e.derivation).toContain("= 30 kWh; 1.5 days = 36 h; + host 37.25 W × 36 h = ");
  });

  it("leaves out a conversion that is not needed, unused or does not give the hours", () => {
    const base = { ...stated, accelerator_count: 8, training_time_hours: 72 };
    for (const written of [
      { amount: 72, unit: "h" },
      { amount: 4, unit: "day" },
    ] as const) {
      expect(estimateFootprint({ ...base, training_time_as_written: written }).derivation).toMatch(
        /^8 devices/,
      );
    }
    const unused = estimateFootprint({
      ...base,
      gpu_hours: 576,
      training_time_as_written: { amount: 3, unit: "day" },
    });
    expect(unused.derivation).toMatch(/^576 device-h \(stated\)/);
  });

  it("converts months with the mean Gregorian month", () => {
    const e = estimateFootprint({
      ...stated,
      accelerator_count: 1,
      training_time_hours: 2191.455,
      training_time_as_written: { amount: 3, unit: "month" },
    });
    expect(e.derivation).toMatch(/^3 months = 2,191.45 h; 1 device × 2,191.45 h = /);
  });
});

describe("FLOPs path", () => {
  it("turns FLOPs into device-hours with the peak rate and MFU", () => {
    // 312 TFLOP/s bf16 × 0.5 MFU × 3600 s × 10 h
    const e = estimateFootprint({
      hardware: "A100 80GB",
      flops: 5.616e18,
      mfu: 0.5,
      power_w: 400,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.method).toBe("flops");
    expect(e.device_hours?.central).toBeCloseTo(10, 9);
    expect(e.energy_kwh?.central).toBeCloseTo(4, 9);
  });

  it("uses 6 · params · tokens when only those are known", () => {
    const e = estimateFootprint({
      hardware: "A100 80GB",
      params: 1e9,
      tokens: 1e10,
      mfu: 0.5,
      power_w: 400,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.method).toBe("params_tokens");
    expect(e.device_hours?.central).toBeCloseTo(6e19 / (312e12 * 0.5) / 3600, 6);
    expect(e.assumptions).toContain("dense-transformer training compute 6·params·tokens");
  });

  it("spreads the MFU range over device-hours: low MFU gives the high estimate", () => {
    const e = estimateFootprint({
      hardware: "A100 80GB",
      flops: 1e21,
      power_w: 400,
      pue: 1,
      carbon_intensity: 100,
    });
    const central = 1e21 / (312e12 * 0.35) / 3600;
    expect(e.device_hours?.central).toBeCloseTo(central, 6);
    expect(e.device_hours!.high / e.device_hours!.central).toBeCloseTo(0.35 / 0.2, 6);
    expect(e.assumptions).toContain("MFU 0.35 (range 0.2-0.5)");
  });

  it("uses the precision asked for", () => {
    const e = estimateFootprint({
      hardware: "A100 80GB",
      flops: 1.9e18,
      precision: "fp32",
      mfu: 0.5,
      power_w: 400,
      pue: 1,
      carbon_intensity: 100,
    });
    expect(e.derivation).toContain("19.49 TFLOP/s fp32");
  });
});

describe("measured values win", () => {
  it("uses a reported energy as such, without adding PUE", () => {
    const e = estimateFootprint({
      hardware: "V100",
      gpu_hours: 1000,
      energy_kwh: 100,
      carbon_intensity: 300,
    });
    expect(e.method).toBe("measured_energy");
    expect(e.energy_kwh).toEqual({ low: 100, central: 100, high: 100 });
    expect(e.measured).toEqual({ energy_kwh: true, co2e_kg: false });
    expect(e.co2e_kg.central).toBeCloseTo(30, 9);
  });

  it("uses a reported CO2e as such", () => {
    const e = estimateFootprint({ hardware: "V100", gpu_hours: 1000, power_w: 300, co2e_kg: 42, pue: 1.1 });
    expect(e.co2e_kg).toEqual({ low: 42, central: 42, high: 42 });
    expect(e.measured.co2e_kg).toBe(true);
    expect(e.energy_kwh?.central).toBeCloseTo(330, 9);
  });

  it("accepts a reported CO2e alone", () => {
    const e = estimateFootprint({ co2e_kg: 5 });
    expect(e).toMatchObject({ method: "measured_co2e", energy_kwh: null, co2e_kg: { central: 5 } });
  });

  it("uses a measured whole-job power over wall-clock time", () => {
    const e = estimateFootprint({
      hardware: "P100",
      accelerator_count: 8,
      training_time_hours: 84,
      total_power_w: 1515.43,
      pue: 1.58,
      carbon_intensity: 432.7,
    });
    expect(e.method).toBe("total_power");
    expect(e.energy_kwh?.central).toBeCloseTo((84 * 1515.43 * 1.58) / 1000, 9);
  });
});

describe("location", () => {
  it("takes PUE and grid intensity from a cloud region and year", () => {
    const e = estimateFootprint({
      hardware: "A100 80GB",
      accelerator_count: 8,
      training_time_hours: 72,
      region: "us-east-1",
      year: 2019,
    });
    expect(e.pue).toEqual({ low: 1.135, central: 1.2, high: 1.2 });
    expect(e.carbon_intensity).toMatchObject({ central: 415.75, year: 2019, zone: "aws:us-east-1" });
    expect(e.co2e_kg.central).toBeCloseTo((576 * 400 * 0.75 * 1.2 * 415.75) / 1e6, 6);
  });

  it("places a computing centre written inside a region phrase", () => {
    const e = estimateFootprint({
      hardware: "A100",
      gpu_hours: 100,
      power_w: 400,
      region: "France (Jean Zay, IDRIS)",
      year: 2019,
    });
    expect(e.carbon_intensity).toMatchObject({ central: 54, zone: "FR", year: 2019 });
    expect(e.pue?.central).toBe(1.56);
  });

  it("uses PUE 1 on a personal machine", () => {
    const e = estimateFootprint({
      hardware: "RTX 3090",
      training_time_hours: 5,
      accelerator_count: 1,
      personal_machine: true,
      country: "DE",
      year: 2020,
    });
    expect(e.pue).toEqual({ low: 1, central: 1, high: 1 });
  });

  it("falls back to the world average and says so", () => {
    const e = estimateFootprint({ hardware: "V100", gpu_hours: 10, power_w: 300 });
    expect(e.carbon_intensity?.central).toBe(475);
    expect(e.assumptions.some((a) => a.startsWith("location unknown: world average 475"))).toBe(true);
  });
});

describe("embodied emissions", () => {
  it("reports the hardware share apart from operational emissions", () => {
    const e = estimateFootprint({
      hardware: "A100",
      gpu_hours: 35_064,
      power_w: 400,
      pue: 1,
      carbon_intensity: 100,
      include_embodied: true,
    });
    // 35,064 device-h = one device for 4 years: (164 + 2500/8) kg × 1
    expect(e.embodied_co2e_kg?.central).toBeCloseTo(164 + 2500 / 8, 0);
    expect(e.co2e_kg.central).toBeCloseTo(35_064 * 0.4 * 0.1, 6);
  });
});

describe("bad input", () => {
  it.each<[string, FootprintInput, RegExp]>([
    [
      "a billion GPUs",
      { hardware: "A100", accelerator_count: 1e9, training_time_hours: 1 },
      /beyond any real training/,
    ],
    [
      "a million years",
      { hardware: "A100", accelerator_count: 1, training_time_hours: 8.76e9 },
      /beyond any real training/,
    ],
    [
      "negative hours",
      { hardware: "A100", accelerator_count: 1, training_time_hours: -5 },
      /must be above 0/,
    ],
    ["zero GPUs", { hardware: "A100", accelerator_count: 0, training_time_hours: 5 }, /at least 1/],
    [
      "half a GPU",
      { hardware: "A100", accelerator_count: 0.5, training_time_hours: 5 },
      /at least 1|whole number/,
    ],
    ["NaN power", { hardware: "A100", gpu_hours: 5, power_w: Number.NaN }, /must be a number/],
    ["PUE below 1", { hardware: "A100", gpu_hours: 5, pue: 0.8 }, /PUE/],
    ["absurd intensity", { hardware: "A100", gpu_hours: 5, carbon_intensity: 50_000 }, /carbon intensity/],
    [
      "unknown hardware",
      { hardware: "Quantum Abacus 9000", gpu_hours: 5 },
      /unknown hardware "Quantum Abacus 9000"/,
    ],
    [
      "unknown region",
      { hardware: "A100", gpu_hours: 5, region: "mars-north-1" },
      /unknown region "mars-north-1"/,
    ],
    ["nothing to estimate from", { hardware: "A100", region: "us-east-1" }, /not enough to estimate/],
    ["hours without a count", { hardware: "A100", training_time_hours: 5 }, /number of devices/],
    ["FLOPs without hardware", { flops: 1e20, power_w: 300 }, /needs the hardware/],
    ["hardware without a TDP", { hardware: "M2 Max", gpu_hours: 5 }, /no TDP for Apple M2 Max/],
  ])("rejects %s with a clear message", (_name, input, message) => {
    expectInputError(input, message);
  });
});

describe("footprintInputFromSummary", () => {
  it("maps summary facts onto estimator input, reported values included", () => {
    const summary = {
      ...emptySummary(),
      hardware: "A100 80GB",
      accelerator_count: 8,
      training_time_hours: "72",
      region: "us-east-1",
      co2e_kg: null,
    };
    expect(footprintInputFromSummary(summary, { year: 2019 })).toMatchObject({
      hardware: "A100 80GB",
      accelerator_count: 8,
      training_time_hours: 72,
      region: "us-east-1",
      co2e_kg: null,
      year: 2019,
    });
  });

  const issueExample = {
    ...emptySummary(),
    hardware: "A100 80GB",
    accelerator_count: 8,
    training_time_hours: 72,
    gpu_hours: 576,
    region: "us-east-1",
  };

  it("passes count and hours through with the device-hours the summary derived from them", () => {
    expect(footprintInputFromSummary(issueExample)).toMatchObject({
      accelerator_count: 8,
      training_time_hours: 72,
      gpu_hours: 576,
      gpu_hours_from: "count_x_hours",
    });
    expect(footprintInputFromSummary({ ...issueExample, gpu_hours: 1000 }).gpu_hours_from).toBe("stated");
    expect(footprintInputFromSummary({ ...issueExample, accelerator_count: null }).gpu_hours_from).toBe(
      "stated",
    );
    expect(footprintInputFromSummary({ ...issueExample, gpu_hours: null }).gpu_hours_from).toBeNull();
  });

  it("reads the training time as written when the caller gives the text it came from", () => {
    expect(
      footprintInputFromSummary(issueExample, {}, { training_time_hours: "about 3 days" })
        .training_time_as_written,
    ).toEqual({ amount: 3, unit: "day" });
    // Text that is not this duration (another figure's, or not a duration) is left out.
    for (const text of ["2 days", "--time=3-00:00:00"])
      expect(
        footprintInputFromSummary(issueExample, {}, { training_time_hours: text }).training_time_as_written,
      ).toBeNull();
    expect(footprintInputFromSummary(issueExample).training_time_as_written).toBeNull();
  });

  it("gives the issue's derivation: '8 A100 GPUs for 3 days' keeps the 8 × 72 h step", () => {
    const e = estimateFootprint(
      footprintInputFromSummary(issueExample, {}, { training_time_hours: "3 days" }),
    );
    expect(e.derivation).toMatch(
      /^3 days = 72 h; 8 devices × 72 h = 576 device-h × 400 W TDP × 0.75 utilisation/,
    );
  });
});

describe("ranges say only what is unknown", () => {
  const run = { hardware: "A100 80GB", gpu_hours: 1000, power_w: 400, pue: 1.1 } as const;

  it("spreads a country-only grid over its sub-national grids (the US is not 409-414 g/kWh)", () => {
    const e = estimateFootprint({ ...run, country: "US", year: 2024 });
    const ci = e.carbon_intensity!;
    expect(ci).toMatchObject({ zone: "US", year: 2024, central: 409 });
    // Electricity Maps 2024: Chelan County (hydro) to Louisville Gas and Electric (coal).
    expect(ci.low).toBeLessThan(100);
    expect(ci.high).toBeGreaterThan(700);
    expect(e.assumptions.join("\n")).toMatch(
      /only the country is known: the range covers its \d+ sub-national grids, from Chelan County \(US-NW-CHPD\) \(\d+\) to /,
    );
  });

  it("does not spread over the country's grids when a computing centre places the training (Jean Zay, not Corsica)", () => {
    const e = estimateFootprint({ ...run, computing_centre: "Jean Zay", year: 2024 });
    expect(e.carbon_intensity).toMatchObject({ zone: "FR", low: 33, central: 33, high: 33 });
    const countryOnly = estimateFootprint({ ...run, country: "France", year: 2024 });
    expect(countryOnly.carbon_intensity!.high).toBeGreaterThan(400); // Corsica's island grid
  });

  it("gives one figure for a known region in a known year", () => {
    const e = estimateFootprint({ ...run, region: "europe-west4", year: 2023 });
    expect(e.carbon_intensity).toMatchObject({ low: 236, central: 236, high: 236, year: 2023 });
  });

  it("covers the latest years when the training year is not given", () => {
    const e = estimateFootprint({ ...run, country: "DE" });
    const ci = e.carbon_intensity!;
    expect(ci.low).toBeLessThan(ci.high);
    expect(e.assumptions.join("\n")).toMatch(
      /training year not given: latest figure \((\d{4})\) used; the range covers \d{4}, \d{4}, \1/,
    );
    const known = estimateFootprint({ ...run, country: "DE", year: ci.year! });
    expect(known.carbon_intensity!.low).toBe(known.carbon_intensity!.high);
  });

  it("keeps the region when the year has no figure there, and says which year was used", () => {
    const e = estimateFootprint({ ...run, region: "us-east-1", year: 2024 });
    expect(e.carbon_intensity?.zone).not.toBe("US");
    expect(e.carbon_intensity?.low).toBe(e.carbon_intensity?.high);
    expect(e.assumptions).toContain("no 2024 figure for aws us-east-1 (US-VA): its nearest year, 2020, used");
    expect(e.derivation).toMatch(/\(Amazon Web Services us-east-1 \(US-VA\), 2020\)/);
  });

  it("takes a data centre's own PUE as exact and spreads PUE only when the data centre is unknown", () => {
    const known = estimateFootprint({
      hardware: "A100 80GB",
      gpu_hours: 1000,
      power_w: 400,
      region: "europe-west4",
      year: 2023,
    });
    expect(known.pue).toEqual({ low: 1.09, central: 1.09, high: 1.09 });
    const providerOnly = estimateFootprint({
      hardware: "A100 80GB",
      gpu_hours: 1000,
      power_w: 400,
      cloud_provider: "aws",
      country: "US",
      year: 2024,
    });
    expect(providerOnly.pue!.low).toBeLessThan(providerOnly.pue!.high);
  });
});
