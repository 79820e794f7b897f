/**
 * The hardware catalog the paper reader, the code reader and the estimator share: accelerators, SoCs and CPUs
 * with TDP, memory, peak FLOP/s and release year, every value naming its source (built by
 * scripts/build-data.mjs into data/hardware.json; CPUs outside the hand list come from data/cpu-power.json).
 */
import { z } from "zod";
import { once, readDataJson } from "./data-files.js";
import { parseHardwareSpelling, type FormFactor } from "./spelling.js";

export const HARDWARE_KINDS = ["gpu", "tpu", "cpu", "soc", "npu", "accelerator"] as const;
export type HardwareKind = (typeof HARDWARE_KINDS)[number];
export const PRECISIONS = ["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8"] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface HardwareEntry {
  id: string;
  name: string;
  vendor: string;
  kind: HardwareKind;
  /** Key the variants share ("a100" for the 40 GB, 80 GB and PCIe A100s). */
  family: string;
  /** Form factor that distinguishes this variant, when it does. */
  form?: FormFactor | null;
  memory_gb: number | null;
  /** Thermal design power in watts, per device (per package for CPUs, per chip for TPUs). */
  tdp_w: number | null;
  /** CPU cores per package, when known. */
  cores?: number | null;
  /** Dense peak rate in FLOP/s (OP/s for int8) per device. fp16/bf16 are tensor-unit rates when known. */
  peak_flops: Partial<Record<Precision, number>>;
  release_year: number | null;
  /** TensorCores per TPU chip (turns a slice name "v3-32" into 16 chips). */
  tpu_cores_per_chip?: number | null;
  aliases: string[];
  /** field → where its value comes from ("tdp_w" → "Epoch AI ML hardware: NVIDIA A100"). */
  sources: Record<string, string>;
}

export interface HardwareMatch {
  entry: HardwareEntry;
  /** Memory size written in the spelling ("A100 80GB" → 80), even when no variant of that size exists. */
  memory_gb?: number;
  /** TPU slice size as written ("TPU v3-32" → 32): TensorCores for v2/v3/v4/v5p, chips for v5e/v6e. */
  slice_cores?: number;
  /** Chips in that slice (slice_cores ÷ TensorCores per chip), when the chip's core count is known. */
  slice_chips?: number;
  /** The spelling that was looked up. */
  raw: string;
}

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: z.string().min(1),
  vendor: z.string().min(1),
  kind: z.enum(HARDWARE_KINDS),
  family: z.string().min(1),
  form: z.enum(["sxm", "pcie", "nvl"]).nullable(),
  memory_gb: z.number().positive().nullable(),
  tdp_w: z.number().positive().nullable(),
  cores: z.number().int().positive().nullable(),
  peak_flops: z.partialRecord(z.enum(PRECISIONS), z.number().positive()),
  release_year: z.number().int().min(1990).max(2100).nullable(),
  tpu_cores_per_chip: z.number().int().positive().nullable(),
  aliases: z.array(z.string()),
  strict_aliases: z.array(z.string()),
  sources: z.record(z.string(), z.string()),
});

const qualifiersSchema = z.object({
  before: z.array(z.string()),
  after: z.array(z.string()),
  apple_context: z.array(z.string()),
  apple_window_chars: z.number().int().positive(),
});

const hardwareFileSchema = z.object({
  mention_qualifiers: qualifiersSchema,
  entries: z.array(entrySchema).min(1),
});

const cpuFileSchema = z.object({
  default_tdp_per_core_w: z.number().positive(),
  default_source: z.string(),
  sources: z.record(z.string(), z.string()),
  rows: z.array(
    z.tuple([
      z.string(),
      z.string(),
      z.number().positive(),
      z.number().int().positive().nullable(),
      z.number().positive().nullable(),
      z.string(),
    ]),
  ),
});

type StoredEntry = z.infer<typeof entrySchema>;
export type MentionQualifiers = z.infer<typeof qualifiersSchema>;

