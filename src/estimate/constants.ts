/** Estimator constants (data/estimation.json), each with its source; loaded and validated once. */
import { z } from "zod";
import { once, readDataJson } from "../catalog/data-files.js";

const sourced = z.object({ value: z.number().positive(), source: z.string().min(1) });
const triple = z.object({ low: sourced, central: sourced, high: sourced });

const schema = z.object({
  utilisation: triple,
  mfu: triple,
  flops_per_param_token: sourced,
  memory_w_per_gb: sourced,
  embodied: z.object({
    per_accelerator_kg: triple,
    per_server_kg: triple,
    accelerators_per_server: sourced,
    lifetime_years: triple,
  }),
});

export type SourcedValue = z.infer<typeof sourced>;
export type SourcedTriple = z.infer<typeof triple>;
export type EstimationConstants = z.infer<typeof schema>;

export const estimationConstants = once((): EstimationConstants => readDataJson("estimation.json", schema));
