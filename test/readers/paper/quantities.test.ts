import { describe, expect, it } from "@jest/globals";
import {
  COUNT,
  DECIMAL,
  SCALE,
  SCIENTIFIC,
  hoursPerUnit,
  parseNumber,
  scaleOf,
} from "../../../src/readers/paper/quantities.js";

const whole = (source: string) => new RegExp(`^(?:${source})$`, "i");

describe("parseNumber", () => {
  it("reads plain decimals and comma-grouped thousands", () => {
    expect(parseNumber("8")).toBe(8);
    expect(parseNumber("0.5")).toBe(0.5);
    expect(parseNumber("1,024")).toBe(1024);
    expect(parseNumber("12,500.75")).toBe(12500.75);
  });

  it("reads scientific notation as papers write it", () => {
    expect(parseNumber("3.14e23")).toBe(3.14e23);
    expect(parseNumber("2.5E-3")).toBe(0.0025);
    expect(parseNumber("3.14 × 10^23")).toBe(3.14e23);
    expect(parseNumber("6x10^{21}")).toBe(6e21);
    expect(parseNumber("10^21")).toBe(1e21);
    expect(parseNumber("10^{-3}")).toBe(0.001);
  });

  it("reads number words, hyphenated or not", () => {
    expect(parseNumber("eight")).toBe(8);
    expect(parseNumber("Sixteen")).toBe(16);
    expect(parseNumber("twenty-four")).toBe(24);
    expect(parseNumber("thirty two")).toBe(32);
    expect(parseNumber("one hundred")).toBe(100);
    expect(parseNumber("three thousand")).toBe(3000);
  });

  it("reads an article before a number word, and 'a single' as one", () => {
    expect(parseNumber("a single")).toBe(1);
    expect(parseNumber("a dozen")).toBe(12);
    expect(parseNumber("a hundred")).toBe(100);
  });

  it("refuses what is not one number", () => {
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("   ")).toBeNull();
    expect(parseNumber("many")).toBeNull();
    expect(parseNumber("1,02")).toBeNull();
    expect(parseNumber("1.2k")).toBeNull();
    expect(parseNumber("8 GPUs")).toBeNull();
  });
});

describe("scaleOf", () => {
  it("reads the suffixes and words of thousands, millions, billions and trillions", () => {
    expect(scaleOf("k")).toBe(1e3);
    expect(scaleOf("K")).toBe(1e3);
    expect(scaleOf("thousand")).toBe(1e3);
    expect(scaleOf("M")).toBe(1e6);
    expect(scaleOf(" million")).toBe(1e6);
    expect(scaleOf("mn")).toBe(1e6);
    expect(scaleOf("B")).toBe(1e9);
    expect(scaleOf("billion")).toBe(1e9);
    expect(scaleOf("bn")).toBe(1e9);
    expect(scaleOf("T")).toBe(1e12);
    expect(scaleOf("trillion")).toBe(1e12);
  });

  it("is one when there is no suffix or an unknown one", () => {
    expect(scaleOf(undefined)).toBe(1);
    expect(scaleOf("")).toBe(1);
    expect(scaleOf("x")).toBe(1);
  });
});

describe("hoursPerUnit", () => {
  it("converts every duration unit to hours", () => {
    expect(hoursPerUnit("s")).toBeCloseTo(1 / 3600, 12);
    expect(hoursPerUnit("seconds")).toBeCloseTo(1 / 3600, 12);
    expect(hoursPerUnit("min")).toBeCloseTo(1 / 60, 12);
    expect(hoursPerUnit("minutes")).toBeCloseTo(1 / 60, 12);
    expect(hoursPerUnit("h")).toBe(1);
    expect(hoursPerUnit("hrs")).toBe(1);
    expect(hoursPerUnit("Hours")).toBe(1);
    expect(hoursPerUnit("d")).toBe(24);
    expect(hoursPerUnit("days")).toBe(24);
    expect(hoursPerUnit("weeks")).toBe(168);
    expect(hoursPerUnit("month")).toBe(730);
    expect(hoursPerUnit("years")).toBe(8760);
  });

  it("returns null for a unit it does not read", () => {
    expect(hoursPerUnit("fortnight")).toBeNull();
    expect(hoursPerUnit("epochs")).toBeNull();
  });
});

describe("number patterns", () => {
  it("DECIMAL matches plain and grouped numbers but not a broken grouping", () => {
    const decimal = whole(DECIMAL);
    expect(["8", "0.5", "1,024", "1,000,000.5"].every((s) => decimal.test(s))).toBe(true);
    expect(decimal.test("1,02")).toBe(false);
    expect(decimal.test("eight")).toBe(false);
  });

  it("SCIENTIFIC matches powers of ten in every written form", () => {
    const scientific = whole(SCIENTIFIC);
    for (const s of ["3.14e23", "3.14 × 10^23", "6 x 10^{21}", "10^21", "42"])
      expect(scientific.test(s)).toBe(true);
    expect(scientific.test("e23")).toBe(false);
  });

  it("COUNT matches digits and number words, and no other word", () => {
    const count = whole(COUNT);
    for (const s of ["8", "1,024", "eight", "sixteen", "twenty-four", "single"])
      expect(count.test(s)).toBe(true);
    expect(count.test("several")).toBe(false);
    expect(count.test("tree")).toBe(false);
  });

  it("SCALE matches a suffix glued to the number or a scale word after a space, but not a unit", () => {
    const scaled = new RegExp(`^1\\.3(${SCALE})$`, "i");
    expect(scaled.exec("1.3B")?.[1]).toBe("B");
    expect(scaled.exec("1.3 billion")?.[1]).toBe(" billion");
    expect(scaled.exec("1.3 mn")?.[1]).toBe(" mn");
    expect(scaled.test("1.3MB")).toBe(false);
  });
});
