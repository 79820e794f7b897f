import { formatFlop, formatHumanNumber } from "../../src/domain/number-format.js";

describe("formatHumanNumber: one human format for every report", () => {
  it.each([
    [48_000_000, "48M"],
    [2e9, "2.0B"],
    [1.5e6, "1.5M"],
    [175e9, "175B"],
    [1.2e12, "1.2T"],
    [1200, "1,200"],
    [123_456, "123,456"],
    [135.4, "135"],
    [4.184, "4.18"],
    [36, "36"],
    [0.75, "0.75"],
    [0.002276, "0.0023"],
    [0, "0"],
    [-1200, "-1,200"],
    [3.14e23, "3.1e23"],
  ])("shows %p as %p", (value, shown) => {
    expect(formatHumanNumber(value)).toBe(shown);
  });

  it("takes the next scale letter when rounding reaches a thousand", () => {
    expect(formatHumanNumber(999_960)).toBe("1.0M");
    expect(formatHumanNumber(999.96e6)).toBe("1.0B");
    expect(formatHumanNumber(9.96e6)).toBe("10M");
    expect(formatHumanNumber(999.7e12)).toBe("1.0e15");
  });
});

describe("formatFlop", () => {
  it("writes compute in scientific notation with its unit", () => {
    expect(formatFlop(3.14e23)).toBe("3.1e23 FLOP");
    expect(formatFlop(5e14)).toBe("5.0e14 FLOP");
    expect(formatFlop(1200)).toBe("1,200 FLOP");
  });
});