/** A catalog entry as loaded, with the spellings prose matching needs. */
export interface CatalogEntry extends HardwareEntry {
  strict_aliases: string[];
}

interface HardwareIndex {
  entries: readonly CatalogEntry[];
  byId: Map<string, CatalogEntry>;
  byKey: Map<string, CatalogEntry[]>;
  qualifiers: MentionQualifiers;
}

const loadHardware = once((): HardwareIndex => {
  const file = readDataJson("hardware.json", hardwareFileSchema);
  const entries = file.entries.map((e: StoredEntry): CatalogEntry => Object.freeze({ ...e }));
  const byId = new Map<string, CatalogEntry>();
  const byKey = new Map<string, CatalogEntry[]>();
  const addKey = (key: string, entry: CatalogEntry) => {
    if (!key) return;
    const list = byKey.get(key) ?? [];
    if (!list.includes(entry)) list.push(entry);
    byKey.set(key, list);
  };
  for (const entry of entries) {
    if (byId.has(entry.id)) throw new Error(`data/hardware.json: duplicate id ${entry.id}`);
    byId.set(entry.id, entry);
    for (const spelling of [entry.id, ...entry.aliases, ...entry.strict_aliases]) {
      addKey(parseHardwareSpelling(spelling).key, entry);
    }
  }
  return { entries: Object.freeze(entries), byId, byKey, qualifiers: file.mention_qualifiers };
});

interface CpuRow {
  name: string;
  vendor: string;
  tdp_w: number;
  cores: number | null;
  tdp_per_core_w: number | null;
  source: string;
}

