/**
 * Footprint estimation: energy and emissions with ranges, assumptions, sources and a derivation line.
 * `estimateFootprint` is the library entry point; `footprintInputFromSummary` feeds it from analysed facts.
 */
export { estimateFootprint } from "./estimate.js";
export { footprintInputFromSummary } from "./summary-input.js";
export { checkFootprintInput, INPUT_LIMITS } from "./check-input.js";
export {
  findLocationConflict,
  resolveLocation,
  type LocationConflict,
  type ResolvedLocation,
} from "./location.js";
export { runValidationCases, type ValidationRow } from "./validation.js";
export type {
  DeviceHoursOrigin,
  RoundedField,
  FootprintInput,
  FootprintEstimate,
  EstimateMethod,
  Range,
} from "./types.js";
