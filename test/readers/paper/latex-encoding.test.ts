/**
 * LaTeX sources in UTF-8, Latin-1 and Windows-1252 (issue 14: a Latin-1 `.tex` lost its accents): detected per
 * file, with inputenc as a hint, decoded with TextDecoder, accents kept in the evidence quotes. The Latin-1 and
 * CP1252 bytes are made here from the text we write, so the test shows what each file holds.
 */
import { jest } from "@jest/globals";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PaperEvidence } from "../../../src/domain/facts.js";
import { decodeLatexSource, declaredLatexEncoding } from "../../../src/readers/paper/latex/encoding.js";
import { loadPaper } from "../../../src/readers/paper/load.js";
import { AnalysedTree } from "../../../src/io/analysed-tree.js";
import { readPaper } from "../../../src/readers/paper/index.js";

/** ISO-8859-1: one byte per character, the code point itself. */
function latin1(text: string): Buffer {
  for (const ch of text) if (ch.codePointAt(0)! > 0xff) throw new Error(`not Latin-1: ${ch}`);
  return Buffer.from(text, "latin1");
}

/** Windows-1252: Latin-1 plus the printable characters CP1252 puts in 0x80-0x9F. */
const CP1252_EXTRA: Record<string, number> = {
  "€": 0x80,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
};
function cp1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => CP1252_EXTRA[ch] ?? latin1(ch)[0]!));
}

const ACCENTED = "Les modèles de Müller et Señor Ångström sont entraînés sur 8 GPU NVIDIA A100 à Orsay.";

describe("declaredLatexEncoding", () => {
  it("reads inputenc's option, or \\inputencoding, outside comments", () => {
    expect(declaredLatexEncoding(Buffer.from("\\usepackage[latin1]{inputenc}\n"))).toBe("latin1");
    expect(
      declaredLatexEncoding(Buffer.from("\\usepackage[T1]{fontenc}\n\\usepackage[ansinew]{inputenc}")),
    ).toBe("cp1252");
    expect(declaredLatexEncoding(Buffer.from("\\usepackage[cp1252]{inputenc}"))).toBe("cp1252");
    expect(declaredLatexEncoding(Buffer.from("\\usepackage [ utf8 ] {inputenc}"))).toBe("utf-8");
    expect(declaredLatexEncoding(Buffer.from("\\inputencoding{latin1}"))).toBe("latin1");
    expect(declaredLatexEncoding(Buffer.from("% \\usepackage[latin1]{inputenc}\n"))).toBeNull();
    expect(declaredLatexEncoding(Buffer.from("\\usepackage{amsmath}"))).toBeNull();
  });
});

describe("decodeLatexSource", () => {
  it("reads valid UTF-8 as UTF-8, with or without a byte-order mark", () => {
    expect(decodeLatexSource(Buffer.from(ACCENTED, "utf8"))).toMatchObject({
      text: ACCENTED,
      encoding: "utf-8",
      basis: "valid_utf8",
    });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ACCENTED, "utf8")]);
    expect(decodeLatexSource(bom)).toMatchObject({ text: ACCENTED, encoding: "utf-8", basis: "bom" });
  });

  it("reads a Latin-1 file by its declaration, or by its bytes when it declares nothing", () => {
    const declared = latin1(`\\usepackage[latin1]{inputenc}\n${ACCENTED}`);
    expect(decodeLatexSource(declared)).toMatchObject({ encoding: "latin1", basis: "declared" });
    expect(decodeLatexSource(declared).text).toContain(ACCENTED);
    expect(decodeLatexSource(latin1(ACCENTED))).toEqual({
      text: ACCENTED,
      encoding: "latin1",
      basis: "bytes",
      declared: null,
    });
  });

  it("reads Windows-1252 when a byte in 0x80-0x9F is one of its printable characters", () => {
    const text = "On a mesuré “36 heures” – soit 288 GPU-heures… pour 40 €.";
    expect(decodeLatexSource(cp1252(text))).toEqual({
      text,
      encoding: "cp1252",
      basis: "bytes",
      declared: null,
    });
    expect(decodeLatexSource(cp1252(`\\usepackage[ansinew]{inputenc}\n${text}`))).toMatchObject({
      encoding: "cp1252",
      basis: "declared",
    });
    // Declared Latin-1 but holding CP1252's curly quotes: the bytes win (Latin-1 has only control codes there).
    expect(decodeLatexSource(cp1252(`\\usepackage[latin1]{inputenc}\n${text}`))).toMatchObject({
      text: `\\usepackage[latin1]{inputenc}\n${text}`,
      encoding: "cp1252",
      basis: "bytes",
    });
  });

  it("takes the including file's declaration for a file that declares none", () => {
    expect(decodeLatexSource(latin1(ACCENTED), { inherited: "cp1252" })).toMatchObject({
      text: ACCENTED,
      encoding: "cp1252",
      basis: "declared_by_includer",
    });
  });

  it("says so when a file declares UTF-8 but is not, and reads it by its bytes", () => {
    const decoded = decodeLatexSource(latin1(`\\usepackage[utf8]{inputenc}\n${ACCENTED}`));
    expect(decoded).toMatchObject({
      encoding: "latin1",
      basis: "bytes",
      mismatch: "declares utf8 (inputenc) but is not valid UTF-8; read as Latin-1",
    });
    expect(decoded.text).toContain(ACCENTED);
  });
});