interface CpuIndex {
  byKey: Map<string, CpuRow>;
  bySlug: Map<string, CpuRow>;
  defaultPerCoreW: number;
  defaultSource: string;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/\((r|tm)\)/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const loadCpus = once((): CpuIndex => {
  const file = readDataJson("cpu-power.json", cpuFileSchema);
  const byKey = new Map<string, CpuRow>();
  const bySlug = new Map<string, CpuRow>();
  for (const [name, vendor, tdp_w, cores, tdp_per_core_w, sourceKey] of file.rows) {
    const row: CpuRow = {
      name,
      vendor,
      tdp_w,
      cores,
      tdp_per_core_w,
      source: `${file.sources[sourceKey] ?? sourceKey}: ${name}`,
    };
    const key = parseHardwareSpelling(name).key;
    if (key && !byKey.has(key)) byKey.set(key, row);
    bySlug.set(slug(name), row);
  }
  return {
    byKey,
    bySlug,
    defaultPerCoreW: file.default_tdp_per_core_w,
    defaultSource: file.default_source,
  };
});

const cpuEntries = new Map<string, HardwareEntry>();

/** A catalog entry for a CPU that only the CPU power table knows (created once per model, then reused). */
function cpuEntry(row: CpuRow): HardwareEntry {
  const id = slug(row.name);
  const cached = cpuEntries.get(id);
  if (cached) return cached;
  const sources: Record<string, string> = { identity: row.source, tdp_w: row.source };
  if (row.cores !== null) sources.cores = row.source;
  const entry: HardwareEntry = Object.freeze({
    id,
    name: row.name,
    vendor: row.vendor,
    kind: "cpu" as const,
    family: parseHardwareSpelling(row.name).key,
    form: null,
    memory_gb: null,
    tdp_w: row.tdp_w,
    cores: row.cores,
    peak_flops: {},
    release_year: null,
    tpu_cores_per_chip: null,
    aliases: [],
    sources,
  });
  cpuEntries.set(id, entry);
  return entry;
}

/**
 * Among the entries sharing a key, the one whose memory and form factor fit what the spelling said. A variant
 * that contradicts a stated attribute is out; an attribute the spelling did not state counts slightly against
 * entries that fix it, so "A100" picks the family entry and "A100 80GB" the 80 GB variant.
 */
function pickVariant(candidates: CatalogEntry[], memory?: number, form?: FormFactor): CatalogEntry {
  let best: CatalogEntry | undefined;
  let bestScore = -Infinity;
  for (const c of candidates) {
    let score = 0;
    if (memory !== undefined && c.memory_gb !== null) score += c.memory_gb === memory ? 2 : -100;
    else if (memory === undefined && c.memory_gb !== null) score -= 1;
    if (form !== undefined && c.form) score += c.form === form ? 2 : -100;
    else if (form === undefined && c.form) score -= 1;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (bestScore <= -100) {
    // Nothing fits the stated size/form: fall back to the least specific entry of the family.
    return candidates.reduce((a, b) => (specificity(b) < specificity(a) ? b : a));
  }
  return best!;
}

const specificity = (e: CatalogEntry) => (e.memory_gb !== null ? 1 : 0) + (e.form ? 1 : 0);

/**
 * A TPU slice written without a space after "TPU" ("TPUv4-128") or without "TPU" but with its pod/slice words
 * ("v4-128 pod slice"), rewritten as "TPU v4-128" so that the spelling parser reads the slice size (issue 12:
 * papers write both). Other spellings are returned unchanged.
 */
function spellTpuSlice(name: string): string {
  const m = /^\s*(tpu[\s-]*)?(v\d+[a-z]*)\s*-\s*(\d{1,5})((?:\s+(?:pods?|slices?))*)\s*$/i.exec(name);
  if (!m || (!m[1] && !m[4])) return name;
  return `TPU ${m[2]}-${m[3]}`;
}

/**
 * Resolves one hardware spelling to a catalog entry, choosing the variant by memory size and form factor when
 * the spelling gives them. CPUs outside the hand-curated list resolve through the CPU power table.
 *
 * @example lookupHardware("Tesla V100-SXM2-32GB")?.entry.id // "nvidia-v100-32gb"
 * @example lookupHardware("TPU v3-32 pod slice") // { entry: google-tpu-v3, slice_cores: 32, slice_chips: 16 }
 * @example lookupHardware("v4-128 pod slice") // { entry: google-tpu-v4, slice_cores: 128, slice_chips: 64 }
 */
export function lookupHardware(name: string): HardwareMatch | null {
  if (typeof name !== "string" || name.length > 200) return null;
  const index = loadHardware();
  const exact = index.byId.get(name.trim().toLowerCase());
  if (exact) return { entry: exact, raw: name };
  const parsed = parseHardwareSpelling(spellTpuSlice(name));
  if (!parsed.key) return null;
  let candidates = index.byKey.get(parsed.key);
  // Plural in prose or code: "A100s", "V100s" is its own product and is found above.
  if (!candidates && parsed.key.endsWith("s")) candidates = index.byKey.get(parsed.key.slice(0, -1));
  let entry: HardwareEntry | undefined = candidates
    ? pickVariant(candidates, parsed.memory_gb, parsed.form)
    : undefined;
  if (!entry) {
    const cpu = loadCpus().byKey.get(parsed.key);
    if (cpu) entry = cpuEntry(cpu);
  }
  if (!entry) return null;
  const match: HardwareMatch = { entry, raw: name };
  if (parsed.memory_gb !== undefined) match.memory_gb = parsed.memory_gb;
  if (parsed.slice_cores !== undefined && entry.kind === "tpu") {
    match.slice_cores = parsed.slice_cores;
    if (entry.tpu_cores_per_chip) {
      match.slice_chips = Math.max(1, Math.round(parsed.slice_cores / entry.tpu_cores_per_chip));
    }
  }
  return match;
}

/** The entry with this id (hand-curated, or a CPU from the CPU power table), or undefined. */
export function getHardware(id: string): HardwareEntry | undefined {
  const index = loadHardware();
  const hand = index.byId.get(id);
  if (hand) return hand;
  const cpu = loadCpus().bySlug.get(id);
  return cpu ? cpuEntry(cpu) : undefined;
}

/** A processor (CPU), not an accelerator: a run on it has no accelerator-hours. Unknown ids are not processors. */
export function isProcessor(id: string): boolean {
  return getHardware(id)?.kind === "cpu";
}

/**
 * The family of a catalog id ("nvidia-a100-80gb" → "a100"): what two mentions of one device share. Ids that are
 * not in the catalog are their own family.
 */
export function hardwareFamily(id: string): string {
  return getHardware(id)?.family ?? id;
}

/**
 * GPU architectures a scheduler constraint may name (`--constraint=volta`, `volta32gb`), with the families built on
 * them. Only Volta is listed: its data-centre part is the V100 (and its V100S refresh), so the constraint reads as
 * the V100; Ampere or Hopper name several parts. Every family of the architecture is kept, so a paper naming
 * another (V100S, Titan V, Quadro GV100) is not called a disagreement.
 */
const CONSTRAINT_ARCHITECTURES: Record<string, { datacentre: string; families: readonly string[] }> = {
  volta: { datacentre: "V100", families: ["v100", "v100s", "titanv", "gv100"] },
};

/**
 * The architecture a scheduler feature names, and the catalog name of its data-centre part ("volta32gb" →
 * volta, "V100 32GB"), or null.
 */
export function constraintArchitecture(feature: string): { architecture: string; part: string } | null {
  // The V100 came with 16 or 32 GB: `volta32gb`, `volta16g`, `volta-32`.
  const match = /^([a-z]+?)(?:[-_]?(16|32)(?:gb?)?)?$/i.exec(feature.trim());
  const known = match ? CONSTRAINT_ARCHITECTURES[match[1]!.toLowerCase()] : undefined;
  if (!match || !known) return null;
  return {
    architecture: match[1]!.toLowerCase(),
    part: match[2] ? `${known.datacentre} ${match[2]}GB` : known.datacentre,
  };
}

/** The architecture a hardware family belongs to, among those a scheduler constraint may name, or null. */
export function constraintArchitectureOf(family: string): string | null {
  for (const [architecture, { families }] of Object.entries(CONSTRAINT_ARCHITECTURES))
    if (families.includes(family)) return architecture;
  return null;
}

/** The hand-curated entries (CPUs known only to the CPU power table are not listed). */
export function listHardware(): readonly HardwareEntry[] {
  return loadHardware().entries;
}

/** Internal: entries with their strict aliases, and the prose qualifiers, for the mention scanner. */
export function hardwareForMentions(): { entries: readonly CatalogEntry[]; qualifiers: MentionQualifiers } {
  const index = loadHardware();
  return { entries: index.entries, qualifiers: index.qualifiers };
}

export interface CpuPowerPerCore {
  /** Watts per core at TDP. */
  watts: number;
  /** The CPU model it was derived from, or null for the default. */
  model: string | null;
  source: string;
  /** True when the model was unknown (or had no core count) and the default per-core figure was used. */
  assumed: boolean;
}

/**
 * TDP per core of a CPU model (package TDP ÷ cores), for the CPU share of an energy estimate. Falls back to
 * Green Algorithms' "Any" default (12 W per core) when the model or its core count is unknown.
 */
export function cpuPowerPerCoreW(modelName?: string): CpuPowerPerCore {
  const cpus = loadCpus();
  const fallback = { watts: cpus.defaultPerCoreW, model: null, source: cpus.defaultSource, assumed: true };
  if (!modelName) return fallback;
  const match = lookupHardware(modelName);
  const entry = match?.entry;
  if (!entry || entry.kind !== "cpu" || !entry.tdp_w || !entry.cores) return fallback;
  return {
    watts: entry.tdp_w / entry.cores,
    model: entry.name,
    source: `${entry.sources.tdp_w ?? "catalog"}; cores: ${entry.sources.cores ?? "catalog"}`,
    assumed: false,
  };
}
