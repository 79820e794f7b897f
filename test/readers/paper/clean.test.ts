import { describe, expect, it } from "@jest/globals";
import {
  cleanPdfPageText,
  dehyphenate,
  expandLigatures,
  joinDigitGroups,
  normalizeCharacters,
} from "../../../src/readers/paper/clean.js";

describe("normalizeCharacters", () => {
  it("reads the Unicode minus, en dash and hyphen look-alikes as a hyphen", () => {
    expect(normalizeCharacters("lr 10\u22124, 5\u201310 runs, A\u2010B, C\u2011D")).toBe(
      "lr 10-4, 5-10 runs, A-B, C-D",
    );
  });

  it("keeps the multiplication sign as × whichever code point the PDF used", () => {
    expect(normalizeCharacters("8\u00d7 A100, 4\u2715 V100, 2\u2716 T4")).toBe("8× A100, 4× V100, 2× T4");
  });

  it("turns no-break, thin and other wide spaces into plain spaces", () => {
    expect(normalizeCharacters("3\u00a0GB, 4\u2009h, 5\u202fdays, 6\u2003x")).toBe("3 GB, 4 h, 5 days, 6 x");
  });

  it("straightens curly quotes", () => {
    expect(normalizeCharacters("\u201cTinyNet\u201d and the model\u2019s \u2018size\u2019")).toBe(
      "\"TinyNet\" and the model's 'size'",
    );
  });

  it("blanks control characters, replacement characters and private-use glyphs but keeps new lines and tabs", () => {
    expect(normalizeCharacters("a\u0007b\ufffdc\ue001d\ne\tf")).toBe("a b c d\ne\tf");
  });

  it("preserves the length of the text, so LaTeX source maps stay valid", () => {
    const text = "8\u00d7 V100\u2212SXM2 \u201cfast\u201d \ud83d\ude80 \u0001 \u00ad end";
    expect(normalizeCharacters(text)).toHaveLength(text.length);
  });

  it("leaves ordinary text alone", () => {
    const text = "We train TinyNet for 90 epochs on four RTX 3090 cards.";
    expect(normalizeCharacters(text)).toBe(text);
  });
});

describe("joinDigitGroups", () => {
  it("joins digit groups separated by a thin, narrow no-break or no-break space", () => {
    expect(joinDigitGroups("10\u2009000 steps, 1\u202f000\u202f000 images, 25\u00a0000 tokens")).toBe(
      "10000 steps, 1000000 images, 25000 tokens",
    );
  });

  it("does not join a number to a group of other than three digits", () => {
    expect(joinDigitGroups("12\u20091234 and 3\u200912")).toBe("12\u20091234 and 3\u200912");
  });

  it("does not join a number to a unit", () => {
    expect(joinDigitGroups("32\u2009GB")).toBe("32\u2009GB");
  });
});

describe("expandLigatures", () => {
  it("expands the typographic ligatures to their letters", () => {
    expect(expandLigatures("\ufb01ne-tuning, \ufb02oat, e\ufb00ect, e\ufb03cient, ba\ufb04e")).toBe(
      "fine-tuning, float, effect, efficient, baffle",
    );
  });
});

describe("dehyphenate", () => {
  it("joins a word split at a line end", () => {
    expect(dehyphenate("the de-\nvelopment set")).toBe("the development set");
  });

  it("joins across the indentation of the next line", () => {
    expect(dehyphenate("we pre-\n   train it")).toBe("we pretrain it");
  });

  it("joins a word split with a soft hyphen", () => {
    expect(dehyphenate("con\u00ad\nvergence")).toBe("convergence");
  });

  it("keeps the hyphen of a model name or a number split at a line end", () => {
    expect(dehyphenate("an A800-\n80G card and GPT-\n3 and TinyNet-\nLarge")).toBe(
      "an A800-80G card and GPT-3 and TinyNet-Large",
    );
  });

  it("leaves hyphens inside a line alone", () => {
    expect(dehyphenate("a well-known pre-trained model")).toBe("a well-known pre-trained model");
  });
});

describe("cleanPdfPageText", () => {
  it("applies every clean-up to one page", () => {
    expect(
      cleanPdfPageText(
        "We \ufb01ne-tune for 10\u2009000 steps on 4\u00d7 A100\r\nwith a learning rate of 10\u22124 in a de-\nvelopment run.",
      ),
    ).toBe("We fine-tune for 10000 steps on 4× A100\nwith a learning rate of 10-4 in a development run.");
  });

  it("turns Windows and old Mac line ends into new lines", () => {
    expect(cleanPdfPageText("one\r\ntwo\rthree")).toBe("one\ntwo\nthree");
  });
});
