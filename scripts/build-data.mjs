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
  ga_ci: {
    file: "green-algorithms/latest/CI_aggregated.csv",
    repo: "GreenAlgorithms/green-algorithms-tool (data/latest/CI_aggregated.csv)",
    commit: "30df2feead1c7f5db87a3d86ca1239470a0cd415",
    licence: "CC BY 4.0",
    attribution:
      "Lannelongue, Grealey, Inouye, Green Algorithms, Adv. Sci. 2021 (figures mostly carbonfootprint.com, March 2022)",
    label: "Green Algorithms CI_aggregated",
  },
  ga_dc: {
    file: "green-algorithms/latest/cloudProviders_datacenters.csv",
    repo: "GreenAlgorithms/green-algorithms-tool (data/latest/cloudProviders_datacenters.csv)",
    commit: "30df2feead1c7f5db87a3d86ca1239470a0cd415",
    licence: "CC BY 4.0",
    attribution: "Lannelongue, Grealey, Inouye, Green Algorithms, Adv. Sci. 2021",
    label: "Green Algorithms cloudProviders_datacenters",
  },
  owid_eu: {
    file: "codecarbon/private_infra/2020/eu-carbon-intensity-electricity.csv",
    repo: "mlco2/codecarbon (codecarbon/data/private_infra/2020/eu-carbon-intensity-electricity.csv)",
    commit: "b05965e43b690cdc53787c7577adbe6e2caf4ed9",
    licence: "MIT (repository); figures Our World in Data / EEA, CC BY 4.0",
    attribution: "Our World in Data, European Environment Agency; via CodeCarbon",
    label: "OWID/EEA carbon intensity of electricity (via CodeCarbon)",
  },
  owid_mix: {
    file: "codecarbon/private_infra/global_energy_mix.json",
    repo: "mlco2/codecarbon (codecarbon/data/private_infra/global_energy_mix.json)",
    commit: "b05965e43b690cdc53787c7577adbe6e2caf4ed9",
    licence: "MIT (repository); figures Our World in Data (Ember, Energy Institute), CC BY 4.0",
    attribution: "Our World in Data, Ember, Energy Institute Statistical Review; via CodeCarbon",
    label: "OWID energy mix (via CodeCarbon)",
  },
  egrid: {
    file: "codecarbon/private_infra/2016/usa_emissions.json",
    repo: "mlco2/codecarbon (codecarbon/data/private_infra/2016/usa_emissions.json)",
    commit: "b05965e43b690cdc53787c7577adbe6e2caf4ed9",
    licence: "MIT (repository); figures US EPA eGRID 2016, public domain",
    attribution: "US EPA eGRID 2016; via CodeCarbon",
    label: "US EPA eGRID 2016 (via CodeCarbon)",
  },
  cc_gcp: {
    file: "codecarbon/cloud/impact.csv",
    repo: "mlco2/codecarbon (codecarbon/data/cloud/impact.csv)",
    commit: "b05965e43b690cdc53787c7577adbe6e2caf4ed9",
    licence: "MIT",
    attribution:
      "Google Cloud region carbon data (cloud.google.com/sustainability/region-carbon); via CodeCarbon",
    label: "Google region carbon data (via CodeCarbon, July 2024)",
  },
  mlco2_regions: {
    file: "mlco2-impact/impact.csv",
    repo: "mlco2/impact (data/impact.csv)",
    commit: "d0d3ee5a71ea222ac344a94900642ed2ce649af4",
    licence: "MIT",
    attribution: "Lacoste et al., ML CO2 Impact calculator (2019)",
    label: "ML CO2 Impact impact.csv",
  },
  ccf_aws: {
    file: "ccf-coefficients/data/grid-emissions-factors-aws.csv",
    repo: "cloud-carbon-footprint/ccf-coefficients",
    commit: "b0032d928c787cf76cecd7d1d611c5b46f366e29",
    licence: "Apache-2.0",
    attribution: "Cloud Carbon Footprint (Thoughtworks)",
    label: "Cloud Carbon Footprint grid factors (AWS)",
  },
  ccf_azure: {
    file: "ccf-coefficients/data/grid-emissions-factors-azure.csv",
    repo: "cloud-carbon-footprint/ccf-coefficients",
    commit: "b0032d928c787cf76cecd7d1d611c5b46f366e29",
    licence: "Apache-2.0",
    attribution: "Cloud Carbon Footprint (Thoughtworks)",
    label: "Cloud Carbon Footprint grid factors (Azure)",
  },
  ccf_gcp: {
    file: "ccf-coefficients/data/grid-emissions-factors-gcp.csv",
    repo: "cloud-carbon-footprint/ccf-coefficients",
    commit: "b0032d928c787cf76cecd7d1d611c5b46f366e29",
    licence: "Apache-2.0",
    attribution: "Cloud Carbon Footprint (Thoughtworks)",
    label: "Cloud Carbon Footprint grid factors (GCP)",
  },
  em_co2js: {
    file: "co2js/electricity-maps/yearly_{2021..2025}.json",
    repo: "thegreenwebfoundation/co2.js (data/output/electricity-maps/)",
    commit: "27cbe8328aeaad0824fb07b3640dc45b72228c7b",
    licence: "ODbL 1.0 (Electricity Maps data; share-alike for derived databases)",
    attribution: "Electricity Maps (electricitymaps.com), yearly averages; via co2.js (Green Web Foundation)",
    label: "Electricity Maps yearly (via co2.js)",
  },
  em_mlco2: {
    file: "mlco2-impact/2021-10-27yearly_averages.csv",
    repo: "mlco2/impact (data/2021-10-27yearly_averages.csv)",
    commit: "d0d3ee5a71ea222ac344a94900642ed2ce649af4",
    licence: "Electricity Maps data terms (ODbL); treated as share-alike",
    attribution: "Electricity Maps (electricitymaps.com), yearly averages 2017-2021; via ML CO2 Impact",
    label: "Electricity Maps yearly 2017-2021 (via ML CO2 Impact)",
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

// ---------------------------------------------------------------- locations and carbon intensity

const readJson = (file) => JSON.parse(readFileSync(join(SHARED, file), "utf8"));

/** Normalised country name for joining tables that spell countries differently. */
const nameKey = (name) =>
  name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\b(the|of)\b/g, "")
    .replace(/[^a-z]/g, "");

