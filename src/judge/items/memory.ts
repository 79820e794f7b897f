/**
 * Accelerator memory (NeurIPS 8, AAAI 4.8). Stated memory is disclosed; a GPU model whose catalog entry fixes
 * the memory (an "A100 80GB", an RTX 3090) implies it; a family sold with several sizes (an "A100") is partial.
 */
import { getHardware, listHardware } from "../../catalog/index.js";
import { paperFact, declaredFact, strongest } from "../../select/selection.js";
import { hardwareDisplayName, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

function memoryVariants(family: string): number[] {
  return [
    ...new Set(
      listHardware()
        .filter((e) => e.family === family && e.memory_gb)
        .map((e) => e.memory_gb as number),
    ),
  ];
}

export const memoryItem: ChecklistItem = {
  id: "memory",
  title: "Accelerator memory",
  evaluate(context) {
    const stated = paperFact(context, "gpu_memory_gb");
    if (stated)
      return {
        status: "disclosed",
        message: `${stated.value} GB per device (${whereOf(stated.evidence)}).`,
        values: { paper: stated.value },
        evidence: [stated.evidence],
      };
    const hardware = strongest(context, "hardware");
    const declared = declaredFact(context, "hardware");
    if (!hardware || hardware.source === "code")
      return {
        status: "missing",
        message:
          "The paper names no hardware, so its memory is unknown: give the accelerator model and its memory.",
        values: {},
        evidence: [],
      };
    const entry = getHardware(String(hardware.fact.value));
    const variants = entry ? memoryVariants(entry.family) : [];
    const evidence = [
      hardware.fact.evidence,
      ...(declared && declared !== hardware.fact ? [declared.evidence] : []),
    ];
    if (entry?.memory_gb && (variants.length <= 1 || /\d+gb$/.test(entry.id)))
      return {
        status: "disclosed",
        message: `Implied by the model: ${hardwareDisplayName(entry.id)} has ${entry.memory_gb} GB.`,
        values: { paper: entry.memory_gb },
        evidence,
      };
    return {
      status: "partial",
      message: `${hardwareDisplayName(hardware.fact.value)} comes with ${variants.length > 1 ? variants.sort((a, b) => a - b).join(" or ") + " GB" : "several memory sizes"}: say which.`,
      values: {},
      evidence,
    };
  },
};
