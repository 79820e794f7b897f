import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { InputError } from "../../src/domain/errors.js";
import { readPaper } from "../../src/readers/paper/index.js";
import type { PdfEngine } from "../../src/readers/paper/pdf/extract.js";
import { writePdf } from "../helpers/pdf-writer.js";
import { fuzzParameters, fuzzTimeout } from "./settings.js";

const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
const engines: PdfEngine[] = hasPdftotext ? ["pdfjs", "pdftotext"] : ["pdfjs"];

/** A mutation of a valid PDF: bytes flipped, cut, spliced or repeated, as a damaged or hostile upload would be. */
type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "repeat"; at: number; length: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.array(
      fc.oneof(
        fc.nat(255),
        fc.constantFrom(...Buffer.from("obj endobj stream xref trailer <<>> /Length 99999999 R")),
      ),
      { maxLength: 40 },
    ),
  }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
    times: fc.integer({ min: 1, max: 50 }),
  }),
);

function mutate(pdf: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(pdf);
  for (const m of mutations) {
    const at = bytes.length ? m.at % bytes.length : 0;
    if (m.kind === "flip") bytes[at] = m.byte;
    else if (m.kind === "truncate") bytes = bytes.subarray(0, at);
    else if (m.kind === "insert")
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    else {
      const chunk = bytes.subarray(at, at + m.length);
      bytes = Buffer.concat([bytes.subarray(0, at), ...Array(m.times).fill(chunk), bytes.subarray(at)]);
    }
  }
  return bytes;
}

describe("fuzzing the PDF loader with damaged PDFs", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "fuzz-pdf-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(engines)(
    "%s: a damaged PDF is read or refused with an InputError, never another failure",
    async (engine) => {
      let count = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.string({ maxLength: 60 }), { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          async (pages, mutations) => {
            const file = path.join(dir, `paper-${(count += 1)}.pdf`);
            writeFileSync(file, mutate(writePdf(pages), mutations));
            try {
              const report = await readPaper(file, { pdfEngine: engine, pdfLimits: { timeoutMs: 20_000 } });
              expect(report.paper.format).toBe("pdf");
            } catch (error) {
              expect(error).toBeInstanceOf(InputError);
            }
          },
        ),
        fuzzParameters(25),
      );
    },
    fuzzTimeout(120_000),
  );
});
