/**
 * Embodied (manufacturing) emissions of the hardware a training used, amortised over the share of its life the
 * training took: devices × (per-device + server share) × device-hours ÷ lifetime hours. Reported apart from
 * operational emissions.
 */
import { estimationConstants } from "./constants.js";
import { add, fromTriple, mul, scale } from "./range.js";
import type { Range } from "./types.js";
import { HOURS_PER_YEAR } from "../domain/units.js";

interface Notes {
  assume(text: string): void;
  cite(...sources: string[]): void;
}

export function embodiedEmissions(deviceHours: Range, book: Notes): Range {
  const c = estimationConstants().embodied;
  const perServer = c.accelerators_per_server.value;
  // kgCO2e of one accelerator plus its share of the host server.
  const perDevice = add(fromTriple(c.per_accelerator_kg), scale(fromTriple(c.per_server_kg), 1 / perServer));
  // Longer lifetime → smaller share: the low estimate divides by the longest life.
  const lifetimeHours = fromTriple(c.lifetime_years);
  const share = {
    low: deviceHours.low / (lifetimeHours.low * HOURS_PER_YEAR),
    central: deviceHours.central / (lifetimeHours.central * HOURS_PER_YEAR),
    high: deviceHours.high / (lifetimeHours.high * HOURS_PER_YEAR),
  };
  book.assume(
    `embodied: ${c.per_accelerator_kg.central.value} kgCO2e per accelerator + 1/${perServer} of a ${c.per_server_kg.central.value} kgCO2e server, over ${c.lifetime_years.central.value} years`,
  );
  for (const t of [c.per_accelerator_kg, c.per_server_kg, c.lifetime_years]) {
    book.cite(`embodied: ${t.low.source}`, `embodied: ${t.central.source}`, `embodied: ${t.high.source}`);
  }
  return mul(perDevice, share);
}
