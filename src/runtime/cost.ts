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

/** Linux reports times in /proc in USER_HZ ticks, which the kernel ABI fixes at 100 per second. */
const USER_HZ = 100;

/**
 * CPU seconds of this process' finished child processes (pdftotext runs), from /proc/self/stat's cutime and
 * cstime: the kernel adds a child's time when it is reaped. 0 where /proc is not there.
 */
export function childProcessCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces, inside parentheses): cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
  } catch {
    return 0;
  }
}

/**
 * Starts measuring; the returned function gives the cost so far. CPU time covers the whole process (worker
 * threads included) and, with `children`, its finished child processes such as pdftotext.
 *
 * @example
 *   const stop = startCostMeter();
 *   await work();
 *   stop(); // { wall_s: 0.41, cpu_s: 0.52, energy_wh: 0.0017, basis: "12 W per core (...)" }
 */
export function startCostMeter(options: { children?: boolean } = {}): () => AnalysisCost {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const childrenStart = options.children ? childProcessCpuSeconds() : 0;
  return () => {
    const cpu = process.cpuUsage(cpuStart);
    const children = options.children ? childProcessCpuSeconds() - childrenStart : 0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6 + children;
    const power = cpuPowerPerCoreW(localCpuModel() ?? undefined);
    return {
      wall_s: round((performance.now() - wallStart) / 1000, 3),
      cpu_s: round(cpuSeconds, 3),
      energy_wh: round(toHours(cpuSeconds, "s") * power.watts, 6),
      basis: `${round(power.watts, 2)} W per busy core${power.model ? ` (${power.model})` : ""}${power.assumed ? ", assumed" : ""}; ${power.source}`,
    };
  };
}
