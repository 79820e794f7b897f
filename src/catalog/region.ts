import { carbonIntensity, type CarbonIntensityFigure } from "./carbon.js";
import { lookupCloudRegion as lookupCloudRegionRecord, type CloudRegionRecord } from "./locations.js";
import { pueFor, type PueFigure } from "./pue.js";

/** A cloud region with the carbon intensity (latest year) and PUE it implies. */
export interface CloudRegion extends CloudRegionRecord {
  carbon_intensity: CarbonIntensityFigure;
  pue_figure: PueFigure;
}

/**
 * A cloud region by code ("us-east-1", "europe-west4", "eastus"), optionally for one provider, with its country,
 * carbon-intensity zone, carbon intensity (latest year; call `carbonIntensity({ region, year })` for a given
 * year) and PUE. Null when unknown, or when the code is ambiguous across providers and none was given.
 */
export function lookupCloudRegion(code: string, provider?: string): CloudRegion | null {
  const record = lookupCloudRegionRecord(code, provider);
  if (!record) return null;
  return {
    ...record,
    carbon_intensity: carbonIntensity({ region: record }),
    pue_figure: pueFor({ region: record }),
  };
}
