import { describe, expect, it } from "@jest/globals";
import {
  emissionsKg,
  formatEnergy,
  formatMass,
  fromKg,
  fromKwh,
  lbsPerMwhToGramsPerKwh,
  parseDurationUnit,
  parseEnergyUnit,
  parseMassUnit,
  parseNumber,
  toHours,
  toKg,
  toKwh,
  toWatts,
  wattHoursToKwh,
} from "../../src/estimate/units.js";

describe("mass", () => {
  it("converts g, kg, t and lbs to kilograms and back", () => {
    expect(toKg(1500, "g")).toBe(1.5);
    expect(toKg(2, "t")).toBe(2000);
    expect(toKg(1, "lbs")).toBe(0.45359237);
    expect(toKg(1438, "lbs")).toBeCloseTo(652.27, 2);
    expect(fromKg(552_100, "t")).toBe(552.1);
    expect(fromKg(0.45359237, "lbs")).toBe(1);
  });

  it("reads the unit spellings papers use", () => {
    expect(parseMassUnit("tCO2e")).toBe("t");
    expect(parseMassUnit("tonnes")).toBe("t");
    expect(parseMassUnit("kg CO2eq")).toBe("kg");
    expect(parseMassUnit("kgCO₂e")).toBe("kg");
    expect(parseMassUnit("lbs")).toBe("lbs");
    expect(parseMassUnit("pounds")).toBe("lbs");
    expect(parseMassUnit("g")).toBe("g");
    expect(parseMassUnit("furlongs")).toBeNull();
  });
});

describe("energy and power", () => {
  it("converts Wh, kWh, MWh and GWh", () => {
    expect(toKwh(1500, "Wh")).toBe(1.5);
    expect(toKwh(1.287, "MWh")).toBe(1287);
    expect(toKwh(1, "GWh")).toBe(1e6);
    expect(fromKwh(433_196, "MWh")).toBeCloseTo(433.196, 6);
    expect(parseEnergyUnit("MWh")).toBe("MWh");
    expect(parseEnergyUnit("kilowatt-hours")).toBe("kWh");
    expect(parseEnergyUnit("kW")).toBeNull();
  });

  it("turns watts × hours into kWh and kWh × intensity into kg", () => {
    expect(toWatts(0.4, "kW")).toBe(400);
    expect(wattHoursToKwh(400, 1_082_990)).toBe(433_196);
    expect(emissionsKg(433_196, 57)).toBeCloseTo(24_692.172, 3);
  });

  it("converts eGRID lbs/MWh to g/kWh", () => {
    expect(lbsPerMwhToGramsPerKwh(954)).toBeCloseTo(432.73, 2);
  });
});

describe("time", () => {
  it("converts minutes, days and weeks to hours", () => {
    expect(toHours(90, "min")).toBe(1.5);
    expect(toHours(14.8, "days")).toBeCloseTo(355.2, 10);
    expect(toHours(2, "weeks")).toBe(336);
    expect(parseDurationUnit("hrs")).toBe("h");
    expect(parseDurationUnit("days")).toBe("days");
    expect(parseDurationUnit("wk")).toBe("weeks");
    expect(parseDurationUnit("fortnight")).toBeNull();
  });
});

describe("numbers", () => {
  it("parses numbers as people write them", () => {
    expect(parseNumber("1,287")).toBe(1287);
    expect(parseNumber("1 082 990")).toBe(1_082_990);
    expect(parseNumber("1.2k")).toBe(1200);
    expect(parseNumber("7B")).toBe(7e9);
    expect(parseNumber("3.5e22")).toBe(3.5e22);
    expect(parseNumber("-3")).toBe(-3);
    expect(parseNumber("eight")).toBeNull();
    expect(parseNumber("12 GPUs")).toBeNull();
  });

  it("formats energy and mass with a unit that keeps the number readable", () => {
    expect(formatEnergy(0.5)).toBe("500 Wh");
    expect(formatEnergy(85_327.9)).toBe("85.3 MWh");
    expect(formatEnergy(21_588_000)).toBe("21.6 GWh");
    expect(formatMass(0.25)).toBe("250 gCO2e");
    expect(formatMass(652.3)).toBe("652 kgCO2e");
    expect(formatMass(552_100)).toBe("552 tCO2e");
  });
});
