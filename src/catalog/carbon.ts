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
const odblSchema = fileSchema.extend({ zone_names: z.record(z.string(), z.string()) });
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
  const odbl = readDataJson("carbon-intensity-odbl.json", odblSchema);
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
  const names = { ...odbl.zone_names, ...main.zone_names };
  return { main, zones, names, worldLow: pct(0.1), worldHigh: pct(0.9) };
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
  /**
   * Where in the country is known (a computing centre, a cloud region) even when only the country has figures:
   * then the country's sub-national grids are not a spread of possible places.
   */
  placeKnown?: boolean;
}

/** Years before the latest one that a training of unknown year may have used: the range covers them. */
const UNKNOWN_YEAR_SPAN = 2;

interface Level {
  level: CarbonIntensityFigure["level"];
  zone: string;
  points: Point[];
}

/** Rank, then the higher value on equal rank: a stable choice of one figure per year. */
const byQuality = (a: Point, b: Point) => a.rank - b.rank || b.value - a.value;

/** The one figure a place has for a year: its best-ranked source's (undefined: no figure that year). */
const bestOfYear = <P extends Point>(points: readonly P[], year: number): P | undefined =>
  points.filter((p) => p.year === year).sort(byQuality)[0];

/**
 * Carbon intensity for a location and year. The figure is for the most specific place known: the provider's
 * figure for a cloud region or its grid zone, else the country, else the world; never a coarser place because a
 * closer year exists there (a region keeps its own nearest-year figure, and a note says which year was used).
 *
 * The range says only what is unknown:
 * - the training year, when it is not given: the figures of the latest year and the {@link UNKNOWN_YEAR_SPAN}
 *   years before it;
 * - where in the country, when only the country is known: every sub-national grid (balancing authority,
 *   state) of the country with a figure for those years;
 * - the place, when nothing is known: the 10th–90th percentile of national grids.
 * A known place in a known year is one figure (the best-ranked source of that year), with no range.
 */
export function carbonIntensity(query: CarbonIntensityQuery): CarbonIntensityFigure {
  const { zones, main, worldLow, worldHigh } = load();
  const region = query.region ?? null;
  const specific: Level[] = [];
  if (region && region.ci.length > 0) {
    specific.push({
      level: "region",
      zone: `${region.provider}:${region.code}`,
      points: region.ci.map((p) => ({ ...p, rank: 0 })),
    });
  }
  const zone = query.zone ?? region?.zone ?? null;
  const country = query.country ?? region?.country ?? zone?.split("-")[0] ?? null;
  if (zone && zone !== country && zones.has(zone))
    specific.push({ level: "zone", zone, points: zones.get(zone)! });
  const notes: string[] = [];
  let levels = specific;
  if (levels.length === 0 && country && zones.has(country)) {
    levels = [{ level: "country", zone: country, points: zones.get(country)! }];
    if (zone && zone !== country) notes.push(`no figure for ${zone}: country ${country} used`);
  }
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

  // One place: its levels' figures together (a region's own figures rank before its zone's).
  const points = levels.flatMap((l) => l.points.map((p) => ({ ...p, level: l })));
  const target = query.year ?? null;
  const distance = (p: Point) => (target === null ? -p.year : Math.abs(p.year - target));
  const point = [...points].sort((a, b) => distance(a) - distance(b) || byQuality(a, b))[0]!;
  const chosen = point.level;
  const place =
    region && levels[0]!.level === "region"
      ? `${region.provider} ${region.code} (${region.zone})`
      : chosen.zone;

  const years = target === null ? range(point.year - UNKNOWN_YEAR_SPAN, point.year) : [point.year];
  const used: Point[] = [point];
  for (const year of years) {
    const best = bestOfYear(points, year);
    if (best && !used.includes(best)) used.push(best);
  }
  if (target === null) {
    const covered = years.filter((y) => used.some((p) => p.year === y));
    notes.push(
      `training year not given: latest figure (${point.year}) used; the range covers ${covered.join(", ")}`,
    );
  } else if (point.year !== target) {
    notes.push(`no ${target} figure for ${place}: its nearest year, ${point.year}, used`);
  }
  if (chosen.level === "country" && !query.placeKnown) {
    const within = subNationalFigures(zones, chosen.zone, years);
    if (within.length > 0) {
      used.push(...within);
      const lowest = within.reduce((a, b) => (b.value < a.value ? b : a));
      const highest = within.reduce((a, b) => (b.value > a.value ? b : a));
      const zoneNames = [...new Set(within.map((p) => p.zone))];
      notes.push(
        zoneNames.length === 1
          ? `only the country is known: the range covers its sub-national grid ${describeZone(zoneNames[0]!)} (${round(lowest.value)}-${round(highest.value)} gCO2e/kWh)`
          : `only the country is known: the range covers its ${zoneNames.length} sub-national grids, from ` +
              `${describeZone(lowest.zone)} (${round(lowest.value)}) to ${describeZone(highest.zone)} (${round(highest.value)} gCO2e/kWh)`,
      );
    }
  }
  const values = used.map((p) => p.value);
  return {
    central: point.value,
    low: Math.min(...values),
    high: Math.max(...values),
    year: point.year,
    zone: chosen.zone,
    level: chosen.level,
    source: `${point.source} (${point.year})`,
    sources: [
      ...new Set(used.filter((p) => !("zone" in p)).map((p) => `${p.source} (${p.year}): ${p.value} g/kWh`)),
      ...(used.some((p) => "zone" in p)
        ? [
            `sub-national grids of ${chosen.zone}: ${[...new Set(used.filter((p) => "zone" in p).map((p) => p.source))].join("; ")}`,
          ]
        : []),
    ],
    notes,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const round = (v: number) => Math.round(v);

/** Figures of the country's sub-national zones ("US-CAL-CISO", "US-TX") for the given years. */
function subNationalFigures(
  zones: Map<string, Point[]>,
  country: string,
  years: readonly number[],
): Array<Point & { zone: string }> {
  const out: Array<Point & { zone: string }> = [];
  for (const [zone, points] of zones) {
    if (!zone.startsWith(`${country}-`)) continue;
    for (const year of years) {
      const best = bestOfYear(points, year);
      if (best) out.push({ ...best, zone });
    }
  }
  return out;
}

function describeZone(zone: string): string {
  const name = load().names[zone];
  return name ? `${name} (${zone})` : zone;
}

/** Display name of a sub-national zone ("US-CA" → "California, United States of America"), when known. */
export function zoneName(zone: string): string | undefined {
  return load().names[zone];
}

/** Whether we hold any figure for this zone code. */
export function hasCarbonIntensityZone(zone: string): boolean {
  return load().zones.has(zone);
}
