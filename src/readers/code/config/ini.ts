/**
 * INI/.cfg configs (`[train]\nepochs = 30`) and argument files (`--epochs 30` per line, as argparse's
 * `fromfile_prefix_chars` or absl's `--flagfile` read them). Both are line based.
 */
import { splitLines } from "../evidence.js";
import { emptyFindings } from "../findings.js";
import { tokenizeShellWords } from "../launch/words.js";
import type { FileFindings } from "../types.js";
import { factsFromLeaves, type ConfigLeaf } from "./leaves.js";

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const KEY_VALUE = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/;

export function analyzeIni(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "ini");
  const lines = splitLines(content);
  const leaves: ConfigLeaf[] = [];
  let section: string[] = [];
  lines.forEach((line, index) => {
    if (COMMENT.test(line)) return;
    const header = SECTION.exec(line);
    if (header) {
      section = [header[1]!.trim()];
      return;
    }
    const pair = KEY_VALUE.exec(line);
    if (pair && pair[2] !== "") leaves.push({ path: [...section, pair[1]!], raw: pair[2]!, line: index + 1 });
  });
  findings.facts = factsFromLeaves(leaves, { file: path, lines, format: "ini" });
  return findings;
}

/**
 * An argument file: `--flag value` words, one or many per line (`--epochs 30 --lr 0.1`), the value alone on the
 * next line (argparse's default reading of `fromfile_prefix_chars` files is one argument per line), and
 * INI-like `[section]` headers that only group the flags (`[training]\n--epochs 10`). Flags under an
 * evaluation section (`[test]`) are skipped like evaluation subtrees of any config.
 */
export function analyzeArgumentFile(path: string, content: string): FileFindings {
  const findings = emptyFindings(path, "argfile");
  const lines = splitLines(content);
  const leaves: ConfigLeaf[] = [];
  let section: string[] = [];
  let pending: { flag: string; line: number } | null = null;
  lines.forEach((line, index) => {
    if (COMMENT.test(line) || line.trim() === "") return;
    const header = SECTION.exec(line);
    if (header) {
      section = [header[1]!.trim()];
      pending = null;
      return;
    }
    const words = tokenizeShellWords(line);
    if (pending && words.length === 1 && !isFlag(words[0]!)) {
      leaves.push({ path: [...section, pending.flag], raw: words[0]!, line: pending.line });
      pending = null;
      return;
    }
    pending = null;
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i]!;
      if (!isFlag(word)) continue;
      const eq = word.indexOf("=");
      if (eq > 0) {
        leaves.push({ path: [...section, word.slice(0, eq)], raw: word.slice(eq + 1), line: index + 1 });
      } else if (i + 1 < words.length && !isFlag(words[i + 1]!)) {
        leaves.push({ path: [...section, word], raw: words[i + 1]!, line: index + 1 });
        i += 1;
      } else if (i + 1 === words.length && words.length === 1) {
        pending = { flag: word, line: index + 1 };
      }
    }
  });
  findings.facts = factsFromLeaves(leaves, { file: path, lines, format: "argfile" });
  return findings;
}

const COMMENT = /^\s*[#;]/;

/** `--epochs`, `-b`; not a negative number (`-2`), which is a value. */
function isFlag(word: string): boolean {
  return /^--?[A-Za-z_]/.test(word);
}

/**
 * True when a file's content reads as an argument file whatever its name (`configs/ae.ini` holding
 * `--bsize 128` lines): most lines that are not comments, blank or `[section]` headers are flags, or values
 * alone on the line after a flag that is alone on its line.
 */
export function looksLikeArgumentFile(content: string): boolean {
  let lines = 0;
  let flagLines = 0;
  let valueLines = 0;
  let previousFlagAlone = false;
  for (const line of splitLines(content)) {
    if (COMMENT.test(line) || line.trim() === "" || SECTION.test(line)) continue;
    lines += 1;
    const words = tokenizeShellWords(line);
    if (words.length > 0 && isFlag(words[0]!)) {
      flagLines += 1;
      previousFlagAlone = words.length === 1;
      continue;
    }
    if (previousFlagAlone && words.length === 1) valueLines += 1;
    previousFlagAlone = false;
  }
  return flagLines > 0 && (flagLines + valueLines) / lines >= ARGUMENT_FILE_SHARE;
}

/** Share of content lines that must be flags (or their values) for a file to read as an argument file. */
const ARGUMENT_FILE_SHARE = 0.6;
