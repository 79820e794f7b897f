import { describe, expect, it } from "@jest/globals";
import { wilsonRate } from "../../src/survey/wilson.js";

describe("Wilson 95 % interval", () => {
  it("matches published values (Newcombe 1998, Statistics in Medicine 17:857, table I)", () => {
    expect(wilsonRate(81, 263)).toEqual({
      disclosed: 81,
      total: 263,
      rate: 0.308,
      low: 0.2553,
      high: 0.3662,
    });
    expect(wilsonRate(15, 148)).toEqual({
      disclosed: 15,
      total: 148,
      rate: 0.1014,
      low: 0.0624,
      high: 0.1605,
    });
    expect(wilsonRate(0, 20)).toEqual({ disclosed: 0, total: 20, rate: 0, low: 0, high: 0.1611 });
    expect(wilsonRate(1, 29)).toEqual({ disclosed: 1, total: 29, rate: 0.0345, low: 0.0061, high: 0.1718 });
  });

  it("stays inside [0, 1] at the edges, symmetric around one half", () => {
    expect(wilsonRate(10, 10)).toEqual({ disclosed: 10, total: 10, rate: 1, low: 0.7225, high: 1 });
    expect(wilsonRate(5, 10)).toEqual({ disclosed: 5, total: 10, rate: 0.5, low: 0.2366, high: 0.7634 });
  });

  it("gives the whole [0, 1] when there is no paper, and refuses impossible counts", () => {
    expect(wilsonRate(0, 0)).toEqual({ disclosed: 0, total: 0, rate: 0, low: 0, high: 1 });
    expect(() => wilsonRate(3, 2)).toThrow(/0 <= disclosed <= total/);
    expect(() => wilsonRate(-1, 2)).toThrow(RangeError);
  });
});
