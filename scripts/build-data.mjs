#!/usr/bin/env node
/**
 * Builds the reference data the estimator and the readers ship with (data/*.json, data/PROVENANCE.md) from our
 * hand-curated rows (data/src/*.yaml) and the shared public tables (../shared/data, see its README).
 *
 * Run: node scripts/build-data.mjs [path/to/shared/data]
 *
 * Only build time reads the shared tables; the generated JSON is committed and is all that run time reads.
 * AGPL tables (boavizta) are never read here.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = resolve(process.argv[2] ?? join(ROOT, "..", "shared", "data"));
const DATA = join(ROOT, "data");

/** Every upstream file we read, with where it came from and on what terms. Printed into PROVENANCE.md. */
const UPSTREAM = {
  epoch: {
    file: "epoch-ai/ml_hardware.csv",
    repo: "talmolab/lablink-paper-figures (unmodified Epoch AI export, data/raw/gpu_prices/ml_hardware.csv)",
    commit: "a2616ddc0384bc7e496292293ed4e0f98d2b8bfb",
    licence: "CC BY 4.0",
    attribution: 'Epoch AI, "Data on Machine Learning Hardware", epoch.ai/data/machine-learning-hardware',
    label: "Epoch AI ML hardware",
  },
  mlco2: {
    file: "mlco2-impact/gpus.csv",
    repo: "mlco2/impact (data/gpus.csv)",
    commit: "d0d3ee5a71ea222ac344a94900642ed2ce649af4",
    licence: "MIT",
    attribution: "Lacoste, Luccioni, Schmidt, Dandres, ML CO2 Impact calculator (2019)",
    label: "ML CO2 Impact gpus.csv",
  },
  ga_gpu: {
    file: "green-algorithms/latest/TDP_gpu.csv",
    repo: "GreenAlgorithms/green-algorithms-tool (data/latest/TDP_gpu.csv)",
    commit: "30df2feead1c7f5db87a3d86ca1239470a0cd415",
    licence: "CC BY 4.0",
    attribution: "Lannelongue, Grealey, Inouye, Green Algorithms, Adv. Sci. 2021",
    label: "Green Algorithms TDP_gpu",
  },
  ga_cpu: {
    file: "green-algorithms/latest/TDP_cpu.csv",
    repo: "GreenAlgorithms/green-algorithms-tool (data/latest/TDP_cpu.csv)",
    commit: "30df2feead1c7f5db87a3d86ca1239470a0cd415",
    licence: "CC BY 4.0",
    attribution: "Lannelongue, Grealey, Inouye, Green Algorithms, Adv. Sci. 2021",
    label: "Green Algorithms TDP_cpu",
  },
  codecarbon_cpu: {
    file: "codecarbon/hardware/cpu_power.csv",
    repo: "mlco2/codecarbon (codecarbon/data/hardware/cpu_power.csv)",
    commit: "b05965e43b690cdc53787c7577adbe6e2caf4ed9",
    licence: "MIT",
    attribution: "CodeCarbon contributors",
    label: "CodeCarbon cpu_power.csv",
  },
};

// ---------------------------------------------------------------- CSV

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. Strips a UTF-8 BOM. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ""));
}

/** Rows as objects keyed by the (trimmed) header; `skip` header rows before the real one (Green Algorithms has 2). */
function readTable(file, skip = 0) {
  const rows = parseCsv(readFileSync(join(SHARED, file), "utf8"));
  const header = rows[skip].map((h) => h.trim());
  return rows.slice(skip + 1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? "").trim()])));
}

