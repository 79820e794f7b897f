/** The docs' environment tables, written from the schema (src/settings-docs.ts, `npm run docs`). */
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import {
  ENVIRONMENT_DOCS,
  environmentTable,
  markedTables,
  withEnvironmentTables,
} from "../src/settings-docs.js";
import { appEnvironmentSchema, platformEnvironmentSchema, PROBOT_VARIABLES } from "../src/settings.js";

const committed = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");

describe("the docs' environment tables", () => {
  it.each(ENVIRONMENT_DOCS)("%s carries the tables the schema writes (regenerate: npm run docs)", (file) => {
    const text = committed(file);
    expect(withEnvironmentTables(text)).toBe(text);
  });

  it("are marked where each door's variables are documented", () => {
    expect(markedTables(committed("docs/github-app.md"))).toEqual(["probot", "app"]);
    expect(markedTables(committed("docs/review-platform.md"))).toEqual(["platform"]);
  });

  it("name every variable of the schema and every Probot variable, once", () => {
    const tables = ["probot", "app", "platform"].flatMap(environmentTable).join("\n");
    const names = [
      ...Object.keys(appEnvironmentSchema.shape),
      ...Object.keys(platformEnvironmentSchema.shape),
      ...PROBOT_VARIABLES.flatMap((entry) => entry.names),
    ];
    for (const name of names)
      expect({ name, rows: tables.split(`\`${name}\``).length - 1 }).toEqual({ name, rows: 1 });
  });

  it("show a number's default in the unit the operator writes", () => {
    const row = (name: string) =>
      environmentTable("platform").find((line) => line.startsWith(`| \`${name}\``));
    expect(row("ML_FOOTPRINT_MAX_PAPER_MB")).toBe(
      "| `ML_FOOTPRINT_MAX_PAPER_MB` | 25 MB | largest paper; the request body may be 4/3 of it plus 256 KB (base64) |",
    );
    expect(environmentTable("app")).toContain(
      "| `ML_FOOTPRINT_RETRY_BASE_MS` | 2000 ms | first delay after a 5xx, doubled per attempt |",
    );
    expect(environmentTable("probot")).toContain(
      "| `PRIVATE_KEY` or `PRIVATE_KEY_PATH` | the app's private key (PEM text, or a path to the `.pem` file) |",
    );
  });

  it("rewrite a stale table and leave the text around it alone", () => {
    const stale = [
      "Before.",
      "",
      "<!-- env:platform -->",
      "| variable | default | meaning |",
      "| `ML_FOOTPRINT_MAX_PAPER_MB` | 10 | what it used to say |",
      "<!-- /env:platform -->",
      "",
      "After, with `ML_FOOTPRINT_MAX_PAPER_MB` in prose.",
    ].join("\n");
    const fresh = withEnvironmentTables(stale);
    expect(fresh).not.toContain("what it used to say");
    expect(fresh).toBe(
      [
        "Before.",
        "",
        "<!-- env:platform -->",
        ...environmentTable("platform"),
        "<!-- /env:platform -->",
        "",
        "After, with `ML_FOOTPRINT_MAX_PAPER_MB` in prose.",
      ].join("\n"),
    );
  });

  it("refuse a marker that names no table", () => {
    expect(() => withEnvironmentTables("<!-- env:cli -->\n<!-- /env:cli -->")).toThrow(
      'no environment table "cli" (known: probot, app, platform)',
    );
  });
});
