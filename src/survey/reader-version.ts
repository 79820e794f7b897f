/**
 * The reader's version, part of the survey cache's key: a cached record is reused only when reading the paper
 * again would give the same record. Reading changes with the code (the package version), the trained models
 * and their thresholds (models/*.onnx, models/*.json), the catalogs the summary maps onto (data/*.json: a new
 * hardware alias changes `hardware`), and the PDF text engine.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PdfEngine } from "../readers/paper/pdf/extract.js";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

function hashFolder(hash: ReturnType<typeof createHash>, folder: string, pattern: RegExp): void {
  const dir = `${PACKAGE_ROOT}${folder}`;
  for (const name of readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort()) {
    hash.update(`${folder}/${name}\0`);
    hash.update(readFileSync(`${dir}/${name}`));
  }
}

let cached: string | null = null;

/** `<package version>+<12 hex of the models' and catalogs' hash>`, computed once per process. */
export function readerBuildVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as { version: string };
  const hash = createHash("sha256");
  hashFolder(hash, "models", /\.(onnx|json)$/);
  hashFolder(hash, "data", /\.json$/);
  cached = `${pkg.version}+${hash.digest("hex").slice(0, 12)}`;
  return cached;
}

/** The version a record carries: the build's and the text engine's. */
export function readerVersion(engine: PdfEngine): string {
  return `${readerBuildVersion()}+${engine}`;
}
