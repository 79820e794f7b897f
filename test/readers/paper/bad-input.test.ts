import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { readPaper } from "../../../src/readers/paper/index.js";
import { InputError } from "../../../src/domain/errors.js";
import { writePdf } from "../../helpers/pdf-writer.js";

const run = promisify(execFile);
const ENCRYPTED = "fixtures/papers/bad/encrypted.pdf";
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "mlfp-bad-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
  return target;
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).code;
  }
  throw new Error("expected an InputError");
}

const samplePaper = (): Buffer =>
  writePdf([["1 Experiments", "We train a small network for 12 epochs on two RTX 3090 GPUs."]]);

describe("the paper reader refuses what it cannot read with one clear error", () => {
  it("reports a missing file", async () => {
    expect(await errorCode(readPaper(path.join(dir, "nope.pdf")))).toBe("not_found");
  });

  it("reports a folder given as a paper", async () => {
    expect(await errorCode(readPaper(dir))).toBe("is_directory");
  });

  it("reports an empty file", async () => {
    expect(await errorCode(readPaper(file("empty.pdf", "")))).toBe("empty");
  });

  it("reports a text file renamed .pdf", async () => {
    expect(await errorCode(readPaper(file("renamed.pdf", "this is a README, not a PDF\n")))).toBe("not_pdf");
  });

  it("reports an encrypted PDF", async () => {
    expect(await errorCode(readPaper(ENCRYPTED))).toBe("pdf_encrypted");
  });

  it("reports a corrupt PDF", async () => {
    expect(await errorCode(readPaper(file("corrupt.pdf", "%PDF-1.4\nnot objects at all\n")))).toBe(
      "pdf_corrupt",
    );
  });

  it("reports a scanned PDF that has no text layer", async () => {
    const scanned = writePdf([{ imageOnly: true }, { imageOnly: true }]);
    expect(await errorCode(readPaper(file("scanned.pdf", scanned)))).toBe("pdf_no_text");
  });

  it("stops a PDF that takes longer than its time bound", async () => {
    const code = await errorCode(readPaper(file("slow.pdf", samplePaper()), { pdfLimits: { timeoutMs: 1 } }));
    expect(code).toBe("pdf_timeout");
  });

  it("reads the next paper normally after stopping one", async () => {
    const paper = file("after-timeout.pdf", samplePaper());
    await expect(readPaper(paper, { pdfLimits: { timeoutMs: 1 } })).rejects.toThrow(/took longer/);
    const report = await readPaper(paper);
    expect(report.summary.accelerator_count).toBe(2);
  });

  it("refuses a PDF over the size bound", async () => {
    expect(await errorCode(readPaper(file("big.pdf", samplePaper()), { pdfLimits: { maxBytes: 100 } }))).toBe(
      "too_large",
    );
  });

  it("refuses a binary file given as LaTeX", async () => {
    expect(await errorCode(readPaper(file("paper.tex", Buffer.from([0, 1, 2, 3, 0, 255, 254]))))).toBe(
      "binary",
    );
  });

  it("refuses a text paper over the size bound", async () => {
    expect(await errorCode(readPaper(file("long.md", "x".repeat(5000)), { maxTextBytes: 1000 }))).toBe(
      "too_large",
    );
  });
});

describe("the paper reader keeps a partial result when only part of a paper is out of bounds", () => {
  it("reads the first pages of a 2,000-page PDF and says so", async () => {
    const pages = Array.from({ length: 2000 }, (_, i) => [`Page ${i + 1} of a very long report.`]);
    pages[0] = ["1 Setup", "We train the model for 30 epochs on 8 A100 GPUs."];
    const report = await readPaper(file("long.pdf", writePdf(pages)), { pdfLimits: { maxPages: 50 } });
    expect(report.paper.pages).toBe(50);
    expect(report.warnings.map((w) => w.code)).toEqual(["pdf_page_limit"]);
    expect(report.warnings[0]?.message).toContain("only the first 50 of 2000 pages");
    expect(report.summary.epochs).toBe(30);
    expect(report.summary.accelerator_count).toBe(8);
  });

  it("reads a LaTeX paper whose \\input is cyclic, once, with a warning", async () => {
    const main = file(
      "cyclic/main.tex",
      "\\documentclass{article}\n\\begin{document}\n\\input{a}\nWe train for 40 epochs.\n\\end{document}\n",
    );
    file("cyclic/a.tex", "\\section{Setup}\nThe model uses a batch size of 32.\n\\input{b}\n");
    file("cyclic/b.tex", "\\input{a}\n");
    const report = await readPaper(main);
    expect(report.warnings.map((w) => w.code)).toEqual(["latex_cyclic_input"]);
    expect(report.warnings[0]?.message).toContain("a.tex -> b.tex -> a.tex");
    expect(report.summary.batch_size).toBe(32);
    expect(report.summary.epochs).toBe(40);
  });

  it("reads a LaTeX paper whose \\input file is missing, with a warning", async () => {
    const main = file(
      "missing/main.tex",
      "\\begin{document}\n\\input{gone}\nWe train for 7 epochs.\n\\end{document}\n",
    );
    const report = await readPaper(main);
    expect(report.warnings.map((w) => w.code)).toEqual(["latex_missing_input"]);
    expect(report.summary.epochs).toBe(7);
  });
});

(hasPdftotext ? describe : describe.skip)("the pdftotext engine", () => {
  it("reads the same facts as pdf.js", async () => {
    const paper = file("engine.pdf", samplePaper());
    const viaPdfjs = await readPaper(paper);
    const viaPoppler = await readPaper(paper, { pdfEngine: "pdftotext" });
    expect(viaPoppler.summary).toEqual(viaPdfjs.summary);
    expect(viaPoppler.summary.accelerator_count).toBe(2);
  });

  it("reports an encrypted PDF", async () => {
    expect(await errorCode(readPaper(ENCRYPTED, { pdfEngine: "pdftotext" }))).toBe("pdf_encrypted");
  });
});

describe("the CLI on bad input", () => {
  it("prints one line and exits 2 (input error) for an unreadable paper", async () => {
    const renamed = file("cli.pdf", "plain text\n");
    const result = await run("./bin/ml-footprint", ["analyze", "--paper", renamed]).catch((error) => error);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      `ml-footprint: ${renamed}: not a PDF file (no %PDF- header)`,
    ]);
  });
});
