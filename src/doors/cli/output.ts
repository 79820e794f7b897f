/**
 * What every command shares about its output: `--json` (one JSON document on stdout), the refusal of options
 * that contradict each other, and the reason printed when a command exits 1 on a finding.
 */
import { InputError } from "../../domain/errors.js";
import { formatHumanNumber } from "../../domain/number-format.js";

/** Prints one JSON document (already shaped: snake_case, `schema_version`). */
export function printJson(document: unknown): void {
  console.log(JSON.stringify(document, null, 2));
}

/**
 * Refuses two options given together that ask for different things, in one line naming both.
 *
 * @example
 * refuseConflict("--json", true, "--format markdown", format === "markdown")
 * // throws "--json and --format markdown ask for different outputs: give one"
 */
export function refuseConflict(
  first: string,
  firstGiven: boolean,
  second: string,
  secondGiven: boolean,
  why = "ask for different outputs",
): void {
  if (firstGiven && secondGiven) throw new InputError("usage", `${first} and ${second} ${why}: give one`);
}

/** Says on stderr why the command exits 1 (a CI log shows stderr). */
export function reportFinding(command: string, reason: string): void {
  console.error(`${command}: ${reason}`);
}

/** The last line of a text report: what reading the paper and the code cost us. */
export function analysisCostText(cost: { wall_s: number; cpu_s: number; energy_wh: number }): string {
  return `Analysis cost: ${formatHumanNumber(cost.wall_s)} s wall, ${formatHumanNumber(cost.cpu_s)} s CPU, about ${formatHumanNumber(cost.energy_wh)} Wh`;
}
