/**
 * The environment tables of the docs, written from the schema of src/settings.ts so that they cannot drift from
 * what the doors read. A table stands between marker comments (`<!-- env:app -->` ... `<!-- /env:app -->`);
 * `npm run docs` rewrites what is between them, and a test fails when the committed docs differ.
 */
import type { z } from "zod";
import {
  appEnvironmentSchema,
  platformEnvironmentSchema,
  PROBOT_VARIABLES,
  variableDocs,
} from "./settings.js";

/** The Markdown files that hold environment tables, relative to the repository root. */
export const ENVIRONMENT_DOCS = ["docs/github-app.md", "docs/review-platform.md"] as const;

const code = (name: string) => `\`${name}\``;

/** A `| variable | default | meaning |` table of a door's variables, in the schema's order. */
function doorTable(schema: { shape: Record<string, z.ZodType> }): string[] {
  const rows = Object.entries(schema.shape).map(([name, variable]) => {
    const doc = variableDocs.get(variable);
    if (!doc) throw new Error(`${name} has no documentation in src/settings.ts`);
    const defaultText = doc.unit ? `${doc.default} ${doc.unit}` : doc.default;
    return `| ${code(name)} | ${defaultText} | ${doc.meaning} |`;
  });
  return ["| variable | default | meaning |", "| --- | --- | --- |", ...rows];
}

function probotTable(): string[] {
  const rows = PROBOT_VARIABLES.map(
    ({ names, either, meaning }) => `| ${names.map(code).join(either ? " or " : ", ")} | ${meaning} |`,
  );
  return ["| variable | meaning |", "| --- | --- |", ...rows];
}

/** The tables a marker may name. */
const TABLES: Record<string, () => string[]> = {
  probot: probotTable,
  app: () => doorTable(appEnvironmentSchema),
  platform: () => doorTable(platformEnvironmentSchema),
};

/**
 * One environment table as Markdown lines.
 *
 * @example
 * environmentTable("app")[2] // "| `ML_FOOTPRINT_CONCURRENCY` | 2 | analyses running at the same time (...) |"
 */
export function environmentTable(name: string): string[] {
  const table = TABLES[name];
  if (!table) throw new Error(`no environment table "${name}" (known: ${Object.keys(TABLES).join(", ")})`);
  return table();
}

const MARKED_TABLE = /<!-- env:([a-z]+) -->\n[\s\S]*?<!-- \/env:\1 -->/g;

/**
 * The document with every marked table rewritten from the schema; the rest of the text is left as it is.
 *
 * @example
 * withEnvironmentTables("<!-- env:probot -->\nold\n<!-- /env:probot -->") // the markers around today's Probot table
 */
export function withEnvironmentTables(markdown: string): string {
  return markdown.replace(MARKED_TABLE, (_marked, name: string) =>
    [`<!-- env:${name} -->`, ...environmentTable(name), `<!-- /env:${name} -->`].join("\n"),
  );
}

/** The names of the tables a document marks, in order (a marker without its closing twin is not counted). */
export function markedTables(markdown: string): string[] {
  return [...markdown.matchAll(MARKED_TABLE)].map((match) => match[1]!);
}
