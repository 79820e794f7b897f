/**
 * The analysis' own footprint: wall time, CPU time and an energy estimate from the CPU time, because a tool
 * that asks papers to disclose their compute shows its own.
 */
import { readFileSync } from "node:fs";
import { cpuPowerPerCoreW } from "../catalog/index.js";
import { roundTo as round } from "../domain/numbers.js";
import { toHours } from "../domain/units.js";

export interface AnalysisCost {
  wall_s: number;
  cpu_s: number;
  energy_wh: number;
  /** Per-core power used and where it comes from. */
  basis: string;
}

let cpuModel: string | null | undefined;

/** This machine's CPU model, from /proc/cpuinfo on Linux; null elsewhere. */
function localCpuModel(): string | null {
  if (cpuModel !== undefined) return cpuModel;
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? null;
  } catch {
    cpuModel = null;
  }
  return cpuModel;
}

/**
 * Starts measuring; the returned function gives the cost so far. CPU time covers the whole process (worker
 * threads included), not child processes such as pdftotext.
 *
 * @example
 *   const stop = startCostMeter();
 *   await work();
 *   stop(); // { wall_s: 0.41, cpu_s: 0.52, energy_wh: 0.0017, basis: "12 W per core (...)" }
 */
export function startCostMeter(): () => AnalysisCost {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const power = cpuPowerPerCoreW(localCpuModel() ?? undefined);
    return {
      wall_s: round((performance.now() - wallStart) / 1000, 3),
      cpu_s: round(cpuSeconds, 3),
      energy_wh: round(toHours(cpuSeconds, "s") * power.watts, 6),
      basis: `${round(power.watts, 2)} W per busy core${power.model ? ` (${power.model})` : ""}${power.assumed ? ", assumed" : ""}; ${power.source}`,
    };
  };
}
