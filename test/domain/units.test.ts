import { describe, expect, it } from "@jest/globals";
import {
  HOURS_PER_MONTH,
  HOURS_PER_YEAR,
  emissionsKg,
  formatDuration,
  formatDurationAs,
  formatEnergy,
  formatMass,
  fromHours,
  fromKg,
  fromKwh,
  hoursPerUnit,
  kgFrom,
  kwhFrom,
  parseDuration,
  parseDurationUnit,
  parseEnergyUnit,
  parseFlopUnit,
  parseMassUnit,
  sameHours,
  toFlop,
  toGramsPerKwh,
  toHours,
  toKg,
  toKwh,
  toWatts,
  wattHoursToKwh,
} from "../../src/domain/units.js";

describe("mass", () => {
  it("converts mg to Mt and lbs to kilograms and back", () => {
    expect(toKg(1500, "g")).toBe(1.5);
    expect(toKg(2, "t")).toBe(2000);
    expect(toKg(1, "lbs")).toBe(0.45359237);
    expect(toKg(1438, "lbs")).toBeCloseTo(652.27, 2);
    expect(toKg(3, "kt")).toBe(3e6);
    expect(toKg(1, "Mt")).toBe(1e9);
    expect(toKg(500, "mg")).toBeCloseTo(5e-4, 12);
    expect(fromKg(552_100, "t")).toBe(552.1);
    expect(fromKg(0.45359237, "lbs")).toBe(1);
  });

  it("reads the unit spellings papers use", () => {
    expect(parseMassUnit("tCO2e")).toBe("t");
    expect(parseMassUnit("tonnes")).toBe("t");
    expect(parseMassUnit("metric tonnes")).toBe("t");
    expect(parseMassUnit("kg CO2eq")).toBe("kg");
    expect(parseMassUnit("kgCO₂e")).toBe("kg");
    expect(parseMassUnit("kilos")).toBe("kg");
    expect(parseMassUnit("lbs")).toBe("lbs");
    expect(parseMassUnit("pounds")).toBe("lbs");
    expect(parseMassUnit("g")).toBe("g");
    expect(parseMassUnit("gr")).toBe("g");
    expect(parseMassUnit("milligrams")).toBe("mg");
    expect(parseMassUnit("kilotonnes")).toBe("kt");
    expect(parseMassUnit("Mt")).toBe("Mt");
    expect(parseMassUnit("furlongs")).toBeNull();
  });

  it("converts a value in a written mass unit, or says the unit is not one", () => {
    expect(kgFrom(552, "tCO2e")).toBe(552_000);
    expect(kgFrom(1438, "lbs")).toBeCloseTo(652.27, 2);
    expect(kgFrom(3, "kWh")).toBeNull();
  });
});

describe("energy, power and intensity", () => {
  it("converts Wh, kWh, MWh, GWh and TWh", () => {
    expect(toKwh(1500, "Wh")).toBe(1.5);
    expect(toKwh(1.287, "MWh")).toBe(1287);
    expect(toKwh(1, "GWh")).toBe(1e6);
    expect(toKwh(2, "TWh")).toBe(2e9);
    expect(fromKwh(433_196, "MWh")).toBeCloseTo(433.196, 6);
    expect(parseEnergyUnit("MWh")).toBe("MWh");
    expect(parseEnergyUnit("kilowatt-hours")).toBe("kWh");
    expect(parseEnergyUnit("watt hour")).toBe("Wh");
    expect(parseEnergyUnit("TWh")).toBe("TWh");
    expect(parseEnergyUnit("kW")).toBeNull();
    expect(kwhFrom(1.287, "MWh")).toBe(1287);
    expect(kwhFrom(2, "kilowatt hours")).toBe(2);
    expect(kwhFrom(3, "kg")).toBeNull();
  });

  it("turns watts × hours into kWh and kWh × intensity into kg", () => {
    expect(toWatts(0.4, "kW")).toBe(400);
    expect(wattHoursToKwh(400, 1_082_990)).toBe(433_196);
    expect(emissionsKg(433_196, 57)).toBeCloseTo(24_692.172, 3);
  });

  it("converts any mass per energy to gCO2e/kWh", () => {
    expect(toGramsPerKwh(429, "g", "kWh")).toBe(429);
    expect(toGramsPerKwh(0.4, "kg", "kWh")).toBe(400);
    expect(toGramsPerKwh(0.5, "t", "MWh")).toBe(500);
    expect(toGramsPerKwh(954, "lbs", "MWh")).toBeCloseTo(432.73, 2); // eGRID's lbs/MWh
  });
});

describe("amounts of compute", () => {
  it("reads FLOP units in the spellings papers use", () => {
    expect(parseFlopUnit("PF-days")).toBe("PF-day");
    expect(parseFlopUnit("petaflop/s-days")).toBe("PF-day");
    expect(parseFlopUnit("pfs-day")).toBe("PF-day");
    expect(parseFlopUnit("ZFLOPs")).toBe("ZFLOP");
    expect(parseFlopUnit("exaflops")).toBe("EFLOP");
    expect(parseFlopUnit("TFLOPs")).toBe("TFLOP");
    expect(parseFlopUnit("floating point operations")).toBe("FLOP");
    expect(parseFlopUnit("FLOP/s")).toBeNull();
  });

  it("converts to FLOP; a petaFLOP/s-day is 10^15 FLOP/s for 86,400 s", () => {
    expect(toFlop(3640, "PF-day")).toBe(3640 * 8.64e19);
    expect(toFlop(2, "ZFLOP")).toBe(2e21);
    expect(toFlop(5, "GFLOP")).toBe(5e9);
  });
});

