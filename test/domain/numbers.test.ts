import { describe, expect, it } from "@jest/globals";
import {
  NUMBER_WORD_LIST,
  formatNumber,
  parseNumber,
  isOneNumberInWords,
  parseNumberWords,
  parseNumeral,
  parseRange,
  roundSignificant,
  roundTo,
  scaleOf,
} from "../../src/domain/numbers.js";

describe("parseNumeral: digits as prose writes them", () => {
  it("reads plain decimals, signs and exponents", () => {
    expect(parseNumeral("8")).toBe(8);
    expect(parseNumeral("0.5")).toBe(0.5);
    expect(parseNumeral("-3")).toBe(-3);
    expect(parseNumeral("3.5e22")).toBe(3.5e22);
    expect(parseNumeral("2.5E-3")).toBe(0.0025);
  });

  it("reads thousands grouped by one separator in groups of three", () => {
    expect(parseNumeral("1,287")).toBe(1287);
    expect(parseNumeral("12,500.75")).toBe(12500.75);
    expect(parseNumeral("1 082 990")).toBe(1_082_990);
    expect(parseNumeral("1\u202f082\u202f990")).toBe(1_082_990);
    expect(parseNumeral("1,02")).toBeNull();
    expect(parseNumeral("1,082 990")).toBeNull();
    expect(parseNumeral("1234,567")).toBeNull();
  });

  it("reads a power of ten written out", () => {
    expect(parseNumeral("3.14 × 10^23")).toBe(3.14e23);
    expect(parseNumeral("6x10^{21}")).toBe(6e21);
    expect(parseNumeral("10^21")).toBe(1e21);
    expect(parseNumeral("10^{-3}")).toBe(0.001);
  });

  it("reads code literals with underscores but no comma grouping (in Python `1,000` is a tuple)", () => {
    expect(parseNumeral("100_000", "code")).toBe(100_000);
    expect(parseNumeral("2E5", "code")).toBe(200_000);
    expect(parseNumeral(".5", "code")).toBe(0.5);
    expect(parseNumeral("+3", "code")).toBe(3);
    expect(parseNumeral("1,000", "code")).toBeNull();
    expect(parseNumeral("100_000")).toBeNull();
    expect(parseNumeral("_", "code")).toBeNull();
  });

  it("refuses what is not one numeral", () => {
    for (const text of ["", "   ", "eight", "1.2k", "12 GPUs", "1e999"])
      expect(parseNumeral(text)).toBeNull();
  });
});

describe("isOneNumberInWords", () => {
  it("accepts a number as written, and rejects a run of several numbers", () => {
    for (const ok of [
      "eight",
      "twenty-four",
      "thirty two",
      "two thousand five hundred",
      "a dozen",
      "two and a half",
    ])
      expect(isOneNumberInWords(ok)).toBe(true);
    for (const run of ["one two three", "fifty-fifty", "twenty thirty", "eight nine"])
      expect(isOneNumberInWords(run)).toBe(false);
  });
});

describe("parseNumberWords", () => {
  it("reads number words, hyphenated or not, with multipliers", () => {
    expect(parseNumberWords("eight")).toBe(8);
    expect(parseNumberWords("Sixteen")).toBe(16);
    expect(parseNumberWords("twenty-four")).toBe(24);
    expect(parseNumberWords("thirty two")).toBe(32);
    expect(parseNumberWords("one hundred and five")).toBe(105);
    expect(parseNumberWords("two thousand five hundred")).toBe(2500);
    expect(parseNumberWords("two dozen")).toBe(24);
  });

  it("reads articles and halves: 'a dozen', 'a single', 'an', 'one and a half'", () => {
    expect(parseNumberWords("a dozen")).toBe(12);
    expect(parseNumberWords("a single")).toBe(1);
    expect(parseNumberWords("a hundred")).toBe(100);
    expect(parseNumberWords("an")).toBe(1);
    expect(parseNumberWords("A")).toBe(1);
    expect(parseNumberWords("one and a half")).toBe(1.5);
    expect(parseNumberWords("two and a half")).toBe(2.5);
  });

  it("refuses vague and unknown words", () => {
    for (const text of ["", "and", "several", "many", "a few", "half", "8"])
      expect(parseNumberWords(text)).toBeNull();
  });

  it("lists its words for the readers' patterns", () => {
    expect(NUMBER_WORD_LIST).toContain("sixteen");
    expect(NUMBER_WORD_LIST).toContain("dozen");
    expect(NUMBER_WORD_LIST.every((w) => parseNumberWords(w) !== null)).toBe(true);
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
    expect(scaleOf("billions")).toBe(1e9);
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

describe("parseNumber: one number in a caller's syntax", () => {
  it("reads digits, words and a scale in prose by default", () => {
    expect(parseNumber("1.2k")).toBe(1200);
    expect(parseNumber("7B")).toBe(7e9);
    expect(parseNumber("3.5 million")).toBe(3.5e6);
    expect(parseNumber("1,024")).toBe(1024);
    expect(parseNumber("eight")).toBe(8);
    expect(parseNumber("two million")).toBe(2e6);
    expect(parseNumber("three thousand")).toBe(3000);
  });

  it("leaves out words or scales when the caller does", () => {
    expect(parseNumber("1.2k", { scale: false })).toBeNull();
    expect(parseNumber("eight", { words: false })).toBeNull();
    expect(parseNumber("1.2k", { words: false })).toBe(1200);
  });

  it("reads code literals and nothing more in code notation", () => {
    expect(parseNumber("100_000", { notation: "code" })).toBe(100_000);
    expect(parseNumber("1k", { notation: "code" })).toBeNull();
    expect(parseNumber("eight", { notation: "code" })).toBeNull();
  });

  it("refuses more than one number", () => {
    expect(parseNumber("12 GPUs")).toBeNull();
    expect(parseNumber("15-18")).toBeNull();
  });
});

describe("parseRange", () => {
  it("reads ranges written with a dash, an en dash or 'to'", () => {
    expect(parseRange("15-18")).toEqual({ low: 15, high: 18 });
    expect(parseRange("15–18")).toEqual({ low: 15, high: 18 });
    expect(parseRange("1.5 to 2")).toEqual({ low: 1.5, high: 2 });
    expect(parseRange("two to three")).toEqual({ low: 2, high: 3 });
  });

  it("finds the separator when a number holds a dash itself", () => {
    expect(parseRange("twenty-four to thirty")).toEqual({ low: 24, high: 30 });
  });

  it("reads one number as a range of one value, and refuses a reversed or broken range", () => {
    expect(parseRange("36")).toEqual({ low: 36, high: 36 });
    expect(parseRange("18-15")).toBeNull();
    expect(parseRange("15-")).toBeNull();
    expect(parseRange("several")).toBeNull();
  });
});

describe("rounding and display", () => {
  it("rounds to decimals for stored values and to significant digits for display", () => {
    expect(roundTo(2.34567, 3)).toBe(2.346);
    expect(roundTo(48.00004, 4)).toBe(48);
    expect(roundSignificant(1234.5, 3)).toBe(1230);
    expect(roundSignificant(0)).toBe(0);
  });

  it("groups thousands and switches to an exponent only for extreme values", () => {
    expect(formatNumber(1_082_990)).toBe("1,082,990");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(3.14e23)).toBe("3.14e+23");
    expect(formatNumber(0.0001)).toBe("1.00e-4");
  });
});
