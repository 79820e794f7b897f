/**
 * The text of one LaTeX source file from its bytes, in the encoding it was written in (issue 14: a Latin-1 `.tex`
 * lost its accents). Each file is decoded on its own, since an `\input` file may be in another encoding than the
 * main file. In order:
 *
 * 1. a UTF-8 byte-order mark: UTF-8;
 * 2. valid UTF-8: UTF-8 (Latin-1 or CP1252 text with accents is practically never valid UTF-8, while a file
 *    converted to UTF-8 often keeps its old `\usepackage[latin1]{inputenc}`);
 * 3. otherwise the file's own `\usepackage[...]{inputenc}` or `\inputencoding{...}`, else the including file's
 *    (inputenc applies to every file read after it): latin1 or cp1252/ansinew;
 * 4. otherwise the bytes decide: a byte in 0x80-0x9F that is a printable CP1252 character (curly quotes, dashes,
 *    the euro sign, "…") means CP1252; none means Latin-1 (whose 0x80-0x9F are unused control codes).
 *
 * Decoding is WHATWG's TextDecoder. Its "windows-1252" decoder is also what it gives for the label "latin1": it
 * maps 0xA0-0xFF exactly as ISO-8859-1 does and 0x80-0x9F to CP1252's characters where CP1252 has one (U+0080-
 * U+009F otherwise), so Latin-1 text decodes to the same characters either way. Node 20.18.3 and later 20.x (and
 * 22.13 up to the fix) decode 0x80-0x9F as Latin-1 does (nodejs/node#60888), so CP1252's 27 characters there are
 * mapped after decoding, from the WHATWG index; on a Node that decodes them itself there is nothing left to map.
 */

export type LatexEncoding = "utf-8" | "latin1" | "cp1252";

/** How the encoding was decided. */
export type EncodingBasis = "bom" | "valid_utf8" | "declared" | "declared_by_includer" | "bytes";

export interface DecodedLatex {
  text: string;
  encoding: LatexEncoding;
  basis: EncodingBasis;
  /** The encoding the file's own inputenc declares, if it declares one (handed on to the files it includes). */
  declared: LatexEncoding | null;
  /** Set when the file declares UTF-8 but is not valid UTF-8 (it was decoded by its bytes). */
  mismatch?: string;
}

/** inputenc option names, as LaTeX spells them, for the encodings we decode. */
const INPUTENC_OPTIONS: Record<string, LatexEncoding> = {
  utf8: "utf-8",
  utf8x: "utf-8",
  latin1: "latin1",
  cp1252: "cp1252",
  ansinew: "cp1252",
};

/** Bytes 0x80-0x9F that CP1252 leaves undefined (all others are printable characters there). */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** WHATWG index-windows-1252 for 0x80-0x9F (the five undefined bytes map to themselves). */
const CP1252_HIGH: Record<number, string> = {
  0x80: "\u20ac",
  0x82: "\u201a",
  0x83: "\u0192",
  0x84: "\u201e",
  0x85: "\u2026",
  0x86: "\u2020",
  0x87: "\u2021",
  0x88: "\u02c6",
  0x89: "\u2030",
  0x8a: "\u0160",
  0x8b: "\u2039",
  0x8c: "\u0152",
  0x8e: "\u017d",
  0x91: "\u2018",
  0x92: "\u2019",
  0x93: "\u201c",
  0x94: "\u201d",
  0x95: "\u2022",
  0x96: "\u2013",
  0x97: "\u2014",
  0x98: "\u02dc",
  0x99: "\u2122",
  0x9a: "\u0161",
  0x9b: "\u203a",
  0x9c: "\u0153",
  0x9e: "\u017e",
  0x9f: "\u0178",
};

/** Windows-1252 bytes as text: TextDecoder, then 0x80-0x9F where this Node left them as C1 codes. */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("windows-1252")
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0)] ?? ch);
}

/**
 * The encoding a file's inputenc declares: the last `\usepackage[...]{inputenc}` or `\inputencoding{...}` outside
 * a comment. Read on the bytes as Latin-1, which keeps every ASCII command intact whatever the encoding.
 */
export function declaredLatexEncoding(bytes: Uint8Array): LatexEncoding | null {
  const ascii = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let found: LatexEncoding | null = null;
  for (const rawLine of ascii.split("\n")) {
    const line = rawLine.replace(/(^|[^\\])%.*$/, "$1");
    if (!line.includes("inputenc")) continue;
    const pattern = /\\usepackage\s*\[([^\]]*)\]\s*\{inputenc\}|\\inputencoding\s*\{([^}]*)\}/g;
    for (const match of line.matchAll(pattern)) {
      const options = (match[1] ?? match[2] ?? "").split(",").map((o) => o.trim().toLowerCase());
      for (const option of options) found = INPUTENC_OPTIONS[option] ?? found;
    }
  }
  return found;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** CP1252 when a byte in 0x80-0x9F is one of its printable characters, Latin-1 otherwise. */
export function singleByteEncodingOf(bytes: Uint8Array): "latin1" | "cp1252" {
  for (const byte of bytes) if (byte >= 0x80 && byte <= 0x9f && !CP1252_UNDEFINED.has(byte)) return "cp1252";
  return "latin1";
}

/**
 * @example
 *   decodeLatexSource(Buffer.from("Caf\xe9", "latin1")).text; // "Café"
 *   decodeLatexSource(bytes, { inherited: "cp1252" }); // an \input file of a main file that declares cp1252
 */
export function decodeLatexSource(
  bytes: Uint8Array,
  options: { inherited?: LatexEncoding | null } = {},
): DecodedLatex {
  const declared = declaredLatexEncoding(bytes);
  if (UTF8_BOM.every((b, i) => bytes[i] === b))
    return {
      text: new TextDecoder("utf-8").decode(bytes.subarray(3)),
      encoding: "utf-8",
      basis: "bom",
      declared,
    };
  if (isValidUtf8(bytes))
    return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8", basis: "valid_utf8", declared };
  const statistics = singleByteEncodingOf(bytes);
  const hint = declared ?? options.inherited ?? null;
  let encoding: LatexEncoding = statistics;
  let basis: EncodingBasis = "bytes";
  // A Latin-1 declaration with CP1252's characters in 0x80-0x9F is CP1252 in fact (Latin-1 has only control
  // codes there): the bytes win; so do they over a UTF-8 declaration the bytes contradict.
  if (hint === "cp1252" || (hint === "latin1" && statistics === "latin1")) {
    encoding = hint;
    basis = declared ? "declared" : "declared_by_includer";
  }
  return {
    // Latin-1 text has no CP1252 character in 0x80-0x9F (else it is CP1252), so one decoder serves both.
    text: decodeWindows1252(bytes),
    encoding,
    basis,
    declared,
    ...(declared === "utf-8"
      ? {
          mismatch: `declares utf8 (inputenc) but is not valid UTF-8; read as ${encoding === "cp1252" ? "Windows-1252" : "Latin-1"}`,
        }
      : {}),
  };
}