function buildCountries(spec) {
  const gaRows = readTable(UPSTREAM.ga_ci.file, 1);
  const em = readJson("co2js/electricity-maps/yearly_2023.json");
  const iso2ByName = new Map();
  for (const r of gaRows) if (r.Type === "Country") iso2ByName.set(nameKey(r.countryName), r.location);
  for (const [zone, v] of Object.entries(em))
    if (/^[A-Z]{2}$/.test(zone) && !iso2ByName.has(nameKey(v.zone.zoneName)))
      iso2ByName.set(nameKey(v.zone.zoneName), zone);
  const hand = spec.countries ?? {};
  for (const [iso2, c] of Object.entries(hand)) for (const n of c.names) iso2ByName.set(nameKey(n), iso2);
  const iso3to2 = spec.iso3_to_iso2 ?? {};
  const mix = readJson(UPSTREAM.owid_mix.file);
  const countries = new Map();
  for (const [iso3, v] of Object.entries(mix)) {
    const iso2 = iso3to2[iso3] ?? iso2ByName.get(nameKey(v.country_name));
    if (!iso2) {
      console.warn(`no ISO2 for ${iso3} ${v.country_name}; skipped`);
      continue;
    }
    countries.set(iso2, { iso2, iso3, name: v.country_name });
  }
  for (const r of gaRows)
    if (r.Type === "Country" && !countries.has(r.location))
      countries.set(r.location, { iso2: r.location, iso3: null, name: r.countryName });
  return [...countries.values()]
    .map((c) => ({
      ...c,
      names: [...new Set([c.name, ...(hand[c.iso2]?.names ?? [])])],
      adjectives: hand[c.iso2]?.adjectives ?? [],
    }))
    .sort((a, b) => a.iso2.localeCompare(b.iso2));
}

/** Year a Green Algorithms CI row describes: "(data from 2020)" in its source, "Data from 2019" in comments. */
function gaYear(row) {
  const m = /data from (\d{4})/i.exec(`${row.source} ${row.comments}`) ?? /(\d{4}) data/i.exec(row.comments);
  if (m) return Number(m[1]);
  if (/april 2022/i.test(row.comments)) return 2022;
  return 2020; // carbonfootprint.com March 2022 factors describe 2020 (shared/data/README.md)
}

