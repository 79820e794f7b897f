/**
 * Power usage effectiveness (facility energy ÷ IT energy) for a location: a stated value wins; then the data
 * centre's own figure (cloud region, computing centre), exact; then the provider's default with the spread of
 * its data centres (which one is unknown); then the default for an unknown or on-premise data centre (1.56,
 * Uptime 2024) with the spread of data centres; 1.0 for a personal machine.
 */
import {
  infrastructureProvider,
  lookupCloudProvider,
  pueDefaults,
  type CloudRegionRecord,
  type ComputingCentre,
} from "./locations.js";

export interface PueFigure {
  central: number;
  low: number;
  high: number;
  level: "stated" | "region" | "centre" | "provider" | "personal" | "unknown";
  source: string;
  sources: string[];
}

export interface PueQuery {
  /** PUE the paper states. */
  stated?: number | null;
  region?: CloudRegionRecord | null;
  centre?: ComputingCentre | null;
  /** Provider id or alias ("aws", "Google Colab"). */
  provider?: string | null;
  /** Trained on a laptop or desktop: no data-centre overhead. */
  personal?: boolean;
}

export function pueFor(query: PueQuery): PueFigure {
  if (query.stated !== undefined && query.stated !== null) {
    return {
      central: query.stated,
      low: query.stated,
      high: query.stated,
      level: "stated",
      source: "stated",
      sources: ["stated in the input"],
    };
  }
  const defaults = pueDefaults();
  if (query.personal) return fromRange(defaults.personal, "personal");
  const providerId = query.provider ?? query.region?.provider ?? null;
  const provider = providerId ? lookupCloudProvider(providerId) : null;
  const infra = provider ? infrastructureProvider(provider) : null;
  const providerRange = infra?.pue;
  const own = query.region?.pue ?? query.centre?.pue ?? null;
  // The data centre is known and publishes its PUE: nothing about it is unknown, so no range.
  if (own) {
    const level = query.region?.pue ? "region" : "centre";
    return {
      central: own.value,
      low: own.value,
      high: own.value,
      level,
      source: own.source,
      sources: [own.source],
    };
  }
  if (providerRange) return fromRange(providerRange, "provider");
  return fromRange(defaults.unknown, "unknown");
}

function fromRange(
  range: {
    central: { value: number; source: string };
    low?: { value: number; source: string };
    high?: { value: number; source: string };
  },
  level: PueFigure["level"],
): PueFigure {
  const low = range.low ?? range.central;
  const high = range.high ?? range.central;
  return {
    central: range.central.value,
    low: Math.min(low.value, range.central.value),
    high: Math.max(high.value, range.central.value),
    level,
    source: range.central.source,
    sources: [...new Set([range.central.source, low.source, high.source])],
  };
}
