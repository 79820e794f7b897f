/**
 * A stale launch: a command copied from an older version of the script (or from the project it was forked from)
 * whose options the script no longer declares. argparse rejects an unknown option, so a line none of whose options
 * the script's parser knows cannot run as written; its config paths and overrides say nothing of the run.
 */
import type { ScriptInvocation, ScriptParameter } from "../types.js";
import { abbreviatedFlag } from "./flags.js";

/**
 * Options kept by a parser that does not reject unknown flags, or handed on to code we cannot read: with any of
 * these in the script or a module it imports, an unmatched option may still be read.
 */
export const KEEPS_UNKNOWN_FLAGS =
  /parse_known_args|parse_known_intermixed_args|return_remaining_strings|ignore_unknown_options|allow_extra_args|fire\.Fire\b|sys\.argv\[\s*[1-9]/;

/**
 * True when some argparse parser in `content` gets flags a static reader cannot list: the parser object is passed to
 * a call (`parser = pl.Trainer.add_argparse_args(parser)`, `add_model_args(parser)`,
 * `deepspeed.add_config_arguments(parser)`), or a flag's name is no plain string literal (`'--' + k` in a loop).
 * An unmatched option may then still be one the parser declares.
 */
export function parserIncomplete(content: string): boolean {
  const names = new Set<string>();
  for (const m of content.matchAll(/\b([A-Za-z_]\w*)\s*=\s*[\w.]*ArgumentParser\s*\(/g)) names.add(m[1]!);
  for (const m of content.matchAll(/\b([A-Za-z_]\w*)\.add_argument\s*\(/g)) names.add(m[1]!);
  if (names.size === 0) return false;
  if (/\.add_argument\s*\((?!\s*[rRuU]?("|')[^"'\n]*\1\s*[,)])/.test(content)) return true;
  // Strings and comments name no parser ("A simple parser for the path", `# add_args(parser)`).
  const code = content.replace(/("""|''')[\s\S]*?\1|("|')(?:\\.|(?!\2)[^\\\n])*\2|#.*$/gm, '""');
  for (const name of names) {
    const passed = new RegExp(
      `(?<!\\bdef\\s+\\w*\\s*)\\b[A-Za-z_][\\w.]*\\s*\\([^()\\n]*(?<![\\w.])${name}\\b(?!\\s*[.(\\[=])`,
    );
    if (passed.test(code)) return true;
  }
  return false;
}

/**
 * At least this many named options, all unknown, before a line is called stale: one unknown option may be a typo or
 * a flag a parser adds in a loop we do not read, while a whole line of them is another script's command.
 */
const MIN_UNKNOWN_OPTIONS = 2;

/**
 * True when the launched script parses its own flags with argparse in full (the parser is in the script, no module
 * of its import closure keeps unknown flags, no dataclass or Hydra parsing) and none of the launch's named options
 * (`--x`, `-x`) is one of the flags the closure declares.
 */
export function isStaleLaunch(
  invocation: ScriptInvocation,
  target: {
    ownParameters: readonly ScriptParameter[];
    parameters: readonly ScriptParameter[];
    /** argparse's unique prefixes count as the flags they shorten (launch/flags.ts). */
    abbreviations?: boolean;
  },
  lenient: boolean,
): boolean {
  if (lenient) return false;
  const own = target.ownParameters;
  if (own.length === 0 || !own.some((p) => p.source === "argparse")) return false;
  if (target.parameters.some((p) => p.source !== "argparse")) return false;
  const options = invocation.args.flatMap((a) =>
    a.name !== null && a.name.startsWith("-") ? [a.name.split("=")[0]!] : [],
  );
  if (options.length < MIN_UNKNOWN_OPTIONS) return false;
  const flags = new Set(target.parameters.flatMap((p) => p.flags));
  const known = (option: string) =>
    flags.has(option) || (!!target.abbreviations && abbreviatedFlag(option, flags) !== null);
  return options.every((option) => !known(option));
}