function buildCarbonIntensity(countries) {
  const zones = {};
  const names = {};
  const add = (zone, point) => {
    if (!(point.value >= 0) || !Number.isFinite(point.value)) return;
    (zones[zone] ??= []).push({ ...point, value: round(point.value, 5) });
  };
  const iso2of3 = new Map(countries.filter((c) => c.iso3).map((c) => [c.iso3, c.iso2]));

  for (const r of readTable(UPSTREAM.owid_eu.file)) {
    const iso2 = iso2of3.get(r.Code);
    if (iso2)
      add(iso2, {
        year: Number(r.Year),
        value: num(r["Carbon intensity of electricity (gCO2/kWh)"]),
        source: "owid_eu",
      });
  }
  for (const [iso3, v] of Object.entries(readJson(UPSTREAM.owid_mix.file))) {
    const iso2 = iso2of3.get(iso3);
    if (iso2) add(iso2, { year: v.year, value: num(v.carbon_intensity), source: "owid_mix" });
  }
  let world = null;
  for (const r of readTable(UPSTREAM.ga_ci.file, 1)) {
    const value = num(r.carbonIntensity);
    if (r.location === "WORLD") {
      world = { value, year: gaYear(r), source: `${UPSTREAM.ga_ci.label}: WORLD (IEA 2019)` };
      continue;
    }
    if (r.Type === "Region") names[r.location] = `${r.regionName}, ${r.countryName}`;
    add(r.location, { year: gaYear(r), value, source: "ga_ci" });
  }
  const states = readJson(UPSTREAM.egrid.file);
  for (const v of Object.values(states)) {
    // eGRID figures are lbs CO2 per MWh: × 0.45359237 kg/lb ÷ 1000 kWh/MWh × 1000 g/kg.
    add(`US-${v.regionCode}`, { year: 2016, value: v.emissions * 0.45359237, source: "egrid" });
  }
  // Share-alike data goes to its own file so the main table stays under CC BY/MIT terms.
  const odbl = {};
  const addOdbl = (zone, point) => {
    if (!(point.value >= 0)) return;
    (odbl[zone] ??= []).push({ ...point, value: round(point.value, 5) });
  };
  for (const r of readTable(UPSTREAM.em_mlco2.file)) {
    // Partial years are unrepresentative (seasonal mix): keep years with at least half the hours measured.
    if ((num(r.no_hours_with_data) ?? 0) < 4380) continue;
    // Sub-national zones (balancing authorities, states) too: they give the spread within a country.
    if (zones[r.zone_key] || /^[A-Z]{2}(-|$)/.test(r.zone_key))
      addOdbl(r.zone_key, { year: Number(r.year), value: num(r.carbon_intensity_avg), source: "em_mlco2" });
  }
  const odblNames = {};
  for (let year = 2021; year <= 2025; year++) {
    const em = readJson(`co2js/electricity-maps/yearly_${year}.json`);
    for (const [zone, v] of Object.entries(em)) {
      if (!zones[zone] && !/^[A-Z]{2}(-|$)/.test(zone)) continue;
      if (zone.includes("-") && v.zone?.zoneName) odblNames[zone] = v.zone.zoneName;
      addOdbl(zone, { year, value: num(v.carbonIntensity?.value), source: "em_co2js" });
    }
  }
  const sortPoints = (table) => {
    for (const list of Object.values(table))
      list.sort((a, b) => a.year - b.year || a.source.localeCompare(b.source));
    return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
  };
  const sourceLabels = (keys) =>
    Object.fromEntries(keys.map((k) => [k, `${UPSTREAM[k].label} (${UPSTREAM[k].licence})`]));
  return {
    main: {
      unit: "gCO2e/kWh",
      world,
      sources: sourceLabels(["owid_eu", "owid_mix", "ga_ci", "egrid"]),
      // Lower rank wins when two sources give the same year.
      source_rank: { owid_eu: 1, owid_mix: 1, ga_ci: 2, egrid: 3 },
      zone_names: names,
      zones: sortPoints(zones),
    },
    odbl: {
      unit: "gCO2e/kWh",
      licence:
        "ODbL 1.0: Electricity Maps data. Attribution: Electricity Maps (electricitymaps.com). Share-alike: this file is a derived database and stays under ODbL.",
      basis: "lifecycle, consumption-based yearly averages",
      sources: sourceLabels(["em_mlco2", "em_co2js"]),
      source_rank: { em_mlco2: 4, em_co2js: 4 },
      zone_names: Object.fromEntries(Object.entries(odblNames).sort(([a], [b]) => a.localeCompare(b))),
      zones: sortPoints(odbl),
    },
  };
}

/** Region code as providers write it, compared without case or spaces ("East US" = "eastus"). */
const regionKey = (code) => code.toLowerCase().replace(/\s+/g, "");

/** Year an ML CO2 Impact region figure describes (its README: eGRID 2016, EEA 2017 paper, 2018-2019 others). */
function regionYear(source, comment = "") {
  const text = `${source} ${comment}`;
  const y = /\b(20[0-2]\d)\b/.exec(text);
  if (y) return Number(y[1]);
  if (/egrid/i.test(text)) return 2016;
  if (/sciencedirect/i.test(text)) return 2017;
  if (/electricitymap/i.test(text)) return 2019;
  return 2018;
}

