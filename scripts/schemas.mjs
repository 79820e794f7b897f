#!/usr/bin/env node
// Writes schemas/app-config.schema.json from the app's zod schema (src/app/config/schema.ts), so editors and
// CI can validate .github/ml-footprint.yml. Reads the compiled schema: run `npm run build` first.
//
//   node scripts/schemas.mjs           # write
//   node scripts/schemas.mjs --check   # exit 1 when the committed file is out of date
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "schemas/app-config.schema.json");
const { appConfigJsonSchema } = await import(path.join(root, "dist/app/config/schema.js"));
const prettier = await import("prettier");

const options = (await prettier.resolveConfig(target)) ?? {};
const text = await prettier.format(JSON.stringify(appConfigJsonSchema()), { ...options, parser: "json" });

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // missing counts as out of date
  }
  if (committed !== text) {
    console.error(
      `${path.relative(root, target)} is out of date: run npm run build && node scripts/schemas.mjs`,
    );
    process.exit(1);
  }
  console.log(`${path.relative(root, target)} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
