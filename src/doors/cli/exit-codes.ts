/**
 * What the CLI's exit status means, one place for the code, every command's `--help` and the README (issue 14):
 * a CI job must tell "the paper is incomplete" from "the command was mistyped" without reading stderr.
 */

/** Done; nothing to fail on (a checklist with missing items still exits 0 unless --fail-on asks otherwise). */
export const EXIT_OK = 0;
/** A finding the caller asked to fail on (`--fail-on`, `--min-f1`, a validation regression); the reason is on stderr. */
export const EXIT_FINDING = 1;
/** Usage or input error: unknown option, missing argument, conflicting options, unreadable input, timeout. */
export const EXIT_USAGE = 2;
/** A bug in ml-footprint itself (sysexits' EX_SOFTWARE): the stack trace is on stderr. */
export const EXIT_INTERNAL = 70;

/** The "Exit codes:" footer of every command's help; `finding` says what exit 1 means for that command. */
export function exitCodesHelp(finding: string | null): string {
  const lines = ["", "Exit codes:", `  ${EXIT_OK}  done${finding ? ", nothing to fail on" : ""}`];
  if (finding) lines.push(`  ${EXIT_FINDING}  ${finding} (the reason is printed on stderr)`);
  lines.push(
    `  ${EXIT_USAGE}  usage or input error: unknown option, missing argument, conflicting options,`,
    "     unreadable, missing or corrupt input, timeout",
  );
  return lines.join("\n");
}