/** ISO country of a carbon-intensity zone ("US-VA" → US; Green Algorithms writes Hong Kong as "CN-HK"). */
const zoneCountry = (zone) => (zone === "CN-HK" || zone === "CN-HK2" ? "HK" : zone.split("-")[0]);

function buildRegions(countries, spec) {
  const byName = new Map();
  for (const c of countries) for (const n of c.names) byName.set(nameKey(n), c.iso2);
  byName.set(nameKey("USA"), "US");
  const regions = new Map();
  const get = (provider, code) => {
    const key = `${provider}:${regionKey(code)}`;
    if (!regions.has(key))
      regions.set(key, {
        provider,
        code,
        name: null,
        country: null,
        zone: null,
        city: null,
        pue: null,
        ci: [],
      });
    return regions.get(key);
  };
  for (const r of readTable(UPSTREAM.ga_dc.file, 1)) {
    const reg = get(r.provider, r.Name);
    reg.zone = r.location;
    reg.country = zoneCountry(r.location);
    reg.city = r.location_freeForm.trim() || null;
    const pue = num(r.PUE);
    if (pue)
      reg.pue = { value: pue, source: `${UPSTREAM.ga_dc.label}: ${r.provider} ${r.Name} (${r.source_PUE})` };
  }
  for (const r of readTable(UPSTREAM.mlco2_regions.file)) {
    if (!r.region) continue;
    const reg = get(r.provider, r.region);
    reg.name ??= r.regionName || null;
    reg.city ??= r.city || null;
    reg.country ??= byName.get(nameKey(r.country)) ?? null;
    const value = num(r.impact);
    if (value !== null)
      reg.ci.push({
        value,
        year: regionYear(r.source, r.comment),
        source: `${UPSTREAM.mlco2_regions.label}: ${r.provider} ${r.region} (${r.source})`,
      });
    const pue = num(r.PUE);
    if (pue && !reg.pue)
      reg.pue = {
        value: pue,
        source: `${UPSTREAM.mlco2_regions.label}: ${r.provider} ${r.region} (${r["PUE source"]})`,
      };
  }
  for (const r of readTable(UPSTREAM.cc_gcp.file)) {
    const reg = get("gcp", r.region);
    reg.country ??= iso2FromIso3(countries, r.countryIsoCode);
    reg.city ??= r.city || null;
    const value = num(r.impact);
    if (value !== null) reg.ci.push({ value, year: 2023, source: `${UPSTREAM.cc_gcp.label}: ${r.region}` });
  }
  for (const provider of ["aws", "azure", "gcp"]) {
    const key = `ccf_${provider}`;
    for (const r of readTable(UPSTREAM[key].file)) {
      let t = (r["CO2e (metric ton/kWh)"] ?? "").trim();
      // The Azure file drops the leading "0." on two rows ("000077" means 0.000077).
      if (/^0{3}\d+$/.test(t)) t = `0.${t}`;
      const value = num(t);
      if (value === null) continue;
      const reg = get(provider, r.Region);
      reg.ci.push({
        value: value * 1e6,
        year: 2019,
        source: `${UPSTREAM[key].label}: ${r.Region} (${r.Source})`,
      });
    }
  }
  for (const [key, zone] of Object.entries(spec.region_zones ?? {})) {
    const reg = regions.get(key);
    if (!reg) throw new Error(`region_zones: no region ${key}`);
    reg.zone = zone;
    reg.country = zoneCountry(zone);
  }
  for (const reg of regions.values()) {
    if (!reg.country) throw new Error(`region ${reg.provider}:${reg.code} has no country`);
    reg.zone ??= reg.country;
  }
  return [...regions.values()]
    .map((r) => ({ ...r, ci: r.ci.map((p) => ({ ...p, value: round(p.value, 5) })) }))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.code.localeCompare(b.code));
}

function iso2FromIso3(countries, iso3) {
  return countries.find((c) => c.iso3 === iso3)?.iso2 ?? null;
}

// ---------------------------------------------------------------- validation cases

