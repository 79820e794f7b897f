import {
  countDeviceIds,
  parseDeviceCount,
  parseNumber,
  parsePrecision,
  parseTimeLimitHours,
} from "../../../src/readers/code/values.js";

describe("reading values as written", () => {
  it("reads numbers in the spellings configs use and rejects the rest", () => {
    expect(parseNumber("2E5")).toBe(200000);
    expect(parseNumber("100_000")).toBe(100000);
    expect(parseNumber('"64"')).toBe(64);
    expect(parseNumber("1e-3")).toBe(0.001);
    expect(parseNumber("${data.batch_size}")).toBeNull();
    expect(parseNumber("auto")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });

  it("reads code notation, not prose: a comma separates values and a suffix is not a scale", () => {
    expect(parseNumber("1,000")).toBeNull();
    expect(parseNumber("1k")).toBeNull();
    expect(parseNumber("eight")).toBeNull();
  });

  it("counts device ids in lists and comma strings, not 'all' or -1", () => {
    expect(countDeviceIds("0,1,2,3")).toBe(4);
    expect(countDeviceIds("[0, 1]")).toBe(2);
    expect(countDeviceIds('"3"')).toBe(1);
    expect(countDeviceIds("all")).toBeNull();
    expect(parseDeviceCount("8")).toBe(8);
    expect(parseDeviceCount("-1")).toBeNull();
    expect(parseDeviceCount("[0,1,1]")).toBe(2);
  });

  it("normalises precision settings", () => {
    expect(parsePrecision("precision", '"16-mixed"')).toBe("fp16");
    expect(parsePrecision("precision", "bf16-mixed")).toBe("bf16");
    expect(parsePrecision("precision", "32")).toBe("fp32");
    expect(parsePrecision("fp16", "True")).toBe("fp16");
    expect(parsePrecision("fp16", "False")).toBeNull();
    expect(parsePrecision("bf16", "true")).toBe("bf16");
    expect(parsePrecision("mixed_precision", "no")).toBe("fp32");
  });

  it("reads every SLURM time format as hours", () => {
    expect(parseTimeLimitHours("2-00:00:00")).toBe(48);
    expect(parseTimeLimitHours("48:00:00")).toBe(48);
    expect(parseTimeLimitHours("90")).toBe(1.5);
    expect(parseTimeLimitHours("30:00")).toBe(0.5);
    expect(parseTimeLimitHours("1-12")).toBe(36);
    expect(parseTimeLimitHours("1-12:30")).toBe(36.5);
    expect(parseTimeLimitHours("UNLIMITED")).toBeNull();
    expect(parseTimeLimitHours("24:00", "hh:mm")).toBe(24);
    expect(parseTimeLimitHours("00:12:00:00", "dd:hh:mm:ss")).toBe(12);
    expect(parseTimeLimitHours("01:12:30:00", "dd:hh:mm:ss")).toBe(36.5);
    expect(parseTimeLimitHours("2-06:30:36")).toBe(54.51);
    expect(parseTimeLimitHours("01:30", "hh:mm:ss")).toBe(1.5);
  });
});
