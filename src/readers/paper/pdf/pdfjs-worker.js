// Worker thread that extracts text with pdf-parse (pdf.js). It lives in a thread of its own so that a hostile PDF
// can be stopped (worker.terminate) when it exceeds its time bound; the main thread never blocks on pdf.js.
// The worker stays alive between papers so that batch runs pay pdf.js's start-up once.
// Plain JavaScript on purpose: the same file runs from src/ under Jest and from dist/ after the build.
import { parentPort } from "node:worker_threads";
import { PDFParse } from "pdf-parse";

async function extract({ data, maxPages }) {
  const parser = new PDFParse({ data: new Uint8Array(data), verbosity: 0, stopAtErrors: false });
  try {
    const info = await parser.getInfo();
    const total = info.total;
    const result = await parser.getText({ first: Math.min(total, maxPages), pageJoiner: "" });
    return { total, pages: result.pages.map((page) => page.text) };
  } finally {
    await parser.destroy();
  }
}

parentPort.on("message", (job) => {
  extract(job).then(
    (result) => parentPort.postMessage({ id: job.id, ok: true, ...result }),
    (error) =>
      parentPort.postMessage({
        id: job.id,
        ok: false,
        name: error?.name ?? "Error",
        message: String(error?.message ?? error),
      }),
  );
});