/** Published trainings with their reported figures (our research notes) joined with how we feed them in. */
function buildValidationCases() {
  const researchFile = resolve(SHARED, "..", "research", "validation-cases.json");
  const cases = JSON.parse(readFileSync(researchFile, "utf8"));
  const inputs = parseYaml(readFileSync(join(DATA, "src", "validation-inputs.yaml"), "utf8"));
  const out = cases.map((c) => {
    const how = inputs[c.id];
    return {
      id: c.id,
      status: c.verification.status,
      unverified_fields: c.verification.unverified_fields,
      paper: c.source.paper,
      read_at: c.source.read_at,
      reported: { energy_kwh: c.reported.energy_kwh ?? null, co2e_kg: c.reported.co2e_kg ?? null },
      mode: how?.mode ?? "skip",
      why: how?.why ?? (how ? null : "inputs too incomplete or unverified: not run"),
      input: how?.input ?? null,
      notes: c.notes,
    };
  });
  // Cases of our own (not in the research notes) carry their publication in a `case:` block.
  for (const [id, how] of Object.entries(inputs)) {
    if (out.some((c) => c.id === id)) continue;
    if (!how.case)
      throw new Error(`validation-inputs.yaml: no case ${id} in the research notes and no case: block`);
    const { status, unverified_fields, paper, read_at, reported, notes } = how.case;
    out.push({
      id,
      status,
      unverified_fields,
      paper,
      read_at,
      reported: { energy_kwh: reported.energy_kwh ?? null, co2e_kg: reported.co2e_kg ?? null },
      mode: how.mode,
      why: how.why ?? null,
      input: how.input,
      notes,
    });
  }
  return {
    generated_by: "scripts/build-data.mjs",
    source:
      "ml-footprint research notes (shared/research/validation-cases.json) and the cases added in data/src/validation-inputs.yaml, compiled from the papers and the public copies named in read_at; inputs from data/src/validation-inputs.yaml",
    cases: out,
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
    "| `data/locations.json` | `data/src/locations.yaml` (ours) + country names/codes from OWID energy mix and Green Algorithms; cloud regions from Green Algorithms, ML CO2 Impact, CodeCarbon (GCP) and Cloud Carbon Footprint |",
    "| `data/estimation.json` | `data/src/estimation.yaml` (ours): estimator constants, each naming the publication it comes from |",
    "| `data/validation-cases.json` | our research notes on published trainings (each case names the paper and where it was read) + `data/src/validation-inputs.yaml` (ours) |",
    "| `data/carbon-intensity.json` | OWID/EEA yearly series, OWID energy mix, Green Algorithms CI_aggregated, US EPA eGRID 2016 (CC BY 4.0 / MIT / public domain) |",
    "| `data/carbon-intensity-odbl.json` | **Electricity Maps** yearly averages 2017-2025 (via ML CO2 Impact and co2.js). **ODbL 1.0**: attribute Electricity Maps; this file is a derived database and is shared under ODbL (share-alike). It is kept apart so the other files stay under their own terms; the estimator uses it only for years the other sources lack. |",
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
    "Not used: `boavizta/` (AGPL-3.0, reference only); `co2js/average-intensities.json` (Ember, CC BY-SA: the OWID",
    "energy mix carries the same Ember figures under CC BY 4.0).",
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
  const locSpec = parseYaml(readFileSync(join(DATA, "src", "locations.yaml"), "utf8"));
  const countries = buildCountries(locSpec);
  const regions = buildRegions(countries, locSpec);
  writeJson("locations.json", {
    generated_by: "scripts/build-data.mjs",
    pue_defaults: locSpec.pue_defaults,
    providers: locSpec.providers,
    computing_centres: locSpec.computing_centres,
    countries,
    regions,
  });
  const ci = buildCarbonIntensity(countries);
  writeJson("carbon-intensity.json", { generated_by: "scripts/build-data.mjs", ...ci.main });
  writeJson("carbon-intensity-odbl.json", { generated_by: "scripts/build-data.mjs", ...ci.odbl });
  writeJson("estimation.json", {
    generated_by: "scripts/build-data.mjs (copied from data/src/estimation.yaml)",
    ...parseYaml(readFileSync(join(DATA, "src", "estimation.yaml"), "utf8")),
  });
  writeJson("validation-cases.json", buildValidationCases());
  for (const k of [
    "ga_ci",
    "ga_dc",
    "owid_eu",
    "owid_mix",
    "egrid",
    "cc_gcp",
    "mlco2_regions",
    "ccf_aws",
    "ccf_azure",
    "ccf_gcp",
    "em_co2js",
    "em_mlco2",
  ])
    used.add(k);
  writeFileSync(join(DATA, "PROVENANCE.md"), provenance(used));
  console.log(
    `locations.json: ${countries.length} countries, ${regions.length} cloud regions, ${locSpec.computing_centres.length} centres; ` +
      `carbon-intensity.json: ${Object.keys(ci.main.zones).length} zones; odbl: ${Object.keys(ci.odbl.zones).length} zones`,
  );
  console.log(`hardware.json: ${entries.length} entries; cpu-power.json: ${cpu.cpus.length} CPUs`);
}

main();
