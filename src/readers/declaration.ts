/**
 * The author declaration file, `footprint.yml` at the repository root: what the authors state about their
 * compute, which outranks anything read from the paper or the code. Validated against a published JSON Schema
 * (schemas/footprint.schema.json); each error names the property and the reason.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { lookupHardware } from "../catalog/index.js";
import type { Fact, FactField } from "../domain/facts.js";

export const DECLARATION_FILES = ["footprint.yml", "footprint.yaml", ".github/footprint.yml"];

/** Aliases a declaration may expand: a handful is plenty, a bomb of nested aliases is refused. */
const MAX_ALIAS_COUNT = 50;

const positive = (what: string) => z.number().positive().describe(what);

/** The declaration's schema. Every property is optional: declare what you know. */
export const declarationSchema = z
  .object({
    hardware: z
      .string()
      .min(2)
      .describe(
        'Accelerator or CPU model used for training, e.g. "NVIDIA A100 80GB", "TPU v4", "Apple M2 Max".',
      ),
    accelerator_count: z
      .number()
      .int()
      .positive()
      .describe("Number of accelerators used by one training run."),
    training_time_hours: positive("Wall-clock hours of one training run of the main model."),
    gpu_hours: positive(
      "Accelerator-hours of one training run of the main model (count × wall-clock hours).",
    ),
    runs: z
      .number()
      .int()
      .positive()
      .describe("Number of training runs (seeds, repetitions) behind the reported results."),
    total_gpu_hours: positive(
      "Accelerator-hours of the whole project, including hyper-parameter search, preliminary and failed runs.",
    ),
    params: positive("Number of parameters of the main model."),
    location: z
      .object({
        country: z.string().min(2).describe('Country where the training ran, ISO code or name, e.g. "FR".'),
        cloud_provider: z.string().min(2).describe('Cloud provider, e.g. "aws", "gcp", "azure".'),
        region: z.string().min(2).describe('Cloud region, e.g. "us-east-1", "europe-west4".'),
        computing_centre: z.string().min(2).describe('Computing centre, e.g. "Jean Zay".'),
      })
      .partial()
      .strict()
      .describe("Where the training ran: needed to turn energy into emissions."),
    energy_kwh: positive("Energy of the reported training, in kWh, if measured or estimated."),
    co2e_kg: positive("Emissions of the reported training, in kgCO2e."),
    pue: z.number().min(1).max(3).describe("Power usage effectiveness of the data centre, if known."),
    carbon_intensity_g_per_kwh: positive("Grid carbon intensity used, in gCO2e/kWh."),
    year: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .describe("Year of the training (selects the grid's carbon intensity)."),
    measured_by: z.string().describe('How energy/emissions were obtained, e.g. "codecarbon", "estimate".'),
  })
  .partial()
  .strict();

export type Declaration = z.infer<typeof declarationSchema>;

/** JSON Schema of the declaration, as published in schemas/footprint.schema.json. */
export function declarationJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://github.com/ml-footprint/ml-footprint/schemas/footprint.schema.json",
    title: "footprint.yml: compute and carbon declaration of a paper repository",
    ...z.toJSONSchema(declarationSchema),
  };
}

/** A problem of the declaration file: the property (or "(file)") and the reason. */
export interface DeclarationError {
  property: string;
  reason: string;
  /** Line of the property in the declaration file. */
  line?: number;
}

export interface DeclarationResult {
  file: string;
  facts: Fact[];
  errors: DeclarationError[];
  /** The properties that passed validation (year, total_gpu_hours and measured_by are read from here). */
  declaration: Declaration;
  /** Line of each property in the file ("total_gpu_hours": 7), for evidence and annotations. */
  lines: Record<string, number>;
}

const FIELD_OF: Record<string, FactField> = {
  hardware: "hardware",
  accelerator_count: "accelerator_count",
  training_time_hours: "training_time_hours",
  gpu_hours: "gpu_hours",
  runs: "runs",
  params: "params",
  energy_kwh: "energy_kwh",
  co2e_kg: "co2e_kg",
  pue: "pue",
  carbon_intensity_g_per_kwh: "carbon_intensity",
  "location.country": "country",
  "location.cloud_provider": "cloud_provider",
  "location.region": "region",
  "location.computing_centre": "computing_centre",
};

function lineOf(node: YamlNode | null | undefined, counter: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : counter.linePos(offset).line;
}

/**
 * Parses and validates a declaration. A YAML syntax error or a schema violation becomes an error naming the
 * property; valid properties still become declared facts (so one typo does not discard the file).
 *
 * @example
 *   parseDeclaration("footprint.yml", "hardware: A100 80GB\naccelerator_count: 8\n").facts.length; // 2
 */
