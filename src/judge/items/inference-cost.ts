/**
 * Inference cost, where the paper deploys a model: applies only when the paper speaks of deployment or
 * inference hardware; then it asks for the hardware and the time or energy per request.
 */
import { CONFIDENCE_BAR } from "../../domain/confidence.js";
import { whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

export const inferenceCostItem: ChecklistItem = {
  id: "inference_cost",
  title: "Inference cost of a deployed model",
  evaluate(context) {
    const inference = context.paperFacts.filter(
      (f) => f.context === "inference" && f.confidence >= CONFIDENCE_BAR.codeSetting,
    );
    if (!inference.length)
      return {
        status: "not_applicable",
        message: "The paper does not describe deploying its model.",
        values: {},
        evidence: [],
      };
    const hardware = inference.find((f) => f.field === "hardware" || f.field === "accelerator_count");
    const cost = inference.find((f) =>
      ["training_time_hours", "energy_kwh", "co2e_kg", "gpu_hours"].includes(f.field),
    );
    const shown = [hardware, cost].filter((f) => f !== undefined);
    return {
      status: hardware && cost ? "disclosed" : "partial",
      message:
        hardware && cost
          ? `Inference on ${hardware.value} (${whereOf(hardware.evidence)}) with its cost (${whereOf(cost.evidence)}).`
          : `The paper speaks of inference (${whereOf((hardware ?? inference[0])!.evidence)}) but not of ${hardware ? "its time or energy per request" : "the hardware it runs on"}.`,
      values: {},
      evidence: shown.length ? shown.map((f) => f.evidence) : [inference[0]!.evidence],
    };
  },
};