describe("time", () => {
  it("converts seconds to years into hours", () => {
    expect(toHours(90, "min")).toBe(1.5);
    expect(toHours(1800, "s")).toBe(0.5);
    expect(toHours(14.8, "day")).toBeCloseTo(355.2, 10);
    expect(toHours(2, "week")).toBe(336);
    expect(fromHours(72, "day")).toBe(3);
  });

  it("has one month and one year: the mean Gregorian ones", () => {
    expect(HOURS_PER_YEAR).toBeCloseTo(8765.82, 9);
    expect(HOURS_PER_MONTH).toBeCloseTo(730.485, 9);
    expect(toHours(3, "month")).toBeCloseTo(2191.455, 9);
    expect(toHours(1, "year")).toBe(HOURS_PER_YEAR);
  });

  it("reads the unit spellings papers, logs and flags use", () => {
    expect(parseDurationUnit("hrs")).toBe("h");
    expect(parseDurationUnit("Hours")).toBe("h");
    expect(parseDurationUnit("days")).toBe("day");
    expect(parseDurationUnit("wk")).toBe("week");
    expect(parseDurationUnit("months")).toBe("month");
    expect(parseDurationUnit("yr")).toBe("year");
    expect(parseDurationUnit("secs")).toBe("s");
    expect(parseDurationUnit("fortnight")).toBeNull();
    expect(parseDurationUnit("epochs")).toBeNull();
  });

  it("gives the hours in one of a written unit", () => {
    expect(hoursPerUnit("seconds")).toBeCloseTo(1 / 3600, 12);
    expect(hoursPerUnit("mins")).toBeCloseTo(1 / 60, 12);
    expect(hoursPerUnit("d")).toBe(24);
    expect(hoursPerUnit("weeks")).toBe(168);
    expect(hoursPerUnit("month")).toBe(HOURS_PER_MONTH);
    expect(hoursPerUnit("years")).toBe(HOURS_PER_YEAR);
    expect(hoursPerUnit("epochs")).toBeNull();
  });

  it("tells the same figure in hours from a different one, to the readers' three decimals", () => {
    expect(sameHours(576, 576)).toBe(true);
    expect(sameHours(8 * 0.3333, 2.666)).toBe(true);
    expect(sameHours(576, 576.01)).toBe(false);
  });
});

describe("parseDuration: a duration as written", () => {
  it("reads an amount and a unit, hedged, glued or hyphenated", () => {
    expect(parseDuration("3 days")).toEqual({
      amount: 3,
      unit: "day",
      hours: 72,
      lowHours: 72,
      highHours: 72,
    });
    expect(parseDuration("about 36h")).toMatchObject({ amount: 36, unit: "h", hours: 36 });
    expect(parseDuration("~ 2 weeks")).toMatchObject({ amount: 2, unit: "week", hours: 336 });
    expect(parseDuration("3-day")).toMatchObject({ amount: 3, unit: "day" });
    expect(parseDuration("one and a half days")).toMatchObject({ amount: 1.5, unit: "day", hours: 36 });
    expect(parseDuration("an hour")).toMatchObject({ amount: 1, unit: "h" });
  });

  it("reads a range as its middle, and keeps its ends in hours", () => {
    expect(parseDuration("15-18 hours")).toEqual({
      amount: 16.5,
      unit: "h",
      hours: 16.5,
      lowHours: 15,
      highHours: 18,
    });
    expect(parseDuration("2 to 3 days")).toMatchObject({ amount: 2.5, unit: "day", hours: 60 });
  });

  it("adds up a compound duration in its first unit", () => {
    expect(parseDuration("2 days and 6 hours")).toMatchObject({ amount: 2.25, unit: "day", hours: 54 });
    expect(parseDuration("1 h, 30 min")).toMatchObject({ amount: 1.5, unit: "h" });
  });

  it("refuses what is not only a duration", () => {
    for (const text of [
      "3 days on 8 GPUs",
      "--time=2-00:00:00",
      "several days",
      "3 epochs",
      "2 days and 5-6 hours",
      "",
    ])
      expect(parseDuration(text)).toBeNull();
  });
});

describe("display", () => {
  it("formats energy and mass with a unit that keeps the number readable", () => {
    expect(formatEnergy(0.5)).toBe("500 Wh");
    expect(formatEnergy(85_327.9)).toBe("85.3 MWh");
    expect(formatEnergy(21_588_000)).toBe("21.6 GWh");
    expect(formatMass(0.25)).toBe("250 gCO2e");
    expect(formatMass(652.3)).toBe("652 kgCO2e");
    expect(formatMass(552_100)).toBe("552 tCO2e");
  });

  it("names a duration in its unit, singular for one", () => {
    expect(formatDurationAs(3, "day")).toBe("3 days");
    expect(formatDurationAs(1, "day")).toBe("1 day");
    expect(formatDurationAs(1.5, "h")).toBe("1.5 h");
    expect(formatDurationAs(2.999_999_999, "month")).toBe("3 months");
  });

  it("formats a duration in hours, days or years by its length", () => {
    expect(formatDuration(36)).toBe("36 h");
    expect(formatDuration(96)).toBe("4 days");
    expect(formatDuration(3 * HOURS_PER_YEAR)).toBe("3 years");
  });
});
