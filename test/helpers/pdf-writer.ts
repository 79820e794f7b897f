/**
 * Writes small, valid PDFs from text for tests: one Helvetica text line per array item, one page per array.
 * Enough for pdf.js and pdftotext to read back, so tests never depend on real papers.
 */

function escapePdfText(line: string): string {
  return line.replace(/\\/g, "\\\\").replace(/\(/g, "\\(").replace(/\)/g, "\\)");
}

export interface PdfPage {
  lines?: string[];
  /** Draw a filled rectangle instead of text, like a scanned page's image. */
  imageOnly?: boolean;
}

export function writePdf(pages: Array<string[] | PdfPage>): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add("");
  const pagesObject = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const kids: number[] = [];
  for (const page of pages) {
    const spec: PdfPage = Array.isArray(page) ? { lines: page } : page;
    let stream: string;
    if (spec.imageOnly) {
      stream = "0.5 g 72 72 468 648 re f";
    } else {
      const lines = spec.lines ?? [];
      stream = [
        "BT",
        "/F1 10 Tf",
        "12 TL",
        "72 740 Td",
        ...lines.map((l) => `(${escapePdfText(l)}) Tj T*`),
        "ET",
      ].join("\n");
    }
    const content = add(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R >>`;
  objects[pagesObject - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
