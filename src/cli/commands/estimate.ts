import type { Command } from "commander";

/** Placeholder until the estimator (issue 4) lands. */
export function registerEstimate(program: Command): void {
  program
    .command("estimate")
    .description("not implemented yet")
    .action(() => {
      throw new Error("estimate is not implemented yet");
    });
}
