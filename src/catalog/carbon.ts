/**
 * Grid carbon intensity (gCO2e/kWh) by zone and year, with a range. Zones are ISO countries ("FR") or
 * sub-national grids ("US-CA", "CA-QC"); cloud regions add their provider-published figures on top.
 * Data: data/carbon-intensity.json (CC BY / MIT / public domain) and, only for years those lack,
 * data/carbon-intensity-odbl.json (Electricity Maps, ODbL).
 */
import { z } from "zod";
import { once, readDataJson } from "./data-files.js";
import type { CloudRegionRecord } from "./locations.js";

const pointSchema = z.object({ year: z.number().int(), value: z.number().nonnegative(), source: z.string() });
const fileSchema = z.object({
  unit: z.literal("gCO2e/kWh"),
  sources: z.record(z.string(), z.string()),
  source_rank: z.record(z.string(), z.number()),
  zones: z.record(z.string(), z.array(pointSchema)),
});
const mainSchema = fileSchema.extend({
  world: z.object({ value: z.number().positive(), year: z.number().int(), source: z.string() }),
  zone_names: z.record(z.string(), z.string()),
});

interface Point {
  year: number;
  value: number;
  /** Readable source of this figure. */
  source: string;
  /** 0 = provider's own figure for the region, then by source quality (lower wins on the same year). */
  rank: number;
}

const load = once(() => {
  const main = readDataJson("carbon-intensity.json", mainSchema);
  const odbl = readDataJson("carbon-intensity-odbl.json", fileSchema);
  const zones = new Map<string, Point[]>();
  for (const file of [main, odbl]) {
    for (const [zone, points] of Object.entries(file.zones)) {
      const list = zones.get(zone) ?? [];
      for (const p of points) {
        list.push({
          ...p,
          source: file.sources[p.source] ?? p.source,
          rank: file.source_rank[p.source] ?? 9,
        });
      }
      zones.set(zone, list);
    }
  }
  // Unknown location: the world figure, bounded by the spread of national grids (10th–90th percentile of the
  // latest national values), so that the range says how much the location matters.
  const national = [...zones.entries()]
    .filter(([zone]) => /^[A-Z]{2}$/.test(zone))
    .map(([, points]) => points.filter((p) => p.rank < 4).sort((a, b) => b.year - a.year)[0])
    .filter((p): p is Point => p !== undefined)
    .map((p) => p.value)
    .sort((a, b) => a - b);
  const pct = (q: number) => national[Math.min(national.length - 1, Math.floor(q * national.length))]!;
  return { main, zones, worldLow: pct(0.1), worldHigh: pct(0.9) };
});

export interface CarbonIntensityFigure {
  /** gCO2e/kWh */
  central: number;
  low: number;
  high: number;
  /** Year the central figure describes. */
  year: number;
  /** Zone the figure is for ("US-VA", "FR", "WORLD"), or the cloud region code when it is the provider's figure. */
  zone: string;
  /** What the figure was resolved from. */
  level: "region" | "zone" | "country" | "world";
  source: string;
  /** Every figure that shaped the range. */
  sources: string[];
  /** Human-readable notes: year mismatch, fallbacks. */
  notes: string[];
}

export interface CarbonIntensityQuery {
  region?: CloudRegionRecord | null;
  /** Zone code: ISO2 country or sub-national ("US-CA"). */
  zone?: string | null;
  /** ISO2 country, used when the zone has no figure. */
  country?: string | null;
  /** Year of the training; the nearest year with data is used. */
  year?: number | null;
}

/** Years either side of the chosen one whose figures widen the range. */
const RANGE_YEARS = 1;
/** A more specific level is preferred unless its nearest figure is further than this from the target year. */
const MAX_YEAR_GAP = 2;

/**
 * Carbon intensity for a location and year: the provider's region figure, else the zone, else the country,
 * else the world average; the nearest year to the training year; low/high from all figures for the place
 * (region, zone, country) within a year of it.
 */
export function carbonIntensity(query: CarbonIntensityQuery): CarbonIntensityFigure {
  const { zones, main, worldLow, worldHigh } = load();
  const levels: Array<{ level: CarbonIntensityFigure["level"]; zone: string; points: Point[] }> = [];
  const region = query.region ?? null;
  if (region && region.ci.length > 0) {
    levels.push({
      level: "region",
      zone: `${region.provider}:${region.code}`,
      points: region.ci.map((p) => ({ ...p, rank: 0 })),
    });
  }
  const zone = query.zone ?? region?.zone ?? null;
  if (zone && zones.has(zone)) levels.push({ level: "zone", zone, points: zones.get(zone)! });
  const country = query.country ?? region?.country ?? zone?.split("-")[0] ?? null;
  if (country && country !== zone && zones.has(country)) {
    levels.push({ level: "country", zone: country, points: zones.get(country)! });
  }
  const notes: string[] = [];
  if (levels.length === 0) {
    if (zone || country) notes.push(`no carbon-intensity figure for ${zone ?? country}; world average used`);
    return {
      central: main.world.value,
      low: Math.min(worldLow, main.world.value),
      high: Math.max(worldHigh, main.world.value),
      year: main.world.year,
      zone: "WORLD",
      level: "world",
      source: main.world.source,
      sources: [
        main.world.source,
        "range: 10th-90th percentile of national grids (latest year, OWID/Green Algorithms)",
      ],
      notes,
    };
  }

  const target = query.year ?? null;
  const distance = (p: Point) => (target === null ? -p.year : Math.abs(p.year - target));
  const best = (points: Point[]) =>
    [...points].sort((a, b) => distance(a) - distance(b) || a.rank - b.rank || b.year - a.year)[0]!;
  let chosen = levels[0]!;
  if (target !== null) {
    const close = levels.find((l) => Math.abs(best(l.points).year - target) <= MAX_YEAR_GAP);
    chosen = close ?? levels.reduce((a, b) => (distance(best(b.points)) < distance(best(a.points)) ? b : a));
  }
  const point = best(chosen.points);
  // The range takes every figure for this place (region, zone and country) within a year of the chosen one:
  // different sources and neighbouring years disagree, and that disagreement is the uncertainty.
  const near = levels.flatMap((l) => l.points).filter((p) => Math.abs(p.year - point.year) <= RANGE_YEARS);
  if (target === null) notes.push(`training year not given: latest figure (${point.year}) used`);
  else if (point.year !== target)
    notes.push(`no ${target} figure for ${chosen.zone}: nearest year ${point.year} used`);
  if (chosen.level === "country" && zone && zone !== chosen.zone) {
    notes.push(`no figure for zone ${zone}: country ${chosen.zone} used`);
  }
  return {
    central: point.value,
    low: Math.min(...near.map((p) => p.value)),
    high: Math.max(...near.map((p) => p.value)),
    year: point.year,
    zone: chosen.zone,
    level: chosen.level,
    source: `${point.source} (${point.year})`,
    sources: [...new Set(near.map((p) => `${p.source} (${p.year}): ${p.value} g/kWh`))],
    notes,
  };
}

/** Display name of a sub-national zone ("US-CA" → "California, United States of America"), when known. */
export function zoneName(zone: string): string | undefined {
  return load().main.zone_names[zone];
}

/** Whether we hold any figure for this zone code. */
export function hasCarbonIntensityZone(zone: string): boolean {
  return load().zones.has(zone);
}