/** A number from a table cell, or null for blanks and the tables' spellings of "missing". */
function num(cell) {
  if (cell === undefined || cell === null) return null;
  const t = String(cell).trim();
  if (t === "" || /^(nan|unk|inf|-)$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

const round = (v, digits = 6) => (v === null || v === undefined ? null : Number(v.toPrecision(digits)));

// ---------------------------------------------------------------- hardware

/** Spec extractors per table: each returns {field: value} for the fields that table knows. */
const EXTRACT = {
  epoch(row) {
    const tensor = num(row["Tensor-FP16/BF16 performance (FLOP/s)"]);
    const fp16 = num(row["FP16 (half precision) performance (FLOP/s)"]);
    const mem = num(row["Memory size per board (Byte)"]);
    const year = /^(\d{4})/.exec(row["Release date"] ?? "");
    const flops = (column) => round(num(row[column]));
    return {
      tdp_w: num(row["TDP (W)"]),
      memory_gb: mem === null ? null : round(mem / 1e9, 4),
      release_year: year ? Number(year[1]) : null,
      "peak_flops.fp64": flops("FP64 (double precision) performance (FLOP/s)"),
      "peak_flops.fp32": flops("FP32 (single precision) performance (FLOP/s)"),
      "peak_flops.tf32": flops("TF32 (TensorFloat-32) performance (FLOP/s)"),
      // Mixed-precision training runs on the tensor units, so their rate is the fp16 peak when the table has it.
      "peak_flops.fp16": round(tensor ?? fp16),
      "peak_flops.bf16": round(tensor),
      "peak_flops.fp8": flops("FP8 performance (FLOP/s)"),
      "peak_flops.int8": flops("INT8 performance (OP/s)"),
    };
  },
  mlco2(row) {
    // The A10G row has 8 fields instead of 9: its memory sits in GFLOPS16/W and must not be read as memory.
    const short = row.source === "" && /^https?:/.test(row.memory ?? "");
    const t32 = num(row.TFLOPS32);
    const t16 = num(row.TFLOPS16);
    return {
      tdp_w: num(row.tdp_watts),
      memory_gb: short ? null : num(row.memory),
      "peak_flops.fp32": t32 === null ? null : round(t32 * 1e12),
      "peak_flops.fp16": t16 === null ? null : round(t16 * 1e12),
    };
  },
  ga_gpu(row) {
    return { tdp_w: num(row.TDP), memory_gb: num(row.memory), release_year: num(row.Release_year) };
  },
  ga_cpu(row) {
    return { tdp_w: num(row.TDP), cores: num(row.n_cores), release_year: num(row.Release_year) };
  },
  codecarbon_cpu(row) {
    return { tdp_w: num(row.TDP) };
  },
};

function loadHardwareTables() {
  const byName = (rows, key) => new Map(rows.map((r) => [r[key].trim(), r]));
  const mlco2Rows = readTable(UPSTREAM.mlco2.file).map((r) => ({ ...r, TFLOPS16: r["TFLOPS16"] ?? r[""] }));
  return {
    epoch: byName(readTable(UPSTREAM.epoch.file), "Hardware name"),
    mlco2: byName(mlco2Rows, "name"),
    ga_gpu: byName(readTable(UPSTREAM.ga_gpu.file, 1), "model"),
    ga_cpu: byName(readTable(UPSTREAM.ga_cpu.file, 1), "model"),
    codecarbon_cpu: byName(readTable(UPSTREAM.codecarbon_cpu.file), "Name"),
  };
}

const SPEC_FIELDS = [
  "tdp_w",
  "memory_gb",
  "cores",
  "release_year",
  "peak_flops.fp64",
  "peak_flops.fp32",
  "peak_flops.tf32",
  "peak_flops.fp16",
  "peak_flops.bf16",
  "peak_flops.fp8",
  "peak_flops.int8",
];

function buildHardware(tables, spec) {
  const used = new Set();
  const seen = new Set();
  const entries = spec.entries.map((row) => {
    if (seen.has(row.id)) throw new Error(`duplicate hardware id ${row.id}`);
    seen.add(row.id);
    const values = {};
    const sources = { identity: "ml-footprint catalog (data/src/hardware.yaml)" };
    if (row.memory_gb !== undefined) {
      values.memory_gb = row.memory_gb;
      sources.memory_gb = "ml-footprint catalog: variant definition";
    }
    for (const [field, given] of Object.entries(row.set ?? {})) {
      values[field] = given.value;
      sources[field] = given.source;
    }
    for (const { table, row: name } of row.specs ?? []) {
      const found = tables[table]?.get(name);
      if (!found) throw new Error(`${row.id}: no row "${name}" in ${table}`);
      used.add(table);
      const extracted = EXTRACT[table](found);
      for (const field of SPEC_FIELDS) {
        const v = extracted[field];
        if (v === null || v === undefined || field in values) continue;
        values[field] = v;
        sources[field] = `${UPSTREAM[table].label}: ${name}`;
      }
    }
    const peak = {};
    for (const f of SPEC_FIELDS.filter((k) => k.startsWith("peak_flops.")))
      if (values[f] != null) peak[f.slice("peak_flops.".length)] = values[f];
    return {
      id: row.id,
      name: row.name,
      vendor: row.vendor,
      kind: row.kind,
      family: String(row.family),
      form: row.form ?? null,
      memory_gb: values.memory_gb ?? null,
      tdp_w: values.tdp_w ?? null,
      cores: values.cores ?? null,
      peak_flops: peak,
      release_year: values.release_year ?? null,
      tpu_cores_per_chip: row.tpu_cores_per_chip ?? null,
      aliases: (row.aliases ?? []).map(String),
      strict_aliases: (row.strict_aliases ?? []).map(String),
      sources,
    };
  });
  return { entries, used };
}

/** Vendor of a CPU table row; Green Algorithms often omits it ("Xeon Gold 6248"). */
function cpuVendor(name) {
  if (/^intel\b|\b(xeon|core|pentium|celeron|atom)\b/i.test(name)) return "Intel";
  if (/^amd\b|\b(epyc|ryzen|athlon|opteron|threadripper|phenom|sempron|fx-)/i.test(name)) return "AMD";
  if (/^apple\b/i.test(name)) return "Apple";
  return null;
}

function buildCpuTable(tables) {
  const out = new Map();
  const key = (name) =>
    name
      .toLowerCase()
      .replace(/^(intel|amd|apple)\s+/, "")
      .replace(/[^a-z0-9]/g, "");
  for (const [name, row] of tables.codecarbon_cpu) {
    // Bare model numbers ("4230 HE") are unusable for matching prose; keep vendor-named rows only.
    const vendor = /^(Intel|AMD|Apple)\b/.exec(name)?.[1];
    const tdp = num(row.TDP);
    if (!vendor || tdp === null || tdp <= 0) continue;
    out.set(key(name), {
      name,
      vendor,
      tdp_w: tdp,
      cores: null,
      tdp_per_core_w: null,
      release_year: null,
      source: "codecarbon_cpu",
    });
  }
  for (const [name, row] of tables.ga_cpu) {
    const vendor = cpuVendor(name);
    const tdp = num(row.TDP);
    if (name === "Any" || tdp === null || tdp <= 0 || !vendor) continue;
    const k = key(name);
    const prior = out.get(k);
    out.set(k, {
      name: prior?.name ?? (name.startsWith(vendor) ? name : `${vendor} ${name}`),
      vendor,
      tdp_w: tdp,
      cores: num(row.n_cores),
      tdp_per_core_w: num(row.TDP_per_core),
      release_year: num(row.Release_year),
      source: "ga_cpu",
    });
  }
  const any = tables.ga_cpu.get("Any");
  return {
    default_tdp_per_core_w: num(any.TDP_per_core),
    default_source: `${UPSTREAM.ga_cpu.label}: Any (default per core when the model is unknown)`,
    cpus: [...out.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

// ---------------------------------------------------------------- provenance

function provenance(used) {
  const lines = [
    "# Provenance of the reference data",
    "",
    "Generated by `node scripts/build-data.mjs` from our own rows in `data/src/` and the public tables below",
    "(copied byte-for-byte into `../shared/data/` from the named repository and commit). Do not edit the generated",
    "files by hand; edit `data/src/*.yaml` or the script and rebuild. Each value in the JSON names its source.",
    "",
    "| generated file | built from |",
    "|---|---|",
    "| `data/hardware.json` | `data/src/hardware.yaml` (ours) + Epoch AI, ML CO2 Impact, Green Algorithms GPU/CPU tables, CodeCarbon CPU table |",
    "| `data/cpu-power.json` | CodeCarbon `cpu_power.csv` (vendor-named rows) + Green Algorithms `TDP_cpu.csv` (core counts, per-core TDP) |",
    "",
    "## Upstream files",
    "",
    "| file | source repository @ commit | licence | attribution |",
    "|---|---|---|---|",
  ];
  for (const key of Object.keys(UPSTREAM).filter((k) => used.has(k))) {
    const u = UPSTREAM[key];
    lines.push(`| \`${u.file}\` | ${u.repo} @ \`${u.commit}\` | ${u.licence} | ${u.attribution} |`);
  }
  lines.push(
    "",
    "Not used: `boavizta/` (AGPL-3.0, reference only).",
    "",
    "Our own rows (`data/src/*.yaml`) are MIT like the rest of this project; values typed in by hand name their",
    "source next to them (`set:` blocks).",
    "",
  );
  return lines.join("\n");
}

// ---------------------------------------------------------------- main

function writeJson(name, value) {
  writeFileSync(join(DATA, name), JSON.stringify(value, null, 1) + "\n");
}

/** Large row tables: one compact JSON object per line, so diffs stay readable and the file stays small. */
function writeRowsJson(name, header, rowsKey, rows) {
  const head = JSON.stringify(header, null, 1).replace(/\n}$/, "");
  const body = rows.map((r) => "  " + JSON.stringify(r)).join(",\n");
  writeFileSync(join(DATA, name), `${head},\n "${rowsKey}": [\n${body}\n ]\n}\n`);
}

function main() {
  const tables = loadHardwareTables();
  const spec = parseYaml(readFileSync(join(DATA, "src", "hardware.yaml"), "utf8"));
  const { entries, used } = buildHardware(tables, spec);
  used.add("ga_cpu");
  used.add("codecarbon_cpu");
  writeJson("hardware.json", {
    generated_by: "scripts/build-data.mjs",
    mention_qualifiers: spec.mention_qualifiers,
    entries,
  });
  const cpu = buildCpuTable(tables);
  const { cpus, ...cpuHeader } = cpu;
  // Rows are positional to keep the file small: [name, vendor, tdp_w, cores, tdp_per_core_w, source key].
  const header = {
    generated_by: "scripts/build-data.mjs",
    ...cpuHeader,
    columns: ["name", "vendor", "tdp_w", "cores", "tdp_per_core_w", "source"],
    sources: { codecarbon_cpu: UPSTREAM.codecarbon_cpu.label, ga_cpu: UPSTREAM.ga_cpu.label },
  };
  const rows = cpus.map((c) => [c.name, c.vendor, c.tdp_w, c.cores, c.tdp_per_core_w, c.source]);
  writeRowsJson("cpu-power.json", header, "rows", rows);
  writeFileSync(join(DATA, "PROVENANCE.md"), provenance(used));
  console.log(`hardware.json: ${entries.length} entries; cpu-power.json: ${cpu.cpus.length} CPUs`);
}

main();
