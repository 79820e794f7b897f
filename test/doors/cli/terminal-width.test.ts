import { terminalWidth } from "../../../src/doors/cli/terminal-width.js";

describe("terminalWidth", () => {
  it("takes COLUMNS first, then the terminal's width, then 100", () => {
    expect(terminalWidth({ COLUMNS: "72" }, { isTTY: true, columns: 200 })).toBe(72);
    expect(terminalWidth({}, { isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({}, { isTTY: false })).toBe(100);
  });

  it("ignores a COLUMNS that is not a positive whole number", () => {
    expect(terminalWidth({ COLUMNS: "wide" }, { isTTY: false })).toBe(100);
    expect(terminalWidth({ COLUMNS: "0" }, { isTTY: true, columns: 90 })).toBe(90);
  });
});
