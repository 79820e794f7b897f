import type { Command } from "commander";

/** Placeholder until the estimator (issue 4) lands. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("not implemented yet")
    .action(() => {
      throw new Error("validate is not implemented yet");
    });
}
