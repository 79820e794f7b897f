#!/usr/bin/env node
// Writes the published JSON Schemas from their zod sources, so editors and CI can validate the files authors and
// operators write: schemas/app-config.schema.json (.github/ml-footprint.yml), schemas/footprint.schema.json
// (footprint.yml) and schemas/submission.schema.json (what review platforms POST). Reads the compiled sources:
// run `npm run build` first (`npm run schemas` does).
//
//   node scripts/schemas.mjs           # write
//   node scripts/schemas.mjs --check   # exit 1 when a committed file is out of date
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prettier = await import("prettier");

const SCHEMAS = [
  {
    file: "schemas/app-config.schema.json",
    build: async () => (await import(path.join(root, "dist/github/config/schema.js"))).appConfigJsonSchema(),
  },
  {
    file: "schemas/footprint.schema.json",
    build: async () => (await import(path.join(root, "dist/readers/declaration.js"))).declarationJsonSchema(),
  },
  {
    file: "schemas/submission.schema.json",
    build: async () =>
      (
        await import(path.join(root, "dist/doors/review-platform/submission/schema.js"))
      ).submissionJsonSchema(),
  },
];

let stale = false;
for (const schema of SCHEMAS) {
  const target = path.join(root, schema.file);
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(JSON.stringify(await schema.build()), { ...options, parser: "json" });
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(target, "utf8");
    } catch {
      // missing counts as out of date
    }
    if (committed !== text) {
      console.error(`${schema.file} is out of date: run npm run schemas`);
      stale = true;
    } else console.log(`${schema.file} is up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${schema.file}`);
  }
}
if (stale) process.exit(1);
