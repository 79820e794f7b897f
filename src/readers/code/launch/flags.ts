/**
 * argparse's abbreviations: a launch may shorten a long option to any prefix that no other option of the parser
 * shares (`-e 25` for `-epochs`, `--lr_sch` for `--lr_schedule`), unless the parser is built with
 * `allow_abbrev=False`. Only a prefix that exactly one declared flag starts with is read; anything else stays
 * unmatched, as argparse would reject it.
 */

/** A parser built with `allow_abbrev=False` (launch/flags.ts). */
export const NO_ABBREVIATIONS = /allow_abbrev\s*=\s*False/;

/** The one declared flag `option` abbreviates, or null (none, several, or not an option). */
export function abbreviatedFlag(option: string, flags: Iterable<string>): string | null {
  if (!/^--?[^-]/.test(option)) return null;
  let found: string | null = null;
  for (const flag of new Set(flags)) {
    if (flag === option) return flag;
    // A double-dash option abbreviates only double-dash flags, a single-dash one only single-dash flags.
    if (flag.startsWith("--") !== option.startsWith("--") || !flag.startsWith(option)) continue;
    if (found !== null) return null;
    found = flag;
  }
  return found;
}