describe("loading a LaTeX paper whose files use different encodings", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "latex-encoding-"));
    await mkdir(join(dir, "sections"));
    // The main file in Latin-1 (declared), a section in CP1252 (undeclared: told by its bytes), one in UTF-8.
    await writeFile(
      join(dir, "main.tex"),
      latin1(
        [
          "\\documentclass{article}",
          "\\usepackage[latin1]{inputenc}",
          "\\title{Planification légère}",
          "\\begin{document}",
          "\\section{Expériences}",
          "\\input{sections/setup}",
          "\\input{sections/notes}",
          "\\end{document}",
          "",
        ].join("\n"),
      ),
    );
    await writeFile(
      join(dir, "sections/setup.tex"),
      cp1252(
        "Nos modèles “TinyPlanner” sont entraînés sur 8 GPU NVIDIA A100 80GB du supercalculateur Jean Zay – en France – pendant 36 heures.\n",
      ),
    );
    await writeFile(join(dir, "sections/notes.tex"), Buffer.from("Remerciements à Zoë Ørsted.\n", "utf8"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps every file's accents and quotes in the text, without a warning", async () => {
    const loaded = await loadPaper(join(dir, "main.tex"));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.document.text).toContain("Expériences");
    // CP1252's curly quotes and dashes arrive as characters (the cleaner then makes them plain, as for UTF-8).
    expect(loaded.document.text).toContain(
      'Nos modèles "TinyPlanner" sont entraînés sur 8 GPU NVIDIA A100 80GB du supercalculateur Jean Zay - en France - pendant 36 heures.',
    );
    expect(loaded.document.text).toContain("Remerciements à Zoë Ørsted.");
    expect(loaded.document.text).not.toContain("\ufffd");
  });

  it("quotes the accented sentence, at its file and line, as the evidence of its facts", async () => {
    const paper = await readPaper(join(dir, "main.tex"));
    const count = paper.facts.find((f) => f.field === "accelerator_count" && f.value === 8);
    const evidence = count?.evidence as PaperEvidence | undefined;
    expect(evidence?.file).toBe("sections/setup.tex");
    expect(evidence?.line).toBe(1);
    expect(evidence?.quote).toContain('Nos modèles "TinyPlanner" sont entraînés sur 8 GPU');
  });

  it("reads the main file's bytes once and each included file once", async () => {
    const tree = AnalysedTree.open(dir);
    const reads: string[] = [];
    const readBytes = tree.readBytes.bind(tree);
    jest.spyOn(tree, "readBytes").mockImplementation((relative, options) => {
      const bytes = readBytes(relative, options); // a path tried and absent throws: not a read
      if (options.headBytes === undefined) reads.push(relative);
      return bytes;
    });
    const loaded = await loadPaper(join(dir, "main.tex"), { tree });
    expect(loaded.document.text).toContain("Expériences");
    expect(reads.sort()).toEqual(["main.tex", "sections/notes.tex", "sections/setup.tex"]);
  });

  it("warns, naming the file, when a file declares UTF-8 but is not", async () => {
    const other = await mkdtemp(join(tmpdir(), "latex-encoding-"));
    try {
      await writeFile(
        join(other, "paper.tex"),
        latin1(
          `\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\begin{document}\n${ACCENTED}\n\\end{document}\n`,
        ),
      );
      const loaded = await loadPaper(join(other, "paper.tex"));
      expect(loaded.warnings).toEqual([
        {
          code: "latex_encoding",
          message: "paper.tex: declares utf8 (inputenc) but is not valid UTF-8; read as Latin-1",
          file: "paper.tex",
        },
      ]);
      expect(loaded.document.text).toContain(ACCENTED);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
