/**
 * The command-line front door. Each command lives in its own module under `commands/` and registers itself;
 * the commands only parse arguments, call the pipeline, and print.
 */
import { Command, CommanderError } from "commander";
import { registerAnalyze } from "./commands/analyze.js";
import { registerCheck } from "./commands/check.js";
import { registerEstimate } from "./commands/estimate.js";
import { registerEval } from "./commands/eval.js";
import { registerSurvey } from "./commands/survey.js";
import { registerSync } from "./commands/sync.js";
import { registerValidate } from "./commands/validate.js";
import { registerWorker } from "./commands/worker.js";
import { isInputError } from "../../domain/errors.js";

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("ml-footprint")
    .description("Reads ML papers and their code, and estimates and checks the compute and carbon they cost.")
    .showHelpAfterError()
    .exitOverride();
  registerCheck(program);
  registerAnalyze(program);
  registerEstimate(program);
  registerValidate(program);
  registerEval(program);
  registerSync(program);
  registerSurvey(program);
  registerWorker(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** One clear line per failure; stack traces only for bugs. Returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0; commander already printed the message.
    return error.exitCode;
  }
  if (isInputError(error)) {
    console.error(`ml-footprint: ${error.message}`);
    return 1;
  }
  console.error(
    `ml-footprint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 70;
}
