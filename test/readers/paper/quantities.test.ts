import { describe, expect, it } from "@jest/globals";
import { NUMBER_WORD_LIST } from "../../../src/domain/numbers.js";
import {
  COUNT,
  DECIMAL,
  NUMBER_WORD,
  SCALE,
  SCIENTIFIC,
  parseNumber,
} from "../../../src/readers/paper/quantities.js";

const whole = (source: string) => new RegExp(`^(?:${source})$`, "i");

describe("parseNumber", () => {
  // The grammar of numbers is tested in test/domain/numbers.test.ts; here, what a paper's number is.
  it("reads what the patterns capture: digits, powers of ten and words", () => {
    expect(parseNumber("1,024")).toBe(1024);
    expect(parseNumber("3.14 × 10^23")).toBe(3.14e23);
    expect(parseNumber("twenty-four")).toBe(24);
    expect(parseNumber("a single")).toBe(1);
  });

  it("does not read a scale: the extractors capture it apart (SCALE) and apply it", () => {
    expect(parseNumber("1.2k")).toBeNull();
    expect(parseNumber("two million")).toBeNull();
    expect(parseNumber("8 GPUs")).toBeNull();
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

  it("NUMBER_WORD lists the shared parser's words, longest first so 'sixteen' is not read as 'six'", () => {
    const words = NUMBER_WORD.split("|");
    expect(new Set(words)).toEqual(new Set(NUMBER_WORD_LIST));
    expect(new RegExp(`^(?:${NUMBER_WORD})`).exec("sixteen")?.[0]).toBe("sixteen");
  });

  it("COUNT matches digits and number words, and no other word", () => {
    const count = whole(COUNT);
    for (const s of ["8", "1,024", "eight", "sixteen", "twenty-four", "single"])
      expect(count.test(s)).toBe(true);
    expect(count.test("several")).toBe(false);
    expect(count.test("tree")).toBe(false);
  });

  it("COUNT finds no number word at the start of a longer word: 'tends', 'ones', 'tenfold'", () => {
    const found = (text: string) => [...text.matchAll(new RegExp(COUNT, "gi"))].map((m) => m[0]);
    expect(found("the parameter tends to grow; the ones left; a tenfold rise")).toEqual([]);
    expect(found("the twenty-fourth run")).not.toContain("twenty-four");
    expect(found("ten runs, seventeen seeds and twenty-four GPUs")).toEqual([
      "ten",
      "seventeen",
      "twenty-four",
    ]);
  });

  it("SCALE matches a suffix glued to the number or a scale word after a space, but not a unit", () => {
    const scaled = new RegExp(`^1\\.3(${SCALE})$`, "i");
    expect(scaled.exec("1.3B")?.[1]).toBe("B");
    expect(scaled.exec("1.3 billion")?.[1]).toBe(" billion");
    expect(scaled.exec("1.3 mn")?.[1]).toBe(" mn");
    expect(scaled.test("1.3MB")).toBe(false);
  });
});
