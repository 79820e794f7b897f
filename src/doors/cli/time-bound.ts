/**
 * The CLI's time bound: an analysis runs in a worker thread and is stopped at `--timeout` seconds, as the app
 * stops its own analyses. The message says which bound was hit and how to raise it.
 */
import { Option } from "commander";
import { InputError } from "../../domain/errors.js";
import { createTaskPool } from "../../runtime/task-pool.js";
import type { AnalysisTask } from "./analysis-task.js";

export const DEFAULT_TIMEOUT_SECONDS = 60;

/** `--timeout` as seconds: a positive number, at most a day. */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400)
    throw new InputError("usage", `--timeout must be a number of seconds between 0 and 86400, not ${value}`);
  return seconds;
}

/** The `--timeout <seconds>` option of the commands that analyse. */
export function timeoutOption(): Option {
  return new Option("--timeout <seconds>", "stop the analysis after this many seconds (the app's bound)")
    .argParser(parseTimeout)
    .default(DEFAULT_TIMEOUT_SECONDS);
}

/** Runs one analysis task in a worker, bounded by `timeoutSeconds`. */
export async function runBounded<Result>(task: AnalysisTask, timeoutSeconds: number): Promise<Result> {
  const pool = createTaskPool<AnalysisTask, Result>({
    workerUrl: new URL("./analysis-worker.js", import.meta.url),
    size: 1,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    timeoutHint: "(--timeout); stopped. Raise it with --timeout SECONDS",
  });
  try {
    return await pool.run(task);
  } finally {
    await pool.close();
  }
}
