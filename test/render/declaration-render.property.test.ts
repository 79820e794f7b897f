/**
 * Property: hostile footprint.yml values and property names, read by the real declaration reader and turned
 * into a checklist (items, annotations, ready-to-paste snippets), come out of the Markdown renderer inert, and
 * the footprint.yml snippet stays valid YAML with only the keys we write. Fixed seed, bounded runs in CI.
 */
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { buildCheckReport, renderCheckMarkdown } from "../../src/pipeline.js";
import { parseDeclaration } from "../../src/readers/declaration.js";
import { inspectPostedMarkdown } from "../helpers/posted-markdown.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? 42);

const PIECES = [
  "@octocat",
  "<!--",
  "</details>",
  "<img src=x>",
  "`",
  "```",
  "~~~",
  "|",
  "\n",
  "#1",
  "[x](y)",
];
const PIECES_MORE = [
  "https://evil.example",
  "&#64;",
  "\\",
  "*",
  "_",
  "- ",
  "\u202e",
  "\u0000",
  "😀",
  "a",
  " ",
];

const hostile = fc.string({
  unit: fc.oneof(fc.constantFrom(...PIECES, ...PIECES_MORE), fc.string({ unit: "binary", maxLength: 2 })),
  minLength: 2,
  maxLength: 25,
});

const SNIPPET_KEYS = [
  "hardware",
  "accelerator_count",
  "training_time_hours",
  "gpu_hours",
  "runs",
  "total_gpu_hours",
  "location",
  "energy_kwh",
  "co2e_kg",
  "year",
];

describe("a hostile footprint.yml through the checklist", () => {
  it("renders inert Markdown and a footprint.yml snippet that is still our YAML", () => {
    const declaration = fc.record(
      {
        hardware: hostile,
        accelerator_count: fc.integer({ min: 1, max: 64 }),
        training_time_hours: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
        co2e_kg: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
        location: fc.record(
          { country: hostile, cloud_provider: hostile, region: hostile, computing_centre: hostile },
          { requiredKeys: [] },
        ),
        measured_by: hostile,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(declaration, fc.dictionary(hostile, hostile, { maxKeys: 3 }), (values, unknown) => {
        const text = stringify({ ...unknown, ...values });
        const report = buildCheckReport({
          profile: "neurips",
          paper: null,
          paperPath: null,
          code: null,
          declaration: parseDeclaration("footprint.yml", text),
          warnings: [],
        });
        expect(inspectPostedMarkdown(renderCheckMarkdown(report))).toEqual([]);
        const snippet = parse(report.snippets.footprintYml) as Record<string, unknown> | null;
        for (const key of Object.keys(snippet ?? {})) expect(SNIPPET_KEYS).toContain(key);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
