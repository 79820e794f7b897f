/**
 * Turns the location facts of an input (provider, region, computing centre, country) into the carbon-intensity
 * zone and the data-centre context that set PUE and grid intensity.
 */
import {
  hasCarbonIntensityZone,
  infrastructureProvider,
  lookupCloudProvider,
  lookupCloudRegionRecord,
  lookupComputingCentre,
  lookupCountry,
  type CloudProvider,
  type CloudRegionRecord,
  type ComputingCentre,
} from "../catalog/index.js";
import type { FootprintInput } from "./types.js";

export interface ResolvedLocation {
  provider: CloudProvider | null;
  region: CloudRegionRecord | null;
  centre: ComputingCentre | null;
  /** Carbon-intensity zone: sub-national ("US-VA") or ISO country ("FR"); null when unknown. */
  zone: string | null;
  country: string | null;
  /** Readable description ("AWS us-east-1 (US-VA)"), or "unknown location". */
  description: string;
  /** Names that did not resolve, as messages. */
  unresolved: string[];
}

export function resolveLocation(input: FootprintInput): ResolvedLocation {
  const unresolved: string[] = [];
  let provider: CloudProvider | null = null;
  if (input.cloud_provider) {
    provider = lookupCloudProvider(input.cloud_provider);
    if (!provider) unresolved.push(`unknown cloud provider "${input.cloud_provider}"`);
  }
  let centre: ComputingCentre | null = null;
  if (input.computing_centre) {
    centre = lookupComputingCentre(input.computing_centre);
    if (!centre) unresolved.push(`unknown computing centre "${input.computing_centre}"`);
  }
  let region: CloudRegionRecord | null = null;
  let zone: string | null = null;
  let country: string | null = null;
  if (input.region) {
    const found = resolveRegionText(input.region, provider);
    if (found) {
      region = found.region ?? null;
      centre ??= found.centre ?? null;
      zone = found.zone ?? null;
      country = found.country ?? null;
    } else {
      unresolved.push(`unknown region "${input.region}"`);
    }
  }
  if (input.country) {
    const c = lookupCountry(input.country);
    if (c) country ??= c.iso2;
    else unresolved.push(`unknown country "${input.country}"`);
  }
  if (region) {
    zone = region.zone;
    country = region.country;
    provider ??= lookupCloudProvider(region.provider);
  } else if (centre) {
    zone ??= centre.zone ?? centre.country;
    country ??= centre.country;
  }
  zone ??= country;
  return {
    provider,
    region,
    centre,
    zone,
    country,
    description: describe(provider, region, centre, zone),
    unresolved,
  };
}

/** Two location inputs that name different places. */
export interface LocationConflict {
  fields: [keyof FootprintInput, keyof FootprintInput];
  /** "us-east-1 is in US, France is FR" */
  detail: string;
}

/**
 * The first pair of location inputs that cannot both be true: a region, computing centre or country in
 * different countries, or two centres. Consistent pairs ("us-east-1" with "US") are fine. Names that do not
 * resolve are not conflicts (they are reported as unknown).
 */
export function findLocationConflict(input: FootprintInput): LocationConflict | null {
  const places: Array<{ field: keyof FootprintInput; text: string; country: string }> = [];
  if (input.region) {
    const found = resolveRegionText(
      input.region,
      input.cloud_provider ? lookupCloudProvider(input.cloud_provider) : null,
    );
    const country = found?.region?.country ?? found?.country ?? found?.centre?.country;
    if (country) places.push({ field: "region", text: input.region, country });
  }
  if (input.computing_centre) {
    const centre = lookupComputingCentre(input.computing_centre);
    if (centre)
      places.push({ field: "computing_centre", text: input.computing_centre, country: centre.country });
  }
  if (input.country) {
    const country = lookupCountry(input.country);
    if (country) places.push({ field: "country", text: input.country, country: country.iso2 });
  }
  for (let i = 0; i < places.length; i++) {
    for (let j = i + 1; j < places.length; j++) {
      const a = places[i]!;
      const b = places[j]!;
      if (a.country !== b.country) {
        return {
          fields: [a.field, b.field],
          detail: `${a.text} is in ${a.country}, ${b.text} in ${b.country}`,
        };
      }
    }
  }
  return null;
}

interface RegionTextMatch {
  region?: CloudRegionRecord;
  centre?: ComputingCentre;
  zone?: string;
  country?: string;
}

/**
 * A region as papers and configs write it: a cloud region code, a computing centre, a zone code ("US-CA"), a
 * country, or a mix ("France (Jean Zay, IDRIS)"): the whole text first, then its parts.
 */
function resolveRegionText(text: string, provider: CloudProvider | null): RegionTextMatch | null {
  const infra = provider ? infrastructureProvider(provider).id : undefined;
  const whole = resolveOne(text.trim(), infra);
  if (whole) return whole;
  const parts = text
    .split(/[(),;/]| - /)
    .map((p) => p.trim())
    .filter(Boolean);
  const found = parts.map((p) => resolveOne(p, infra)).filter((m): m is RegionTextMatch => m !== null);
  if (found.length === 0) return null;
  return Object.assign({}, ...found.reverse()) as RegionTextMatch;
}

function resolveOne(text: string, provider: string | undefined): RegionTextMatch | null {
  const region = lookupCloudRegionRecord(text, provider);
  if (region) return { region };
  const centre = lookupComputingCentre(text);
  if (centre) return { centre, country: centre.country, ...(centre.zone ? { zone: centre.zone } : {}) };
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}-[A-Z0-9]{1,4}$/.test(upper) && hasCarbonIntensityZone(upper)) {
    return { zone: upper, country: upper.slice(0, 2) };
  }
  const country = lookupCountry(text);
  if (country) return { country: country.iso2 };
  return null;
}

function describe(
  provider: CloudProvider | null,
  region: CloudRegionRecord | null,
  centre: ComputingCentre | null,
  zone: string | null,
): string {
  if (region) return `${provider?.name ?? region.provider} ${region.code} (${region.zone})`;
  if (centre) return `${centre.name} (${zone ?? centre.country})`;
  if (provider && zone) return `${provider.name}, ${zone}`;
  if (provider) return `${provider.name}, region unknown`;
  return zone ?? "unknown location";
}
