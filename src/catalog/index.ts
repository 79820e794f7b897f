/**
 * Reference catalogs shared by the readers and the estimator: hardware (accelerators, SoCs, CPUs) and, in
 * locations.ts, countries, cloud providers and regions, and named computing centres. Data is loaded lazily from
 * `data/` and validated once.
 */
export {
  lookupHardware,
  getHardware,
  hardwareFamily,
  isProcessor,
  constraintArchitecture,
  constraintArchitectureOf,
  listHardware,
  cpuPowerPerCoreW,
  HARDWARE_KINDS,
  PRECISIONS,
  type HardwareEntry,
  type HardwareMatch,
  type HardwareKind,
  type Precision,
  type CpuPowerPerCore,
} from "./hardware.js";
export { findHardwareMentions, type HardwareMention } from "./mentions.js";
export { parseHardwareSpelling, type ParsedSpelling, type FormFactor } from "./spelling.js";
export {
  listCountries,
  lookupCountry,
  listCloudProviders,
  lookupCloudProvider,
  infrastructureProvider,
  lookupCloudRegion as lookupCloudRegionRecord,
  listComputingCentres,
  lookupComputingCentre,
  pueDefaults,
  type Country,
  type CloudProvider,
  type CloudRegionRecord,
  type ComputingCentre,
  type SourcedValue,
} from "./locations.js";
export {
  carbonIntensity,
  zoneName,
  hasCarbonIntensityZone,
  type CarbonIntensityFigure,
  type CarbonIntensityQuery,
} from "./carbon.js";
export { pueFor, type PueFigure, type PueQuery } from "./pue.js";
export { lookupCloudRegion, type CloudRegion } from "./region.js";
