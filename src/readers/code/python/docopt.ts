/**
 * docopt scripts (`arguments = docopt(__doc__)`) declare their options in the usage text, with the defaults:
 *
 *     Options:
 *       -b --batch_size=B   Batch size [default: 128]
 *       -e --epoch_num=E    Number of epochs [default: 10]
 *
 * Each such line is a parameter a launch line may set (`-e 20`, `--epoch_num=20`), like an argparse argument.
 */
import type { ScriptParameter } from "../types.js";

/** A script that hands its usage text to docopt. */
export const DOCOPT_CALL = /\bdocopt(?:\.docopt)?\s*\(/;

/** An option line of a usage text with a default: short flag, long flag, argument name, help, `[default: V]`. */
const OPTION_LINE =
  /^\s*(?:(-[A-Za-z0-9])(?:\s*[ =]\s*<?[\w-]+>?)?,?\s+)?(--[A-Za-z][\w-]*)(?:[ =]<?[\w-]+>?)?\s{2,}.*?\[default:\s*([^\]\s][^\]]*?)\s*\]/i;

/** The options with a default in a docopt script's text, one per line (`lines` are the file's lines). */
export function docoptParameters(
  path: string,
  lines: readonly string[],
  mapLine: (line: number) => number,
): ScriptParameter[] {
  const out: ScriptParameter[] = [];
  lines.forEach((text, index) => {
    const match = OPTION_LINE.exec(text);
    if (!match) return;
    const [, short, long, raw] = match as unknown as [string, string | undefined, string, string];
    const number = Number(raw);
    out.push({
      file: path,
      line: mapLine(index + 1),
      snippet: text,
      flags: short ? [short, long] : [long],
      dest: long.replace(/^--/, ""),
      defaultRaw: raw,
      defaultValue: raw !== "" && Number.isFinite(number) ? number : raw,
      type: null,
      choices: null,
      help: text.slice(match.index + match[0].indexOf(long) + long.length).trim(),
      isSwitch: false,
      source: "docopt",
    });
  });
  return out;
}
