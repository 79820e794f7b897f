#!/usr/bin/env node
// Writes the environment tables of the docs (between `<!-- env:NAME -->` and `<!-- /env:NAME -->`) from the
// one environment schema, src/settings.ts, so the docs name every variable the doors read, with its default and
// unit. Reads the compiled sources: run `npm run build` first (`npm run docs` does).
//
//   node scripts/docs.mjs           # write
//   node scripts/docs.mjs --check   # exit 1 when a committed file is out of date
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { ENVIRONMENT_DOCS, withEnvironmentTables } = await import(path.join(root, "dist/settings-docs.js"));

let stale = false;
for (const file of ENVIRONMENT_DOCS) {
  const target = path.join(root, file);
  const committed = readFileSync(target, "utf8");
  const text = withEnvironmentTables(committed);
  if (process.argv.includes("--check")) {
    if (committed !== text) {
      console.error(`${file} is out of date: run npm run docs`);
      stale = true;
    } else console.log(`${file} is up to date`);
  } else if (committed !== text) {
    writeFileSync(target, text);
    console.log(`wrote ${file}`);
  } else console.log(`${file} was up to date`);
}
if (stale) process.exit(1);