export function parseDeclaration(file: string, text: string): DeclarationResult {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length) {
    return {
      file,
      facts: [],
      declaration: {},
      lines: {},
      errors: document.errors.map((e) => {
        const line = counter.linePos(e.pos[0]).line;
        return { property: "(file)", reason: `YAML syntax, line ${line}: ${e.message.split("\n")[0]}`, line };
      }),
    };
  }
  const errors: DeclarationError[] = [];
  const valid: Record<string, unknown> = {};
  const lines: Record<string, number> = {};
  const facts: Fact[] = [];
  const root = document.contents;
  if (!isMap(root)) {
    if (root !== null)
      errors.push({
        property: "(root)",
        reason: "expected a mapping of properties (key: value)",
        line: lineOf(root, counter),
      });
    return { file, facts, errors, declaration: {}, lines };
  }

  // Each property (and each property of `location`) is validated on its own, so one mistake does not discard
  // the rest of the file. Aliases are expanded here: a "billion laughs" file is refused by the parser's alias
  // budget (a declaration needs no aliases at all), and the refusal names the file like any other error.
  let raw: Record<string, unknown>;
  try {
    raw = (document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      file,
      facts: [],
      declaration: {},
      lines: {},
      errors: [{ property: "(file)", reason: `YAML not read: ${reason}`, line: 1 }],
    };
  }
  const rawValue = (path: string): unknown =>
    path
      .split(".")
      .reduce<unknown>(
        (value, key) =>
          value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
        raw,
      );
  const check = (
    path: string,
    schema: z.ZodType | undefined,
    allowed: string[],
    node: YamlNode | null,
    keyNode: YamlNode | null,
  ): unknown => {
    const line = lineOf(keyNode ?? node, counter);
    lines[path] = line;
    if (!schema) {
      errors.push({ property: path, reason: `unknown property (allowed: ${allowed.join(", ")})`, line });
      return undefined;
    }
    const result = schema.safeParse(rawValue(path) ?? null);
    if (!result.success) {
      for (const issue of result.error.issues)
        errors.push({ property: [path, ...issue.path].join("."), reason: issue.message, line });
      return undefined;
    }
    return result.data;
  };
  const shape = declarationSchema.shape as Record<string, z.ZodType>;
  const locationShape = (declarationSchema.shape.location.unwrap() as z.ZodObject).shape as Record<
    string,
    z.ZodType
  >;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const node = (pair.value ?? null) as YamlNode | null;
    if (key === "location" && isMap(node)) {
      const location: Record<string, unknown> = {};
      lines.location = lineOf(pair.key as YamlNode, counter);
      for (const inner of node.items) {
        const innerKey = isScalar(inner.key) ? String(inner.key.value) : String(inner.key);
        const innerNode = (inner.value ?? null) as YamlNode | null;
        const value = check(
          `location.${innerKey}`,
          Object.hasOwn(locationShape, innerKey) ? locationShape[innerKey] : undefined,
          Object.keys(locationShape),
          innerNode,
          inner.key as YamlNode,
        );
        if (value !== undefined) {
          location[innerKey] = value;
          addFact(`location.${innerKey}`, value, lines[`location.${innerKey}`] as number);
        }
      }
      valid.location = location;
      continue;
    }
    // Own properties only: a key such as "hasOwnProperty" must be an unknown property, not Object's method.
    const value = check(
      key,
      Object.hasOwn(shape, key) ? shape[key] : undefined,
      Object.keys(shape),
      node,
      pair.key as YamlNode,
    );
    if (value !== undefined) {
      valid[key] = value;
      addFact(key, value, lines[key] as number);
    }
  }
  return { file, facts, errors, declaration: valid as Declaration, lines };

  function addFact(path: string, value: unknown, line: number): void {
    const field = FIELD_OF[path];
    if (!field || (typeof value !== "number" && typeof value !== "string")) return;
    let normalised: string | number = value;
    if (field === "hardware" && typeof value === "string") {
      const match = lookupHardware(value);
      if (!match) {
        errors.push({
          property: path,
          reason: `unknown hardware "${value}" (not in the hardware catalog)`,
          line,
        });
        return;
      }
      normalised = match.entry.id;
    }
    facts.push({
      field,
      value: normalised,
      raw: String(value),
      confidence: 1,
      context: "training",
      evidence: { kind: "declaration", file, line, snippet: text.split("\n")[line - 1]?.trim() ?? "" },
      tags: ["declared"],
      ...(path === "energy_kwh" || path === "co2e_kg" ? { measured: true } : {}),
    });
  }
}
