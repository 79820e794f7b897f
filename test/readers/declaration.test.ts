/**
 * The author declaration file (footprint.yml): valid properties become declared facts with file:line evidence;
 * each error names the property and the reason; one mistake does not discard the rest of the file; the
 * published JSON Schema is the one the code validates with.
 */
import { readFileSync } from "node:fs";
import { declarationJsonSchema, parseDeclaration } from "../../src/readers/declaration.js";
import type { Fact } from "../../src/domain/facts.js";

const SCHEMA_FILE = new URL("../../schemas/footprint.schema.json", import.meta.url);

function declared(fact: Pick<Fact, "field" | "value" | "raw">, line: number, snippet: string): Fact {
  return {
    ...fact,
    confidence: 1,
    context: "training",
    evidence: { kind: "declaration", file: "footprint.yml", line, snippet },
    tags: ["declared"],
  };
}

describe("a valid declaration", () => {
  const text = [
    "# our compute",
    "hardware: NVIDIA A100 80GB",
    "accelerator_count: 8",
    "training_time_hours: 36",
    "gpu_hours: 288",
    "runs: 3",
    "total_gpu_hours: 900",
    "params: 48000000",
    "location:",
    "  country: FR",
    "  computing_centre: Jean Zay",
    "  cloud_provider: gcp",
    "  region: europe-west4",
    "energy_kwh: 135",
    "co2e_kg: 4.2",
    "pue: 1.2",
    "carbon_intensity_g_per_kwh: 50",
    "year: 2024",
    "measured_by: codecarbon",
    "",
  ].join("\n");

  it("becomes declared facts with file:line evidence, the hardware normalised to a catalog id", () => {
    const result = parseDeclaration("footprint.yml", text);
    expect(result.errors).toEqual([]);
    expect(result.facts).toEqual([
      declared(
        { field: "hardware", value: "nvidia-a100-80gb", raw: "NVIDIA A100 80GB" },
        2,
        "hardware: NVIDIA A100 80GB",
      ),
      declared({ field: "accelerator_count", value: 8, raw: "8" }, 3, "accelerator_count: 8"),
      declared({ field: "training_time_hours", value: 36, raw: "36" }, 4, "training_time_hours: 36"),
      declared({ field: "gpu_hours", value: 288, raw: "288" }, 5, "gpu_hours: 288"),
      declared({ field: "runs", value: 3, raw: "3" }, 6, "runs: 3"),
      declared({ field: "params", value: 48000000, raw: "48000000" }, 8, "params: 48000000"),
      declared({ field: "country", value: "FR", raw: "FR" }, 10, "country: FR"),
      declared(
        { field: "computing_centre", value: "Jean Zay", raw: "Jean Zay" },
        11,
        "computing_centre: Jean Zay",
      ),
      declared({ field: "cloud_provider", value: "gcp", raw: "gcp" }, 12, "cloud_provider: gcp"),
      declared({ field: "region", value: "europe-west4", raw: "europe-west4" }, 13, "region: europe-west4"),
      { ...declared({ field: "energy_kwh", value: 135, raw: "135" }, 14, "energy_kwh: 135"), measured: true },
      { ...declared({ field: "co2e_kg", value: 4.2, raw: "4.2" }, 15, "co2e_kg: 4.2"), measured: true },
      declared({ field: "pue", value: 1.2, raw: "1.2" }, 16, "pue: 1.2"),
      declared({ field: "carbon_intensity", value: 50, raw: "50" }, 17, "carbon_intensity_g_per_kwh: 50"),
    ]);
  });

  it("keeps the properties that are not facts (project total, year, how it was measured)", () => {
    const { declaration } = parseDeclaration("footprint.yml", text);
    expect(declaration.total_gpu_hours).toBe(900);
    expect(declaration.year).toBe(2024);
    expect(declaration.measured_by).toBe("codecarbon");
    expect(declaration.location).toEqual({
      country: "FR",
      computing_centre: "Jean Zay",
      cloud_provider: "gcp",
      region: "europe-west4",
    });
  });

  it("cites the file name it was given", () => {
    const result = parseDeclaration(".github/footprint.yml", "accelerator_count: 4\n");
    expect(result.file).toBe(".github/footprint.yml");
    expect(result.facts[0]?.evidence).toEqual({
      kind: "declaration",
      file: ".github/footprint.yml",
      line: 1,
      snippet: "accelerator_count: 4",
    });
  });

  it("returns nothing and no error for an empty file", () => {
    expect(parseDeclaration("footprint.yml", "")).toEqual({
      file: "footprint.yml",
      facts: [],
      errors: [],
      declaration: {},
      lines: {},
    });
  });
});

