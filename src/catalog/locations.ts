/**
 * Where a training ran: countries (ISO codes, names, adjectives), cloud providers and their regions, and named
 * computing centres, with the carbon-intensity zone and PUE each implies. Built into data/locations.json.
 */
import { z } from "zod";
import { once, readDataJson } from "./data-files.js";

const sourcedValue = z.object({ value: z.number().positive(), source: z.string() });
const pueRangeSchema = z.object({
  central: sourcedValue,
  low: sourcedValue.optional(),
  high: sourcedValue.optional(),
});

const countrySchema = z.object({
  iso2: z.string().regex(/^[A-Z]{2}$/),
  iso3: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  name: z.string(),
  names: z.array(z.string()),
  adjectives: z.array(z.string()),
});

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  runs_on: z.string().optional(),
  pue: pueRangeSchema.optional(),
});

const ciPointSchema = z.object({
  value: z.number().nonnegative(),
  year: z.number().int(),
  source: z.string(),
});

const regionSchema = z.object({
  provider: z.string(),
  code: z.string(),
  name: z.string().nullable(),
  country: z.string().regex(/^[A-Z]{2}$/),
  zone: z.string(),
  city: z.string().nullable(),
  pue: sourcedValue.nullable(),
  ci: z.array(ciPointSchema),
});

const centreSchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  /** Aliases that are also ordinary words, names or Greek letters: a machine only beside a compute word. */
  ambiguous_aliases: z.array(z.string()).optional(),
  operator: z.string(),
  city: z.string(),
  country: z.string().regex(/^[A-Z]{2}$/),
  zone: z.string().optional(),
  pue: sourcedValue.optional(),
  source: z.string(),
});

const locationsSchema = z.object({
  pue_defaults: z.object({ unknown: pueRangeSchema, personal: pueRangeSchema }),
  providers: z.array(providerSchema),
  computing_centres: z.array(centreSchema),
  countries: z.array(countrySchema).min(100),
  regions: z.array(regionSchema).min(50),
});

export type Country = z.infer<typeof countrySchema>;
export type CloudProvider = z.infer<typeof providerSchema>;
export type CloudRegionRecord = z.infer<typeof regionSchema>;
export type ComputingCentre = z.infer<typeof centreSchema>;
export type SourcedValue = z.infer<typeof sourcedValue>;
export type PueDefaults = z.infer<typeof locationsSchema>["pue_defaults"];

/** Compares names ignoring case, accents, punctuation and spacing ("Jülich" = "Julich", "U.S." = "US"). */
export const nameKey = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]/g, "");

/** Provider region codes compare without case or spaces ("East US" = "eastus"); hyphens matter (us-east1 ≠ us-east-1). */
const regionKey = (code: string) => code.toLowerCase().replace(/\s+/g, "");

const load = once(() => {
  const data = readDataJson("locations.json", locationsSchema);
  const countryByName = new Map<string, Country>();
  const countryByCode = new Map<string, Country>();
  for (const c of data.countries) {
    countryByCode.set(c.iso2, c);
    if (c.iso3) countryByCode.set(c.iso3, c);
    for (const n of [...c.names, ...c.adjectives]) {
      if (!countryByName.has(nameKey(n))) countryByName.set(nameKey(n), c);
    }
  }
  const providerByName = new Map<string, CloudProvider>();
  for (const p of data.providers) {
    for (const n of [p.id, p.name, ...p.aliases]) providerByName.set(nameKey(n), p);
  }
  const regions = new Map<string, CloudRegionRecord[]>();
  for (const r of data.regions) {
    const list = regions.get(regionKey(r.code)) ?? [];
    list.push(r);
    regions.set(regionKey(r.code), list);
  }
  const centreByName = new Map<string, ComputingCentre>();
  for (const c of data.computing_centres) {
    for (const n of [c.id, c.name, ...c.aliases]) centreByName.set(nameKey(n), c);
  }
  return { data, countryByName, countryByCode, providerByName, regions, centreByName };
});

/** All countries with ISO 3166 alpha-2/alpha-3 codes, names and adjectives ("French"). */
export function listCountries(): readonly Country[] {
  return load().data.countries;
}

/**
 * A country from a name, adjective or ISO code: "France", "French", "FR", "FRA", "the United States", "U.S.".
 * Two- and three-letter codes must be upper case, so "us" or "it" in prose are not read as countries.
 */
export function lookupCountry(text: string): Country | null {
  if (typeof text !== "string") return null;
  const t = text.trim().replace(/^the\s+/i, "");
  if (/^[A-Z]{2,3}$/.test(t)) {
    const byCode = load().countryByCode.get(t);
    if (byCode) return byCode;
  }
  if (t.length < 2 || t.length > 80) return null;
  const found = load().countryByName.get(nameKey(t));
  // "US"/"UK" are listed as names; lower-case "us" must not match them.
  if (found && /^[a-z]{2,3}$/.test(t)) return null;
  return found ?? null;
}

/** Cloud and hosting providers, with display names and aliases ("Amazon Web Services", "EC2", "Colab"). */
export function listCloudProviders(): readonly CloudProvider[] {
  return load().data.providers;
}

/** A provider from its id, name or alias: "AWS", "Amazon EC2", "Google Cloud Platform", "Google Colab". */
export function lookupCloudProvider(text: string): CloudProvider | null {
  if (typeof text !== "string" || text.length > 80) return null;
  return load().providerByName.get(nameKey(text)) ?? null;
}

/** The provider whose data centres a service runs on (Colab and Kaggle run on Google Cloud). */
export function infrastructureProvider(provider: CloudProvider): CloudProvider {
  if (!provider.runs_on) return provider;
  return load().data.providers.find((p) => p.id === provider.runs_on) ?? provider;
}

/**
 * A cloud region by its code ("us-east-1", "europe-west4", "eastus", "East US"), optionally restricted to one
 * provider (id or alias). Returns null when the code is unknown or names regions of several providers and no
 * provider was given.
 */
export function lookupCloudRegion(code: string, provider?: string): CloudRegionRecord | null {
  if (typeof code !== "string" || code.length > 60) return null;
  const candidates = load().regions.get(regionKey(code.trim())) ?? [];
  if (provider) {
    const p = lookupCloudProvider(provider);
    const id = p ? infrastructureProvider(p).id : provider.toLowerCase();
    return candidates.find((r) => r.provider === id) ?? null;
  }
  return candidates.length === 1 ? candidates[0]! : null;
}

/** Named computing centres (Jean Zay/IDRIS, JUWELS, Summit, ...), each with its country and source. */
export function listComputingCentres(): readonly ComputingCentre[] {
  return load().data.computing_centres;
}

/** A computing centre from its name or an alias ("Jean Zay", "IDRIS", "Jülich Supercomputing Centre"). */
export function lookupComputingCentre(text: string): ComputingCentre | null {
  if (typeof text !== "string" || text.length > 120) return null;
  return load().centreByName.get(nameKey(text)) ?? null;
}

/** PUE defaults: unknown/on-premise data centre and personal machine. */
export function pueDefaults(): PueDefaults {
  return load().data.pue_defaults;
}
