import fc from "fast-check";
import { wrapText } from "../../src/render/wrap.js";

describe("wrapText", () => {
  it("breaks between words and indents continuation lines", () => {
    expect(wrapText("the paper gives one run's compute", { width: 16, first: "- ", rest: "  " })).toEqual([
      "- the paper",
      "  gives one",
      "  run's compute",
    ]);
  });

  it("never cuts a word longer than the line: it gets a line of its own", () => {
    expect(wrapText("see paper/sections/experiments.tex:5 now", { width: 12, rest: "  " })).toEqual([
      "see",
      "  paper/sections/experiments.tex:5",
      "  now",
    ]);
  });

  it("keeps the words in order, and every line within the width unless it is one overlong word", () => {
    const word = fc.stringMatching(/^[a-z/.:()]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 10, max: 120 }), (words, width) => {
        const lines = wrapText(words.join(" "), { width, first: "  * ", rest: "    " });
        expect(lines.join(" ").split(/\s+/).filter(Boolean).slice(1)).toEqual(words);
        for (const line of lines.slice(1))
          if (line.length > width) expect(line.trim().includes(" ")).toBe(false);
      }),
    );
  });
});
