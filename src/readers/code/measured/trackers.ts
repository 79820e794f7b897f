/**
 * Other measurements authors leave in a repository:
 * - carbontracker logs: the last "Actual consumption for N epoch(s)" block (Time, Energy in kWh, CO2eq in g/kg);
 *   "Predicted consumption" blocks are forecasts and are ignored;
 * - experiment-impact-tracker's statement ("This work contributed X kg of CO2eq to the atmosphere and used Y kWh
 *   of electricity"), wherever it is pasted;
 * - a Hugging Face model card's `co2_eq_emissions` front matter (`emissions` is in grams).
 */
import type { FactTag } from "../../../domain/tags.js";
import { parse as parseYaml } from "yaml";
import type { Fact } from "../../../domain/facts.js";
import { CONFIDENCE, codeFact, lineIndex, splitLines } from "../evidence.js";
import { findHardwareInProse, resolveHardwareName } from "../hardware.js";
import { toHours, toKg } from "../../../domain/units.js";
import { parseTimeLimitHours, roundTo } from "../values.js";

const ACTUAL_BLOCK = /Actual consumption for (\d+) epoch\(s\):/g;

export function carbontrackerFacts(path: string, content: string): Fact[] {
  if (!content.includes("Actual consumption")) return [];
  const matches = [...content.matchAll(ACTUAL_BLOCK)];
  const last = matches[matches.length - 1];
  if (!last) return [];
  const lineOf = lineIndex(content);
  const lines = splitLines(content);
  const blockLine = lineOf(last.index ?? 0);
  const block = lines.slice(blockLine, blockLine + 6);
  const facts: Fact[] = [];
  const make = (field: Fact["field"], value: number, raw: string, offsetLine: number) =>
    facts.push(
      codeFact({
        field,
        value,
        raw,
        confidence: CONFIDENCE.measured,
        file: path,
        line: offsetLine,
        snippet: lines[offsetLine - 1] ?? "",
        tags: ["carbontracker", `epochs_measured:${last[1]}`],
        context: "training",
        measured: true,
      }),
    );
  block.forEach((text, index) => {
    const line = blockLine + 1 + index;
    const energy = /Energy:\s*([\d.]+(?:e-?\d+)?)\s*kWh/i.exec(text);
    if (energy) make("energy_kwh", Number(energy[1]), energy[0], line);
    const co2 = /CO2eq:\s*([\d.]+(?:e-?\d+)?)\s*(g|kg)\b/i.exec(text);
    if (co2) {
      const value = Number(co2[1]);
      make("co2e_kg", roundTo(co2[2]!.toLowerCase() === "g" ? toKg(value, "g") : value, 9), co2[0], line);
    }
    const time = /Time:\s*(?:(\d+) days?, )?(\d+:\d{2}:\d{2})/i.exec(text);
    if (time) {
      const hours = (parseTimeLimitHours(time[2]!, "hh:mm:ss") ?? 0) + toHours(Number(time[1] ?? 0), "day");
      if (hours > 0) make("training_time_hours", hours, time[0], line);
    }
  });
  return facts;
}

const IMPACT_STATEMENT =
  /contributed\s+(\d+(?:\.\d+)?)\s*kg\s+of\s+[^.\n]{0,40}?CO[^.\n]{0,40}?and\s+used\s+(\d+(?:\.\d+)?)\s*kWh/gi;

export function impactTrackerFacts(path: string, content: string): Fact[] {
  if (!/contributed/i.test(content)) return [];
  const facts: Fact[] = [];
  const lineOf = lineIndex(content);
  const lines = splitLines(content);
  for (const match of content.matchAll(IMPACT_STATEMENT)) {
    const line = lineOf(match.index ?? 0);
    const base = {
      file: path,
      line,
      snippet: lines[line - 1] ?? "",
      raw: match[0],
      confidence: CONFIDENCE.measured,
      tags: ["experiment_impact_tracker"] as FactTag[],
      context: "training" as const,
      measured: true,
    };
    facts.push(codeFact({ ...base, field: "co2e_kg", value: Number(match[1]) }));
    facts.push(codeFact({ ...base, field: "energy_kwh", value: Number(match[2]) }));
  }
  return facts;
}

/** `---\nco2_eq_emissions: {emissions: 1234, hardware_used: "8 x A100"}\n---` at the top of a model card. */
export function modelCardFacts(path: string, content: string): Fact[] {
  const front = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(content);
  if (!front || !front[1]!.includes("co2_eq_emissions")) return [];
  let data: unknown;
  try {
    data = parseYaml(front[1]!);
  } catch {
    return [];
  }
  const card = (data as Record<string, unknown> | null)?.co2_eq_emissions;
  const lines = splitLines(content);
  const lineOfKey = (key: string) => {
    const index = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
    return index < 0 ? 1 : index + 1;
  };
  const facts: Fact[] = [];
  const make = (
    field: Fact["field"],
    value: number | string,
    raw: string,
    key: string,
    measured: boolean,
  ) => {
    const line = lineOfKey(key);
    facts.push(
      codeFact({
        field,
        value,
        raw,
        confidence: measured ? CONFIDENCE.measured : CONFIDENCE.config,
        file: path,
        line,
        snippet: lines[line - 1] ?? "",
        tags: ["model_card"],
        context: "training",
        measured,
      }),
    );
  };
  const grams = typeof card === "number" ? card : Number((card as Record<string, unknown> | null)?.emissions);
  if (Number.isFinite(grams) && grams > 0) {
    make(
      "co2e_kg",
      roundTo(toKg(grams, "g"), 9),
      `${grams} g`,
      typeof card === "number" ? "co2_eq_emissions" : "emissions",
      true,
    );
  }
  const hardwareUsed =
    typeof card === "object" && card ? (card as Record<string, unknown>).hardware_used : undefined;
  if (typeof hardwareUsed === "string") {
    const hardware =
      resolveHardwareName(hardwareUsed.replace(/^\s*\d+\s*[x×]?\s*/i, "")) ??
      findHardwareInProse(hardwareUsed)[0];
    if (hardware) make("hardware", hardware.id, hardwareUsed, "hardware_used", false);
    const count = /^\s*(\d+)\s*[x×]?\s*\S/.exec(hardwareUsed);
    if (count && hardware) make("accelerator_count", Number(count[1]), hardwareUsed, "hardware_used", false);
  }
  return facts;
}