describe("errors name the property and the reason", () => {
  // Lines are asserted in their own test below; these compare property and reason.
  const errorsOf = (text: string) =>
    parseDeclaration("footprint.yml", text).errors.map(({ property, reason }) => ({ property, reason }));

  it("gives each error the line of its property", () => {
    const errors = parseDeclaration(
      "footprint.yml",
      "hardware: NVIDIA A100 80GB\naccelerator_count: eight\nlocation:\n  country: FR\n  datacenter: x\n",
    ).errors;
    expect(errors.map((e) => [e.property, e.line])).toEqual([
      ["accelerator_count", 2],
      ["location.datacenter", 5],
    ]);
  });

  it("reports a list at the root", () => {
    expect(errorsOf("- a\n- b\n")).toEqual([
      { property: "(root)", reason: "expected a mapping of properties (key: value)" },
    ]);
  });

  it("reports a wrong type", () => {
    expect(errorsOf("accelerator_count: eight\n")).toEqual([
      { property: "accelerator_count", reason: "Invalid input: expected number, received string" },
    ]);
  });

  it("reports a count that is not an integer", () => {
    expect(errorsOf("accelerator_count: 2.5\n")).toEqual([
      { property: "accelerator_count", reason: "Invalid input: expected int, received number" },
    ]);
  });

  it("reports a negative number", () => {
    expect(errorsOf("training_time_hours: -3\n")).toEqual([
      { property: "training_time_hours", reason: "Too small: expected number to be >0" },
    ]);
  });

  it("reports values out of range", () => {
    expect(errorsOf("pue: 0.5\nyear: 1990\n")).toEqual([
      { property: "pue", reason: "Too small: expected number to be >=1" },
      { property: "year", reason: "Too small: expected number to be >=2000" },
    ]);
  });

  it("reports an unknown property at the root, listing the allowed ones", () => {
    expect(errorsOf("gpu_type: A100\n")).toEqual([
      {
        property: "gpu_type",
        reason:
          "unknown property (allowed: hardware, accelerator_count, training_time_hours, gpu_hours, runs, total_gpu_hours, params, location, energy_kwh, co2e_kg, pue, carbon_intensity_g_per_kwh, year, measured_by)",
      },
    ]);
  });

  it("reports an unknown property inside location, naming it", () => {
    expect(errorsOf("location:\n  datacenter: somewhere\n")).toEqual([
      {
        property: "location.datacenter",
        reason: "unknown property (allowed: country, cloud_provider, region, computing_centre)",
      },
    ]);
  });

  it("reports a location that is not a mapping", () => {
    expect(errorsOf("location: FR\n")).toEqual([
      { property: "location", reason: "Invalid input: expected object, received string" },
    ]);
  });

  it("reports a YAML syntax error with its line and keeps nothing", () => {
    const result = parseDeclaration("footprint.yml", "accelerator_count: 8\nlocation:\n\tcountry: FR\n");
    expect(result).toEqual({
      file: "footprint.yml",
      lines: {},
      facts: [],
      declaration: {},
      errors: [
        { property: "(file)", reason: "YAML syntax, line 3: Tabs are not allowed as indentation", line: 3 },
      ],
    });
    expect(errorsOf("runs: 2\nhardware: a: b\n")).toEqual([
      {
        property: "(file)",
        reason: "YAML syntax, line 2: Nested mappings are not allowed in compact mappings",
      },
    ]);
  });

  it("reports a duplicated key as a YAML error", () => {
    expect(errorsOf("hardware: A100\nhardware: V100\n")).toEqual([
      { property: "(file)", reason: "YAML syntax, line 2: Map keys must be unique" },
    ]);
  });

  it("reports hardware that is not in the catalog", () => {
    const result = parseDeclaration("footprint.yml", "hardware: Quantum Abacus 9000\n");
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([
      {
        property: "hardware",
        line: 1,
        reason: 'unknown hardware "Quantum Abacus 9000" (not in the hardware catalog)',
      },
    ]);
  });

  it("reports a file that is a single value instead of a mapping", () => {
    expect(errorsOf("just a sentence\n")).toEqual([
      { property: "(root)", reason: "expected a mapping of properties (key: value)" },
    ]);
  });
});

describe("one mistake does not discard the file", () => {
  it("keeps valid properties next to invalid ones, with their own lines", () => {
    const result = parseDeclaration(
      "footprint.yml",
      "hardware: NVIDIA A100 80GB\naccelerator_count: eight\ntraining_time_hours: -3\ngpu_type: A100\nruns: 2\n",
    );
    expect(result.errors.map((e) => e.property)).toEqual([
      "accelerator_count",
      "training_time_hours",
      "gpu_type",
    ]);
    expect(
      result.facts.map((f) => [f.field, f.value, f.evidence.kind === "declaration" && f.evidence.line]),
    ).toEqual([
      ["hardware", "nvidia-a100-80gb", 1],
      ["runs", 2, 5],
    ]);
    expect(result.declaration).toEqual({ hardware: "NVIDIA A100 80GB", runs: 2 });
  });

  it("keeps the other properties when the hardware is unknown", () => {
    const result = parseDeclaration("footprint.yml", "hardware: Quantum Abacus 9000\naccelerator_count: 8\n");
    expect(result.facts.map((f) => [f.field, f.value])).toEqual([["accelerator_count", 8]]);
  });
});

describe("the published JSON Schema", () => {
  it("is declarationJsonSchema() serialised with 2-space indentation and a trailing newline", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(`${JSON.stringify(declarationJsonSchema(), null, 2)}\n`);
  });

  it("describes every property and forbids unknown ones", () => {
    const schema = declarationJsonSchema() as {
      additionalProperties: unknown;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      "hardware",
      "accelerator_count",
      "training_time_hours",
      "gpu_hours",
      "runs",
      "total_gpu_hours",
      "params",
      "location",
      "energy_kwh",
      "co2e_kg",
      "pue",
      "carbon_intensity_g_per_kwh",
      "year",
      "measured_by",
    ]);
    for (const [name, property] of Object.entries(schema.properties))
      expect([name, typeof property.description]).toEqual([name, "string"]);
  });
});

describe("parseDeclaration on a YAML alias bomb", () => {
  it("refuses the file with an error naming it, instead of expanding a billion aliases", () => {
    const levels = "abcdefghi";
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...[...levels.slice(1)].map(
        (name, i) => `${name}: &${name} [${Array(9).fill(`*${levels[i]}`).join(",")}]`,
      ),
    ].join("\n");
    const result = parseDeclaration("footprint.yml", bomb);
    expect(result.file).toBe("footprint.yml");
    expect(result.facts).toEqual([]);
    expect(result.errors).toEqual([
      {
        property: "(file)",
        reason: "YAML not read: Excessive alias count indicates a resource exhaustion attack",
        line: 1,
      },
    ]);
  });
});
