/**
 * Text clean-up a reader would expect, applied to extracted text before it is read.
 *
 * `normalizeCharacters` replaces characters one for one (its output has the input's length, so LaTeX
 * source maps stay valid); `cleanPdfPageText` may change lengths (ligatures, hyphenation, spaces in numbers).
 */

const ONE_FOR_ONE: Record<string, string> = {
  "\u2212": "-", // minus sign
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-", // en dash in ranges (5–10) reads as a hyphen
  "\u00a0": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u2004": " ",
  "\u2005": " ",
  "\u2006": " ",
  "\u2007": " ",
  "\u2008": " ",
  "\u200a": " ",
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2217": "*",
  "\u00d7": "×",
  "\u2715": "×",
  "\u2716": "×",
  "\u00b7": "·",
  "\u2215": "/",
  "\u00ad": "-", // soft hyphen: dehyphenation removes it at line ends
};

const LIGATURES: Record<string, string> = {
  "\ufb00": "ff",
  "\ufb01": "fi",
  "\ufb02": "fl",
  "\ufb03": "ffi",
  "\ufb04": "ffl",
  "\ufb05": "st",
  "\ufb06": "st",
};

const THIN_SPACES = "\u2009\u202f";

/** Replaces look-alike characters with their plain form, one character for one (length is preserved). */
export function normalizeCharacters(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ONE_FOR_ONE[ch] !== undefined) out += ONE_FOR_ONE[ch];
    else if (THIN_SPACES.includes(ch)) out += " ";
    else if (
      (code < 32 && ch !== "\n" && ch !== "\t") ||
      code === 0xfffd ||
      (code >= 0xe000 && code <= 0xf8ff)
    )
      out += " ".repeat(ch.length);
    else out += ch;
  }
  return out;
}

/** `10 000` or `10,000` with a thin or no-break space between digit groups becomes `10000`. */
export function joinDigitGroups(text: string): string {
  return text.replace(/(\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))/g, "$1");
}

export function expandLigatures(text: string): string {
  return text.replace(/[\ufb00-\ufb06]/g, (ch) => LIGATURES[ch] ?? ch);
}

/**
 * Joins words split at line ends: `de-\nvelopment` becomes `development`; a hyphen between a letter or digit and
 * an upper-case letter or digit is kept (`A800-\n80G` becomes `A800-80G`).
 */
export function dehyphenate(text: string): string {
  return text
    .replace(/(\S*)([a-z])[-\u00ad]\n[ \t]*([a-z])/g, (_, before: string, last: string, next: string) =>
      // "state-of-the-\nart" is a compound: its own hyphens say the line-end hyphen is real.
      before.includes("-") ? `${before}${last}-${next}` : `${before}${last}${next}`,
    )
    .replace(/([A-Za-z0-9])-\n[ \t]*([A-Z0-9])/g, "$1-$2");
}

/** Full clean-up of one page of PDF text. */
export function cleanPdfPageText(text: string): string {
  const unified = text.replace(/\r\n?/g, "\n");
  return normalizeCharacters(dehyphenate(joinDigitGroups(expandLigatures(unified))));
}
