/**
 * How wide the CLI's text output is: `COLUMNS` when set (the shell's, or a CI job's choice), else the
 * terminal's own width, else DEFAULT_TEXT_WIDTH when the output is a file or a pipe (issue 14).
 */
import { DEFAULT_TEXT_WIDTH } from "../../render/wrap.js";

/**
 * @example
 * terminalWidth({ COLUMNS: "80" }, process.stdout) // 80
 * terminalWidth({}, { isTTY: false }) // 100
 */
export function terminalWidth(
  env: Record<string, string | undefined> = process.env,
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
): number {
  const columns = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(columns) && columns > 0) return columns;
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  return DEFAULT_TEXT_WIDTH;
}
