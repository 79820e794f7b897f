/**
 * Reference catalogs shared by the readers and the estimator: hardware (accelerators, SoCs, CPUs) and, in
 * locations.ts, countries, cloud providers and regions, and named computing centres. Data is loaded lazily from
 * `data/` and validated once.
 */
export {
  lookupHardware,
  getHardware,
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
