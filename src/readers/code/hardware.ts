/**
 * Hardware names found in code (`--gres=gpu:a100:4`, `-p RTX3090`, "tested on an RTX 3090") resolved through the
 * shared catalog. Scheduler partitions are site names (`gpu_a100`, `a100-80g`), so their tokens are tried one by
 * one; a name is accepted only when it resolves to exactly one catalog entry.
 */
import { findHardwareMentions, lookupHardware } from "../../catalog/index.js";

export interface ResolvedHardware {
  id: string;
  family: string;
  memory_gb: number | null;
  raw: string;
}

/** A brand glued to the next word of a model string. */
const GLUED_BRAND = /(NVIDIA|GeForce|Tesla|Quadro|TITAN|RTX|GTX)(?=[A-Z0-9])/g;

/** A hardware name as written in a launch file or config, or null when the catalog does not know it. */
export function resolveHardwareName(raw: string): ResolvedHardware | null {
  const text = raw.trim().replace(/^["']|["']$/g, "");
  if (text === "" || text.length > 100) return null;
  const whole = lookupHardware(text);
  if (whole) return toResolved(whole.entry, whole.memory_gb, raw);
  // A cluster's model string glues the words: `NVIDIAGeForceRTX2080Ti` (LSF `gpu_model0`), `QuadroRTX6000`.
  const spaced = text.replace(GLUED_BRAND, " $1 ").replace(/\s+/g, " ").trim();
  const unglued = spaced !== text ? lookupHardware(spaced) : null;
  if (unglued) return toResolved(unglued.entry, unglued.memory_gb, raw);
  const tokens = text.split(/[\s_,:/|&()-]+/).filter((t) => t.length >= 2 && !/^\d{1,2}g?b?$/i.test(t));
  const found = new Map<string, ResolvedHardware>();
  for (const token of tokens) {
    const match = lookupHardware(token);
    if (match) found.set(match.entry.id, toResolved(match.entry, match.memory_gb, raw));
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}

/** Hardware named in prose (README sentences), each with its offset in `text` and whether it is a CPU. */
export function findHardwareInProse(
  text: string,
): (ResolvedHardware & { start: number; end: number; cpu: boolean })[] {
  return findHardwareMentions(text).map((mention) => ({
    ...toResolved(mention.entry, mention.memory_gb, text.slice(mention.start, mention.end)),
    start: mention.start,
    end: mention.end,
    cpu: mention.entry.kind === "cpu",
  }));
}

function toResolved(
  entry: { id: string; family: string; memory_gb: number | null },
  memory: number | undefined,
  raw: string,
): ResolvedHardware {
  return { id: entry.id, family: entry.family, memory_gb: memory ?? entry.memory_gb, raw };
}
