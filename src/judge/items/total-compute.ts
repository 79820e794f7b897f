/**
 * Total compute of the project (NeurIPS 8: "estimate the total compute" and "whether the full research project
 * required more compute"; ACL C1: "total computational budget"). A declared project total or a stated total
 * discloses it; a per-run figure with a number of runs or search trials is partial.
 */
import { CONFIDENCE_BAR } from "../../domain/confidence.js";
import { paperFact } from "../../select/selection.js";
import { describeValue, whereOf } from "./describe.js";
import type { ChecklistItem } from "./types.js";

/** Words that make a figure the project's, not one run's ("in total" alone can describe one run). */
const PROJECT_WORDS =
  /\b((?:entire|whole|full) (?:project|study|research|thesis)|including (?:the )?(?:hyper-?parameter|preliminary|failed|all)|preliminary (?:runs|experiments)|failed (?:runs|experiments)|hyper-?parameter (?:search|tuning|sweep)|all (?:our |the )?experiments|total (?:compute|computational budget|GPU[- ]hours|energy|emissions|carbon)|across (?:all|\d+) (?:runs|experiments)|(?:the|our|this) (?:whole |entire )?(?:project|study|research) (?:used|consumed|required|took|emitted|needed))\b/i;
const PROJECT_FIELDS = ["gpu_hours", "energy_kwh", "co2e_kg", "training_time_hours"] as const;

export const totalComputeItem: ChecklistItem = {
  id: "total_compute",
  title: "Total compute, including hyper-parameter search and failed runs",
  evaluate(context) {
    const declaredTotal = context.declaration.total_gpu_hours;
    if (declaredTotal && context.declarationFile) {
      const line = context.declarationLines.total_gpu_hours ?? 1;
      return {
        status: "disclosed",
        message: `${describeValue("gpu_hours", declaredTotal)} for the whole project, declared in ${context.declarationFile}; state it in the paper too.`,
        values: { declared: declaredTotal },
        evidence: [
          {
            kind: "declaration",
            file: context.declarationFile,
            line,
            snippet: `total_gpu_hours: ${declaredTotal}`,
          },
        ],
      };
    }
    // A project figure is best given in GPU-hours; energy or emissions of the whole project also say it.
    const projectWide = context.paperFacts
      .filter(
        (f) =>
          (PROJECT_FIELDS as readonly string[]).includes(f.field) &&
          f.context === "training" &&
          f.confidence >= CONFIDENCE_BAR.paperStatement &&
          (f.tags?.includes("project_total") ||
            (f.evidence.kind === "paper" && PROJECT_WORDS.test(f.evidence.quote))),
      )
      .sort(
        (a, b) =>
          PROJECT_FIELDS.indexOf(a.field as (typeof PROJECT_FIELDS)[number]) -
          PROJECT_FIELDS.indexOf(b.field as (typeof PROJECT_FIELDS)[number]),
      )[0];
    if (projectWide)
      return {
        status: "disclosed",
        message: `${describeValue(projectWide.field, projectWide.value)} for the project (${whereOf(projectWide.evidence)}).`,
        values: { paper: projectWide.value },
        evidence: [projectWide.evidence],
      };
    const perRun = paperFact(context, "gpu_hours") ?? paperFact(context, "training_time_hours");
    const multiplier =
      paperFact(context, "hp_trials") ?? paperFact(context, "runs") ?? paperFact(context, "seeds");
    if (perRun && multiplier)
      return {
        status: "partial",
        message: `The paper gives one run's compute (${whereOf(perRun.evidence)}) and ${multiplier.value} ${multiplier.field === "hp_trials" ? "search trials" : "runs"} (${whereOf(multiplier.evidence)}), but no total: add the GPU-hours of the whole project, including runs not in the paper.`,
        values: { paper: perRun.value },
        evidence: [perRun.evidence, multiplier.evidence],
      };
    return {
      status: "missing",
      message: perRun
        ? `The paper gives one run's compute (${whereOf(perRun.evidence)}) but not the project's total (hyper-parameter search, preliminary and failed runs).`
        : "The paper does not give the total compute of the project (hyper-parameter search, preliminary and failed runs).",
      values: {},
      evidence: perRun ? [perRun.evidence] : [],
    };
  },
};
