/**
 * The command-line front door. Each command lives in its own module under `commands/` and registers itself;
 * the commands only parse arguments, call the pipeline, and print. The exit status says what happened
 * (./exit-codes.ts): 0 done, 1 a finding the caller asked to fail on, 2 a usage or input error.
 */
import { readFileSync } from "node:fs";
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
import { cleanText } from "../../render/escape.js";
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, exitCodesHelp } from "./exit-codes.js";

/** The version of package.json, which `npm version` keeps; read once, at start. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("ml-footprint")
    .description("Reads ML papers and their code, and estimates and checks the compute and carbon they cost.")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText("after", exitCodesHelp("a finding a command was asked to fail on (check --fail-on)"));
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

/** An error's text for the terminal: it can name a repository's file, so no control character gets through. */
const terminalText = (text: string): string => cleanText(text, 20_000, { multiline: true });

/** One clear line per failure; stack traces only for bugs. Returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help, or the version). --help and --version exit 0; a
    // usage error (unknown option, missing argument, no command) is a usage error.
    return error.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE;
  }
  if (isInputError(error)) {
    console.error(`ml-footprint: ${terminalText(error.message)}`);
    return EXIT_USAGE;
  }
  console.error(
    `ml-footprint: internal error: ${terminalText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
  );
  return EXIT_INTERNAL;
}
