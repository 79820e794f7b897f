/**
 * Reads the reference data that ships in the repository's `data/` folder. Both the compiled CLI (`dist/catalog/`)
 * and the TypeScript sources (`src/catalog/`) sit two levels below the root, so one relative URL serves both.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { z } from "zod";

const DATA_DIR = new URL("../../data/", import.meta.url);

/** Absolute path of a file in `data/`. */
export function dataFilePath(name: string): string {
  return fileURLToPath(new URL(name, DATA_DIR));
}

/**
 * Parses and validates one JSON file from `data/`. A file that does not match its schema is a packaging bug, so
 * this throws a plain Error naming the file and the first problems rather than returning partial data.
 */
export function readDataJson<T>(name: string, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(readFileSync(dataFilePath(name), "utf8"));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ");
    throw new Error(`data/${name} does not match its schema: ${problems}`);
  }
  return parsed.data;
}

/** Memoises a loader so each data file is read and validated once, on first use. */
export function once<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}
