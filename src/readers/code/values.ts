/**
 * Reading values as written in code, configs and command lines: numbers (`2E5`, `100_000`), device lists
 * (`0,1,2,3`, `[0, 1]`), precisions (`16-mixed`, `bf16`) and scheduler time limits (`2-00:00:00`).
 * Numbers are read by the shared parser in code notation (src/domain/numbers.ts), durations converted by the
 * unit table (src/domain/units.ts).
 */
import { parseNumber as parseWrittenNumber, roundTo } from "../../domain/numbers.js";
import { toHours } from "../../domain/units.js";

export { roundTo };

/** A finite number from a literal such as `30`, `1e5`, `2E5`, `100_000`, `"64"`; null otherwise. */
export function parseNumber(raw: string): number | null {
  return parseWrittenNumber(raw.trim().replace(/^["']|["']$/g, ""), { notation: "code" });
}

/** Like parseNumber, but only values > 0 (a compute setting of 0 or -1 means "unset" or "all"). */
export function parsePositiveNumber(raw: string): number | null {
  const value = parseNumber(raw);
  return value !== null && value > 0 ? value : null;
}

/**
 * Devices named by a list of ids: `0,1,2,3` → 4, `[0, 1]` → 2, `"0"` → 1. A bare `-1`, `auto` or `all` is not a
 * count (it means "every visible device") and gives null.
 */
export function countDeviceIds(raw: string): number | null {
  const text = raw
    .trim()
    .replace(/^["'[(]+|["'\])]+$/g, "")
    .trim();
  if (text === "") return null;
  const parts = text.split(/\s*,\s*|\s+/).filter((p) => p !== "");
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return null;
  return new Set(parts).size;
}

/**
 * A device count written as a number (`4`) or as a list of ids (`[0,1]`, `"0,1"`).
 * Lists count their ids; a single number is the count itself.
 */
export function parseDeviceCount(raw: string): number | null {
  const text = raw.trim();
  if (/^[[(]/.test(text) || /,/.test(text)) return countDeviceIds(text);
  const value = parsePositiveNumber(text);
  return value !== null && Number.isInteger(value) ? value : null;
}

/** Normalises a precision setting: `16`, `"16-mixed"`, `fp16=True` → "fp16"; `bf16*` → "bf16"; `32` → "fp32". */
export function parsePrecision(name: string, raw: string): string | null {
  const text = raw
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  const switchedOn = text === "true" || text === "1" || text === "yes";
  if (/bf16/.test(name)) return switchedOn ? "bf16" : null;
  if (/fp16|half|amp/.test(name) && !/^(?:precision|mixed_precision)$/.test(name))
    return switchedOn ? "fp16" : null;
  if (/^bf16|bfloat16/.test(text)) return "bf16";
  if (/^(?:16|fp16|float16|half)(?:-mixed|-true)?$/.test(text) || text === "mixed") return "fp16";
  if (/^(?:32|fp32|float32|no)(?:-true)?$/.test(text)) return "fp32";
  if (/^(?:64|fp64|float64|double)(?:-true)?$/.test(text)) return "fp64";
  if (/^(?:8|fp8|int8)/.test(text)) return "fp8";
  return null;
}

/**
 * A scheduler time limit in hours. SLURM accepts `minutes`, `minutes:seconds`, `hours:minutes:seconds`,
 * `days-hours`, `days-hours:minutes` and `days-hours:minutes:seconds`; PBS/SGE write `hh:mm:ss`; LSF `hh:mm`
 * (pass `style: "hh:mm"`). Lightning's `max_time` is `DD:HH:MM:SS`. Returns null for `UNLIMITED` or garbage.
 */
export function parseTimeLimitHours(
  raw: string,
  style: "slurm" | "hh:mm:ss" | "hh:mm" | "dd:hh:mm:ss" = "slurm",
): number | null {
  const text = raw.trim().replace(/^["']|["']$/g, "");
  if (!/^[\d:-]+$/.test(text)) return null;
  const dayMatch = /^(\d+)-(.*)$/.exec(text);
  const days = dayMatch ? Number(dayMatch[1]) : 0;
  const rest = dayMatch ? dayMatch[2]! : text;
  const parts = rest.split(":").map(Number);
  if (parts.some((p) => !Number.isFinite(p)) || parts.length === 0 || parts.length > 4) return null;
  let hours: number;
  if (style === "dd:hh:mm:ss" && parts.length === 4) {
    hours = clock(parts.slice(1), ["h", "min", "s"]) + toHours(parts[0]!, "day");
  } else if (dayMatch) {
    // days-hours[:minutes[:seconds]]
    hours = clock(parts, ["h", "min", "s"]);
  } else if (style === "hh:mm" && parts.length === 2) {
    hours = clock(parts, ["h", "min"]);
  } else if (parts.length === 1) {
    hours = clock(parts, [style === "slurm" ? "min" : "h"]); // SLURM: bare minutes
  } else if (parts.length === 2) {
    hours = clock(parts, style === "slurm" ? ["min", "s"] : ["h", "min"]);
  } else if (parts.length === 3) {
    hours = clock(parts, ["h", "min", "s"]);
  } else {
    return null;
  }
  const total = toHours(days, "day") + hours;
  return total > 0 ? roundTo(total, 4) : null;
}

/** Hours of the fields of a clock time, each in its unit: [1, 30] in [h, min] is 1.5. */
function clock(fields: readonly number[], units: ReadonlyArray<"h" | "min" | "s">): number {
  return units.reduce((hours, unit, i) => hours + toHours(fields[i] ?? 0, unit), 0);
}

/** Strips one pair of matching quotes. */
export function unquote(raw: string): string {
  const text = raw.trim();
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}
